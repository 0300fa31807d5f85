// The per-read facts the SQLAlchemy collector keeps (facts.ts), as plain data: joined-load result reads
// (joinedReads.ts) and lazy reads on instances async sessions loaded (asyncLoadReads.ts).
import type { Span } from '../../core/types';

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
