// What an edit of an open hub module re-checks (issue #17): typing inside a function body changes nothing
// other files can see, so only the edited file is re-checked; an edit of what it exports re-checks its
// importers. In-process, through the same Workspace.setOverlay the language server calls on didChange.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { removeTemp } from '../support/tempProject';

const IMPORTERS = 40;
const HUB = 'app/hub.py';
const HUB_TEXT = [
  'import os',
  '',
  'LIMIT = 10',
  '',
  '',
  'def helper(value):',
  '    """Doubles a value."""',
  '    return value * 2',
  '',
  '',
  'class Service:',
  '    retries = 3',
  '',
  '    def run(self, value):',
  '        total = helper(value)',
  '        return total + LIMIT',
  '',
].join('\n');

function hubProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-edit-scope-'));
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, HUB), HUB_TEXT);
  for (let i = 0; i < IMPORTERS; i++) {
    const text =
      i % 2 === 0
        ? `from app.hub import LIMIT, Service, helper\n\n\ndef use_${i}():\n    return helper(${i}) + Service().run(LIMIT)\n`
        : `from app import hub\n\n\ndef use_${i}():\n    return hub.helper(${i}) + hub.Service.retries\n`;
    fs.writeFileSync(path.join(dir, 'app', `user_${i}.py`), text);
  }
  return dir;
}

describe('what an edit of a hub module re-checks', () => {
  let dir = '';
  let ws: Workspace;
  beforeEach(async () => {
    dir = hubProject();
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
    await ws.setOverlay(HUB, HUB_TEXT);
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });

  const bodyEdits: [string, string, string][] = [
    ['a changed return expression', '    return value * 2', '    return value * 3'],
    ['a new local variable and call', '        total = helper(value)', '        total = helper(value)\n        extra = os.path.join("a", "b")\n        total += len(extra)'],
    ['a nested function', '    return value * 2', '    def inner():\n        return value\n\n    return inner() * 2'],
    ['a method call on a result', '        return total + LIMIT', '        return total.bit_length() + LIMIT'],
    ['a changed docstring', '"""Doubles a value."""', '"""Doubles a value, twice."""'],
    ['a comment', '    return value * 2', '    # keep it simple\n    return value * 2'],
  ];
  for (const [what, from, to] of bodyEdits) {
    it(`re-checks only the hub after ${what} inside a function body`, async () => {
      assert.ok(HUB_TEXT.includes(from));
      const rechecked = await ws.setOverlay(HUB, HUB_TEXT.replace(from, to));
      assert.deepStrictEqual([...rechecked.keys()], [HUB]);
      const back = await ws.setOverlay(HUB, HUB_TEXT);
      assert.deepStrictEqual([...back.keys()], [HUB]);
    });
  }

  it('prepares the importers for edits of the hub without changing what they report, and the edits after agree with a fresh check', async () => {
    const before = JSON.stringify([...ws.checkAll()].sort());
    const unprepared = ws.unpreparedDependents(HUB).sort();
    assert.deepStrictEqual(unprepared, Array.from({ length: IMPORTERS }, (_, i) => `app/user_${i}.py`).sort());
    const prepared = ws.prepareForEdits(unprepared);
    assert.deepStrictEqual([...prepared.keys()].sort(), unprepared);
    assert.deepStrictEqual(ws.unpreparedDependents(HUB), []);
    assert.strictEqual(JSON.stringify([...ws.checkAll()].sort()), before, 'preparing changes no finding');
    ws.prepareForEdits(ws.unpreparedDependents(HUB));
    const renamed = HUB_TEXT.replace('def helper(', 'def helper_renamed(').replace('    retries = 3\n', '');
    const incremental = await ws.setOverlay(HUB, renamed);
    const fresh = await Workspace.load({ root: dir });
    try {
      await fresh.setOverlay(HUB, renamed);
      const all = fresh.checkAll();
      for (const [file, list] of incremental) assert.deepStrictEqual(list, all.get(file), file);
      assert.strictEqual([...incremental].filter(([file, list]) => file !== HUB && list.length).length, IMPORTERS, 'every importer reports the change');
    } finally {
      await fresh.dispose();
    }
  });

  it('re-checks every importer after an edit of what the hub exports, and they report it', async () => {
    const rechecked = await ws.setOverlay(HUB, HUB_TEXT.replace('def helper(', 'def helper_renamed('));
    for (let i = 0; i < IMPORTERS; i++) assert.ok(rechecked.has(`app/user_${i}.py`), `app/user_${i}.py re-checked`);
    const flagged = [...rechecked].filter(([, list]) => list.some((d) => d.code === 'unknown-import-name' || d.code === 'unknown-module-attribute'));
    assert.strictEqual(flagged.length, IMPORTERS, JSON.stringify([...rechecked].map(([f, l]) => [f, l.map((d) => d.code)])));
    const restored = await ws.setOverlay(HUB, HUB_TEXT);
    assert.ok([...restored.values()].every((list) => list.length === 0));
  });
});
