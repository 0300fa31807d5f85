// The value-hint part of the adapter interface (docs/adapters.md, syntax/factCollectors.ts ValueHintReader): a
// made-up framework tells what its calls return, what iterating its results gives and what a chain of calls on a
// class's attribute holds; the summarizer's walk keeps those hints, with what they read of the locals, and names
// no framework itself.
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import type { FactCollector, MethodChain, ValueHintReader } from '../../server/out/syntax/factCollectors';
import { childByField } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import type { FileSummary } from '../../server/out/syntax/summary';

/** `store.fetch(Widget)` (or a local holding the class) gives a Widget; iterating `store.each(Widget)` gives Widgets. */
const storeHints: ValueHintReader = {
  callValue(call, ctx) {
    const fn = childByField(call, 'function');
    if (ctx.dottedText(fn!) !== 'store.fetch') return undefined;
    let arg = childByField(call, 'arguments')?.children.find((c) => c.named);
    const reader = ctx.assignedValues();
    // `cls = pick(Widget)`, then `store.fetch(cls)`: the local's assigned value, read where it stands.
    const held = arg?.type === 'identifier' ? reader.bindingValue(arg) : null;
    if (held?.type === 'call') arg = childByField(held, 'arguments')?.children.find((c) => c.named);
    const entity = arg ? ctx.dottedText(arg) : null;
    const spelled = entity && ctx.moduleLevelSpelling(entity);
    return spelled ? { kind: 'ormResult', entity: spelled } : undefined;
  },
  loopElements(iterable, ctx) {
    if (iterable.type !== 'call' || ctx.dottedText(childByField(iterable, 'function')!) !== 'store.each') return undefined;
    const arg = childByField(iterable, 'arguments')?.children.find((c) => c.named);
    const entity = arg ? ctx.dottedText(arg) : null;
    return entity && ctx.isModuleLevel(entity) ? { kind: 'ormResult', entity } : undefined;
  },
};

/** Chains on `Widget.rows…` are the made-up framework's row sets; it notes how many calls it was handed. */
function rowChains(seen: MethodChain[]): ValueHintReader {
  return {
    callChain(chain) {
      seen.push(chain);
      if (chain.links[0] !== 'rows') return undefined;
      return chain.element ? { kind: 'query', root: chain.root, links: [...chain.links], element: true } : { kind: 'query', root: chain.root, links: [...chain.links] };
    },
  };
}

const adapter = (valueHints: ValueHintReader): FactCollector => ({ key: 'store', valueHints });

async function localHints(text: string, collectors: readonly FactCollector[]): Promise<[number, unknown][]> {
  const s: FileSummary = summarizeSource(await getParser(), text, collectors);
  return s.memberRefs.filter((r) => r.receiver.kind === 'local').map((r) => [r.rootSpan[0] + 1, (r.receiver as { hint: unknown }).hint]);
}

describe('adapter value hints', () => {
  it("keep what an adapter says a call returns, and drop it when a local it read is bound otherwise too", async () => {
    const text = [
      'from app.models import Widget',
      'def straight():',
      '    cls = pick(Widget)',
      '    w = store.fetch(cls)',
      '    w.name',
      'def branched(flag):',
      '    cls = pick(Widget)',
      '    if flag:',
      '        cls = pick(Other)',
      '    w = store.fetch(cls)',
      '    w.name',
      'def own_import():',
      '    from app.models import Gadget',
      '    g = store.fetch(Gadget)',
      '    g.name',
      '',
    ].join('\n');
    const hints = await localHints(text, [adapter(storeHints)]);
    assert.deepStrictEqual(hints.filter(([, h]) => (h as { kind: string }).kind === 'ormResult'), [
      [5, { kind: 'ormResult', entity: 'Widget' }],
      [15, { kind: 'ormResult', entity: '@1:Gadget' }],
    ]);
    assert.deepStrictEqual((await localHints(text, [])).filter(([, h]) => (h as { kind: string }).kind === 'ormResult'), [], 'the core alone knows no such call');
  });

  it("give a loop's variable what an adapter says the iterable's elements are", async () => {
    const text = 'from app.models import Widget\n\ndef f(local_thing):\n    for w in store.each(Widget):\n        w.name\n    for v in store.each(local_thing):\n        v.name\n';
    assert.deepStrictEqual(await localHints(text, [adapter(storeHints)]), [
      [5, { kind: 'ormResult', entity: 'Widget' }],
      [7, { kind: 'element', callee: 'store.each' }], // the adapter declines a local's class: the core's own reading
    ]);
  });

  it('ask the adapters what a chain of calls on a class attribute holds, handing them the calls read', async () => {
    const seen: MethodChain[] = [];
    const text = [
      'from app.models import Widget',
      'def f():',
      '    w = Widget.rows.pick(1).first()',
      '    w.name',
      '    for x in Widget.rows.pick(2):',
      '        x.name',
      '    rows = Widget.rows.pick(3)',
      '    r = rows.first()',
      '    r.name',
      '    y = Widget.cache.get(1).value()',
      '    y.name',
      '',
    ].join('\n');
    const hints = await localHints(text, [adapter(rowChains(seen))]);
    assert.deepStrictEqual(hints.filter(([, h]) => (h as { kind: string }).kind === 'query'), [
      [4, { kind: 'query', root: 'Widget', links: ['rows', 'pick', 'first'] }],
      [6, { kind: 'query', root: 'Widget', links: ['rows', 'pick'], element: true }],
      [9, { kind: 'query', root: 'Widget', links: ['rows', 'pick', 'first'] }],
    ]);
    const asked = seen.map((c) => [c.root, c.links.join('.'), c.calls.length, c.element]);
    assert.deepStrictEqual(asked, [
      ['Widget', 'rows.pick.first', 2, false],
      ['Widget', 'rows.pick', 1, true],
      ['Widget', 'rows.pick.first', 0, false], // `rows.first()` on a variable holding a chain: its calls are elsewhere
      ['Widget', 'cache.get.value', 2, false],
    ]);
    assert.deepStrictEqual(
      (await localHints(text, [])).filter(([, h]) => (h as { kind: string }).kind === 'query'),
      [],
      'the core alone makes no chain hint',
    );
  });
});
