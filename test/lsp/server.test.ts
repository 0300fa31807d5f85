// The built server over real JSON-RPC: workspace-wide diagnostics, edits re-checking dependents, quick
// fixes, file-system events, progress, and bad input that must never stop it from answering.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('language server (JSON-RPC over stdio)', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);

  beforeEach(async () => {
    root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  it('publishes diagnostics for files that were never opened, with progress while indexing', async () => {
    await client.waitFor('diagnostics of app/routes.py', () => client.codes(file('app/routes.py')).length === 6);
    assert.deepStrictEqual(client.codes(file('app/routes.py')), [
      'unknown-import-name',
      'unknown-import-name',
      'unknown-import-name',
      'unresolved-module',
      'unresolved-module',
      'unresolved-module',
    ]);
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.strictEqual(kinds[0], 'begin');
    await client.waitFor('progress end', () => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
  });

  it('re-indexes on a configuration change only when the settings differ', async () => {
    await client.waitFor('initial diagnostics', () => client.codes(file('app/routes.py')).length === 6);
    const indexed = () => client.logs.filter((l) => l.startsWith('indexed ')).length;
    await client.waitFor('the first indexing', () => indexed() === 1);
    // Clients announce their configuration right after start-up: unchanged, nothing is indexed again.
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    client.settings = { rules: { 'unresolved-module': 'off' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor('unresolved-module turned off', () => client.codes(file('app/routes.py')).length === 3 && indexed() >= 2);
    assert.strictEqual(indexed(), 2);
  });

  it('re-checks dependents when an open module changes, and clears them when it is restored', async () => {
    await client.waitFor('initial diagnostics', () => client.codes(file('app/routes.py')).length === 6);
    const userPy = file('app/services/user.py');
    const original = fs.readFileSync(userPy, 'utf8');
    await client.open(userPy, original);
    await client.change(userPy, original.replace('def get_user(', 'def get_user_by_id('));
    // services/__init__.py and routes.py import get_user: both light up without being opened.
    await client.waitFor('dependents to report the removed name', () => client.codes(file('app/services/__init__.py')).includes('unknown-import-name'));
    await client.waitFor('routes.py to report it too', () => client.codes(file('app/routes.py')).filter((c) => c === 'unknown-import-name').length === 4);
    await client.change(userPy, original);
    await client.waitFor('dependents to clear', () => client.codes(file('app/services/__init__.py')).length === 0 && client.codes(file('app/routes.py')).length === 6);
  });

  it('offers the did-you-mean quick fix as a versioned workspace edit', async () => {
    const routes = file('app/routes.py');
    await client.waitFor('routes diagnostics', () => client.codes(routes).length === 6);
    await client.open(routes, fs.readFileSync(routes, 'utf8'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(routes) },
      range: { start: { line: 14, character: 31 }, end: { line: 14, character: 31 } },
      context: { diagnostics: [] },
    })) as { title: string; kind: string; isPreferred: boolean; edit: { documentChanges: { textDocument: { version: number }; edits: { newText: string }[] }[] } }[];
    // The fix, then silencing the line; fix-all, a source action, comes with every request that does not narrow the kinds.
    assert.deepStrictEqual(
      actions.map((a) => [a.kind, a.title]),
      [
        ['quickfix', "Change 'get_usr' to 'get_user'"],
        ['quickfix', 'Ignore this line for unknown-import-name'],
        ['source.fixAll.coherence', 'Coherence: fix all safe problems'],
      ],
    );
    assert.strictEqual(actions[0].kind, 'quickfix');
    assert.strictEqual(actions[0].isPreferred, true);
    assert.strictEqual(actions[0].edit.documentChanges[0].textDocument.version, 1);
    assert.strictEqual(actions[0].edit.documentChanges[0].edits[0].newText, 'get_user');
  });

  it('lights up importers when a module is deleted on disk and clears them when it is restored', async () => {
    const routes = file('app/routes.py');
    await client.waitFor('routes diagnostics', () => client.codes(routes).length === 6);
    const userPy = file('app/services/user.py');
    const original = fs.readFileSync(userPy, 'utf8');
    fs.rmSync(userPy);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(userPy), type: 3 }] });
    await client.waitFor('services/__init__.py to report the missing module', () => client.codes(file('app/services/__init__.py')).includes('unresolved-module'));
    await client.waitFor('routes.py to report it', () => client.codes(routes).filter((c) => c === 'unresolved-module').length >= 4);
    fs.writeFileSync(userPy, original);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(userPy), type: 1 }] });
    await client.waitFor('everything back to the original state', () => client.codes(file('app/services/__init__.py')).length === 0 && client.codes(routes).length === 6);
  });

  it('keeps answering after truncated, random, binary and huge documents', async () => {
    await client.waitFor('initial diagnostics', () => client.codes(file('app/routes.py')).length === 6);
    const routesText = fs.readFileSync(file('app/routes.py'), 'utf8');
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const inputs = [
      routesText.slice(0, 200),
      routesText.slice(0, routesText.length / 2),
      Array.from({ length: 5000 }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join(''),
      Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]).toString('latin1'),
      'def f(:\n' + '    ('.repeat(3000),
      'x = "' + 'a'.repeat(3_000_000) + '"\n',
      '\u0000\u0001\u0002import os',
      'class A(\n  def',
    ];
    const scratch = file('app/scratch.py');
    await client.open(scratch, '');
    for (const text of inputs) await client.change(scratch, text);
    await client.change(scratch, 'from app.models import Nope\n');
    await client.waitFor('the last edit to be checked', () => client.codes(scratch).join() === 'unknown-import-name');
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(scratch) },
      range: { start: { line: 0, character: 23 }, end: { line: 0, character: 23 } },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions));
    assert.strictEqual(client.process.exitCode, null, 'server process is still running');
  });
});

describe('language server: hover and go-to-definition on Django references', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;

  before(async () => {
    root = copyToTemp(path.join(FIXTURES, 'django', 'model-fields'));
    client = new LspClient();
    await client.initialize(root);
    await client.waitFor('diagnostics of blog/services.py', () => client.codes(path.join(root, 'blog/services.py')).length > 0);
  });

  after(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  it('hovers a related field with the model it belongs to, and goes to its declaration', async () => {
    const services = path.join(root, 'blog/services.py');
    const text = fs.readFileSync(services, 'utf8');
    await client.open(services, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('print(article.author.display'));
    const position = { line, character: lines[line].indexOf('display') + 2 };
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(services) }, position })) as { contents: { kind: string; value: string }; range: { start: { character: number } } };
    assert.strictEqual(hover.contents.kind, 'markdown');
    assert.ok(hover.contents.value.includes('**Author.display**'), hover.contents.value);
    assert.ok(hover.contents.value.includes('`articles` ← Article (reverse accessor)'), hover.contents.value);
    assert.strictEqual(hover.range.start.character, lines[line].indexOf('display'));
    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(services) }, position })) as { uri: string; range: { start: { line: number } } };
    assert.strictEqual(definition.uri, uriOf(path.join(root, 'blog/models.py')));
    const models = fs.readFileSync(path.join(root, 'blog/models.py'), 'utf8').split('\n');
    assert.strictEqual(models[definition.range.start.line].trim(), 'def display(self):');
  });

  it('answers null where nothing Django is under the cursor, also after an edit moved the text', async () => {
    const services = path.join(root, 'blog/services.py');
    const text = fs.readFileSync(services, 'utf8');
    // Two lines inserted on top: the reference moves down, and the answer follows it.
    await client.change(services, '# a comment\n# another\n' + text);
    const lines = ('# a comment\n# another\n' + text).split('\n');
    const line = lines.findIndex((l) => l.includes('print(article.author.display'));
    const moved = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(services) }, position: { line, character: lines[line].indexOf('display') + 1 } })) as { contents: { value: string } } | null;
    assert.ok(moved?.contents.value.includes('**Author.display**'));
    const none = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(services) }, position: { line: 0, character: 3 } });
    assert.strictEqual(none, null);
  });
});
