// The kit of undeclared-dependency (the family is checks/dependencies.ts): the rule, the part an adapter lends it
// (the packages its facts say the code needs installed without importing them), and what every finding of the
// rule shares, for the adapters' own families that report it (FastAPI's WebSocket server test).
import type { Fix, Span } from '../core/types';
import type { Project, SourceFile } from '../index/project';
import type { ProjectFileSummary } from '../index/projectFileSummary';
import { insertionText, manifestFor, type DeclaredDependencies } from './declaredDependencies';
import type { Finding, RuleMeta } from './rule';

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

/** A string literal's span without its quotes. */
export function innerSpan([sl, sc, el, ec]: Span): Span {
  return [sl, sc + 1, el, ec - 1];
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
export const WORKS_ONLY_IF_REQUIRED = 'it works only if a declared package happens to require it.';
export const INSTALLED_ONLY_IF_REQUIRED = 'it is installed only if a declared package happens to require it.';

function addDependencyFix(deps: DeclaredDependencies, path: string, dist: string): Fix[] {
  const target = manifestFor(deps, path);
  if (!target) return [];
  const { line, character } = target.insertion;
  const position = { line, character };
  return [{ title: `Add '${dist}' to ${target.path}`, edits: [{ file: target.path, range: { start: position, end: position }, newText: insertionText(target.insertion, dist) }], isPreferred: true, safety: 'unsafe' }];
}
