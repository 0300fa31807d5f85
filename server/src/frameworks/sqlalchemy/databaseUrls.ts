// Flask-SQLAlchemy's configured database URL (`SQLALCHEMY_DATABASE_URI = "postgresql://…"`): the driver it names
// must be installed (requiredPackages.ts). Read by the SQLAlchemy collector (facts.ts) from the walk's
// assignments, in any scope.
import type { VisitContext } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { Span } from '../../core/types';

/** Files that may set one. */
export const DATABASE_URL_KEY = /SQLALCHEMY_DATABASE_URI/;

/** `SQLALCHEMY_DATABASE_URI = "postgresql://…"` (a name, an attribute, or `config["SQLALCHEMY_DATABASE_URI"]`). */
export function sqlalchemyUrlOf(left: SyntaxNode, right: SyntaxNode, ctx: VisitContext): { value: string; span: Span } | null {
  if (right.type !== 'string' || !DATABASE_URL_KEY.test(ctx.textOf(left))) return null;
  const target = left.type === 'subscript' ? childByField(left, 'subscript') : left.type === 'attribute' ? childByField(left, 'attribute') : left;
  const name = target?.type === 'string' ? ctx.stringValue(target) : target?.type === 'identifier' ? ctx.textOf(target) : null;
  const value = ctx.stringValue(right);
  if (name !== 'SQLALCHEMY_DATABASE_URI' || value === null || !value.includes('://')) return null;
  return { value, span: ctx.spanOf(right) };
}
