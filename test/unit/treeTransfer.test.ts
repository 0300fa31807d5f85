// A syntax tree handed from a parsing worker to a summarizing one (syntax/treeTransfer.ts) arrives as it left,
// and staged workers (host/summarizerPool.ts) give the summaries one thread gives.
import * as assert from 'assert';
import { getParser, MAX_TREE_DEPTH, parseToEncodedTree, parseToSyntaxTree, treeMemoryInUse, useTreeMemory } from '../../server/out/syntax/parser';
import { NO_CHILDREN, tablesOf, type SyntaxNode } from '../../server/out/syntax/syntaxTree';
import { decodeTree, encodeTree } from '../../server/out/syntax/treeTransfer';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';
import { SummarizerPool } from '../../server/out/host/summarizerPool';
import { sampleTexts } from '../support/syntaxSamples';

describe('syntax trees handed between threads', function () {
  this.timeout(120000);

  it('decode to the tree that was encoded, on every fixture, fuzz seed and hostile text', async () => {
    const parser = await getParser();
    const tables = tablesOf(parser.language!);
    const texts = await sampleTexts();
    assert.ok(texts.length > 1000, 'a broad sample of syntax');
    let withErrors = 0;
    for (const text of texts) {
      const root = parseToSyntaxTree(parser, text).root;
      if (!root) continue;
      if (root.hasError) withErrors++;
      const decoded = decodeTree(encodeTree(root, tables), tables);
      // JSON keeps the property order too (one hidden class for both kinds of tree).
      assert.strictEqual(JSON.stringify(decoded), JSON.stringify(root), text.slice(0, 80));
      assert.deepStrictEqual(decoded, root);
    }
    assert.ok(withErrors >= 10, `trees with ERROR and MISSING nodes among them (${withErrors})`);
  });

  it('written straight from wasm memory (or, with the reader off, from the cursor\'s tree), decode to the tree parseToSyntaxTree gives, at every depth cap', async () => {
    const parser = await getParser();
    const tables = tablesOf(parser.language!);
    const texts = await sampleTexts();
    try {
      for (const memory of [true, false]) {
        useTreeMemory(memory);
        assert.strictEqual(treeMemoryInUse(parser), memory);
        for (const text of texts) {
          for (const maxDepth of [MAX_TREE_DEPTH, 7, 1]) {
            const { tree } = parseToEncodedTree(parser, text, 60_000, maxDepth);
            const root = parseToSyntaxTree(parser, text, 60_000, maxDepth).root;
            const decoded = tree && decodeTree(tree, tables);
            assert.strictEqual(JSON.stringify(decoded), JSON.stringify(root), `${text.slice(0, 80)} (memory ${memory}, max depth ${maxDepth})`);
            assert.deepStrictEqual(decoded, root);
          }
        }
      }
    } finally {
      useTreeMemory(true);
    }
    assert.ok(treeMemoryInUse(parser), 'no tree made the memory reader give up');
  });

  it('share the empty child list and the grammar\'s own type strings, and carry strings the grammar lacks', async () => {
    const tables = tablesOf((await getParser()).language!);
    const leaf = (type: string, field: string | null, start: number): SyntaxNode => ({ type, field, named: true, missing: false, start, end: start + 1, children: NO_CHILDREN });
    const root: SyntaxNode = { type: 'module', field: null, named: true, missing: false, start: 0, end: 9, children: [leaf('identifier', 'name', 0), leaf('made_up_type', 'made_up_field', 2), leaf('made_up_type', null, 4)] };
    const decoded = decodeTree(encodeTree(root, tables), tables);
    assert.deepStrictEqual(decoded, root);
    assert.strictEqual(decoded.children[0].children, NO_CHILDREN);
    assert.strictEqual(decoded.handedOn, undefined, 'no root fields made up');
  });

  for (const workers of [2, 3, 4]) {
    it(`summarized by ${workers} staged workers, give the summaries one thread gives`, async () => {
      const parser = await getParser();
      const texts = (await sampleTexts()).slice(0, 400);
      const pool = new SummarizerPool(workers);
      try {
        pool.prepare(texts.length);
        const staged = await Promise.all(texts.map((t) => pool.summarize(t)));
        texts.forEach((text, i) => assert.strictEqual(JSON.stringify(staged[i]), JSON.stringify(summarizeSource(parser, text, FRAMEWORK_ADAPTERS)), text.slice(0, 80)));
        assert.ok(pool.parsedElsewhere > texts.length / 4, `${pool.parsedElsewhere} of ${texts.length} files summarized from another worker's tree`);
      } finally {
        await pool.close();
      }
    });
  }
});
