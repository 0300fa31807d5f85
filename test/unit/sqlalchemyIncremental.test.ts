// Incremental re-checks of the SQLAlchemy and Alembic rules: edits of models and of revision files change
// diagnostics in other files (queries, models), and the edited workspace must agree with a fresh load.
import * as assert from 'assert';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh, type FileEdit } from '../support/replay';
import { copyToTemp, removeTemp } from '../support/tempProject';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'sqlalchemy');
const codes = (ws: Workspace, file: string) => ws.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line + 1}`);

/** Replays the edits on a copy of the fixture against fresh loads; `after` asserts what each edit did. */
async function replay(fixture: string, edits: FileEdit[], after: (ws: Workspace, step: number) => void): Promise<void> {
  const dir = copyToTemp(path.join(FIXTURES, fixture));
  const ws = await Workspace.load({ root: dir });
  try {
    await replayAgainstFresh(ws, dir, [...ws.checkAll().keys()].sort(), edits, after);
  } finally {
    await ws.dispose();
    removeTemp(dir);
  }
}

describe('SQLAlchemy incremental re-checks agree with a fresh check', () => {
  it('after edits of a model that another file queries', async () => {
    await replay(
      'declarative-14',
      [
        ['shop/models.py', '    name = Column(String(80))\n', ''],
        ['shop/models.py', '    street = Column(String(200))\n', '    street = Column(String(200))\n    name = Column(String(80))\n'],
        ['shop/models.py', '    email_address = Column("email", String(200))\n', '    email_address = Column("email", String(200))\n    name = Column(String(80))\n'],
      ],
      (ws, step) => {
        const queries = codes(ws, 'shop/queries.py');
        // Customer.name gone: filter_by(name=…) on Customer lights up; back: silent again.
        if (step === 0) assert.ok(queries.includes('unknown-model-field@25'), queries.join());
        // Address gained `name`: filter_by(name=…) after join(Address) is right now.
        if (step === 1) assert.ok(!queries.includes('unknown-model-field@33'), queries.join());
        if (step === 2) assert.ok(!queries.includes('unknown-model-field@25'), queries.join());
      },
    );
  });

  it('after edits of Alembic revisions that the models are checked against', async () => {
    await replay(
      'alembic-schema',
      [
        ['migrations/versions/b2_body.py', '    op.add_column("posts", sa.Column("body"', '    op.add_column("users", sa.Column("nickname", sa.String(50)))\n    op.add_column("posts", sa.Column("body"'],
        ['migrations/versions/c3_tags.py', 'down_revision = "b2d4e6f8"', 'down_revision = "b2d4e6f9"'],
        ['migrations/versions/c3_tags.py', 'down_revision = "b2d4e6f9"', 'down_revision = "b2d4e6f8"'],
      ],
      (ws, step) => {
        const models = codes(ws, 'app/models.py');
        if (step === 0) assert.ok(!models.includes('missing-migration@28') && models.includes('missing-migration@48'), models.join());
        // A broken chain: the revision is reported; the one it names exists nowhere and creates nothing, so
        // the schema is still replayed and what no revision creates is still reported.
        if (step === 1) {
          assert.ok(models.includes('missing-migration@48') && models.includes('missing-migration@35') && !models.includes('missing-migration@28'), models.join());
          assert.deepStrictEqual(codes(ws, 'migrations/versions/c3_tags.py'), ['migration-reference@6']);
        }
        if (step === 2) assert.ok(models.includes('missing-migration@48'), models.join());
      },
    );
  });

  it('after edits of relationships whose joined loads another file reads', async () => {
    await replay(
      'joined-collections',
      [
        ['shop/models.py', 'back_populates="user", uselist=False)', 'back_populates="user", uselist=True)'],
        ['shop/models.py', 'posts = relationship("Post", back_populates="author")', 'posts = relationship("Post", back_populates="author", uselist=False)'],
        ['shop/queries.py', 'joinedload(User.profile)', 'joinedload(User.posts)'],
      ],
      (ws, step) => {
        const queries = codes(ws, 'shop/queries.py');
        // The profile became a list: its joined load now needs unique().
        if (step === 0) assert.ok(queries.includes('orm-misuse@88'), queries.join());
        // User.posts a scalar: the reads joining only it are silent.
        if (step === 1) assert.ok(!queries.includes('orm-misuse@10') && queries.includes('orm-misuse@24'), queries.join());
        if (step === 2) assert.ok(!queries.includes('orm-misuse@88'), queries.join());
      },
    );
  });

  it('after edits that join or split the version folders of one script directory', async () => {
    await replay(
      'alembic-locations',
      [
        ['migrations/billing_versions/b1_invoices.py', 'down_revision = "a2a2a2a2a2a2"', 'down_revision = None'],
        ['migrations/billing_versions/b2_total.py', 'depends_on = "a1a1a1a1a1a1"', 'depends_on = "a1a1a1a1a1a2"'],
        ['migrations/billing_versions/b1_invoices.py', 'depends_on = "a1a1a1a1a1a1"', 'depends_on = None'],
      ],
      (ws, step) => {
        const models = codes(ws, 'app/models.py');
        const billing = codes(ws, 'migrations/billing_versions/b2_total.py');
        // Still one graph through depends_on, now with two heads (a2… and b2…).
        if (step === 0) assert.ok(billing.includes('migration-reference@5') && models.includes('missing-migration@11'), billing.join());
        // A dependency that is nowhere: reported; it creates nothing, so what no revision adds is still reported.
        if (step === 1) assert.ok(billing.includes('migration-reference@8') && models.join() === 'missing-migration@11', `${billing.join()} / ${models.join()}`);
        // Nothing joins the folders any more: two graphs, the models are not judged.
        if (step === 2) assert.ok(billing.includes('migration-reference@8') && models.length === 0, billing.join());
      },
    );
  });
});
