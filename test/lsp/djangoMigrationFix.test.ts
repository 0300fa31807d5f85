// The "Create migration" quick fix over real JSON-RPC: a WorkspaceEdit that creates the new migration file
// (CreateFile) and then writes its text, as the editor applies it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('language server: quick fix that creates a file', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;

  beforeEach(async () => {
    root = copyToTemp(path.join(FIXTURES, 'django', 'migrations'));
    client = new LspClient();
    await client.initialize(root);
  });

  afterEach(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  it('offers "Create migration" as CreateFile followed by the migration text', async () => {
    const models = path.join(root, 'blog', 'models.py');
    await client.waitFor('blog/models.py diagnostics', () => client.codes(models).filter((c) => c === 'missing-migration').length === 8);
    const line = fs.readFileSync(models, 'utf8').split('\n').findIndex((l) => l.includes('summary = models.TextField'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(models) },
      range: { start: { line, character: 6 }, end: { line, character: 6 } },
      context: { diagnostics: [] },
    })) as { title: string; edit: { documentChanges: Record<string, unknown>[] } }[];
    assert.strictEqual(actions.length, 1);
    const target = path.join(root, 'blog', 'migrations', '0005_article_summary.py');
    assert.strictEqual(actions[0].title, "Create migration for 'Article.summary' (blog/migrations/0005_article_summary.py)");
    const [create, write] = actions[0].edit.documentChanges as [
      { kind: string; uri: string; options: { ignoreIfExists: boolean } },
      { textDocument: { uri: string; version: number | null }; edits: { range: unknown; newText: string }[] },
    ];
    assert.deepStrictEqual(create, { kind: 'create', uri: uriOf(target), options: { ignoreIfExists: true } });
    assert.strictEqual(write.textDocument.uri, uriOf(target));
    assert.strictEqual(write.textDocument.version, null);
    assert.deepStrictEqual(write.edits[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const golden = fs.readFileSync(path.join(FIXTURES, 'django', 'migrations', '.golden', 'blog', 'migrations', '0005_article_summary.py'), 'utf8');
    assert.strictEqual(write.edits[0].newText, golden);
  });
});
