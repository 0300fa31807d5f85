// Start-up of the built server over stdio (issue #17): one indexing even when the client announces its
// configuration at once, progress while it works, the open document's diagnostics before any other file's,
// and a second start that parses nothing because the first left its summaries in the project's cache.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspClient, uriOf } from '../support/lspClient';
import { removeTemp } from '../support/tempProject';

/** More modules than one slice of the initial check (200), each importing a name its target lacks. */
const MODULES = 450;
const moduleName = (i: number) => `mod_${String(i).padStart(3, '0')}`;

function brokenImportsProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-startup-'));
  fs.mkdirSync(path.join(dir, 'pkg'));
  fs.writeFileSync(path.join(dir, 'pkg', '__init__.py'), '');
  fs.writeFileSync(path.join(dir, 'pkg', 'base.py'), 'def present():\n    return 1\n');
  for (let i = 0; i < MODULES; i++) {
    fs.writeFileSync(path.join(dir, 'pkg', `${moduleName(i)}.py`), `from pkg.base import present, absent_${i}\n\n\ndef use():\n    return present(), absent_${i}\n`);
  }
  return dir;
}

type ProgressValue = { kind: 'begin' | 'report' | 'end'; percentage?: number };
const progressValues = (client: LspClient) => client.progress.map((p) => (p as { value: ProgressValue }).value);
const indexedLogs = (client: LspClient) => client.logs.filter((l) => l.startsWith('indexed '));

/** Starts the server the way editors do: initialize, the open editor's didOpen, initialized, then the configuration. */
async function start(root: string, open: string): Promise<LspClient> {
  const client = new LspClient();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uriOf(root),
    workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
  });
  await client.open(open, fs.readFileSync(open, 'utf8'));
  await client.connection.sendNotification('initialized', {});
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  return client;
}

describe('language server start-up', function () {
  this.timeout(120000);
  let root: string;
  let client: LspClient | null = null;
  // The last module: last in every natural order, so only the open-first rule publishes it first.
  const openFile = () => path.join(root, 'pkg', `${moduleName(MODULES - 1)}.py`);
  const everyModuleFlagged = () => Array.from({ length: MODULES }, (_, i) => i).every((i) => client!.codes(path.join(root, 'pkg', `${moduleName(i)}.py`)).join() === 'unknown-import-name');

  beforeEach(() => {
    root = brokenImportsProject();
  });
  afterEach(async () => {
    await client?.shutdown();
    client = null;
    removeTemp(root);
  });

  it('indexes once, with progress, and publishes the open document before the other files', async () => {
    client = await start(root, openFile());
    await client.waitFor('every module flagged', everyModuleFlagged, 100000);
    await client.waitFor('progress end', () => progressValues(client!).some((v) => v.kind === 'end'));
    // An edit is queued behind any other indexing: once it is answered, a second indexing would have run.
    await client.change(openFile(), 'from pkg.base import present\n');
    await client.waitFor('the edit checked', () => client!.codes(openFile()).length === 0);
    assert.strictEqual(indexedLogs(client).length, 1, client.logs.join(''));
    assert.match(indexedLogs(client)[0], new RegExp(`: ${MODULES + 2} files \\(${MODULES + 2} parsed`));
    const progress = progressValues(client);
    assert.deepStrictEqual([progress[0].kind, progress[progress.length - 1].kind], ['begin', 'end']);
    assert.strictEqual(progress.filter((v) => v.kind === 'begin').length, 1);
    const percentages = progress.filter((v) => v.kind === 'report').map((v) => v.percentage ?? 0);
    assert.ok(percentages.length >= 2, 'progress is reported while indexing');
    assert.deepStrictEqual(percentages, [...percentages].sort((a, b) => a - b), 'progress never goes back');
    assert.strictEqual(client.publishedUris[0], uriOf(openFile()));
    assert.strictEqual(new Set(client.publishedUris).size, MODULES, 'each module published');
  });

  it('starts from the cache the previous start left: nothing is parsed, the same diagnostics are published', async () => {
    client = await start(root, openFile());
    await client.waitFor('every module flagged', everyModuleFlagged, 100000);
    await client.shutdown();
    assert.ok(fs.existsSync(path.join(root, '.coherence_cache')), 'the first start wrote the cache');
    client = await start(root, openFile());
    await client.waitFor('every module flagged from the cache', everyModuleFlagged, 100000);
    await client.waitFor('the indexing log', () => indexedLogs(client!).length === 1);
    assert.match(indexedLogs(client)[0], new RegExp(`: ${MODULES + 2} files \\(0 parsed`));
    assert.strictEqual(client.publishedUris[0], uriOf(openFile()));
    // Nothing changed since the first start: its findings were shown before indexing, and not sent again.
    assert.ok(client.logs.some((l) => l.includes(`published the last run's findings in ${root} (nothing changed since): ${MODULES} in`)), client.logs.join(''));
    assert.strictEqual(client.publishedUris.length, MODULES, 'each module published once');
    await client.shutdown();

    // One module fixed between starts: the last run's findings are not what the files say now, and are not shown.
    fs.writeFileSync(path.join(root, 'pkg', `${moduleName(0)}.py`), 'from pkg.base import present\n');
    client = await start(root, openFile());
    await client.waitFor('the indexing log', () => indexedLogs(client!).length === 1, 100000);
    assert.match(indexedLogs(client)[0], new RegExp(`: ${MODULES + 2} files \\(1 parsed`));
    assert.ok(!client.logs.some((l) => l.includes("published the last run's findings")));
    await client.waitFor('the other modules flagged', () => client!.publishedUris.length === MODULES - 1);
    assert.deepStrictEqual(client.codes(path.join(root, 'pkg', `${moduleName(0)}.py`)), []);
  });
});
