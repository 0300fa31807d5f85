// Findings do not depend on the order the files were indexed in (workers answer in any order; a cold CLI run
// hands files on as the folder is listed): the same project indexed in another order gives the same diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { projectOf, removeTemp } from '../support/tempProject';

describe('index order', () => {
  it('does not change which of two same-named packages a run file finding names', async () => {
    const root = projectOf({ Procfile: 'web: python -m shop.serve\n', 'server/shop/__init__.py': '', 'sdk/shop/__init__.py': '' });
    const ws = await Workspace.load({ root });
    try {
      const shown = () => JSON.stringify(ws.currentDiagnostics().map((d) => [d.file, d.code, d.detail]));
      ws.checkAll();
      const before = shown();
      assert.match(before, /unknown-entrypoint/);
      // Removed and added again: it is indexed last now.
      const moved = 'sdk/shop/__init__.py';
      fs.rmSync(path.join(root, moved));
      await ws.applyChanges([{ path: moved, kind: 'deleted' }]);
      fs.writeFileSync(path.join(root, moved), '');
      await ws.applyChanges([{ path: moved, kind: 'created' }]);
      assert.strictEqual(shown(), before);
    } finally {
      await ws.dispose();
      removeTemp(root);
    }
  });
});
