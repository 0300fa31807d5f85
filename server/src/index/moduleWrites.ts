// Attributes that files set on other modules (`import config; config.DEBUG = True`): a module's name exists if
// any file writes it (moduleNames.ts), so the answers about module X depend on every writer of X. Which
// modules' written names changed after an edit is tracked here: their readers are checked again.
import { mayHoldJson } from '../syntax/lazyFields';
import { DependencyTracker } from './dependencyTracker';
import { joinPath, type ModuleIndex, type ModuleLocation } from './moduleIndex';
import type { SourceFile } from './sources';
import type { FileSummary } from '../syntax/summary';

/** What finding a write's target asks of the project (Project implements it). */
export interface WriteTargets {
  moduleOfRoot(source: SourceFile, root: string, binding: 'global' | number, tracker: DependencyTracker): ModuleLocation | null;
  readonly modules: Pick<ModuleIndex, 'locate'>;
}

/** The module attributes `source` writes, as [module key, attribute name]. */
export function moduleWritesOf(project: WriteTargets, source: SourceFile): [string, string][] {
  // Few files write another module's attributes: the others' lists, still text, need not be parsed to say so.
  if (!mayHoldJson(source.summary, 'moduleAttributeRefs', '"write":true')) return [];
  const out: [string, string][] = [];
  const scratch = new DependencyTracker();
  for (const ref of source.summary.moduleAttributeRefs) {
    if (!ref.write) continue;
    const target = project.moduleOfRoot(source, ref.root, ref.binding, scratch);
    if (!target) continue;
    // Walk through submodules to the module whose attribute is written.
    let loc: ModuleLocation | null = target;
    for (let i = 0; i < ref.steps.length - 1 && loc; i++) loc = project.modules.locate(joinPath(loc.key, ref.steps[i].name));
    if (loc) out.push([loc.key, ref.steps[ref.steps.length - 1].name]);
  }
  return out;
}

/** Whether a summary writes an attribute of something it imported (perhaps a module's). */
function writesAnyModule(summary: FileSummary | null): boolean {
  return !!summary && mayHoldJson(summary, 'moduleAttributeRefs', '"write":true') && summary.moduleAttributeRefs.some((r) => r.write);
}

/** Module key → the attribute names other files write on it. */
export function collectModuleWrites(project: WriteTargets, sources: Iterable<SourceFile>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const [key, name] of moduleWritesOf(project, source)) {
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      set.add(name);
    }
  }
  return out;
}

/**
 * Files changed since the last question, with the writes their previous version made (taken before the
 * change: the index answers for that version then). Asked, it says which modules' written names moved.
 */
export class WriteChanges {
  private readonly before = new Map<string, [string, string][]>();

  /** `previous`: the file's version being replaced or removed (none for a new file); `next`: its summary now (null: gone). */
  noteChange(project: WriteTargets, path: string, previous: SourceFile | undefined, next: FileSummary | null): void {
    if (this.before.has(path)) return; // the oldest version since the last question is the one to compare with
    const before = previous ? moduleWritesOf(project, previous) : [];
    if (before.length === 0 && !writesAnyModule(next)) return; // (a cold start's files: nothing to compare)
    this.before.set(path, before);
  }

  /** The keys of modules whose written names changed (`current`: each file's version now, if any); forgets them. */
  changedModules(project: WriteTargets, current: (path: string) => SourceFile | undefined): Set<string> {
    const changed = new Set<string>();
    for (const [path, before] of this.before) {
      const source = current(path);
      const after = source ? moduleWritesOf(project, source) : [];
      if (before.length === 0 && after.length === 0) continue;
      const pairs = (writes: [string, string][]) => new Set(writes.map(([key, name]) => `${key}\u0000${name}`));
      const [b, a] = [pairs(before), pairs(after)];
      for (const [key, name] of before) if (!a.has(`${key}\u0000${name}`)) changed.add(key);
      for (const [key, name] of after) if (!b.has(`${key}\u0000${name}`)) changed.add(key);
    }
    this.before.clear();
    return changed;
  }
}
