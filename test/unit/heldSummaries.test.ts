// An edited file must not keep its old versions alive: the workspace holds at most one summary per file
// present (fewer when files are identical), however many edits, deletions and reloads went by.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SharedByKey } from '../../server/out/host/sharedByKey';
import { Workspace } from '../../server/out/host/workspace';
import { removeTemp } from '../support/tempProject';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-held-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('summaries held by the workspace', () => {
  let dir = '';
  let ws: Workspace;

  beforeEach(async () => {
    dir = project({
      'app/__init__.py': '',
      'app/models.py': 'class User:\n    name = "x"\n',
      'app/views.py': 'from app.models import User\n\nprint(User.name)\n',
      'app/copy.py': 'class User:\n    name = "x"\n',
      'requirements.txt': 'django==5.0\n',
    });
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });

  it('stays at one summary per distinct file over 60 edits of one module', async () => {
    // models.py and copy.py are identical: they share one summary.
    assert.deepStrictEqual(ws.heldSummaries, { sources: 3, projectFiles: 1 });
    for (let i = 0; i < 60; i++) {
      await ws.setOverlay('app/models.py', `class User:\n    name = "x"\n    n${i} = ${i}\n`);
      assert.strictEqual(ws.heldSummaries.sources, 4, `after edit ${i + 1}`);
    }
    // Back to the text it shares with copy.py; then closed.
    await ws.setOverlay('app/models.py', 'class User:\n    name = "x"\n');
    assert.strictEqual(ws.heldSummaries.sources, 3);
    await ws.setOverlay('app/models.py', null);
    assert.strictEqual(ws.heldSummaries.sources, 3);
    assert.deepStrictEqual(ws.diagnosticsOf('app/views.py'), []);
  });

  it('releases the summaries of deleted files and of old project-file versions, also across reloads', async () => {
    for (let i = 0; i < 20; i++) {
      await ws.setOverlay('requirements.txt', `django==5.0\nrequests==2.${i}\n`);
      assert.strictEqual(ws.heldSummaries.projectFiles, 1, `after edit ${i + 1}`);
    }
    fs.rmSync(path.join(dir, 'app/copy.py'));
    await ws.applyChanges([{ path: 'app/copy.py', kind: 'deleted' }]);
    await ws.setOverlay('app/models.py', 'class User:\n    name = "y"\n');
    assert.deepStrictEqual(ws.heldSummaries, { sources: 3, projectFiles: 1 });
    await ws.setOverlay('app/models.py', 'class User:\n    name = "z"\n');
    await ws.reload();
    assert.deepStrictEqual(ws.heldSummaries, { sources: 3, projectFiles: 1 });
    assert.strictEqual(ws.fileCount, 3);
  });
});

describe('SharedByKey', () => {
  it('keeps a value while some path points at it, and drops it with its last holder', () => {
    const store = new SharedByKey<string>();
    store.set('a', 'k1', 'v1');
    store.set('b', 'k1', 'ignored: k1 is held');
    assert.strictEqual(store.valueOf('k1'), 'v1');
    store.set('a', 'k2', 'v2');
    assert.strictEqual(store.valueCount, 2);
    store.delete('b');
    assert.strictEqual(store.valueOf('k1'), undefined);
    store.set('a', 'k2', 'again');
    assert.strictEqual(store.valueOf('k2'), 'v2');
    assert.strictEqual(store.valueCount, 1);
    assert.deepStrictEqual([...store.takeAll()], [['k2', 'v2']]);
    assert.strictEqual(store.pathCount, 0);
  });
});
