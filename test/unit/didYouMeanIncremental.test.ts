// Did-you-mean across edits: a module's names are computed once while nothing changes (the dependents an edit
// re-checks share them, and the nearest name per asked name), and anew after any change; the suggestions an
// edit gives equal a fresh check's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nearestName, sharedCandidates } from '../../server/out/core/nearest';
import type { Diagnostic } from '../../server/out/core/types';
import { Workspace } from '../../server/out/host/workspace';
import { DependencyTracker } from '../../server/out/index/project';
import { removeTemp } from '../support/tempProject';

const HUB = 'app/hub.py';
const HUB_TEXT = 'def helper(value):\n    return value\n\n\ndef render(value):\n    return value\n';
const IMPORTERS = ['app/a.py', 'app/b.py', 'app/c.py'];
/** Each importer misspells two of the hub's names. */
const IMPORTER_TEXT = 'from app.hub import helpr, rendr\n\n\ndef use(value):\n    return helpr(rendr(value))\n';

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-did-you-mean-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, HUB), HUB_TEXT);
  for (const f of IMPORTERS) fs.writeFileSync(path.join(dir, f), IMPORTER_TEXT);
  return dir;
}

const messages = (list: Diagnostic[] | undefined) => (list ?? []).filter((d) => d.code === 'unknown-import-name').map((d) => d.message);

describe('did-you-mean across edits', () => {
  it('answers each name by itself among shared candidates', () => {
    const candidates = sharedCandidates(new Set(['helper', 'render', 'Registry']));
    assert.strictEqual(nearestName('helpr', candidates), 'helper');
    assert.strictEqual(nearestName('rendr', candidates), 'render', 'not the answer remembered for another name');
    assert.strictEqual(nearestName('registry', candidates), 'Registry');
    assert.strictEqual(nearestName('unrelated', candidates), null);
    assert.strictEqual(nearestName('helpr', candidates), 'helper', 'asked again');
    // Candidates not marked as shared may change between calls: never remembered.
    const growing = ['helper'];
    assert.strictEqual(nearestName('rendr', growing), null);
    growing.push('render');
    assert.strictEqual(nearestName('rendr', growing), 'render');
  });

  it('computes a module’s names once while nothing changes, anew after an edit, as a fresh check does', async () => {
    const dir = project();
    const ws = await Workspace.load({ root: dir });
    try {
      const all = ws.checkAll();
      for (const f of IMPORTERS) assert.deepStrictEqual(messages(all.get(f)), ["Cannot import 'helpr' from 'app.hub'; did you mean 'helper'?", "Cannot import 'rendr' from 'app.hub'; did you mean 'render'?"], f);
      const hub = ws.project.modules.locate('app/hub')!;
      assert.strictEqual(ws.project.namesOf(hub, new DependencyTracker()), ws.project.namesOf(hub, new DependencyTracker()), 'shared while nothing changes');
      const before = ws.project.namesOf(hub, new DependencyTracker());
      // Renaming one function and adding the misspelt other: each dependent's suggestions follow.
      const edited = HUB_TEXT.replace('def helper(', 'def helper_v2(') + '\n\ndef rendr(value):\n    return value\n';
      const result = await ws.setOverlay(HUB, edited);
      const after = ws.project.namesOf(ws.project.modules.locate('app/hub')!, new DependencyTracker());
      assert.notStrictEqual(after, before, 'computed anew after the edit');
      assert.ok(after.has('helper_v2') && after.has('rendr') && !after.has('helper'));
      // 'helpr' is now too far from any name (helper_v2: four edits); 'rendr' is defined.
      for (const f of IMPORTERS) assert.deepStrictEqual(messages(result.get(f)), ["Cannot import 'helpr' from 'app.hub'"], f);
      const fresh = await Workspace.load({ root: dir });
      try {
        await fresh.setOverlay(HUB, edited);
        const freshAll = fresh.checkAll();
        for (const f of IMPORTERS) {
          assert.deepStrictEqual(result.get(f), freshAll.get(f), `${f}: as a fresh check`);
        }
      } finally {
        await fresh.dispose();
      }
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
