// The parts of a framework adapter the summarizer's walk asks as it goes (docs/adapters.md): each is tried with a
// made-up adapter, and the walk records what it gives only when an adapter names it.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import type { FactCollector } from '../../server/out/syntax/factCollectors';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';

describe('framework adapters in the walk', () => {
  it("have the calls of a try: body whose handler names an error of their API marked as probes (guard 'api-error')", async () => {
    const parser = await getParser();
    const text = ['import widgets', '', 'try:', '    widgets.probe()', 'except WidgetError:', '    pass', '', 'try:', '    widgets.other()', 'except ValueError:', '    pass', ''].join('\n');
    const listsErrors: FactCollector = { key: 'widgets', apiErrors: ['WidgetError'] };
    const guardsOf = (collectors: FactCollector[]) => summarizeSource(parser, text, collectors).moduleAttributeRefs.map((r) => [r.steps[0].name, r.guards]);
    assert.deepStrictEqual(guardsOf([listsErrors]), [['probe', ['api-error']], ['other', []]]);
    // No adapter lists the error: the handler guards nothing.
    assert.deepStrictEqual(guardsOf([]), [['probe', []], ['other', []]]);
  });
});
