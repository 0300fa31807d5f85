// The ORM calls of a file, read by the SQLAlchemy collector (facts.ts) from the walk's calls: `….query(X)`,
// `select(X)`, `….get(X, id)` naming a class, loader options (`joinedload(X.attr)`), SQLAlchemy 2.0's legacy
// `session.query(X).get(id)` and Flask-SQLAlchemy's `Model.query.get(id)`. A call's class must be the
// module-level name (nothing in its scope rebinds it): asked when the walk is done (FinishContext.isModuleLevel).
import type { FinishContext, ScopeHandle, VisitContext } from '../../syntax/factCollectors';
import { childByField, dottedText, type SyntaxNode } from '../../syntax/parser';
import type { Guard } from '../../syntax/summary';
import type { ModelQueryGet, OrmCall } from './readFacts';

/** Loader options whose argument must be a relationship. */
const ORM_LOADERS = new Set(['joinedload', 'selectinload', 'subqueryload', 'immediateload']);

/** Files that may hold one: the names of the calls above, as words (query and get are attributes). */
export const ORM_CALL_WORDS = /\b(get|query|select|joinedload|selectinload|subqueryload|immediateload)\b/;

/** A call's positional arguments as the walk counts them: a bare generator argument is one. */
function hasPositional(args: SyntaxNode | undefined): boolean {
  if (args && args.type !== 'argument_list') return true; // f(x for x in y)
  return (args?.children ?? []).some((a) => a.named && a.type !== 'comment' && a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
}

/** One file's ORM calls: fed the walk's calls, then asked for those whose class is the module-level name. */
export class OrmCallReader {
  private readonly legacyGets = new Map<SyntaxNode, NonNullable<OrmCall['legacyGet']>>();
  readonly modelQueryGets: ModelQueryGet[] = [];
  private readonly pendingOrmCalls: { scope: ScopeHandle; root: string; call: OrmCall }[] = [];

  visitCall(n: SyntaxNode, ctx: VisitContext): void {
    const fn = childByField(n, 'function');
    if (!fn) return;
    const args = childByField(n, 'arguments');
    if (fn.type === 'attribute') this.noteLegacyQueryGet(n, fn, ctx);
    // (Within a syntax error the walk reads no call's arguments.)
    if (!ctx.inError && hasPositional(args)) this.recordOrmCall(fn, args, ctx);
  }

  /** The calls whose class's root is the module-level name. */
  ormCalls(finish: FinishContext): OrmCall[] {
    return this.pendingOrmCalls.filter((p) => finish.isModuleLevel(p.root, p.scope)).map((p) => p.call);
  }

  /**
   * `<session>.query(X).get(<args>)`, seen from the `get` call (visited before the inner `query` call): keyed by
   * the `<session>.query` node, where recordOrmCall finds it.
   */
  private noteLegacyQueryGet(getCall: SyntaxNode, fn: SyntaxNode, ctx: VisitContext): void {
    const { textOf, spanOf } = ctx;
    const getName = childByField(fn, 'attribute');
    const queryCall = childByField(fn, 'object');
    const queryFn = queryCall?.type === 'call' ? childByField(queryCall, 'function') : undefined;
    const session = queryFn?.type === 'attribute' ? childByField(queryFn, 'object') : undefined;
    const getArgs = childByField(getCall, 'arguments');
    if (getName && textOf(getName) === 'get' && queryCall?.type === 'attribute' && getArgs?.type === 'argument_list') {
      // `Model.query.get(<args>)` (Flask-SQLAlchemy): what a `db.session.get(Model, <args>)` rewrite needs.
      const model = childByField(queryCall, 'object');
      const attr = childByField(queryCall, 'attribute');
      const entity = model && (model.type === 'identifier' || model.type === 'attribute') ? dottedText(model, textOf) : null;
      if (entity && attr && textOf(attr) === 'query') this.modelQueryGets.push({ entity, span: spanOf(getName), call: spanOf(getCall), args: textOf(getArgs).slice(1, -1).trim() });
      return;
    }
    if (!getName || textOf(getName) !== 'get' || !queryFn || !session || getArgs?.type !== 'argument_list') return;
    if (textOf(childByField(queryFn, 'attribute') ?? queryFn) !== 'query') return;
    this.legacyGets.set(queryFn, { span: spanOf(getName), call: spanOf(getCall), session: textOf(session), args: textOf(getArgs).slice(1, -1).trim() });
  }

  /** `….query(X)`, `select(X)`, `….get(X, id)`, `joinedload(X.attr)`: the class (and attribute) named. */
  private recordOrmCall(fn: SyntaxNode, args: SyntaxNode | undefined, ctx: VisitContext): void {
    const { textOf, spanOf } = ctx;
    const name = fn.type === 'attribute' ? textOf(childByField(fn, 'attribute') ?? fn) : fn.type === 'identifier' ? textOf(fn) : '';
    const loader = ORM_LOADERS.has(name);
    if (!loader && name !== 'select' && name !== 'query' && name !== 'get') return;
    if ((name === 'query' || name === 'get') && fn.type !== 'attribute') return;
    const positional = (args?.children ?? []).filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument');
    if (name === 'get' ? positional.length !== 2 : name === 'select' || loader ? positional.length < 1 : positional.length !== 1) return;
    const first = positional[0];
    if (first.type !== 'identifier' && first.type !== 'attribute') return;
    const dotted = dottedText(first, textOf);
    if (!dotted) return;
    const call: OrmCall = { kind: loader ? 'loader' : 'entity', entity: dotted, name, span: spanOf(first), guards: ctx.guards as Guard[] };
    const legacyGet = name === 'query' ? this.legacyGets.get(fn) : undefined;
    if (legacyGet) call.legacyGet = legacyGet;
    if (loader) {
      const cut = dotted.lastIndexOf('.');
      if (cut < 0) return;
      call.entity = dotted.slice(0, cut);
      call.attribute = dotted.slice(cut + 1);
    }
    this.pendingOrmCalls.push({ scope: ctx.scope, root: dotted.split('.')[0], call });
  }
}
