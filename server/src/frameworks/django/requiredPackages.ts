// Django's part of undeclared-dependency (checks/dependencies.ts): the packages its settings require by name.
// Django imports every INSTALLED_APPS and MIDDLEWARE entry and a third-party database ENGINE at start-up, and
// a database backend imports its driver on the first query.
import type { Span } from '../../core/types';
import { innerSpan, type RequiredPackage, type RequiredPackagesPart } from '../../rulekit/requiredPackages';
import type { SourceFile } from '../../index/project';
import { distributionFor } from '../../rulekit/declaredDependencies';
import { DJANGO_DATABASE_DRIVERS } from '../../python/distributions';
import { STDLIB_MODULES } from '../../python/stdlib';
import { djangoFactsOf } from './facts';

export const djangoRequiredPackages: RequiredPackagesPart = {
  ofFile(file: SourceFile): RequiredPackage[] {
    const settings = djangoFactsOf(file.summary)?.settings;
    if (!settings) return [];
    const required: RequiredPackage[] = [];
    if (settings.installedApps && !settings.installedApps.dynamic) required.push(...settingsModules('INSTALLED_APPS', settings.installedApps.entries));
    if (settings.middleware && !settings.middleware.dynamic) required.push(...settingsModules('MIDDLEWARE', settings.middleware.entries));
    if (settings.databaseEngines) required.push(...databaseEngines(settings.databaseEngines));
    return required;
  },
};

/**
 * `INSTALLED_APPS = [..., "rest_framework"]`, `MIDDLEWARE = [..., "corsheaders.middleware.CorsMiddleware"]`:
 * Django imports every entry at start-up, so a third-party entry is an import like any other. Only a settings
 * list read in full (no conditional or computed part) is judged.
 */
function settingsModules(setting: string, entries: readonly { value: string; span: Span }[]): RequiredPackage[] {
  const required: RequiredPackage[] = [];
  for (const entry of entries) {
    const top = entry.value.split('.')[0];
    if (!/^[A-Za-z_]\w*$/.test(top) || top === 'django' || STDLIB_MODULES.has(top)) continue;
    const dist = distributionFor(top);
    required.push({
      span: innerSpan(entry.span),
      modules: [top],
      distribution: dist,
      orProjectModule: true,
      importedPath: entry.value,
      message: `${setting} names '${top}' but no manifest declares '${dist}'`,
      subject: `No requirements file or pyproject declares '${dist}'${dist !== top ? ` (the distribution of '${top}')` : ''}`,
      breaks: 'on a fresh install Django fails at start-up with ModuleNotFoundError.',
      importedAtStart: true,
    });
  }
  return required;
}

/**
 * `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", …}}`: the backend imports its driver
 * (psycopg2 or psycopg; mysqlclient or PyMySQL; …) on the first query, a third-party backend is a module path.
 */
function databaseEngines(engines: readonly { value: string; span: Span }[]): RequiredPackage[] {
  const thirdParty = engines.filter((e) => !e.value.startsWith('django.'));
  const required = thirdParty.length ? settingsModules('DATABASES ENGINE', thirdParty) : [];
  for (const engine of engines) {
    const drivers = DJANGO_DATABASE_DRIVERS[engine.value];
    if (!drivers) continue;
    const alternatives = drivers.map(distributionFor).join("' or '");
    required.push({
      span: innerSpan(engine.span),
      modules: drivers,
      distribution: distributionFor(drivers[0]),
      orProjectModule: true,
      message: `Database backend needs '${alternatives}', which no manifest declares`,
      subject: `The database backend '${engine.value}' needs '${alternatives}' installed`,
      breaks: 'Django raises ImproperlyConfigured ("Error loading … module") on start-up.',
    });
  }
  return required;
}
