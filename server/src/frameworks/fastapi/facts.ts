// What the FastAPI adapter keeps of one file, collected from the summarizer's walk: its router includes,
// `x.include_router(router, …)` and `x.mount(path, app)`, with the router passed as a dotted name from module
// scope (null: a local, a call, a subscript — which router it is is not evident).
import { childByField, dottedText, type SyntaxNode } from '../../syntax/parser';
import type { FactCollector, FileFactCollector, FinishContext, ScopeHandle, VisitContext } from '../../syntax/factCollectors';

export const FASTAPI_KEY = 'fastapi';

export interface RouterUse {
  method: string;
  /** The router as a dotted name from module scope; null when it is not evident. */
  router: string | null;
}

export interface FastapiFacts {
  routerIncludes?: RouterUse[];
}

const INCLUDE_CALL = /\.(include_router|mount)$/;

class FastapiFileCollector implements FileFactCollector {
  private readonly pending: { scope: ScopeHandle; root: string | null; include: RouterUse }[] = [];

  visit(call: SyntaxNode, ctx: VisitContext): void {
    const fn = childByField(call, 'function');
    if (!fn) return;
    const callee = ctx.textOf(fn);
    if (!INCLUDE_CALL.test(callee)) return;
    const method = callee.slice(callee.lastIndexOf('.') + 1);
    const all = (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment');
    const positional = all.filter((a) => a.type !== 'keyword_argument');
    const keyword = method === 'mount' ? 'app' : 'router';
    const named = all.find((a) => a.type === 'keyword_argument' && ctx.textOf(childByField(a, 'name') ?? a) === keyword);
    const arg = (named ? childByField(named, 'value') : undefined) ?? positional[method === 'mount' ? 1 : 0];
    if (!arg) return;
    const dotted = arg.type === 'identifier' || arg.type === 'attribute' ? dottedText(arg, ctx.textOf) : null;
    this.pending.push({ scope: ctx.scope, root: dotted ? dotted.split('.')[0] : null, include: { method, router: dotted } });
  }

  finish(ctx: FinishContext): FastapiFacts | undefined {
    if (!this.pending.length) return undefined;
    // A router named through a local (a parameter, a loop variable) is not evident either.
    return { routerIncludes: this.pending.map((p) => (p.root !== null && ctx.isModuleLevel(p.root, p.scope) ? p.include : { ...p.include, router: null })) };
  }
}

export const fastapiFacts: FactCollector = {
  key: FASTAPI_KEY,
  nodeTypes: ['call'],
  // The callee's text (ending in `.include_router`/`.mount`) is part of the file's; tighter than the method
  // names alone, which `amount` would match in most files of a payments app.
  appliesTo: (text) => text.includes('.include_router') || text.includes('.mount'),
  start: () => new FastapiFileCollector(),
};
