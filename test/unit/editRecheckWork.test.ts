// What an edit re-derives, counted in rule runs (issue #17): a dependent re-runs only the rule families that
// read what changed, and within them only the items that did; typing inside a function body runs no rule on
// any other file. Counts, not time: each edit's findings are also compared with a fresh check.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkWork } from '../../server/out/checks/runChecks';
import { RULE_FAMILIES } from '../../server/out/checks/registry';
import type { Diagnostic } from '../../server/out/core/types';
import { Workspace } from '../../server/out/host/workspace';
import { removeTemp } from '../support/tempProject';

const HUB = 'app/hub.py';
const HUB_TEXT = 'LIMIT = 10\n\n\ndef helper(value):\n    return value * 2\n';
const OTHER = 'app/other.py';
const OTHER_TEXT = 'class Store:\n    def save(self, value):\n        return value\n';
/** Each importer: two imports, one from the hub and one from the other module, and a call of each. */
const IMPORTER_TEXT = 'from app.hub import helper\nfrom app.other import Store\n\n\ndef use(value):\n    Store().save(value)\n    return helper(value)\n';
const IMPORTERS = 12;
const importer = (i: number) => `app/user_${i}.py`;

function hubProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-recheck-work-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, HUB), HUB_TEXT);
  fs.writeFileSync(path.join(dir, OTHER), OTHER_TEXT);
  for (let i = 0; i < IMPORTERS; i++) fs.writeFileSync(path.join(dir, importer(i)), IMPORTER_TEXT);
  return dir;
}

/** Rule family runs, replays of a family's item lists (runChecks.ts replayLists) and item checks during `run`. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; familyRuns: number; familyReplays: number; itemChecks: number }> {
  const before = { ...checkWork };
  const result = await run();
  return {
    result,
    familyRuns: checkWork.familyRuns - before.familyRuns,
    familyReplays: checkWork.familyReplays - before.familyReplays,
    itemChecks: checkWork.itemChecks - before.itemChecks,
  };
}

describe('what an edit re-derives, counted in rule runs', () => {
  let dir = '';
  let ws: Workspace;
  beforeEach(async () => {
    dir = hubProject();
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
    await ws.setOverlay(HUB, HUB_TEXT);
    ws.prepareForEdits(ws.unpreparedDependents(HUB));
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });

  async function sameAsFresh(incremental: Map<string, Diagnostic[]>, hubText: string): Promise<void> {
    const fresh = await Workspace.load({ root: dir });
    try {
      await fresh.setOverlay(HUB, hubText);
      const all = fresh.checkAll();
      for (const [file, list] of incremental) assert.deepStrictEqual(list, all.get(file) ?? [], file);
    } finally {
      await fresh.dispose();
    }
  }

  it('prepares dependents within a time budget: it stops after the file that spends it, the next call goes on', async () => {
    // (A fresh workspace: the beforeEach prepared every dependent of the hub already.)
    const fresh = await Workspace.load({ root: dir });
    try {
      fresh.checkAll();
      await fresh.setOverlay(HUB, HUB_TEXT);
      const todo = fresh.unpreparedDependents(HUB);
      assert.strictEqual(todo.length, IMPORTERS);
      const first = fresh.prepareForEdits(todo, 0);
      assert.strictEqual(first.size, 1, 'a spent budget stops after one file');
      assert.strictEqual(fresh.unpreparedDependents(HUB).length, IMPORTERS - 1);
      let calls = 1;
      while (fresh.unpreparedDependents(HUB).length) {
        fresh.prepareForEdits(fresh.unpreparedDependents(HUB), 0);
        calls++;
      }
      assert.strictEqual(calls, IMPORTERS, 'each call prepared one file until none was left');
    } finally {
      await fresh.dispose();
    }
  });

  it('runs no rule on any other file when a function body changes', async () => {
    const body = await counted(() => ws.setOverlay(HUB, HUB_TEXT.replace('value * 2', 'value * 3')));
    assert.deepStrictEqual([...body.result.keys()], [HUB]);
    assert.strictEqual(body.familyRuns, RULE_FAMILIES.length, 'every family once, on the hub alone');
    assert.strictEqual(body.itemChecks, 0, 'no dependent item is checked again');
  });

  it('re-runs in each importer only the families and items that read the hub, and agrees with a fresh check', async () => {
    const renamed = HUB_TEXT.replace('def helper(', 'def helper_renamed(');
    // Twice each way: the first edit may record what the families read, the later ones must reuse it.
    for (const text of [renamed, HUB_TEXT, renamed, HUB_TEXT]) {
      const edit = await counted(() => ws.setOverlay(HUB, text));
      for (let i = 0; i < IMPORTERS; i++) assert.ok(edit.result.has(importer(i)), `${importer(i)} re-checked`);
      const flagged = [...edit.result.values()].filter((list) => list.some((d) => d.code === 'unknown-import-name')).length;
      assert.strictEqual(flagged, text === renamed ? IMPORTERS : 0);
      await sameAsFresh(edit.result, text);
      // The hub itself runs every family. The importers' import and call checks read nothing their family computed:
      // their families are not run again, their lists are replayed (the dependents were prepared before the edits).
      assert.strictEqual(edit.familyRuns, RULE_FAMILIES.length, 'no importer runs a family again');
      const dependentRederivations = edit.familyReplays;
      assert.ok(dependentRederivations >= IMPORTERS, `each importer re-derives the import check (${dependentRederivations})`);
      assert.ok(dependentRederivations <= 3 * IMPORTERS, `families that never read the hub are not re-derived (${dependentRederivations} for ${IMPORTERS} importers of ${RULE_FAMILIES.length} families)`);
      // Per importer: the hub's import and the call of helper; the import from app.other and Store().save() stay.
      assert.ok(edit.itemChecks >= IMPORTERS && edit.itemChecks <= 2 * IMPORTERS, `items that read only app.other are not checked again (${edit.itemChecks})`);
    }
  });

  it('checks again the items that read another module once that module changes', async () => {
    await ws.setOverlay(OTHER, OTHER_TEXT);
    ws.prepareForEdits(ws.unpreparedDependents(OTHER));
    const broken = OTHER_TEXT.replace('def save(', 'def store(');
    const edit = await counted(() => ws.setOverlay(OTHER, broken));
    const flagged = [...edit.result.values()].filter((list) => list.some((d) => d.code === 'unknown-attribute')).length;
    assert.strictEqual(flagged, IMPORTERS, JSON.stringify([...edit.result].map(([f, l]) => [f, l.map((d) => d.code)])));
    assert.ok(edit.familyRuns + edit.familyReplays - RULE_FAMILIES.length <= 3 * IMPORTERS, `${edit.familyRuns} runs, ${edit.familyReplays} replays`);
    const fresh = await Workspace.load({ root: dir });
    try {
      await fresh.setOverlay(OTHER, broken);
      const all = fresh.checkAll();
      for (const [file, list] of edit.result) assert.deepStrictEqual(list, all.get(file) ?? [], file);
    } finally {
      await fresh.dispose();
    }
  });
});
