// The built server on a hostile workspace: bad exclude globs in settings and pyproject.toml are logged and
// the rest is checked and published; a watched-file event for a link out of the workspace reads nothing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspClient, uriOf } from '../support/lspClient';

describe('language server on a hostile workspace', function () {
  this.timeout(60000);
  let base: string;
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-lsp-hostile-'));
    root = path.join(base, 'project');
    fs.mkdirSync(path.join(root, 'app'), { recursive: true });
    fs.mkdirSync(path.join(root, 'legacy'));
    fs.writeFileSync(file('app/__init__.py'), '');
    fs.writeFileSync(file('app/main.py'), 'import app.shadow\nprint(nme)\n');
    fs.writeFileSync(file('legacy/old.py'), 'print(gone)\n');
    fs.writeFileSync(file('pyproject.toml'), `[tool.coherence]\nexclude = ["", "${'{a,b}'.repeat(20)}", "{1..100000000}"]\n`);
    client = new LspClient();
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('logs bad exclude globs, applies the good ones and publishes the rest', async () => {
    client.settings = { exclude: ['', null, 'legacy/**'], sourceRoots: [3] };
    await client.initialize(root);
    await client.waitFor('indexed', () => client.logs.some((l) => l.includes('indexed ')));
    await client.waitFor('diagnostics of app/main.py', () => client.codes(file('app/main.py')).length > 0);
    assert.deepStrictEqual(client.codes(file('app/main.py')), ['undefined-name', 'unresolved-module']);
    assert.strictEqual(client.diagnostics.has(uriOf(file('legacy/old.py'))), false);
    assert.strictEqual(client.logs.filter((l) => l.includes('exclude glob')).length, 5, client.logs.join('\n'));
    assert.ok(client.logs.some((l) => l.includes('source-roots setting: 3 is not a string')), client.logs.join('\n'));
  });

  it('does not read a file created as a link out of the workspace; its module is there, its contents unknown', async () => {
    fs.writeFileSync(path.join(base, 'secret.py'), 'print(undefined_in_secret)\n');
    await client.initialize(root);
    await client.waitFor('diagnostics of app/main.py', () => client.codes(file('app/main.py')).includes('unresolved-module'));
    fs.symlinkSync(path.join(base, 'secret.py'), file('app/shadow.py'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file('app/shadow.py')), type: 1 }] });
    await client.waitFor('app.shadow present', () => !client.codes(file('app/main.py')).includes('unresolved-module'));
    assert.deepStrictEqual(client.codes(file('app/shadow.py')), ['file-not-analysed']);
    assert.strictEqual(client.logs.filter((l) => l.includes('skipped app/shadow.py: not read')).length, 1, client.logs.join('\n'));
  });
});
