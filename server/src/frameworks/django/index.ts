// Django behind the adapter interface (docs/adapters.md): its facts (facts.ts: migrations, settings,
// AppConfigs, model Meta, read from the tree after the summarizer's walk), its index part (indexing.ts:
// surface, dependency keys, manage.py folders as source roots), the model graph (models.ts with contrib.ts,
// thirdParty.ts, fieldClasses.ts, relations.ts), INSTALLED_APPS (apps.ts), the migration state (migrations.ts), URL wiring
// (urls.ts, read from the walk by urlWiring.ts), the pinned version (version.ts, apiSince.ts); its rule families (modelChecks.ts, fieldChecks.ts,
// relatedManagerChecks.ts, migrationChecks.ts, urlChecks.ts, drfSerializers.ts) and hover/definition on model
// references (navigation.ts); `DJANGO_SETTINGS_MODULE` in run files (projectFiles.ts); the packages its settings
// name (requiredPackages.ts, for undeclared-dependency); its migrations and removed settings (removedApis.ts, for
// removed-api); what a queryset chain holds (valueHints.ts).
import type { FrameworkAdapter } from '../adapter';
import { drfSerializerChecks } from './drfSerializers';
import { djangoFacts, djangoFactsOf } from './facts';
import { djangoFieldChecks } from './fieldChecks';
import { DJANGO_MODELS_KEY, djangoIndexing } from './indexing';
import { djangoModelsOf } from './models';
import { DJANGO_KNOWN_BASES } from './knownBases';
import { djangoMigrationChecks } from './migrationChecks';
import { djangoChecks } from './modelChecks';
import { djangoTargetAt } from './navigation';
import { djangoRelatedManagerChecks } from './relatedManagerChecks';
import { djangoRemovedApis } from './removedApis';
import { djangoUrlChecks } from './urlChecks';
import { djangoProjectFiles } from './projectFiles';
import { djangoRequiredPackages } from './requiredPackages';
import { djangoValueHints } from './valueHints';

export const djangoAdapter: FrameworkAdapter = {
  name: 'Django',
  ...djangoFacts,
  ...djangoIndexing,
  // DJANGO_MODELS_KEY is not noted for an edit the model graph is still right after (models.ts unaffectedBy).
  graphKey: DJANGO_MODELS_KEY,
  graphUnaffectedBy: (project, change) => djangoModelsOf(project).unaffectedBy(change),
  // Its class-based View and Django REST framework's views and serializers as bases.
  knownBases: DJANGO_KNOWN_BASES,
  ruleFamilies: [djangoChecks, djangoFieldChecks, djangoRelatedManagerChecks, djangoMigrationChecks, djangoUrlChecks, drfSerializerChecks],
  hover: (project, path, line, character) => {
    const target = djangoTargetAt(project, path, line, character);
    return target && { span: target.span, markdown: target.hover };
  },
  definition: (project, path, line, character) => djangoTargetAt(project, path, line, character)?.definition ?? null,
  isMigration: (summary) => Boolean(djangoFactsOf(summary)?.migration),
  projectFiles: djangoProjectFiles,
  requiredPackages: djangoRequiredPackages,
  removedApis: djangoRemovedApis,
  valueHints: djangoValueHints,
};
