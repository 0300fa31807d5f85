// Short messages with their detail (issue #19): relatedInformation for clients that show it, none for those
// that did not say so, and the detail in the hover on the diagnostic's range either way.
import * as assert from 'assert';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { MESSAGE_LIMIT, unquotedLength } from '../support/messages';
import { copyToTemp, removeTemp } from '../support/tempProject';

interface Published {
  code: string;
  message: string;
  range: { start: { line: number; character: number } };
  relatedInformation?: { location: { uri: string; range: { start: { line: number } } }; message: string }[];
}

async function publishedFor(capabilities: object, check: (client: LspClient, routes: string, root: string, published: Published[]) => Promise<void>): Promise<void> {
  const root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
  const client = new LspClient();
  try {
    await client.initialize(root, capabilities);
    const routes = path.join(root, 'app', 'routes.py');
    await client.waitFor('diagnostics of app/routes.py', () => client.codes(routes).length === 6);
    await check(client, routes, root, client.diagnostics.get(uriOf(routes)) as unknown as Published[]);
  } finally {
    await client.shutdown();
    removeTemp(root);
  }
}

describe('language server: short messages, related information and the hover', function () {
  this.timeout(60000);

  it('publishes short messages with relatedInformation when the client shows it, and the detail in the hover', async () => {
    await publishedFor({ textDocument: { publishDiagnostics: { relatedInformation: true } } }, async (client, routes, root, published) => {
      for (const d of published) assert.ok(unquotedLength(d.message) <= MESSAGE_LIMIT, d.message);
      const unresolved = published.find((d) => d.code === 'unresolved-module')!;
      assert.strictEqual(unresolved.message, "Module 'app.servics' not found; did you mean 'app.services'?");
      assert.deepStrictEqual(
        unresolved.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
        [[uriOf(path.join(root, 'app', '__init__.py')), 0, "looked for 'servics' in this package"]],
      );
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(routes) }, position: { line: unresolved.range.start.line, character: unresolved.range.start.character + 1 } })) as {
        contents: { kind: string; value: string };
      };
      assert.strictEqual(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /^\*\*unresolved-module\*\*: 'app' \(app\/__init__\.py\) has no module 'servics': importing this file raises ModuleNotFoundError\./);
      assert.ok(hover.contents.value.includes(`[app/__init__.py:1](${uriOf(path.join(root, 'app', '__init__.py'))}#L1)`), hover.contents.value);
      // Away from any diagnostic, no hover of problems.
      const blank = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(routes) }, position: { line: 0, character: 0 } });
      assert.ok(blank === null || !JSON.stringify(blank).includes('unresolved-module'), JSON.stringify(blank));
    });
  });

  it('leaves relatedInformation out for a client that did not say it shows it', async () => {
    await publishedFor({}, async (_client, _routes, _root, published) => {
      assert.ok(published.length > 0);
      for (const d of published) assert.strictEqual(d.relatedInformation, undefined, d.message);
    });
  });
});
