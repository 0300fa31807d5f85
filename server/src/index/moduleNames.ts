// Whether a project module has a name once imported, and whether `from m import *` binds it: through its
// bindings, attributes written from outside, submodules, and the star imports it re-exports.
import type { ModuleLocation } from './moduleIndex';
import type { DependencyTracker } from './dependencyTracker';
import { nameKey } from './nameKeys';
import type { NameStatus, ProjectLookups, SourceFile } from './sources';

/** Attributes every module object has. */
const MODULE_DUNDERS = new Set(['__name__', '__file__', '__doc__', '__spec__', '__loader__', '__package__', '__dict__', '__builtins__', '__cached__', '__annotations__']);

interface Frame {
  location: ModuleLocation;
  source: SourceFile;
  /** Reached through a star import: its answer is a star export status. */
  viaStar: boolean;
  /** The next import record to look at. */
  next: number;
  result: NameStatus;
}

/**
 * Project.nameStatus (`viaStar` false) or Project.starExportStatus, following star imports with an explicit
 * stack: re-export chains can be thousands of modules long. A module reached twice is answered once; one
 * reached again while its own answer is pending (a star-import cycle) is unknown.
 * `byName`: the start module's answer is recorded by the name's key (index/nameKeys.ts), not the module's: what it
 * reads of that module besides the name's part (its star imports, `__all__`, flags) is in the module's rest.
 */
export function moduleNameStatus(project: ProjectLookups, start: ModuleLocation, name: string, tracker: DependencyTracker, viaStar: boolean, byName = false): NameStatus {
  // Most names are the module's own (bound, written, a submodule): answered without the walk's tables.
  const own = viaStar ? undefined : ownNameStatus(project, start, name, tracker, byName);
  if (own !== undefined) return own;
  const answered = new Map<string, NameStatus>();
  const pending = new Set<string>();
  const stack: Frame[] = [];
  // A module's answer when it needs no star import followed; otherwise its frame is pushed (undefined).
  const open = (location: ModuleLocation, star: boolean): NameStatus | undefined => {
    if (star) {
      const direct = starExportDirect(project, location, name);
      if (direct) return direct;
    }
    let status = ownNameStatus(project, location, name, tracker, byName && location === start);
    if (status === undefined) {
      const known = answered.get(location.key);
      if (known) status = known;
      else if (pending.has(location.key)) status = 'unknown';
      else {
        const source = project.source(location.file!)!;
        const s = source.summary;
        pending.add(location.key);
        stack.push({ location, source, viaStar: star, next: 0, result: s.unparsed || s.hasErrorNodes || s.hasModuleGetattr || s.dynamicGlobals ? 'unknown' : 'no' });
        return undefined;
      }
    }
    return star ? starExportOfStatus(project, location, name, status, tracker) : status;
  };
  let answer = open(start, viaStar);
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (answer !== undefined) frame.result = merge(frame.result, answer);
    answer = undefined;
    const imports = frame.source.summary.imports;
    while (frame.next < imports.length && frame.result !== 'yes') {
      const record = imports[frame.next++];
      if (!record.star) continue;
      const target = project.resolveImport(frame.source.path, record, tracker);
      if (target.status !== 'found') {
        frame.result = 'unknown';
        continue;
      }
      const status = open(target.location, true);
      if (status === undefined) break; // its frame is on the stack now
      frame.result = merge(frame.result, status);
    }
    if (stack[stack.length - 1] !== frame) continue;
    stack.pop();
    pending.delete(frame.location.key);
    answered.set(frame.location.key, frame.result);
    answer = frame.viaStar ? starExportOfStatus(project, frame.location, name, frame.result, tracker) : frame.result;
  }
  return answer!;
}

/** A module's answer with one more star import's: 'yes' wins, then 'unknown'. */
function merge(into: NameStatus, status: NameStatus): NameStatus {
  if (status === 'yes' || into === 'yes') return 'yes';
  return status === 'unknown' ? 'unknown' : into;
}

/** What the module itself says about `name`; undefined when its star imports decide. */
function ownNameStatus(project: ProjectLookups, location: ModuleLocation, name: string, tracker: DependencyTracker, byName: boolean): NameStatus | undefined {
  tracker.add(byName ? nameKey(location.key, name) : location.key);
  if (MODULE_DUNDERS.has(name) || (name === '__path__' && location.kind !== 'module')) return 'yes';
  const source = location.file ? project.source(location.file) : undefined;
  // Bound names first (the common case); the module key tracked above covers their changes.
  if (source && project.isBound(source, name)) return 'yes';
  if (project.writtenAttributes(location.key).has(name)) return 'yes';
  if (project.submodule(location, name, tracker)) return 'yes';
  if (location.kind === 'opaque') return 'unknown';
  if (location.kind === 'namespace') return 'no';
  if (!source) return 'unknown';
  return undefined;
}

/** The star export status where `__all__`, privacy or the module's kind decide without its namespace. */
function starExportDirect(project: ProjectLookups, location: ModuleLocation, name: string): NameStatus | undefined {
  const source = location.file ? project.source(location.file) : undefined;
  if (location.kind === 'opaque' || (location.kind !== 'namespace' && !source)) return 'unknown';
  const all = source?.summary.dunderAll;
  if (all && !all.dynamic) return all.names.includes(name) ? 'yes' : 'no';
  if (all?.dynamic) return 'unknown';
  if (name.startsWith('_')) return 'no';
  if (location.kind === 'namespace') return 'no';
  return undefined;
}

/** The star export status from the module's name status. */
function starExportOfStatus(project: ProjectLookups, location: ModuleLocation, name: string, status: NameStatus, tracker: DependencyTracker): NameStatus {
  // A submodule is exported only if something imported it into the package namespace (bound name).
  const source = project.source(location.file!)!;
  if (status === 'yes' && !project.isBound(source, name) && project.submodule(location, name, tracker)) return 'unknown';
  return status;
}
