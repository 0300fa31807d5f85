// Workspace discovery on hostile trees: never a crash, never a hang, a note for each thing skipped.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { MARKER_FILES } from '../../server/out/frameworks/adapters';
import { discoverFiles, setReaddirFailureForTests } from '../../server/out/workspace/discovery';
import { readProjectFile } from '../../server/out/workspace/safeRead';

describe('discovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-discovery-'));
    const w = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    };
    w('app/__init__.py', '');
    w('app/main.py', 'from app.util import helper\n');
    w('app/util.py', 'def helper():\n    return 1\n');
    w('app/binary.py', Buffer.from([0x00, 0x01, 0x02, 0x03]));
    w('app/huge.py', 'x = 1\n'.repeat(400_000));
    w('app/latin1.py', Buffer.from('name = "caf\xe9"\nprint(nme)\n', 'latin1'));
    w('myenv/pyvenv.cfg', 'home = /usr/bin\n');
    w('myenv/lib/python3.11/site-packages/pkg/__init__.py', 'import missing_everywhere\n');
    w('node_modules/x/y.py', 'broken(\n');
    w('.venv/lib/z.py', 'broken(\n');
    w('app/__pycache__/main.cpython-311.py', 'broken(\n');
    fs.symlinkSync('.', path.join(dir, 'app', 'loop'));
    fs.symlinkSync('/nonexistent/target', path.join(dir, 'app', 'dangling'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('skips virtual environments, excluded folders and symlinked folders (loops included)', async () => {
    const found = await discoverFiles(dir, [], MARKER_FILES);
    assert.deepStrictEqual(found.sources, ['app/__init__.py', 'app/binary.py', 'app/huge.py', 'app/latin1.py', 'app/main.py', 'app/util.py']);
    assert.ok(found.notes.some((n) => n.includes('virtual environment myenv')), found.notes.join('\n'));
    assert.ok(found.notes.some((n) => n.includes('did not follow symlinked folder app/loop')), found.notes.join('\n'));
  });

  it('lists as markers the files the adapters name (alembic.ini), and only those', async () => {
    for (const rel of ['migrations/alembic.ini', 'deploy/run.marker']) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), '');
    }
    assert.ok(MARKER_FILES.includes('alembic.ini'), 'SQLAlchemy/Alembic names alembic.ini');
    assert.deepStrictEqual((await discoverFiles(dir, [], MARKER_FILES)).markers, ['migrations/alembic.ini']);
    assert.deepStrictEqual((await discoverFiles(dir, [], ['run.marker'])).markers, ['deploy/run.marker'], 'a made-up adapter\'s marker');
    assert.deepStrictEqual((await discoverFiles(dir, [], [])).markers, [], 'no adapter, no marker');
  });

  it('reads huge and binary files as skipped, invalid UTF-8 with replacement characters', () => {
    const read = (rel: string) => readProjectFile([dir], path.join(dir, rel));
    assert.match((read('app/huge.py') as { skipped: string }).skipped, /larger than 2 MB/);
    assert.match((read('app/binary.py') as { skipped: string }).skipped, /binary/);
    assert.match((read('app/latin1.py') as { text: string }).text, /caf\uFFFD/);
    assert.deepStrictEqual(read('app/nope.py'), { skipped: 'unreadable: ENOENT', reason: 'missing' });
  });

  it('checks the rest of the project and notes what it skipped', async () => {
    const ws = await Workspace.load({ root: dir });
    try {
      const all = [...ws.checkAll().values()].flat();
      assert.deepStrictEqual(
        all.map((d) => `${d.file}:${d.code}`),
        ['app/binary.py:file-not-analysed', 'app/huge.py:file-not-analysed', 'app/latin1.py:undefined-name'],
      );
      assert.ok(ws.notes.some((n) => n.startsWith('skipped app/huge.py')));
      assert.ok(ws.notes.some((n) => n.startsWith('skipped app/binary.py')));
    } finally {
      await ws.dispose();
    }
  });
});

describe('folders whose contents are unknown', () => {
  let base: string;
  let root: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-unlisted-'));
    root = path.join(base, 'project');
    const w = (rel: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      fs.writeFileSync(path.join(base, rel), content);
    };
    w('project/app/__init__.py', '');
    w('project/app/private/__init__.py', '');
    w('project/app/private/keys.py', 'KEY = 1\n');
    w('elsewhere/shared/__init__.py', '');
    w('elsewhere/shared/util.py', 'def helper():\n    return 1\n');
    fs.symlinkSync(path.join(base, 'elsewhere', 'shared'), path.join(root, 'app', 'linked'));
    w(
      'project/main.py',
      'import app.linked.util\nfrom app.linked import util\nfrom app.linked.util import helper\nimport app.private.keys\nfrom app.private import keys\nimport app.nope\nprint(app.linked.util.helper, util, helper, app.private.keys.KEY, keys)\n',
    );
  });
  afterEach(() => {
    setReaddirFailureForTests(undefined);
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('says nothing about modules in a symlinked folder (not followed) or an unreadable one (through the listing seam)', async () => {
    setReaddirFailureForTests((dir) => (dir.endsWith(path.join('app', 'private')) ? 'EACCES' : undefined));
    const ws = await Workspace.load({ root });
    try {
      const found = [...ws.checkAll().values()].flat().map((d) => `${d.file}:${d.range.start.line + 1}:${d.code}`);
      // Only the module that is nowhere is reported.
      assert.deepStrictEqual(found, ['main.py:6:unresolved-module']);
      assert.deepStrictEqual(ws.notes.filter((n) => n.includes('app/private')), ['skipped unreadable folder app/private: EACCES']);
      assert.deepStrictEqual(ws.notes.filter((n) => n.includes('app/linked')), ['did not follow symlinked folder app/linked']);
    } finally {
      await ws.dispose();
    }
  });
});
