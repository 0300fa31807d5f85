// async-lazy-load: in an `async def`, a relationship read on an instance loaded through an AsyncSession when the
// query did not eager-load it and the relationship's loader is the default lazy "select": SQLAlchemy would emit
// the lazy load's SQL synchronously, which an AsyncSession cannot do (MissingGreenlet). The summarizer
// (syntax/summarizeAsyncLoads.ts) records evident loads and the reads it saw no eager option, refresh or
// `awaitable_attrs` for; this rule decides from the model graph that the attribute is such a relationship and
// from imports that the session is an AsyncSession. Backrefs (their loader is not in the summary), SQLModel's
// `sa_relationship_kwargs`, unpacked options and open models stay silent.
import type { Project, SourceFile } from '../../index/project';
import type { DependencyTracker } from '../../index/project';
import { annotationClass } from '../../syntax/receivers';
import { sqlalchemyFactsOf, type AsyncLazyRead, type AsyncSessionSource } from './facts';
import type { CheckContext, RuleFamily, RuleMeta } from '../../rulekit/rule';
import { sqlalchemyGraphOf } from './modelRules';

export const ASYNC_LAZY_LOAD: RuleMeta = {
  id: 'async-lazy-load',
  defaultSeverity: 'error',
  summary: 'A lazy relationship read on an instance an AsyncSession loaded without eager loading it: MissingGreenlet',
  doc: {
    catches: 'In an `async def`, `user.posts` where `user` came from `await session.get(User, id)`, `(await session.execute(select(User)…)).scalar_one()`, `(await session.scalars(select(User)…)).first()`, `await session.scalar(…)` or the elements of `….all()`, the session is an `AsyncSession` (a parameter annotated so, or `async with` a factory made by `async_sessionmaker`/`sessionmaker(class_=AsyncSession)`), `posts` is a `relationship()` with the default `lazy="select"`, and the query did not eager-load it.',
    whyItBreaks: 'Reading an unloaded lazy relationship emits its SELECT synchronously; under an AsyncSession that raises MissingGreenlet ("greenlet_spawn has not been called; can\'t call await_only() here").',
    example: 'async def titles(session: AsyncSession, user_id: int):\n    user = await session.get(User, user_id)\n    return [p.title for p in user.posts]  # MissingGreenlet',
    fix: 'Load it with the query (`select(User).options(selectinload(User.posts))`, `session.get(User, id, options=[selectinload(User.posts)])`), declare the relationship `lazy="selectin"`, `await session.refresh(user, ["posts"])` first, or read `await user.awaitable_attrs.posts` (AsyncAttrs).',
  },
};

/** AsyncSession as its modules export it (SQLModel re-exports its own subclass). */
const ASYNC_SESSION_CLASSES = new Set(['sqlalchemy.ext.asyncio.AsyncSession', 'sqlalchemy.ext.asyncio.session.AsyncSession', 'sqlmodel.ext.asyncio.session.AsyncSession']);
const ASYNC_SESSION_FACTORIES = new Set(['sqlalchemy.ext.asyncio.async_sessionmaker', 'sqlalchemy.ext.asyncio.session.async_sessionmaker']);
/** Relationship loaders that load on first read (the default); string values come unquoted, `lazy=True` as True. */
const LAZY_SELECT = /^(select|True)$/;

export const asyncLazyLoadChecks: RuleFamily = {
  rules: [ASYNC_LAZY_LOAD],
  // Each item is checked from its own context alone (runChecks.ts replays the lists of an edit that touches only items).
  itemsStandAlone: true,
  check(fileCtx) {
    const s = fileCtx.file.summary;
    if (s.unparsed || s.hasErrorNodes) return;
    const reads = sqlalchemyFactsOf(s)?.asyncLazyReads;
    if (!reads) return;
    fileCtx.each('asyncLazyReads', reads, (read, ctx) => checkRead(ctx, read));
  },
};

function checkRead(ctx: CheckContext, read: AsyncLazyRead): void {
  if (!isAsyncSession(ctx.project, ctx.file, read.session, ctx.tracker)) return;
  const sym = ctx.project.symbols.dotted(ctx.file, read.entity, ctx.tracker);
  const graph = sqlalchemyGraphOf(ctx.project);
  const model = sym?.kind === 'class' ? graph.modelOf(sym.cls, ctx.tracker) : null;
  if (!model?.mapped) return;
  const attr = model.attributes.get(read.attribute);
  if (attr?.kind !== 'relationship' || attr.backrefFrom || !attr.member?.callArgs) return;
  const call = attr.member.callArgs;
  if (!/(^|\.)(relationship|Relationship|relation)$/.test(call.callee ?? '')) return;
  const kw = call.keywords;
  if ('**' in kw || 'sa_relationship_kwargs' in kw) return;
  if ('lazy' in kw && !LAZY_SELECT.test(kw.lazy ?? '')) return;
  ctx.report({
    rule: ASYNC_LAZY_LOAD.id,
    span: read.span,
    message: `Lazy relationship '${model.name}.${read.attribute}' read after an async load`,
    detail: `The instance comes from an AsyncSession query without eager loading: reading the relationship raises MissingGreenlet. Load it in the query (selectinload(${read.entity}.${read.attribute})) or declare it lazy="selectin".`,
  });
}

/** The session is evidently an AsyncSession: annotated so, given by a FastAPI provider annotated so, or made by an async factory (followed through imports). */
function isAsyncSession(project: Project, file: SourceFile, source: AsyncSessionSource, tracker: DependencyTracker): boolean {
  const symbols = project.symbols;
  if (source.annotation) {
    const cls = annotationClass(source.annotation);
    return !!cls && ASYNC_SESSION_CLASSES.has(symbols.externalName(file, cls) ?? '');
  }
  if (source.provider) {
    const sym = symbols.dotted(file, source.provider, tracker);
    if (sym?.kind !== 'function') return false;
    const provided = sqlalchemyFactsOf(sym.file.summary)?.asyncSessionProviders?.find((p) => p.name === sym.fn.name);
    return !!provided && ASYNC_SESSION_CLASSES.has(symbols.externalName(sym.file, provided.session) ?? '');
  }
  if (!source.factory) return false;
  if (source.asyncFactory) return true;
  if (ASYNC_SESSION_CLASSES.has(symbols.externalName(file, source.factory) ?? '')) return true;
  if (source.factory.includes('.')) return false;
  const assigned = symbols.assignedHint(file, source.factory, tracker);
  if (assigned?.hint.kind !== 'call') return false;
  const callee = symbols.externalName(assigned.file, assigned.hint.callee);
  if (ASYNC_SESSION_FACTORIES.has(callee ?? '')) return true;
  // `sessionmaker(…, class_=AsyncSession)` in the module that defines it: the binding holding this very hint.
  const hint = assigned.hint;
  return (sqlalchemyFactsOf(assigned.file.summary)?.asyncSessionFactories ?? []).some((name) => project.bindingsOf(assigned.file, name).some((b) => b.hint === hint));
}
