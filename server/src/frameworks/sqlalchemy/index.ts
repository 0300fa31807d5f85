// SQLAlchemy (1.4/2.0), Flask-SQLAlchemy, SQLModel and the Alembic revisions behind the adapter interface
// (docs/adapters.md). One adapter for both folders: the model graph (models.ts) and the revision graph
// (../alembic/migrations.ts) publish one dependency key and are judged together (missing-migration compares
// the models with the schema the revisions build). Its rule families: the model rules (modelRules.ts),
// async-lazy-load (asyncLazyLoads.ts), schema-never-created (schemaCreation.ts); hover and definition on the
// model graph (navigation.ts); what of a file the graphs read, its key, and which files are revisions
// (indexing.ts, with SQLModel's base for the constructors made from fields); the drivers database URLs name (requiredPackages.ts, for undeclared-dependency); its revisions and
// the legacy `Query.get` (removedApis.ts, for removed-api); alembic.ini as a project file (../alembic/projectFiles.ts); what ORM calls return (valueHints.ts, over queryEntities.ts).
import type { FrameworkAdapter } from '../adapter';
import { ALEMBIC_INI } from '../alembic/projectFiles';
import { asyncLazyLoadChecks } from './asyncLazyLoads';
import { sqlalchemyFacts } from './facts';
import { isAlembicRevision, SQLALCHEMY_FIELD_MODEL_BASES, SQLALCHEMY_MODELS_KEY, sqlalchemySurfaceOf } from './indexing';
import { SQLALCHEMY_KNOWN_BASES } from './knownBases';
import { SqlAlchemyModels } from './models';
import { sqlalchemyChecks } from './modelRules';
import { sqlalchemyDefinition, sqlalchemyHover } from './navigation';
import { sqlalchemyRemovedApis } from './removedApis';
import { sqlalchemyRequiredPackages } from './requiredPackages';
import { schemaCreationChecks } from './schemaCreation';
import { sqlalchemyValueHints } from './valueHints';

export const sqlalchemyAdapter: FrameworkAdapter = {
  name: 'SQLAlchemy',
  ...sqlalchemyFacts,
  surfaceOf: sqlalchemySurfaceOf,
  graphKey: SQLALCHEMY_MODELS_KEY,
  recheckOnAnySurfaceChange: true,
  graphUnaffectedBy: (project, change) => SqlAlchemyModels.of(project).unaffectedBy(change),
  isMigration: isAlembicRevision,
  fieldModelBases: SQLALCHEMY_FIELD_MODEL_BASES,
  // Its declarative roots, mixins, Flask-SQLAlchemy's and SQLModel's bases.
  knownBases: SQLALCHEMY_KNOWN_BASES,
  // Alembic runs from the folder of its alembic.ini: env.py and the revisions import from there.
  markerFiles: ['alembic.ini'],
  // alembic.ini is a project file of its own kind: its `sqlalchemy.url` names a driver (requiredPackages.ts).
  projectFiles: { key: sqlalchemyFacts.key, fileKinds: [ALEMBIC_INI] },
  ruleFamilies: [sqlalchemyChecks, asyncLazyLoadChecks, schemaCreationChecks],
  hover: sqlalchemyHover,
  definition: sqlalchemyDefinition,
  requiredPackages: sqlalchemyRequiredPackages,
  removedApis: sqlalchemyRemovedApis,
  valueHints: sqlalchemyValueHints,
};
