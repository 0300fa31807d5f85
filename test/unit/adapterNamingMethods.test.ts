// The query methods an adapter says name new fields (QueryExpressionWords.naming): the walk keeps the keywords they
// are called with on a method's chains on `self` (FunctionInfo.selfChains' annotates) only for the methods listed;
// and the dicts of expressions whose keys such a method's `**names` may give (QueryExpressionWords.keyedExpressions).
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import type { FactCollector } from '../../server/out/syntax/factCollectors';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

describe('query methods an adapter says name new fields', () => {
  it("have their keywords kept as a self-chain's names, and a **splat make them unknown", async () => {
    const parser = await getParser();
    const text = [
      'class Rows(Table):',
      '    def scored(self):',
      '        return self.where(a=1).with_columns(score=Total("x"), rank=1)',
      '    def spread(self, **columns):',
      '        return self.with_columns(**columns)',
      '',
    ].join('\n');
    const names: FactCollector = { key: 'rows', queryExpressions: { methods: ['where'], naming: ['with_columns'], expressions: [], subqueries: [], outerReferences: [] } };
    const chains = (collectors: FactCollector[]) => summarizeSource(parser, text, collectors).classes[0].methods.map((m) => [m.name, m.selfChains?.annotates]);
    assert.deepStrictEqual(chains([names]), [['scored', ['score', 'rank']], ['spread', null]]);
    // No adapter names them: the chains are kept, with no names (`where`'s keywords filter, they name nothing).
    assert.deepStrictEqual(chains([]), [['scored', []], ['spread', []]]);
  });

  it("have the string keys of dicts whose values are their expressions' calls kept, in any file and scope", async () => {
    const parser = await getParser();
    const text = [
      'TOTALS = {"score": Total("x"), "plain": total("y"), 3: Total("z"), f"n{i}": Total("w"), "spaced name": Total("v")}',
      'def columns():',
      '    return {"rank": rows.Rank(), "label": "x"}',
      '',
    ].join('\n');
    const totals: FactCollector = { key: 'rows', queryExpressions: { methods: [], naming: ['with_columns'], keyedExpressions: /(^|\.)[A-Z]\w*$/, expressions: [], subqueries: [], outerReferences: [] } };
    assert.deepStrictEqual(summarizeSource(parser, text, [totals]).expressionKeys, ['score', 'rank']);
    // No adapter says which calls are expressions: no key is kept.
    assert.strictEqual(summarizeSource(parser, text, []).expressionKeys, undefined);
  });
});
