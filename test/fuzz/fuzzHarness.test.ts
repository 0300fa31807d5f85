// The fuzzer's own parts: inputs replay from their seed, the host tells each kind of failure apart (with a
// stand-in worker that fails on demand), shrinking keeps the failure, files reach the disk byte for byte.
import * as assert from 'assert';
import * as path from 'path';
import { loadSeedProjects } from './corpus';
import { makeInput, signatureOf } from './campaign';
import { FuzzHost } from './host';
import { shrink } from './shrink';
import { SNIPPETS, type FileKind } from './snippets';
import { projectFileKind } from '../../server/out/frameworks/adapters';
import { encodeFile } from './worker';

describe('fuzzer harness', function () {
  this.timeout(60_000);

  it('builds the same input from the same seed and index, and other inputs from others', () => {
    const corpus = loadSeedProjects();
    const a = makeInput(7, 42, corpus);
    assert.deepStrictEqual(makeInput(7, 42, corpus), a);
    assert.ok(a.steps.length > 0 && a.edited.length > 0);
    const others = [makeInput(7, 43, corpus), makeInput(8, 42, corpus)];
    for (const o of others) assert.notDeepStrictEqual(o.files, a.files);
  });

  it('reads every kind of project file from the seeds', () => {
    const paths = loadSeedProjects().flatMap((p) => Object.keys(p.files));
    const kinds = new Set(paths.flatMap((p) => [/\.pyi?$/.test(p) ? 'python' : null, projectFileKind(p)]));
    // SNIPPETS has an entry for every kind the core reads (its type requires it).
    for (const kind of Object.keys(SNIPPETS)) assert.ok(kinds.has(kind as FileKind), `no seed file of kind ${kind}`);
    for (const pattern of [/(^|\/)Procfile/, /Dockerfile/, /compose.*\.ya?ml$/, /requirements.*\.txt$/, /\.in$/, /Pipfile\.lock$/, /poetry\.lock$/])
      assert.ok(paths.some((p) => pattern.test(p)), `no seed file matches ${pattern}`);
  });

  it('tells an answer, a hang, a heap blow-up, a crash and a swallowed internal error apart, and goes on after each', async () => {
    const host = new FuzzHost({ deadlineMs: 1500, memoryMB: 128, workerScript: path.join(__dirname, 'fakeWorker.js') });
    try {
      const kinds: string[] = [];
      for (const mode of ['ok', 'hang', 'ok', 'heap', 'stack', 'throw-later', 'swallowed', 'ok']) kinds.push((await host.run({ mode }, [])).kind);
      assert.deepStrictEqual(kinds, ['ok', 'hang', 'ok', 'memory', 'crash', 'crash', 'internal-error', 'ok']);
    } finally {
      await host.close();
    }
  });

  it('shrinks a failing input to what fails, file by file, line by line, character by character', async () => {
    const files = { 'a.py': 'import os\nx = 1\ny = (BAD)\nz = 3\n', 'b.py': 'print(1)\n', Procfile: 'web: gunicorn app:app\n' };
    const { files: small } = await shrink(files, async (f) => Object.values(f).some((t) => t.includes('BAD')), { maxRuns: 1000, maxMs: 10_000 });
    assert.deepStrictEqual(small, { 'a.py': 'BAD' });
  });

  it('groups failures by message and first core frame, not by names, paths or numbers', () => {
    const stack = (file: string, n: number) => `RangeError: Maximum call stack size exceeded in '${file}' at ${n}\n    at walk (/x/server/out/syntax/summarize.js:${n}:3)\n    at other (/x/server/out/a.js:1:1)`;
    assert.strictEqual(signatureOf('crash', stack('a.py', 10), {}, []), signatureOf('crash', stack('b/c.py', 99), {}, []));
    assert.notStrictEqual(signatureOf('crash', stack('a.py', 10), {}, []), signatureOf('crash', stack('a.py', 10).replace('walk', 'visit'), {}, []));
    assert.strictEqual(signatureOf('hang', '', { Procfile: '', 'a.py': '' }, ['Procfile', 'gone.py']), 'hang: procfile');
  });

  it('writes U+DC80..U+DCFF as raw bytes (invalid UTF-8, UTF-16 byte-order marks) and other text as UTF-8', () => {
    assert.deepStrictEqual([...encodeFile('\udcff\udcfea\u00a0')], [0xff, 0xfe, 0x61, 0xc2, 0xa0]);
    assert.deepStrictEqual([...encodeFile('\ud83d\ude00')], [0xf0, 0x9f, 0x98, 0x80]);
    assert.deepStrictEqual([...encodeFile('\ud800')], [0xef, 0xbf, 0xbd]);
  });
});
