// Parsing an edited file from its last tree (syntax/keptTrees.ts, #17) gives the summary a fresh parse gives: on
// every fixture, fuzz seed, example and hostile text, with seeded edits of every kind (a character typed, a line
// added, a range deleted, text pasted, the whole text replaced) in the places they can fall.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import { editBetween } from '../../server/out/syntax/keptTrees';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { Rng } from '../fuzz/prng';
import { sampleTexts } from '../support/syntaxSamples';

/** One seeded edit of `text`. */
function edited(text: string, rng: Rng): string {
  const at = rng.int(text.length + 1);
  const to = Math.min(text.length, at + rng.int(40));
  switch (rng.int(6)) {
    case 0:
      return text.slice(0, at) + 'x' + text.slice(at);
    case 1:
      return text.slice(0, at) + '\n    probe = (1,\n' + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(to);
    case 3:
      return text.slice(0, at) + text.slice(rng.int(text.length + 1)).slice(0, 60) + text.slice(to);
    case 4:
      return text.slice(0, at) + '\ud83d\udc0d"' + text.slice(at);
    default:
      return rng.int(4) === 0 ? 'class Fresh:\n    pass\n' : text + '\n\ndef appended():\n    return 1\n';
  }
}

describe('an edited file parsed from its last tree', () => {
  it('gives the summary a fresh parse gives, on every sample text and seeded edits', async function () {
    this.timeout(240000);
    const parser = await getParser();
    const texts = await sampleTexts();
    const rng = new Rng(24);
    let edits = 0;
    for (const [i, original] of texts.entries()) {
      const key = `/sample/${i}.py`;
      let text = original;
      summarizeSource(parser, text, FRAMEWORK_ADAPTERS, key);
      for (let step = 0; step < 3; step++) {
        text = edited(text, rng);
        const fromKept = summarizeSource(parser, text, FRAMEWORK_ADAPTERS, key);
        const fresh = summarizeSource(parser, text, FRAMEWORK_ADAPTERS);
        assert.deepStrictEqual(fromKept, fresh, `sample ${i}, edit ${step}`);
        edits++;
      }
    }
    assert.ok(edits >= 3 * texts.length && texts.length > 100, `${texts.length} texts`);
  });

  it('is edited by the one range between the texts’ common start and end, in whole characters', () => {
    const e = editBetween('a = 1\nb = 2\n', 'a = 1\nbc = 2\n');
    assert.deepStrictEqual([e.startIndex, e.oldEndIndex, e.newEndIndex], [7, 7, 8]);
    assert.deepStrictEqual([e.startPosition, e.oldEndPosition, e.newEndPosition], [{ row: 1, column: 1 }, { row: 1, column: 1 }, { row: 1, column: 2 }]);
    // U+1F40D and U+1F40E share their high surrogate: the edit starts before it.
    const s = editBetween('x = "\ud83d\udc0d"', 'x = "\ud83d\udc0e"');
    assert.deepStrictEqual([s.startIndex, s.oldEndIndex, s.newEndIndex], [5, 7, 7]);
  });
});
