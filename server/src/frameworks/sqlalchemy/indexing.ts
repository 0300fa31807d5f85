// What of a file the SQLAlchemy model graph and the Alembic revision graph read, and the dependency key they
// publish. Models reach their base (`db.Model`) through any module, so the key is noted on any layout change and
// any surface change (IndexedFramework.recheckOnAnySurfaceChange) but those the built graph says leave it right
// (models.ts unaffectedBy: module-level functions of a file it read nothing of changed; this file's part alike).
import type { FieldModelKind } from '../../index/frameworkParts';
import type { FileSummary } from '../../syntax/summary';
import { alembicRevisionOf, sqlalchemyFactsOf } from './facts';

/** Dependency key of every check that consulted the SQLAlchemy model graph or the Alembic revisions. */
export const SQLALCHEMY_MODELS_KEY = '#sqlalchemy-models';

/** A file's SQLAlchemy and Alembic part of its surface: tables, model factories, async sessions, revision identifiers, schema creations; no positions. */
export function sqlalchemySurfaceOf(summary: FileSummary): unknown {
  const revision = alembicRevisionOf(summary);
  return [
    (sqlalchemyFactsOf(summary)?.sqlTables ?? []).map((t) => [t.variable, t.table, t.columns, t.open, t.foreignKeys.map((f) => f.target), t.mappedColumns.length]),
    sqlalchemyFactsOf(summary)?.modelFactories ?? null,
    sqlalchemyFactsOf(summary)?.asyncSessionFactories ?? null,
    sqlalchemyFactsOf(summary)?.asyncSessionProviders ?? null,
    revision ? [revision.ops, revision.branchLabels ?? false, revision.revision, revision.downRevisions, revision.dependsOn] : null,
    // Where the schema is created (schema-never-created compares every file's).
    sqlalchemyFactsOf(summary)?.schemaCreations?.map((c) => c.underMain) ?? null,
  ];
}

/** SQLModel's base: its classes are Pydantic models, table models (`table=True`) not validated (Symbols.fieldModel). */
export const SQLALCHEMY_FIELD_MODEL_BASES: ReadonlyMap<string, FieldModelKind> = new Map([['sqlmodel.SQLModel', 'pydanticOrTable']]);

/** An Alembic revision file: reported even where the project's linters leave files out (it still runs at deploy). */
export function isAlembicRevision(summary: FileSummary): boolean {
  return !!alembicRevisionOf(summary)?.revision;
}
