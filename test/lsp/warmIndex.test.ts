// Indexing from the summary cache (what the language server does at start-up, issue #17): parser workers
// start only for the files the cache misses, and only when those are many: a start with nothing changed
// spends no time starting threads and loading the grammar into them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SummarizerPool } from '../../server/out/host/summarizerPool';
import { SummaryCache } from '../../server/out/host/summaryCache';
import { Workspace } from '../../server/out/host/workspace';
import { removeTemp } from '../support/tempProject';

/** A pool that records the batch sizes it is told to prepare for (workers start for large ones). */
class RecordingPool extends SummarizerPool {
  readonly batches: number[] = [];
  override prepare(count: number): void {
    this.batches.push(count);
    super.prepare(count);
  }
}

const MODULES = 400;

describe('indexing from the summary cache', function () {
  this.timeout(120000);
  let scratch = '';
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(scratch, 'project', rel), text);
  const moduleText = (i: number) => `from pkg.base import present\n\n\ndef use_${i}():\n    return present()\n`;

  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-warm-index-'));
    fs.mkdirSync(path.join(scratch, 'project', 'pkg'), { recursive: true });
    write('pkg/__init__.py', '');
    write('pkg/base.py', 'def present():\n    return 1\n');
    for (let i = 0; i < MODULES; i++) write(`pkg/mod_${i}.py`, moduleText(i));
  });
  afterEach(() => removeTemp(scratch));

  async function load(): Promise<{ batches: number[]; fresh: number; diagnostics: number }> {
    const pool = new RecordingPool();
    const cache = new SummaryCache({ dir: path.join(scratch, 'project', '.coherence_cache'), keyDir: path.join(scratch, 'keys') });
    const ws = await Workspace.load({ root: path.join(scratch, 'project'), pool, cache });
    try {
      return { batches: pool.batches, fresh: ws.freshSummaryCount, diagnostics: [...ws.checkAll().values()].flat().length };
    } finally {
      await ws.dispose();
      await pool.close();
    }
  }

  it('starts workers for a cold start, none when nothing changed, and hands them only what the cache misses', async () => {
    const cold = await load();
    assert.deepStrictEqual(cold.batches, [MODULES + 2]);
    assert.strictEqual(cold.fresh, MODULES + 2);

    const warm = await load();
    assert.deepStrictEqual(warm.batches, [0], 'no file to parse, no worker');
    assert.strictEqual(warm.fresh, 0);

    for (let i = 0; i < 3; i++) write(`pkg/mod_${i}.py`, moduleText(i) + '\nfrom pkg.base import absent\n');
    const fewChanged = await load();
    assert.deepStrictEqual(fewChanged.batches, [3]);
    assert.strictEqual(fewChanged.diagnostics, 3, 'the changed files are parsed and checked');

    // A branch switch: most files differ from the cache, and workers parse them.
    for (let i = 0; i < MODULES; i++) write(`pkg/mod_${i}.py`, moduleText(i) + `\n\ndef branch_${i}():\n    return ${i}\n`);
    const manyChanged = await load();
    assert.deepStrictEqual(manyChanged.batches, [MODULES]);
    assert.strictEqual(manyChanged.fresh, MODULES);
    assert.strictEqual(manyChanged.diagnostics, 0);
  });
});
