// Findings do not depend on the order the files were indexed in (workers answer in any order; a cold CLI run
// hands files on as the folder is listed): the same project indexed in another order gives the same diagnostics.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, projectOf, removeTemp } from '../support/tempProject';

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

  it('does not change the order Alembic revisions that name no common parent are replayed in', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'sqlalchemy', 'alembic-schema'));
    // Without b2, c3 names no revision present: a1 and c3 are both first, and a1 must run first in every run
    // (c3 drops posts.title, which a1 creates).
    fs.rmSync(path.join(root, 'migrations/versions/b2_body.py'));
    const ws = await Workspace.load({ root });
    try {
      const shown = () => JSON.stringify(ws.currentDiagnostics().map((d) => [d.file, d.range.start.line, d.message]));
      ws.checkAll();
      const before = shown();
      assert.match(before, /Column 'posts.title' is added by no Alembic revision/);
      // Removed and added again: a1 is indexed last now.
      const moved = 'migrations/versions/a1_initial.py';
      const text = fs.readFileSync(path.join(root, moved), 'utf8');
      fs.rmSync(path.join(root, moved));
      await ws.applyChanges([{ path: moved, kind: 'deleted' }]);
      fs.writeFileSync(path.join(root, moved), text);
      await ws.applyChanges([{ path: moved, kind: 'created' }]);
      assert.strictEqual(shown(), before);
    } finally {
      await ws.dispose();
      removeTemp(root);
    }
  });
});
