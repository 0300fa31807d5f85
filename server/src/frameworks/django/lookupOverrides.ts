// A project queryset that overrides a lookup method (`def filter(self, *args, composite_key=None, **kwargs)`)
// and hands its `**kwargs` on to Django's (`return super().filter(*args, **kwargs)`, perhaps through helpers
// that pop or merge literal keys) still has its other keywords resolved by Django as lookups. The keys the
// override takes (its named parameters, literal keys it reads off the dict, the same in its helpers and in the
// overrides further up) are allowed; every other key is checked. An override whose dict goes anywhere we
// cannot follow (iterated, copied, handed to code we cannot read) keeps that method's lookups unchecked.
import { moduleKeyOf } from '../../index/moduleIndex';
import type { ClassRef } from '../../index/symbols';
import type { SourceFile } from '../../index/project';
import type { CallShape, FunctionInfo } from '../../syntax/summary';
import { MANAGER_API, type QuerysetState, type Step } from './querysets';
import type { CheckContext } from '../../rulekit/rule';

/** Methods whose keyword arguments are lookups (Django's and a project override's alike). */
export const KEYWORD_LOOKUP_METHODS = new Set(['filter', 'exclude', 'get', 'get_or_create', 'update_or_create']);

/** Django's methods that pass their keywords on to another queryset method (Django's `get()` calls `self.filter(…)`). */
const ROUTES: Record<string, string> = {
  get: 'filter',
  get_or_create: 'get',
  update_or_create: 'get_or_create',
  aget: 'get',
  aget_or_create: 'get_or_create',
  aupdate_or_create: 'update_or_create',
};
const MAX_DEPTH = 8;

/** The keys a method (and what it hands its keywords to) takes for itself; `reaches`: some go on to Django's method. */
interface Taken {
  names: Set<string>;
  reaches: boolean;
}

/**
 * The names the lookups of Django's method `method` may start with besides the model's: `annotate()`'s, and
 * the keys project overrides it routes through take (`get()` runs the project's `filter()`); null when not known.
 */
export function lookupNames(ctx: CheckContext, state: QuerysetState, method: string): ReadonlySet<string> | null {
  if (!state.annotated) return null;
  const route = ROUTES[method];
  if (!route) return state.annotated;
  const taken = takenBy(ctx, state, route, new Set(), 0);
  return taken && withNames(state.annotated, taken.names);
}

/**
 * A project override of a lookup method: the names its lookups may start with besides the model's (the keys
 * it takes, `annotate()`'s), or null when its keywords cannot be followed to Django's method.
 */
export function overrideLookupNames(ctx: CheckContext, state: QuerysetState, method: string): ReadonlySet<string> | null {
  if (!state.annotated || !KEYWORD_LOOKUP_METHODS.has(method)) return null;
  const taken = takenBy(ctx, state, method, new Set(), 0, state.at === 'manager');
  if (!taken?.reaches) return null;
  // A manager class's own override hands on to its queryset's method, which may be the project's too.
  const onManager = state.at === 'manager' ? state.managerMethods.get(method) : undefined;
  const queryset = onManager && state.querysetMethods.get(method);
  if (queryset && queryset !== onManager) {
    const more = takenBy(ctx, state, method, new Set(), 0);
    if (!more) return null;
    for (const n of more.names) taken.names.add(n);
  }
  return withNames(state.annotated, taken.names);
}

function withNames(names: ReadonlySet<string>, more: Set<string>): ReadonlySet<string> {
  return more.size ? new Set([...names, ...more]) : names;
}

function takenBy(ctx: CheckContext, state: QuerysetState, name: string, seen: Set<string>, depth: number, onManager = false): Taken | null {
  if (seen.has(name) || depth > MAX_DEPTH) return null;
  const own = (onManager ? state.managerMethods : state.querysetMethods).get(name);
  if (!own) {
    if (!MANAGER_API.has(name)) return null;
    // Django's own method: it takes nothing, and may run another (project) method with the same keywords.
    const route = ROUTES[name];
    const routed = route ? takenBy(ctx, state, route, new Set([...seen, name]), depth + 1) : { names: new Set<string>(), reaches: true };
    return routed && { names: routed.names, reaches: true };
  }
  const inner = new Set([...seen, name]);
  const taken: Taken = { names: new Set(), reaches: false };
  for (const def of definitions(ctx, own.cls, name)) {
    const flow = def?.fn.kwargsFlow;
    if (!def || !flow || flow.open) return null;
    for (const p of def.fn.params.slice(1)) if (p.kind === 'normal' || p.kind === 'keyword-only') taken.names.add(p.name);
    for (const key of flow.keys) taken.names.add(key);
    for (const pass of flow.passes) {
      const more = passTaken(ctx, state, def.file, pass.callee, pass.spread, pass.result, name, inner, depth);
      if (!more) return null;
      for (const n of more.names) taken.names.add(n);
      if (more.reaches) taken.reaches = true;
    }
  }
  return taken;
}

/** What one call handed the dict takes and whether it reaches Django's method; null when it cannot be followed. */
function passTaken(ctx: CheckContext, state: QuerysetState, file: SourceFile, callee: string, spread: boolean, result: string, method: string, seen: Set<string>, depth: number): Taken | null {
  if (result === 'other') return null;
  const onSuper = /^super\(\)\.(\w+)$/.exec(callee);
  if (onSuper && spread) {
    const next = onSuper[1];
    // The overrides further up are already counted (`definitions`); Django's method at the top may route on.
    if (next === method) {
      const route = ROUTES[next];
      const routed = route ? takenBy(ctx, state, route, seen, depth + 1) : { names: new Set<string>(), reaches: true };
      return routed && { names: routed.names, reaches: MANAGER_API.has(next) };
    }
    return MANAGER_API.has(next) ? takenBy(ctx, state, next, seen, depth + 1) : null;
  }
  const onSelf = /^self\.(\w+)$/.exec(callee);
  if (onSelf && spread) return takenBy(ctx, state, onSelf[1], seen, depth + 1);
  if (!spread && /^[\w.]+$/.test(callee) && !callee.startsWith('self.')) {
    // `merge_dicts_without_collision(kwargs, {...})`: a project function that only merges what it is given.
    const target = ctx.project.symbols.dotted(file, callee, ctx.tracker);
    return target?.kind === 'function' && target.fn.mergesDicts ? { names: new Set(), reaches: false } : null;
  }
  // A copy handed to other code whose result is dropped (`log(**kwargs)`) changes nothing.
  return spread && result === 'discarded' ? { names: new Set(), reaches: false } : null;
}

/** The definitions of `name` in `cls` and its project bases (every one an override may reach through `super()`). */
function definitions(ctx: CheckContext, cls: ClassRef, name: string): ({ fn: FunctionInfo; file: SourceFile } | null)[] {
  const symbols = ctx.project.symbols;
  const found: ({ fn: FunctionInfo; file: SourceFile } | null)[] = [];
  const visited = new Set<FunctionInfo | ClassRef['file']['summary']['classes'][number]>();
  const visit = (c: ClassRef, depth: number): void => {
    const info = symbols.classInfo(c);
    if (depth > MAX_DEPTH || visited.has(info)) return;
    visited.add(info);
    const key = moduleKeyOf(c.file.path);
    if (key !== null) ctx.tracker.add(key); // its methods are read: an edit of them re-checks this file
    const members = info.members.filter((m) => m.name === name);
    const last = members[members.length - 1];
    if (last) found.push(last.kind === 'method' && last.method !== undefined ? { fn: info.methods[last.method], file: c.file } : null);
    for (const base of info.bases) {
      const sym = base === '?' ? null : symbols.dotted(c.file, base, ctx.tracker);
      if (sym?.kind === 'class') visit(sym.cls, depth + 1);
    }
  };
  visit(cls, 0);
  return found;
}

/**
 * The call `method(…)` a chain step makes, as Django would resolve its names, and the names its lookups may
 * start with besides the model's; null when it is not checked. A project override's positional arguments
 * are its own business: only its keywords are checked.
 */
export function checkedCall(ctx: CheckContext, state: QuerysetState, method: string, call: CallShape, step: Step): { call: CallShape; names: ReadonlySet<string> | null } | null {
  if (step.kind === 'django') return { call, names: lookupNames(ctx, state, method) };
  if (step.kind !== 'project' || !KEYWORD_LOOKUP_METHODS.has(method)) return null;
  const names = overrideLookupNames(ctx, state, method);
  return names && { call: { ...call, expressions: undefined }, names };
}
