// What a chain from a Django model's manager is, link after link: which methods the manager and its
// querysets have (Django's own API, and the project's: `QuerySet.as_manager()`, `Manager.from_queryset(QS)`,
// Manager subclasses and what their `get_queryset()` returns), whether a project method keeps the queryset
// (every `return` is `self`, `self.<queryset method>(…)` or `super().…`), and the names `annotate()` gave.
// Anything not known ends only that chain: its state becomes null.
import { CONTRIB_MANAGERS, contribModelOf } from './contrib';
import { fieldClass, thirdPartyManager, type DjangoModel } from './models';
import { addedLater, missingFromPinnedDjango } from './version';
import { moduleKeyOf } from '../../index/moduleIndex';
import type { ClassRef } from '../../index/symbols';
import { DependencyTracker, type SourceFile } from '../../index/project';
import type { CallShape, FunctionInfo, Guard, ValueHint } from '../../syntax/summary';
import type { CheckContext } from '../../rulekit/rule';

/**
 * The public API of Django's default Manager (Django 3.2 to 5.x, async variants included): what
 * `Model.objects.<name>` may be. A QuerySet has these and QUERYSET_ONLY (`Model.objects.delete()` fails).
 */
export const MANAGER_API = new Set([
  'aggregate', 'alias', 'all', 'annotate', 'auto_created', 'bulk_create', 'bulk_update', 'check', 'complex_filter', 'contains',
  'contribute_to_class', 'count', 'create', 'creation_counter', 'dates', 'datetimes', 'db', 'db_manager', 'deconstruct', 'defer',
  'difference', 'distinct', 'earliest', 'exclude', 'exists', 'explain', 'extra', 'filter', 'first', 'from_queryset', 'get',
  'get_or_create', 'get_queryset', 'in_bulk', 'intersection', 'iterator', 'last', 'latest', 'model', 'name', 'none', 'only',
  'order_by', 'prefetch_related', 'raw', 'reverse', 'select_for_update', 'select_related', 'union', 'update', 'update_or_create',
  'use_in_migrations', 'using', 'values', 'values_list', 'fetch_mode',
  'aaggregate', 'abulk_create', 'abulk_update', 'acontains', 'acount', 'acreate', 'aearliest', 'aexists', 'aexplain', 'afirst',
  'aget', 'aget_or_create', 'ain_bulk', 'aiterator', 'alast', 'alatest', 'aupdate', 'aupdate_or_create',
]);
export const QUERYSET_ONLY = new Set(['delete', 'adelete', 'as_manager', 'ordered', 'query', 'resolve_expression']);
/** Queryset methods that return a queryset of the same model with the same names. */
export const SAME_QUERYSET = new Set(['filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'distinct', 'all', 'only', 'defer', 'using', 'reverse', 'none', 'select_for_update']);

export const DJANGO_MANAGER = /^django\.db\.models\.(manager\.)?(Base)?Manager$/;
export const DJANGO_QUERYSET = /^django\.db\.models\.(query\.)?QuerySet$/;

/** A project class's method (or other member: `fn` null) that a manager or queryset offers. */
interface ProjectMethod {
  cls: ClassRef;
  fn: FunctionInfo | null;
}
type Methods = Map<string, ProjectMethod>;

/** A manager (`at: 'manager'`) or a queryset reached from it, of one model. */
export interface QuerysetState {
  model: DjangoModel;
  at: 'manager' | 'queryset';
  /** How the manager is named in messages (`Django's Manager`, `RestrictedQuerySet.as_manager()`). */
  kind: string;
  /** The project's methods of the manager and of its querysets (Django's own API comes on top). */
  managerMethods: Methods;
  querysetMethods: Methods;
  /** Names `annotate()`/`alias()` gave the rows (lookups may start with them); null when they are not known. */
  annotated: ReadonlySet<string> | null;
  /** Its rows are model instances (not `values()` dicts or tuples). */
  instances: boolean;
  /** Its querysets may have methods beyond Django's and the project's (a third-party manager's). */
  querysetsOpen?: boolean;
  /** The manager itself may have methods beyond Django's (a third-party manager whose API the table does not list). */
  managerOpen?: boolean;
}

/** What one link (a method name, perhaps called) does to a state. */
export type Step =
  /** Django's own method; `next`: the queryset it returns, when it keeps the model and names. */
  | { kind: 'django'; next: QuerysetState | null }
  /** A project method; `next` when it keeps the queryset. */
  | { kind: 'project'; next: QuerysetState | null }
  /** No such attribute: the names it has (`addedLater`: Django's, but newer than the version the project pins). */
  | { kind: 'missing'; api: Set<string>; addedLater?: string }
  | { kind: 'unknown' };

const MAX_DEPTH = 8;

/**
 * Guards under which Django's model and queryset names are not judged: those of missing attributes
 * (ATTRIBUTE_GUARDS) but the file-existence one, which `if qs.exists():` would otherwise raise over every
 * lookup of its branch (an optional module's names there resolve to nothing known anyway).
 */
export const MODEL_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['attribute-error', 'type-checking', 'version', 'expects-error']);
/**
 * Manager and queryset calls: a misspelt lookup or method fails on every run, so `try: … except Exception:`
 * around it hides a defect; only a handler that names the error (a probe) or `hasattr` makes it intended.
 */
export const ORM_CALL_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['api-error', 'type-checking', 'version', 'expects-error']);

/**
 * managerState's answers during one check, by its tracker (one file's or one item's): a file asks for the same
 * manager at every query, and the tracker already holds the keys the first answer read. (No caller changes a state.)
 */
const managerStatesByTracker = new WeakMap<DependencyTracker, Map<DjangoModel, Map<string, QuerysetState | null>>>();

/** The state of `Model.<manager>` (`objects`, a declared manager, `_default_manager`, `_base_manager`), null when unknown. */
export function managerState(ctx: CheckContext, model: DjangoModel, manager: string): QuerysetState | null {
  let byModel = managerStatesByTracker.get(ctx.tracker);
  if (!byModel) managerStatesByTracker.set(ctx.tracker, (byModel = new Map()));
  let byName = byModel.get(model);
  if (!byName) byModel.set(model, (byName = new Map()));
  let state = byName.get(manager);
  if (state === undefined) byName.set(manager, (state = computeManagerState(ctx, model, manager)));
  return state;
}

function computeManagerState(ctx: CheckContext, model: DjangoModel, manager: string): QuerysetState | null {
  const plain = (kind: string, extra: string[] = []): QuerysetState => ({
    model,
    at: 'manager',
    kind,
    managerMethods: new Map(extra.map((n) => [n, { cls: model.cls, fn: null }])),
    querysetMethods: new Map(),
    annotated: new Set(),
    instances: true,
  });
  // A base outside the project (an open model) may declare managers and Meta options of its own.
  if (model.open && manager.startsWith('_')) return null;
  if (manager === '_base_manager') return metaNames(ctx, model).has('base_manager_name') ? null : plain("Django's Manager");
  const declared = declaredManagers(ctx, model);
  if (manager === '_default_manager') {
    if (metaNames(ctx, model).has('default_manager_name') || declared.length > 1) return null;
    if (!declared.length) return plain("Django's Manager");
    manager = declared[0];
  }
  const state = declaredOrInheritedState(ctx, model, manager, declared, plain);
  // A third-party package's manager (mptt's TreeManager): its own methods are in the table, but its
  // querysets (TreeQuerySet's `get_cached_trees()`) may have methods beyond Django's.
  return state && thirdPartyManager(ctx.project.symbols, model, manager) ? { ...state, querysetsOpen: true } : state;
}

/** The state of the manager `manager` as the nearest model class of the chain declares it (or Django's `objects`). */
function declaredOrInheritedState(ctx: CheckContext, model: DjangoModel, manager: string, declared: string[], plain: (kind: string, extra?: string[]) => QuerysetState): QuerysetState | null {
  const symbols = ctx.project.symbols;
  // A mixin that declares it, or has a base outside the project (which may), comes before model ancestors
  // in the MRO (nautobot's `class Group(TreeModel, PrimaryModel)`, `TreeModel.objects = TreeManager()`).
  for (const mixin of model.mixins) {
    const info = symbols.classInfo(mixin);
    const key = moduleKeyOf(mixin.file.path);
    if (key !== null) ctx.tracker.add(key);
    if (info.members.some((m) => m.name === manager)) return null;
    if (info.bases.some((b) => b === '?' || (symbols.externalName(mixin.file, b) !== 'builtins.object' && symbols.dotted(mixin.file, b, ctx.tracker)?.kind !== 'class'))) return null;
  }
  // (A base outside the project and the tables may declare managers of its own: only the class itself is read.)
  for (const cls of model.unknownBase ? model.chain.slice(0, 1) : model.chain) {
    const contrib = contribModelOf(cls);
    if (contrib?.managers && manager in contrib.managers) {
      const api = contrib.managers[manager];
      const state = plain(`${symbols.classInfo(cls).name}.${manager}`, api ?? []);
      // A table manager whose own methods are not listed: Django's are known, others are not judged.
      return api ? state : { ...state, managerOpen: true };
    }
    const members = symbols.classInfo(cls).members.filter((m) => m.name === manager);
    if (!members.length) continue;
    const m = members[members.length - 1];
    if (members.length > 1 || m.kind !== 'attribute' || m.hint?.kind !== 'call') return null;
    return declaredState(ctx, model, cls.file, m.hint);
  }
  // No model of the chain declares it: Django adds `objects` only when none declares a manager.
  return manager === 'objects' && !declared.length && !model.unknownBase ? plain("Django's Manager") : null;
}

/** What `Name` or `module.Name` was assigned at module level (`ProductManager = Manager.from_queryset(QS)`). */
function assignedIn(ctx: CheckContext, file: SourceFile, dotted: string): { file: SourceFile; hint: ValueHint } | null {
  const symbols = ctx.project.symbols;
  if (/^\w+$/.test(dotted)) return symbols.assignedHint(file, dotted, ctx.tracker);
  const dot = dotted.lastIndexOf('.');
  const module = symbols.dotted(file, dotted.slice(0, dot), ctx.tracker);
  const source = module?.kind === 'module' && module.location.file ? ctx.project.source(module.location.file) : undefined;
  return source ? symbols.assignedHint(source, dotted.slice(dot + 1), ctx.tracker) : null;
}

/** The state of a manager assigned in a model class body (`objects = …`). */
function declaredState(ctx: CheckContext, model: DjangoModel, file: SourceFile, hint: Extract<ValueHint, { kind: 'call' }>): QuerysetState | null {
  const symbols = ctx.project.symbols;
  const callee = hint.callee;
  const external = symbols.externalName(file, callee) ?? '';
  const state = (kind: string, managerMethods: Methods | null, querysetMethods: Methods | null, annotated: ReadonlySet<string> | null = new Set()): QuerysetState | null =>
    managerMethods && querysetMethods ? { model, at: 'manager', kind, managerMethods, querysetMethods, annotated, instances: true } : null;
  if (DJANGO_MANAGER.test(external)) return state("Django's Manager", new Map(), new Map());
  const userManager = CONTRIB_MANAGERS.get(external);
  if (userManager) return state(external.slice(external.lastIndexOf('.') + 1), new Map(userManager.map((n) => [n, { cls: model.cls, fn: null }])), new Map());
  // `Manager.from_queryset(QuerySet)()`, inline or assigned to a name first (`objects = PostManager()`).
  const built = hint.instanceOfResult ? { file, hint } : assignedIn(ctx, file, callee);
  if (built) {
    const h = built.hint;
    if (h.kind !== 'call' || !h.firstArg || !/\.from_queryset$/.test(h.callee)) return null;
    const managerName = h.callee.slice(0, -'.from_queryset'.length);
    const qs = symbols.dotted(built.file, h.firstArg, ctx.tracker);
    const qsMethods = qs?.kind === 'class' ? classMethods(ctx, qs.cls, DJANGO_QUERYSET) : null;
    const manager = DJANGO_MANAGER.test(symbols.externalName(built.file, managerName) ?? '') ? null : symbols.dotted(built.file, managerName, ctx.tracker);
    const own = manager === null ? new Map() : manager.kind === 'class' ? (managerClassMethods(ctx, manager.cls)?.methods ?? null) : null;
    if (!qsMethods || !own) return null;
    const querysets = managerQuerysets(ctx, own, qsMethods);
    return querysets && state(`${managerName}.from_queryset(${h.firstArg})`, new Map([...copiedToManager(qsMethods), ...own]), querysets.methods, querysets.annotated);
  }
  const asManager = /^(.+)\.as_manager$/.exec(callee);
  const sym = symbols.dotted(file, asManager ? asManager[1] : callee, ctx.tracker);
  if (sym?.kind !== 'class') return null;
  const name = symbols.classInfo(sym.cls).name;
  if (asManager) {
    const qsMethods = classMethods(ctx, sym.cls, DJANGO_QUERYSET);
    return qsMethods && state(`${name}.as_manager()`, copiedToManager(qsMethods), qsMethods);
  }
  const manager = managerClassMethods(ctx, sym.cls);
  const querysets = manager && managerQuerysets(ctx, manager.methods, manager.querysets);
  return querysets ? state(name, manager!.methods, querysets.methods, querysets.annotated) : null;
}

/** What the querysets of a manager class are: its `get_queryset()` override's result, else `fallback`'s. */
function managerQuerysets(ctx: CheckContext, own: Methods, fallback: Methods): { methods: Methods; annotated: ReadonlySet<string> | null } | null {
  const getQueryset = own.get('get_queryset');
  if (!getQueryset) return { methods: fallback, annotated: new Set() };
  const fn = getQueryset.fn;
  if (!fn) return null;
  // `return ArticleQuerySet(self.model, using=self._db)`: the project queryset class.
  if (fn.returnsCall) {
    const qs = ctx.project.symbols.dotted(getQueryset.cls.file, fn.returnsCall, ctx.tracker);
    const methods = qs?.kind === 'class' ? classMethods(ctx, qs.cls, DJANGO_QUERYSET) : null;
    return methods && { methods, annotated: new Set() };
  }
  // `return super().get_queryset().filter(…).annotate(n=…)`: Django's queryset, through Django's methods only.
  const chains = fn.selfChains;
  if (!chains?.chains.every((c) => c.super && c.calls[0] === 'get_queryset' && c.calls.slice(1).every((n) => SAME_QUERYSET.has(n) || n === 'annotate' || n === 'alias'))) return null;
  return { methods: fallback, annotated: chains.annotates && new Set(chains.annotates) };
}

/** `as_manager()`/`from_queryset()` copy a queryset's public methods onto the manager (not `_private` ones). */
function copiedToManager(methods: Methods): Methods {
  return new Map([...methods].filter(([name]) => !name.startsWith('_')));
}

/**
 * The members of a project manager class, and the methods of its querysets when a base is built by
 * `Manager.from_queryset(QuerySet)` (`class PostManager(models.Manager.from_queryset(PostQuerySet))`).
 */
function managerClassMethods(ctx: CheckContext, cls: ClassRef, depth = 0): { methods: Methods; querysets: Methods } | null {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  const key = moduleKeyOf(cls.file.path);
  if (key !== null) ctx.tracker.add(key); // its members are read: an edit of them re-checks this file
  if (info.dynamic || depth > MAX_DEPTH) return null;
  const methods: Methods = new Map();
  let querysets: Methods = new Map();
  let reachesRoot = false;
  // Nearest first: a base listed earlier wins over a later one, the class's own members over all.
  for (const [index, base] of [...info.bases.entries()].reverse()) {
    const built = info.builtBases?.find((b) => b.index === index);
    let inherited: { methods: Methods; querysets: Methods } | null = null;
    if (built) {
      const qs = symbols.dotted(cls.file, built.argument, ctx.tracker);
      const qsMethods = qs?.kind === 'class' ? classMethods(ctx, qs.cls, DJANGO_QUERYSET, depth + 1) : null;
      const manager = DJANGO_MANAGER.test(symbols.externalName(cls.file, built.builder) ?? '') ? { methods: new Map(), querysets: new Map() } : null;
      const project = manager ? null : symbols.dotted(cls.file, built.builder, ctx.tracker);
      const managerMethods = manager ?? (project?.kind === 'class' ? managerClassMethods(ctx, project.cls, depth + 1) : null);
      // The manager class's own methods win over the queryset's copied ones.
      if (qsMethods && managerMethods) inherited = { methods: new Map([...copiedToManager(qsMethods), ...managerMethods.methods]), querysets: qsMethods };
    } else if (DJANGO_MANAGER.test(symbols.externalName(cls.file, base) ?? '')) inherited = { methods: new Map(), querysets: new Map() };
    else {
      const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
      inherited = sym?.kind === 'class' ? managerClassMethods(ctx, sym.cls, depth + 1) : null;
      const mixin = !inherited && sym?.kind === 'class' ? mixinMethods(ctx, sym.cls, depth + 1) : null;
      if (mixin) {
        for (const [n, m] of mixin) methods.set(n, m);
        continue;
      }
    }
    if (!inherited) return null;
    reachesRoot = true;
    for (const [n, m] of inherited.methods) methods.set(n, m);
    if (inherited.querysets.size) querysets = inherited.querysets;
  }
  for (const m of info.members) methods.set(m.name, { cls, fn: m.method !== undefined && m.kind === 'method' ? info.methods[m.method] : null });
  return reachesRoot ? { methods, querysets } : null;
}

/** The members of a project class and its project bases down to Django's `root` class; null when another base is in the way. */
function classMethods(ctx: CheckContext, cls: ClassRef, root: RegExp, depth = 0): Methods | null {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  const key = moduleKeyOf(cls.file.path);
  if (key !== null) ctx.tracker.add(key); // its members are read: an edit of them re-checks this file
  if (info.dynamic || depth > MAX_DEPTH) return null;
  const methods: Methods = new Map();
  let reachesRoot = false;
  // Nearest first: a base listed earlier wins over a later one, the class's own members over all.
  for (const base of [...info.bases].reverse()) {
    if (root.test(symbols.externalName(cls.file, base) ?? '')) {
      reachesRoot = true;
      continue;
    }
    const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
    const inherited = sym?.kind === 'class' ? classMethods(ctx, sym.cls, root, depth + 1) : null;
    const mixin = !inherited && sym?.kind === 'class' ? mixinMethods(ctx, sym.cls, depth + 1) : null;
    if (mixin) {
      for (const [n, m] of mixin) methods.set(n, m);
      continue;
    }
    if (!inherited) return null;
    reachesRoot = true;
    for (const [n, m] of inherited) methods.set(n, m);
  }
  for (const m of info.members) methods.set(m.name, { cls, fn: m.method !== undefined && m.kind === 'method' ? info.methods[m.method] : null });
  return reachesRoot ? methods : null;
}

/**
 * A project mixin (`class CompositeKeyMixin:` with no base but `object` and other such mixins): every
 * method it adds is its own, so a manager or queryset class listing it before Django's is still known.
 */
function mixinMethods(ctx: CheckContext, cls: ClassRef, depth: number): Methods | null {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  const key = moduleKeyOf(cls.file.path);
  if (key !== null) ctx.tracker.add(key);
  if (info.dynamic || info.keywords.length || depth > MAX_DEPTH) return null;
  const methods: Methods = new Map();
  for (const base of [...info.bases].reverse()) {
    if (symbols.externalName(cls.file, base) === 'builtins.object') continue;
    const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
    const inherited = sym?.kind === 'class' ? mixinMethods(ctx, sym.cls, depth + 1) : null;
    if (!inherited) return null;
    for (const [n, m] of inherited) methods.set(n, m);
  }
  for (const m of info.members) methods.set(m.name, { cls, fn: m.method !== undefined && m.kind === 'method' ? info.methods[m.method] : null });
  return methods;
}

/** A `prefetch_related("a", "b__c")` call of string literals only (as a query hint's `plainPrefetch` says): no names of its own. */
export const PLAIN_PREFETCH: CallShape = { positional: 1, keywords: [], unpacks: false, awaited: false, usage: 'other', inAsync: false };

/** The queryset `Model.<links[0]>.<links[1]>(…)…` gives (by method names only: `annotate()` makes names unknown). */
export function queryState(ctx: CheckContext, model: DjangoModel, links: string[], plainPrefetch = false): QuerysetState | null {
  let state = managerState(ctx, model, links[0]);
  for (const name of links.slice(1)) {
    const step = state && stepOf(ctx, state, name, plainPrefetch && name === 'prefetch_related' ? PLAIN_PREFETCH : undefined);
    state = step?.kind === 'django' || step?.kind === 'project' ? step.next : null;
  }
  return state;
}

/** The names a manager or queryset of this state has (for messages and suggestions). */
export function apiOf(state: QuerysetState): Set<string> {
  const own = state.at === 'manager' ? state.managerMethods : state.querysetMethods;
  return new Set([...MANAGER_API, ...(state.at === 'queryset' ? QUERYSET_ONLY : []), ...own.keys()]);
}

/** What reading (and calling, when `call` is given) `name` on the state's object gives. */
export function stepOf(ctx: CheckContext, state: QuerysetState, name: string, call?: CallShape, depth = 0): Step {
  // The manager's own `get_queryset()` override made `querysetMethods` and `annotated` (managerQuerysets).
  if (state.at === 'manager' && name === 'get_queryset') return { kind: 'django', next: { ...state, at: 'queryset' } };
  const own = state.at === 'manager' ? state.managerMethods : state.querysetMethods;
  const method = own.get(name);
  if (method) {
    const kept = depth < MAX_DEPTH ? keptBy(ctx, state, name, method, depth + 1) : null;
    return { kind: 'project', next: kept };
  }
  if (MANAGER_API.has(name) || (state.at === 'queryset' && QUERYSET_ONLY.has(name))) {
    // An async method or `contains` on a Django the project pins before they were added.
    const missing = missingFromPinnedDjango(ctx.project, 'queryset', name, ctx.tracker);
    if (missing) return { kind: 'missing', api: apiOf(state), addedLater: addedLater(missing) };
    return { kind: 'django', next: djangoNext(state, name, call) };
  }
  if (name.startsWith('_') || ctx.project.symbols.written().has(name)) return { kind: 'unknown' };
  if (state.at === 'queryset' ? state.querysetsOpen : state.managerOpen) return { kind: 'unknown' };
  return { kind: 'missing', api: apiOf(state) };
}

/** Django's methods that return a queryset of rows other than instances (`values()` dicts, dates). */
const OTHER_ROWS = new Set(['values', 'values_list', 'dates', 'datetimes']);
/** Django's methods that return a queryset of the model whose rows may carry names no summary shows. */
const OPEN_NAMES = new Set(['union', 'intersection', 'difference', 'extra', 'complex_filter']);

/** The queryset Django's method `name` returns (`annotate()` adds its names), null when it returns none. */
function djangoNext(state: QuerysetState, name: string, call?: CallShape): QuerysetState | null {
  // `prefetch_related(Prefetch("x", to_attr="y"))` (or lookups it cannot see) gives rows a name of its choosing.
  if (name === 'prefetch_related' && (!call || call.unpacks || call.expressions?.some((e) => /(^|\.)Prefetch$/.test(e.callee) && e.keywords.some((k) => k.name === 'to_attr')))) return { ...state, at: 'queryset', annotated: null };
  if (name === 'get_queryset' || SAME_QUERYSET.has(name)) return { ...state, at: 'queryset' };
  if (OTHER_ROWS.has(name)) return { ...state, at: 'queryset', annotated: null, instances: false };
  if (OPEN_NAMES.has(name)) return { ...state, at: 'queryset', annotated: null };
  if (name !== 'annotate' && name !== 'alias') return null;
  const annotated = !call || call.unpacks || !state.annotated ? null : new Set([...state.annotated, ...call.keywords.map((k) => k.name)]);
  return { ...state, at: 'queryset', annotated };
}

/** The queryset a project method returns when every `return` keeps it (`self`, `self.filter(…)`, `super().…`), else null. */
function keptBy(ctx: CheckContext, state: QuerysetState, name: string, method: ProjectMethod, depth: number): QuerysetState | null {
  const chains = method.fn?.selfChains;
  const key = moduleKeyOf(method.cls.file.path);
  if (key !== null) ctx.tracker.add(key); // its returns are read: an edit of them re-checks this file
  if (!chains) return null;
  let annotated = chains.annotates && state.annotated ? new Set([...state.annotated, ...chains.annotates]) : null;
  // A queryset method copied onto the manager runs on `get_queryset()`: its `self` is a queryset.
  const at = state.at === 'queryset' || state.querysetMethods.get(name) === method ? 'queryset' : 'manager';
  let instances = state.instances;
  for (const chain of chains.chains) {
    let cur: QuerysetState | null = { ...state, at, annotated: new Set() };
    for (let i = 0; i < chain.calls.length && cur; i++) {
      const call = chain.calls[i];
      const step: Step = chain.super && i === 0 ? superStep(cur, call) : stepOf(ctx, cur, call, undefined, depth);
      // (annotate()'s keyword names are in `chains.annotates`: here it only keeps the queryset.)
      if (step.kind === 'django') cur = call === 'annotate' || call === 'alias' ? { ...cur, at: 'queryset' } : step.next;
      else cur = step.kind === 'project' ? step.next : null;
      if (cur?.annotated) for (const n of cur.annotated) annotated?.add(n);
      else if (cur) annotated = null;
    }
    if (!cur) return null;
    if (!cur.instances) instances = false;
  }
  return { ...state, at: 'queryset', annotated, instances };
}

/** `super().<name>` in a project method: Django's method (an override further up the project's classes is not followed). */
function superStep(state: QuerysetState, name: string): Step {
  return MANAGER_API.has(name) || QUERYSET_ONLY.has(name) ? { kind: 'django', next: djangoNext(state, name) } : { kind: 'unknown' };
}

/** Managers the model and its model ancestors declare, nearest first: Django's Manager, `X.as_manager()`, project `…Manager` classes. */
/** Per model object (a new graph makes new ones): the managers and the dependency keys reading them added. */
const declaredManagersMemo = new WeakMap<DjangoModel, { names: string[]; keys: string[] }>();

export function declaredManagers(ctx: CheckContext, model: DjangoModel): string[] {
  let memo = declaredManagersMemo.get(model);
  if (!memo) {
    const tracker = new DependencyTracker();
    memo = { names: managersOfChain(ctx, model, tracker), keys: [] };
    memo.keys = [...tracker.keys];
    declaredManagersMemo.set(model, memo);
  }
  for (const key of memo.keys) ctx.tracker.add(key);
  return memo.names;
}

function managersOfChain(ctx: CheckContext, model: DjangoModel, tracker: DependencyTracker): string[] {
  const symbols = ctx.project.symbols;
  const names: string[] = [];
  for (const cls of model.chain) {
    for (const m of Object.keys(contribModelOf(cls)?.managers ?? {})) if (!names.includes(m)) names.push(m);
    for (const m of symbols.classInfo(cls).members) {
      if (m.kind !== 'attribute' || m.hint?.kind !== 'call' || names.includes(m.name)) continue;
      const callee = m.hint.callee;
      const external = symbols.externalName(cls.file, callee) ?? '';
      const target = /^django\./.test(external) ? null : symbols.dotted(cls.file, callee, tracker);
      const isManager =
        DJANGO_MANAGER.test(external) ||
        CONTRIB_MANAGERS.has(external) ||
        m.hint.instanceOfResult === true ||
        /(^|\.)(as_manager|from_queryset)$/.test(callee) ||
        (target?.kind === 'class' && /Manager$/.test(symbols.classInfo(target.cls).name));
      // (Fields named like managers, django-taggit's `tags = TaggableManager()`, are no managers.)
      if (isManager && fieldClass(symbols, cls.file, m, tracker) === null) names.push(m.name);
    }
  }
  return names;
}

/** The `Meta` options the model and its ancestors set (`default_manager_name`, `base_manager_name`). */
function metaNames(ctx: CheckContext, model: DjangoModel): Set<string> {
  const names = new Set<string>();
  for (const cls of model.chain) {
    const meta = ctx.project.symbols.classInfo(cls).members.find((m) => m.name === 'Meta' && m.nested !== undefined);
    for (const m of meta ? cls.file.summary.classes[meta.nested!].members : []) names.add(m.name);
  }
  return names;
}
