// Incremental re-checks of chains through custom querysets: an edit of a queryset method in one module must
// re-check the files whose chains run through it, and leave exactly what a fresh load reports.
import * as assert from 'assert';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh } from '../support/replay';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('incremental re-checks of Django queryset chains agree with a fresh check', () => {
  it('after edits of the returns and names of a queryset class that an abstract base makes every manager from', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'django', 'managers'));
    const ws = await Workspace.load({ root: dir });
    const lines = (w: Workspace) => w.diagnosticsOf('shop/services.py').map((d) => `${d.code}@${d.range.start.line + 1}`);
    try {
      const files = [...ws.checkAll().keys()].sort();
      assert.ok(lines(ws).includes('unknown-lookup@9'), 'Item.objects.restrict(user).filter(nmae=…) starts reported');
      const checks: ((w: Workspace) => void)[] = [
        // restrict() returns a list on one path: chains through it are unknown from there (only those chains).
        (w) => {
          assert.ok(!lines(w).includes('unknown-lookup@9'), 'a restrict() that may return a list ends the chain');
          assert.ok(lines(w).includes('unknown-lookup@8'), 'Item.objects.filter(nmae=…) is still reported');
        },
        // The repair restores the start.
        (w) => assert.ok(lines(w).includes('unknown-lookup@9')),
        // visible() is renamed: the calls of it are reported, in a file the edit did not touch.
        (w) => assert.ok(lines(w).includes('unknown-attribute@10')),
      ];
      const states = await replayAgainstFresh(
        ws,
        dir,
        files,
        [
          ['shop/querysets.py', '        return self.filter(pk__in=[])', '        return list(self.filter(pk__in=[]))'],
          ['shop/querysets.py', '        return list(self.filter(pk__in=[]))', '        return self.filter(pk__in=[])'],
          ['shop/querysets.py', '    def visible(self):', '    def visble(self):'],
        ],
        (w, step) => checks[step](w),
      );
      assert.strictEqual(states[2], states[0], 'the repair restores the start');
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
