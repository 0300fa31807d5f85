// The built server publishes diagnostics in run files and manifests (not Python), and re-checks them when
// they, or the manifests they depend on, change on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('language server: project files that are not Python', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);
  const changed = (rel: string, text: string) => {
    fs.writeFileSync(file(rel), text);
    return client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file(rel)), type: 2 }] });
  };

  beforeEach(async () => {
    root = copyToTemp(path.join(FIXTURES, 'manifests', 'entrypoints'));
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  it('publishes unknown-entrypoint in the Procfile and re-checks it when it or the manifests change', async () => {
    await client.waitFor('Procfile diagnostics', () => client.codes(file('Procfile')).length === 3);
    assert.deepStrictEqual(client.codes(file('Procfile')), ['unknown-entrypoint', 'unknown-entrypoint', 'unknown-entrypoint']);
    assert.strictEqual(client.codes(file('Dockerfile')).length, 2);
    const procfile = fs.readFileSync(file('Procfile'), 'utf8');
    await changed('Procfile', procfile.replace('python mange.py', 'python manage.py'));
    await client.waitFor('the fixed line is clear', () => client.codes(file('Procfile')).length === 2);
    // No declared dependency provides `mlflow` any more: the Procfile's `gunicorn mlflow.server:app` lights up.
    const requirements = fs.readFileSync(file('requirements.txt'), 'utf8');
    await changed('requirements.txt', requirements.replace('mlflow==2.12.1\n', ''));
    await client.waitFor('mlflow reported', () => client.codes(file('Procfile')).length === 3);
  });
});
