// Records which module keys a check looked at, so an edit re-checks exactly the files that depend on it.
// (Its own file: symbols.ts needs it at run time and project.ts needs Symbols, so neither imports the other's values.)
export class DependencyTracker {
  readonly keys = new Set<string>();
  /** Key lists of memo entries already added whole (never changed once made): a repeated lookup adds nothing. */
  private addedLists: Set<readonly string[]> | undefined;
  add(key: string): void {
    this.keys.add(key);
  }
  /** Adds every key of a memo entry's (immutable) key list. */
  addAll(keys: readonly string[]): void {
    if (keys.length > 2) {
      if (this.addedLists?.has(keys)) return;
      (this.addedLists ??= new Set()).add(keys);
    }
    for (const k of keys) this.keys.add(k);
  }
}
