// Which module-level names hold a framework object (`app = Flask(__name__)`, `router = APIRouter()`),
// as far as the code shows: made by the framework's own class, in the file or in the project module it is
// imported from. Anything else (a subclass, a factory, a conditional binding) is unknown.
import { moduleBindingIndex, type DependencyTracker, type Project, type SourceFile } from '../index/project';
import type { ModuleBinding } from '../syntax/summary';

const NO_BINDINGS: ModuleBinding[] = [];

/** The file's module-level bindings of `name` (the index is the project's own, kept on the file). */
function bindingsNamed(file: SourceFile, name: string): ModuleBinding[] {
  return moduleBindingIndex(file).get(name) ?? NO_BINDINGS;
}

/** The dotted module a module-level name is bound to, when its only binding is an unguarded import of a module. */
export function moduleOfName(file: SourceFile, name: string): string | null {
  const imports = file.summary.imports;
  const bindings = bindingsNamed(file, name);
  if (bindings.length !== 1 || bindings[0].kind !== 'import' || bindings[0].importIndex === undefined) return null;
  const record = imports[bindings[0].importIndex];
  if (!record || record.level !== 0 || record.guards.length) return null;
  if (record.kind === 'import') return record.alias ? record.module : record.module.split('.')[0] === name ? name : null;
  const item = record.names.find((n) => (n.alias ?? n.name) === name);
  return item ? `${record.module}.${item.name}` : null;
}

/** Whether the name a callee is written with (`Flask`, `flask.Flask`) is `module.factory` in this file. */
export function isImported(file: SourceFile, callee: string, module: string, factory: string): boolean {
  const dot = callee.lastIndexOf('.');
  if (dot < 0) {
    const bindings = bindingsNamed(file, callee);
    if (bindings.length !== 1 || bindings[0].importIndex === undefined) return false;
    const record = file.summary.imports[bindings[0].importIndex];
    return record?.kind === 'from' && record.module === module && record.names.some((n) => n.name === factory && (n.alias ?? n.name) === callee);
  }
  return callee.slice(dot + 1) === factory && moduleOfName(file, callee.slice(0, dot)) === module;
}

/** Whether module-level `name` holds what `module.factory(...)` made: assigned in this file, or imported from the project module that assigns it. */
export function madeBy(project: Project, file: SourceFile, name: string, module: string, factory: string, tracker: DependencyTracker): boolean {
  const bindings = bindingsNamed(file, name);
  if (bindings.length !== 1) return false;
  const b = bindings[0];
  if (b.kind === 'assign') return b.hint?.kind === 'call' && isImported(file, b.hint.callee, module, factory);
  if (b.kind !== 'import' || b.importIndex === undefined) return false;
  const record = file.summary.imports[b.importIndex];
  if (record?.kind !== 'from' || record.guards.length) return false;
  const item = record.names.find((n) => (n.alias ?? n.name) === name);
  const target = item ? project.resolveImport(file.path, record, tracker) : null;
  if (target?.status === 'found') tracker.add(target.location.key);
  const source = target?.status === 'found' && target.location.file ? project.source(target.location.file) : undefined;
  if (!source || !item) return false;
  const there = bindingsNamed(source, item.name);
  return there.length === 1 && there[0].kind === 'assign' && there[0].hint?.kind === 'call' && isImported(source, there[0].hint.callee, module, factory);
}

