// The project index: every file's summary, where modules are, and name resolution across files.
// It does no IO: the host feeds it summaries. Resolutions answer "found", "missing" or "unknown"; only
// "missing" may become a diagnostic (unknown means silent).
import { sharedCandidates } from '../core/nearest';
import { PYTHON_BUILTINS } from '../python/builtins';
import { STDLIB_MODULES } from '../python/stdlib';
import type { ProjectFileSummary } from './projectFileSummary';
import type { FileSummary, FunctionInfo, ImportRecord, ModuleBinding } from '../syntax/summary';
import { DependencyTracker } from './dependencyTracker';
import { DependencyRecords } from './dependencyRecords';
import { knownBasesOf, type FileChange, type IndexedFramework } from './frameworkParts';
import { childrenKey, dirname, endsWithPath, isPackageInit, joinPath, moduleKeyOf, ModuleIndex, type ModuleLocation } from './moduleIndex';
import { ModuleDefinitions } from './definitions';
import { ImportedPackages } from './importedPackages';
import { moduleNameStatus } from './moduleNames';
import { moduleOfRoot } from './moduleOfRoot';
import { everyNameKey, NameChanges } from './nameChanges';
import { nameKey, namesKey } from './nameKeys';
import { collectModuleWrites, WriteChanges } from './moduleWrites';
import { comparisonKeys, moduleBindingIndex, moduleDefinitions, NO_ADAPTERS, NO_BINDINGS, surfaceOf, type ImportTarget, type NameStatus, type ProjectLookups, type SourceFile } from './sources';
import { ANY_SUBCLASS_KEY, SUBCLASSES_KEY_PREFIX, Symbols, UNRESOLVED_BASE_KEY_PREFIX } from './symbols';
import { SurfaceLog, type SurfaceChange } from './surfaceBuild';

export { DependencyTracker };
export { moduleBindingIndex, surfaceOf, type ImportTarget, type NameStatus, type SourceFile } from './sources';

/** The files whose folder is a Python project of its own (where its tests and scripts run from). */
const PROJECT_MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Dependency key of every check that read what the manifests declare (requirements, pyproject…). */
export const MANIFESTS_KEY = '#manifests';
/** Changes when run files change which Python files they copy, mount elsewhere, or run or load by path (a server's config file). */
export const PLACEMENTS_KEY = '#placements';
/** Dependency key of every check that looked for a module anywhere in the project (files added or removed). */
export const LAYOUT_KEY = '#layout';

/** The most segments a dotted module path is resolved through (`a.b.c`: 3). */
const MAX_MODULE_SEGMENTS = 128;

export interface ProjectOptions {
  /** Configured sys.path entries (workspace-relative; '' is the workspace folder). */
  sourceRoots: string[];
  /** Framework adapters' index parts (the host passes frameworks/adapters.ts's); none by default. */
  adapters?: readonly IndexedFramework<unknown, Project>[];
}

export class Project implements ProjectLookups {
  readonly modules = new ModuleIndex();
  /** Classes, instances and functions across files (caches reset whenever a surface changes). */
  readonly symbols: Symbols;
  private readonly sources = new Map<string, SourceFile>();
  private readonly markerDirs = new Set<string>();
  /** Folders frameworks run the project from (IndexedFramework.sourceRootOf), while the file that says so exists. */
  private readonly frameworkRoots = new Set<string>();
  /** name → files that define it at module level (def, class, assignment): candidates for "add import". */
  private readonly definitions = new ModuleDefinitions(() => this.dependencyRecords.hasRecords());
  private roots: string[] = [];
  private readonly configuredRoots: string[];
  private readonly rootsCache = new Map<string, string[]>();
  /** Folders by the dotted path they hold a package portion of (see resolveInPortions); layout changes clear it. */
  private readonly portionsMemo = new Map<string, string[]>();
  /** A file's folder → the folder of its top-level package (see topPackageDir). */
  private readonly topDirCache = new Map<string, string>();
  /** Which keys each file's last check read, and which files read each key. */
  private readonly dependencyRecords = new DependencyRecords();
  private externalWrites: Map<string, Set<string>> | null = null;
  /** Files whose writes on other modules may have changed since dependentsOf last ran. */
  private readonly writeChanges = new WriteChanges();
  /** Which names of each edited module changed since dependentsOf last ran (index/nameChanges.ts). */
  private readonly nameChanges = new NameChanges();
  private projectBuiltins: Set<string> | null = null;
  /** Import resolutions (they depend only on the layout and on which namespaces the project owns). */
  private readonly resolved = new Map<string, { target: ImportTarget; keys: string[] }>();
  /** file → its resolutions (entries of `resolved`), by level and module. Cleared with `resolved`. */
  private readonly resolvedByFile = new Map<string, Map<string, { target: ImportTarget; keys: string[] }>>();
  /** top-level name → second segments that project imports use (see isOwnedNamespace). */
  private ownedNamespaces: Map<string, Set<string>> | null = null;
  /** The top-level names of the project's absolute imports (importsPackage: asked by adapters' rules of every file). */
  private readonly importedPackages = new ImportedPackages(() => this.absoluteImportModules());

  /** Bumped on every change of the project's contents or layout: memos of answers compare against it. */
  private changes = 0;
  get generation(): number {
    return this.changes;
  }
  /** Bumped as `changes` is but by body edits; the log says what each surface change was (index/surfaceBuild.ts). */
  private readonly surfaceLog = new SurfaceLog();
  get surfaceGeneration(): number {
    return this.surfaceLog.generation;
  }
  surfaceChangesSince(since: number): readonly SurfaceChange[] | null {
    return this.surfaceLog.since(since);
  }
  /** Keys of framework-wide facts that changed since dependentsOf last ran (adapters' graphs, manifests, layout). */
  private readonly frameworkChanges = new Set<string>();

  /** Framework adapters' index parts, and the graphs they built (memos of one project generation). */
  private readonly adapters: readonly IndexedFramework<unknown, Project>[];
  private readonly graphs = new Map<string, { generation: number; graph: unknown }>();

  constructor(options: ProjectOptions) {
    this.adapters = options.adapters ?? NO_ADAPTERS;
    this.symbols = new Symbols(this, knownBasesOf(this.adapters));
    this.configuredRoots = [...new Set(['', ...options.sourceRoots.map(normalizeRoot)])];
    this.recomputeRoots();
  }

  // ---- contents -------------------------------------------------------------------------------------

  /** Adds or replaces a file; returns whether anything other files can see changed. */
  setFile(path: string, summary: FileSummary | null): boolean {
    this.changes++;
    const before = this.sources.get(path);
    this.writeChanges.noteChange(this, path, before, summary);
    // (Before the surfaces are compared: a model file's edit that keeps its surface changes no model.)
    const surfaceAfter = before && summary ? surfaceOf(summary, this.adapters) : undefined;
    const surfaceChanged = surfaceAfter === undefined || comparisonKeys(before!, this.adapters).surface !== surfaceAfter;
    this.noteFrameworkChanges({ path, before: before?.summary, after: summary, surfaceChanged });
    const isNew = this.modules.add(path);
    if (surfaceChanged) this.surfaceLog.add({ path: isNew || !before || !summary ? null : path, before: before?.summary ?? null, after: summary, frameworkKeys: new Set(this.frameworkChanges) });
    if (isNew) this.noteFrameworkRoot(path, true);
    const moduleKey = moduleKeyOf(path);
    if (moduleKey !== null && (isNew || !before || !summary)) this.nameChanges.all(moduleKey);
    if (!summary) {
      // Compiled or Cython modules: present, contents unknown.
      if (isNew) this.structureChanged();
      return isNew;
    }
    this.symbols.fileChanged(path, before?.summary.classes.length ?? 0);
    if (before) this.definitions.index(before, false);
    const source: SourceFile = { path, summary };
    if (surfaceAfter !== undefined) source.surface = surfaceAfter;
    this.sources.set(path, source);
    this.definitions.index(source, true);
    // The project's builtins are a scan of every file: redone only when this file's part in them changes.
    if (!!before?.summary.installsGettext !== !!summary.installsGettext) this.projectBuiltins = null;
    if (isNew) {
      this.structureChanged();
      return true;
    }
    if (!before) {
      this.contentsChanged(path, true, true); // was present without contents (a compiled module)
      return true;
    }
    const [a, b] = [comparisonKeys(before, this.adapters), comparisonKeys(source, this.adapters)];
    const changed = a.surface !== b.surface;
    if (changed) {
      if (moduleKey !== null) this.nameChanges.replaced(moduleKey, before, source, this.adapters, this.modules.filesAt(moduleKey) === 1);
      this.contentsChanged(path, a.writes !== b.writes, a.importsKey !== b.importsKey);
    }
    return changed;
  }

  removeFile(path: string): boolean {
    this.changes++;
    this.surfaceLog.add({ path: null, before: null, after: null, frameworkKeys: new Set(this.frameworkChanges) });
    this.writeChanges.noteChange(this, path, this.sources.get(path), null);
    this.noteFrameworkChanges({ path, before: this.sources.get(path)?.summary, after: null, surfaceChanged: true });
    const removed = this.modules.remove(path);
    const before = this.sources.get(path);
    const moduleKey = moduleKeyOf(path);
    if (moduleKey !== null) this.nameChanges.all(moduleKey);
    this.symbols.fileChanged(path, before?.summary.classes.length ?? 0);
    if (before) this.definitions.index(before, false);
    this.sources.delete(path);
    this.dependencyRecords.drop(path);
    this.noteFrameworkRoot(path, false);
    if (removed) this.structureChanged();
    else if (before) this.noteAnySurfaceChange(); // a file no import can name (0003_merge.py) is still read by the graphs
    return removed;
  }

  /** Adapters' graphs whose input this change of a file changed (a file with no input to one gives ''); a key noted already is not asked again (a cold index adds thousands of files). */
  private noteFrameworkChanges(change: FileChange): void {
    const { before, after } = change;
    const noted = this.frameworkChanges;
    // A graph may say an edit leaves it right (IndexedFramework.graphUnaffectedBy): its key is then not noted.
    const edit: SurfaceChange | null = before && after ? { path: change.path, before, after, frameworkKeys: noted } : null;
    for (const a of this.adapters) {
      for (const part of a.dependencyKeys ?? []) if (!noted.has(part.key) && part.changedBy(change) && !(edit && part.key === a.graphKey && a.graphUnaffectedBy?.(this, edit))) noted.add(part.key);
      if (a.graphKey && a.graphInputOf && !noted.has(a.graphKey) && (before ? a.graphInputOf(before) : '') !== (after ? a.graphInputOf(after) : '')) noted.add(a.graphKey);
    }
  }

  /** A file that makes its folder a root the framework runs from (a manage.py) appeared or went away. */
  private noteFrameworkRoot(path: string, present: boolean): void {
    for (const a of this.adapters) {
      const root = a.sourceRootOf?.(path);
      if (root === null || root === undefined) continue;
      if (present) this.frameworkRoots.add(root);
      else this.frameworkRoots.delete(root);
    }
  }

  /** An adapter's graph of the project as it is now (built on first use after any change). */
  frameworkGraph<Graph>(adapter: IndexedFramework<Graph, Project>): Graph | null {
    if (!adapter.buildGraph) return null;
    const memo = this.graphs.get(adapter.key);
    if (memo && memo.generation === this.changes) return memo.graph as Graph;
    const graph = adapter.buildGraph(this);
    this.graphs.set(adapter.key, { generation: this.changes, graph });
    return graph;
  }

  /** Files that define `name` at module level. */
  definersOf(name: string, tracker: DependencyTracker): ReadonlySet<string> {
    return this.definitions.definersOf(name, tracker);
  }

  /** Non-Python files that mark a directory as a place Python runs from (alembic.ini). */
  setMarker(path: string, present: boolean): void {
    this.changes++;
    this.surfaceLog.add({ path: null, before: null, after: null, frameworkKeys: new Set(this.frameworkChanges) });
    const dir = dirname(path);
    if (present === this.markerDirs.has(dir)) return;
    if (present) this.markerDirs.add(dir);
    else this.markerDirs.delete(dir);
    this.structureChanged();
  }

  source(path: string): SourceFile | undefined {
    return this.sources.get(path);
  }

  // ---- project files that are not Python (manifests, Dockerfile, Procfile, compose, scripts) --------

  private readonly projectFiles = new Map<string, ProjectFileSummary>();
  private manifestChanges = 0;
  /** Bumped whenever what the manifests declare changes: memos of declared dependencies compare against it. */
  get manifestsVersion(): number {
    return this.manifestChanges;
  }

  /** Adds, replaces or (with null) removes a project file's summary. */
  setProjectFile(path: string, summary: ProjectFileSummary | null): void {
    this.changes++;
    this.surfaceLog.add({ path: null, before: null, after: null, frameworkKeys: new Set(this.frameworkChanges) });
    const before = this.projectFiles.get(path);
    // A nested project's manifest coming or going changes where its files import from.
    if (!before !== !summary && PROJECT_MANIFESTS.some((m) => endsWithPath(path, m))) this.structureChanged();
    if (summary) this.projectFiles.set(path, summary);
    else {
      this.projectFiles.delete(path);
      if (!this.sources.has(path)) this.dependencyRecords.drop(path);
    }
    const declarations = (s: ProjectFileSummary | undefined) =>
      s ? JSON.stringify([s.requirements.map((r) => [r.name, r.extras, r.minVersion ?? null]), s.includes, s.unreadableDeclarations ?? false, s.dynamicDependencies ?? false, s.insertion ?? null, s.locked ?? null]) : '';
    // Files run or loaded by path (`gunicorn -c deploy/prod.py`: a server's config file) are placements too.
    const placements = (f: ProjectFileSummary | undefined) => JSON.stringify([f?.placedElsewhere ?? [], f?.references.filter((r) => r.kind === 'file').map((r) => [r.via, r.target]) ?? [], f?.madeModules ?? []]);
    if (placements(before) !== placements(summary ?? undefined)) {
      this.placedFiles = null;
      this.frameworkChanges.add(PLACEMENTS_KEY);
    }
    if (declarations(before) !== declarations(summary ?? undefined) || !before !== !summary) {
      this.manifestChanges++;
      this.frameworkChanges.add(MANIFESTS_KEY);
    }
  }

  private placedFiles: string[] | null = null;
  /**
   * Whether a Dockerfile or compose file copies or mounts this Python file to another path (it runs there:
   * `docker/config.py` copied to `settings/config.py` imports `.common` from its new folder).
   */
  placedElsewhere(path: string, tracker: DependencyTracker): boolean {
    tracker.add(PLACEMENTS_KEY);
    if (!this.placedFiles) this.placedFiles = [...this.projectFiles.values()].flatMap((f) => f.placedElsewhere ?? []);
    return this.placedFiles.some((p) => endsWithPath(path, p));
  }

  projectFile(path: string): ProjectFileSummary | undefined {
    return this.projectFiles.get(path);
  }

  allProjectFiles(): IterableIterator<[string, ProjectFileSummary]> {
    return this.projectFiles.entries();
  }

  /** Every summarized file. */
  allSources(): IterableIterator<SourceFile> {
    return this.sources.values();
  }

  get fileCount(): number {
    return this.sources.size;
  }

  private structureChanged(): void {
    this.frameworkChanges.add(LAYOUT_KEY);
    this.noteAnySurfaceChange();
    this.rootsCache.clear();
    this.topDirCache.clear();
    this.portionsMemo.clear();
    this.resolved.clear();
    this.resolvedByFile.clear();
    this.recomputeRoots();
    this.symbols.reset();
    this.externalWrites = null;
    this.ownedNamespaces = null;
    this.importedPackages.invalidate();
    this.projectBuiltins = null;
  }

  /** Adapters whose graph reads every surface and the layout (IndexedFramework.recheckOnAnySurfaceChange), unless it says `change` leaves it right. */
  private noteAnySurfaceChange(change?: SurfaceChange | null): void {
    for (const a of this.adapters) if (a.recheckOnAnySurfaceChange && a.graphKey && !(change && a.graphUnaffectedBy?.(this, change))) this.frameworkChanges.add(a.graphKey);
  }

  /** A file's surface changed (`path`); project-wide facts derived from what changed are recomputed. */
  private contentsChanged(path: string, writesChanged: boolean, importsChanged: boolean): void {
    const latest = this.surfaceLog.latest();
    this.noteAnySurfaceChange(latest?.path === path ? latest : null);
    this.symbols.invalidate(moduleKeyOf(path) ?? path, writesChanged);
    if (writesChanged) this.externalWrites = null;
    // A package's `__init__` may start or stop extending its `__path__`: resolutions depend on it.
    if (importsChanged || isPackageInit(path)) {
      // Which namespace folders the project owns follows from its imports; resolutions depend on it.
      this.ownedNamespaces = null;
      this.importedPackages.invalidate();
      this.resolved.clear();
      this.resolvedByFile.clear();
    }
  }

  // ---- dependencies ---------------------------------------------------------------------------------

  /** `tracker`: its keys are kept as they are (never changed afterwards: runChecks hands over recorded sets). */
  recordDependencies(file: string, tracker: { readonly keys: ReadonlySet<string> }): void {
    this.dependencyRecords.record(file, tracker.keys);
  }

  /** The dependency keys a file's last check read (kept between runs by the CLI: host/findingsStore.ts). */
  dependenciesOf(file: string): ReadonlySet<string> | undefined {
    return this.dependencyRecords.keysReadBy(file);
  }

  /** The files whose last check looked at the module `file` (what an edit of its surface re-checks); changes nothing. */
  filesLookingAt(file: string): string[] {
    const key = moduleKeyOf(file);
    if (key === null) return [];
    // Its readers, and those of any of its names (index/nameKeys.ts).
    const out = new Set(this.dependencyRecords.readers(key));
    for (const k of everyNameKey(key, this.dependencyRecords)) for (const f of this.dependencyRecords.readers(k)) out.add(f);
    return [...out];
  }

  /**
   * Files whose diagnostics may change because `changed` files changed what others see of them: every file
   * that looked at their module keys. When files appeared or disappeared (`structural`), also those that
   * looked at a folder above them that just came into existence or vanished (a namespace package).
   */
  dependentsOf(changed: Iterable<string>, structural: boolean): { files: Set<string>; keys: Set<string> } {
    const out = new Set<string>();
    const keys = new Set<string>();
    const add = (key: string) => {
      keys.add(key);
      for (const f of this.dependencyRecords.readers(key)) out.add(f);
    };
    // A module's key, and every key of its names (index/nameKeys.ts): whatever changed of it is unknown here.
    const addModule = (key: string) => {
      add(key);
      for (const k of everyNameKey(key, this.dependencyRecords)) add(k);
    };
    for (const key of this.frameworkChanges) add(key);
    this.frameworkChanges.clear();
    for (const key of this.importedPackages.changedKeys()) add(key);
    for (const key of this.definitions.changedKeys()) add(key);
    // A module whose written names changed answers otherwise about them: its readers, as if it had changed.
    for (const key of this.writeChanges.changedModules(this, (path) => this.sources.get(path))) addModule(key);
    // Files that asked for subclasses whose set just changed (all that asked, when the index was dropped).
    for (const key of this.symbols.refreshSubclassIndex()) {
      if (key !== ANY_SUBCLASS_KEY) add(key);
      else for (const k of this.dependencyRecords.keysRead()) if (k.startsWith(SUBCLASSES_KEY_PREFIX) || k.startsWith(UNRESOLVED_BASE_KEY_PREFIX)) add(k);
    }
    for (const file of changed) {
      const key = moduleKeyOf(file);
      if (key === null) continue;
      add(key);
      // The keys of the names whose parts changed (of all its names when more than names changed).
      for (const k of this.nameChanges.keysFired(key, this.dependencyRecords)) add(k);
      if (!structural) continue;
      add(childrenKey(dirname(key))); // its folder's list of modules (did-you-mean candidates)
      for (let dir = dirname(key); ; dir = dirname(dir)) {
        if (this.modules.directoryWeight(dir) > 1) break; // existed before and after: nobody's view changed
        addModule(dir);
        if (dir === '') break;
      }
    }
    this.nameChanges.clear();
    return { files: out, keys };
  }

  // ---- sys.path -------------------------------------------------------------------------------------

  private recomputeRoots(): void {
    const roots = new Set(this.configuredRoots);
    if (this.modules.hasDirectory('src') && this.modules.locate('src')?.kind !== 'package') roots.add('src');
    for (const dir of this.frameworkRoots) roots.add(dir);
    for (const dir of this.markerDirs) roots.add(dir);
    this.roots = [...roots];
  }

  /** The directories where the project runs from: configured and conventional roots. */
  get sourceRoots(): readonly string[] {
    return this.roots;
  }

  /**
   * sys.path candidates for imports in `file`: the folder of the nested Python project it belongs to (if any),
   * the project's roots, then the folder holding the file's top-level package and every folder above it
   * (where a script or test runner next to it would run).
   */
  candidateRoots(file: string): string[] {
    const dir = this.topPackageDir(file);
    const cached = this.rootsCache.get(dir);
    if (cached) return cached;
    // A folder with its own pyproject.toml/setup.py/setup.cfg is a project of its own: its tests and its
    // package run from there (pytest's rootdir, `pip install -e .`), before any root of a sibling project
    // (polar's SDK tests import the SDK's `polar`, not the server's `polar` that the `server` root holds).
    const nested = this.nestedProjectDir(dir);
    const out = nested ? [nested, ...this.roots.filter((r) => r !== nested)] : [...this.roots];
    for (let d = dir; ; d = dirname(d)) {
      // A regular package's own folder is no import root (`config/` holding `config/django/` does not make
      // `import django` inside `config/settings/x.py` mean the project's folder).
      if (!out.includes(d) && (d === dir || this.modules.locate(d)?.kind !== 'package')) out.push(d);
      if (d === '') break;
    }
    this.rootsCache.set(dir, out);
    return out;
  }

  /** The nearest folder at or above `dir`, other than the workspace's, that holds a Python project's manifest. */
  private nestedProjectDir(dir: string): string | null {
    for (let d = dir; d !== ''; d = dirname(d)) {
      for (const manifest of PROJECT_MANIFESTS) {
        const p = joinPath(d, manifest);
        if (this.projectFiles.has(p) || this.sources.has(p)) return d;
      }
    }
    return null;
  }

  /** The folder holding the top-level package that `file` belongs to (its own folder for a plain script). */
  private topPackageDir(file: string): string {
    const start = dirname(file);
    const cached = this.topDirCache.get(start);
    if (cached !== undefined) return cached;
    let dir = start;
    while (dir !== '' && this.modules.locate(dir)?.kind === 'package') dir = dirname(dir);
    this.topDirCache.set(start, dir);
    return dir;
  }

  // ---- resolution -----------------------------------------------------------------------------------

  private lookupTracked(base: string, segments: string[], tracker: DependencyTracker) {
    let key = base;
    for (const s of segments) {
      key = joinPath(key, s);
      tracker.add(key);
    }
    return this.modules.lookup(base, segments);
  }

  /** Resolves an absolute dotted module path as imported from `file`. */
  resolveAbsolute(file: string, segments: string[], tracker: DependencyTracker): ImportTarget {
    let best: { missingAt: number; parent: ModuleLocation } | null = null;
    // A project module named like a standard one (`logging.py` next to the code) rarely wins at run time:
    // the interpreter has usually imported the real one already. Unknown, not ours.
    if (STDLIB_MODULES.has(segments[0])) return { status: 'unknown' };
    for (const root of this.candidateRoots(file)) {
      const r = this.lookupTracked(root, segments, tracker);
      if (r.status === 'absent') continue;
      // `celery.py` importing `celery` (or `celery.schedules`) means the installed package; a package's
      // `__init__.py` importing its own name (`from pkg import sub`) means itself.
      const top = this.modules.locate(joinPath(root, segments[0]));
      if (top?.file === file && top.kind !== 'package') continue;
      if (top?.kind === 'namespace' && !this.isOwnedNamespace(top.key)) continue;
      if (r.status === 'found') return r;
      if (!best || r.missingAt > best.missingAt) best = r;
    }
    if (best && this.extendsPath(best.parent)) return this.resolveInPortions(best.parent, segments.slice(best.missingAt), tracker) ?? { status: 'missing', ...best };
    return best ? { status: 'missing', ...best } : { status: 'unknown' };
  }

  /**
   * A package whose `__init__` assigns `__path__` (`__path__ = extend_path(__path__, __name__)`, a legacy
   * namespace package) also imports submodules from every same-named folder on sys.path: polar's server
   * package `polar` takes `polar.v2026_04` from its SDK's `polar`, installed from the same repository.
   */
  private extendsPath(location: ModuleLocation): boolean {
    if (location.kind !== 'package' || !location.file) return false;
    const source = this.sources.get(location.file);
    return !!source && this.isBound(source, '__path__');
  }

  /**
   * `rest` looked up in the other portions of `pkg`: the project's other folders of the same dotted name (below
   * any root). Found in one: that module. Absent from all of them: undefined (missing), when the project holds
   * other portions; with none, the portions are installed ones and the answer is unknown.
   */
  private resolveInPortions(pkg: ModuleLocation, rest: string[], tracker: DependencyTracker): ImportTarget | undefined {
    const dotted = this.packageDottedPath(pkg);
    let all = this.portionsMemo.get(dotted);
    if (!all) {
      // A folder of that name inside another package is a subpackage (`polar/integrations/polar`), no portion.
      all = this.modules.foldersNamed(dotted).filter((d) => {
        const root = d.slice(0, Math.max(0, d.length - dotted.length - 1));
        return root === '' || this.modules.locate(root)?.kind !== 'package';
      });
      this.portionsMemo.set(dotted, all);
    }
    const portions = all.filter((d) => d !== pkg.key);
    for (const portion of portions) {
      const r = this.lookupTracked(portion, rest, tracker);
      if (r.status === 'found') return r;
    }
    return portions.length ? undefined : { status: 'unknown' };
  }

  /** The package's path below the root it was found in (`server/polar` → `polar`), as far as its packages go. */
  private packageDottedPath(pkg: ModuleLocation): string {
    let top = pkg.key;
    while (dirname(top) !== '' && this.modules.locate(dirname(top))?.kind === 'package') top = dirname(top);
    const root = dirname(top);
    return root ? pkg.key.slice(root.length + 1) : pkg.key;
  }

  /**
   * A top-level folder without `__init__.py` loses to an installed regular package of the same name
   * (an Alembic script folder named `alembic/`, say). It is the project's own only when some import in
   * the project reaches a real module inside it (`app.core` for `app/`).
   */
  isOwnedNamespace(key: string): boolean {
    const slash = key.lastIndexOf('/');
    const root = slash < 0 ? '' : key.slice(0, slash);
    for (const dotted of this.absoluteImports().get(key.slice(slash + 1)) ?? []) {
      const r = this.modules.lookup(root, dotted.split('.'));
      if (r.status === 'found' && r.location.kind !== 'namespace') return true;
      // `from app.api import routes` where routes is a name of a real module app/api.py…
      if (r.status === 'missing' && r.missingAt >= 1 && r.parent.kind !== 'namespace') return true;
    }
    return false;
  }

  /** Whether any file of the project imports the top-level package `name`. */
  importsPackage(name: string, tracker: DependencyTracker): boolean {
    return this.importedPackages.has(name, tracker);
  }

  private *absoluteImportModules(): Generator<string> {
    // Not absoluteImports(): the paths and names it keeps for isOwnedNamespace cost ten times as much.
    for (const r of this.absoluteImportRecords()) yield r.module;
  }

  /** The project's absolute imports (`import a.b`, `from a.b import c`), file after file. */
  private *absoluteImportRecords(): Generator<ImportRecord & { module: string }> {
    for (const source of this.sources.values()) {
      for (const r of source.summary.imports) if (r.level === 0 && r.module) yield r as ImportRecord & { module: string };
    }
  }

  /** Every absolute import path of the project (with imported names appended), by top-level name. */
  private absoluteImports(): Map<string, Set<string>> {
    if (!this.ownedNamespaces) {
      this.ownedNamespaces = new Map();
      for (const r of this.absoluteImportRecords()) {
        const segments = r.module.split('.');
        let set = this.ownedNamespaces.get(segments[0]);
        if (!set) this.ownedNamespaces.set(segments[0], (set = new Set()));
        if (segments.length > 1) set.add(r.module);
        if (r.kind === 'from') for (const n of r.names) set.add(`${r.module}.${n.name}`);
      }
    }
    return this.ownedNamespaces;
  }

  /** Resolves `from .x import …` (level dots) relative to `file`'s directory. */
  resolveRelative(file: string, level: number, segments: string[], tracker: DependencyTracker): ImportTarget {
    let base = dirname(file);
    for (let i = 1; i < level; i++) {
      if (base === '') return { status: 'unknown' }; // beyond the workspace: not ours to judge
      base = dirname(base);
    }
    if (segments.length === 0) {
      tracker.add(base);
      const loc = base === '' ? null : this.modules.locate(base);
      return loc ? { status: 'found', location: loc } : { status: 'unknown' };
    }
    const r = this.lookupTracked(base, segments, tracker);
    if (r.status === 'found') return r;
    if (r.status === 'missing') return r;
    // The first segment is absent next to the file: certain, since relative imports never leave the package.
    const parent = base === '' ? null : this.modules.locate(base);
    return parent ? { status: 'missing', missingAt: 0, parent } : { status: 'unknown' };
  }

  resolveImport(file: string, record: ImportRecord, tracker: DependencyTracker): ImportTarget {
    return this.resolveModule(file, record.level, record.module, tracker);
  }

  /**
   * resolveImport for a reader of only `names` of the module it finds (`from m import a, b`; #17): instead of that
   * module's own key, it records their name keys (index/nameKeys.ts), and so is re-checked when the module's edit
   * changes one of those names (or more than names). A module whose names no key stands for is recorded whole.
   */
  resolveImportedNames(file: string, record: ImportRecord, names: readonly string[], tracker: DependencyTracker): ImportTarget {
    const entry = this.resolutionOf(file, record.level, record.module);
    if (!entry) return UNKNOWN_TARGET;
    const target = entry.target;
    const own = target.status === 'found' && this.namesHaveKeys(target.location) ? target.location.key : null;
    if (own === null) tracker.addAll(entry.keys);
    else {
      for (const k of entry.keys) if (k !== own) tracker.add(k);
      for (const n of names) tracker.add(nameKey(own, n));
    }
    return target;
  }

  /** Whether a module's names stand for its parts by name keys: one source file at its key (a package or module). */
  namesHaveKeys(location: ModuleLocation): boolean {
    return (location.kind === 'module' || location.kind === 'package') && !!location.file && this.sources.has(location.file) && this.modules.filesAt(location.key) === 1;
  }

  /**
   * `from <level dots><module> import …` as seen from `file` (cached until the layout or imports change).
   * The answer depends on the file only through its folder (relative imports) or the folder its top-level
   * package sits in (absolute ones): keyed so, ten thousand files share a few thousand resolutions.
   */
  resolveModule(file: string, level: number, module: string, tracker: DependencyTracker): ImportTarget {
    const entry = this.resolutionOf(file, level, module);
    if (!entry) return UNKNOWN_TARGET;
    tracker.addAll(entry.keys);
    return entry.target;
  }

  /** resolveModule's answer and the keys it read (undefined: unknown, having read nothing). */
  private resolutionOf(file: string, level: number, module: string): { target: ImportTarget; keys: string[] } | undefined {
    // Per file, a memo of the shared entries: no key strings built on the hot path (edits re-check hundreds).
    let memo = this.resolvedByFile.get(file);
    if (!memo) this.resolvedByFile.set(file, (memo = new Map()));
    const memoKey = level === 0 ? module : `${level}:${module}`;
    let hit = memo.get(memoKey);
    if (!hit) {
      hit = this.resolved.get(level > 0 ? `${dirname(file)}|${level}|${module}` : this.absoluteCacheKey(file, module));
      if (hit) memo.set(memoKey, hit);
    }
    if (hit) return hit;
    const cacheKey = level > 0 ? `${dirname(file)}|${level}|${module}` : this.absoluteCacheKey(file, module);
    const recording = new DependencyTracker();
    const segments = module ? module.split('.') : [];
    // No file system holds a module that deep; following one would cost the square of its length (the fuzzer
    // found a 170,000-segment `import a.x.x.x…` that took minutes).
    if (segments.length > MAX_MODULE_SEGMENTS) return undefined;
    const target = level > 0 ? this.resolveRelative(file, level, segments, recording) : this.resolveAbsolute(file, segments, recording);
    const entry = { target, keys: [...recording.keys] };
    this.resolved.set(cacheKey, entry);
    memo.set(memoKey, entry);
    return entry;
  }

  private absoluteCacheKey(file: string, module: string): string {
    const dot = module.indexOf('.');
    const first = dot < 0 ? module : module.slice(0, dot);
    // A module named like the one it imports (`celery.py` importing `celery`) resolves differently (see
    // resolveAbsolute): such files get an entry of their own.
    const base = file.slice(file.lastIndexOf('/') + 1);
    const selfNamed = base === `${first}.py` || (base === '__init__.py' && (file === `${first}/__init__.py` || file.endsWith(`/${first}/__init__.py`)));
    return `${this.topPackageDir(file)}|0|${module}${selfNamed ? `|${file}` : ''}`;
  }
  /** The module that `from <record> import name` names as a submodule, if there is one. */
  submodule(location: ModuleLocation, name: string, tracker: DependencyTracker): ModuleLocation | null {
    if (location.kind !== 'package' && location.kind !== 'namespace') return null;
    const key = joinPath(location.key, name);
    tracker.add(key);
    const own = this.modules.locate(key);
    if (own || !this.extendsPath(location)) return own;
    const other = this.resolveInPortions(location, [name], tracker);
    // Installed portions only: any submodule may be there (an opaque module says so to name lookups).
    if (other?.status === 'unknown') return { key, kind: 'opaque' };
    return other?.status === 'found' ? other.location : null;
  }

  // ---- namespaces -----------------------------------------------------------------------------------

  /** The module-level bindings of `name` in a file. */
  bindingsOf(source: SourceFile, name: string): ModuleBinding[] {
    return this.bindingIndex(source).get(name) ?? NO_BINDINGS;
  }

  private bindingIndex(source: SourceFile): Map<string, ModuleBinding[]> {
    return moduleBindingIndex(source);
  }

  /** The top-level classes (their indexes) and module-level functions named `name` in a file. */
  definedIn(source: SourceFile, name: string): { classes: number[]; functions: FunctionInfo[] } {
    return moduleDefinitions(source, name);
  }

  /** Whether `name` is bound at module level in the file. */
  isBound(source: SourceFile, name: string): boolean {
    return this.bindingsOf(source, name).length > 0;
  }

  /** Every name bound at module level in the file. */
  boundNames(source: SourceFile): IterableIterator<string> {
    return this.bindingIndex(source).keys();
  }

  /** namesOf's answers since the last change (the dependents an edit re-checks ask about the same modules). */
  private namesMemo: { generation: number; byLocation: Map<string, ReadonlySet<string>> } = { generation: -1, byLocation: new Map() };

  /** Every attribute name the module at `location` visibly offers: its bindings and submodules (did-you-mean). */
  namesOf(location: ModuleLocation, tracker: DependencyTracker): ReadonlySet<string> {
    tracker.add(childrenKey(location.key));
    tracker.add(namesKey(location.key)); // (its names' set: a reader that recorded only some names' keys lists them all here)
    if (this.namesMemo.generation !== this.changes) this.namesMemo = { generation: this.changes, byLocation: new Map() };
    const memoKey = `${location.key}\n${location.file ?? ''}`;
    const memo = this.namesMemo.byLocation.get(memoKey);
    if (memo) return memo;
    const names = new Set(this.modules.childNames(location.key, tracker));
    const source = location.file ? this.sources.get(location.file) : undefined;
    if (source) for (const n of this.boundNames(source)) names.add(n);
    this.namesMemo.byLocation.set(memoKey, sharedCandidates(names));
    return names;
  }

  /** Whether the module at `location` has attribute `name` once imported. */
  nameStatus(location: ModuleLocation, name: string, tracker: DependencyTracker): NameStatus {
    return moduleNameStatus(this, location, name, tracker, false);
  }

  /** nameStatus, recording the name's key instead of the module's (see resolveImportedNames). */
  importedNameStatus(location: ModuleLocation, name: string, tracker: DependencyTracker): NameStatus {
    return moduleNameStatus(this, location, name, tracker, false, this.namesHaveKeys(location));
  }

  /** Whether `from <location> import *` binds `name`. */
  starExportStatus(location: ModuleLocation, name: string, tracker: DependencyTracker): NameStatus {
    return moduleNameStatus(this, location, name, tracker, true);
  }

  /** Attributes assigned from outside (`import m; m.x = 1`): they exist for readers elsewhere. */
  writtenAttributes(moduleKey: string): Set<string> {
    if (!this.externalWrites) this.externalWrites = collectModuleWrites(this, this.sources.values());
    return this.externalWrites.get(moduleKey) ?? EMPTY;
  }

  /** Names that act as builtins project-wide (`_` after `gettext.install()`). */
  extraBuiltins(): Set<string> {
    if (!this.projectBuiltins) {
      this.projectBuiltins = new Set();
      for (const s of this.sources.values()) if (s.summary.installsGettext) this.projectBuiltins.add('_');
    }
    return this.projectBuiltins;
  }

  isBuiltin(name: string): boolean {
    return PYTHON_BUILTINS.has(name) || this.extraBuiltins().has(name);
  }

  /**
   * The module a name refers to when every binding of it is an import of a module:
   * `import a.b` binds `a`; `import a.b as m` and `from a import b` (b a submodule) bind that module.
   */
  moduleOfRoot(source: SourceFile, root: string, binding: 'global' | number, tracker: DependencyTracker): ModuleLocation | null {
    return moduleOfRoot(this, source, root, binding, tracker);
  }

  /**
   * The dotted name under which the module at `key` is imported from `fromFile` (for "add import" fixes):
   * through the deepest root whose top-level name the project already imports, else the deepest root.
   */
  dottedName(key: string, fromFile: string): string | null {
    const used = this.absoluteImports();
    let best: { name: string; used: boolean; rootLength: number } | null = null;
    for (const root of this.candidateRoots(fromFile)) {
      if (root !== '' && !key.startsWith(root + '/')) continue;
      const rel = root === '' ? key : key.slice(root.length + 1);
      const parts = rel.split('/');
      if (!rel || !parts.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) continue;
      const candidate = { name: parts.join('.'), used: used.has(parts[0]), rootLength: root.length };
      if (!best || (candidate.used && !best.used) || (candidate.used === best.used && candidate.rootLength > best.rootLength)) best = candidate;
    }
    return best?.name ?? null;
  }

}

const EMPTY: Set<string> = new Set();
const UNKNOWN_TARGET: ImportTarget = Object.freeze({ status: 'unknown' }) as ImportTarget;

function normalizeRoot(root: string): string {
  let r = root.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  if (r === '.') r = '';
  return r;
}
