// removed-api severities that fixture markers cannot express: a removed setting whose value asks for what the
// framework now always does is a note (a dead line), any other value a warning (the behaviour silently changed).
import * as assert from 'assert';
import * as path from 'path';
import { checkFixture } from '../support/fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

describe('removed-api severities', () => {
  it('USE_L10N = True under Django 5 is a note, USE_L10N = False a warning', async () => {
    const found = (await checkFixture(path.join(FIXTURES, 'manifests', 'removed-api-django5'))).filter((d) => d.code === 'removed-api');
    assert.deepStrictEqual(
      found.map((d) => [d.range.start.line + 1, d.severity]).sort((a, b) => (a[0] as number) - (b[0] as number)),
      [
        [6, 'information'],
        [10, 'warning'],
      ],
    );
  });
});
