// Where modules are: the project's Python files laid out as Python's import system sees them.
// Paths are workspace-relative POSIX strings; '' is the workspace folder itself.
import type { DependencyTracker } from './dependencyTracker';

export type ModuleKind = 'module' | 'package' | 'namespace' | 'opaque';

export interface ModuleLocation {
  /** Path without extension: `app/models` for app/models.py, app/models/__init__.py and a namespace app/models/. */
  key: string;
  kind: ModuleKind;
  /** The file whose summary describes the module (absent for namespace packages and compiled modules). */
  file?: string;
}

export type LookupResult =
  | { status: 'found'; location: ModuleLocation }
  /** `missingAt` segments were found (≥ 1); segment `missingAt` is absent under `parent`. */
  | { status: 'missing'; missingAt: number; parent: ModuleLocation }
  | { status: 'absent' };

const SOURCE_EXTENSIONS = ['.py', '.pyi'];
/**
 * Files that make a module importable without telling us its names: compiled or Cython source, and a module's
 * template (`models.py.template`, Django's `models.py-tpl`): the folder is copied and the file renamed to
 * `models.py` before anything imports it.
 */
export const OPAQUE_MODULE_FILE = /\.(so|pyd|pyx)$|\.py(\.(template|tmpl|tpl|j2|jinja2?)|-tpl)$/;
const OPAQUE = OPAQUE_MODULE_FILE;

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Whether workspace path `path` is `tail` or ends with `/tail` (`deploy/app/x.py` ends with `app/x.py`). */
export function endsWithPath(path: string, tail: string): boolean {
  return path === tail || path.endsWith(`/${tail}`);
}

/** Python identifiers are Unicode (PEP 3131): `café` is a module name as well as `cafe`. */
function isIdentifier(s: string): boolean {
  return /^[\p{XID_Start}_][\p{XID_Continue}]*$/u.test(s);
}

/**
 * Python reads identifiers in NFKC form, and file names may come in NFD (macOS): module keys are compared
 * in NFKC, so `import app.café` finds app/café.py however either is encoded.
 */
export function normalizeKey(key: string): string {
  return /[^\x00-\x7f]/.test(key) ? key.normalize('NFKC') : key;
}

/** moduleKeyOf's answers by path: checks ask it for every class and module they read (bounded: cleared when full). */
const moduleKeys = new Map<string, string | null>();
const MODULE_KEYS_KEPT = 100_000;

/** The module key of a file (`a/b.py` → `a/b`, `a/b/__init__.py` → `a/b`, `a/x.cpython-311.so` → `a/x`). */
export function moduleKeyOf(rawFile: string): string | null {
  let key = moduleKeys.get(rawFile);
  if (key === undefined) {
    if (moduleKeys.size >= MODULE_KEYS_KEPT) moduleKeys.clear();
    moduleKeys.set(rawFile, (key = computeModuleKey(rawFile)));
  }
  return key;
}

function computeModuleKey(rawFile: string): string | null {
  const file = normalizeKey(rawFile);
  const dir = dirname(file);
  const base = file.slice(dir ? dir.length + 1 : 0);
  let stem: string;
  if (OPAQUE.test(base)) stem = base.slice(0, base.indexOf('.'));
  else {
    const ext = SOURCE_EXTENSIONS.find((e) => base.endsWith(e));
    if (!ext) return null;
    stem = base.slice(0, -ext.length);
  }
  if (stem === '__init__') return dir;
  return isIdentifier(stem) ? joinPath(dir, stem) : null;
}

export class ModuleIndex {
  /** module key → files at that key, e.g. `a/b` → {a/b.py, a/b.pyi} or {a/b/__init__.py}. */
  private readonly byKey = new Map<string, Set<string>>();
  /** directory → number of module files anywhere below it (a directory with any is a namespace package). */
  private readonly dirWeight = new Map<string, number>();
  /** directory → names of its direct children that are modules or packages (for did-you-mean). */
  private readonly children = new Map<string, Set<string>>();
  /** locate() answers; any add or remove clears it (lookups run between batches of changes, not during). */
  private readonly located = new Map<string, ModuleLocation | null>();
  /** Folders whose contents are unknown (unreadable, or symlinked and not followed): any module may be there. */
  private readonly unlisted = new Set<string>();

  markUnlisted(dir: string): void {
    this.unlisted.add(normalizeKey(dir === '.' ? '' : dir));
    this.located.clear();
  }

  /** Whether `key` is an unlisted folder or lies inside one. */
  private inUnlisted(key: string): boolean {
    if (this.unlisted.size === 0) return false;
    for (let d = key; ; d = dirname(d)) {
      if (this.unlisted.has(d)) return true;
      if (d === '') return false;
    }
  }

  add(file: string): boolean {
    const key = moduleKeyOf(file);
    if (key === null) return false;
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    if (set.has(file)) return false;
    set.add(file);
    this.located.clear();
    for (let d = dirname(normalizeKey(file)); ; d = dirname(d)) {
      this.dirWeight.set(d, (this.dirWeight.get(d) ?? 0) + 1);
      if (d === '') break;
    }
    this.linkChildren(file);
    return true;
  }

  remove(file: string): boolean {
    const key = moduleKeyOf(file);
    const set = key === null ? undefined : this.byKey.get(key);
    if (!set || !set.delete(file)) return false;
    this.located.clear();
    if (set.size === 0) this.byKey.delete(key!);
    for (let d = dirname(normalizeKey(file)); ; d = dirname(d)) {
      const w = (this.dirWeight.get(d) ?? 1) - 1;
      if (w <= 0) this.dirWeight.delete(d);
      else this.dirWeight.set(d, w);
      if (d === '') break;
    }
    return true;
  }

  private linkChildren(file: string): void {
    // Every ancestor directory lists its child on the way down (module stem or sub-directory).
    for (let child = moduleKeyOf(file)!; child !== ''; child = dirname(child)) {
      const dir = dirname(child);
      const name = child.slice(dir ? dir.length + 1 : 0);
      if (!isIdentifier(name)) continue;
      let set = this.children.get(dir);
      if (!set) this.children.set(dir, (set = new Set()));
      set.add(name);
    }
  }

  /** How many files are at a module key (`a/b.py` and `a/b.pyi`: two). */
  filesAt(rawKey: string): number {
    return this.byKey.get(normalizeKey(rawKey))?.size ?? 0;
  }

  /** How many module files are below `dir` (0: the folder is no package of any kind). */
  directoryWeight(dir: string): number {
    return this.dirWeight.get(normalizeKey(dir)) ?? 0;
  }

  hasDirectory(dir: string): boolean {
    return this.dirWeight.has(normalizeKey(dir));
  }

  /** What lives at `key`, by Python's precedence: package, then module (source before compiled), then namespace. */
  locate(rawKey: string): ModuleLocation | null {
    const key = normalizeKey(rawKey);
    let loc = this.located.get(key);
    if (loc === undefined) this.located.set(key, (loc = this.computeLocation(key)));
    return loc;
  }

  private computeLocation(key: string): ModuleLocation | null {
    const files = this.byKey.get(key);
    if (files) {
      // Files are kept as found on disk; their normalized paths are what the key is made of.
      const fileAt = (normalized: string) => [...files].find((f) => normalizeKey(f) === normalized);
      for (const init of ['__init__.py', '__init__.pyi']) {
        const file = fileAt(joinPath(key, init));
        if (file) return { key, kind: 'package', file };
      }
      for (const f of files) if (dirname(normalizeKey(f)) === key) return { key, kind: 'opaque' }; // compiled __init__
      for (const ext of SOURCE_EXTENSIONS) {
        const file = fileAt(`${key}${ext}`);
        if (file) return { key, kind: 'module', file };
      }
      if (files.size) return { key, kind: 'opaque' };
    }
    if (this.dirWeight.has(key) && key !== '') return { key, kind: 'namespace' };
    if (this.inUnlisted(key)) return { key, kind: 'opaque' };
    return null;
  }

  /** Every folder at `rel` or ending in `/rel` (the portions a package that extends its `__path__` may join). */
  foldersNamed(rawRel: string): string[] {
    const rel = normalizeKey(rawRel);
    return [...this.dirWeight.keys()].filter((d) => d === rel || d.endsWith(`/${rel}`));
  }

  /** Names of modules and packages directly inside the package or namespace at `key` (did-you-mean candidates). */
  childNames(rawKey: string, tracker: DependencyTracker): string[] {
    const key = normalizeKey(rawKey);
    tracker.add(childrenKey(key));
    const set = this.children.get(key);
    if (!set) return [];
    // Children whose files were all removed linger in the set; keep only those still present.
    return [...set].filter((name) => this.locate(joinPath(key, name)) !== null);
  }

  /** Looks `segments` up below `base` (a sys.path entry or a package directory). */
  lookup(base: string, segments: string[]): LookupResult {
    let parent: ModuleLocation | null = null;
    let key = normalizeKey(base);
    for (let i = 0; i < segments.length; i++) {
      if (parent && parent.kind !== 'package' && parent.kind !== 'namespace' && !this.inUnlisted(parent.key)) {
        // `a.b.c` where `a.b` is a plain module: 'a.b' is not a package.
        return { status: 'missing', missingAt: i, parent };
      }
      key = joinPath(key, normalizeKey(segments[i]));
      const loc = this.locate(key);
      if (!loc) return i === 0 ? { status: 'absent' } : { status: 'missing', missingAt: i, parent: parent! };
      parent = loc;
    }
    return parent ? { status: 'found', location: parent } : { status: 'absent' };
  }
}

/** Whether `file` is a package's `__init__.py` (or `.pyi`): its coming or going makes its folder a package or not. */
export function isPackageInit(file: string): boolean {
  return /(^|\/)__init__\.pyi?$/.test(file);
}

export const CHILDREN_KEY_PREFIX = '#children:';
/** The dependency key of the list of modules directly inside a folder (a file added or removed there changes it). */
export function childrenKey(folderKey: string): string {
  return CHILDREN_KEY_PREFIX + folderKey;
}
