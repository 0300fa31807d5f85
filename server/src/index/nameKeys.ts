// Name-scoped dependency keys (#17): a module's surface split into one part per module-level name and a rest, and
// the keys a reader records when it reads only some names of a module it resolved (`from m import a`): `#name:m:a`
// for each name, `#names:m` when it enumerates them. An edit of `m` that changes only some names' parts re-checks the
// readers of `m` (the whole module, as everywhere else) and of those names' keys; any change of the rest, a file
// appearing or going, or anything else uncertain re-checks the readers of every key of `m`.
//
// A name's part holds what resolving the name reads of its module: its bindings (kind, value hint, the import
// that binds it), the top-level classes and module-level functions of that name. Reading a name may read
// others of the same module (`a = Foo()` reads `Foo`; a class's bases, decorators and annotations): an edit
// that changes a name's part also counts as changing every name whose part mentions it, transitively (see
// affectedNames), so a reader records only the name it asked for, whatever the resolution then read in that module.
import type { ClassInfo, FileSummary, FunctionInfo, ImportRecord } from '../syntax/summary';
import { frameworkSurface, type IndexedFramework } from './frameworkParts';

export const NAME_PREFIX = '#name:';
export const NAMES_PREFIX = '#names:';

/** The key of one module-level name of the module at `moduleKey` (a module key never starts with `#`). */
export function nameKey(moduleKey: string, name: string): string {
  return `${NAME_PREFIX}${moduleKey}:${name}`;
}

/** The key of a module's set of names (read by whatever lists them: did-you-mean candidates). */
export function namesKey(moduleKey: string): string {
  return `${NAMES_PREFIX}${moduleKey}`;
}

/** The module of a name key (names are identifiers: the module is what comes before the last colon); null for any other key. */
export function moduleOfNameKey(key: string): string | null {
  if (!key.startsWith(NAME_PREFIX)) return null;
  return key.slice(NAME_PREFIX.length, key.lastIndexOf(':'));
}

/** The module a key is about: a name key's module, otherwise the key itself (what module-keyed caches index by). */
export function moduleOfKey(key: string): string {
  return moduleOfNameKey(key) ?? key;
}

function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** A surface in parts: `names`, each non-dunder module-level name's part; `rest`, everything else. */
export interface SurfaceParts {
  rest: string;
  names: Map<string, string>;
}

/**
 * The surface of a summary in parts: no positions, so body edits change none. Dunder names (`__all__`, `__path__`,
 * `__getattr__`) are in the rest: they change how the whole module answers. Framework adapters' parts are in the rest.
 */
export function surfaceParts(summary: FileSummary, adapters: readonly IndexedFramework[]): SurfaceParts {
  const byName = new Map<string, unknown[][]>();
  const entry = (name: string): unknown[][] => {
    let e = byName.get(name);
    if (!e) byName.set(name, (e = [[], [], []]));
    return e;
  };
  const importsBinding = new Set<number>();
  for (const b of summary.moduleBindings) {
    const record = b.importIndex !== undefined ? summary.imports[b.importIndex] : undefined;
    if (b.importIndex !== undefined) importsBinding.add(b.importIndex);
    entry(b.name)[0].push([b.kind, b.hint ?? null, b.importIndex === undefined ? null : record ? importShape(record, b.name) : 'missing']);
  }
  const nested: unknown[] = [];
  summary.classes.forEach((c) => (c.topLevel ? entry(c.name)[1].push(classShape(c)) : nested.push(classShape(c))));
  for (const f of summary.functions) entry(f.name)[2].push(signatureShape(f));
  const names = new Map<string, string>();
  const dunders: [string, string][] = [];
  for (const [name, part] of byName) {
    const text = JSON.stringify(part);
    if (isDunder(name)) dunders.push([name, text]);
    else names.set(name, text);
  }
  dunders.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rest = JSON.stringify([
    summary.unparsed ?? null,
    summary.hasErrorNodes,
    summary.hasModuleGetattr,
    summary.dynamicGlobals,
    summary.installsGettext,
    summary.dunderAll,
    dunders,
    nested,
    summary.imports.filter((i) => i.star).map((i) => [i.level, i.module, i.guards, i.topLevel, i.conditional ?? false]),
    // Module-scope imports that bind no name seen above (none, as summaries are made today): whole, in order.
    summary.imports.flatMap((i, index) => (i.topLevel && !i.star && !importsBinding.has(index) ? [importShape(i, null)] : [])),
    [...new Set(summary.imports.filter((i) => i.level === 0).map((i) => i.module.split('.').slice(0, 2).join('.') + (i.kind === 'from' && !i.module.includes('.') ? ':' + i.names.map((n) => n.name).join(',') : '')))].sort(),
    summary.moduleAttributeRefs.filter((r) => r.write).map((r) => [r.root, r.steps.map((s) => s.name)]),
    summary.attributeWrites,
    summary.classAttributeWrites ?? null,
    adapters.map((a) => frameworkSurface(summary, a)),
  ]);
  return { rest, names };
}

/** The surface as one string (equal exactly when the rest and every name's part are equal). */
export function surfaceString(parts: SurfaceParts): string {
  return JSON.stringify([parts.rest, [...parts.names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))]);
}

/** An import record as a binding of `name` reads it (null: the whole record). */
export function importShape(i: ImportRecord, name: string | null): unknown {
  const items = name === null ? i.names : i.names.filter((n) => (n.alias ?? n.name) === name);
  return [i.kind, i.level, i.module, i.alias, items.map((n) => [n.name, n.alias]), i.star, i.guards, i.topLevel, i.conditional ?? false];
}

export function classShape(c: ClassInfo): unknown {
  return [c.name, c.topLevel, c.bases, c.builtBases ?? null, c.keywords, c.metaclass ?? null, c.decorators, c.bareDecorators ?? null, c.dynamic, c.dynamicInstancesOnly ?? false, c.dataclass, c.config ?? null, c.dunders ?? null, c.tableForeignKeys?.map((f) => f.target) ?? null, c.members.map((m) => [m.name, m.kind, m.hint ?? null, m.nested ?? null, m.field ?? null, m.callArgs ? { ...m.callArgs, foreignKeys: m.callArgs.foreignKeys?.map((f) => f.target), stringSpans: undefined, keywordDeletions: undefined } : null]), c.instanceAttributes.map((a) => [a.name, a.hint ?? null]), c.methods.map(signatureShape)];
}

export function signatureShape(f: FunctionInfo): unknown {
  return [f.name, f.params, f.decorators, f.isAsync, f.asyncGenerator ?? false, f.returns, f.returnsCall ?? null, f.preservesSignature ?? false, f.returnsItsArgument ?? false, f.selfChains ?? null, f.returnsElement ?? null, f.kwargsFlow ?? null, f.mergesDicts ?? false];
}

/** What an edit of a module changed for name-scoped readers: 'all', or the names whose keys fire (and whether its name set changed). */
export type NameScope = 'all' | { names: Set<string>; nameSet: boolean };

/**
 * The scope of a change from `before` to `after` (each a summary's parts and the summary itself): 'all' when the
 * rest changed; else the names whose part changed, closed over the names whose part mentions one of them.
 */
export function changeScope(before: { parts: SurfaceParts; summary: FileSummary }, after: { parts: SurfaceParts; summary: FileSummary }): NameScope {
  if (before.parts.rest !== after.parts.rest) return 'all';
  const changed = new Set<string>();
  for (const [name, part] of before.parts.names) if (after.parts.names.get(name) !== part) changed.add(name);
  for (const name of after.parts.names.keys()) if (!before.parts.names.has(name)) changed.add(name);
  const nameSet = before.parts.names.size !== after.parts.names.size || [...after.parts.names.keys()].some((n) => !before.parts.names.has(n));
  const names = affectedNames(changed, [before, after]);
  // What the rest says may name them (an adapter's facts: a provider's session class, a model's manager): its
  // readers read the rest whatever name they asked for, then those names' bindings, so all of it changed.
  const inRest = mentions(before.parts.rest, before.summary);
  for (const n of names) if (inRest.has(n)) return 'all';
  return { names, nameSet };
}

/** `changed` and every name whose part (in any of `versions`) mentions an affected name, transitively. (The rest is the same in both.) */
function affectedNames(changed: Set<string>, versions: { parts: SurfaceParts; summary: FileSummary }[]): Set<string> {
  if (changed.size === 0) return changed;
  // name → the names whose part mentions it (in any version), and a class → its bases' first names: a class's
  // subclasses are read through it (Symbols.subclasses: a method's result holds when no subclass redefines it).
  const mentionedBy = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    if (from === to) return;
    let set = mentionedBy.get(from);
    if (!set) mentionedBy.set(from, (set = new Set()));
    set.add(to);
  };
  for (const v of versions) {
    for (const [name, part] of v.parts.names) for (const token of mentions(part, v.summary)) edge(token, name);
    for (const c of v.summary.classes) if (c.topLevel) for (const base of c.bases) edge(c.name, base.split('.')[0]);
  }
  const out = new Set(changed);
  const queue = [...changed];
  while (queue.length) {
    for (const n of mentionedBy.get(queue.pop()!) ?? []) {
      if (out.has(n)) continue;
      out.add(n);
      queue.push(n);
    }
  }
  return out;
}

/** Every identifier in a part (a superset of the names it reads), and the names of the classes its hints point at by index. */
function mentions(part: string, summary: FileSummary): Set<string> {
  const out = new Set(part.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  for (const m of part.matchAll(/"classIndex":(\d+)/g)) {
    const c = summary.classes[Number(m[1])];
    if (c) out.add(c.name);
  }
  return out;
}
