// `<q>.filter_by(x=…)` on a query of a named class (`session.query(User)`, `select(User)`, `User.query`, or a
// local straight-assigned one of those): the entity filtered and the keywords, checked against the model at link
// time (modelRules.ts). Read by the SQLAlchemy collector (facts.ts) from the walk's calls; kept once the file is
// read if the class's root is the module-level name and the locals it read were assigned nowhere else.
import type { FinishContext, RelianceHandle, ScopeHandle, VisitContext } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import { filteredEntity } from './queryEntities';
import type { Guard } from '../../syntax/summary';
import type { EntityQuery } from './readFacts';

export class EntityQueryReader {
  private readonly pending: { scope: ScopeHandle; root: string; query: EntityQuery; reliance: RelianceHandle }[] = [];

  /** A call whose function is `fn` (the walk reads no call's arguments under a syntax error). */
  visitCall(n: SyntaxNode, fn: SyntaxNode, ctx: VisitContext): void {
    if (ctx.inError || fn.type !== 'attribute') return;
    const name = childByField(fn, 'attribute');
    if (!name || ctx.textOf(name) !== 'filter_by') return;
    const args = childByField(n, 'arguments');
    const keywords: { name: string; span: EntityQuery['keywords'][number]['span'] }[] = [];
    for (const a of args?.type === 'argument_list' ? args.children : []) {
      if (!a.named || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = childByField(a, 'name');
        if (k) keywords.push({ name: ctx.textOf(k), span: ctx.spanOf(k) });
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') return;
    }
    if (!keywords.length) return;
    const reader = ctx.assignedValues();
    const entity = filteredEntity(childByField(fn, 'object'), reader);
    if (entity) this.pending.push({ scope: ctx.scope, root: entity.split('.')[0], query: { entity, keywords, guards: ctx.guards as Guard[] }, reliance: reader.reliance });
  }

  /** The queries whose class's root is the module-level name, the locals they read assigned nowhere else. */
  entityQueries(finish: FinishContext): EntityQuery[] {
    return this.pending.filter((p) => finish.isModuleLevel(p.root, p.scope) && finish.stillHolds(p.reliance)).map((p) => p.query);
  }
}
