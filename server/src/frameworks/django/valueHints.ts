// Django's value hints (docs/adapters.md): a chain of calls on a model's attribute (`Model.objects.filter(…)`,
// its `.first()`, a loop over it, `qs.exclude(…)` on a variable holding one) is a queryset chain (the core's
// `query` hint, read by the field and model rules: the manager is `links[0]`, the queryset methods follow).
import type { ValueHintReader } from '../../syntax/factCollectors';
import { childByField, namedChildren } from '../../syntax/parser';
import type { ValueHint } from '../../syntax/summary';

export const djangoValueHints: ValueHintReader = {
  callChain(chain) {
    const links = [...chain.links];
    const hint: ValueHint = chain.element ? { kind: 'query', root: chain.root, links, element: true } : { kind: 'query', root: chain.root, links };
    let prefetches = 0;
    let plainPrefetches = 0;
    chain.calls.forEach((call, i) => {
      if (chain.links[i + 1] !== 'prefetch_related') return;
      prefetches++;
      // `prefetch_related("a", "b__c")`: the rows get no name of their own (a Prefetch's to_attr would give one).
      if (namedChildren(childByField(call, 'arguments') ?? call).every((a) => a.type === 'string' || a.type === 'comment')) plainPrefetches++;
    });
    if (prefetches && prefetches === plainPrefetches) hint.plainPrefetch = true;
    return hint;
  },
};
