// SQLAlchemy's declarative roots and the mixins it accepts on mapped classes, Flask-SQLAlchemy's `db.Model` and
// SQLModel's base (IndexedFramework.knownBases; the core's table, python/knownBases.ts, says how entries are read).
// The roots are `orm`: the model graph (models.ts) reads the classes built on them, not the member check. Read with
// `dir()` from SQLAlchemy 1.4.46, Flask-SQLAlchemy 3.0.3 and SQLModel 0.0.8 (Debian 12).
import type { KnownBase } from '../../python/knownBases';

export const SQLALCHEMY_KNOWN_BASES: readonly KnownBase[] = [
  {
    names: ['sqlalchemy.orm.DeclarativeBase', 'sqlalchemy.orm.DeclarativeBaseNoMeta', 'sqlalchemy.orm.decl_api.DeclarativeBase', 'sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta'],
    members: ['metadata', 'registry'],
    orm: true,
  },
  { names: ['sqlalchemy.ext.asyncio.AsyncAttrs'], members: ['awaitable_attrs'] },
  { names: ['sqlalchemy_utils.Timestamp', 'sqlalchemy_utils.models.Timestamp'], members: [], columns: ['created', 'updated'] },
  // Flask-SQLAlchemy's `db.Model` (named by the extension object, not by import: see frameworks/sqlalchemy/models.ts).
  { names: ['flask_sqlalchemy.model.Model', 'flask_sqlalchemy.Model'], bases: ['sqlalchemy.orm.DeclarativeBase'], members: ['query', 'query_class'], orm: true },
  {
    names: ['sqlmodel.SQLModel', 'sqlmodel.main.SQLModel'],
    bases: ['pydantic.BaseModel'],
    members: ['metadata', 'sqlmodel_update'],
    orm: true,
  },
];
