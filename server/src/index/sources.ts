// A project's source files as the index keeps them (summary, surface and lazily built name tables), and what
// the resolvers below Project (Symbols, moduleNameStatus) ask of the project: they take it as ProjectLookups,
// which Project implements, so that this file and theirs need nothing of project.ts.
import type { FileSummary, FunctionInfo, ImportRecord, ModuleBinding } from '../syntax/summary';
import type { DependencyTracker } from './dependencyTracker';
import type { IndexedFramework } from './frameworkParts';
import { surfaceParts, surfaceString, type SurfaceParts } from './nameKeys';
import type { ModuleLocation } from './moduleIndex';

export interface SourceFile {
  path: string;
  summary: FileSummary;
  /**
   * What other files can see of this one; an edit that keeps it leaves dependents' diagnostics unchanged.
   * This and the two keys below are computed when first compared (see comparisonKeys): a cold start
   * compares nothing.
   */
  surface?: string;
  /** The surface in parts (index/nameKeys.ts), computed with it. */
  parts?: SurfaceParts;
  /** Module-level bindings by name (computed on first use). */
  bindingsByName?: Map<string, ModuleBinding[]>;
  /** Top-level classes (indexes into summary.classes) and module-level functions by name (on first use). */
  definedByName?: Map<string, { classes: number[]; functions: FunctionInfo[] }>;
  /** Attribute writes this file makes on other objects (what `writtenAttributes` and friends read). */
  writes?: string;
  /** The modules and names it imports (what isOwnedNamespace reads). */
  importsKey?: string;
}

/** The answer for a name a file does not bind, shared (never written: readers only test and iterate it). */
export const NO_BINDINGS: ModuleBinding[] = [];

/** A file's module-level bindings by name, built on first use and kept on the file (shared by every reader). */
export function moduleBindingIndex(source: SourceFile): Map<string, ModuleBinding[]> {
  if (!source.bindingsByName) {
    source.bindingsByName = new Map();
    for (const b of source.summary.moduleBindings) {
      const list = source.bindingsByName.get(b.name);
      if (list) list.push(b);
      else source.bindingsByName.set(b.name, [b]);
    }
  }
  return source.bindingsByName;
}

/** The top-level classes (their indexes) and module-level functions named `name` in a file (table built on first use). */
export function moduleDefinitions(source: SourceFile, name: string): { classes: number[]; functions: FunctionInfo[] } {
  if (!source.definedByName) {
    const map = new Map<string, { classes: number[]; functions: FunctionInfo[] }>();
    const entry = (n: string) => {
      let e = map.get(n);
      if (!e) map.set(n, (e = { classes: [], functions: [] }));
      return e;
    };
    source.summary.classes.forEach((c, index) => {
      if (c.topLevel) entry(c.name).classes.push(index);
    });
    for (const f of source.summary.functions) entry(f.name).functions.push(f);
    source.definedByName = map;
  }
  return source.definedByName.get(name) ?? NOTHING_DEFINED;
}

const NOTHING_DEFINED: { classes: number[]; functions: FunctionInfo[] } = Object.freeze({ classes: [], functions: [] }) as never;

export type ImportTarget =
  | { status: 'found'; location: ModuleLocation }
  | { status: 'missing'; missingAt: number; parent: ModuleLocation }
  | { status: 'unknown' };

export type NameStatus = 'yes' | 'no' | 'unknown';

/** A project class: its file and its index in the file's summary.classes. */
export interface ClassRef {
  file: SourceFile;
  index: number;
}

/** What name resolution across files asks of the project index (index/project.ts's Project answers it). */
export interface ProjectLookups {
  source(path: string): SourceFile | undefined;
  allSources(): IterableIterator<SourceFile>;
  resolveImport(file: string, record: ImportRecord, tracker: DependencyTracker): ImportTarget;
  /** resolveImport for a reader of only `names` of the module it finds: their name keys instead of its key (index/nameKeys.ts). */
  resolveImportedNames(file: string, record: ImportRecord, names: readonly string[], tracker: DependencyTracker): ImportTarget;
  submodule(location: ModuleLocation, name: string, tracker: DependencyTracker): ModuleLocation | null;
  bindingsOf(source: SourceFile, name: string): ModuleBinding[];
  definedIn(source: SourceFile, name: string): { classes: number[]; functions: FunctionInfo[] };
  isBound(source: SourceFile, name: string): boolean;
  starExportStatus(location: ModuleLocation, name: string, tracker: DependencyTracker): NameStatus;
  writtenAttributes(moduleKey: string): Set<string>;
  moduleOfRoot(source: SourceFile, root: string, binding: 'global' | number, tracker: DependencyTracker): ModuleLocation | null;
}


/**
 * The surface of a summary: names and shapes only, no positions, so body edits do not change it. Framework
 * adapters add their parts (index/frameworkParts.ts). Made of the parts index/nameKeys.ts splits it into.
 */
export function surfaceOf(summary: FileSummary, adapters: readonly IndexedFramework[] = NO_ADAPTERS): string {
  return surfaceString(surfaceParts(summary, adapters));
}

/** A file's surface in parts (one per module-level name, and the rest), computed once per file version. */
export function partsOf(source: SourceFile, adapters: readonly IndexedFramework[]): SurfaceParts {
  return (source.parts ??= surfaceParts(source.summary, adapters));
}

export const NO_ADAPTERS: readonly IndexedFramework[] = [];

/** A file's surface, writes and imports keys (computed once per file version). */
export function comparisonKeys(source: SourceFile, adapters: readonly IndexedFramework[]): Required<Pick<SourceFile, 'surface' | 'writes' | 'importsKey'>> {
  const summary = source.summary;
  source.surface ??= surfaceString(partsOf(source, adapters));
  source.writes ??= JSON.stringify([summary.attributeWrites, summary.moduleAttributeRefs.filter((r) => r.write).map((r) => [r.root, r.binding, r.steps.map((st) => st.name)])]);
  source.importsKey ??= JSON.stringify(summary.imports.map((i) => [i.level, i.module, i.names.map((n) => n.name)]));
  return { surface: source.surface, writes: source.writes, importsKey: source.importsKey };
}
