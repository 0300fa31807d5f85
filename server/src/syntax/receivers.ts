/**
 * Receivers: what annotations and straight-line assignments say a value is, for every framework. Pure helpers
 * of the summarizer's walk (walk/): annotation text → class names, query variables refined statement by statement, and the
 * SQLAlchemy entity a query (kept in variables or not) filters or returns.
 */
import type { Span } from '../core/types';
import { childByField, type SyntaxNode } from './parser';
import type { ValueHint } from './summary';

/** Query methods that keep the entity `filter_by` applies to. */
export const QUERY_PASS_THROUGH = new Set(['filter', 'where', 'filter_by', 'order_by', 'options', 'limit', 'offset', 'distinct', 'execution_options', 'with_for_update', 'group_by', 'having']);

/** Splits `a, b[c, d], e` at top-level commas (or another separator). */
export function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/**
 * The class an annotation names, as a dotted name: `"User"`, `Optional[User]`, `User | None`,
 * `Annotated[User, Depends(get_user)]` all name `User`; containers, unions of classes and the rest name none.
 */
export function annotationClass(annotation: string): string | null {
  let t = annotation.trim();
  for (let guard = 0; guard < 8; guard++) {
    if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
    const m = /^(?:typing\.|t\.)?(Optional|Annotated|Union)\[(.*)\]$/s.exec(t);
    if (m) {
      const parts = splitTopLevel(m[2], ',');
      t = m[1] === 'Annotated' ? parts[0] : parts.filter((x) => x !== 'None').length === 1 ? parts.filter((x) => x !== 'None')[0] : '';
      continue;
    }
    const union = splitTopLevel(t, '|').filter((x) => x !== 'None');
    if (union.length === 1 && union[0] !== t) {
      t = union[0];
      continue;
    }
    break;
  }
  return /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(t) && t !== 'None' ? t : null;
}

/** A function-scope binding as refinedHint reads it (walk/scope.ts' LocalBinding). */
export interface StraightBinding {
  hint?: ValueHint;
  straight?: { endsAt: [number, number]; refines?: string[] };
}

/**
 * `qs = Model.objects.filter(…)` then `qs = qs.exclude(…)` in the function body itself (no branch or loop
 * rebinds it): what the name holds where `at` reads it, as a query from the first value; undefined otherwise.
 */
export function refinedHint(bindings: StraightBinding[], at: Span): ValueHint | undefined {
  if (!bindings.every((b) => b.straight)) return undefined;
  const [first, ...rest] = bindings;
  const hint = first.hint;
  const base = hint?.kind === 'query' && !hint.element ? { root: hint.root, links: hint.links } : hint?.kind === 'call' && !hint.firstArg && !hint.instanceOfResult && hint.callee.split('.').length === 3 ? { root: hint.callee.split('.')[0], links: hint.callee.split('.').slice(1) } : null;
  if (!base || rest.some((b) => !b.straight!.refines)) return undefined;
  const before = (end: [number, number]) => end[0] < at[0] || (end[0] === at[0] && end[1] <= at[1]);
  if (!before(first.straight!.endsAt)) return undefined;
  const links = [...base.links, ...rest.filter((b) => before(b.straight!.endsAt)).flatMap((b) => b.straight!.refines!)];
  return { kind: 'query', root: base.root, links };
}

/** The element class of a collection annotation: `list[Device]`, `QuerySet[Device]`, `Iterator["Device"]`, `tuple[Device, ...]`. */
export function elementClass(annotation: string): string | null {
  const text = annotation.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  const m = /^(?:[\w.]+\.)?(list|List|Sequence|Iterable|Iterator|Generator|QuerySet|set|Set|frozenset|FrozenSet|tuple|Tuple)\[(.*)\]$/s.exec(text);
  if (!m) return null;
  const parts = splitTopLevel(m[2], ',');
  // tuple[Device, Device] holds two things; a Generator's first argument is what it yields.
  if ((m[1] === 'tuple' || m[1] === 'Tuple') && !(parts.length === 2 && parts[1] === '...')) return null;
  if (parts.length !== 1 && m[1] !== 'Generator' && m[1] !== 'tuple' && m[1] !== 'Tuple') return null;
  return annotationClass(parts[0]);
}

// ---- SQLAlchemy queries, inline or kept in variables -------------------------------------------------

/** How a query walk reads the file: its text, and what a local query variable holds where it is read. */
export interface QueryReader {
  readonly text: string;
  /**
   * `q` read at `name`: the value of its binding there when every binding of `q` is a statement of the function
   * body itself (`q = session.query(A)`, `q = q.join(B)`); null when the name is anything else.
   */
  bindingValue(name: SyntaxNode): SyntaxNode | null;
}

const MAX_QUERY_LINKS = 24;

function textOf(reader: QueryReader, n: SyntaxNode): string {
  return reader.text.slice(n.start, n.end);
}

function isName(n: SyntaxNode): boolean {
  return n.type === 'identifier' || n.type === 'keyword_identifier';
}

/** `a.b.c` (names and attributes only) as text, else null. */
function dotted(reader: QueryReader, n: SyntaxNode | undefined): string | null {
  if (!n) return null;
  if (isName(n)) return textOf(reader, n);
  if (n.type !== 'attribute') return null;
  const object = childByField(n, 'object');
  const attr = childByField(n, 'attribute');
  const left = object ? dotted(reader, object) : null;
  return left && attr ? `${left}.${textOf(reader, attr)}` : null;
}

function methodName(reader: QueryReader, fn: SyntaxNode | undefined): string {
  if (!fn) return '';
  return fn.type === 'attribute' ? textOf(reader, childByField(fn, 'attribute') ?? fn) : textOf(reader, fn);
}

function positionalArgs(call: SyntaxNode): SyntaxNode[] {
  return (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument');
}

/** `select(X)`, `sa.select(X)`: a call of select itself (not `something.select`, which may be anything). */
function isSelectCall(reader: QueryReader, fn: SyntaxNode | undefined): boolean {
  return !!fn && (fn.type === 'identifier' || (fn.type === 'attribute' && /^(sa|sqlalchemy|sqlmodel|db)\.select$/.test(textOf(reader, fn))));
}

/**
 * The entity a query's `filter_by()` applies to, walking back from the query (SQLAlchemy's rule: the last
 * `join()`ed entity, else the one queried): `….query(Model)`, `select(Model)`, `Model.query` (Flask-SQLAlchemy),
 * through filters, orderings and local variables refined in straight-line code. One plain dotted name, else null.
 */
export function filteredEntity(query: SyntaxNode | undefined, reader: QueryReader): string | null {
  let cur = query;
  for (let depth = 0; cur && depth < MAX_QUERY_LINKS; depth++) {
    if (isName(cur)) {
      cur = reader.bindingValue(cur) ?? undefined;
      continue;
    }
    if (cur.type === 'attribute' && textOf(reader, childByField(cur, 'attribute') ?? cur) === 'query') return dotted(reader, childByField(cur, 'object'));
    if (cur.type !== 'call') return null;
    const fn = childByField(cur, 'function');
    const method = methodName(reader, fn);
    const args = positionalArgs(cur);
    if (method === 'join' || method === 'outerjoin') {
      // `join(Model)` or `join(Model, onclause)`: the entity is Model (a relationship, `join(User.posts)`, names no class and stays silent).
      return args.length >= 1 && args.length <= 2 ? dotted(reader, args[0]) : null;
    }
    if (method === 'query') return fn?.type === 'attribute' && args.length === 1 ? dotted(reader, args[0]) : null;
    if (method === 'select') return isSelectCall(reader, fn) && args.length === 1 ? dotted(reader, args[0]) : null;
    if (!QUERY_PASS_THROUGH.has(method) || fn?.type !== 'attribute') return null;
    cur = childByField(fn, 'object');
  }
  return null;
}

/** The one entity a legacy query selects (`….query(User)…`, `User.query…`), through joins and filters, or null. */
function queriedEntity(query: SyntaxNode | undefined, reader: QueryReader): string | null {
  return entityAtStart(query, reader, (n, f, name, args) => {
    if (n.type === 'attribute' && textOf(reader, childByField(n, 'attribute') ?? n) === 'query') return dotted(reader, childByField(n, 'object'));
    if (n.type !== 'call' || f?.type !== 'attribute') return null;
    return name === 'query' ? (args.length === 1 ? dotted(reader, args[0]) : null) : undefined;
  });
}

/** The one entity a 2.0-style statement selects (`select(User).where(…)`, kept in variables or not), or null. */
function selectedEntity(statement: SyntaxNode | undefined, reader: QueryReader): string | null {
  return entityAtStart(statement, reader, (n, _f, name, args) => {
    if (n.type !== 'call') return null;
    return name === 'select' || /(^|\.)select$/.test(name) ? (args.length === 1 ? dotted(reader, args[0]) : null) : undefined;
  });
}

/**
 * Walks a query back through variables holding it, pass-through calls and joins to where it starts. `start` says,
 * of each link, the entity it names (a string), that the chain is unreadable (null), or undefined: walk on.
 */
function entityAtStart(
  query: SyntaxNode | undefined,
  reader: QueryReader,
  start: (n: SyntaxNode, fn: SyntaxNode | undefined, method: string, args: SyntaxNode[]) => string | null | undefined,
): string | null {
  let n = query;
  for (let depth = 0; n && depth < MAX_QUERY_LINKS; depth++) {
    if (isName(n)) {
      n = reader.bindingValue(n) ?? undefined;
      continue;
    }
    const f = n.type === 'call' ? childByField(n, 'function') : undefined;
    const name = methodName(reader, f);
    const found = start(n, f, name, n.type === 'call' ? positionalArgs(n) : []);
    if (found !== undefined) return found;
    if (!QUERY_PASS_THROUGH.has(name) && name !== 'join' && name !== 'outerjoin') return null;
    n = f?.type === 'attribute' ? childByField(f, 'object') : undefined;
  }
  return null;
}

/** The methods whose result ormResultEntity may know (each is tested below). */
const ORM_RESULT_METHODS: ReadonlySet<string> = new Set(['get', 'get_or_404', 'scalar', 'first_or_404', 'one_or_404', 'scalar_one', 'scalar_one_or_none', 'first', 'one', 'one_or_none']);

/**
 * The entity whose instance an ORM call returns: `….get(User, id)`, `….get_or_404(User, id)`, a one-entity
 * query (`User.query…`, `….query(User)…`, or a variable holding one) ended by `first()`/`one()`/`one_or_none()`/
 * `get(id)`/`first_or_404()`, `….scalars(select(User)…)` or `….execute(select(User)…).scalars()` ended likewise,
 * `….execute(select(User)…)` ended by `scalar_one()`/`scalar_one_or_none()`, and `….scalar(select(User)…)`.
 */
export function ormResultEntity(call: SyntaxNode, reader: QueryReader): string | null {
  const fn = childByField(call, 'function');
  if (fn?.type !== 'attribute') return null;
  const method = methodName(reader, fn);
  if (!ORM_RESULT_METHODS.has(method)) return null; // most calls: no argument list filtered, no closures made
  const object = childByField(fn, 'object');
  const positional = positionalArgs(call);
  const nameOf = (n: SyntaxNode | undefined) => (n && (n.type === 'identifier' || n.type === 'attribute') ? dotted(reader, n) : null);
  if ((method === 'get' || method === 'get_or_404') && positional.length === 2) return nameOf(positional[0]);
  const statementOf = (n: SyntaxNode | undefined, methods: Set<string>): string | null => {
    if (n?.type !== 'call') return null;
    const f = childByField(n, 'function');
    if (f?.type !== 'attribute' || !methods.has(methodName(reader, f))) return null;
    const first = (childByField(n, 'arguments')?.children ?? []).find((c) => c.named && c.type !== 'comment');
    return selectedEntity(first, reader);
  };
  if (method === 'scalar') return statementOf(call, new Set(['scalar']));
  // Flask-SQLAlchemy 3: `db.first_or_404(select(User)…)`, `db.one_or_404(…)`.
  if ((method === 'first_or_404' || method === 'one_or_404') && positional.length === 1) {
    const statement = selectedEntity(positional[0], reader);
    if (statement) return statement;
  }
  if (method === 'scalar_one' || method === 'scalar_one_or_none') return statementOf(object, new Set(['execute']));
  if (method === 'first' || method === 'one' || method === 'one_or_none' || method === 'first_or_404' || (method === 'get' && positional.length === 1) || method === 'get_or_404') {
    const fromQuery = queriedEntity(object, reader);
    if (fromQuery) return fromQuery;
    if (method === 'get' || method === 'get_or_404') return null;
    const fromScalars = statementOf(object, new Set(['scalars']));
    if (fromScalars) return fromScalars;
    // `….execute(stmt).scalars().first()`
    const scalars = object?.type === 'call' ? childByField(object, 'function') : undefined;
    if (scalars?.type === 'attribute' && methodName(reader, scalars) === 'scalars') return statementOf(childByField(scalars, 'object'), new Set(['execute']));
  }
  return null;
}

/** Whether a position comes at or before another: `[line, column]` pairs. */
export function atOrBefore(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

/** The start of a span as a position. */
export function startOf(span: Span): [number, number] {
  return [span[0], span[1]];
}

/**
 * The entity whose instances iterating a value gives: a one-entity query (`User.query.filter(…)`, `….query(User)`,
 * or a variable holding one), its `.all()`, `session.scalars(select(User)…)` and `….execute(select(User)…).scalars()`
 * (with `.all()` or not). Null for anything else.
 */
export function ormElementsEntity(iterable: SyntaxNode, reader: QueryReader): string | null {
  let n: SyntaxNode | undefined = iterable;
  const fnOf = (call: SyntaxNode | undefined) => (call?.type === 'call' ? childByField(call, 'function') : undefined);
  let fn = fnOf(n);
  if (fn?.type === 'attribute' && methodName(reader, fn) === 'all' && positionalArgs(n).length === 0) {
    n = childByField(fn, 'object');
    fn = fnOf(n);
  }
  if (!n) return null;
  if (fn?.type === 'attribute' && methodName(reader, fn) === 'scalars') {
    const first = positionalArgs(n)[0];
    if (first) return selectedEntity(first, reader);
    const execute = childByField(fn, 'object');
    const executeFn = fnOf(execute);
    return executeFn?.type === 'attribute' && methodName(reader, executeFn) === 'execute' ? selectedEntity(positionalArgs(execute!)[0], reader) : null;
  }
  return queriedEntity(n, reader);
}
