// Django's index part (docs/adapters.md): what other files see of one through Django (its part of the
// surface), the three dependency keys its graphs publish and which changes of a file change them, and the
// folders Django runs from (a manage.py's) as source roots.
import type { DependencyKeyPart, FileChange, IndexedFramework } from '../../index/frameworkParts';
import { dirname } from '../../index/moduleIndex';
import type { FileSummary } from '../../syntax/summary';
import { djangoFactsOf } from './facts';
import { patternsView, type DjangoUrlsSummary } from './urlWiring';

/** Dependency key of every check that consulted the Django model graph (see DJANGO_MODELS below). */
export const DJANGO_MODELS_KEY = '#django-models';
/** Dependency key of every check that consulted the Django URL graph (url names, namespaces). */
export const DJANGO_URLS_KEY = '#django-urls';
/** Dependency key of every check that consulted Django's apps, settings or migrations (see DJANGO_APPS below). */
export const DJANGO_APPS_KEY = '#django-apps';

/**
 * A file's Django facts without positions (migrations, settings, AppConfigs, Meta), or null. Its URL wiring is
 * left out (the URL graph's own key, DJANGO_URLS, tells when it changes), and so is the settings module it sets
 * (only the file's own check reads it).
 */
function djangoSurface(summary: FileSummary): string | null {
  const { urls, settingsModules, ...facts } = djangoFactsOf(summary) ?? {};
  return Object.keys(facts).length ? JSON.stringify(facts, (k, v) => (k === 'span' ? undefined : v)) : null;
}

/** Django's part of a file's surface: its Django facts (with what queries give instances), without positions. */
export function djangoSurfaceOf(summary: FileSummary): unknown {
  return [
    summary.expressionKeys ?? null,
    // Its facts: the tree pass's, lookups and fields registered at run time, admin registrations, query names.
    djangoSurface(summary),
  ];
}

/**
 * The model graph hangs on every file that defines models (reverse relations come from other files):
 * a change to a file that imports from django.db re-checks every file that consulted the graph, unless the
 * file's surface stayed the same (the graph reads only what surfaces hold: classes and their members'
 * calls, Django facts, annotate/raw/registration facts), as when a view's or a model method's body changes.
 */
const DJANGO_MODELS: DependencyKeyPart = {
  key: DJANGO_MODELS_KEY,
  changedBy: (c: FileChange) => c.surfaceChanged && (touchesModels(c.before) || touchesModels(c.after)),
};

function touchesModels(s: FileSummary | null | undefined): boolean {
  const d = djangoFactsOf(s);
  return !!s && (!!d?.annotatedNames || !!d?.rawQueries || !!d?.rawQueryModels || !!d?.computedNames || !!d?.computedNameModels || !!s.expressionKeys || !!d?.registrations || s.imports.some((r) => r.module === 'django.db' || r.module.startsWith('django.db.')));
}

const DJANGO_URLS: DependencyKeyPart = {
  key: DJANGO_URLS_KEY,
  changedBy: (c: FileChange) => urlGraphKey(c.before) !== urlGraphKey(c.after),
};

/** What of a file the Django URL graph reads (names, includes, namespaces; no positions, no reverse() calls). */
function urlGraphKey(summary: FileSummary | null | undefined): string {
  const urls = djangoFactsOf(summary)?.urls;
  // Pattern functions imported under another name make the graph's names unknown (see DjangoUrls.build).
  const aliased = summary?.imports.some((r) => r.kind === 'from' && /^django\.(conf\.)?urls/.test(r.module) && r.names.some((n) => n.alias)) ?? false;
  if (!urls) return aliased ? 'aliased' : '';
  return JSON.stringify([
    aliased,
    urls.appName === undefined ? 0 : urls.appName,
    urls.patterns.map((p) => [p.name, p.view?.dotted]),
    urls.includes.map((i) => [i.module?.value, i.argument, i.namespace]),
    urls.sources,
    classifiedBindings(summary!, urls),
  ]);
}

/**
 * How the file binds the first name of each dotted name the graph tells the kind of (DjangoUrls.classify: Django's
 * `admin.site.urls`, a router's `.urls`, a list of the project's): an import, an assignment and what it calls. The
 * surface shows only which names are bound, not how: `admin = None` after `from django.contrib import admin`
 * changes no surface, but makes `admin.site.urls` another library's patterns (any namespace may then exist).
 */
function classifiedBindings(summary: FileSummary, urls: DjangoUrlsSummary): unknown {
  const roots = new Set<string>();
  const add = (dotted: string | undefined) => {
    if (dotted && dotted !== '?' && dotted !== 'urlpatterns') roots.add(dotted.split('.')[0]);
  };
  for (const p of urls.patterns) add(patternsView(p));
  for (const i of urls.includes) if (!i.module) add(i.argument);
  for (const d of urls.sources) add(d);
  return [...roots].sort().map((root) =>
    summary.moduleBindings.filter((b) => b.name === root).map((b) => {
      const r = b.importIndex === undefined ? undefined : summary.imports[b.importIndex];
      return [b.kind, b.hint ?? null, r ? [r.kind, r.level, r.module, r.alias, r.names.map((n) => [n.name, n.alias]), r.guards.length] : null];
    }),
  );
}

/**
 * Django's app registry and migration graph hang on settings, AppConfigs, migration files and which
 * folders hold `migrations/`, `models`, `apps.py`, `__init__.py`: a change there re-checks every file that consulted them.
 */
const DJANGO_APPS: DependencyKeyPart = {
  key: DJANGO_APPS_KEY,
  changedBy: ({ path, before, after }: FileChange) => {
    // (An app's `__init__.py` too: only a regular package's folder is an app folder, see DjangoApps.build.)
    const layout = (!before || !after) && /(^|\/)(migrations\/|apps\.py$|models(\.py$|\/)|__init__\.py$)/.test(path);
    // A models package's `__init__` decides by its imports which of its modules' classes register for certain (apps.ts).
    const modelsInit = /(^|\/)models\/__init__\.py$/.test(path) && importedModules(before) !== importedModules(after);
    return layout || modelsInit || appFacts(before) !== appFacts(after);
  },
};

function importedModules(s: FileSummary | null | undefined): string {
  return JSON.stringify(s?.imports.map((r) => [r.level, r.module, r.names.map((n) => n.name)]) ?? null);
}

/**
 * Model Meta and field calls are left out: a models file's edit already re-checks through DJANGO_MODELS_KEY; so
 * are the names queries give instances (a file with those alone counts as one without facts).
 */
function appFacts(s: FileSummary | null | undefined): string | null {
  const { annotatedNames, rawQueries, rawQueryModels, computedNames, computedNameModels, ...d } = djangoFactsOf(s) ?? {};
  // INSTALLED_APPS names an AppConfig by its class name (DjangoApps.labelOf): a renamed one is no longer the one used.
  const configNames = d.appConfigs?.map((c) => s!.classes[c.classIndex]?.name ?? null) ?? null;
  return Object.keys(d).length ? JSON.stringify([d.migration, d.settings, d.appConfigs, configNames], (k, v) => (k === 'span' ? undefined : v)) : null;
}

export const djangoIndexing: IndexedFramework = {
  key: 'django',
  surfaceOf: djangoSurfaceOf,
  dependencyKeys: [DJANGO_MODELS, DJANGO_URLS, DJANGO_APPS],
  // Folders holding a manage.py: Django runs from there.
  sourceRootOf: (path) => (path === 'manage.py' || path.endsWith('/manage.py') ? dirname(path) : null),
};
