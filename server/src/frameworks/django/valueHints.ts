// Django's value hints (docs/adapters.md): a chain of calls on a model's attribute (`Model.objects.filter(…)`,
// its `.first()`, a loop over it, `qs.exclude(…)` on a variable holding one) is a queryset chain (the core's
// `query` hint, read by the field and model rules: the manager is `links[0]`, the queryset methods follow);
// `get_object_or_404(Model, …)` gives a Model, `Manager.from_queryset(QuerySet)` a manager class built with the
// queryset's methods (a `call` hint with its `firstArg`; called, `instanceOfResult`: an instance of that class).
import type { HintContext, ValueHintReader } from '../../syntax/factCollectors';
import { childByField, namedChildren, type SyntaxNode } from '../../syntax/parser';
import type { ValueHint } from '../../syntax/summary';

/** The calls whose first argument says what they give (`get_object_or_404(Model, …)`), by the dotted name called. */
const FIRST_ARGUMENT_CALLS = /(^|\.)get_object_or_404$|\.from_queryset$/;

/** `get_object_or_404(Article, pk=…)`, `PostManager.from_queryset(PostQuerySet)`: the callee and its first argument, spelled from module scope. */
function firstArgumentCall(call: SyntaxNode, callee: string, ctx: HintContext): { kind: 'call'; callee: string; firstArg: string } | undefined {
  const spelled = FIRST_ARGUMENT_CALLS.test(callee) ? ctx.moduleLevelSpelling(callee) : null;
  if (!spelled) return undefined;
  const first = childByField(call, 'arguments')?.children.find((c) => c.named && c.type !== 'comment');
  const written = first && (first.type === 'identifier' || first.type === 'keyword_identifier' || first.type === 'attribute') ? ctx.dottedText(first) : null;
  const firstArg = written && ctx.moduleLevelSpelling(written);
  return firstArg ? { kind: 'call', callee: spelled, firstArg } : undefined;
}

export const djangoValueHints: ValueHintReader = {
  callValue(call, ctx, callee) {
    if (callee) return firstArgumentCall(call, callee, ctx);
    // `objects = PostManager.from_queryset(PostQuerySet)()`: an instance of the manager class it builds.
    const fn = childByField(call, 'function');
    const inner = fn?.type === 'call' ? childByField(fn, 'function') : undefined;
    const built = inner?.type === 'attribute' && /\.from_queryset$/.test(ctx.dottedText(inner) ?? '') ? firstArgumentCall(fn!, ctx.dottedText(inner)!, ctx) : undefined;
    return built ? { ...built, instanceOfResult: true } : undefined;
  },

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
