// handler-signature: an aiohttp route whose handler cannot be called with the request alone — a function
// that takes no argument or needs more than one, or an instance method taken from its class
// (`add_get("/", Handler.index)`: `self` takes the request, `request` is missing). aiohttp calls the handler
// at every request: TypeError, a 500. Handlers that do not exist at all are the core's (undefined-name,
// unknown-module-attribute, unknown-attribute): not reported twice. Decorated handlers are judged only when
// every decorator keeps the signature.
import type { Span } from '../../core/types';
import { functionRelated } from '../../rulekit/related';
import type { CheckContext, RuleFamily } from '../../rulekit/rule';
import type { Symbol } from '../../index/symbols';
import type { FunctionInfo } from '../../syntax/summary';
import { aiohttpFactsOf } from './graph';

const ROUTE_DECORATOR = /^(.+)\.(get|post|put|patch|delete|head|route)$/;

export const routeHandlerChecks: RuleFamily = {
  rules: [
    {
      id: 'handler-signature',
      defaultSeverity: 'error',
      summary: 'An aiohttp route handler that cannot be called with the request alone.',
      doc: {
        catches: 'Routes (`app.router.add_get("/", handler)`, `add_route("GET", "/", handler)`, `web.get("/", handler)` in `add_routes`, `@routes.get("/")` of a `web.RouteTableDef`) whose handler is a project function that takes no argument, requires more than one, or requires a keyword-only one — or an instance method taken from its class (`Handler.index`). Handlers that do not exist are reported by undefined-name, unknown-module-attribute and unknown-attribute.',
        whyItBreaks: 'aiohttp calls a handler with the request as its only argument, at every request: the call raises `TypeError` and the client gets a 500.',
        example: 'class Handler:\n    async def index(self, request):\n        ...\n\napp.router.add_get("/", Handler.index)  # called as Handler.index(request): self=request, request missing',
        fix: 'Give the handler one parameter for the request (`async def index(request)`), or route a bound method of an instance (`handler = Handler(); app.router.add_get("/", handler.index)`).',
      },
    },
  ],
  check(ctx) {
    if (!ctx.project.importsPackage('aiohttp', ctx.tracker)) return;
    const s = ctx.file.summary;
    for (const route of aiohttpFactsOf(s)?.routes ?? []) {
      // `web.get(…)` must be aiohttp's; `….router.add_get(…)` is aiohttp's router by its method's name.
      if (!/(^|\.)router\.add_\w+$/.test(route.callee) && !(ctx.project.symbols.externalName(ctx.file, route.callee) ?? '').startsWith('aiohttp.')) continue;
      const handler = handlerFunction(ctx, route.handler);
      if (handler) judge(ctx, route.handler, handler.fn, handler.unbound, route.span, handler.path);
    }
    // `@routes.get("/")` on a module-level function, `routes` a module-level `web.RouteTableDef()`.
    for (const fn of s.functions) {
      const route = fn.decorators.length === 1 ? ROUTE_DECORATOR.exec(fn.decorators[0]) : null;
      if (!route || !isRouteTable(ctx, route[1])) continue;
      judge(ctx, fn.name, fn, false, fn.span, ctx.file.path);
    }
  },
};

/** Whether module-level `name` holds `web.RouteTableDef()`. */
function isRouteTable(ctx: CheckContext, name: string): boolean {
  const hint = ctx.project.symbols.assignedHint(ctx.file, name, ctx.tracker);
  return hint?.hint.kind === 'call' && ctx.project.symbols.externalName(hint.file, hint.hint.callee) === 'aiohttp.web.RouteTableDef';
}

/** The project function a handler names (a module-level function, or a method read off a class), if evident. */
function handlerFunction(ctx: CheckContext, dotted: string): { fn: FunctionInfo; unbound: boolean; path: string } | null {
  const symbols = ctx.project.symbols;
  const direct: Symbol | null = symbols.dotted(ctx.file, dotted, ctx.tracker);
  if (direct?.kind === 'function') return symbols.transparentDecorators(direct.file, direct.fn.decorators, ctx.tracker) ? { fn: direct.fn, unbound: false, path: direct.file.path } : null;
  const dot = dotted.lastIndexOf('.');
  if (dot < 0) return null;
  const owner = symbols.dotted(ctx.file, dotted.slice(0, dot), ctx.tracker);
  if (owner?.kind !== 'class') return null;
  const found = symbols.member(owner.cls, dotted.slice(dot + 1), true);
  const member = found && found !== 'unknown' ? found.member : undefined;
  if (!member || member.method === undefined || (member.kind !== 'method' && member.kind !== 'staticmethod')) return null;
  const fn = symbols.classInfo(found !== 'unknown' && found ? found.owner : owner.cls).methods[member.method];
  const own = fn.decorators.filter((d) => !/(^|\.)staticmethod$/.test(d));
  if (own.length || !symbols.transparentDecorators(owner.cls.file, fn.decorators, ctx.tracker)) return null;
  return { fn, unbound: member.kind === 'method', path: owner.cls.file.path };
}

function judge(ctx: CheckContext, written: string, fn: FunctionInfo, unbound: boolean, span: Span, path: string): void {
  const positional = fn.params.filter((p) => p.kind === 'positional-only' || p.kind === 'normal');
  const required = positional.filter((p) => !p.hasDefault);
  const keywordOnly = fn.params.filter((p) => p.kind === 'keyword-only' && !p.hasDefault);
  const varPositional = fn.params.some((p) => p.kind === 'var-positional');
  // [short message, detail]
  let problem: [string, string] | null = null;
  if (unbound && required.length === 2) problem = [`is an unbound method`, `An instance method taken from its class: aiohttp calls it with the request alone, which becomes '${required[0].name}', and '${required[1].name}' is missing; route a bound method of an instance instead.`];
  else if (positional.length === 0 && !varPositional) problem = ['takes no request argument', 'It takes no argument, but aiohttp calls it with the request.'];
  else if (required.length > 1) problem = [`requires ${required.length} arguments`, `It requires ${required.length} positional arguments (${required.map((p) => p.name).join(', ')}), but aiohttp calls it with the request alone.`];
  else if (keywordOnly.length) problem = [`requires keyword ${keywordOnly.map((p) => `'${p.name}'`).join(', ')}`, `aiohttp never passes keyword argument${keywordOnly.length > 1 ? 's' : ''} ${keywordOnly.map((p) => `'${p.name}'`).join(', ')}.`];
  if (!problem) return;
  ctx.report({
    rule: 'handler-signature',
    span,
    message: `Route handler '${written}' ${problem[0]}`,
    detail: `${problem[1]} Every request to the route raises TypeError.`,
    related: functionRelated(path, fn, `'${written}' is defined here`),
  });
}
