// `coherence/status` (the VS Code status item's source): indexing progress, then "ready" with the file count;
// "checking" as soon as an edit is queued, "ready" once it is checked. Only for a client that asks for it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

interface Status {
  state: string;
  message?: string;
  fileCount?: number;
}

async function start(root: string, statusNotifications: boolean): Promise<{ client: LspClient; statuses: Status[]; result: { serverInfo: { version: string } } }> {
  const client = new LspClient();
  const statuses: Status[] = [];
  client.connection.onNotification('coherence/status', (s: Status) => {
    statuses.push(s);
  });
  const result = (await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uriOf(root),
    workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
    initializationOptions: { settings: {}, statusNotifications },
  })) as { serverInfo: { version: string } };
  await client.connection.sendNotification('initialized', {});
  return { client, statuses, result };
}

/** Status notifications do not wake LspClient.waitFor: poll for them. */
async function until(description: string, predicate: () => boolean, timeoutMs = 20000): Promise<void> {
  for (const started = Date.now(); !predicate(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${description}`);
  }
}

describe('language server: coherence/status', function () {
  this.timeout(60000);
  let root: string;
  beforeEach(() => (root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'))));
  afterEach(() => removeTemp(root));

  it('reports indexing, then ready with the file count; checking while an edit waits; its version in serverInfo', async () => {
    const { client, statuses, result } = await start(root, true);
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
      assert.strictEqual(result.serverInfo.version, pkg.version);
      const routes = path.join(root, 'app', 'routes.py');
      await client.waitFor('diagnostics of app/routes.py', () => client.codes(routes).length === 6);
      await until('ready', () => statuses.some((s) => s.state === 'ready'));
      const firstReady = statuses.findIndex((s) => s.state === 'ready');
      assert.ok(statuses.slice(0, firstReady).some((s) => s.state === 'indexing' && /\d+\/\d+/.test(s.message ?? '')), JSON.stringify(statuses));
      const pythonFiles = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.py') && !f.startsWith('.golden')).length;
      assert.strictEqual(statuses[firstReady].fileCount, pythonFiles);

      statuses.length = 0;
      await client.open(routes, fs.readFileSync(routes, 'utf8') + '\nundefined_here\n');
      await client.waitFor('the edit checked', () => client.codes(routes).length === 7);
      await until('ready after the edit', () => statuses.some((s) => s.state === 'ready'));
      assert.strictEqual(statuses[0].state, 'checking', JSON.stringify(statuses));
    } finally {
      await client.shutdown();
    }
  });

  it('sends nothing to a client that did not ask', async () => {
    const { client, statuses } = await start(root, false);
    try {
      await client.waitFor('diagnostics', () => client.codes(path.join(root, 'app', 'routes.py')).length === 6);
      await client.open(path.join(root, 'app', 'routes.py'), 'x = 1\n');
      await client.waitFor('the edit checked', () => client.codes(path.join(root, 'app', 'routes.py')).length === 0);
      assert.deepStrictEqual(statuses, []);
    } finally {
      await client.shutdown();
    }
  });
});
