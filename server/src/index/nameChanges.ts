// Which names of each edited module changed since Project.dependentsOf last ran (#17): an edit that changes only
// some names' parts re-checks the readers of those names' keys (index/nameKeys.ts) besides the module's own;
// anything else (the rest changed, a file came or went, two files at one module key) re-checks every key of it.
import type { DependencyRecords } from './dependencyRecords';
import type { IndexedFramework } from './frameworkParts';
import { changeScope, nameKey, namesKey, type NameScope } from './nameKeys';
import { partsOf, type SourceFile } from './sources';

export class NameChanges {
  private readonly pending = new Map<string, NameScope>();

  /** A module's every key is to fire (a file added or removed, contents unknown, written names changed…). */
  all(moduleKey: string): void {
    this.pending.set(moduleKey, 'all');
  }

  /** A source file replaced (`before` → `after`) at `moduleKey`; `alone`: the only file at that key. */
  replaced(moduleKey: string, before: SourceFile, after: SourceFile, adapters: readonly IndexedFramework[], alone: boolean): void {
    const last = this.pending.get(moduleKey);
    if (last === 'all') return;
    const scope = alone ? changeScope({ parts: partsOf(before, adapters), summary: before.summary }, { parts: partsOf(after, adapters), summary: after.summary }) : 'all';
    if (scope === 'all' || !last) this.pending.set(moduleKey, scope);
    else {
      for (const n of scope.names) last.names.add(n);
      last.nameSet ||= scope.nameSet;
    }
  }

  /**
   * The keys an edit of `moduleKey` fires besides the module key itself (all of its name keys some file reads and
   * its names key, unless only some names changed); forgets the module's pending change.
   */
  keysFired(moduleKey: string, records: DependencyRecords): string[] {
    const scope = this.pending.get(moduleKey) ?? 'all';
    this.pending.delete(moduleKey);
    return allOrSome(moduleKey, scope, records);
  }

  /** Forgets what no dependentsOf asked about (a module whose edit changed nothing others see). */
  clear(): void {
    this.pending.clear();
  }
}

/** Every name key of a module some file reads, and its names key. */
export function everyNameKey(moduleKey: string, records: DependencyRecords): string[] {
  return allOrSome(moduleKey, 'all', records);
}

function allOrSome(moduleKey: string, scope: NameScope, records: DependencyRecords): string[] {
  if (scope === 'all') return [...records.nameKeysOf(moduleKey), namesKey(moduleKey)];
  const out = [...scope.names].map((n) => nameKey(moduleKey, n));
  if (scope.nameSet) out.push(namesKey(moduleKey));
  return out;
}
