// What the SQLAlchemy adapter collects of a file (FileSummary.frameworks.sqlalchemy): from the walk's
// module-level assignments, the model factories (`Base = declarative_base(cls=…)`) and Alembic's revision
// identifiers; then passes over the tree after the walk — the schema changes of an Alembic revision's
// functions (../alembic/revision.ts), result reads of statements with joined eager loads (joinedReads.ts, for
// orm-misuse) and lazy relationship reads on instances async sessions loaded, with the file's async session
// factories and providers (asyncLoadReads.ts, for async-lazy-load). The per-read lists are kept as text in the
// cache until a check reads them.
import type { Span } from '../../core/types';
import { factsOf, type FactCollector } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { FileSummary } from '../../syntax/summary';
import { ALEMBIC_IDS, MENTIONS_REVISION, RevisionReader, type AlembicRevision } from '../alembic/revision';
import { MENTIONS_ASYNC, summarizeAsyncLoads } from './asyncLoadReads';
import { MENTIONS_JOINED_LOADER, summarizeJoinedReads } from './joinedReads';

export const SQLALCHEMY_KEY = 'sqlalchemy';

export interface SqlalchemyFacts {
  /** `Base = declarative_base(cls=…)`, `db = SQLAlchemy(model_class=…)`: the keywords of such factories (they may add attributes). */
  modelFactories?: { variable: string; keywords: string[] }[];
  /** An Alembic revision file: its identifiers (module-level `revision`, `down_revision`, `depends_on`) and schema changes. */
  alembicRevision?: AlembicRevision;
  /** `….execute(select(M).options(joinedload(M.rel))).scalars().all()`-style reads without `.unique()` (joinedReads.ts). */
  joinedReads?: JoinedRead[];
  /** Attribute reads on instances loaded through an async session in an `async def`, not eager-loaded (asyncLoadReads.ts). */
  asyncLazyReads?: AsyncLazyRead[];
  /** Module-level names assigned `sessionmaker(…, class_=AsyncSession)`: factories of async sessions. */
  asyncSessionFactories?: string[];
  /** Module-level functions whose return annotation gives a session (`-> AsyncGenerator[AsyncSession, None]`), with the class name it uses. */
  asyncSessionProviders?: { name: string; session: string }[];
}

/** A result read (`all()`, `scalar_one()`…) of a select statement with joined loads, no `.unique()` between. */
export interface JoinedRead {
  /** The reading method, and the span of its name; for a result iterated (`list(result.scalars())`, `for x in result`), 'iteration' and the span of the result. */
  consumer: string;
  span: Span;
  iterated?: boolean;
  /** The statement's joined links (`joinedload(User.posts)` → User, posts), classes as dotted names. */
  loads: { entity: string; attribute: string }[];
}

/** Where a session of an `async def` comes from: a parameter's annotation, or the factory `async with f() as s` calls. */
export interface AsyncSessionSource {
  /** The annotation as written (`AsyncSession`, `Annotated[AsyncSession,Depends(get_db)]`). */
  annotation?: string;
  /** The callee as a dotted name (`async_session`, `AsyncSession`, `db.SessionLocal`). */
  factory?: string;
  /** The factory is this file's module-level `sessionmaker(…, class_=AsyncSession)`. */
  asyncFactory?: true;
  /** FastAPI's unannotated `db=Depends(get_db)`: the provider as a dotted name. */
  provider?: string;
}

/** `user.posts` on an instance an async session loaded, the statement not eager-loading `posts`. */
export interface AsyncLazyRead {
  /** The loaded class as a dotted name. */
  entity: string;
  attribute: string;
  /** The attribute's name. */
  span: Span;
  session: AsyncSessionSource;
}

/** A file's SQLAlchemy facts, if it has any. */
export function sqlalchemyFactsOf(summary: FileSummary): SqlalchemyFacts | undefined {
  return factsOf<SqlalchemyFacts>(summary, SQLALCHEMY_KEY);
}

/** A file's Alembic revision facts, if it has any (identifiers or schema changes). */
export function alembicRevisionOf(summary: FileSummary): AlembicRevision | undefined {
  return factsOf<SqlalchemyFacts>(summary, SQLALCHEMY_KEY)?.alembicRevision;
}

/** Files that may make a model factory (the callee's name is in the text). */
const MENTIONS_FACTORY = /declarative_base|SQLAlchemy/;
const FACTORY_CALLEE = /(^|\.)(declarative_base|SQLAlchemy)$/;
const isName = (n: SyntaxNode) => n.type === 'identifier' || n.type === 'keyword_identifier';

export const sqlalchemyFacts: FactCollector = {
  key: SQLALCHEMY_KEY,
  nodeTypes: ['assignment'],
  appliesTo: (text) => MENTIONS_FACTORY.test(text) || MENTIONS_REVISION.test(text) || MENTIONS_JOINED_LOADER.test(text) || MENTIONS_ASYNC.test(text),
  deferredFields: ['joinedReads', 'asyncLazyReads'],
  start() {
    const facts: SqlalchemyFacts = {};
    const revision = new RevisionReader();
    return {
      visit(node, ctx) {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        if (!ctx.moduleLevel || !left || !isName(left) || !right) return;
        if (ALEMBIC_IDS.has(ctx.textOf(left))) revision.readId(ctx.textOf(left), left, right, ctx.stringValue, ctx.spanOf);
        // `Base = declarative_base(…)`: which keywords the factory was given.
        if (right.type !== 'call' || !FACTORY_CALLEE.test(ctx.textOf(childByField(right, 'function') ?? right))) return;
        const keywords = (childByField(right, 'arguments')?.children ?? []).filter((c) => c.type === 'keyword_argument' || c.type === 'dictionary_splat').map((c) => (c.type === 'keyword_argument' ? ctx.textOf(childByField(c, 'name') ?? c) : '**'));
        (facts.modelFactories ??= []).push({ variable: ctx.textOf(left), keywords });
      },
      afterWalk(root, ctx) {
        revision.readOps(root, ctx.text, ctx.imports, ctx.spanOf);
        if (revision.revision) facts.alembicRevision = revision.revision;
        const joinedReads = summarizeJoinedReads(root, ctx.text, ctx.spanOf);
        if (joinedReads.length) facts.joinedReads = joinedReads;
        const { reads, factories, providers } = summarizeAsyncLoads(root, ctx.text, ctx.spanOf);
        if (reads.length) facts.asyncLazyReads = reads;
        if (factories.length) facts.asyncSessionFactories = factories;
        if (providers.length) facts.asyncSessionProviders = providers;
      },
      finish: () => (Object.keys(facts).length ? facts : undefined),
    };
  },
};
