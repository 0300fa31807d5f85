// What the aiohttp adapter keeps of one file, collected from the summarizer's walk: routes that name their
// handler (`app.router.add_get("/", index)`, `web.get("/", index)`), `web.run_app(x)` calls, the keys set
// on and read from applications (`app["db"] = …`, `request.app["db"]`), and what may set keys we cannot see.
import type { Span } from '../../core/types';
import type { SyntaxNode } from '../../syntax/parser';
import type { FactCollector, FileFactCollector, FinishContext, ScopeHandle, VisitContext } from '../../syntax/factCollectors';

export const AIOHTTP_KEY = 'aiohttp';

export interface RouteFact {
  /** The call as written (`app.router.add_get`, `web.get`, `get`). */
  callee: string;
  /** The handler as a dotted name from module scope (`index`, `views.index`, `Handler.get`). */
  handler: string;
  span: Span;
}

export interface KeyRead {
  /** The literal key, or for `app[DB_KEY]` the key's name (last segment). */
  key: string;
  byName?: true;
  /** Read from a module-level name (`app["db"]`), not from `….app`/`….config_dict`: judged only when that name holds `web.Application()`. */
  receiver?: string;
  span: Span;
}

export interface AiohttpFacts {
  routes?: RouteFact[];
  /** `web.run_app(x)` with a dotted name from module scope as its application. */
  runApps?: { callee: string; argument: string; span: Span }[];
  /** Literal keys set by subscript assignment on anything (`app["db"] = …`, `self["db"] = …`), `setdefault`, `update(k=…)`. */
  keyWrites?: { key: string; span: Span }[];
  /** Names of the keys set on an application by name (`app[DB_KEY] = …`: `DB_KEY`). */
  keyNameWrites?: string[];
  /** A key set on an application that is neither a literal nor a name (`app[f"db_{i}"]`, `app.update(config)`). */
  computedKeyWrite?: true;
  /** Module-level names bound to `AppKey(…)` (aiohttp ≥ 3.9's typed keys). */
  appKeys?: string[];
  keyReads?: KeyRead[];
  /** Callees (dotted names from module scope) an application is passed to; '?' for one that is not. */
  appsHandedTo?: string[];
}

const ROUTER_METHODS = /^add_(get|post|put|patch|delete|head|route)$/;
const ROUTE_DEFS = /^(get|post|put|patch|delete|head|route)$/;
/** Receivers that hold an application (by name: `app`, `application`, `web_app`, `self.app`, `request.app`). */
const APP_NAME = /(^|[._])app(lication)?$/;
/** Receivers whose subscript reads look keys up on applications (`request.config_dict` searches parents too). */
const READ_RECEIVER = /(^|[._])app(lication)?$|\.config_dict$/;
const KEY_ERROR_CATCHERS = new Set(['KeyError', 'LookupError', 'Exception', 'BaseException']);
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const APPLIES = /aiohttp|AppKey|config_dict|run_app|\bapp(lication)?\b|_app\b/;

/**
 * What follows the last '.' of the callee's text, read from the attribute's name when the '.' stands right
 * before it (most calls: no text of a long receiver chain sliced); the whole text otherwise.
 */
function lastCalleeName(fn: SyntaxNode, textOf: (n: SyntaxNode) => string): string {
  if (fn.type === 'identifier') return textOf(fn);
  const attribute = fn.type === 'attribute' ? field(fn, 'attribute') : undefined;
  const charBefore = attribute && attribute.start > fn.start ? textOf({ ...attribute, start: attribute.start - 1, end: attribute.start }) : '';
  if (attribute && attribute.end === fn.end && charBefore === '.') return textOf(attribute);
  const callee = textOf(fn);
  return callee.slice(callee.lastIndexOf('.') + 1);
}

/** A plain string literal's value (no f-string, no bytes, no escapes); null otherwise. */
export function literalString(n: SyntaxNode, textOf: (n: SyntaxNode) => string): string | null {
  if (n.type !== 'string' || n.children.some((c) => c.type === 'interpolation')) return null;
  const m = /^[rRuU]?("""|'''|"|')([^\\]*)\1$/s.exec(textOf(n));
  return m ? m[2] : null;
}

function positionalArguments(call: SyntaxNode): SyntaxNode[] {
  const args = call.children.find((c) => c.field === 'arguments');
  return args ? args.children.filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument') : [];
}

function keywordValue(call: SyntaxNode, name: string, textOf: (n: SyntaxNode) => string): SyntaxNode | undefined {
  const args = call.children.find((c) => c.field === 'arguments');
  const k = args?.children.find((c) => c.type === 'keyword_argument' && textOf(c.children.find((x) => x.field === 'name')!) === name);
  return k?.children.find((c) => c.field === 'value');
}

function field(n: SyntaxNode, name: string): SyntaxNode | undefined {
  return n.children.find((c) => c.field === name);
}

class AiohttpFileCollector implements FileFactCollector {
  private readonly facts: AiohttpFacts = {};
  /** Subscripts that are assignment, augmented-assignment or `del` targets (not reads). */
  private readonly stores = new Set<SyntaxNode>();
  /** Offsets of `try:` bodies whose handlers catch KeyError (or broader). */
  private readonly caught: [number, number][] = [];
  /** Keys tested for (`"db" in request.app`): their reads are guarded. */
  private readonly tested = new Set<string>();
  private readonly pendingRoutes: { route: RouteFact; scope: ScopeHandle }[] = [];
  private readonly pendingRunApps: { callee: string; argument: string; span: Span; scope: ScopeHandle }[] = [];
  private readonly pendingHandedTo: { callee: string; scope: ScopeHandle }[] = [];
  /** Reads from a plain name (`app["db"]`): kept when the name is the module-level one. */
  private readonly pendingNameReads: { read: KeyRead; scope: ScopeHandle }[] = [];

  visit(n: SyntaxNode, ctx: VisitContext): void {
    switch (n.type) {
      case 'assignment':
        return this.assignment(n, ctx);
      case 'augmented_assignment':
      case 'delete_statement':
        for (const c of n.type === 'delete_statement' ? n.children : [field(n, 'left')]) this.target(c, ctx, n.type === 'augmented_assignment');
        return;
      case 'subscript':
        return this.read(n, ctx);
      case 'call':
        return this.call(n, ctx);
      case 'try_statement':
        for (const clause of n.children) {
          if (clause.type !== 'except_clause') continue;
          const caught = clause.children.filter((c) => c.type !== 'block' && c.type !== 'comment');
          const names = caught.flatMap((c) => (c.type === 'tuple' ? c.children : c.type === 'as_pattern' ? c.children.slice(0, 1) : [c])).map((c) => ctx.textOf(c).split('.').pop()!);
          const body = field(n, 'body');
          if (body && (caught.length === 0 || names.some((x) => KEY_ERROR_CATCHERS.has(x)))) this.caught.push([body.start, body.end]);
        }
        return;
      case 'comparison_operator': {
        const [left, right] = n.children;
        const key = left ? literalString(left, ctx.textOf) : null;
        if (key !== null && right && READ_RECEIVER.test(ctx.textOf(right))) this.tested.add(key);
        return;
      }
    }
  }

  private assignment(n: SyntaxNode, ctx: VisitContext): void {
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (left) this.target(left, ctx, true);
    if (ctx.moduleLevel && left?.type === 'identifier' && right?.type === 'call') {
      const callee = field(right, 'function');
      if (callee && /(^|\.)AppKey$/.test(ctx.textOf(callee))) (this.facts.appKeys ??= []).push(ctx.textOf(left));
    }
  }

  /** An assignment or `del` target: subscripts there set (or remove) keys rather than read them. */
  private target(n: SyntaxNode | undefined, ctx: VisitContext, sets: boolean): void {
    if (!n) return;
    if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'tuple' || n.type === 'list' || n.type === 'expression_list') {
      for (const c of n.children) this.target(c, ctx, sets);
      return;
    }
    if (n.type !== 'subscript') return;
    this.stores.add(n);
    if (!sets) return;
    const receiver = field(n, 'value');
    const key = field(n, 'subscript');
    if (!receiver || !key) return;
    const literal = literalString(key, ctx.textOf);
    if (literal !== null) (this.facts.keyWrites ??= []).push({ key: literal, span: ctx.spanOf(key) });
    else if (APP_NAME.test(ctx.textOf(receiver)) || ctx.textOf(receiver) === 'self') {
      const text = ctx.textOf(key);
      if (DOTTED.test(text)) (this.facts.keyNameWrites ??= []).push(text.split('.').pop()!);
      else this.facts.computedKeyWrite = true;
    }
  }

  private read(n: SyntaxNode, ctx: VisitContext): void {
    if (this.stores.has(n)) return;
    const receiver = field(n, 'value');
    const key = field(n, 'subscript');
    if (!receiver || !key || !READ_RECEIVER.test(ctx.textOf(receiver))) return;
    if (ctx.guards.length || this.caught.some(([s, e]) => n.start >= s && n.end <= e)) return;
    const literal = literalString(key, ctx.textOf);
    const span = ctx.spanOf(key);
    const read: KeyRead | null = literal !== null ? { key: literal, span } : DOTTED.test(ctx.textOf(key)) ? { key: ctx.textOf(key).split('.').pop()!, byName: true, span } : null;
    if (!read) return;
    // A plain name (`app`) may hold any mapping (`for app in config["apps"]`): only the module-level one is kept.
    if (receiver.type === 'identifier') this.pendingNameReads.push({ read: { ...read, receiver: ctx.textOf(receiver) }, scope: ctx.scope });
    else (this.facts.keyReads ??= []).push(read);
  }

  private call(n: SyntaxNode, ctx: VisitContext): void {
    const fn = field(n, 'function');
    if (!fn) return;
    const last = lastCalleeName(fn, ctx.textOf);
    // Keys set through the mapping's methods, routes, run_app: only these calls need the callee's whole text.
    if ((last === 'setdefault' || last === 'update' || last === 'run_app' || ROUTER_METHODS.test(last) || ROUTE_DEFS.test(last)) && this.namedCall(n, fn, last, ctx)) return;
    // An application handed to a callee (which may set keys on it).
    const args = field(n, 'arguments');
    let handsOnApp = false;
    for (const c of args?.children ?? []) {
      const v = c.type === 'keyword_argument' ? field(c, 'value') : c;
      handsOnApp = !!v && (v.type === 'identifier' || v.type === 'attribute') && APP_NAME.test(ctx.textOf(v));
      if (handsOnApp) break;
    }
    if (handsOnApp) {
      const callee = ctx.textOf(fn);
      this.pendingHandedTo.push({ callee: DOTTED.test(callee) ? callee : '?', scope: ctx.scope });
    }
  }

  /** A call whose last name may set keys, define a route or run an application; true when it sets keys (nothing else to read). */
  private namedCall(n: SyntaxNode, fn: SyntaxNode, last: string, ctx: VisitContext): boolean {
    const callee = ctx.textOf(fn);
    const receiver = callee.includes('.') ? callee.slice(0, callee.lastIndexOf('.')) : '';
    if ((last === 'setdefault' || last === 'update') && APP_NAME.test(receiver)) {
      this.keysSetByCall(n, last, ctx);
      return true;
    }
    // Routes that name their handler: `….router.add_get(path, handler)`, `add_route(method, path, handler)`, `web.get(path, handler)`.
    const onRouter = ROUTER_METHODS.test(last) && /(^|\.)router$/.test(receiver);
    const routeDef = ROUTE_DEFS.test(last) && (receiver === '' || receiver === 'web' || receiver === 'aiohttp.web');
    const handler = onRouter || routeDef ? (positionalArguments(n)[last === 'add_route' || last === 'route' ? 2 : 1] ?? keywordValue(n, 'handler', ctx.textOf)) : undefined;
    if (handler && DOTTED.test(ctx.textOf(handler))) this.pendingRoutes.push({ route: { callee, handler: ctx.textOf(handler), span: ctx.spanOf(handler) }, scope: ctx.scope });
    if (last === 'run_app') {
      const app = positionalArguments(n)[0];
      if (app && DOTTED.test(ctx.textOf(app))) this.pendingRunApps.push({ callee, argument: ctx.textOf(app), span: ctx.spanOf(app), scope: ctx.scope });
    }
    return false;
  }

  private keysSetByCall(n: SyntaxNode, method: 'setdefault' | 'update', ctx: VisitContext): void {
    // Each key written: the string naming it, or a keyword's name (`update(db=…)`); null when it cannot be read.
    const keys: (SyntaxNode | null)[] = [];
    const keywordNames = new Set<SyntaxNode>();
    const args = field(n, 'arguments')?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
    if (method === 'setdefault') keys.push(args[0] ?? null);
    else {
      for (const a of args) {
        const name = a.type === 'keyword_argument' ? field(a, 'name') : undefined;
        if (name) keywordNames.add(name);
        if (a.type === 'keyword_argument') keys.push(name ?? null);
        else if (a.type === 'dictionary') for (const p of a.children) if (p.type !== 'comment') keys.push(p.type === 'pair' ? (field(p, 'key') ?? null) : null);
        else keys.push(null); // `app.update(config)`, `**config`
      }
    }
    for (const k of keys) {
      const key = k === null ? null : keywordNames.has(k) ? ctx.textOf(k) : literalString(k, ctx.textOf);
      if (key === null) this.facts.computedKeyWrite = true;
      else (this.facts.keyWrites ??= []).push({ key, span: ctx.spanOf(k!) });
    }
  }

  finish(ctx: FinishContext): AiohttpFacts | undefined {
    const root = (dotted: string) => dotted.split('.')[0];
    const routes = this.pendingRoutes.filter((p) => ctx.isModuleLevel(root(p.route.handler), p.scope)).map((p) => p.route);
    if (routes.length) this.facts.routes = routes;
    const runApps = this.pendingRunApps.filter((p) => ctx.isModuleLevel(root(p.argument), p.scope)).map(({ callee, argument, span }) => ({ callee, argument, span }));
    if (runApps.length) this.facts.runApps = runApps;
    const handedTo = [...new Set(this.pendingHandedTo.map((p) => (p.callee !== '?' && ctx.isModuleLevel(root(p.callee), p.scope) ? p.callee : '?')))];
    if (handedTo.length) this.facts.appsHandedTo = handedTo;
    for (const p of this.pendingNameReads) if (ctx.isModuleLevel(p.read.receiver!, p.scope)) (this.facts.keyReads ??= []).push(p.read);
    if (this.facts.keyReads && this.tested.size) {
      this.facts.keyReads = this.facts.keyReads.filter((r) => r.byName || !this.tested.has(r.key));
      if (!this.facts.keyReads.length) delete this.facts.keyReads;
    }
    return Object.keys(this.facts).length ? this.facts : undefined;
  }
}

export const aiohttpFacts: FactCollector = {
  key: AIOHTTP_KEY,
  nodeTypes: ['assignment', 'augmented_assignment', 'delete_statement', 'subscript', 'call', 'try_statement', 'comparison_operator'],
  // Routes, run_app and application keys are written with these words; other files (most of a Django or
  // Flask project) are left out of the walk's dispatch. (A key set on an application under another name,
  // `server["db"] = …`, in a file without them is not seen: the price of checking only a few files' nodes.)
  appliesTo: (text) => APPLIES.test(text),
  start: () => new AiohttpFileCollector(),
};
