// What the SQLAlchemy adapter collects of a file (FileSummary.frameworks.sqlalchemy): from the walk's
// module-level assignments, the Core tables (tables.ts), the model factories (`Base = declarative_base(cls=…)`)
// and Alembic's revision identifiers; then passes over the tree after the walk — the schema changes of an Alembic revision's
// functions (../alembic/revision.ts), result reads of statements with joined eager loads (joinedReads.ts, for
// orm-misuse) and lazy relationship reads on instances async sessions loaded, with the file's async session
// factories and providers (asyncLoadReads.ts, for async-lazy-load). The per-read lists are kept as text in the
// cache until a check reads them. A mapped class's members are read apart, in every file (classMembers.ts).
import { factsOf, type FactCollector } from '../../syntax/factCollectors';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { Span } from '../../core/types';
import type { FileSummary } from '../../syntax/summary';
import { ALEMBIC_IDS, RevisionReader } from '../alembic/revision';
import type { AlembicRevision } from '../alembic/revisionFacts';
import { summarizeAsyncLoads } from './asyncLoadReads';
import { summarizeJoinedReads } from './joinedReads';
import { DATABASE_URL_KEY, sqlalchemyUrlOf } from './databaseUrls';
import { EntityQueryReader } from './entityQueries';
import { ORM_CALL_WORDS, OrmCallReader } from './ormCalls';
import { CREATE_ALL, SchemaCreationReader } from './schemaCreationReads';
import type { AsyncLazyRead, EntityQuery, JoinedRead, ModelQueryGet, OrmCall, SchemaCreation, SqlTable } from './readFacts';
import { sqlTableOf } from './tables';
import { sqlalchemyClassMembers } from './classMembers';

export type { AsyncLazyRead, AsyncSessionSource, EntityQuery, JoinedRead, ModelQueryGet, OrmCall, SchemaCreation, SqlTable } from './readFacts';

export const SQLALCHEMY_KEY = 'sqlalchemy';

export interface SqlalchemyFacts {
  /** `query(X)`, `select(X)`, `get(X, …)` of a named class, and `joinedload(X.attr)`-style loader options (ormCalls.ts). */
  ormCalls?: OrmCall[];
  /** `….query(Model)….filter_by(x=…)`, `select(Model).filter_by(…)`, `Model.query.filter_by(…)`: the entity filtered (entityQueries.ts). */
  entityQueries?: EntityQuery[];
  /** `Model.query.get(<args>)` calls (Flask-SQLAlchemy's legacy get, ormCalls.ts). */
  modelQueryGets?: ModelQueryGet[];
  /** String literals assigned to `SQLALCHEMY_DATABASE_URI` (Flask-SQLAlchemy's config key, databaseUrls.ts): database URLs whose driver must be installed. */
  sqlalchemyUrls?: { value: string; span: Span }[];
  /** `metadata.create_all` / `db.create_all` referenced (called, or passed to `run_sync`; schemaCreationReads.ts). */
  schemaCreations?: SchemaCreation[];
  /** Module-level SQLAlchemy Core tables (`tags = Table("tags", metadata, Column("id", …))`, tables.ts). */
  sqlTables?: SqlTable[];
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

/** A file's SQLAlchemy facts, if it has any. */
export function sqlalchemyFactsOf(summary: FileSummary): SqlalchemyFacts | undefined {
  return factsOf<SqlalchemyFacts>(summary, SQLALCHEMY_KEY);
}

/** A file's Alembic revision facts, if it has any (identifiers or schema changes). */
export function alembicRevisionOf(summary: FileSummary): AlembicRevision | undefined {
  return factsOf<SqlalchemyFacts>(summary, SQLALCHEMY_KEY)?.alembicRevision;
}

/**
 * Files worth collecting: they call `Table(…)` (tables.ts), name a model factory, a revision identifier, Alembic
 * or an `op` parameter (revision.ts), a joined loader (joinedReads.ts) or an async session (asyncLoadReads.ts). One scan of the text
 * for all of them (four cost the summarizer twice as much); each pass tests its own words again. The ORM calls
 * (ormCalls.ts) are read wherever their names are (`get`, `query`…: most files), the database URLs wherever
 * `SQLALCHEMY_DATABASE_URI` is (databaseUrls.ts), schema creations wherever `create_all` is
 * (schemaCreationReads.ts), `filter_by` entities wherever it is (entityQueries.ts), the rest only in these.
 */
const MENTIONS = /Table[\s\\]*\(|declarative_base|SQLAlchemy|revision|depends_on|branch_labels|alembic|\bop\b|joinedload|contains_eager|AsyncSession|async_session|async_scoped_session/;
/**
 * What the text calls for: the first hit of any word tells that the file applies (and may be a mention or
 * `create_all`); the text from there is then searched for `create_all` and, unless found already, a mention
 * (no word of MENTIONS or `create_all` begins where the first hit does, when that hit is another word).
 * They used to be three scans of the whole text, two of them regular expressions.
 */
const APPLIES = new RegExp(`(${MENTIONS.source})|(${CREATE_ALL.source})|${ORM_CALL_WORDS.source}|${DATABASE_URL_KEY.source}|filter_by`, 'g');
const LATER_MENTIONS = new RegExp(MENTIONS.source, 'g');

interface TextWords {
  text: string;
  applies: boolean;
  mentions: boolean;
  createsAll: boolean;
}
let lastScanned: TextWords | undefined;
function wordsOf(text: string): TextWords {
  if (lastScanned?.text === text) return lastScanned;
  const words: TextWords = { text, applies: false, mentions: false, createsAll: false };
  lastScanned = words;
  APPLIES.lastIndex = 0;
  const first = APPLIES.exec(text);
  APPLIES.lastIndex = 0;
  if (!first) return words;
  words.applies = true;
  words.createsAll = first[2] !== undefined || text.includes('create_all', first.index + 1);
  words.mentions = first[1] !== undefined;
  if (!words.mentions) {
    LATER_MENTIONS.lastIndex = first.index + 1;
    words.mentions = LATER_MENTIONS.test(text);
    LATER_MENTIONS.lastIndex = 0;
  }
  return words;
}

const FACTORY_CALLEE = /(^|\.)(declarative_base|SQLAlchemy)$/;
const isName = (n: SyntaxNode) => n.type === 'identifier' || n.type === 'keyword_identifier';

export const sqlalchemyFacts: FactCollector = {
  key: SQLALCHEMY_KEY,
  // Class-level names that tell how a class is mapped, kept in ClassInfo.dunders for its rules.
  classDunders: ['__tablename__', '__abstract__', '__table__', '__bind_key__'],
  // A mapped class's columns, relationships and `__table_args__`, kept in the core's records of the class.
  classMembers: sqlalchemyClassMembers,
  nodeTypes: ['assignment', 'call', 'attribute', 'if_statement'],
  appliesTo: (text) => wordsOf(text).applies,
  // Attributes (every read) and main blocks are wanted only where a schema may be created.
  nodeTypesOf: (text) => (wordsOf(text).createsAll ? ['assignment', 'call', 'attribute', 'if_statement'] : ['assignment', 'call']),
  deferredFields: ['joinedReads', 'asyncLazyReads', 'ormCalls', 'entityQueries'],
  start(fileText) {
    const mentions = wordsOf(fileText).mentions;
    const facts: SqlalchemyFacts = {};
    const revision = new RevisionReader();
    const calls = new OrmCallReader();
    const creations = new SchemaCreationReader();
    const filters = new EntityQueryReader();
    return {
      visit(node, ctx) {
        // An attribute read, or called (the walk reads a call's function where it reads the call).
        if (node.type === 'attribute') return creations.visitAttribute(node, ctx);
        if (node.type === 'if_statement') return creations.visitIf(node, ctx);
        if (node.type === 'call') {
          const fn = childByField(node, 'function');
          if (fn) filters.visitCall(node, fn, ctx);
          calls.visitCall(node, ctx);
          if (fn?.type === 'attribute') creations.visitAttribute(fn, ctx);
          return;
        }
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const url = left && right ? sqlalchemyUrlOf(left, right, ctx) : null;
        if (url) (facts.sqlalchemyUrls ??= []).push(url);
        if (!ctx.moduleLevel || !left || !isName(left) || !right) return;
        const table = sqlTableOf(ctx.textOf(left), right, ctx);
        if (table) (facts.sqlTables ??= []).push(table);
        if (ALEMBIC_IDS.has(ctx.textOf(left))) revision.readId(ctx.textOf(left), left, right, ctx.stringValue, ctx.spanOf);
        // `Base = declarative_base(…)`: which keywords the factory was given.
        if (right.type !== 'call' || !FACTORY_CALLEE.test(ctx.textOf(childByField(right, 'function') ?? right))) return;
        const keywords = (childByField(right, 'arguments')?.children ?? []).filter((c) => c.type === 'keyword_argument' || c.type === 'dictionary_splat').map((c) => (c.type === 'keyword_argument' ? ctx.textOf(childByField(c, 'name') ?? c) : '**'));
        (facts.modelFactories ??= []).push({ variable: ctx.textOf(left), keywords });
      },
      // The tree passes need statements in order (a name bound once, then read): they read the tree themselves.
      finish(ctx) {
        const { root, text, spanOf } = ctx;
        const entityQueries = filters.entityQueries(ctx);
        if (entityQueries.length) facts.entityQueries = entityQueries;
        const ormCalls = calls.ormCalls(ctx);
        if (ormCalls.length) facts.ormCalls = ormCalls;
        if (calls.modelQueryGets.length) facts.modelQueryGets = calls.modelQueryGets;
        creations.noteMovableCreations(spanOf, (n) => text.slice(n.start, n.end));
        if (creations.creations.length) facts.schemaCreations = creations.creations;
        if (!mentions) return Object.keys(facts).length ? facts : undefined;
        revision.readOps(root, text, ctx.summary.imports, spanOf);
        if (revision.revision) facts.alembicRevision = revision.revision;
        const joinedReads = summarizeJoinedReads(root, text, spanOf);
        if (joinedReads.length) facts.joinedReads = joinedReads;
        const { reads, factories, providers } = summarizeAsyncLoads(root, text, spanOf);
        if (reads.length) facts.asyncLazyReads = reads;
        if (factories.length) facts.asyncSessionFactories = factories;
        if (providers.length) facts.asyncSessionProviders = providers;
        return Object.keys(facts).length ? facts : undefined;
      },
    };
  },
};
