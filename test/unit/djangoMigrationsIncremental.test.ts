// Incremental re-checks of Django apps and migrations: an edit of a migration file, of the settings or of the
// migrations folder's contents must re-check the model files and migrations that depend on them, and leave
// exactly what a fresh load reports.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { copyToTemp, removeTemp } from '../support/tempProject';

type Step = { file: string; from?: string; to?: string; create?: string; remove?: boolean };

describe('incremental re-checks of Django migrations agree with a fresh check', () => {
  const codes = (ws: Workspace, file: string) => ws.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line + 1}`).sort();
  const all = (ws: Workspace, files: string[]) => JSON.stringify(files.map((f) => [f, ws.diagnosticsOf(f)]));

  it('after edits of migrations, settings and the migrations folder', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'django', 'migrations'));
    const ws = await Workspace.load({ root: dir });
    try {
      const files = [...ws.checkAll().keys()].sort();
      const initial = all(ws, files);
      const models = codes(ws, 'blog/models.py');
      assert.ok(models.includes('missing-migration@27'), 'Article.summary starts without a migration');
      const newMigration = 'blog/migrations/0005_article_summary.py';
      const steps: [Step, (ws: Workspace) => void][] = [
        // The quick fix's migration appears: Article.summary is migrated, in a file the edit did not touch.
        [{ file: newMigration, create: fs.readFileSync(path.join(dir, '.golden', newMigration), 'utf8') }, (w) => assert.ok(!codes(w, 'blog/models.py').includes('missing-migration@27'))],
        // A migration stops removing Article.body.
        [{ file: 'blog/migrations/0003_rename_subtitle.py', from: 'migrations.RemoveField(', to: 'migrations.AlterField(' }, (w) => assert.ok(!codes(w, 'blog/models.py').includes('missing-migration@28'))],
        // The cross-app dependency is repaired: the other app's migration is no longer reported.
        [{ file: 'shop/migrations/0002_product_sku.py', from: '"0002_article_tag")', to: '"0002_article_tags")' }, (w) => assert.ok(!codes(w, 'shop/migrations/0002_product_sku.py').includes('migration-reference@8'))],
        // The app leaves INSTALLED_APPS: its model without migrations folder is no longer judged.
        [{ file: 'mysite/settings.py', from: '    "notes",\n', to: '' }, (w) => assert.deepStrictEqual(codes(w, 'notes/models.py'), [])],
        // The new migration is deleted again: the field it added is reported again.
        [{ file: newMigration, remove: true }, (w) => assert.ok(codes(w, 'blog/models.py').includes('missing-migration@27'))],
        // A migration the next one depends on is deleted: that dependency is reported; the migration exists
        // nowhere, so what only it did is undone: `headline` is never created again, `body` no longer removed.
        [{ file: 'blog/migrations/0003_rename_subtitle.py', remove: true }, (w) => {
          assert.ok(codes(w, 'blog/migrations/0004_draft.py').includes('migration-reference@11'));
          assert.ok(codes(w, 'blog/models.py').includes('missing-migration@24'));
          assert.ok(!codes(w, 'blog/models.py').includes('missing-migration@28'));
        }],
      ];
      for (const [step, expect] of steps) {
        const full = path.join(dir, step.file);
        if (step.create !== undefined) fs.writeFileSync(full, step.create);
        else if (step.remove) fs.rmSync(full);
        else fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(step.from!, step.to ?? ''));
        await ws.applyChanges([{ path: step.file, kind: step.create !== undefined ? 'created' : step.remove ? 'deleted' : 'changed' }]);
        const fresh = await Workspace.load({ root: dir });
        fresh.checkAll();
        try {
          const known = [...new Set([...files, ...fresh.checkAll().keys()])].sort();
          assert.strictEqual(all(ws, known), all(fresh, known), `after ${step.remove ? 'deleting' : 'editing'} ${step.file}`);
          expect(ws);
        } finally {
          await fresh.dispose();
        }
      }
      assert.notStrictEqual(all(ws, files), initial);
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
