// undeclared-dependency: a third-party import that no manifest of the project declares.
import type { Fix, Span } from '../core/types';
import { declaredDependencies, distributionFor, insertionText, manifestFor, projectTopNames, providesImport, type DeclaredDependencies } from '../frameworks/dependencies';
import { LAYOUT_KEY, MANIFESTS_KEY, type Project, type SourceFile } from '../index/project';
import type { ProjectFileSummary } from '../index/projectFileSummary';
import { FEATURE_EXTRAS, PASSLIB_BACKENDS } from '../python/distributions';
import { isImported } from '../frameworks/frameworkObjects';
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

/**
 * A package the code needs installed without importing it: a module a framework imports from a string
 * (`INSTALLED_APPS = ["corsheaders"]`), a driver a setting or a URL selects (`postgresql+asyncpg://`). An
 * adapter lists them from its facts (its `requiredPackages` part); this family judges them against the
 * manifests as it judges imports.
 */
export interface RequiredPackage {
  /** Where the code requires it (the finding's span). */
  span: Span;
  /** Import names any one of which, installed, satisfies it. */
  modules: readonly string[];
  /** What the quick fix adds to the manifest. */
  distribution: string;
  /** A top-level module of the project named as one of `modules` satisfies it too (the project ships it). */
  orProjectModule?: boolean;
  /** The dotted module the framework imports: a module the project has at that path satisfies it too. */
  importedPath?: string;
  /** The finding: its short message, the detail's subject, and what a fresh install then does. */
  message: string;
  subject: string;
  breaks: string;
  /** Imported at start like an import (the detail then says it is installed only if a declared package requires it). */
  importedAtStart?: boolean;
}

/** An adapter's part of this family: the packages its facts say a file requires. */
export interface RequiredPackagesPart {
  /** In a Python file (judged where its imports are: not in stubs, nor in tooling files). */
  ofFile?(file: SourceFile): readonly RequiredPackage[];
  /** In a project file that is not Python (alembic.ini's `sqlalchemy.url`). */
  ofProjectFile?(summary: ProjectFileSummary): readonly RequiredPackage[];
}

/** The family, with the adapters' parts (checks/registry.ts hands them in, in the adapters' order). */
export function dependencyChecks(parts: readonly RequiredPackagesPart[]): RuleFamily {
  return {
    rules: [UNDECLARED_DEPENDENCY],
    checkProjectFile(ctx) {
      const required = parts.flatMap((p) => p.ofProjectFile?.(ctx.summary) ?? []);
      if (!required.length) return;
      ctx.tracker.add(MANIFESTS_KEY);
      const deps = declaredDependencies(ctx.project);
      if (deps.readable) reportRequired(ctx.project, null, required, deps, new Set(), ctx.path, ctx.report, ctx.tracker);
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
      for (const part of parts) if (part.ofFile) reportRequired(project, file, part.ofFile(file), deps, topNames, file.path, fileCtx.report, fileCtx.tracker);
      checkPasslibBackends(fileCtx, deps);
    },
  };
}

/** The required packages no manifest declares (nor the project has: a module of its own at the imported path). */
function reportRequired(project: Project, file: SourceFile | null, required: readonly RequiredPackage[], deps: DeclaredDependencies, topNames: ReadonlySet<string>, path: string, report: CheckContext['report'], tracker: CheckContext['tracker']): void {
  for (const r of required) {
    if (r.orProjectModule && r.modules.some((m) => topNames.has(m))) continue;
    if (file && r.importedPath && project.resolveModule(file.path, 0, r.importedPath, tracker).status !== 'unknown') continue;
    if (r.modules.some((m) => providesImport(deps, m))) continue;
    report(undeclaredFinding(deps, path, r.span, r.distribution, r.message, r.subject, r.breaks, r.importedAtStart ? INSTALLED_ONLY_IF_REQUIRED : WORKS_ONLY_IF_REQUIRED));
  }
}

/** A string literal's span without its quotes. */
export function innerSpan([sl, sc, el, ec]: Span): Span {
  return [sl, sc + 1, el, ec - 1];
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
