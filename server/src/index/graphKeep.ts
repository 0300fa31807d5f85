// What decides whether a model graph built from surfaces (Django's, SQLAlchemy's) is still right after a surface
// change (#17): the keys its build read, and the part of a file that can make or change a model.
import type { FileSummary, ImportRecord } from '../syntax/summary';
import { DEFINERS_KEY_PREFIX } from './definitions';
import { DependencyTracker } from './dependencyTracker';
import type { SurfaceChange } from './frameworkParts';
import { IMPORTS_PACKAGE_KEY_PREFIX } from './importedPackages';
import { CHILDREN_KEY_PREFIX, moduleKeyOf } from './moduleIndex';
import { changeScope, classShape, importShape, moduleOfNameKey, NAME_PREFIX, NAMES_PREFIX, surfaceParts, type SurfaceParts } from './nameKeys';
import type { ImportTarget, SourceFile } from './sources';
import { SUBCLASSES_KEY_PREFIX, UNRESOLVED_BASE_KEY_PREFIX } from './symbols';

/** Keys of what surface changes of one file cannot change unless that file's imports, bindings or classes do. */
const SHAPE_BOUND_PREFIXES = [SUBCLASSES_KEY_PREFIX, IMPORTS_PACKAGE_KEY_PREFIX];

/** The keys a build read, by what they are about. */
class BuildReads {
  /** Modules it read as a whole (a module key, its name set, its submodules). */
  readonly modules = new Set<string>();
  /** Module-level names it read, by module (`#name:m:x`). */
  readonly names = new Map<string, Set<string>>();
  /** Names it looked for among module-level definers (or among bases no project class resolves). */
  readonly definers = new Set<string>();
  /** Keys of project-wide facts (adapters' graphs, layout, manifests): any change noting one is not kept across. */
  readonly facts = new Set<string>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const module = moduleOfNameKey(key);
      if (module !== null) {
        let names = this.names.get(module);
        if (!names) this.names.set(module, (names = new Set()));
        names.add(key.slice(NAME_PREFIX.length + module.length + 1));
      } else if (key.startsWith(DEFINERS_KEY_PREFIX)) this.definers.add(key.slice(DEFINERS_KEY_PREFIX.length));
      else if (key.startsWith(UNRESOLVED_BASE_KEY_PREFIX)) this.definers.add(key.slice(UNRESOLVED_BASE_KEY_PREFIX.length));
      else if (key.startsWith(NAMES_PREFIX)) this.modules.add(key.slice(NAMES_PREFIX.length));
      else if (key.startsWith(CHILDREN_KEY_PREFIX)) this.modules.add(key.slice(CHILDREN_KEY_PREFIX.length));
      else if (SHAPE_BOUND_PREFIXES.some((p) => key.startsWith(p))) continue;
      else if (key.startsWith('#')) this.facts.add(key);
      else this.modules.add(key);
    }
  }
}

/** What a graph's builds read (they read through `tracker`), to judge the surface changes after the last one. */
export class GraphReads {
  tracker = new DependencyTracker();
  private reads: { size: number; reads: BuildReads } | null = null;
  private built = false;
  private readonly factsMemo = new WeakMap<FileSummary, string>();

  /** `factsOf`: the adapter's part of a file's surface, which the graph reads too. */
  constructor(private readonly factsOf: (summary: FileSummary) => unknown) {}

  /**
   * Runs a build so that every key it reads reaches `tracker`: none from the checked file (Symbols records no key of
   * its names) or from an item's memo; the modules star imports read count as read (readStarTargets).
   */
  record(project: GraphProject, build: () => void): void {
    const symbols = project.symbols;
    const checking = symbols.checkingFile;
    symbols.beginFile();
    this.tracker = new DependencyTracker();
    this.reads = null;
    try {
      build();
      readStarTargets(project, this.tracker);
      this.built = true;
    } finally {
      symbols.beginFile(checking);
    }
  }

  /** Whether the last build is still right after `change` (graphUnaffectedBy, the file's part alike); false before any build. */
  unaffectedBy(change: SurfaceChange, holds: (path: string) => boolean): boolean {
    if (!this.built) return false;
    // (Answers computed after the build may have read through the tracker too.)
    if (this.reads?.size !== this.tracker.keys.size) this.reads = { size: this.tracker.keys.size, reads: new BuildReads(this.tracker.keys) };
    return graphUnaffectedBy(change, this.reads.reads, holds) && this.facts(change.before) === this.facts(change.after);
  }

  private facts(summary: FileSummary | null): string {
    if (!summary) return '';
    let facts = this.factsMemo.get(summary);
    if (facts === undefined) this.factsMemo.set(summary, (facts = JSON.stringify(this.factsOf(summary))));
    return facts;
  }
}

interface GraphProject extends StarReader {
  readonly symbols: { readonly checkingFile: SourceFile | undefined; beginFile(file?: SourceFile): void };
}

/** Whether a version of a file binds `name` at module level (null: no version). */
function definesName(summary: FileSummary | null, name: string): boolean {
  return !!summary?.moduleBindings.some((b) => b.name === name);
}

/**
 * What of a file the model graph can depend on besides other files' keys: its classes, imports, module-level bindings
 * other than functions, and what it writes into modules and classes. An edit that changes none of it changed
 * module-level functions alone (a function named like another binding counts: it shadows it).
 */
function graphShape(summary: FileSummary | null): string {
  if (!summary) return '';
  // (Asked of the same summaries when the key is noted and when the graph is next built, by each graph.)
  let shape = graphShapes.get(summary);
  if (shape === undefined) graphShapes.set(summary, (shape = graphShapeOf(summary)));
  return shape;
}

const graphShapes = new WeakMap<FileSummary, string>();

function graphShapeOf(summary: FileSummary): string {
  const nonFunctions = new Set(summary.moduleBindings.filter((b) => b.kind !== 'def').map((b) => b.name));
  return JSON.stringify([
    summary.unparsed ?? null,
    summary.hasErrorNodes,
    summary.classes.map(classShape),
    summary.imports.map((i) => importShape(i, null)),
    summary.moduleBindings.filter((b) => b.kind !== 'def' || nonFunctions.has(b.name)).map((b) => [b.name, b.kind, b.hint ?? null]),
    summary.attributeWrites,
    summary.classAttributeWrites ?? null,
    summary.moduleAttributeRefs.filter((r) => r.write).map((r) => [r.root, r.steps.map((s) => s.name)]),
    summary.dunderAll,
    summary.dynamicGlobals,
    summary.hasModuleGetattr,
  ]);
}

/**
 * Whether a graph whose build read `reads` and holds the classes of the files `holds` says is still right after
 * `change`: a file it holds no class of, whose module it read nothing of, changed its module-level functions alone
 * (graphShape), defining no name it looked for, noting no key of a fact it read.
 */
function graphUnaffectedBy(change: SurfaceChange, reads: BuildReads, holds: (path: string) => boolean): boolean {
  const { path, before, after } = change;
  const module = path === null ? null : moduleKeyOf(path);
  return (
    path !== null &&
    !holds(path) &&
    !reads.modules.has(module ?? '') &&
    !namesAffected(reads.names.get(module ?? ''), before, after) &&
    ![...reads.facts].some((key) => change.frameworkKeys.has(key)) &&
    ![...reads.definers].some((name) => definesName(before, name) !== definesName(after, name)) &&
    graphShape(before) === graphShape(after)
  );
}

/**
 * Records the modules star imports read as read by a build: what a name such an import binds stands for outside
 * the project (a model's base, a field's class) is read through them without a key (Symbols.externalName).
 */
function readStarTargets(project: StarReader, tracker: DependencyTracker): void {
  for (const file of project.allSources()) {
    for (const record of file.summary.imports) {
      if (!record.star) continue;
      const target = project.resolveImport(file.path, record, tracker);
      if (target.status === 'found') tracker.add(target.location.key);
    }
  }
}

interface StarReader {
  allSources(): Iterable<SourceFile>;
  resolveImport(from: string, record: ImportRecord, tracker: DependencyTracker): ImportTarget;
}

/**
 * Whether an edit that changed functions alone (graphShape) changed what reading one of `names` gives: nameKeys'
 * changeScope, as name-keyed readers of other files are judged (a name whose part mentions a changed one changed).
 */
function namesAffected(names: ReadonlySet<string> | undefined, before: FileSummary | null, after: FileSummary | null): boolean {
  if (!names?.size) return false;
  if (!before || !after) return true;
  const scope = changeScope({ parts: partsOf(before), summary: before }, { parts: partsOf(after), summary: after });
  return scope === 'all' || [...names].some((name) => scope.names.has(name));
}

/** A summary's surface parts without the adapters' (GraphReads compares the graph's adapter part on its own). */
function partsOf(summary: FileSummary): SurfaceParts {
  let parts = summaryParts.get(summary);
  if (!parts) summaryParts.set(summary, (parts = surfaceParts(summary, [])));
  return parts;
}

const summaryParts = new WeakMap<FileSummary, SurfaceParts>();
