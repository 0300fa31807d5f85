// The built server over real JSON-RPC against a hostile or broken client: a second initialize, a filesystem
// root as the workspace, malformed entries inside notification batches, handlers that throw, and requests
// sent while the initial indexing runs. The server must answer every request and drop only the bad entries.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

const indexedLogs = (client: LspClient) => client.logs.filter((l) => l.startsWith('indexed ')).length;

describe('language server: hostile client', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);

  beforeEach(async () => {
    root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
    client = new LspClient();
    await client.initialize(root);
    await client.waitFor('initial diagnostics', () => client.codes(file('app/routes.py')).length === 6 && indexedLogs(client) === 1);
  });

  afterEach(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  /** A request that runs after everything queued before it: once answered, earlier notifications are applied. */
  const roundTrip = () => client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(file('app/routes.py')) }, position: { line: 0, character: 0 } });

  it('refuses a second initialize (rootUri file:///) and indexes nothing again', async () => {
    await assert.rejects(
      client.connection.sendRequest('initialize', { processId: null, rootUri: 'file:///', workspaceFolders: [{ uri: 'file:///', name: 'root' }], capabilities: {} }),
      (e: { code: number; message: string }) => e.code === -32600 && /already initialized/.test(e.message),
    );
    await client.connection.sendNotification('initialized', {});
    await roundTrip();
    await client.waitFor('the repeated initialized to be ignored', () => client.logs.some((l) => l.includes('ignored a repeated initialized')));
    assert.strictEqual(indexedLogs(client), 1);
    assert.ok(!client.logs.some((l) => l.startsWith('indexed /\n') || l === 'indexed /' || /^indexed \/:/.test(l)), 'the filesystem root was never indexed');
  });

  it('processes the valid entries of a didChangeWatchedFiles batch next to malformed ones', async () => {
    const created = file('app/created.py');
    fs.writeFileSync(created, 'from app.models import Nope\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: null, type: 1 }, { uri: uriOf(created), type: 1 }, 42, { uri: uriOf(created), type: 9 }, { uri: 'untitled:x', type: 1 }],
    });
    await client.waitFor('the created file to be checked', () => client.codes(created).join() === 'unknown-import-name');
    assert.ok(client.logs.some((l) => /skipped 3 malformed didChangeWatchedFiles entries/.test(l)), client.logs.join('\n'));
    // Not a list at all: said, and nothing else happens.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: 'everything' });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', null);
    await roundTrip();
    assert.ok(client.logs.some((l) => /ignored didChangeWatchedFiles: not a list/.test(l)));
  });

  it('applies the well-formed content changes of a didChange and ignores malformed document notifications', async () => {
    const scratch = file('app/scratch.py');
    const uri = uriOf(scratch);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: null } });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'import os\n' } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: null, end: { line: 0, character: 0 } }, text: 'x' }, { range: { start: { line: 'a', character: 0 }, end: { line: 0, character: 1 } }, text: 'y' }, { text: 'from app.models import Nope\n' }, null],
    });
    await client.waitFor('the valid change to be checked', () => client.codes(scratch).join() === 'unknown-import-name');
    assert.ok(client.logs.some((l) => /skipped 3 malformed didChange content change/.test(l)), client.logs.join('\n'));
    // An incremental change after it lands on the text the valid change produced.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 23 }, end: { line: 0, character: 27 } }, text: 'User' }] });
    await client.waitFor('the incremental change to be checked', () => client.codes(scratch).length === 0);
    for (const params of [null, { textDocument: { uri } }, { textDocument: { uri, version: 4 }, contentChanges: 'x' }, { textDocument: null, contentChanges: [] }]) {
      await client.connection.sendNotification('textDocument/didChange', params);
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: null });
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: null }], removed: null } });
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', null);
    await roundTrip();
    assert.ok(client.logs.some((l) => /ignored malformed didChange/.test(l)));
    assert.ok(client.logs.some((l) => /ignored malformed didClose/.test(l)));
    assert.deepStrictEqual(client.codes(scratch), []);
    assert.strictEqual(client.process.exitCode, null, 'server process is still running');
  });

  it('answers a request whose handler throws with an error, and keeps answering', async () => {
    const routes = uriOf(file('app/routes.py'));
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: routes } }],
      ['textDocument/definition', { textDocument: { uri: routes }, position: null }],
      ['textDocument/codeAction', { textDocument: { uri: routes }, range: null, context: { diagnostics: [] } }],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
    ] as const) {
      await assert.rejects(client.connection.sendRequest(method, params), (e: { code: number; message: string }) => e.code === -32803 && /coherence: \w+ failed/.test(e.message), method);
    }
    assert.strictEqual(await roundTrip(), null);
  });
});

describe('language server: a filesystem root as the workspace', function () {
  this.timeout(60000);

  it('is refused with a message, and the server keeps answering', async () => {
    const client = new LspClient();
    try {
      await client.initialize('/');
      await client.waitFor('the refusal', () => client.logs.some((l) => l.includes('/ is a filesystem root, not a project folder')));
      const answer = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///etc/hostname' }, position: { line: 0, character: 0 } });
      assert.strictEqual(answer, null);
      assert.strictEqual(indexedLogs(client), 0);
    } finally {
      await client.shutdown();
    }
  });
});

describe('language server: requests while indexing', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;

  before(() => {
    // Enough modules that indexing takes far longer than a request's round trip.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-indexing-'));
    for (let p = 0; p < 12; p++) {
      fs.mkdirSync(path.join(root, `pkg${p}`));
      fs.writeFileSync(path.join(root, `pkg${p}`, '__init__.py'), '');
      for (let m = 0; m < 50; m++) {
        const body = Array.from({ length: 10 }, (_, i) => `def f${i}(a, b=${i}):\n    return pkg${p}.m${m}.f${i}(a) if a else b\n`).join('\n');
        fs.writeFileSync(path.join(root, `pkg${p}`, `m${m}.py`), `import pkg${p}.m${m}\n\n${body}`);
      }
    }
  });

  after(async () => {
    await client?.shutdown();
    removeTemp(root);
  });

  it('answers hover, definition and code actions before the first indexing is done', async () => {
    client = new LspClient();
    await client.initialize(root);
    await client.waitFor('the indexing to begin', () => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'begin'));
    const uri = uriOf(path.join(root, 'pkg0', 'm0.py'));
    const position = { line: 2, character: 5 };
    const answers = await Promise.all([
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
      client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position }),
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }),
    ]);
    const indexedWhenAnswered = indexedLogs(client);
    assert.deepStrictEqual(answers, [null, null, []]);
    assert.strictEqual(indexedWhenAnswered, 0, 'answered before the indexing finished');
    await client.waitFor('the indexing to finish', () => indexedLogs(client) === 1, 50000);
  });
});
