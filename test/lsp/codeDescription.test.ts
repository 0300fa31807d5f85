// Every published diagnostic links to its rule's page (LSP codeDescription.href), as editors show it.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('language server: rule documentation links', function () {
  this.timeout(60000);

  it('sets codeDescription.href to the rule page of each diagnostic', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
    const client = new LspClient();
    try {
      await client.initialize(root);
      const routes = path.join(root, 'app', 'routes.py');
      await client.waitFor('diagnostics of app/routes.py', () => client.codes(routes).length === 6);
      const published = client.diagnostics.get(uriOf(routes)) as unknown as { code: string; codeDescription: { href: string } }[];
      for (const d of published) assert.strictEqual(d.codeDescription.href, `https://github.com/coherence-dev/coherence/blob/main/docs/rules/${d.code}.md`);
    } finally {
      await client.shutdown();
      removeTemp(root);
    }
  });
});
