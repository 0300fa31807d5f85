// Incremental re-checks in-process: an edit must re-check exactly the files whose answers it can change,
// including answers that hang on other files indirectly (which subclasses a class has).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { removeTemp } from '../support/tempProject';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-incremental-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const codes = (ws: Workspace, file: string) => ws.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line + 1}`);

describe('incremental re-checks', () => {
  const REPO = 'class Repo:\n    def get(self, key):\n        return key\n';
  const SERVICE = 'from base import Repo\n\n\ndef load(repo: Repo):\n    return repo.fetch_all()\n';
  const PLAIN = 'class Other:\n    def fetch_all(self):\n        return []\n';
  const SUBCLASS = 'from base import Repo\n\n\nclass Other(Repo):\n    def fetch_all(self):\n        return []\n';
  let dir = '';
  let ws: Workspace;

  beforeEach(async () => {
    dir = project({ 'base.py': REPO, 'service.py': SERVICE, 'other.py': PLAIN });
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });

  it('re-checks users of a class when another file starts or stops subclassing it', async () => {
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
    // `repo` may now be an Other, which has fetch_all: silent, in a file the edit did not touch.
    let changed = await ws.setOverlay('other.py', SUBCLASS);
    assert.ok(changed.has('service.py'), 'service.py is re-checked');
    assert.deepStrictEqual(codes(ws, 'service.py'), []);
    changed = await ws.setOverlay('other.py', PLAIN);
    assert.ok(changed.has('service.py'));
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
  });

  it('re-checks them when a subclass appears in a new file or its file is deleted', async () => {
    fs.writeFileSync(path.join(dir, 'sub.py'), SUBCLASS);
    await ws.applyChanges([{ path: 'sub.py', kind: 'created' }]);
    assert.deepStrictEqual(codes(ws, 'service.py'), []);
    fs.rmSync(path.join(dir, 'sub.py'));
    await ws.applyChanges([{ path: 'sub.py', kind: 'deleted' }]);
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
  });

  it('does not re-check files an edit cannot affect', async () => {
    const changed = await ws.setOverlay('other.py', PLAIN.replace('return []', 'return [1]'));
    assert.deepStrictEqual([...changed.keys()], ['other.py']);
  });
});
