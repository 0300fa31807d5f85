// The module a module-level name stands for when every binding of it imports a module (Project.moduleOfRoot).
import { DependencyTracker } from './dependencyTracker';
import type { ModuleLocation } from './moduleIndex';
import type { ImportTarget, ProjectLookups, SourceFile } from './sources';

/** What moduleOfRoot asks of the project (index/project.ts's Project). */
export interface RootLookups extends Pick<ProjectLookups, 'source' | 'bindingsOf' | 'isBound' | 'resolveImport' | 'submodule'> {
  resolveModule(file: string, level: number, module: string, tracker: DependencyTracker): ImportTarget;
}

/**
 * The module a name refers to when every binding of it is an import of a module:
 * `import a.b` binds `a`; `import a.b as m` and `from a import b` (b a submodule) bind that module.
 */
export function moduleOfRoot(project: RootLookups, source: SourceFile, root: string, binding: 'global' | number, tracker: DependencyTracker): ModuleLocation | null {
  const s = source.summary;
  let indexes: number[];
  if (binding === 'global') {
    const bindings = project.bindingsOf(source, root);
    if (bindings.length === 0 || bindings.some((b) => b.kind !== 'import' || b.importIndex === undefined)) return null;
    indexes = bindings.map((b) => b.importIndex!);
  } else indexes = [binding];
  let found: ModuleLocation | null = null;
  for (const index of indexes) {
    const record = s.imports[index];
    if (!record || record.guards.length) return null;
    let loc: ModuleLocation | null = null;
    if (record.kind === 'import') {
      const dot = record.module.indexOf('.');
      const module = record.alias || dot < 0 ? record.module : record.module.slice(0, dot);
      const target = project.resolveModule(source.path, 0, module, tracker);
      loc = target.status === 'found' ? target.location : null;
    } else {
      const item = record.names.find((n) => (n.alias ?? n.name) === root);
      const target = item ? project.resolveImport(source.path, record, tracker) : null;
      if (item && target?.status === 'found') {
        const sub = project.submodule(target.location, item.name, tracker);
        // Only a submodule that the package does not also bind to something else.
        const pkg = target.location.file ? project.source(target.location.file) : undefined;
        if (sub && (!pkg || !project.isBound(pkg, item.name) || bindsOnlyItself(project, pkg, item.name))) loc = sub;
      }
    }
    if (!loc || (found && found.key !== loc.key)) return null;
    found = loc;
  }
  return found;
}

/** `from . import sub` inside a package binds its own submodule: still the module. */
function bindsOnlyItself(project: RootLookups, pkg: SourceFile, name: string): boolean {
  return pkg.summary.moduleBindings
    .filter((b) => b.name === name)
    .every((b) => {
      if (b.kind !== 'import' || b.importIndex === undefined) return false;
      const r = pkg.summary.imports[b.importIndex];
      if (r.kind !== 'from' || !r.names.some((n) => n.name === name && !n.alias)) return false;
      if (r.level === 1 && r.module === '') return true; // from . import sub
      // from pkg import sub, inside pkg/__init__.py
      const target = r.level === 0 ? project.resolveModule(pkg.path, 0, r.module, new DependencyTracker()) : null;
      return target?.status === 'found' && target.location.file === pkg.path;
    });
}
