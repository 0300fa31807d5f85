// Incremental re-checks of async-lazy-load: the session factory and the relationship's loader live in other
// modules than the reads; editing either must re-check the reads and leave exactly what a fresh load reports.
import * as assert from 'assert';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh } from '../support/replay';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('incremental re-checks of async-lazy-load agree with a fresh check', () => {
  it('after edits of the session factory and of the relationship loader, in other modules than the reads', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'sqlalchemy', 'async-lazy-loads'));
    const ws = await Workspace.load({ root: dir });
    const lines = (w: Workspace) => w.diagnosticsOf('blog/queries.py').filter((d) => d.code === 'async-lazy-load').map((d) => d.range.start.line + 1);
    try {
      const files = [...ws.checkAll().keys()].sort();
      assert.ok(lines(ws).includes(55), 'the read on a session from the async factory starts reported');
      const checks: ((w: Workspace) => void)[] = [
        // A plain sessionmaker makes sync sessions: that read is no longer judged, the annotated ones still are.
        (w) => {
          assert.ok(!lines(w).includes(55), 'a sync factory silences its read');
          assert.ok(lines(w).includes(15), 'a parameter annotated AsyncSession is still read');
        },
        (w) => assert.ok(lines(w).includes(55), 'the async factory again'),
        // User.posts declared lazy="selectin": none of its reads is reported; User.profile's still is.
        (w) => {
          assert.ok(!lines(w).includes(15) && !lines(w).includes(55), 'selectin posts are loaded with the user');
          assert.ok(lines(w).includes(21), 'profile is still lazy');
        },
      ];
      await replayAgainstFresh(
        ws,
        dir,
        files,
        [
          ['blog/db.py', 'sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)', 'sessionmaker(engine, expire_on_commit=False)'],
          ['blog/db.py', 'sessionmaker(engine, expire_on_commit=False)', 'sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)'],
          ['blog/models.py', 'posts = relationship("Post", back_populates="author")', 'posts = relationship("Post", back_populates="author", lazy="selectin")'],
        ],
        (w, step) => checks[step](w),
      );
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
