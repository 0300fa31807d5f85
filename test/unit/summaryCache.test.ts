// The persistent cache of summaries (issue #17): a warm start equals a cold one, sees every change made
// between runs, and survives — by ignoring — a cache that is damaged, foreign, planted or symlinked.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from '../../server/out/core/types';
import { SummaryCache, unwritten } from '../../server/out/host/summaryCache';
import { Workspace } from '../../server/out/host/workspace';
import { FIXTURES, fixtureCases } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const render = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`).sort();

async function run(root: string, cache: SummaryCache | null): Promise<{ diagnostics: string[]; fresh: number; files: number }> {
  const ws = await Workspace.load({ root, cache });
  try {
    return { diagnostics: render([...ws.checkAll().values()].flat()), fresh: ws.freshSummaryCount, files: ws.fileCount };
  } finally {
    await ws.dispose();
  }
}

describe('summary cache', function () {
  this.timeout(300000);
  let scratch: string;
  let keyDir: string;
  const logged: string[] = [];
  const cacheFor = (dir: string, identity?: string, keys = keyDir) => new SummaryCache({ dir, keyDir: keys, identity, log: (m) => logged.push(m) });
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-cache-'));
    keyDir = path.join(scratch, 'keys');
    logged.length = 0;
  });
  afterEach(() => removeTemp(scratch));

  it('gives every fixture the same findings warm as cold, summarizing nothing the second time', async () => {
    const cases = fixtureCases();
    assert.ok(cases.length > 50);
    for (const c of cases) {
      const cache = cacheFor(path.join(scratch, c.family, c.name));
      const cold = await run(c.root, cache);
      const warm = await run(c.root, cache);
      assert.deepStrictEqual(warm.diagnostics, cold.diagnostics, `${c.family}/${c.name}`);
      assert.strictEqual(warm.fresh, 0, `${c.family}/${c.name}: a warm start summarized ${warm.fresh} file(s)`);
    }
    assert.deepStrictEqual(logged, []);
  });

  it('sees an edit, a deletion, an added file and a changed manifest made between runs', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
    try {
      const cache = cacheFor(path.join(scratch, 'cache'));
      await run(root, cache);
      fs.writeFileSync(path.join(root, 'app', 'models.py'), fs.readFileSync(path.join(root, 'app', 'models.py'), 'utf8') + '\nfrom app.nowhere import x\n');
      fs.rmSync(path.join(root, 'app', 'utils.py'), { force: true });
      fs.writeFileSync(path.join(root, 'app', 'added.py'), 'import app.also_nowhere\n');
      fs.writeFileSync(path.join(root, 'requirements.txt'), 'flask\n');
      fs.writeFileSync(path.join(root, 'app', 'uses_yaml.py'), 'import yaml\n');
      const warm = await run(root, cache);
      const cold = await run(root, null);
      assert.deepStrictEqual(warm.diagnostics, cold.diagnostics);
      assert.ok(warm.diagnostics.some((d) => d.startsWith('app/added.py')));
      assert.ok(warm.diagnostics.some((d) => d.includes('undeclared-dependency')), 'the new manifest is read');
      assert.ok(warm.fresh >= 3 && warm.fresh < cold.fresh, `summarized ${warm.fresh} of ${cold.fresh}`);
    } finally {
      removeTemp(root);
    }
  });

  it('ignores, with one line, a cache of another build, a damaged one, garbage and one signed with another key', async () => {
    const root = path.join(FIXTURES, 'imports', 'basic');
    const dir = path.join(scratch, 'cache');
    const file = path.join(dir, 'summaries.bin');
    const cold = await run(root, cacheFor(dir, 'build-1'));
    const attempts: [string, () => Promise<SummaryCache>][] = [
      ['another build', async () => cacheFor(dir, 'build-2')],
      ['truncated', async () => (fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)), cacheFor(dir, 'build-1'))],
      ['garbage', async () => (fs.writeFileSync(file, 'not a cache at all'), cacheFor(dir, 'build-1'))],
      [
        'planted',
        async () => {
          // Another user's (or a committed) cache: valid, but signed with a key this user does not have.
          fs.rmSync(file);
          await run(root, cacheFor(dir, 'build-1', path.join(scratch, 'other-keys')));
          return cacheFor(dir, 'build-1');
        },
      ],
    ];
    for (const [what, make] of attempts) {
      const cache = await make();
      logged.length = 0;
      const r = await run(root, cache);
      assert.deepStrictEqual(r.diagnostics, cold.diagnostics, what);
      assert.strictEqual(r.fresh, cold.fresh, `${what}: every file summarized again`);
      assert.strictEqual(logged.length, 1, `${what}: ${logged.join(' | ')}`);
      assert.match(logged[0], /ignored|not read/);
      // The cache was rebuilt: the next run is warm.
      assert.strictEqual((await run(root, cacheFor(dir, what === 'another build' ? 'build-2' : 'build-1'))).fresh, 0, what);
    }
  });

  it('after a few edits writes only the summaries it lacks, beside the cache, and survives that file damaged', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'django', 'migrations'));
    try {
      const dir = path.join(scratch, 'cache');
      const base = path.join(dir, 'summaries.bin');
      const added = path.join(dir, 'summaries-added.bin');
      await run(root, cacheFor(dir));
      const baseBytes = fs.readFileSync(base);
      fs.appendFileSync(path.join(root, 'blog', 'models.py'), '\n\nclass Extra(models.Model):\n    pass\n');
      const edited = await run(root, cacheFor(dir));
      assert.strictEqual(edited.fresh, 1);
      assert.ok(fs.readFileSync(base).equals(baseBytes), 'the cache itself is not written again');
      assert.ok(fs.existsSync(added));
      const cold = await run(root, null);
      const warm = await run(root, cacheFor(dir));
      assert.deepStrictEqual([warm.diagnostics, warm.fresh], [cold.diagnostics, 0]);
      assert.deepStrictEqual(logged, []);
      fs.writeFileSync(added, 'garbage');
      const damaged = await run(root, cacheFor(dir));
      assert.deepStrictEqual([damaged.diagnostics, damaged.fresh], [cold.diagnostics, 1]);
      assert.strictEqual(logged.length, 1, logged.join(' | '));
      // Most files replaced: the cache is written again whole, and the file beside it goes.
      for (const rel of ['blog/models.py', 'notes/models.py', 'events/models.py', 'mysite/settings.py']) fs.appendFileSync(path.join(root, rel), '\nX_CHANGED = 1\n');
      for (const rel of fs.readdirSync(path.join(root, 'blog', 'migrations'))) fs.appendFileSync(path.join(root, 'blog', 'migrations', rel), '\n# changed\n');
      await run(root, cacheFor(dir));
      assert.ok(!fs.readFileSync(base).equals(baseBytes) && !fs.existsSync(added));
      assert.strictEqual((await run(root, cacheFor(dir))).fresh, 0);
    } finally {
      removeTemp(root);
    }
  });

  it('never writes through a symlinked cache folder, and says so', async () => {
    const elsewhere = path.join(scratch, 'elsewhere');
    fs.mkdirSync(elsewhere);
    const link = path.join(scratch, 'linked-cache');
    fs.symlinkSync(elsewhere, link);
    await run(path.join(FIXTURES, 'imports', 'basic'), cacheFor(link));
    assert.deepStrictEqual(fs.readdirSync(elsewhere), []);
    assert.ok(logged.some((m) => /cache not written/.test(m)), logged.join(' | '));
  });

  it('written in the background, holds after settled() what a foreground write holds, a save while one is under way included', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'django', 'migrations'));
    try {
      const foreground = path.join(scratch, 'foreground');
      const background = path.join(scratch, 'background');
      const inBackground = (dir: string) => new SummaryCache({ dir, keyDir, log: (m) => logged.push(m), writeInBackground: true });
      await run(root, cacheFor(foreground));
      const first = inBackground(background);
      await run(root, first);
      await first.settled();
      const entries = (dir: string) => JSON.stringify([...cacheFor(dir).load().sources.entries()].sort());
      assert.strictEqual(entries(background), entries(foreground));
      // The same two saves in a row each way: in the background the second waits for the first (what it
      // writes depends on what that one wrote).
      const held = cacheFor(foreground).load();
      held.sources.delete([...held.sources.keys()][0]);
      for (const cache of [cacheFor(foreground), inBackground(background)]) {
        cache.save(held);
        cache.save(held);
        await cache.settled();
      }
      assert.deepStrictEqual(fs.readdirSync(background).sort(), fs.readdirSync(foreground).sort());
      assert.strictEqual(entries(background), entries(foreground));
      assert.deepStrictEqual(await run(root, cacheFor(background)), await run(root, cacheFor(foreground)));
      assert.deepStrictEqual(logged, []);
    } finally {
      removeTemp(root);
    }
  });

  it('in the background, says why it wrote nothing and settles (a folder that is a file)', async () => {
    const blocked = path.join(scratch, 'blocked');
    fs.writeFileSync(blocked, 'not a folder');
    const cache = new SummaryCache({ dir: blocked, keyDir, log: (m) => logged.push(m), writeInBackground: true });
    cache.save(cacheFor(path.join(scratch, 'none')).load());
    await cache.settled();
    assert.ok(logged.some((m) => /cache not written/.test(m)), logged.join(' | '));
  });

  it('goes on with a write that stopped short from the byte where it stopped', () => {
    const chunks = [Buffer.from('abc'), Buffer.from('de'), Buffer.from('fgh')];
    const rest = (written: number) => Buffer.concat(unwritten(chunks, written)).toString();
    assert.deepStrictEqual([rest(0), rest(2), rest(3), rest(4), rest(5), rest(8)], ['abcdefgh', 'cdefgh', 'defgh', 'efgh', 'fgh', '']);
  });
});
