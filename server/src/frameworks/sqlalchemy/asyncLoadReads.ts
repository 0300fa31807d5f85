// Async SQLAlchemy lazy loads, for async-lazy-load: in an `async def`, an instance evidently loaded through an
// AsyncSession (`await session.get(M, id)`, `(await session.execute(select(M)…)).scalar_one()`,
// `(await session.scalars(select(M)…)).first()`, `await session.scalar(select(M)…)`, the elements of `….all()`),
// then `instance.attr` read where the statement did not eager-load `attr`. Reading a lazy relationship there
// raises MissingGreenlet; whether `attr` is such a relationship is decided from the model graph at check time,
// and whether the session is an AsyncSession too (its annotation, or the factory it comes from).
// Only what is evident is recorded: names bound once in the function body itself, statements built in it,
// loader options this file spells out. A refresh of the instance, a call given it, `awaitable_attrs`, a write of
// the attribute or any use in a nested function or lambda before the read silences it. A pass over the tree
// after the summarizer's walk (facts.ts), only in files that mention AsyncSession or an async factory.
import type { Span } from '../../core/types';
import { childByField as child, namedChildren as named, type SyntaxNode } from '../../syntax/parser';
import type { AsyncLazyRead, AsyncSessionSource } from './readFacts';

type SpanOf = (n: SyntaxNode) => Span;

/** Loader options that load the attribute with the statement (`raiseload`/`noload` make reading it another matter: silent too). */
const EAGER_LOADERS = new Set(['selectinload', 'joinedload', 'subqueryload', 'immediateload', 'contains_eager', 'raiseload', 'noload']);
/** Loader options that leave the first attribute of their path lazy. */
const LAZY_LOADERS = new Set(['lazyload', 'defaultload']);
/** Statement methods that keep the selected entity and add nothing but options. */
const STATEMENT_STEPS = new Set([
  'where', 'filter', 'filter_by', 'order_by', 'limit', 'offset', 'join', 'outerjoin', 'join_from', 'outerjoin_from', 'group_by', 'having',
  'distinct', 'execution_options', 'select_from', 'options', 'correlate', 'with_for_update', 'params', 'fetch', 'slice',
]);
/** One instance from a ScalarResult (`scalars()`), and from a Result (`execute()`). */
const SCALARS_ONE = new Set(['first', 'one', 'one_or_none']);
const RESULT_ONE = new Set(['scalar_one', 'scalar_one_or_none', 'scalar']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
/** Files worth reading: they name an AsyncSession or a factory of async sessions. */
const MENTIONS_ASYNC = /\b(AsyncSession|async_sessionmaker|async_session|async_scoped_session)\b/;

interface Instance {
  entity: string;
  eager: Set<string>;
  /** Where the binding ends: reads before it are not of this instance. */
  boundAt: number;
  session: AsyncSessionSource;
}

interface AttributeUse {
  object: string;
  attribute: SyntaxNode;
  at: number;
  store: boolean;
}

/** Function definitions at any depth of statements (expressions, where none can be, are not walked). */
function functionsOf(n: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] {
  for (const c of n.children) {
    if (c.type === 'function_definition') out.push(c);
    if (c.type === 'block' || c.type === 'function_definition' || c.type === 'class_definition' || c.type === 'decorated_definition' || c.type.endsWith('_statement') || c.type.endsWith('_clause')) functionsOf(c, out);
  }
  return out;
}

function positional(call: SyntaxNode): SyntaxNode[] {
  const args = child(call, 'arguments');
  return args ? named(args).filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment') : [];
}

function keyword(call: SyntaxNode, name: string, text: string): SyntaxNode | null | undefined {
  const args = child(call, 'arguments');
  for (const c of args ? named(args) : []) {
    if (c.type === 'keyword_argument' && text.slice(child(c, 'name')!.start, child(c, 'name')!.end) === name) return child(c, 'value') ?? null;
    if (c.type === 'dictionary_splat') return null; // `**kwargs`: unknown
  }
  return undefined;
}

class AsyncLoadReader {
  private values = new Map<string, SyntaxNode | null>();
  /** Names bound by exactly one `for` (or comprehension) target: the iterable, and where the binding is. */
  private loops = new Map<string, { iterable: SyntaxNode; at: number } | null>();
  private sessions = new Map<string, AsyncSessionSource | null>();
  private uses: AttributeUse[] = [];
  /** Per name: where it was given to a call, refreshed, or used in a nested scope (reads after that are silent). */
  private touched = new Map<string, number>();
  /** Per name: attributes loaded or written before a point (`awaitable_attrs.x`, `obj.x = …`). */
  private settled = new Map<string, { attribute: string; at: number }[]>();

  constructor(
    private readonly text: string,
    private readonly spanOf: SpanOf,
    /** Module-level names assigned `sessionmaker(…, class_=AsyncSession)` in this file. */
    private readonly localAsyncFactories: Set<string>,
  ) {}

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  private unwrap(n: SyntaxNode | undefined | null): SyntaxNode | undefined {
    for (let depth = 0; n && depth < 8 && n.type === 'parenthesized_expression'; depth++) n = named(n)[0];
    return n ?? undefined;
  }

  private method(call: SyntaxNode): string | null {
    const fn = child(call, 'function');
    return fn?.type === 'attribute' ? this.textOf(child(fn, 'attribute')!) : null;
  }

  private receiver(call: SyntaxNode): SyntaxNode | undefined {
    const fn = child(call, 'function');
    return fn?.type === 'attribute' ? child(fn, 'object') : undefined;
  }

  private dotted(n: SyntaxNode | undefined): string | null {
    if (!n) return null;
    if (n.type === 'identifier') return this.textOf(n);
    if (n.type !== 'attribute') return null;
    const left = this.dotted(child(n, 'object'));
    const attr = child(n, 'attribute');
    return left && attr ? `${left}.${this.textOf(attr)}` : null;
  }

  private touch(name: string, at: number): void {
    const before = this.touched.get(name);
    if (before === undefined || at < before) this.touched.set(name, at);
  }

  read(fn: SyntaxNode, out: AsyncLazyRead[]): void {
    this.values = new Map();
    this.loops = new Map();
    this.sessions = new Map();
    this.uses = [];
    this.touched = new Map();
    this.settled = new Map();
    const params = child(fn, 'parameters');
    for (const p of params ? named(params) : []) {
      const name = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? named(p).find((c) => c.type === 'identifier') : child(p, 'name');
      if (!name || name.type !== 'identifier') continue;
      const type = child(p, 'type');
      this.values.set(this.textOf(name), null);
      this.loops.set(this.textOf(name), null);
      this.sessions.set(this.textOf(name), type ? { annotation: this.textOf(type).replace(/\s+/g, '') } : this.dependency(child(p, 'value')));
    }
    this.visit(child(fn, 'body') ?? fn, true, fn);
    const instances = new Map<string, Instance | null>();
    for (const use of this.uses) {
      if (use.store) continue;
      if (!instances.has(use.object)) instances.set(use.object, this.instance(use.object));
      const instance = instances.get(use.object);
      if (!instance || use.at < instance.boundAt) continue;
      const attribute = this.textOf(use.attribute);
      if (instance.eager.has(attribute) || attribute === 'awaitable_attrs') continue;
      const touched = this.touched.get(use.object);
      if (touched !== undefined && touched < use.at) continue;
      if (this.settled.get(use.object)?.some((s) => s.attribute === attribute && s.at < use.at)) continue;
      out.push({ entity: instance.entity, attribute, span: this.spanOf(use.attribute), session: instance.session });
    }
  }

  /** FastAPI's `db=Depends(get_db)` (unannotated): the provider, whose return annotation decides. */
  private dependency(value: SyntaxNode | undefined): AsyncSessionSource | null {
    const fn = value?.type === 'call' ? child(value, 'function') : undefined;
    const args = value?.type === 'call' ? named(child(value, 'arguments') ?? value) : [];
    const provider = args.length === 1 ? this.dotted(args[0]) : null;
    return fn && /(^|\.)Depends$/.test(this.textOf(fn)) && provider ? { provider } : null;
  }

  private bindAll(n: SyntaxNode): void {
    if (n.type === 'identifier') {
      const name = this.textOf(n);
      this.values.set(name, null);
      this.loops.set(name, null);
      this.sessions.set(name, null);
    }
    for (const c of n.children) this.bindAll(c);
  }

  private visit(n: SyntaxNode, top: boolean, parent?: SyntaxNode): void {
    if (!top && NESTED_SCOPES.has(n.type)) {
      // A closure may load anything of what it names (`run_sync(lambda s: user.posts)`): those names are settled from here.
      const mark = (m: SyntaxNode) => {
        if (m.type === 'identifier') this.touch(this.textOf(m), n.start);
        for (const c of m.children) mark(c);
      };
      mark(n);
      return;
    }
    switch (n.type) {
      case 'assignment': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (left?.type === 'identifier') {
          const name = this.textOf(left);
          const once = !this.values.has(name) && !this.loops.has(name) && !this.sessions.has(name);
          this.values.set(name, once && right ? right : null);
          if (!once) this.loops.set(name, null);
          if (!once) this.sessions.set(name, null);
        } else if (left) this.bindTargets(left);
        break;
      }
      case 'augmented_assignment':
      case 'global_statement':
      case 'nonlocal_statement':
      case 'named_expression':
      case 'delete_statement':
        this.bindAll(n.type === 'augmented_assignment' ? child(n, 'left') ?? n : n.type === 'named_expression' ? child(n, 'name') ?? n : n);
        break;
      case 'for_statement':
      case 'for_in_clause': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (left?.type === 'identifier' && right) {
          const name = this.textOf(left);
          const once = !this.values.has(name) && !this.loops.has(name) && !this.sessions.has(name);
          // A comprehension's element is read in its body, written before its `for`.
          const at = n.type === 'for_in_clause' && parent ? parent.start : left.end;
          this.loops.set(name, once ? { iterable: right, at } : null);
          this.values.set(name, null);
          if (!once) this.sessions.set(name, null);
        } else if (left) this.bindAll(left);
        break;
      }
      case 'with_statement':
        this.withSessions(n);
        break;
      case 'as_pattern':
        if (parent?.type !== 'with_item') this.bindAll(child(n, 'alias') ?? n);
        break;
      case 'attribute': {
        const object = child(n, 'object');
        const attribute = child(n, 'attribute');
        if (object?.type === 'identifier' && attribute) {
          const store = (parent?.type === 'assignment' && child(parent, 'left') === n) || parent?.type === 'pattern_list' || parent?.type === 'tuple_pattern';
          const name = this.textOf(object);
          this.uses.push({ object: name, attribute, at: n.start, store });
          if (store) this.settle(name, this.textOf(attribute), n.start);
        } else if (object?.type === 'attribute' && attribute && child(object, 'object')?.type === 'identifier' && this.textOf(child(object, 'attribute')!) === 'awaitable_attrs') {
          this.settle(this.textOf(child(object, 'object')!), this.textOf(attribute), n.start);
        }
        break;
      }
      case 'call': {
        // An instance given to a call may be refreshed or loaded there (`await session.refresh(user, ["posts"])`, a helper).
        const args = child(n, 'arguments');
        for (const a of args ? named(args) : []) {
          const value = a.type === 'keyword_argument' ? child(a, 'value') : a;
          if (value?.type === 'identifier') this.touch(this.textOf(value), n.start);
          else if (value?.type === 'list' || value?.type === 'tuple') for (const item of named(value)) if (item.type === 'identifier') this.touch(this.textOf(item), n.start);
        }
        break;
      }
    }
    for (const c of n.children) this.visit(c, false, n);
  }

  private bindTargets(left: SyntaxNode): void {
    // `a, b = …` / `obj.x, y = …`: names become unknown; attribute targets are writes (settled by the attribute case).
    if (left.type === 'identifier') this.bindAll(left);
    else if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern' || left.type === 'list_splat_pattern') for (const c of named(left)) this.bindTargets(c);
  }

  private settle(name: string, attribute: string, at: number): void {
    const list = this.settled.get(name) ?? [];
    list.push({ attribute, at });
    this.settled.set(name, list);
  }

  /** `async with factory() as session`, `async with AsyncSession(engine) as session`, `async with factory.begin() as session`. */
  private withSessions(n: SyntaxNode): void {
    // The converted tree keeps named nodes only: `async` is read from the text.
    const isAsync = this.text.startsWith('async', n.start);
    const clause = n.children.find((c) => c.type === 'with_clause');
    for (const item of clause ? named(clause).filter((c) => c.type === 'with_item') : []) {
      const value = named(item)[0];
      if (value?.type !== 'as_pattern') continue;
      const alias = child(value, 'alias');
      const target = alias ? named(alias)[0] ?? alias : undefined;
      if (target?.type !== 'identifier') {
        if (alias) this.bindAll(alias);
        continue;
      }
      const name = this.textOf(target);
      const made = named(value)[0];
      const first = !this.values.has(name) && !this.loops.has(name) && !this.sessions.has(name);
      this.values.set(name, null);
      this.loops.set(name, null);
      let factory: string | null = null;
      if (isAsync && first && made?.type === 'call') {
        const fn = child(made, 'function');
        const begin = fn?.type === 'attribute' && this.textOf(child(fn, 'attribute')!) === 'begin' ? child(fn, 'object') : undefined;
        // `async with factory.begin() as session`: a sessionmaker's begin() yields a session too.
        factory = this.dotted(begin ?? fn);
      }
      this.sessions.set(name, factory ? { factory, ...(this.localAsyncFactories.has(factory) ? { asyncFactory: true as const } : {}) } : null);
    }
  }

  private sessionOf(n: SyntaxNode | undefined): AsyncSessionSource | null {
    n = this.unwrap(n);
    return n?.type === 'identifier' ? this.sessions.get(this.textOf(n)) ?? null : null;
  }

  /** `await <session>.<method>(…)` → the call, when its receiver is a session of this function. */
  private awaitedSessionCall(n: SyntaxNode | undefined, methods: Set<string>): { call: SyntaxNode; session: AsyncSessionSource } | null {
    n = this.unwrap(n);
    if (n?.type !== 'await') return null;
    const call = this.unwrap(named(n)[0]);
    if (call?.type !== 'call' || !methods.has(this.method(call) ?? '')) return null;
    const session = this.sessionOf(this.receiver(call));
    return session ? { call, session } : null;
  }

  /** A local name's value when assigned once, else the node itself. */
  private follow(n: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
    n = this.unwrap(n);
    if (n?.type === 'identifier' && depth < 8) {
      const value = this.values.get(this.textOf(n));
      return value ? this.follow(value, depth + 1) : undefined;
    }
    return n;
  }

  private instance(name: string): Instance | null {
    const value = this.values.get(name);
    if (value) {
      const loaded = this.loadedOne(value);
      return loaded ? { ...loaded, boundAt: value.end } : null;
    }
    const loop = this.loops.get(name);
    if (loop) {
      const loaded = this.loadedMany(loop.iterable);
      return loaded ? { ...loaded, boundAt: loop.at } : null;
    }
    return null;
  }

  /** What an expression evaluating to one instance loaded it from. */
  private loadedOne(value: SyntaxNode): Omit<Instance, 'boundAt'> | null {
    const v = this.unwrap(value);
    const get = this.awaitedSessionCall(v, new Set(['get']));
    if (get) {
      const [entity] = positional(get.call);
      const options = keyword(get.call, 'options', this.text);
      const eager = options === undefined ? new Set<string>() : options?.type === 'list' || options?.type === 'tuple' ? this.eagerOf(named(options)) : null;
      const name = this.entityName(entity);
      return name && eager && positional(get.call).length === 2 ? { entity: name, eager, session: get.session } : null;
    }
    const scalar = this.awaitedSessionCall(v, new Set(['scalar']));
    if (scalar) return this.statement(positional(scalar.call)[0], scalar.session);
    if (v?.type !== 'call' || positional(v).length || named(child(v, 'arguments') ?? v).length) return null;
    const method = this.method(v) ?? '';
    if (RESULT_ONE.has(method)) return this.fromResult(this.receiver(v), 'execute');
    if (SCALARS_ONE.has(method)) return this.fromResult(this.receiver(v), 'scalars');
    return null;
  }

  /** What an iterable of instances loaded them from: a ScalarResult, its `.all()`, a local holding either. */
  private loadedMany(iterable: SyntaxNode): Omit<Instance, 'boundAt'> | null {
    let v = this.follow(iterable);
    if (v?.type === 'call' && this.method(v) === 'all' && !positional(v).length) v = this.follow(this.receiver(v));
    return v ? this.fromResult(v, 'scalars') : null;
  }

  /**
   * A result evaluates to: `execute` — the Result of `await session.execute(stmt)`; `scalars` — a ScalarResult,
   * `await session.scalars(stmt)` or that Result's `.scalars()`.
   */
  private fromResult(n: SyntaxNode | undefined, kind: 'execute' | 'scalars', depth = 0): Omit<Instance, 'boundAt'> | null {
    n = this.follow(n);
    if (!n || depth > 4) return null;
    const run = this.awaitedSessionCall(n, new Set([kind]));
    if (run) return this.statement(positional(run.call)[0], run.session);
    const bare = n.type === 'call' && !named(child(n, 'arguments') ?? n).length;
    if (bare && this.method(n) === 'unique') return this.fromResult(this.receiver(n), kind, depth + 1);
    if (kind === 'scalars' && bare && this.method(n) === 'scalars') return this.fromResult(this.receiver(n), 'execute', depth + 1);
    return null;
  }

  /** `select(M)…options(…)`, kept in locals or not: the entity and the attributes its options load. */
  private statement(n: SyntaxNode | undefined, session: AsyncSessionSource, depth = 0): Omit<Instance, 'boundAt'> | null {
    n = this.follow(n);
    if (n?.type !== 'call' || depth > 16) return null;
    const fn = child(n, 'function');
    const fnText = fn ? this.textOf(fn) : '';
    if (fnText === 'select' || /^(sa|sqlalchemy|sqlmodel)\.select$/.test(fnText)) {
      const args = positional(n);
      const entity = args.length === 1 ? this.entityName(args[0]) : null;
      return entity && !named(child(n, 'arguments')!).some((c) => c.type === 'keyword_argument') ? { entity, eager: new Set(), session } : null;
    }
    const method = this.method(n);
    if (!method || !STATEMENT_STEPS.has(method)) return null;
    const inner = this.statement(this.receiver(n), session, depth + 1);
    if (!inner || method !== 'options') return inner;
    const eager = this.eagerOf(named(child(n, 'arguments')!));
    return eager ? { ...inner, eager: new Set([...inner.eager, ...eager]) } : null;
  }

  /** The first attributes of loader paths (`selectinload(User.posts).joinedload(Post.tags)` → posts); null for an option not read. */
  private eagerOf(options: SyntaxNode[]): Set<string> | null {
    const out = new Set<string>();
    for (const option of options) {
      if (option.type === 'comment') continue;
      let first: SyntaxNode | undefined = option;
      for (let depth = 0; depth < 8; depth++) {
        const fn: SyntaxNode | undefined = first?.type === 'call' ? child(first, 'function') : undefined;
        const inner: SyntaxNode | undefined = fn?.type === 'attribute' ? child(fn, 'object') : undefined;
        if (inner?.type !== 'call') break;
        first = inner;
      }
      if (first?.type !== 'call') return null;
      const fn = child(first, 'function');
      const loader = fn ? this.textOf(fn).replace(/^.*\./, '') : '';
      const [path] = positional(first);
      const attribute = path?.type === 'attribute' ? child(path, 'attribute') : undefined;
      if (!attribute || (!EAGER_LOADERS.has(loader) && !LAZY_LOADERS.has(loader))) return null;
      if (EAGER_LOADERS.has(loader)) out.add(this.textOf(attribute));
    }
    return out;
  }

  /** A class named by a dotted name that no local of the function rebinds. */
  private entityName(n: SyntaxNode | undefined): string | null {
    const name = this.dotted(this.unwrap(n));
    const root = name?.split('.')[0];
    return name && root && !this.values.has(root) && !this.loops.has(root) && !this.sessions.has(root) ? name : null;
  }
}

/** `Session = sessionmaker(…, class_=AsyncSession)` at module level: those names. */
function localAsyncFactories(root: SyntaxNode, text: string): Set<string> {
  const out = new Set<string>();
  for (const statement of named(root)) {
    const assignment = statement.type === 'expression_statement' ? named(statement)[0] : undefined;
    const left = assignment?.type === 'assignment' ? child(assignment, 'left') : undefined;
    const right = assignment ? child(assignment, 'right') : undefined;
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const fn = child(right, 'function');
    const classArg = keyword(right, 'class_', text);
    if (fn && /(^|\.)sessionmaker$/.test(text.slice(fn.start, fn.end)) && classArg && /(^|\.)AsyncSession$/.test(text.slice(classArg.start, classArg.end))) out.add(text.slice(left.start, left.end));
  }
  return out;
}

/** What a provider's return annotation says it gives: `AsyncSession`, `AsyncGenerator[AsyncSession, None]`, `AsyncIterator["AsyncSession"]`. */
const PROVIDED_SESSION = /^(?:(?:[\w.]+\.)?(?:AsyncGenerator|AsyncIterator|AsyncIterable|Generator|Iterator)\[)?['"]?([\w.]*AsyncSession)['"]?(?:,[^\]]*)?\]?$/;

/** Module-level functions whose return annotation gives an AsyncSession-named class (dependency providers), with that name. */
function sessionProviders(root: SyntaxNode, text: string): { name: string; session: string }[] {
  const out: { name: string; session: string }[] = [];
  for (const statement of named(root)) {
    const fn = statement.type === 'decorated_definition' ? child(statement, 'definition') : statement;
    const returns = fn?.type === 'function_definition' ? child(fn, 'return_type') : undefined;
    const m = returns ? PROVIDED_SESSION.exec(text.slice(returns.start, returns.end).replace(/\s+/g, '')) : null;
    if (m) out.push({ name: text.slice(child(fn!, 'name')!.start, child(fn!, 'name')!.end), session: m[1] });
  }
  return out;
}

/** Relationship-candidate reads on instances loaded through async sessions, in every `async def` of the file, and the file's async session factories. */
export function summarizeAsyncLoads(root: SyntaxNode, text: string, spanOf: SpanOf): { reads: AsyncLazyRead[]; factories: string[]; providers: { name: string; session: string }[] } {
  if (!MENTIONS_ASYNC.test(text)) return { reads: [], factories: [], providers: [] };
  const factories = localAsyncFactories(root, text);
  const reader = new AsyncLoadReader(text, spanOf, factories);
  const reads: AsyncLazyRead[] = [];
  for (const fn of functionsOf(root)) {
    // A session comes from an annotated parameter or an `async with`: functions with neither are not read.
    const params = child(fn, 'parameters');
    const mayHaveSession = (params && /Session|Depends/.test(text.slice(params.start, params.end))) || text.slice(fn.start, fn.end).includes('async with');
    if (mayHaveSession && text.startsWith('async', fn.start)) reader.read(fn, reads);
  }
  return { reads, factories: [...factories], providers: sessionProviders(root, text) };
}
