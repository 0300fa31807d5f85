// undeclared-dependency: a third-party import that no manifest of the project declares.
import type { Fix, Span } from '../core/types';
import { declaredDependencies, distributionFor, insertionText, manifestFor, projectTopNames, providesImport, type DeclaredDependencies } from '../frameworks/dependencies';
import { LAYOUT_KEY, MANIFESTS_KEY, type Project } from '../index/project';
import { DJANGO_DATABASE_DRIVERS, FEATURE_EXTRAS, PASSLIB_BACKENDS, SQLALCHEMY_DRIVERS } from '../python/distributions';
import { isImported } from '../frameworks/frameworkObjects';
import { djangoFactsOf } from '../frameworks/django/facts';
import { sqlalchemyFactsOf } from '../frameworks/sqlalchemy/facts';
import { STDLIB_MODULES } from '../python/stdlib';
import type { CheckContext, Finding, RuleFamily, RuleMeta } from './rule';

/** Files whose imports are tools' business (tests, docs, packaging): their dependencies live elsewhere. */
const TOOLING_FILE = /(^|\/)(tests?|testing|docs?|examples?|benchmarks?|\.github)\/|(^|\/)(conftest|setup|noxfile|fabfile|test_[^/]*|[^/]*_tests?|tests)\.py$/;

/**
 * Whether a file's imports are tools' business. A folder a manifest installs as a package (`example-app = {
 * path = "examples/example_app" }`) is code that runs, wherever it sits: only the path inside it counts.
 */
export function isToolingFile(project: Project, path: string): boolean {
  if (!TOOLING_FILE.test(path)) return false;
  const folder = installedFolders(project).find((f) => path.startsWith(f + '/'));
  return folder === undefined || TOOLING_FILE.test(path.slice(folder.length + 1));
}

const installedMemo = new WeakMap<Project, { version: number; folders: string[] }>();

function installedFolders(project: Project): string[] {
  const cached = installedMemo.get(project);
  if (cached && cached.version === project.manifestsVersion) return cached.folders;
  const folders = new Set<string>();
  for (const [, summary] of project.allProjectFiles()) for (const f of summary.installedPaths ?? []) folders.add(f);
  // The deepest first, so a file is judged by the package folder nearest to it.
  const sorted = [...folders].sort((a, b) => b.length - a.length);
  installedMemo.set(project, { version: project.manifestsVersion, folders: sorted });
  return sorted;
}

/** The rule, one id across the core's family and the adapters' (FastAPI's WebSocket server test). */
export const UNDECLARED_DEPENDENCY: RuleMeta = {
  id: 'undeclared-dependency',
  defaultSeverity: 'warning',
  summary: 'A third-party import that no requirements file, pyproject.toml, setup.cfg or Pipfile declares.',
  doc: {
    catches: 'Importing a package (or using a feature that needs an extra, like Pydantic\'s `EmailStr` or passlib\'s bcrypt scheme) that the project never declares, while it does declare its other dependencies; also packages named by strings: Django `INSTALLED_APPS`/`MIDDLEWARE` entries, a database `ENGINE`\'s driver, a SQLAlchemy URL\'s driver.',
    whyItBreaks: 'A fresh install (container build, CI, a colleague\'s machine) does not have it: ModuleNotFoundError at import.',
    example: 'import yaml  # requirements.txt lists fastapi and sqlalchemy, not PyYAML',
    fix: 'Add the distribution (PyYAML for `yaml`) to the manifest the project installs from.',
  },
};

export const dependencyChecks: RuleFamily = {
  rules: [UNDECLARED_DEPENDENCY],
  checkProjectFile(ctx) {
    // alembic.ini's sqlalchemy.url: `alembic upgrade` imports the driver it names.
    if (!ctx.summary.databaseUrls?.length) return;
    ctx.tracker.add(MANIFESTS_KEY);
    const deps = declaredDependencies(ctx.project);
    if (deps.readable) reportUrlDrivers(ctx.summary.databaseUrls, deps, ctx.path, ctx.report);
  },
  check(fileCtx) {
    const { file, project } = fileCtx;
    if (file.path.endsWith('.pyi')) return; // stubs import typing-only packages
    fileCtx.tracker.add(MANIFESTS_KEY);
    if (isToolingFile(project, file.path)) return;
    const deps = declaredDependencies(project);
    if (!deps.readable) return;
    fileCtx.tracker.add(LAYOUT_KEY);
    const topNames = projectTopNames(project);
    fileCtx.each('dependency-imports', file.summary.imports, (record, ctx) => {
      ctx.tracker.add(MANIFESTS_KEY);
      ctx.tracker.add(LAYOUT_KEY);
      // Imports under a guard or an `if`, inside functions or classes are often optional features: not ours to judge.
      if (record.level > 0 || !record.module || record.guards.length || record.conditional || !record.topLevel) return;
      const top = record.module.split('.')[0];
      if (STDLIB_MODULES.has(top) || topNames.has(top)) return;
      if (project.resolveModule(file.path, 0, record.module, ctx.tracker).status !== 'unknown') return;
      if (providesImport(deps, top)) {
        if (record.kind === 'from') checkFeatureExtras(record.module, record.names, deps, file.path, ctx.report);
        return;
      }
      const dist = distributionFor(top);
      const message = `'${top}' is imported but no manifest declares '${dist}'`;
      const detail = `No requirements file or pyproject declares '${dist}'${dist !== top ? ` (the distribution of '${top}')` : ''}`;
      ctx.report(undeclaredFinding(deps, file.path, record.segmentSpans[0] ?? record.moduleSpan, dist, message, detail, 'a fresh install will not have it.', INSTALLED_ONLY_IF_REQUIRED));
    });
    checkDatabaseDrivers(fileCtx, deps);
    const settings = djangoFactsOf(fileCtx.file.summary)?.settings;
    if (settings?.installedApps && !settings.installedApps.dynamic) checkSettingsModules(fileCtx, deps, topNames, 'INSTALLED_APPS', settings.installedApps.entries);
    if (settings?.middleware && !settings.middleware.dynamic) checkSettingsModules(fileCtx, deps, topNames, 'MIDDLEWARE', settings.middleware.entries);
    if (settings?.databaseEngines) checkDatabaseEngines(fileCtx, deps, topNames, settings.databaseEngines);
    checkPasslibBackends(fileCtx, deps);
  },
};

/**
 * `INSTALLED_APPS = [..., "rest_framework"]`, `MIDDLEWARE = [..., "corsheaders.middleware.CorsMiddleware"]`:
 * Django imports every entry at start-up, so a third-party entry is an import like any other. Only a settings
 * list read in full (no conditional or computed part) is judged.
 */
function checkSettingsModules(ctx: CheckContext, deps: DeclaredDependencies, topNames: ReadonlySet<string>, setting: string, entries: readonly { value: string; span: Span }[]): void {
  for (const entry of entries) {
    const top = entry.value.split('.')[0];
    if (!/^[A-Za-z_]\w*$/.test(top) || top === 'django' || STDLIB_MODULES.has(top) || topNames.has(top)) continue;
    if (ctx.project.resolveModule(ctx.file.path, 0, entry.value, ctx.tracker).status !== 'unknown' || providesImport(deps, top)) continue;
    const dist = distributionFor(top);
    ctx.report(undeclaredFinding(deps, ctx.file.path, innerSpan(entry.span), dist, `${setting} names '${top}' but no manifest declares '${dist}'`, `No requirements file or pyproject declares '${dist}'${dist !== top ? ` (the distribution of '${top}')` : ''}`, 'on a fresh install Django fails at start-up with ModuleNotFoundError.', INSTALLED_ONLY_IF_REQUIRED));
  }
}

/** A string literal's span without its quotes. */
function innerSpan([sl, sc, el, ec]: Span): Span {
  return [sl, sc + 1, el, ec - 1];
}

/**
 * `DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", …}}`: the backend imports its driver
 * (psycopg2 or psycopg; mysqlclient or PyMySQL; …) on the first query, a third-party backend is a module path.
 */
function checkDatabaseEngines(ctx: CheckContext, deps: DeclaredDependencies, topNames: ReadonlySet<string>, engines: readonly { value: string; span: Span }[]): void {
  const thirdParty = engines.filter((e) => !e.value.startsWith('django.'));
  if (thirdParty.length) checkSettingsModules(ctx, deps, topNames, 'DATABASES ENGINE', thirdParty);
  for (const engine of engines) {
    const drivers = DJANGO_DATABASE_DRIVERS[engine.value];
    if (!drivers || drivers.some((d) => providesImport(deps, d) || topNames.has(d))) continue;
    const dist = distributionFor(drivers[0]);
    const alternatives = drivers.map(distributionFor).join("' or '");
    ctx.report(undeclaredFinding(deps, ctx.file.path, innerSpan(engine.span), dist, `Database backend needs '${alternatives}', which no manifest declares`, `The database backend '${engine.value}' needs '${alternatives}' installed`, 'Django raises ImproperlyConfigured ("Error loading … module") on start-up.'));
  }
}

/** passlib `CryptContext(schemes=["bcrypt"])`: the bcrypt backend is the `bcrypt` package (`passlib[bcrypt]`). */
function checkPasslibBackends(ctx: CheckContext, deps: DeclaredDependencies): void {
  for (const use of ctx.file.summary.cryptSchemes ?? []) {
    const backend = PASSLIB_BACKENDS[use.scheme];
    if (!backend || !isImported(ctx.file, use.callee, 'passlib.context', 'CryptContext') || !providesImport(deps, 'passlib') || providesImport(deps, backend.module)) continue;
    const dist = distributionFor(backend.module);
    ctx.report(undeclaredFinding(deps, ctx.file.path, innerSpan(use.span), dist, `The '${use.scheme}' scheme needs '${dist}', which no manifest declares`, `The '${use.scheme}' scheme needs '${dist}' (or '${backend.extra}') installed`, 'passlib raises MissingBackendError at the first hash or verify.'));
  }
}

/** `create_engine("postgresql+asyncpg://…")`: the URL names a driver that must be installed. */
function checkDatabaseDrivers(ctx: CheckContext, deps: DeclaredDependencies): void {
  const urls: { value: string; span: Span }[] = [...(sqlalchemyFactsOf(ctx.file.summary)?.sqlalchemyUrls ?? [])];
  for (const ref of ctx.file.summary.memberRefs) {
    if (ref.receiver.kind !== 'global' || ref.steps.length || ref.guards.length) continue;
    const callee = ref.receiver.name;
    const literal = ref.call?.strings?.[0];
    if (literal && (['create_engine', 'create_async_engine'] as const).some((f) => isImported(ctx.file, callee, 'sqlalchemy', f) || isImported(ctx.file, callee, 'sqlalchemy.ext.asyncio', f))) urls.push(literal);
  }
  reportUrlDrivers(urls, deps, ctx.file.path, ctx.report);
}

/** Database URLs whose scheme names a driver no manifest declares (in code, settings or alembic.ini). */
function reportUrlDrivers(urls: readonly { value: string; span: Span }[], deps: DeclaredDependencies, path: string, report: CheckContext['report']): void {
  for (const literal of urls) {
    const scheme = /^([a-z0-9_]+(?:\+[a-z0-9_]+)?):\/\//.exec(literal.value)?.[1];
    const driver = scheme ? SQLALCHEMY_DRIVERS[scheme] : undefined;
    if (!driver || providesImport(deps, driver)) continue;
    const dist = distributionFor(driver);
    report(undeclaredFinding(deps, path, literal.span, dist, `Driver '${driver}' needs '${dist}', which no manifest declares`, `The URL's driver '${driver}' (${scheme}://) needs '${dist}' installed`, 'create_engine raises ModuleNotFoundError.'));
  }
}

/** `from pydantic import EmailStr` needs email-validator (or pydantic[email]) installed too. */
function checkFeatureExtras(module: string, names: { name: string; span: Span }[], deps: DeclaredDependencies, path: string, report: (f: Finding) => void): void {
  for (const feature of FEATURE_EXTRAS) {
    if (feature.module !== module) continue;
    const item = names.find((n) => n.name === feature.name);
    if (!item || providesImport(deps, feature.needs)) continue;
    const dist = distributionFor(feature.needs);
    report(undeclaredFinding(deps, path, item.span, dist, `'${feature.name}' needs '${dist}', which no manifest declares`, `'${feature.name}' needs '${dist}' (or '${feature.extra}') installed`, 'using it raises ImportError.'));
  }
}

/**
 * What every undeclared-dependency finding shares: the fix adding `dist` to the manifest, and a note rather
 * than a warning when some declared package's own requirements are unknown (it may bring `dist` in: the
 * code works today, and only stops when that package changes). The message is short; the detail is
 * `subject: breaks` then, or `subject: mayWork`.
 */
export function undeclaredFinding(deps: DeclaredDependencies, path: string, span: Span, dist: string, message: string, subject: string, breaks?: string, mayWork = WORKS_ONLY_IF_REQUIRED): Finding {
  const detail = breaks === undefined ? subject : `${subject}: ${deps.everyRequirementKnown ? breaks : mayWork}`;
  return { rule: 'undeclared-dependency', span, message, detail, fixes: addDependencyFix(deps, path, dist), ...(deps.everyRequirementKnown ? {} : { severity: 'information' as const }) };
}
/** How the message ends when a declared package may bring the missing one in. */
const WORKS_ONLY_IF_REQUIRED = 'it works only if a declared package happens to require it.';
const INSTALLED_ONLY_IF_REQUIRED = 'it is installed only if a declared package happens to require it.';

function addDependencyFix(deps: DeclaredDependencies, path: string, dist: string): Fix[] {
  const target = manifestFor(deps, path);
  if (!target) return [];
  const { line, character } = target.insertion;
  const position = { line, character };
  return [{ title: `Add '${dist}' to ${target.path}`, edits: [{ file: target.path, range: { start: position, end: position }, newText: insertionText(target.insertion, dist) }], isPreferred: true, safety: 'unsafe' }];
}
