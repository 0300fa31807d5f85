// Code actions over JSON-RPC: `source.fixAll.coherence` (what editor.codeActionsOnSave asks for with
// `source.fixAll`) and "Ignore this line for <rule>", applied to the text as an editor would.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

interface Action {
  title: string;
  kind: string;
  edit?: { documentChanges: { textDocument: { uri: string; version: number | null }; edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[] }[] };
}

describe('language server: fix-all and ignore-this-line actions', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;
  let views: string;
  let text: string;
  let initResult: unknown;

  beforeEach(async () => {
    root = copyToTemp(path.join(FIXTURES, 'fixes', 'fix-all'));
    views = path.join(root, 'app', 'views.py');
    text = fs.readFileSync(views, 'utf8');
    client = new LspClient();
    initResult = await client.initialize(root);
    await client.open(views, text);
    await client.waitFor('diagnostics of app/views.py', () => client.codes(views).length === 4);
  });

  afterEach(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  const request = (line: number, only?: string[], character = 4) =>
    client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(views) },
      range: { start: { line, character }, end: { line, character } },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    }) as Promise<Action[]>;

  it('announces source.fixAll.coherence and applies every missing import at once, in isort position', async () => {
    const kinds = (initResult as { capabilities: { codeActionProvider: { codeActionKinds: string[] } } }).capabilities.codeActionProvider.codeActionKinds;
    assert.deepStrictEqual(kinds, ['quickfix', 'source.fixAll.coherence']);
    for (const only of [['source.fixAll'], ['source.fixAll.coherence'], ['source']]) {
      const actions = await request(0, only);
      assert.deepStrictEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.coherence', 'Coherence: fix all safe problems']], JSON.stringify(only));
      const change = actions[0].edit!.documentChanges[0];
      assert.strictEqual(change.textDocument.version, 1);
      assert.strictEqual(
        applyEdits(text, change.edits),
        text.replace(
          'from app.models import Ticket\n',
          'from app.auth import current_user\nfrom app.models import Ticket, TicketStatus\nfrom app.services import notify\n',
        ),
      );
    }
    // A quick-fix request (the light bulb) does not carry fix-all.
    assert.ok((await request(11, ['quickfix'])).every((a) => a.kind === 'quickfix'));
  });

  it('offers "Ignore this line" that adds, then extends, the ignore comment', async () => {
    const actions = await request(11);
    const ignore = actions.find((a) => a.title === 'Ignore this line for undefined-name');
    assert.ok(ignore, actions.map((a) => a.title).join('; '));
    assert.strictEqual(ignore.kind, 'quickfix');
    const ignored = applyEdits(text, ignore.edit!.documentChanges[0].edits);
    assert.strictEqual(ignored.split('\n')[11], '    notify(user)  # expect: undefined-name  # coherence: ignore[undefined-name]');
    await client.change(views, ignored);
    await client.waitFor('the line to be silenced', () => client.codes(views).length === 3);

    // A line that already ignores another rule gets this one added to its list.
    const other = text.replace('    user = current_user()  # expect: undefined-name', '    user = current_user()  # coherence: ignore[unknown-attribute]');
    await client.change(views, other);
    await client.waitFor('the edit to be checked', () => client.codes(views).length === 4);
    const extend = (await request(10, undefined, 14)).find((a) => a.title === 'Ignore this line for undefined-name')!;
    assert.strictEqual(applyEdits(other, extend.edit!.documentChanges[0].edits).split('\n')[10], '    user = current_user()  # coherence: ignore[unknown-attribute, undefined-name]');
  });
});
