// The parts of a framework adapter the summarizer's walk asks as it goes (docs/adapters.md): each is tried with a
// made-up adapter, and the walk records what it gives only when an adapter names it.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import type { FactCollector, ParameterHandle } from '../../server/out/syntax/factCollectors';
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

  it('have the class-level values of the names they list read by their reader into the class members, and only those', async () => {
    const parser = await getParser();
    const text = ['class Report:', '    columns = ["title", "author"]', '    widths = ["10"]', '    def columns_of(self):', '        pass', ''].join('\n');
    const read: string[] = [];
    const readsColumns: FactCollector = {
      key: 'reports',
      classOptions: {
        names: ['columns'],
        read: (name, value, ctx) => {
          read.push(name);
          const items = value.children.filter((c) => c.type === 'string');
          return { strings: items.map((c) => ({ value: ctx.stringValue(c)!, span: ctx.spanOf(c) })), lookups: [{ name: `${name}__len`, span: ctx.spanOf(value) }] };
        },
      },
    };
    const members = (collectors: FactCollector[]) => summarizeSource(parser, text, collectors).classes[0].members.map((m) => [m.name, m.strings?.map((x) => x.value) ?? null, m.lookups?.map((x) => x.name) ?? null]);
    assert.deepStrictEqual(members([readsColumns]), [['columns', ['title', 'author'], ['columns__len']], ['widths', null, null], ['columns_of', null, null]]);
    assert.deepStrictEqual(read, ['columns']);
    // No adapter reads them: the members keep no strings (not even of Django's options, whose adapter is not given here).
    assert.deepStrictEqual(members([]), [['columns', null, null], ['widths', null, null], ['columns_of', null, null]]);
  });

  it("may ask what a collection parameter holds where a call reads it, and whether the function only refines it", async () => {
    const parser = await getParser();
    const text = [
      'def refined(items: list[Widget]):',
      '    items = items.filter(x=1)',
      '    items.count()',
      '',
      'def rebound(items: list[Widget]):',
      '    items = other()',
      '    items.count()',
      '',
      'def plain(items):',
      '    items.count()',
      '',
      'items = []',
      'items.count()',
      '',
    ].join('\n');
    const countsItems: FactCollector = {
      key: 'counts',
      nodeTypes: ['call'],
      start: () => {
        const found: { line: number; element: string | null; parameter?: ParameterHandle }[] = [];
        return {
          visit: (node, ctx) => {
            if (!ctx.textOf(node).endsWith('.count()')) return;
            const read = ctx.parameterElement('items');
            found.push({ line: ctx.spanOf(node)[0], element: read?.element ?? null, parameter: read?.parameter });
          },
          finish: (ctx) => found.map(({ line, element, parameter }) => [line, element, parameter ? ctx.onlyRefined(parameter) : null]),
        };
      },
    };
    assert.deepStrictEqual(summarizeSource(parser, text, [countsItems]).frameworks?.counts, [
      [2, 'Widget', true],
      [6, 'Widget', false],
      [9, null, null],
      [12, null, null],
    ]);
  });

  it('have the subscripts of their collection types read as element classes beside the generic collections, and only with them', async () => {
    const parser = await getParser();
    const text = ['def packed(items: Batch[Widget]) -> "stock.Batch[Widget]":', '    items.count()', '', 'def listed(items: list[Widget]) -> Batch[Widget, Gadget]:', '    items.count()', ''].join('\n');
    const elementsRead: FactCollector = {
      key: 'batches',
      nodeTypes: ['call'],
      start: () => {
        const found: (string | null)[] = [];
        return { visit: (_node, ctx) => void found.push(ctx.parameterElement('items')?.element ?? null), finish: () => found };
      },
    };
    const elementsOf = (collectors: FactCollector[]) => {
      const summary = summarizeSource(parser, text, collectors);
      return [summary.functions.map((f) => f.returnsElement ?? null), summary.frameworks?.batches];
    };
    const batches: FactCollector = { key: 'stock', collectionTypes: ['Batch'] };
    // A Batch holds one kind of thing: two subscripts name no element class, as for list.
    assert.deepStrictEqual(elementsOf([elementsRead, batches]), [['Widget', null], ['Widget', 'Widget']]);
    // No adapter lists Batch: only Python's list is read.
    assert.deepStrictEqual(elementsOf([elementsRead]), [[null, null], [null, 'Widget']]);
  });
});
