// The CLI starts its workers before its code loads when the arguments say that every file will be parsed
// (cli/earlyWorkers.ts): a check with no summaries cached, --no-cache or --diff; nothing else.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parsesEverything } from '../../server/out/cli/earlyWorkers';

describe('workers started before the CLI loads', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-early-'));
    fs.mkdirSync(path.join(root, 'cached', '.coherence_cache'), { recursive: true });
    fs.writeFileSync(path.join(root, 'cached', '.coherence_cache', 'summaries.bin'), 'x');
    fs.mkdirSync(path.join(root, 'elsewhere'));
    fs.writeFileSync(path.join(root, 'elsewhere', 'summaries.bin'), 'x');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('start for a check that parses every file', () => {
    const fresh = path.join(root, 'fresh');
    const cached = path.join(root, 'cached');
    assert.strictEqual(parsesEverything(['check', fresh]), true, 'no cache yet');
    assert.strictEqual(parsesEverything(['check', cached, '--no-cache']), true);
    assert.strictEqual(parsesEverything(['check', cached, '--diff']), true);
    assert.strictEqual(parsesEverything(['check', cached, '--cache-dir', path.join(root, 'none')]), true);
    assert.strictEqual(parsesEverything(['check', '--format', 'json', fresh]), true);
  });

  it('do not start when summaries are cached, for other commands, help, or arguments the CLI refuses', () => {
    const cached = path.join(root, 'cached');
    assert.strictEqual(parsesEverything(['check', cached]), false, 'cached in the project');
    assert.strictEqual(parsesEverything(['check', path.join(root, 'fresh'), '--cache-dir', path.join(root, 'elsewhere')]), false, 'cached elsewhere');
    assert.strictEqual(parsesEverything(['rules']), false);
    assert.strictEqual(parsesEverything(['mcp', path.join(root, 'fresh')]), false);
    assert.strictEqual(parsesEverything(['check', path.join(root, 'fresh'), '--help']), false);
    assert.strictEqual(parsesEverything(['check', path.join(root, 'fresh'), '--no-such-option']), false);
  });
});
