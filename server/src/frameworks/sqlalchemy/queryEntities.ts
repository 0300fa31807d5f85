// SQLAlchemy's queries as written, inline or kept in variables (moved from syntax/receivers.ts): the entity a
// query's `filter_by()` applies to (entityQueries.ts), the entity whose instance an ORM call returns and whose
// instances iterating a query or result gives (valueHints.ts: the `ormResult` value hint). Read over the walk's
// view of the locals' assigned values (a QueryReader: VisitContext.assignedValues, HintContext.assignedValues).
import type { QueryReader } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';

/** Query methods that keep the entity `filter_by` applies to. */
export const QUERY_PASS_THROUGH = new Set(['filter', 'where', 'filter_by', 'order_by', 'options', 'limit', 'offset', 'distinct', 'execution_options', 'with_for_update', 'group_by', 'having']);

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
