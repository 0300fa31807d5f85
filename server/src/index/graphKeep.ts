// What decides whether a model graph built from surfaces (Django's, SQLAlchemy's) is still right after a surface
// change (#17): the keys its build read, and the part of a file that can make or change a model.
import type { FileSummary, ImportRecord } from '../syntax/summary';
import type { DependencyTracker } from './dependencyTracker';
import { moduleKeyOf } from './moduleIndex';
import { classShape, importShape, moduleOfKey, signatureShape } from './nameKeys';
import type { ImportTarget, SourceFile } from './sources';
import type { SurfaceChange } from './frameworkParts';

const DEFINERS_PREFIX = '#definers:';
const UNRESOLVED_BASE_PREFIX = '#unresolved-base:';
/** Keys of what surface changes of one file cannot change unless that file's imports, bindings or classes do. */
const SHAPE_BOUND_PREFIXES = ['#subclasses:', '#imports-package:'];
const NAMES_PREFIX = '#names:';
const CHILDREN_PREFIX = '#children:';

const NAME_PREFIX = '#name:';

/** The keys a build read, by what they are about. */
export class BuildReads {
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
      if (key.startsWith(DEFINERS_PREFIX)) this.definers.add(key.slice(DEFINERS_PREFIX.length));
      else if (key.startsWith(UNRESOLVED_BASE_PREFIX)) this.definers.add(key.slice(UNRESOLVED_BASE_PREFIX.length));
      else if (key.startsWith(NAMES_PREFIX)) this.modules.add(key.slice(NAMES_PREFIX.length));
      else if (key.startsWith(CHILDREN_PREFIX)) this.modules.add(key.slice(CHILDREN_PREFIX.length));
      else if (SHAPE_BOUND_PREFIXES.some((p) => key.startsWith(p))) continue;
      else if (key.startsWith(NAME_PREFIX)) {
        const module = moduleOfKey(key);
        let names = this.names.get(module);
        if (!names) this.names.set(module, (names = new Set()));
        names.add(key.slice(NAME_PREFIX.length + module.length + 1));
      } else if (key.startsWith('#')) this.facts.add(key);
      else this.modules.add(key);
    }
  }
}

/** Whether a version of a file binds `name` at module level (null: no version). */
export function definesName(summary: FileSummary | null, name: string): boolean {
  return !!summary?.moduleBindings.some((b) => b.name === name);
}

/**
 * What of a file the model graph can depend on besides other files' keys: its classes, imports, module-level bindings
 * other than functions, and what it writes into modules and classes. An edit that changes none of it changed
 * module-level functions alone (a function named like another binding counts: it shadows it).
 */
export function graphShape(summary: FileSummary | null): string {
  if (!summary) return '';
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
export function graphUnaffectedBy(change: SurfaceChange, reads: BuildReads, holds: (path: string) => boolean): boolean {
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
export function readStarTargets(project: StarReader, tracker: DependencyTracker): void {
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
 * Whether an edit that changed functions alone (graphShape) changed what reading one of `names` gives: a function
 * read, or one a read name's definition mentions (a decorator, a call giving its value), transitively.
 */
function namesAffected(names: ReadonlySet<string> | undefined, before: FileSummary | null, after: FileSummary | null): boolean {
  if (!names?.size) return false;
  const changed = new Set<string>();
  const signatures = (s: FileSummary | null) => new Map((s?.functions ?? []).map((f) => [f.name, JSON.stringify(signatureShape(f))]));
  const a = signatures(before);
  const b = signatures(after);
  for (const name of new Set([...a.keys(), ...b.keys()])) if (a.get(name) !== b.get(name)) changed.add(name);
  if (!changed.size) return false;
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (changed.has(name)) return true;
    for (const s of [before, after]) for (const token of namePart(s, name).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (!seen.has(token)) queue.push(token);
  }
  return false;
}

/** What a module-level name's definitions say in one version of a file (bindings, classes, functions of that name). */
function namePart(s: FileSummary | null, name: string): string {
  if (!s) return '';
  return JSON.stringify([
    s.moduleBindings.filter((b) => b.name === name).map((b) => [b.kind, b.hint ?? null, b.importIndex === undefined ? null : importShape(s.imports[b.importIndex], name)]),
    s.classes.filter((c) => c.topLevel && c.name === name).map(classShape),
    s.functions.filter((f) => f.name === name).map(signatureShape),
  ]);
}
