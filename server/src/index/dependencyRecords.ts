// Which dependency keys each file's last check read, and the reverse: which files read each key. An edit's
// re-check asks the reverse (Project.dependentsOf); the CLI keeps the forward records between runs
// (host/findingsStore.ts).
export class DependencyRecords {
  /** file → the keys its last check read (sets handed over by runChecks, never changed afterwards). */
  private readonly keysOf = new Map<string, ReadonlySet<string>>();
  /** key → the files whose last check read it. */
  private readonly readersOf = new Map<string, Set<string>>();

  record(file: string, keys: ReadonlySet<string>): void {
    const previous = this.keysOf.get(file);
    if (previous && (previous === keys || sameKeys(previous, keys))) return;
    // Only the keys that came or went move (an edit's dependents each change one or two of their keys).
    if (previous) for (const key of previous) if (!keys.has(key)) this.readersOf.get(key)?.delete(file);
    this.keysOf.set(file, keys);
    for (const key of keys) {
      if (previous?.has(key)) continue;
      let set = this.readersOf.get(key);
      if (!set) this.readersOf.set(key, (set = new Set()));
      set.add(file);
    }
  }

  keysReadBy(file: string): ReadonlySet<string> | undefined {
    return this.keysOf.get(file);
  }

  drop(file: string): void {
    const keys = this.keysOf.get(file);
    if (!keys) return;
    for (const key of keys) this.readersOf.get(key)?.delete(file);
    this.keysOf.delete(file);
  }

  readers(key: string): ReadonlySet<string> {
    return this.readersOf.get(key) ?? NO_FILES;
  }

  /** Every key some file's last check read. */
  keysRead(): IterableIterator<string> {
    return this.readersOf.keys();
  }
}

const NO_FILES: ReadonlySet<string> = new Set();

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of b) if (!a.has(k)) return false;
  return true;
}
