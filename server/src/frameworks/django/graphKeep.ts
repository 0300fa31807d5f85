// What decides whether the Django model graph survives a surface change (models.ts keepAcross, #17): the keys its
// build read, and the part of a file that can make or change a model.
import type { FileSummary } from '../../syntax/summary';
import { classShape, importShape, moduleOfKey } from '../../index/nameKeys';

const DEFINERS_PREFIX = '#definers:';
const UNRESOLVED_BASE_PREFIX = '#unresolved-base:';
/** Keys of what surface changes of one file cannot change unless that file's imports, bindings or classes do. */
const SHAPE_BOUND_PREFIXES = ['#subclasses:', '#imports-package:'];
const NAMES_PREFIX = '#names:';
const CHILDREN_PREFIX = '#children:';

/** The keys a build read, by what they are about. */
export class BuildReads {
  /** Modules it read something of (a module key, one of its names, its name set, its submodules). */
  readonly modules = new Set<string>();
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
      else if (key.startsWith('#') && !key.startsWith('#name:')) this.facts.add(key);
      else this.modules.add(moduleOfKey(key));
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
