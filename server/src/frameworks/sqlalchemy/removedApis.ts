// SQLAlchemy's part of removed-api (checks/removedApis.ts): Alembic revisions are history (only removals are
// reported there), and SQLAlchemy 2's legacy `Query.get` on a mapped project model, read from its facts (the
// ORM calls and Flask-SQLAlchemy's `Model.query.get(…)`) and its model graph.
import type { CheckContext } from '../../rulekit/rule';
import { REPLACEMENT_API, type RemovedApiPart, type RemovedApiUse } from '../../rulekit/removedApis';
import { replaceSpanFix } from '../../rulekit/fixes';
import { madeBy } from '../../rulekit/frameworkObjects';
import { alembicRevisionOf, sqlalchemyFactsOf } from './facts';
import { SqlAlchemyModels } from './models';

export const sqlalchemyRemovedApis: RemovedApiPart = {
  // A revision is known by its `revision = "…"`, wherever it sits (`versions/legacy/` with `recursive_version_locations`).
  historyOf: (file) => (/(^|\/)versions\/[^/]+\.py$/.test(file.path) || !!alembicRevisionOf(file.summary)?.revision ? { keepsOldFields: false } : null),
  uses: { 'query-get': legacyQueryGets },
};

/** Arguments a mechanical `get` rewrite can carry over: plain ones (`get(1)`, `get(user_id)`, `get((a, b))`). */
function plainArguments(args: string): boolean {
  return args !== '' && !/[=*]/.test(args) && !args.includes('\n');
}

/** `session.query(Article).get(1)` and `Article.query.get(1)` on a mapped project model. */
function legacyQueryGets(ctx: CheckContext): RemovedApiUse[] {
  const found: RemovedApiUse[] = [];
  const { symbols } = ctx.project;
  const models = SqlAlchemyModels.of(ctx.project);
  const mappedModel = (name: string): boolean => {
    const sym = symbols.dotted(ctx.file, name, ctx.tracker);
    return sym?.kind === 'class' && !!models.modelOf(sym.cls, ctx.tracker)?.mapped;
  };
  for (const call of sqlalchemyFactsOf(ctx.file.summary)?.ormCalls ?? []) {
    const get = call.legacyGet;
    if (!get || call.guards.length || !mappedModel(call.entity)) continue;
    const replacement = `${get.session}.get(${call.entity}, ${get.args})`;
    found.push({ span: get.span, ...(plainArguments(get.args) ? { fix: replaceSpanFix(ctx.file.path, get.call, replacement, `Use ${get.session}.get(${call.entity}, …)`, REPLACEMENT_API) } : {}) });
  }
  // A custom query class (`query_class = ProjectQuery` on the model, `SQLAlchemy(query_class=…)`) may define its own `get`.
  let customQueries: boolean | undefined;
  let dbNames: string[] | undefined;
  for (const ref of ctx.file.summary.memberRefs) {
    if (ref.receiver.kind !== 'global' || ref.steps.length !== 2 || ref.steps[0].name !== 'query' || ref.steps[1].name !== 'get' || !ref.call || ref.guards.length) continue;
    const sym = symbols.global(ctx.file, ref.receiver.name, ctx.tracker);
    const model = sym?.kind === 'class' ? models.modelOf(sym.cls, ctx.tracker) : null;
    if (!model?.mapped || model.flavor !== 'flask' || model.open || model.attributes.has('query_class') || model.attributes.has('query')) continue;
    customQueries ??= [...ctx.project.allSources()].some((s) => sqlalchemyFactsOf(s.summary)?.modelFactories?.some((f) => f.keywords.includes('query_class') || f.keywords.includes('model_class')));
    if (customQueries) continue;
    // The fix needs the extension object this file can name (`db`): exactly one SQLAlchemy() bound at module level.
    const call = sqlalchemyFactsOf(ctx.file.summary)?.modelQueryGets?.find((q) => q.span.join() === ref.steps[1].span.join());
    dbNames ??= ctx.file.summary.moduleBindings.filter((b) => madeBy(ctx.project, ctx.file, b.name, 'flask_sqlalchemy', 'SQLAlchemy', ctx.tracker)).map((b) => b.name);
    const fix = call && dbNames.length === 1 && plainArguments(call.args) ? replaceSpanFix(ctx.file.path, call.call, `${dbNames[0]}.session.get(${call.entity}, ${call.args})`, `Use ${dbNames[0]}.session.get(${call.entity}, …)`, REPLACEMENT_API) : undefined;
    found.push({ span: ref.steps[1].span, ...(fix ? { fix } : {}) });
  }
  return found;
}
