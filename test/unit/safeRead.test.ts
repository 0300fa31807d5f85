// Reading an untrusted workspace: nothing outside it is read through a symlink, nothing blocks (FIFOs,
// devices), an unreadable file is a module with unknown contents, and each refusal is noted exactly once.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { SummarizerPool } from '../../server/out/host/summarizerPool';
import { discoverFiles } from '../../server/out/workspace/discovery';
import { readProjectFile, setReadHookForTests } from '../../server/out/workspace/safeRead';

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

async function check(root: string, pool?: SummarizerPool): Promise<{ found: string[]; notes: string[]; ws: Workspace }> {
  const ws = await Workspace.load({ root, ...(pool ? { pool } : {}) });
  const found = [...ws.checkAll().values()].flat().map((d) => `${d.file}:${d.range.start.line + 1}:${d.code}`);
  return { found, notes: ws.notes, ws };
}

const notesAbout = (notes: string[], rel: string) => notes.filter((n) => n.includes(` ${rel}:`) || n.startsWith(`${rel}:`));

describe('safe reads', () => {
  let base: string;
  let root: string;
  let outside: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-saferead-'));
    root = path.join(base, 'project');
    outside = path.join(base, 'elsewhere');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
  });
  afterEach(() => {
    setReadHookForTests(undefined);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('refuses files that resolve outside the roots or into /proc, /dev, /sys, and special files', () => {
    write(outside, 'secret.txt', 'secret');
    write(root, 'ok.py', 'x = 1\n');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.py'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.py'));
    fs.symlinkSync('/proc/self/status', path.join(root, 'status.py'));
    fs.symlinkSync('ok.py', path.join(root, 'alias.py'));
    fs.symlinkSync('loop-b.py', path.join(root, 'loop-a.py'));
    fs.symlinkSync('loop-a.py', path.join(root, 'loop-b.py'));
    fs.mkdirSync(path.join(root, 'folder.py'));
    const read = (rel: string) => readProjectFile([root], path.join(root, rel));
    assert.deepStrictEqual(read('ok.py'), { text: 'x = 1\n' });
    assert.deepStrictEqual(read('alias.py'), { text: 'x = 1\n' });
    assert.strictEqual((read('out.py') as { reason: string }).reason, 'outside-workspace');
    assert.strictEqual((read('zero.py') as { reason: string }).reason, 'outside-workspace');
    assert.match((read('zero.py') as { skipped: string }).skipped, /system path/);
    assert.match((read('status.py') as { skipped: string }).skipped, /system path/);
    assert.deepStrictEqual(read('loop-a.py'), { skipped: 'unreadable: ELOOP', reason: 'unreadable' });
    assert.deepStrictEqual(read('folder.py'), { skipped: 'not read: a folder', reason: 'special-file' });
    // The same file is readable when its folder is one of the roots.
    assert.deepStrictEqual(readProjectFile([root, outside], path.join(root, 'out.py')), { text: 'secret' });
  });

  it('never blocks on a FIFO (run in a child: a blocked read could not be timed out in-process)', () => {
    execFileSync('mkfifo', [path.join(root, 'pyproject.toml')]);
    const script = `require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'out', 'workspace', 'safeRead.js'))})` + `.readProjectFile([${JSON.stringify(root)}], ${JSON.stringify(path.join(root, 'pyproject.toml'))})`;
    const out = execFileSync(process.execPath, ['-p', `JSON.stringify(${script})`], { timeout: 20000, encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out), { skipped: 'not read: a FIFO', reason: 'special-file' });
  });

  it('does not read configuration through a symlink to a file outside the workspace', async () => {
    // Were it read, this configuration would silence undefined-name.
    write(outside, 'pyproject.toml', '[tool.coherence.rules]\nundefined-name = "off"\n');
    write(outside, 'setup.cfg', '[options]\npackage_dir =\n    = lib\n');
    fs.symlinkSync(path.join(outside, 'pyproject.toml'), path.join(root, 'pyproject.toml'));
    fs.symlinkSync(path.join(outside, 'setup.cfg'), path.join(root, 'setup.cfg'));
    write(root, 'app/__init__.py', '');
    write(root, 'app/main.py', 'print(nme)\n');
    const { found, notes, ws } = await check(root);
    try {
      assert.deepStrictEqual(found, ['app/main.py:1:undefined-name']);
      assert.deepStrictEqual(ws.config.sourceRoots, []);
      assert.strictEqual(notesAbout(notes, 'pyproject.toml').length, 1, notes.join('\n'));
      assert.match(notesAbout(notes, 'pyproject.toml')[0], /not read: it resolves to .*elsewhere.pyproject\.toml, outside the workspace/);
      assert.strictEqual(notesAbout(notes, 'setup.cfg').length, 1, notes.join('\n'));
    } finally {
      await ws.dispose();
    }
  });

  it('a watched-file event for a symlink to a file outside is not read; the module is there, its names unknown', async () => {
    write(outside, 'shadow.py', 'print(undefined_in_secret)\n');
    write(root, 'app/__init__.py', '');
    write(root, 'app/main.py', 'from app.shadow import anything\nimport app.shadow\nprint(anything, app.shadow.other)\n');
    const ws = await Workspace.load({ root });
    try {
      ws.checkAll();
      fs.symlinkSync(path.join(outside, 'shadow.py'), path.join(root, 'app', 'shadow.py'));
      const changed = await ws.applyChanges([{ path: 'app/shadow.py', kind: 'created' }]);
      const found = [...changed.values()].flat().map((d) => `${d.file}:${d.code}`);
      assert.deepStrictEqual(found, ['app/shadow.py:file-not-analysed']);
      assert.strictEqual(notesAbout(ws.notes, 'app/shadow.py').length, 1, ws.notes.join('\n'));
      assert.match(notesAbout(ws.notes, 'app/shadow.py')[0], /outside the workspace/);
      // Removing the link makes the imports unresolved again: the refused file was indexed as present.
      fs.unlinkSync(path.join(root, 'app', 'shadow.py'));
      const after = await ws.applyChanges([{ path: 'app/shadow.py', kind: 'deleted' }]);
      assert.deepStrictEqual([...after.values()].flat().filter((d) => d.code === 'unresolved-module').map((d) => d.range.start.line), [0, 1]);
    } finally {
      await ws.dispose();
    }
  });

  it('reads files through symlinks on worker threads too (large batches)', async () => {
    write(outside, 'shadow.py', 'print(undefined_in_secret)\n');
    for (let i = 0; i < 160; i++) write(root, `app/m${i}.py`, `VALUE_${i} = ${i}\n`);
    write(root, 'app/__init__.py', '');
    write(root, 'app/real.py', 'def f():\n    return 1\n');
    fs.symlinkSync('real.py', path.join(root, 'app', 'alias.py'));
    fs.symlinkSync(path.join(outside, 'shadow.py'), path.join(root, 'app', 'shadow.py'));
    write(root, 'main.py', 'from app.alias import f, g\nfrom app.shadow import anything\nprint(f, g, anything)\n');
    const pool = new SummarizerPool(2);
    try {
      const { found, notes } = await check(root, pool);
      assert.deepStrictEqual([...found].sort(), ['app/shadow.py:1:file-not-analysed', 'main.py:1:unknown-import-name']);
      assert.strictEqual(notesAbout(notes, 'app/shadow.py').length, 1, notes.join('\n'));
    } finally {
      await pool.close();
    }
  });

  describe('an unreadable app/__init__.py', () => {
    beforeEach(() => {
      write(root, 'app/__init__.py', 'from .util import helper\nVERSION = 1\n\ndef make_app():\n    return 1\n');
      write(root, 'app/util.py', 'def helper():\n    return 2\n');
      write(root, 'main.py', 'import app\nfrom app import VERSION, make_app, helper\nfrom app.util import nope\nprint(app.VERSION, app.make_app(), VERSION, make_app, helper)\n');
    });

    it('is a package whose names are unknown, not a namespace package (unreadable through the read seam)', async () => {
      setReadHookForTests((p) => {
        if (p.endsWith(path.join('app', '__init__.py'))) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        return undefined;
      });
      const { found, notes, ws } = await check(root);
      try {
        // Only the name missing from the readable sibling is reported.
        assert.deepStrictEqual(found, ['app/__init__.py:1:file-not-analysed', 'main.py:3:unknown-import-name']);
        assert.deepStrictEqual(notesAbout(notes, 'app/__init__.py'), ['skipped app/__init__.py: unreadable: EACCES']);
      } finally {
        await ws.dispose();
      }
    });

    it('is a package whose names are unknown when it is a FIFO', async () => {
      fs.rmSync(path.join(root, 'app', '__init__.py'));
      execFileSync('mkfifo', [path.join(root, 'app', '__init__.py')]);
      const { found, notes, ws } = await check(root);
      try {
        assert.deepStrictEqual(found, ['app/__init__.py:1:file-not-analysed', 'main.py:3:unknown-import-name']);
        assert.deepStrictEqual(notesAbout(notes, 'app/__init__.py'), ['skipped app/__init__.py: not read: a FIFO']);
      } finally {
        await ws.dispose();
      }
    });
  });

  it('an unreadable requirements file could declare anything: no dependency is called undeclared', async () => {
    write(root, 'pyproject.toml', '[project]\nname = "x"\ndependencies = ["requests"]\n');
    write(root, 'requirements.txt', 'flask\n');
    write(root, 'app/__init__.py', '');
    write(root, 'app/main.py', 'import requests\nimport flask\nprint(requests, flask)\n');
    setReadHookForTests((p) => {
      if (p.endsWith('requirements.txt')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return undefined;
    });
    const unreadable = await check(root);
    await unreadable.ws.dispose();
    assert.deepStrictEqual(unreadable.found, []);
    assert.deepStrictEqual(notesAbout(unreadable.notes, 'requirements.txt'), ['skipped requirements.txt: unreadable: EACCES']);
    // Without it, the rule does speak: the silence above comes from the unreadable file.
    fs.rmSync(path.join(root, 'requirements.txt'));
    const without = await check(root);
    await without.ws.dispose();
    assert.deepStrictEqual(without.found, ['app/main.py:2:undeclared-dependency']);
  });

  it('lists symlinked files, never follows symlinked folders, and survives symlink loops', async () => {
    write(root, 'pkg/__init__.py', '');
    write(root, 'pkg/real.py', 'def f():\n    return 1\n');
    fs.symlinkSync('real.py', path.join(root, 'pkg', 'alias.py'));
    fs.symlinkSync('loop-b.py', path.join(root, 'pkg', 'loop-a.py'));
    fs.symlinkSync('loop-a.py', path.join(root, 'pkg', 'loop-b.py'));
    fs.symlinkSync('..', path.join(root, 'pkg', 'up'));
    fs.symlinkSync(outside, path.join(root, 'pkg', 'out'));
    write(outside, 'hidden.py', 'x = 1\n');
    const found = await discoverFiles(root, [], []);
    assert.deepStrictEqual(found.sources, ['pkg/__init__.py', 'pkg/alias.py', 'pkg/real.py']);
    assert.ok(found.notes.some((n) => n.startsWith('skipped broken or looping symlink pkg/loop-a.py: ELOOP')), found.notes.join('\n'));
    assert.ok(found.notes.some((n) => n === 'did not follow symlinked folder pkg/up'), found.notes.join('\n'));
    assert.ok(found.notes.some((n) => n === 'did not follow symlinked folder pkg/out'), found.notes.join('\n'));
  });

  it('resolves a symlink inside the root to a file inside the root as Python does', async () => {
    write(root, 'pkg/__init__.py', '');
    write(root, 'pkg/real.py', 'def f():\n    return 1\n');
    fs.symlinkSync('real.py', path.join(root, 'pkg', 'alias.py'));
    write(root, 'main.py', 'from pkg.alias import f\nfrom pkg.alias import g\nfrom pkg import alias\nprint(f, g, alias.f, alias.h)\n');
    const { found, ws } = await check(root);
    try {
      assert.deepStrictEqual(found, ['main.py:2:unknown-import-name', 'main.py:4:unknown-module-attribute']);
    } finally {
      await ws.dispose();
    }
  });

  it('reads a workspace opened through a symlinked path', async () => {
    write(root, 'app/__init__.py', '');
    write(root, 'app/main.py', 'print(nme)\n');
    const linked = path.join(base, 'linked-project');
    fs.symlinkSync(root, linked);
    const { found, ws } = await check(linked);
    try {
      assert.deepStrictEqual(found, ['app/main.py:1:undefined-name']);
    } finally {
      await ws.dispose();
    }
  });
});
