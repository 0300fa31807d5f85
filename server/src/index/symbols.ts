// What names and expressions refer to across files: modules, project classes (with their fully known
// method resolution order), instances of them, and functions. Anything that leaves the project, or that
// the code makes dynamic, resolves to null: unknown, and therefore silent.
import { decoratorsKeepClass } from './classDecorators';
import { knownBaseProvides, type KnownBaseTable, type ResolvedKnownBase } from '../python/knownBases';
import { parseLocalImportRoot, type ClassInfo, type FunctionInfo, type MemberInfo, type ValueHint } from '../syntax/summary';
import { moduleKeyOf, type ModuleLocation } from './moduleIndex';
import { DependencyTracker } from './dependencyTracker';
import { ExternalNames } from './externalNames';
import { hierarchyKeys, knownMroKeys, ownModuleKeys, type MroEntry, type MroFrame } from './mroFrames';
import { moduleOfKey, nameKey } from './nameKeys';
import type { ClassRef, ProjectLookups, SourceFile } from './sources';
import type { FieldModelKind } from './frameworkParts';

export type { ClassRef };

export type Symbol =
  | { kind: 'module'; location: ModuleLocation }
  | { kind: 'class'; cls: ClassRef }
  /** `exact`: made by calling the class itself; otherwise (self, annotations) it may be a subclass. */
  | { kind: 'instance'; cls: ClassRef; exact: boolean }
  | { kind: 'function'; file: SourceFile; fn: FunctionInfo };

export interface FoundMember {
  owner: ClassRef;
  /** A member of the class body, or an instance attribute (`self.x = …`). */
  member?: MemberInfo;
  instanceHint?: ValueHint;
  /** Implicit: dunders, Enum and NamedTuple members. */
  implicit?: boolean;
}

const MAX_DEPTH = 8;
/**
 * Longer method resolution orders count as unknown: real hierarchies have a few dozen classes, and a bound
 * keeps a generated 20,000-class chain linear (each class's MRO is a copy of its base's, plus itself).
 */
const MAX_MRO_LENGTH = 256;

/** Bases that add no attributes a project reads by name (beyond dunders). */
const NEUTRAL_BASES = new Set(['object', 'builtins.object', 'abc.ABC', 'typing.Generic', 'typing_extensions.Generic']);
const ENUM_BASES = new Set(['enum.Enum']);
/** Library bases whose generated constructor takes the class's annotated fields (adapters add theirs: fieldModel). */
const MODEL_BASES = new Map<string, FieldModelKind>([
  ['typing.NamedTuple', 'namedtuple'],
  ['typing_extensions.NamedTuple', 'namedtuple'],
  ['pydantic.BaseModel', 'pydantic'],
  ['pydantic.main.BaseModel', 'pydantic'],
  ['pydantic.v1.BaseModel', 'pydantic'],
]);
/** Class decorators that return the class itself with the same attributes. */
const TRANSPARENT_CLASS_DECORATORS = new Set(['dataclasses.dataclass', 'functools.total_ordering', 'typing.final', 'typing_extensions.final']);

function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** What one file's classes contribute to the subclass index, and the module keys resolving their bases read. */
interface BaseEdges {
  /** (class key of a base, the subclass in this file) */
  edges: [string, ClassRef][];
  /** Last segments of bases that resolve to no project class. */
  unresolved: string[];
  keys: Set<string>;
}

/** Dependency keys of the subclass index (checks track them; edits that change the index re-check them). */
export const SUBCLASSES_KEY_PREFIX = '#subclasses:';
export const UNRESOLVED_BASE_KEY_PREFIX = '#unresolved-base:';
export const subclassesKey = (classKey: string): string => SUBCLASSES_KEY_PREFIX + classKey;
export const unresolvedBaseKey = (name: string): string => UNRESOLVED_BASE_KEY_PREFIX + name;
/** Returned by refreshSubclassIndex when any subclass answer may have changed. */
export const ANY_SUBCLASS_KEY = '#subclasses:*';

/** Symbols.key's strings, per file version, by class index. */
const classKeysByFile = new WeakMap<SourceFile, string[]>();

export class Symbols {
  /** class key → its MRO and the module keys its computation looked at (`unknownKeys`: see unknownMroKeys). */
  private readonly mroCache = new Map<string, MroEntry>();
  private readonly mroKeyLists = new WeakMap<readonly ClassRef[], string[]>();
  /** module key → class keys whose cached MRO looked at it (an edit drops just those, without a scan). */
  private readonly mroByModule = new Map<string, Set<string>>();
  /** class key → class keys whose cached MRO was merged from its MRO (dropped with it). */
  private readonly mroDependents = new Map<string, Set<string>>();
  /** Class keys whose MRO is being computed (a base resolution that comes back to one is a cycle). */
  private readonly mroInProgress = new Set<string>();
  /**
   * The subclass index is kept per file and refreshed only for files that changed or whose bases' resolution
   * read a changed module: an edit must not cost resolving every base in the project again.
   */
  private readonly baseEdges = new Map<string, BaseEdges>();
  /** module key → files whose base edges read it (invalidate finds them without a scan of every file). */
  private readonly edgesReading = new Map<string, Set<string>>();
  private dirtyEdges: Set<string> | 'all' = 'all';
  private subclassIndex: Map<string, ClassRef[]> | null = null;
  /** Last segments of bases that resolve to no project class (`get_class(...)` aliases, third-party names). */
  private unresolvedBases = new Map<string, number>();
  private writtenNames: Set<string> | null = null;
  /**
   * global() answers during one file's check (beginFile clears it): the file's tracker already holds the
   * keys of the first resolution, so repeated names need no replay.
   */
  private readonly perCheck = new Map<SourceFile, Map<string, Symbol | null>>();
  /** externalName() answers since the last beginFile or change (it reads no tracker: only the summaries). */
  private readonly externalNames: ExternalNames;

  /** `knownBaseTable`: the library bases the core and the project's adapters list (index/frameworkParts.ts knownBasesOf). */
  constructor(private readonly project: ProjectLookups, readonly knownBaseTable: KnownBaseTable) {
    this.externalNames = new ExternalNames(project, MAX_DEPTH);
  }

  /** The file being checked (beginFile): what global() reads of other files it records by name keys. */
  private checking: SourceFile | null = null;
  get checkingFile(): SourceFile | undefined {
    return this.checking ?? undefined;
  }

  /** Starts one file's check (see perCheck); `file`: the file checked (its own names need no keys: its edit re-checks it). */
  beginFile(file?: SourceFile): void {
    this.checking = file ?? null;
    // (Only when there is something to drop: clearing a Map allocates a new table, and this runs per checked item.)
    if (this.perCheck.size) this.perCheck.clear();
    this.externalNames.clear();
  }

  /** Forget everything derived from summaries (files appeared or disappeared). */
  reset(): void {
    this.externalNames.clear();
    this.mroCache.clear();
    this.mroByModule.clear();
    this.mroDependents.clear();
    this.dirtyEdges = 'all';
    this.writtenNames = null;
  }

  /**
   * A file was replaced or removed (even with the same surface: its ClassRefs point at the old summary). The MROs
   * holding its `classCount` classes would hand out their members' old places: they go, with those merged from them.
   */
  fileChanged(path: string, classCount: number): void {
    this.externalNames.clear();
    if (this.dirtyEdges !== 'all') this.dirtyEdges.add(path);
    for (let index = 0; index < classCount; index++) this.dropMro(`${path}#${index}`);
  }

  /** Drops a class's cached MRO and every MRO merged from it. */
  private dropMro(classKey: string): void {
    const drop = [classKey];
    while (drop.length) {
      const key = drop.pop()!;
      this.mroCache.delete(key);
      const dependents = this.mroDependents.get(key);
      if (!dependents) continue;
      this.mroDependents.delete(key);
      for (const d of dependents) drop.push(d);
    }
  }

  /**
   * The surface of the module at `moduleKey` changed: drop what was derived from it. MROs that never looked
   * at it stay (an edit of one module must not cost a re-derivation of every class in the project).
   */
  invalidate(moduleKey: string, writesChanged: boolean): void {
    this.externalNames.clear();
    // The classes whose MRO read the module, and every class whose MRO was merged from theirs.
    for (const key of this.mroByModule.get(moduleKey) ?? []) this.dropMro(key);
    this.mroByModule.delete(moduleKey);
    if (this.dirtyEdges !== 'all') for (const path of this.edgesReading.get(moduleKey) ?? []) this.dirtyEdges.add(path);
    if (writesChanged) this.writtenNames = null;
  }

  /**
   * Brings the subclass index up to date; returns the dependency keys whose answers changed (a base gained
   * or lost a subclass, a name became or stopped being an unresolved base).
   */
  refreshSubclassIndex(): string[] {
    const dirty = this.dirtyEdges;
    if (dirty !== 'all' && dirty.size === 0) return [];
    if (dirty === 'all') {
      // Never built, or the layout changed: rebuilding now would resolve every base in the project on an
      // edit. It is rebuilt when a check next asks; until then, every answer it gave counts as changed.
      const hadIndex = this.subclassIndex !== null;
      this.subclassIndex = null;
      this.clearEdges();
      this.unresolvedBases.clear();
      return hadIndex ? [ANY_SUBCLASS_KEY] : [];
    }
    this.dirtyEdges = new Set();
    const changed = new Set<string>();
    // Files with no base edges before nor after (no class with a project base) leave the index as it is.
    let edgesMoved = this.subclassIndex === null;
    for (const path of dirty) {
      const before = this.baseEdges.get(path);
      const file = this.project.source(path);
      const after = file ? this.baseEdgesOf(file) : undefined;
      this.setEdges(path, after);
      if (before?.edges.length || after?.edges.length) edgesMoved = true;
      const edgeKeys = (e: BaseEdges | undefined) => new Set((e?.edges ?? []).map(([base, sub]) => `${base} ${Symbols.key(sub)}`));
      const b = edgeKeys(before);
      const a = edgeKeys(after);
      for (const k of b) if (!a.has(k)) changed.add(subclassesKey(k.slice(0, k.indexOf(' '))));
      for (const k of a) if (!b.has(k)) changed.add(subclassesKey(k.slice(0, k.indexOf(' '))));
      for (const name of before?.unresolved ?? []) {
        const n = (this.unresolvedBases.get(name) ?? 1) - 1;
        if (n > 0) this.unresolvedBases.set(name, n);
        else {
          this.unresolvedBases.delete(name);
          changed.add(unresolvedBaseKey(name));
        }
      }
      for (const name of after?.unresolved ?? []) {
        const n = (this.unresolvedBases.get(name) ?? 0) + 1;
        this.unresolvedBases.set(name, n);
        if (n === 1) changed.add(unresolvedBaseKey(name));
      }
    }
    if (!edgesMoved) return [...changed];
    // The index itself is rebuilt from the per-file edges: no resolution, a pass over a list.
    const index = new Map<string, ClassRef[]>();
    for (const entry of this.baseEdges.values()) {
      for (const [base, sub] of entry.edges) {
        const list = index.get(base);
        if (list) list.push(sub);
        else index.set(base, [sub]);
      }
    }
    this.subclassIndex = index;
    return [...changed];
  }

  /** Builds the index from scratch (on first use, and after the layout changed). */
  private buildSubclassIndex(): void {
    this.clearEdges();
    this.unresolvedBases.clear();
    this.dirtyEdges = new Set([...this.project.allSources()].map((f) => f.path));
    this.refreshSubclassIndex();
  }

  private setEdges(path: string, entry: BaseEdges | undefined): void {
    const before = this.baseEdges.get(path);
    for (const key of before?.keys ?? []) this.edgesReading.get(moduleOfKey(key))?.delete(path);
    if (!entry) {
      this.baseEdges.delete(path);
      return;
    }
    this.baseEdges.set(path, entry);
    for (const read of entry.keys) {
      // By module (a name key's module): invalidate finds them by the module whose surface changed.
      const key = moduleOfKey(read);
      let paths = this.edgesReading.get(key);
      if (!paths) this.edgesReading.set(key, (paths = new Set()));
      paths.add(path);
    }
  }

  private clearEdges(): void {
    this.baseEdges.clear();
    this.edgesReading.clear();
  }

  private baseEdgesOf(file: SourceFile): BaseEdges {
    const tracker = new DependencyTracker();
    const edges: [string, ClassRef][] = [];
    const unresolved: string[] = [];
    file.summary.classes.forEach((info, index) => {
      for (const base of info.bases) {
        const sym = base === '?' ? null : this.dotted(file, base, tracker);
        if (sym?.kind === 'class') edges.push([Symbols.key(sym.cls), { file, index }]);
        else unresolved.push(base.slice(base.lastIndexOf('.') + 1));
      }
    });
    return { edges, unresolved, keys: tracker.keys };
  }

  static key(ref: ClassRef): string {
    // One string per class and file version: map lookups by it hash it once, and no string is built per call.
    let keys = classKeysByFile.get(ref.file);
    if (!keys) classKeysByFile.set(ref.file, (keys = []));
    return (keys[ref.index] ??= `${ref.file.path}#${ref.index}`);
  }

  classInfo(ref: ClassRef): ClassInfo {
    return ref.file.summary.classes[ref.index];
  }

  // ---- names ----------------------------------------------------------------------------------------

  /**
   * What a module-level name of `file` is. Of a file other than the one checked, it records the name's key
   * (index/nameKeys.ts): a reader that came through `from m import name` recorded that instead of m's key, and
   * what resolving the name reads of m is the name's part and the parts it mentions, which an edit fires with it.
   */
  global(file: SourceFile, name: string, tracker: DependencyTracker, depth = 0): Symbol | null {
    if (depth > MAX_DEPTH) return null;
    if (file !== this.checking) this.recordName(file, name, tracker);
    let memo = this.perCheck.get(file);
    if (!memo) this.perCheck.set(file, (memo = new Map()));
    const known = memo.get(name);
    if (known !== undefined) return known;
    const symbol = this.resolveGlobal(file, name, tracker, depth);
    memo.set(name, symbol);
    return symbol;
  }

  /** Records a module-level name's key (before any memo: a memo hit must still give the reader its key). */
  private recordName(file: SourceFile, name: string, tracker: DependencyTracker): void {
    const key = moduleKeyOf(file.path);
    if (key !== null) tracker.add(nameKey(key, name));
  }

  private resolveGlobal(file: SourceFile, name: string, tracker: DependencyTracker, depth: number): Symbol | null {
    const s = file.summary;
    if (s.unparsed || s.hasErrorNodes || s.dynamicGlobals) return null;
    const local = parseLocalImportRoot(name);
    // A function's own import (the summarizer checked that it alone binds the name there).
    const bindings = local ? [{ kind: 'import' as const, importIndex: local.importIndex }] : this.project.bindingsOf(file, name);
    if (bindings.length === 0) return this.starImported(file, name, tracker, depth);
    if (bindings.length !== 1) return null; // conditional or repeated definitions: unknown
    const b = bindings[0];
    if (local) name = local.name;
    switch (b.kind) {
      case 'class': {
        const matches = this.project.definedIn(file, name).classes;
        return matches.length === 1 ? { kind: 'class', cls: { file, index: matches[0] } } : null;
      }
      case 'def': {
        const fns = this.project.definedIn(file, name).functions;
        return fns.length === 1 ? { kind: 'function', file, fn: fns[0] } : null;
      }
      case 'assign':
        return b.hint ? this.hint(file, b.hint, tracker, depth + 1) : null;
      case 'import': {
        const record = s.imports[b.importIndex!];
        if (!record || record.guards.length) return null;
        if (record.kind === 'import') {
          const loc = this.project.moduleOfRoot(file, name, local ? local.importIndex : 'global', tracker);
          return loc ? { kind: 'module', location: loc } : null;
        }
        return this.fromImported(file, b.importIndex!, name, tracker, depth);
      }
      default:
        return null;
    }
  }

  /** What `name` is where `from m import name` (file's import `importIndex`, module level or local) binds it. */
  private fromImported(file: SourceFile, importIndex: number, name: string, tracker: DependencyTracker, depth = 0): Symbol | null {
    const record = file.summary.imports[importIndex];
    if (depth > MAX_DEPTH || file.summary.unparsed || file.summary.hasErrorNodes || record?.kind !== 'from' || record.guards.length) return null;
    const item = record.names.find((n) => (n.alias ?? n.name) === name);
    // Only that name of the module is read: its key, not the module's (see Project.resolveImportedNames).
    const target = item ? this.project.resolveImportedNames(file.path, record, [item.name], tracker) : null;
    if (!item || target?.status !== 'found') return null;
    const source = target.location.file ? this.project.source(target.location.file) : undefined;
    // `from pkg import sub` inside pkg/__init__.py: the package has no `sub` yet, so Python imports the submodule.
    const selfImport = source === file;
    if (source && !selfImport && this.project.isBound(source, item.name)) return this.global(source, item.name, tracker, depth + 1);
    const sub = this.project.submodule(target.location, item.name, tracker);
    if (sub) return { kind: 'module', location: sub };
    // Bound only by the package's star imports (`from .configs import *` in models/__init__.py).
    return source && !selfImport ? this.starImported(source, item.name, tracker, depth + 1) : null;
  }

  /**
   * A name only star imports bind (`from blog.admin import *`): the last project module that certainly
   * exports it, when every star import after it certainly does not (Python keeps the last binding).
   */
  private starImported(file: SourceFile, name: string, tracker: DependencyTracker, depth: number): Symbol | null {
    const stars = file.summary.imports.filter((r) => r.star && r.topLevel);
    for (let i = stars.length - 1; i >= 0; i--) {
      if (stars[i].guards.length) return null;
      const target = this.project.resolveImport(file.path, stars[i], tracker);
      if (target.status !== 'found') return null;
      const exported = this.project.starExportStatus(target.location, name, tracker);
      if (exported === 'unknown') return null;
      if (exported === 'no') continue;
      const source = target.location.file ? this.project.source(target.location.file) : undefined;
      return source ? this.global(source, name, tracker, depth + 1) : null;
    }
    return null;
  }

  /** `a.b.C` seen from `file`'s module scope. */
  dotted(file: SourceFile, dotted: string, tracker: DependencyTracker, depth = 0): Symbol | null {
    if (!dotted.includes('.')) return this.global(file, dotted, tracker, depth); // most names: no arrays to build
    const [first, ...rest] = dotted.split('.');
    let sym = this.global(file, first, tracker, depth);
    for (const segment of rest) {
      if (!sym) return null;
      sym = this.attributeOf(sym, segment, tracker, depth + 1);
    }
    return sym;
  }

  /**
   * The value hint of the module-level assignment `name` stands for in `file`, following `from m import name`
   * into project modules (`BaseManager = Manager.from_queryset(QS)` in managers.py); null when not one plain
   * assignment.
   */
  assignedHint(file: SourceFile, name: string, tracker: DependencyTracker, depth = 0): { file: SourceFile; hint: ValueHint } | null {
    const bindings = depth > MAX_DEPTH ? [] : this.project.bindingsOf(file, name);
    const key = moduleKeyOf(file.path);
    if (key !== null) tracker.add(key); // its bindings are read: an edit re-checks the reader
    if (bindings.length !== 1) return null;
    const b = bindings[0];
    if (b.kind === 'assign') return b.hint ? { file, hint: b.hint } : null;
    if (b.kind !== 'import') return null;
    const record = file.summary.imports[b.importIndex!];
    const item = record?.kind === 'from' && !record.guards.length ? record.names.find((n) => (n.alias ?? n.name) === name) : undefined;
    const target = item ? this.project.resolveImport(file.path, record, tracker) : null;
    const source = target?.status === 'found' && target.location.file ? this.project.source(target.location.file) : undefined;
    return source ? this.assignedHint(source, item!.name, tracker, depth + 1) : null;
  }

  /** The fully qualified name of an imported outside name (`Enum` → `enum.Enum`), for known bases and decorators. */
  externalName(file: SourceFile, dotted: string): string | null {
    return this.externalNames.get(file, dotted);
  }

  /** What reading `name` on a module, class or instance gives. */
  attributeOf(sym: Symbol, name: string, tracker: DependencyTracker, depth = 0): Symbol | null {
    if (sym.kind === 'module') {
      const loc = sym.location;
      const source = loc.file ? this.project.source(loc.file) : undefined;
      if (source && source !== this.checking) this.recordName(source, name, tracker);
      if (source && this.project.isBound(source, name)) return this.global(source, name, tracker, depth);
      const sub = this.project.submodule(loc, name, tracker);
      return sub ? { kind: 'module', location: sub } : null;
    }
    if (sym.kind === 'class' || sym.kind === 'instance') {
      const found = this.member(sym.cls, name, sym.kind === 'class');
      return found && found !== 'unknown' ? this.memberValue(found, sym.kind === 'class', tracker, depth) : null;
    }
    return null;
  }

  /** What a value hint holds, resolved in `file`. */
  hint(file: SourceFile, hint: ValueHint, tracker: DependencyTracker, depth = 0): Symbol | null {
    if (depth > MAX_DEPTH) return null;
    if (hint.kind === 'alias') return this.dotted(file, hint.target, tracker, depth + 1);
    // Made by the adapters' value-hint parts (a chain of calls, what an ORM call returns): their rules read them.
    if (hint.kind === 'query' || hint.kind === 'ormResult') return null;
    if (hint.kind === 'element') return this.returnedElement(file, hint.callee, tracker, depth);
    if (hint.kind === 'selfCall') return this.methodResult({ kind: 'instance', cls: { file, index: hint.classIndex }, exact: false }, hint.method, hint.awaited === true, false, tracker, depth);
    if (hint.kind === 'selfAttribute') {
      const found = this.member({ file, index: hint.classIndex }, hint.name);
      return found && found !== 'unknown' ? this.memberValue(found, false, tracker, depth + 1) : null;
    }
    if (hint.kind === 'returned') {
      const on = this.hint(file, hint.on, tracker, depth + 1);
      return on?.kind === 'instance' || on?.kind === 'class' ? this.methodResult(on, hint.method, hint.awaited === true, hint.element === true, tracker, depth) : null;
    }
    const target = this.dotted(file, hint.kind === 'call' ? hint.callee : hint.type, tracker, depth + 1);
    if (!target && hint.kind === 'call' && hint.callee.includes('.')) {
      // `User.create(…)`, `service.load(…)` on a module-level object: the method's annotation.
      const owner = this.dotted(file, hint.callee.slice(0, hint.callee.lastIndexOf('.')), tracker, depth + 1);
      const method = hint.callee.slice(hint.callee.lastIndexOf('.') + 1);
      return owner?.kind === 'class' || owner?.kind === 'instance' ? this.methodResult(owner, method, hint.awaited === true, false, tracker, depth) : null;
    }
    if (!target) return null;
    if (hint.kind === 'annotation') {
      if (target.kind === 'class') return { kind: 'instance', cls: target.cls, exact: false };
      // A type alias (`Service = Annotated[ArticleService, ...]`) already stands for the instance.
      return target.kind === 'instance' && !target.exact ? target : null;
    }
    if (target.kind === 'class') return !hint.awaited && this.constructsItself(target.cls, tracker) ? { kind: 'instance', cls: target.cls, exact: true } : null;
    // A coroutine function gives its annotation's value once awaited (a framework awaits an injected provider itself).
    const called = hint.injected || target.kind !== 'function' || target.fn.isAsync === (hint.awaited === true);
    if (target.kind === 'function' && called && this.transparentDecorators(target.file, target.fn.decorators, tracker)) {
      if (target.fn.returns) {
        const ret = this.dotted(target.file, target.fn.returns, tracker, depth + 1);
        return ret?.kind === 'class' ? { kind: 'instance', cls: ret.cls, exact: false } : null;
      }
      // `def get_service(): return ArticleService(...)`: what every return statement constructs.
      if (target.fn.returnsCall) return this.hint(target.file, { kind: 'call', callee: target.fn.returnsCall }, tracker, depth + 1);
    }
    return null;
  }

  /**
   * What calling method `name` of `on` gives, by the method's return annotation (`element`: the elements of the
   * collection it names): only for a plain or class/static method, called as it is defined (awaited exactly when
   * async), with decorators that keep it, and, unless `on` is exactly its class, no subclass defining it again.
   */
  private methodResult(on: Extract<Symbol, { kind: 'class' | 'instance' }>, name: string, awaited: boolean, element: boolean, tracker: DependencyTracker, depth: number): Symbol | null {
    if (depth > MAX_DEPTH) return null;
    const found = this.member(on.cls, name);
    const m = found && found !== 'unknown' ? found.member : undefined;
    if (!m || m.method === undefined || (m.kind !== 'method' && m.kind !== 'classmethod' && m.kind !== 'staticmethod')) return null;
    if (on.kind === 'class' && m.kind === 'method') return null; // an unbound call: its first argument is the instance
    const owner = (found as FoundMember).owner;
    const fn = this.classInfo(owner).methods[m.method];
    const type = element ? fn.returnsElement : fn.returns;
    if (!type || fn.isAsync !== awaited || !this.transparentDecorators(owner.file, fn.decorators, tracker)) return null;
    const ret = this.dotted(owner.file, type, tracker, depth + 1);
    if (ret?.kind !== 'class') return null;
    // A subclass's own definition runs for its instances: it must say the same (an abstract method's implementations).
    const exact = on.kind === 'instance' && on.exact;
    if (!exact && (this.hasUnresolvedSubclass(on.cls, tracker) || this.subclasses(on.cls, tracker).some((sub) => !this.definesAlike(sub, name, element, ret.cls, tracker, depth)))) return null;
    return { kind: 'instance', cls: ret.cls, exact: false };
  }

  /** Whether `cls` leaves method `name` alone, or defines it again as a method whose annotation names `result` too. */
  private definesAlike(cls: ClassRef, name: string, element: boolean, result: ClassRef, tracker: DependencyTracker, depth: number): boolean {
    const info = this.classInfo(cls);
    return info.members.every((m) => {
      if (m.name !== name) return true;
      const fn = m.method !== undefined && (m.kind === 'method' || m.kind === 'classmethod' || m.kind === 'staticmethod') ? info.methods[m.method] : null;
      const type = fn && (element ? fn.returnsElement : fn.returns);
      const again = type ? this.dotted(cls.file, type, tracker, depth + 1) : null;
      return again?.kind === 'class' && Symbols.key(again.cls) === Symbols.key(result);
    });
  }

  /** `for x in load_items():` where `def load_items() -> list[Item]`: an Item (not for coroutines, nor through decorators). */
  private returnedElement(file: SourceFile, callee: string, tracker: DependencyTracker, depth: number): Symbol | null {
    const fn = this.dotted(file, callee, tracker, depth + 1);
    if (!fn && callee.includes('.')) {
      // `for line in repository.lines():` on a module-level object (or a class's class or static method).
      const owner = this.dotted(file, callee.slice(0, callee.lastIndexOf('.')), tracker, depth + 1);
      return owner?.kind === 'class' || owner?.kind === 'instance' ? this.methodResult(owner, callee.slice(callee.lastIndexOf('.') + 1), false, true, tracker, depth) : null;
    }
    if (fn?.kind !== 'function' || !fn.fn.returnsElement || fn.fn.isAsync || fn.fn.decorators.length) return null;
    const ret = this.dotted(fn.file, fn.fn.returnsElement, tracker, depth + 1);
    return ret?.kind === 'class' ? { kind: 'instance', cls: ret.cls, exact: false } : null;
  }

  // ---- classes --------------------------------------------------------------------------------------

  /** Calling the class returns an instance of exactly it (no `__new__`, no metaclass). */
  private constructsItself(cls: ClassRef, tracker: DependencyTracker): boolean {
    tracker.addAll(this.mroDependencyKeys(cls));
    const mro = this.mro(cls);
    return !!mro && !mro.some((c) => this.classInfo(c).members.some((m) => m.name === '__new__')) && !this.knownBases(cls).some((k) => k.customNew);
  }

  /**
   * Whether every decorator is one that keeps a function's signature: the well-known ones, and project
   * decorators built on `functools.wraps` that forward all arguments (see FunctionInfo.preservesSignature).
   */
  transparentDecorators(file: SourceFile, decorators: string[], tracker: DependencyTracker): boolean {
    return decorators.every((d) => {
      const full = this.externalName(file, d) ?? d;
      if (/^(builtins\.)?(staticmethod|classmethod)$|^abc\.abstractmethod$|^functools\.(lru_cache|cache)$|^typing(_extensions)?\.(override|final)$/.test(full)) return true;
      const target = d === '?' ? null : this.dotted(file, d, tracker);
      return target?.kind === 'function' && target.fn.preservesSignature === true && target.fn.decorators.length === 0;
    });
  }

  /**
   * A class built by a base whose constructor follows from the fields: `typing.NamedTuple`, Pydantic's `BaseModel`,
   * the adapters' `adapterBases` (IndexedFramework.fieldModelBases; none needed to ask for Pydantic's); `table`: the
   * class says `table=…`. The chain to that base must be project classes with one base each; null otherwise.
   */
  fieldModel(cls: ClassRef, tracker: DependencyTracker, adapterBases?: ReadonlyMap<string, FieldModelKind>): { kind: FieldModelKind; chain: ClassRef[]; table: boolean } | null {
    const chain: ClassRef[] = [];
    let table = false;
    for (let c: ClassRef | null = cls, depth = 0; c && depth < MAX_DEPTH; depth++) {
      const info = this.classInfo(c);
      chain.push(c);
      if (info.dynamic || info.decorators.length || info.bases.length !== 1 || info.keywords.some((k) => k !== 'table')) return null;
      if (info.keywords.includes('table')) table = true;
      const trackKey = moduleKeyOf(c.file.path);
      if (trackKey !== null) tracker.add(trackKey);
      const external = this.externalName(c.file, info.bases[0]);
      const kind = external ? (MODEL_BASES.get(external) ?? adapterBases?.get(external)) : undefined;
      if (kind) return { kind, chain, table };
      const base = this.dotted(c.file, info.bases[0], tracker);
      c = base?.kind === 'class' ? base.cls : null;
    }
    return null;
  }

  /**
   * The classes searched for an attribute, in order, when every base is a project class or a neutral one
   * (object, ABC, Generic, Enum); null when anything about the class is unknown (or its hierarchy is longer
   * than MAX_MRO_LENGTH). Walked with an explicit stack: inheritance chains can be thousands of classes long.
   */
  mro(cls: ClassRef): ClassRef[] | null {
    const rootKey = Symbols.key(cls);
    const cached = this.mroCache.get(rootKey);
    if (cached) return cached.mro;
    // A base resolution that reaches back into a class being computed (`class A(A.Inner)`): a cycle.
    if (this.mroInProgress.has(rootKey)) return null;
    const stack = [this.openMro(cls)];
    try {
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (!top.failed && top.next < top.bases.length) {
          const baseKey = Symbols.key(top.bases[top.next]);
          if (this.mroCache.has(baseKey)) top.next++;
          else if (this.mroInProgress.has(baseKey)) top.failed = true; // an inheritance cycle
          else stack.push(this.openMro(top.bases[top.next]));
          continue;
        }
        stack.pop();
        this.closeMro(top);
      }
    } finally {
      for (const frame of stack) this.mroInProgress.delete(frame.key); // only after an exception
    }
    return this.mroCache.get(rootKey)?.mro ?? null;
  }

  /** Starts one class's MRO: its own conditions, and its bases resolved (not yet their MROs). */
  private openMro(cls: ClassRef): MroFrame {
    const key = Symbols.key(cls);
    this.mroInProgress.add(key);
    const info = this.classInfo(cls);
    // Every module looked at while resolving the bases, so that only their edits drop this entry.
    const scratch = new DependencyTracker();
    const keys = scratch.keys;
    const ownKey = moduleKeyOf(cls.file.path);
    if (ownKey !== null) keys.add(ownKey);
    const frame: MroFrame = { cls, key, keys, bases: [], known: [], next: 0, failed: false };
    // `metaclass=abc.ABCMeta` (a listed metaclass) adds only the names the table gives it.
    const metaclass = info.keywords.length === 1 && info.metaclass ? this.knownBaseTable.get(this.externalName(cls.file, info.metaclass) ?? '') : undefined;
    if (metaclass?.entry.metaclass) frame.known.push(metaclass);
    else if (info.keywords.length) frame.failed = true;
    if ((info.dynamic && !info.dynamicInstancesOnly) || !decoratorsKeepClass(this, cls, TRANSPARENT_CLASS_DECORATORS, scratch)) frame.failed = true;
    try {
      for (const base of info.bases) {
        if (frame.failed) break;
        const external = this.externalName(cls.file, base);
        if (external && (NEUTRAL_BASES.has(external) || ENUM_BASES.has(external))) continue;
        const sym = base === '?' ? null : this.dotted(cls.file, base, scratch);
        if (sym?.kind === 'class') {
          frame.bases.push(sym.cls);
          continue;
        }
        // A listed third-party base (UserMixin, BaseModel, MethodView…); ORM roots are the model graph's.
        const known = sym === null && external ? this.knownBaseTable.get(external) : undefined;
        if (known && !known.entry.orm && !known.entry.metaclass) frame.known.push(known);
        else frame.failed = true;
      }
    } catch (e) {
      this.mroInProgress.delete(key);
      throw e;
    }
    return frame;
  }

  /** Merges a class's MRO from its bases' (all cached, or the frame failed) and caches it. */
  private closeMro(frame: MroFrame): void {
    let result: ClassRef[] | null = frame.failed ? null : [frame.cls];
    const known = new Set(frame.known);
    const seen = new Set([frame.key]);
    for (const base of frame.bases.slice(0, frame.failed ? frame.next + 1 : frame.bases.length)) {
      const baseKey = Symbols.key(base);
      // Dropping the base's entry drops this one (see invalidate): no copy of the base's module keys.
      let dependents = this.mroDependents.get(baseKey);
      if (!dependents) this.mroDependents.set(baseKey, (dependents = new Set()));
      dependents.add(frame.key);
      if (!result) continue;
      const baseMro = this.mroCache.get(baseKey)?.mro;
      if (!baseMro) {
        result = null;
        continue;
      }
      for (const k of this.mroCache.get(baseKey)!.known) known.add(k);
      for (const c of baseMro) {
        const k = Symbols.key(c);
        if (!seen.has(k)) {
          seen.add(k);
          result.push(c);
        }
      }
      if (result.length > MAX_MRO_LENGTH) result = null;
    }
    this.mroInProgress.delete(frame.key);
    this.mroCache.set(frame.key, { mro: result, keys: frame.keys, known: result ? [...known] : [], unknownKeys: result ? undefined : hierarchyKeys(frame, (base) => this.mroCache.get(Symbols.key(base))) });
    for (const read of frame.keys) {
      const k = moduleOfKey(read); // (a name key's module: invalidate drops by the module whose surface changed)
      const set = this.mroByModule.get(k);
      if (set) set.add(frame.key);
      else this.mroByModule.set(k, new Set([frame.key]));
    }
  }

  /**
   * The module keys what a class's MRO says rests on, known or not (its classes' modules, what resolving their
   * bases and decorators read): an answer taken from it records them. One list per MRO, kept with it.
   */
  mroDependencyKeys(cls: ClassRef): readonly string[] {
    const mro = this.mro(cls);
    if (!mro) return this.mroCache.get(Symbols.key(cls))?.unknownKeys ?? ownModuleKeys(cls);
    let keys = this.mroKeyLists.get(mro);
    if (!keys) this.mroKeyLists.set(mro, (keys = knownMroKeys(mro, (c) => this.mroCache.get(Symbols.key(c))?.keys)));
    return keys;
  }

  /** The listed third-party bases of a class and of its project bases (empty when its MRO is unknown). */
  knownBases(cls: ClassRef): ResolvedKnownBase[] {
    if (!this.mro(cls)) return [];
    return this.mroCache.get(Symbols.key(cls))?.known ?? [];
  }

  private isEnum(cls: ClassRef): boolean {
    const mro = this.mro(cls) ?? [];
    return mro.some((c) => this.classInfo(c).bases.some((b) => ENUM_BASES.has(this.externalName(c.file, b) ?? '')));
  }

  /**
   * Looks `name` up on a class and its bases: found, missing (null) or 'unknown'. On an instance (the default),
   * names a class adds at run time (`setattr(self, …)`, `__getattr__`) are unknown; on the class object they are not.
   */
  member(cls: ClassRef, name: string, onClassObject = false): FoundMember | null | 'unknown' {
    const mro = this.mro(cls);
    if (!mro) return 'unknown';
    const instanceDynamic = !onClassObject && mro.some((c) => this.classInfo(c).dynamic);
    if (instanceDynamic && mro.some((c) => this.classInfo(c).members.some((m) => m.name === '__getattribute__'))) return 'unknown';
    if (isDunder(name)) return { owner: cls, implicit: true };
    // `obj._Owner__private` is how `__private` defined in class Owner is reached from outside.
    const mangled = /^_([A-Za-z]\w*?)(__\w+)$/.exec(name);
    if (mangled && mro.some((c) => this.classInfo(c).name.replace(/^_+/, '') === mangled[1])) return this.member(cls, mangled[2]);
    const known = this.knownBases(cls);
    const fromKnownBase = known.some((k) => knownBaseProvides(k, name));
    for (const c of mro) {
      const info = this.classInfo(c);
      const member = info.members.filter((m) => m.name === name).pop();
      // A third-party base may come before a project base in the real MRO: its definition may be the one used.
      if (member) return fromKnownBase && c !== cls ? { owner: c, implicit: true } : { owner: c, member };
      const assigned = info.instanceAttributes.filter((a) => a.name === name);
      if (assigned.length) {
        // Typed only when every assignment agrees (`self.repo = repo` in __init__ and nowhere else, say).
        const hint = assigned[0].hint;
        const agree = !!hint && assigned.every((a) => JSON.stringify(a.hint) === JSON.stringify(hint));
        return agree ? { owner: c, instanceHint: hint } : { owner: c };
      }
    }
    if (this.isEnum(cls) && (name === 'name' || name === 'value' || name === '_value_' || name === '_name_')) return { owner: cls, implicit: true };
    if (fromKnownBase) return { owner: cls, implicit: true };
    if (instanceDynamic) return 'unknown';
    // Pydantic's `extra="allow"` (or a value we cannot read): instances carry whatever they were given.
    if (known.length && mro.some((c) => this.classInfo(c).config?.allowsExtra)) return 'unknown';
    return null;
  }

  /** What reading a found member gives. */
  memberValue(found: FoundMember, onClassObject: boolean, tracker: DependencyTracker, depth = 0): Symbol | null {
    const m = found.member;
    if (found.instanceHint) return onClassObject ? null : this.hint(found.owner.file, found.instanceHint, tracker, depth + 1);
    if (!m) return null;
    if (m.kind === 'class' && m.nested !== undefined) return { kind: 'class', cls: { file: found.owner.file, index: m.nested } };
    if (m.kind === 'attribute' && m.hint) return this.hint(found.owner.file, m.hint, tracker, depth + 1);
    if (m.kind === 'property' && !onClassObject && m.method !== undefined) {
      const fn = this.classInfo(found.owner).methods[m.method];
      if (!fn.returns) return null;
      const ret = this.dotted(found.owner.file, fn.returns, tracker, depth + 1);
      return ret?.kind === 'class' ? { kind: 'instance', cls: ret.cls, exact: false } : null;
    }
    return null;
  }

  /** Project classes that have `cls` among their bases (any depth). */
  subclasses(cls: ClassRef, tracker: DependencyTracker): ClassRef[] {
    if (!this.subclassIndex || this.dirtyEdges === 'all') this.buildSubclassIndex();
    else if (this.dirtyEdges.size > 0) this.refreshSubclassIndex();
    const out: ClassRef[] = [];
    const queue = [cls];
    const seen = new Set([Symbols.key(cls)]);
    for (let head = 0; head < queue.length; head++) {
      const key = Symbols.key(queue[head]);
      tracker.add(subclassesKey(key));
      for (const sub of this.subclassIndex!.get(key) ?? []) {
        const k = Symbols.key(sub);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(sub);
        queue.push(sub);
      }
    }
    return out;
  }

  /** Whether some class derives from a base spelled like `name` that does not resolve (a subclass we cannot see). */
  hasUnresolvedSubclass(cls: ClassRef, tracker: DependencyTracker): boolean {
    return [cls, ...this.subclasses(cls, tracker)].some((c) => {
      const name = this.classInfo(c).name;
      tracker.add(unresolvedBaseKey(name));
      return this.unresolvedBases.has(name);
    });
  }

  /** Attribute names written anywhere in the project (`obj.x = …`): such attributes may exist on anything. */
  written(): Set<string> {
    if (!this.writtenNames) {
      this.writtenNames = new Set();
      for (const file of this.project.allSources()) for (const name of file.summary.attributeWrites) this.writtenNames.add(name);
    }
    return this.writtenNames;
  }
}
