// An edit that changes only some module-level names of a module re-checks only the files that could see them
// (issue #17: name-scoped dependency keys, server/src/index/nameKeys.ts): which files each edit re-checks, and
// that the result equals a fresh check, in the editor and in a CLI run resuming the last one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setRacyMarginForTests } from '../../server/out/host/lastRun';
import { SummaryCache } from '../../server/out/host/summaryCache';
import { Workspace } from '../../server/out/host/workspace';
import { FIXTURES } from '../support/fixtures';
import { diagnosticsText } from '../support/replay';
import { resumedRun } from '../support/resumedRun';
import { projectOf, removeTemp } from '../support/tempProject';

const HUB = 'app/hub.py';
const HUB_TEXT = [
  'class Base:',
  '    def base_method(self):',
  '        return 1',
  '',
  '',
  'class Store(Base):',
  '    def save(self, value):',
  '        return value',
  '',
  '',
  'store = Store()',
  '',
  '',
  'def helper(value):',
  '    return value * 2',
  '',
  '',
  'def other(a, b):',
  '    return a + b',
  '',
].join('\n');
const USERS = 6;
const user = (i: number) => `app/user_${i}.py`;
const FILES: Record<string, string> = {
  'app/__init__.py': '',
  [HUB]: HUB_TEXT,
  'app/extra.py': 'def probe_added():\n    return 2\n',
  'app/caller.py': 'from app.hub import other\n\n\ndef go():\n    return other(1, 2)\n',
  'app/held.py': 'from app.hub import store\n\n\ndef go():\n    return store.save(1)\n',
  'app/sub.py': 'from app.hub import Store\n\n\ndef go():\n    return Store().base_method()\n',
  'app/star.py': 'from app.hub import *\n\n\ndef go():\n    return helper(1) + probe_added()\n',
  'app/missing.py': 'from app.hub import probe_added\n',
  'app/attr.py': 'from app import hub\n\n\ndef go():\n    return hub.helper(1)\n',
};
for (let i = 0; i < USERS; i++) FILES[user(i)] = 'from app.hub import helper\n\n\ndef use(value):\n    return helper(value)\n';
const ALL = Object.keys(FILES).filter((f) => f.endsWith('.py'));
const USER_FILES = Array.from({ length: USERS }, (_, i) => user(i));

describe('edits that change some names of a module', () => {
  let dir = '';
  let ws: Workspace | undefined;
  beforeEach(async () => {
    dir = projectOf(FILES);
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
  });
  afterEach(async () => {
    await ws?.dispose();
    ws = undefined;
    removeTemp(dir);
  });

  /** Writes the hub, applies it, compares every file with a fresh load; returns the files re-checked and the diagnostics. */
  async function editHub(text: string): Promise<{ rechecked: string[]; found: string }> {
    fs.writeFileSync(path.join(dir, HUB), text);
    const result = await ws!.applyChanges([{ path: HUB, kind: 'changed' }]);
    const fresh = await Workspace.load({ root: dir });
    fresh.checkAll();
    try {
      assert.strictEqual(diagnosticsText(ws!, ALL), diagnosticsText(fresh, ALL), 'the edit agrees with a fresh check');
    } finally {
      await fresh.dispose();
    }
    return { rechecked: [...result.keys()].sort(), found: diagnosticsText(ws!, ALL) };
  }

  const none = (rechecked: string[], files: string[]) => files.filter((f) => rechecked.includes(f));

  it('re-checks, for a function appended, only the files that could see a new name', async () => {
    assert.match(diagnosticsText(ws!, ['app/missing.py']), /Cannot import 'probe_added'/);
    const added = await editHub(HUB_TEXT + '\n\ndef probe_added():\n    return 1\n');
    // The hub itself, the file importing the missing name (its finding points into the hub), the star importer, the
    // one reading `hub.x`, and those reading Store's MRO (its classes' modules are read whole): not the six
    // importers of helper, nor the caller of other.
    const SEEING = ['app/attr.py', 'app/held.py', HUB, 'app/missing.py', 'app/star.py', 'app/sub.py'];
    assert.deepStrictEqual(added.rechecked, SEEING);
    assert.doesNotMatch(added.found, /probe_added/);
    const undone = await editHub(HUB_TEXT);
    assert.deepStrictEqual(undone.rechecked, SEEING);
    assert.match(undone.found, /Cannot import 'probe_added'/);
  });

  it('re-checks the importers of a renamed function, and them only (besides what reads the whole module)', async () => {
    const renamed = await editHub(HUB_TEXT.replace('def helper(', 'def helper_renamed('));
    assert.deepStrictEqual(none(renamed.rechecked, ['app/caller.py']), []);
    for (const f of USER_FILES) assert.ok(renamed.rechecked.includes(f), f);
    assert.strictEqual(renamed.found.match(/Cannot import 'helper'/g)?.length, USERS);
    const back = await editHub(HUB_TEXT);
    for (const f of USER_FILES) assert.ok(back.rechecked.includes(f), f);
    assert.doesNotMatch(back.found, /Cannot import 'helper'/);
  });

  it('re-checks the callers of a function whose signature changed, not the other importers', async () => {
    const changed = await editHub(HUB_TEXT.replace('def other(a, b):', 'def other(a, b, c):'));
    assert.ok(changed.rechecked.includes('app/caller.py'));
    assert.deepStrictEqual(none(changed.rechecked, USER_FILES), []);
    assert.match(changed.found, /app\/caller\.py.*call-signature/);
  });

  it('re-checks the readers of `store = Store()` when Store changes, and those of Store when its base changes', async () => {
    const lost = await editHub(HUB_TEXT.replace('    def save(self, value):\n        return value\n', '    pass\n'));
    assert.ok(lost.rechecked.includes('app/held.py'), 'store is Store(): an edit of Store reaches its readers');
    assert.deepStrictEqual(none(lost.rechecked, [...USER_FILES, 'app/caller.py']), []);
    assert.match(lost.found, /app\/held\.py.*'save'/);
    await editHub(HUB_TEXT);
    const base = await editHub(HUB_TEXT.replace('def base_method(', 'def base_method_renamed('));
    assert.ok(base.rechecked.includes('app/sub.py'), 'Store derives from Base: an edit of Base reaches the readers of Store');
    assert.deepStrictEqual(none(base.rechecked, [...USER_FILES, 'app/caller.py']), []);
    assert.match(base.found, /app\/sub\.py.*'base_method'/);
  });

  it('re-checks every reader when a star import is added (more than names changed)', async () => {
    const star = await editHub('from .extra import *\n' + HUB_TEXT);
    for (const f of [...USER_FILES, 'app/missing.py', 'app/caller.py', 'app/held.py']) assert.ok(star.rechecked.includes(f), f);
    assert.doesNotMatch(star.found, /probe_added/);
    const back = await editHub(HUB_TEXT);
    assert.match(back.found, /Cannot import 'probe_added'/);
  });

  it('re-checks the importers of a name that an import binds when that import changes', async () => {
    // (Relative: a new absolute import changes the module's list of imported packages, which is in its rest.)
    const shadowed = await editHub(HUB_TEXT + '\n\nfrom .extra import probe_added as helper\n');
    for (const f of USER_FILES) assert.ok(shadowed.rechecked.includes(f), f);
    assert.deepStrictEqual(none(shadowed.rechecked, ['app/caller.py']), []);
    const moved = await editHub(HUB_TEXT + '\n\nfrom .extra import probe_added as helper, probe_added as other\n');
    // The same import binds other too: other's readers are re-checked; helper's binding read as before.
    assert.ok(moved.rechecked.includes('app/caller.py'));
    assert.deepStrictEqual(none(moved.rechecked, USER_FILES), []);
  });
});

describe('edits of names that other readings reach without naming them', () => {
  let dir = '';
  let ws: Workspace | undefined;
  afterEach(async () => {
    await ws?.dispose();
    ws = undefined;
    removeTemp(dir);
  });

  /** Writes `rel`, applies it, and compares `files` with a fresh load; returns the diagnostics of `files`. */
  async function step(rel: string, text: string, files: string[]): Promise<string> {
    fs.writeFileSync(path.join(dir, rel), text);
    await ws!.applyChanges([{ path: rel, kind: 'changed' }]);
    const fresh = await Workspace.load({ root: dir });
    fresh.checkAll();
    try {
      assert.strictEqual(diagnosticsText(ws!, files), diagnosticsText(fresh, files), `after writing ${rel}`);
    } finally {
      await fresh.dispose();
    }
    return diagnosticsText(ws!, files);
  }

  it("re-checks the readers of a method's result when a subclass in the same module stops redefining it", async () => {
    const REPOS = 'from app.models import Invoice, Order\n\n\nclass Repo:\n    def billed(self, i: int) -> Order:\n        return Order(i)\n\n\nclass InvoiceRepo(Repo):\n    def billed(self, i: int) -> Invoice:\n        return Invoice(str(i))\n';
    dir = projectOf({
      'app/__init__.py': '',
      'app/models.py': 'from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    id: int\n\n\n@dataclass\nclass Invoice:\n    number: str\n',
      'app/repos.py': REPOS,
      'app/reader.py': 'from app.repos import Repo\n\n\ndef go(repo: Repo):\n    return repo.billed(1).number\n',
    });
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
    const files = ['app/reader.py'];
    assert.doesNotMatch(diagnosticsText(ws, files), /unknown-attribute/, 'a subclass says otherwise: unknown');
    // Repo's part is unchanged; InvoiceRepo's names Repo as its base, and Repo's readers read its subclasses.
    assert.match(await step('app/repos.py', REPOS.replace('    def billed(self, i: int) -> Invoice:', '    def billed_renamed(self, i: int) -> Invoice:'), files), /'number'/);
    assert.doesNotMatch(await step('app/repos.py', REPOS, files), /unknown-attribute/);
  });

  it('re-checks an import of a missing name when the module gains or loses a name near it (did you mean)', async () => {
    dir = projectOf({ 'app/__init__.py': '', [HUB]: HUB_TEXT, 'app/typo.py': 'from app.hub import halper\n', [user(0)]: FILES[user(0)] });
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
    const files = ['app/typo.py', user(0)];
    assert.match(diagnosticsText(ws, files), /did you mean 'helper'/);
    // Only the name set changed for typo.py's reading: halper is unbound before and after.
    assert.doesNotMatch(await step(HUB, HUB_TEXT.replace('def helper(', 'def helpers('), files), /did you mean 'helper'\?/);
    assert.match(await step(HUB, HUB_TEXT + '\n\ndef halper2():\n    return 1\n', files), /did you mean 'halper2'/);
  });

  it("re-checks the readers of a provider when a name an adapter's facts hold for it changes its binding", async () => {
    const FIXTURE = path.join(FIXTURES, 'sqlalchemy', 'async-lazy-loads-20');
    dir = projectOf(Object.fromEntries(['shop/__init__.py', 'shop/database.py', 'shop/models.py', 'shop/service.py'].map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')])));
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
    const files = ['shop/service.py'];
    const DATABASE = fs.readFileSync(path.join(dir, 'shop/database.py'), 'utf8');
    const before = diagnosticsText(ws, files);
    // The provider's session class is named in the adapter's facts (the module's rest), not in the provider's part.
    await step('shop/database.py', DATABASE.replace('from sqlalchemy.ext.asyncio import', 'from sqlalchemy.ext import'), files);
    assert.strictEqual(await step('shop/database.py', DATABASE, files), before);
  });
});

describe('a CLI run resuming the last one after an edit that adds a name', () => {
  it('re-checks only the files that could see the new name, and agrees with a full check', async () => {
    const dir = projectOf(FILES);
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-key-'));
    setRacyMarginForTests(Number.MAX_SAFE_INTEGER);
    const run = (cache: SummaryCache | undefined) => resumedRun(dir, cache);
    try {
      const cache = new SummaryCache({ dir: path.join(dir, '.coherence_cache'), keyDir, identity: 'names', log: () => {} });
      await run(cache);
      fs.writeFileSync(path.join(dir, HUB), HUB_TEXT + '\n\ndef probe_added():\n    return 1\n');
      const warm = await run(cache);
      assert.ok(warm.resumed, 'the run resumed the last one');
      // The stored keys came back: the hub, the file importing the missing name, the star importer, `hub.x`'s reader
      // and Store's two readers (of its MRO, read whole); not the six importers of helper nor other's caller.
      assert.strictEqual(warm.resumed!.rechecked, 6);
      assert.strictEqual(warm.found, (await run(undefined)).found);
      fs.writeFileSync(path.join(dir, HUB), HUB_TEXT.replace('def helper(', 'def helper_renamed('));
      const renamed = await run(cache);
      assert.ok(renamed.resumed && renamed.resumed.rechecked >= USERS + 1, `${renamed.resumed?.rechecked}`);
      assert.strictEqual(renamed.found, (await run(undefined)).found);
    } finally {
      setRacyMarginForTests(2000);
      removeTemp(keyDir);
      removeTemp(dir);
    }
  });
});
