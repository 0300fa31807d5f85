// The conversion that reads tree-sitter's tree from wasm memory yields exactly what the TreeCursor conversion
// yields (same nodes, fields, offsets, handed-on list, field order, depth cap), and refuses memory it does not know.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getParser, MAX_TREE_DEPTH, parseToSyntaxTree, treeMemoryInUse, useTreeMemory, wasmHeapViews } from '../../server/out/syntax/parser';
import { SyntaxNode, tablesOf } from '../../server/out/syntax/syntaxTree';
import { convertFromMemory, readLanguageTables, UnknownTreeLayout } from '../../server/out/syntax/treeMemory';
import { HOSTILE_TEXTS, sampleTexts } from '../support/syntaxSamples';

const REPO = path.join(__dirname, '..', '..');

describe('syntax trees read from wasm memory', () => {
  afterEach(() => useTreeMemory(true));

  it('are in use with the pinned web-tree-sitter (its layout passed the checks and the self-check)', async () => {
    assert.ok(treeMemoryInUse(await getParser()));
  });

  it('come out exactly as the cursor conversion makes them, on every fixture, fuzz seed and hostile text, at every depth cap', async () => {
    const parser = await getParser();
    const language = parser.language!;
    // Read directly (not through parseToSyntaxTree), so that this holds even if the self-check were wrong.
    const tables = readLanguageTables(wasmHeapViews()!, (language as unknown as { 0: number })[0], language)!;
    const texts = await sampleTexts();
    assert.ok(texts.length > 1000, 'a broad sample of syntax');
    let abandoned = 0;
    useTreeMemory(false);
    for (const text of texts) {
      for (const maxDepth of [MAX_TREE_DEPTH, 7, 1]) {
        const tree = parser.parse(text)!;
        let fromMemory: SyntaxNode | null;
        try {
          const hasErrors = tree.rootNode.hasError;
          // The views of this moment: wasm memory grows with big texts, and old views are then empty.
          fromMemory = convertFromMemory(wasmHeapViews()!, tables, tablesOf(language), (tree as unknown as { 0: number })[0], hasErrors, text, maxDepth);
          if (fromMemory) fromMemory.hasError = hasErrors;
        } finally {
          tree.delete();
        }
        const fromCursor = parseToSyntaxTree(parser, text, 60_000, maxDepth).root;
        // JSON keeps the field order too: summaries are compared byte for byte.
        assert.strictEqual(JSON.stringify(fromMemory), JSON.stringify(fromCursor), `${text.slice(0, 80)} (max depth ${maxDepth})`);
        assert.deepStrictEqual(fromMemory, fromCursor);
        if (!fromMemory) abandoned++;
      }
    }
    assert.ok(abandoned > 100, 'the depth cap is reached in a good part of the sample');
  });

  it('are what parseToSyntaxTree gives while in use, and the reader stays in use', async () => {
    const parser = await getParser();
    for (const text of [...HOSTILE_TEXTS, fs.readFileSync(path.join(REPO, 'examples', 'agent-shop', 'app', 'services', 'order_service.py'), 'utf8')]) {
      useTreeMemory(true);
      const fromMemory = parseToSyntaxTree(parser, text);
      useTreeMemory(false);
      assert.strictEqual(JSON.stringify(fromMemory), JSON.stringify(parseToSyntaxTree(parser, text)));
    }
    useTreeMemory(true);
    assert.ok(treeMemoryInUse(parser), 'no tree made the reader give up');
  });

  it('refuse a language whose tables are not where the layout says, and a tree of another language', async () => {
    const parser = await getParser();
    const language = parser.language!;
    const heap = wasmHeapViews()!;
    const address = (language as unknown as { 0: number })[0];
    const tables = readLanguageTables(heap, address, language);
    assert.ok(tables, 'the real tables are read');
    for (const wrong of [0, address + 4, address - 8, 8]) assert.strictEqual(readLanguageTables(heap, wrong, language), null, `address ${wrong}`);
    const text = 'def f(a, b=1):\n    return g(a, k=b)\n';
    const tree = parser.parse(text)!;
    try {
      const treeAddress = (tree as unknown as { 0: number })[0];
      const root = convertFromMemory(heap, tables!, tablesOf(language), treeAddress, false, text, MAX_TREE_DEPTH);
      assert.ok(root && root.children.length === 1);
      assert.throws(() => convertFromMemory(heap, { ...tables!, address: address + 4 }, tablesOf(language), treeAddress, false, text, MAX_TREE_DEPTH), UnknownTreeLayout);
      const noPublicSymbols = { ...tables!, publicSymbols: new Uint16Array(0) };
      assert.throws(() => convertFromMemory(heap, noPublicSymbols, tablesOf(language), treeAddress, false, text, MAX_TREE_DEPTH), UnknownTreeLayout);
    } finally {
      tree.delete();
    }
  });
});
