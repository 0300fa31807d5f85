// Hover and go-to-definition over the SQLAlchemy model graph, through the built server over JSON-RPC.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { LspClient, uriOf } from '../support/lspClient';
import { copyToTemp, removeTemp } from '../support/tempProject';

interface Location {
  uri: string;
  range: { start: { line: number; character: number } };
}

describe('language server: SQLAlchemy hover and definition', function () {
  this.timeout(60000);
  let root: string;
  let client: LspClient;
  const file = (rel: string) => path.join(root, rel);
  /** The 0-based position of the first `needle` on a 1-based line, plus `offset` characters. */
  const at = (rel: string, line: number, needle: string, offset = 1) => {
    const text = fs.readFileSync(file(rel), 'utf8').split('\n')[line - 1];
    assert.ok(text.includes(needle), `line ${line} of ${rel} contains ${needle}`);
    return { textDocument: { uri: uriOf(file(rel)) }, position: { line: line - 1, character: text.indexOf(needle) + offset } };
  };
  const definition = async (rel: string, line: number, needle: string, offset = 1): Promise<[string, number]> => {
    const loc = (await client.connection.sendRequest('textDocument/definition', at(rel, line, needle, offset))) as Location | null;
    assert.ok(loc, `a definition for ${needle}`);
    return [path.relative(root, new URL(loc.uri).pathname).split(path.sep).join('/'), loc.range.start.line + 1];
  };

  before(async () => {
    root = copyToTemp(path.join(FIXTURES, 'sqlalchemy', 'declarative-14'));
    client = new LspClient();
    await client.initialize(root);
    await client.waitFor('diagnostics of shop/queries.py', () => client.codes(file('shop/queries.py')).length > 0);
  });

  after(async () => {
    await client.shutdown();
    removeTemp(root);
  });

  it('shows the columns and relationships of a model, and what an attribute is', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', at('shop/queries.py', 13, 'Customer.email_address', 10))) as { contents: { value: string } } | null;
    assert.ok(hover);
    assert.match(hover.contents.value, /\*\*Customer\*\* — mapped to table `customers`/);
    assert.match(hover.contents.value, /`email_address`: column/);
    assert.match(hover.contents.value, /Relationships: .*`orders`/);
  });

  it('goes from relationship("Name"), back_populates and ForeignKey strings to their definitions', async () => {
    assert.deepStrictEqual(await definition('shop/models.py', 26, '"Order"'), ['shop/models.py', 59]);
    assert.deepStrictEqual(await definition('shop/models.py', 26, '"customer"'), ['shop/models.py', 65]);
    assert.deepStrictEqual(await definition('shop/models.py', 46, '"customers.id"'), ['shop/models.py', 23]);
    assert.deepStrictEqual(await definition('shop/queries.py', 13, 'Customer.email_address', 10), ['shop/models.py', 24]);
  });
});
