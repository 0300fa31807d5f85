// What the project declares it needs installed, read from every manifest of the workspace at once
// (requirements files, pyproject.toml, setup.cfg, setup.py, Pipfile, `pip install` in Dockerfiles and
// scripts), and whether an import name is provided by it. Unknown means silent: a project that declares
// nothing, or declares in a way we cannot read, declares "unknown".
import { dirname, endsWithPath } from '../index/moduleIndex';
import type { Project } from '../index/project';
import { compareVersions } from '../manifests/declarations';
import { normalizeDistribution } from '../manifests/summary';
import type { InsertionPoint, ProjectFileKind, ProjectFileSummary } from '../index/projectFileSummary';
import { ALWAYS_INSTALLED, BUNDLED_WITH, IMPORT_TO_DISTRIBUTIONS, NO_DEPENDENCIES } from '../python/distributions';

export interface ManifestTarget {
  path: string;
  kind: ProjectFileKind;
  insertion: InsertionPoint;
}

export interface DeclaredDependencies {
  /** Something is declared and every declaration was read: only then can a name be "undeclared". */
  readable: boolean;
  /** Normalized distribution names. */
  names: ReadonlySet<string>;
  /** `name[extra]`, normalized. */
  extras: ReadonlySet<string>;
  /** Import names that declared distributions bring along. */
  bundled: ReadonlySet<string>;
  /** Per distribution, the lowest minimum version any manifest allows (the version surely installed is at least it). */
  minVersions: ReadonlyMap<string, string>;
  /** Distributions some manifest names without any lower bound: their version is unknown. */
  unbounded: ReadonlySet<string>;
  /** Exact versions lock files pin (the lowest, when several lock files pin one distribution differently). */
  locked: ReadonlyMap<string, string>;
  /** Distributions every declaration pins to one version (`Django==5.2.1`): the highest such pin. */
  exactVersions: ReadonlyMap<string, string>;
  /** Manifests a quick fix can add a distribution to. */
  targets: readonly ManifestTarget[];
  /**
   * Every declared distribution's own requirements are known (listed in distributions.ts): an undeclared
   * import is then surely missing from a fresh install, not merely brought in by some other package.
   */
  everyRequirementKnown: boolean;
}

const DECLARING_KINDS: ReadonlySet<ProjectFileKind> = new Set(['requirements', 'pyproject', 'setup-cfg', 'setup-py', 'pipfile', 'dockerfile', 'shell', 'conda']);

const memo = new WeakMap<Project, { version: number; value: DeclaredDependencies }>();

export function declaredDependencies(project: Project): DeclaredDependencies {
  const cached = memo.get(project);
  if (cached && cached.version === project.manifestsVersion) return cached.value;
  const value = collect(project);
  memo.set(project, { version: project.manifestsVersion, value });
  return value;
}

function collect(project: Project): DeclaredDependencies {
  const names = new Set<string>();
  const extras = new Set<string>();
  const minVersions = new Map<string, string>();
  const unbounded = new Set<string>();
  const targets: ManifestTarget[] = [];
  let unreadable = false;
  const files = new Map(project.allProjectFiles());
  const locked = new Map<string, string>();
  const exactVersions = new Map<string, string>();
  const notExact = new Set<string>();
  for (const [path, summary] of files) {
    for (const pin of summary.locked ?? []) {
      const before = locked.get(pin.name);
      if (!before || compareVersions(pin.version, before) < 0) locked.set(pin.name, pin.version);
    }
    if (!DECLARING_KINDS.has(summary.kind)) continue;
    if (summary.unreadableDeclarations) unreadable = true;
    if (summary.dynamicDependencies && ![...files].some(([p, s]) => s.kind === 'requirements' && dirname(p) === dirname(path))) unreadable = true;
    for (const include of summary.includes) if (!includedFileKnown(files, path, include)) unreadable = true;
    for (const r of summary.requirements) {
      names.add(r.name);
      for (const e of r.extras) extras.add(`${r.name}[${e}]`);
      if (!r.exactVersion) notExact.add(r.name);
      else if (!exactVersions.has(r.name) || compareVersions(r.exactVersion, exactVersions.get(r.name)!) > 0) exactVersions.set(r.name, r.exactVersion);
      if (!r.minVersion) unbounded.add(r.name);
      else {
        const before = minVersions.get(r.name);
        if (!before || compareVersions(r.minVersion, before) < 0) minVersions.set(r.name, r.minVersion);
      }
    }
    if (summary.insertion) targets.push({ path, kind: summary.kind, insertion: summary.insertion });
  }
  const everyRequirementKnown = [...names].every((n) => NO_DEPENDENCIES.has(n) || n in BUNDLED_WITH);
  for (const name of notExact) exactVersions.delete(name);
  return { readable: names.size > 0 && !unreadable, names, extras, bundled: bundledModules(names, extras), minVersions, unbounded, locked, exactVersions, targets, everyRequirementKnown };
}

/**
 * Whether the requirements file a `-r x` names is one the project has (and so is read with the rest): the
 * path from the including file's folder, else a project requirements file whose path ends with what is
 * written (`pip install -r /app/requirements/prod.txt` in a Dockerfile runs where the build copied the
 * project). A file found nowhere is unknown: what it installs cannot be read.
 */
function includedFileKnown(files: ReadonlyMap<string, ProjectFileSummary>, from: string, include: string): boolean {
  if (files.has(normalizePath(include)) || files.has(normalizePath(`${dirname(from)}/${include}`))) return true;
  const parts = normalizePath(include).split('/');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    if (i === parts.length - 1 && !/requirements|constraints/i.test(tail)) break; // a bare `base.txt` says too little
    for (const [p, s] of files) if (s.kind === 'requirements' && endsWithPath(p, tail)) return true;
  }
  return false;
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

/** Everything the declared distributions bring along, through their own requirements (transitively). */
function bundledModules(names: ReadonlySet<string>, extras: ReadonlySet<string>): Set<string> {
  const modules = new Set<string>();
  const seen = new Set<string>();
  const queue = [...names, ...extras];
  while (queue.length) {
    const dist = queue.pop()!;
    if (seen.has(dist)) continue;
    seen.add(dist);
    for (const m of BUNDLED_WITH[dist] ?? []) {
      if (modules.has(m)) continue;
      modules.add(m);
      queue.push(...(IMPORT_TO_DISTRIBUTIONS[m] ?? [m]).map(normalizeDistribution));
    }
  }
  return modules;
}

/** Whether the declared distributions provide the top-level import `name`. */
export function providesImport(deps: DeclaredDependencies, name: string): boolean {
  if (ALWAYS_INSTALLED.has(name) || deps.bundled.has(name)) return true;
  for (const d of IMPORT_TO_DISTRIBUTIONS[name] ?? []) if (deps.names.has(normalizeDistribution(d))) return true;
  const n = normalizeDistribution(name);
  if (deps.names.has(n)) return true;
  for (const d of deps.names) if (looselyNamed(d, n)) return true;
  return false;
}

/**
 * Distributions named after their module with the usual decorations: `python-magic` for `magic`,
 * `pyjwt` for `jwt`, `django-environ` for `environ`, `opencv-python` for `cv2`'s kind, `zope-interface`
 * and `google-cloud-storage` for the namespace packages `zope` and `google`.
 */
function looselyNamed(dist: string, module: string): boolean {
  if (dist.startsWith(module + '-')) return true;
  const stripped = dist.replace(/^(python|py|django|flask|fastapi|sqlalchemy|pytest)-/, '').replace(/-(python|py|binary|headless|client|sdk|api|lib|async|core)$/, '');
  if (stripped === module || dist === `py${module}` || `py${dist}` === module) return true;
  // Names spelled differently but plainly related (`django-admin-sortable2` → `adminsortable2`,
  // `django-click` → `djclick`, `django-recaptcha` → `captcha`): we cannot tell, so they provide it.
  const bare = module.replace(/-/g, '');
  const distBare = dist.replace(/-/g, '');
  if (bare.length >= 4 && distBare.includes(bare)) return true;
  return dist.split('-').some((token) => token.length >= 4 && !GENERIC_TOKENS.has(token) && bare.includes(token));
}

/** Words of distribution names too common to relate a distribution to a module by. */
const GENERIC_TOKENS = new Set(['python', 'django', 'flask', 'fastapi', 'pytest', 'types', 'async', 'client', 'binary', 'headless', 'core', 'utils', 'tools', 'plugin', 'extensions', 'framework', 'sqlalchemy', 'rest', 'api', 'sdk']);

/** The distribution to declare for an import name. */
export function distributionFor(name: string): string {
  return IMPORT_TO_DISTRIBUTIONS[name]?.[0] ?? name.replace(/_/g, '-').toLowerCase();
}

/**
 * The manifest a new dependency goes into, for a file at `path`: the nearest folder above it that has one,
 * `requirements.txt` first, then pyproject.toml, Pipfile, other requirements files.
 */
export function manifestFor(deps: DeclaredDependencies, path: string): ManifestTarget | null {
  let best: { target: ManifestTarget; depth: number; rank: number } | null = null;
  const dir = dirname(path);
  for (const t of deps.targets) {
    const tdir = dirname(t.path);
    if (tdir !== '' && dir !== tdir && !dir.startsWith(tdir + '/')) continue;
    const depth = tdir === '' ? 0 : tdir.split('/').length;
    const base = t.path.slice(tdir ? tdir.length + 1 : 0);
    const rank = base === 'requirements.txt' ? 0 : t.kind === 'pyproject' ? 1 : t.kind === 'pipfile' ? 2 : base.startsWith('requirements') && !/dev|test|lint|doc/.test(base) ? 3 : 4;
    if (!best || depth > best.depth || (depth === best.depth && rank < best.rank)) best = { target: t, depth, rank };
  }
  return best?.target ?? null;
}

/** The text that adds `dist` at a manifest's insertion point. */
export function insertionText(insertion: InsertionPoint, dist: string): string {
  const entry = insertion.format === 'requirements' ? dist : insertion.format === 'pep621' ? `"${dist}"` : `${dist} = "*"`;
  return insertion.before + entry + insertion.after;
}

/**
 * Top-level names of every module and folder of the project (vendored copies, sys.path additions…): paths only,
 * so kept across body edits (project.surfaceGeneration; a file coming or going changes it).
 */
const layoutMemo = new WeakMap<Project, { generation: number; names: Set<string> }>();

export function projectTopNames(project: Project): ReadonlySet<string> {
  const cached = layoutMemo.get(project);
  if (cached && cached.generation === project.surfaceGeneration) return cached.names;
  const names = new Set<string>();
  for (const source of project.allSources()) {
    for (const part of source.path.split('/')) names.add(part.replace(/\.pyi?$/, ''));
  }
  layoutMemo.set(project, { generation: project.surfaceGeneration, names });
  return names;
}
