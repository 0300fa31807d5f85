// SQLAlchemy 2.0-style reads of joined eager loads, for orm-misuse: a statement built with
// `select(M).options(joinedload(M.rel))` (or `contains_eager`) whose result is read with `.all()`,
// `.scalar_one()`… without `.unique()`. SQLAlchemy then raises InvalidRequestError ("The unique() method must
// be invoked on this Result…") when `rel` is a collection, which the rule decides from the model graph.
// The statement and the result may go through local names assigned once in the same function
// (`stmt = select(…)…; result = await session.execute(stmt); result.scalars().all()`); anything else (a
// parameter, a name assigned twice, options built elsewhere) records nothing. A pass over the tree after the
// summarizer's walk (facts.ts), only in files that mention a joined loader.
import type { Span } from '../../core/types';
import { childByField as child, namedChildren as named, type SyntaxNode } from '../../syntax/parser';
import type { JoinedRead } from './readFacts';

type SpanOf = (n: SyntaxNode) => Span;

/** Result reads that fail on a result needing uniquing (`first()`, `scalar()` and `scalars().first()` do not). */
const CONSUMERS = new Set(['all', 'one', 'one_or_none', 'scalar_one', 'scalar_one_or_none', 'fetchall', 'fetchmany', 'partitions']);
/** Builtins that iterate the result they are given (as `for … in result` does). */
const ITERATING_CALLS = new Set(['list', 'tuple', 'set', 'sorted']);
/** Session methods that run a statement and return its Result (SQLModel's `exec` returns its ScalarResult). */
const RUNNERS = new Set(['execute', 'scalars', 'exec']);
/** Select methods that keep the statement's entities and loader options. */
const STATEMENT_STEPS = new Set([
  'where', 'filter', 'filter_by', 'order_by', 'limit', 'offset', 'join', 'outerjoin', 'join_from', 'outerjoin_from', 'group_by', 'having',
  'distinct', 'execution_options', 'select_from', 'options', 'correlate', 'with_for_update', 'params', 'fetch', 'slice',
]);
const JOINED_LOADERS = new Set(['joinedload', 'contains_eager']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
/** Files worth reading: they name a joined loader. */
const MENTIONS_JOINED_LOADER = /\b(joinedload|contains_eager)\b/;

function positional(call: SyntaxNode): SyntaxNode[] {
  const args = child(call, 'arguments');
  return args ? named(args).filter((c) => c.type !== 'keyword_argument') : [];
}

class JoinedReadReader {
  /** Per scope: local names and the value of their single plain assignment (null: bound otherwise or twice). */
  private values = new Map<string, SyntaxNode | null>();

  constructor(
    private readonly text: string,
    private readonly spanOf: SpanOf,
  ) {}

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** `x.method(…)` → method name; else null. */
  private method(call: SyntaxNode): string | null {
    const fn = child(call, 'function');
    const attr = fn?.type === 'attribute' ? child(fn, 'attribute') : undefined;
    return attr ? this.textOf(attr) : null;
  }

  private receiver(call: SyntaxNode): SyntaxNode | undefined {
    const fn = child(call, 'function');
    return fn?.type === 'attribute' ? child(fn, 'object') : undefined;
  }

  private unwrap(n: SyntaxNode | undefined): SyntaxNode | undefined {
    for (let depth = 0; n && depth < 8 && (n.type === 'parenthesized_expression' || n.type === 'await'); depth++) n = named(n)[0];
    return n;
  }

  /** A local name's single value, else undefined. */
  private valueOf(n: SyntaxNode): SyntaxNode | undefined {
    return this.values.get(this.textOf(n)) ?? undefined;
  }

  read(scope: SyntaxNode, out: JoinedRead[]): void {
    this.values = new Map();
    const params = child(scope, 'parameters');
    if (params) this.bindAll(params);
    const calls: SyntaxNode[] = [];
    /** Results iterated: `list(result.scalars())`, `for user in session.scalars(stmt)`. */
    const iterated: SyntaxNode[] = [];
    const visit = (n: SyntaxNode) => {
      if (n !== scope && NESTED_SCOPES.has(n.type)) return;
      if (n.type === 'assignment') {
        const left = child(n, 'left');
        if (left?.type === 'identifier' && !child(n, 'type')) {
          const name = this.textOf(left);
          this.values.set(name, this.values.has(name) ? null : (child(n, 'right') ?? null));
        } else if (left) this.bindAll(left);
      } else if (n.type === 'augmented_assignment' || n.type === 'for_statement' || n.type === 'for_in_clause') {
        const left = child(n, 'left');
        if (left) this.bindAll(left);
        const right = n.type === 'augmented_assignment' ? undefined : child(n, 'right');
        if (right) iterated.push(right);
      } else if (n.type === 'as_pattern' || n.type === 'named_expression' || n.type === 'global_statement' || n.type === 'nonlocal_statement') {
        const target = n.type === 'as_pattern' ? child(n, 'alias') : n.type === 'named_expression' ? child(n, 'name') : n;
        if (target) this.bindAll(target);
      } else if (n.type === 'call' && CONSUMERS.has(this.method(n) ?? '')) calls.push(n);
      else if (n.type === 'call' && child(n, 'function')?.type === 'identifier' && ITERATING_CALLS.has(this.textOf(child(n, 'function')!)) && positional(n).length === 1) iterated.push(positional(n)[0]);
      for (const c of n.children) visit(c);
    };
    visit(child(scope, 'body') ?? scope);
    for (const call of calls) {
      const statement = this.statementOf(this.receiver(call), 0);
      const loads = statement ? this.loadsOf(statement, 0)?.loads : null;
      const attr = child(child(call, 'function')!, 'attribute')!;
      if (loads?.length) out.push({ consumer: this.textOf(attr), span: this.spanOf(attr), loads });
    }
    for (const result of iterated) {
      const statement = this.statementOf(result, 0);
      const loads = statement ? this.loadsOf(statement, 0)?.loads : null;
      if (loads?.length) out.push({ consumer: 'iteration', span: this.spanOf(result), loads, iterated: true });
    }
  }

  private bindAll(n: SyntaxNode): void {
    if (n.type === 'identifier') this.values.set(this.textOf(n), null);
    for (const c of n.children) this.bindAll(c);
  }

  /** The statement a result comes from: `session.execute(stmt)`, `….scalars()` of it, a local holding either. */
  private statementOf(n: SyntaxNode | undefined, depth: number): SyntaxNode | null {
    n = this.unwrap(n);
    if (!n || depth > 8) return null;
    if (n.type === 'identifier') return this.statementOf(this.valueOf(n), depth + 1);
    if (n.type !== 'call') return null;
    const method = this.method(n);
    const args = positional(n);
    if (method === 'scalars' && args.length === 0 && !child(n, 'arguments')?.children.some((c) => c.type === 'keyword_argument')) return this.statementOf(this.receiver(n), depth + 1);
    if (method && RUNNERS.has(method) && args.length >= 1 && this.isSession(this.receiver(n))) return args[0];
    return null; // `.unique()`, `.mappings()`, anything else: not judged
  }

  /**
   * Whether the receiver of `execute`/`scalars` is named like an ORM session (`session`, `db.session`,
   * `self.session`, FastAPI's `db`): a project's own wrapper (`repo.scalars(stmt)`) may call unique() itself, and
   * a Core connection does not load ORM options.
   */
  private isSession(n: SyntaxNode | undefined): boolean {
    n = this.unwrap(n);
    const last = n?.type === 'identifier' ? this.textOf(n) : n?.type === 'attribute' ? this.textOf(child(n, 'attribute') ?? n) : '';
    return /session/i.test(last) || last === 'db' || last === 'sess';
  }

  /**
   * The joined loads of a `select(…)` statement (through its methods and locals), or null when it is not one;
   * only load paths that start from an entity the select names (`select(User)…joinedload(User.posts)`): a path from
   * anything else fails with another error.
   */
  private loadsOf(n: SyntaxNode | undefined, depth: number): { selected: string[]; loads: JoinedRead['loads'] } | null {
    n = this.unwrap(n);
    if (!n || depth > 16) return null;
    if (n.type === 'identifier') return this.loadsOf(this.valueOf(n), depth + 1);
    if (n.type !== 'call') return null;
    const fn = child(n, 'function');
    const owner = fn?.type === 'attribute' ? child(fn, 'object') : undefined;
    const isSelect = fn?.type === 'identifier' ? this.textOf(fn) === 'select' : fn?.type === 'attribute' && this.textOf(child(fn, 'attribute') ?? fn) === 'select' && owner?.type === 'identifier' && /^(sa|sqlalchemy|sqlmodel|db)$/.test(this.textOf(owner));
    if (isSelect) {
      const selected = positional(n).filter((a) => a.type === 'identifier' || a.type === 'attribute').map((a) => this.textOf(a).replace(/\s+/g, ''));
      return { selected, loads: [] };
    }
    const method = this.method(n);
    if (!method || !STATEMENT_STEPS.has(method)) return null;
    const inner = this.loadsOf(this.receiver(n), depth + 1);
    if (!inner || method !== 'options') return inner;
    const loads = [...inner.loads];
    for (const option of named(child(n, 'arguments') ?? n)) {
      const path = this.joinedPath(option);
      if (path.length && inner.selected.includes(path[0].entity)) loads.push(...path);
    }
    return { selected: inner.selected, loads };
  }

  /** `joinedload(A.b)`, `joinedload(A.b).joinedload(B.c)`: the leading joined links (`Model.attr` only). */
  private joinedPath(option: SyntaxNode): JoinedRead['loads'] {
    const links: { name: string; arg: SyntaxNode | undefined }[] = [];
    let n: SyntaxNode | undefined = option;
    for (let depth = 0; n?.type === 'call' && depth < 8; depth++) {
      const fn = child(n, 'function');
      const name = fn?.type === 'identifier' ? this.textOf(fn) : fn?.type === 'attribute' ? this.textOf(child(fn, 'attribute') ?? fn) : '';
      links.unshift({ name, arg: positional(n)[0] });
      // `orm.joinedload(…)` / `db.joinedload(…)` start the chain; `<loader>.joinedload(…)` continues it.
      n = fn?.type === 'attribute' && child(fn, 'object')?.type === 'call' ? child(fn, 'object') : undefined;
    }
    const loads: JoinedRead['loads'] = [];
    for (const link of links) {
      if (!JOINED_LOADERS.has(link.name)) break;
      const arg = link.arg;
      const object = arg?.type === 'attribute' ? child(arg, 'object') : undefined;
      const attr = arg?.type === 'attribute' ? child(arg, 'attribute') : undefined;
      if (!object || !attr || (object.type !== 'identifier' && object.type !== 'attribute')) break;
      const entity = this.textOf(object).replace(/\s+/g, '');
      // A local name is no model class we can know.
      if (this.values.has(entity.split('.')[0])) break;
      loads.push({ entity, attribute: this.textOf(attr) });
    }
    return loads;
  }
}

/** Joined-load reads of every function (and the module body) of a file that mentions a joined loader. */
export function summarizeJoinedReads(root: SyntaxNode, text: string, spanOf: SpanOf): JoinedRead[] {
  if (!MENTIONS_JOINED_LOADER.test(text)) return [];
  const reader = new JoinedReadReader(text, spanOf);
  const out: JoinedRead[] = [];
  const scopes: SyntaxNode[] = [root];
  const collect = (n: SyntaxNode) => {
    if (n.type === 'function_definition') scopes.push(n);
    for (const c of n.children) collect(c);
  };
  collect(root);
  for (const scope of scopes) reader.read(scope, out);
  return out;
}
