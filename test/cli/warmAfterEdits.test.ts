// A run after edits takes the findings of the files the edits cannot affect from the last run and checks only
// the rest (issue #17): after each kind of change its findings equal a cold run's, diagnostic for diagnostic,
// and a damaged or foreign store is survived with one line in the log and a full check.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareDiagnostics } from '../../server/out/core/types';
import { checkFolder, keepRun, type CheckedRun } from '../../server/out/host/warmRun';
import { Workspace } from '../../server/out/host/workspace';
import { SummaryCache } from '../../server/out/host/summaryCache';
import { checkWork } from '../../server/out/checks/runChecks';
import { setRacyMarginForTests } from '../../server/out/host/lastRun';
import { setReadHookForTests } from '../../server/out/workspace/safeRead';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('warm runs after edits', function () {
  this.timeout(120000);
  let root: string;
  let keyDir: string;
  let logged: string[];
  const write = (rel: string, text: string) => fs.writeFileSync(path.join(root, rel), text);
  const edit = (rel: string, from: string, to: string) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    assert.ok(text.includes(from), `${rel} holds ${from}`);
    write(rel, text.replace(from, to));
  };

  /** A CLI run from the cache (`identity`: the build's schema/grammar key); returns how it went and what it found. */
  async function warm(identity = 'build-1'): Promise<{ how: string; rechecked: number; found: string }> {
    const cache = new SummaryCache({ dir: path.join(root, '.coherence_cache'), keyDir, identity, log: (m) => logged.push(m) });
    const run = await checkFolder({ root, cache, log: () => {} }, true);
    try {
      if (run.ws) keepRun(cache, run.ws, run.diagnostics);
      const how = run.lastRun ? 'last run' : run.resumed ? 'resumed' : 'full';
      return { how, rechecked: run.resumed?.rechecked ?? -1, found: shown(run) };
    } finally {
      await run.ws?.dispose();
    }
  }

  async function cold(): Promise<string> {
    const run = await checkFolder({ root, log: () => {} }, false);
    await run.ws?.dispose();
    return shown(run);
  }

  const shown = (run: CheckedRun) => JSON.stringify(run.diagnostics.sort(compareDiagnostics), null, 1);

  /**
   * Makes each change, then a run from the cache: it resumes the last one and finds what a cold run finds, which
   * differs from what the run before found (the reused findings alone would be wrong). Returns the last findings.
   */
  async function eachChangeSeen(steps: [string, () => void][], before: string): Promise<string> {
    for (const [what, change] of steps) {
      change();
      const after = await warm();
      assert.strictEqual(after.how, 'resumed', what);
      assert.strictEqual(after.found, await cold(), what);
      assert.notStrictEqual(after.found, before, `${what} changes the findings`);
      before = after.found;
      assert.strictEqual((await warm()).how, 'last run', `${what}: the run after it prints it again`);
    }
    return before;
  }

  beforeEach(() => {
    root = copyToTemp(path.join(FIXTURES, 'django', 'migrations'));
    keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-key-'));
    logged = [];
    fs.mkdirSync(path.join(root, 'helpers'));
    write('helpers/__init__.py', '');
    write('helpers/text.py', 'def slugify_title(title):\n    return title.lower()\n');
    write('blog/views.py', 'import requests\n\nfrom helpers.text import slugify_title\n\n\ndef show(title):\n    requests.get(slugify_title(title))\n');
    write('requirements.txt', 'django\n');
  });
  afterEach(() => {
    removeTemp(root);
    removeTemp(keyDir);
  });

  it('equals a cold run after each kind of change, re-checking only what a change can affect', async () => {
    const first = await warm();
    assert.strictEqual(first.how, 'full');
    assert.strictEqual(first.found, await cold());
    assert.strictEqual((await warm()).how, 'last run');

    // An edit inside a function body changes no surface: only the edited file is checked again.
    edit('helpers/text.py', 'title.lower()', 'title.strip().lower()');
    const body = await warm();
    assert.deepStrictEqual([body.how, body.rechecked], ['resumed', 1]);
    assert.strictEqual(body.found, first.found);
    assert.strictEqual(body.found, await cold());

    const steps: [string, () => void][] = [
      ['a renamed function used elsewhere', () => edit('helpers/text.py', 'def slugify_title', 'def make_slug')],
      ['a deleted file', () => fs.rmSync(path.join(root, 'helpers', 'text.py'))],
      ['an added file', () => write('helpers/text.py', 'def slugify_title(title):\n    return title\n')],
      ['a changed manifest', () => write('requirements.txt', 'django\nrequests\n')],
      ['a changed INSTALLED_APPS', () => edit('mysite/settings.py', '    "notes",\n', '')],
      [
        'a changed migration',
        () => edit('blog/migrations/0004_draft.py', '    ]\n', '        migrations.AddField(model_name="author", name="email", field=models.EmailField(blank=True)),\n    ]\n'),
      ],
    ];
    await eachChangeSeen(steps, body.found);
    assert.deepStrictEqual(logged, []);
  });

  it('sees edits that change what other modules say without changing their names: an import moved, a write to a module', async () => {
    write('helpers/plain.py', 'def slugify_title(title, sep):\n    return title\n');
    write('helpers/api.py', 'from .text import slugify_title\n');
    write('helpers/settings.py', 'DEBUG = False\n');
    write('helpers/boot.py', 'import helpers.settings\n');
    write('blog/feeds.py', 'import helpers.settings\nfrom helpers.api import slugify_title\n\n\ndef feed(title):\n    return slugify_title(title), helpers.settings.VERBOSE\n');
    const first = await warm();
    assert.strictEqual(first.found, await cold());
    const steps: [string, () => void][] = [
      // The same name, bound from another module whose function takes another argument list.
      ['a module-scope import moved to another module', () => edit('helpers/api.py', 'from .text import', 'from .plain import')],
      // Another file sets the attribute that blog/feeds.py reads: it exists now.
      ['a write of a module attribute added in another file', () => edit('helpers/boot.py', 'import helpers.settings\n', 'import helpers.settings\n\nhelpers.settings.VERBOSE = True\n')],
      ['that write removed', () => edit('helpers/boot.py', '\nhelpers.settings.VERBOSE = True\n', '')],
      ['the import moved back', () => edit('helpers/api.py', 'from .plain import', 'from .text import')],
    ];
    assert.strictEqual(await eachChangeSeen(steps, first.found), first.found, 'the last steps restore the start');
    assert.deepStrictEqual(logged, []);
  });

  it('re-checks the import suggestions of a file it did not change when a file it never read starts or stops defining the name', async () => {
    // The run resumes with the summaries indexed before its records are restored: what they define is noted
    // after, for the files that change (index/definitions.ts). Nothing but the name's definers connects them.
    write('blog/mail.py', 'def send():\n    return Notifier()\n');
    const first = await warm();
    assert.strictEqual(first.found, await cold());
    const steps: [string, () => void][] = [
      ['a definition of the name added', () => edit('helpers/text.py', '    return title.lower()\n', '    return title.lower()\n\n\nclass Notifier:\n    pass\n')],
      ['that definition removed', () => edit('helpers/text.py', '\n\nclass Notifier:\n    pass\n', '')],
    ];
    assert.strictEqual(await eachChangeSeen(steps, first.found), first.found, 'the last step restores the start');
    assert.doesNotMatch(first.found, /import it from/);
  });

  it('starts a workspace that goes on (the language server) from the last run: its findings restored, the changes since checked, edits after', async () => {
    await warm();
    const start = async () => {
      const cache = new SummaryCache({ dir: path.join(root, '.coherence_cache'), keyDir, identity: 'build-1', log: (m) => logged.push(m) });
      return Workspace.startWorking({ root, cache, log: () => {} });
    };
    const flat = (ws: Workspace) => JSON.stringify(ws.currentDiagnostics().sort(compareDiagnostics), null, 1);
    const unchanged = await start();
    try {
      assert.strictEqual(unchanged.resumed?.rechecked, 0, 'nothing checked');
      assert.ok(unchanged.resumed.reused >= unchanged.ws.fileCount, 'every file’s findings restored');
      assert.strictEqual(flat(unchanged.ws), await cold());
      // An edit after the start is checked as the editor's are: with its dependents.
      const dependents = await unchanged.ws.setOverlay('helpers/text.py', 'def make_slug(title):\n    return title\n');
      assert.ok(dependents.has('blog/views.py'));
    } finally {
      await unchanged.ws.dispose();
    }
    edit('helpers/text.py', 'def slugify_title', 'def make_slug');
    const changed = await start();
    try {
      assert.ok(changed.resumed && changed.resumed.rechecked >= 2, JSON.stringify(changed.resumed));
      assert.strictEqual(flat(changed.ws), await cold());
    } finally {
      await changed.ws.dispose();
    }
    assert.deepStrictEqual(logged, []);
  });

  it('checks the dependents of a changed surface whole: no per-item results are recorded for edits that never come', async () => {
    await warm();
    const renamed = () => edit('helpers/text.py', 'def slugify_title', 'def make_slug');
    const work = async () => {
      const before = { ...checkWork };
      const run = await warm();
      return { ...run, familyRuns: checkWork.familyRuns - before.familyRuns, itemChecks: checkWork.itemChecks - before.itemChecks };
    };
    renamed();
    const after = await work();
    // The edited file and blog/views.py, which imports the renamed function (reported now).
    assert.deepStrictEqual([after.how, after.rechecked], ['resumed', 2]);
    assert.match(after.found, /slugify_title/);
    assert.strictEqual(after.found, await cold());
    assert.ok(after.familyRuns > 0);
    assert.strictEqual(after.itemChecks, 0, 'item checks are what re-deriving records');
  });

  it('reads each file once, whether it resumes from the last run or checks everything', async () => {
    await warm();
    const reads = new Map<string, number>();
    setReadHookForTests((absolute) => {
      reads.set(path.relative(root, absolute), (reads.get(path.relative(root, absolute)) ?? 0) + 1);
      return undefined;
    });
    try {
      edit('helpers/text.py', 'title.lower()', 'title.upper()');
      assert.strictEqual((await warm()).how, 'resumed');
      // The edited file is read again when its change is applied, after listing.
      assert.deepStrictEqual([...reads].filter(([, n]) => n > 1), [['helpers/text.py', 2]]);
      reads.clear();
      edit('helpers/text.py', 'title.upper()', 'title.lower()');
      fs.rmSync(path.join(root, '.coherence_cache', 'findings.bin'));
      assert.strictEqual((await warm()).how, 'full');
      assert.ok(reads.size > 20);
      assert.deepStrictEqual([...reads].filter(([, n]) => n > 1), []);
    } finally {
      setReadHookForTests(undefined);
    }
  });

  it('reads no file whose stats are those the last listing found, and reads one written since whatever its times say', async () => {
    const reads = new Map<string, number>();
    setReadHookForTests((absolute) => {
      reads.set(path.relative(root, absolute), (reads.get(path.relative(root, absolute)) ?? 0) + 1);
      return undefined;
    });
    try {
      const first = await warm();
      // The files were written just now: within the margin, their stats are not trusted, and they are read again.
      assert.strictEqual((await warm()).how, 'last run');
      assert.ok(reads.size > 20);
      setRacyMarginForTests(0);
      // A whole second, which setting the time back below gives exactly.
      const file = path.join(root, 'helpers', 'text.py');
      const hourAgo = Math.floor(Date.now() / 1000) - 3600;
      fs.utimesSync(file, hourAgo, hourAgo);
      await warm(); // keeps the stats of files now past the margin
      reads.clear();
      assert.strictEqual((await warm()).how, 'last run');
      assert.deepStrictEqual([...reads.keys()], [], 'nothing read');
      // A run kept without stats of its own (the language server's) keeps those.
      const cache = new SummaryCache({ dir: path.join(root, '.coherence_cache'), keyDir, identity: 'build-1', log: (m) => logged.push(m) });
      const kept = cache.loadLastRun()!;
      assert.ok(kept.stats && kept.stats.files.length > 20);
      cache.saveLastRun({ fingerprint: kept.fingerprint, fileCount: kept.fileCount, diagnostics: kept.diagnostics, notes: kept.notes });
      assert.strictEqual((await warm()).how, 'last run');
      assert.deepStrictEqual([...reads.keys()], [], 'nothing read after the language server kept its run');

      // Same size, modification time set back: the change time still says it was written.
      const size = fs.statSync(file).size;
      edit('helpers/text.py', 'def slugify_title', 'def slugify_tilte');
      fs.utimesSync(file, hourAgo, hourAgo);
      assert.deepStrictEqual([fs.statSync(file).mtimeMs, fs.statSync(file).size], [hourAgo * 1000, size]);
      const renamed = await warm();
      assert.strictEqual(renamed.how, 'resumed');
      assert.notStrictEqual(renamed.found, first.found);
      assert.strictEqual(renamed.found, await cold());
      assert.ok(reads.has('helpers/text.py'));
    } finally {
      setRacyMarginForTests(2000);
      setReadHookForTests(undefined);
    }
  });

  it('checks everything when the schema or grammar key changed, or the store is damaged, saying so once', async () => {
    await warm();
    edit('helpers/text.py', 'def slugify_title', 'def make_slug');
    const rebuilt = await warm('build-2');
    assert.strictEqual(rebuilt.how, 'full');
    assert.strictEqual(rebuilt.found, await cold());
    assert.ok(logged.length >= 1 && logged.every((m) => /ignored .*rebuilt/.test(m)), logged.join('\n'));

    for (const [what, damage] of [
      ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
      ['garbage', (bytes: Buffer) => Buffer.alloc(bytes.length, 7)],
    ] as const) {
      edit('helpers/text.py', 'return title.lower()', 'return title.upper()');
      const store = path.join(root, '.coherence_cache', 'findings.bin');
      fs.writeFileSync(store, damage(fs.readFileSync(store)));
      logged = [];
      const after = await warm('build-2');
      assert.strictEqual(after.how, 'full', what);
      assert.strictEqual(after.found, await cold(), what);
      assert.strictEqual(logged.length, 1, logged.join('\n'));
      assert.match(logged[0], /findings\.bin ignored/);
      edit('helpers/text.py', 'return title.upper()', 'return title.lower()');
      assert.strictEqual((await warm('build-2')).how, 'resumed', `${what}: the store is rebuilt`);
    }
  });
});
