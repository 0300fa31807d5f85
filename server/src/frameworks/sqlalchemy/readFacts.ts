// The facts the SQLAlchemy collector keeps (facts.ts), as plain data: Core tables (tables.ts), ORM calls
// (ormCalls.ts), joined-load result reads (joinedReads.ts) and lazy reads on instances async sessions loaded
// (asyncLoadReads.ts).
import type { Span } from '../../core/types';
import type { ForeignKeyRef, Guard } from '../../syntax/summary';

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

/** A Core `Table("name", metadata, Column("a", …), …)` assigned at module level. */
export interface SqlTable {
  /** The variable it is assigned to. */
  variable: string;
  /** The table name (the first argument). */
  table: string;
  columns: string[];
  /** Columns built in ways we cannot read (`*cols`, a column without a string name, `autoload_with`…). */
  open: boolean;
  span: Span;
  foreignKeys: ForeignKeyRef[];
  /** The MetaData argument as a dotted name (`Base.metadata`), when it is one; `db.Table(…)` has none. */
  metadata?: string;
  /** The callee as written (`Table`, `sa.Table`, `db.Table`). */
  callee: string;
  /** `mapped_column(...)` passed to the Table (an ORM construct Core cannot take). */
  mappedColumns: Span[];
}

export interface OrmCall {
  kind: 'entity' | 'loader';
  /** The class as a dotted name (for loaders, the class whose attribute is loaded). */
  entity: string;
  /** Loaders: the attribute (`Article.tags` → `tags`). */
  attribute?: string;
  /** The function or method called (`query`, `select`, `get`, `joinedload`…). */
  name: string;
  /** The argument naming the class (or the attribute). */
  span: Span;
  guards: Guard[];
  /**
   * `session.query(X).get(id)` (SQLAlchemy 2.0's legacy `Query.get`): the `get` name, the whole call, and the
   * texts a `session.get(X, id)` rewrite needs (the session expression, the arguments).
   */
  legacyGet?: { span: Span; call: Span; session: string; args: string };
}

/** `Model.query.get(<args>)` (Flask-SQLAlchemy's legacy get): the model as written, the `get` name, the call, the arguments' text. */
export interface ModelQueryGet {
  entity: string;
  span: Span;
  call: Span;
  args: string;
}

/** `metadata.create_all` / `db.create_all` referenced (called, or passed to `run_sync`; schemaCreationReads.ts). */
export interface SchemaCreation {
  span: Span;
  /** In the module's `if __name__ == "__main__":` block itself: runs only when the file runs as a script. */
  underMain: boolean;
  /** A one-line statement of that block: its line, indentation and text, the block's `if` line, whether it is alone there. */
  move?: { line: number; indent: number; text: string; mainLine: number; only: boolean };
}

/** `<q>.filter_by(x=…)` on a query of a named class (entityQueries.ts). */
export interface EntityQuery {
  /** The queried (or last joined) class as a dotted name. */
  entity: string;
  keywords: { name: string; span: Span }[];
  guards: Guard[];
}
