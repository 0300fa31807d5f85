// Which dependency keys each file's last check read, and the reverse: which files read each key. An edit's
// re-check asks the reverse (Project.dependentsOf); the CLI keeps the forward records between runs
// (host/findingsStore.ts).
export class DependencyRecords {
  /** file → the keys its last check read (sets handed over by runChecks, never changed afterwards). */
  private readonly keysOf = new Map<string, ReadonlySet<string>>();
  /**
   * key → the files whose last check read it; made when first asked (an edit), kept up to date after: a
   * one-shot run checks every file and is never asked, and the reverse of ~50 keys a file cost it ~40 ms.
   */
  private readersOf: Map<string, Set<string>> | null = null;

  record(file: string, keys: ReadonlySet<string>): void {
    const previous = this.keysOf.get(file);
    if (previous && (previous === keys || sameKeys(previous, keys))) return;
    this.keysOf.set(file, keys);
    const readersOf = this.readersOf;
    if (!readersOf) return;
    // Only the keys that came or went move (an edit's dependents each change one or two of their keys).
    if (previous) for (const key of previous) if (!keys.has(key)) dropReader(readersOf, key, file);
    for (const key of keys) if (!previous?.has(key)) addReader(readersOf, key, file);
  }

  /** Whether any file's keys are recorded (until then, no change can concern a reader). */
  hasRecords(): boolean {
    return this.keysOf.size > 0;
  }

  keysReadBy(file: string): ReadonlySet<string> | undefined {
    return this.keysOf.get(file);
  }

  drop(file: string): void {
    const keys = this.keysOf.get(file);
    if (!keys) return;
    if (this.readersOf) for (const key of keys) dropReader(this.readersOf, key, file);
    this.keysOf.delete(file);
  }

  readers(key: string): ReadonlySet<string> {
    return this.reverse().get(key) ?? NO_FILES;
  }

  /** Every key some file's last check read. */
  keysRead(): IterableIterator<string> {
    return this.reverse().keys();
  }

  private reverse(): ReadonlyMap<string, Set<string>> {
    if (this.readersOf) return this.readersOf;
    if (this.keysOf.size === 0) return NO_READERS; // (asked before a first check: nothing to keep up to date yet)
    const readersOf = new Map<string, Set<string>>();
    for (const [file, keys] of this.keysOf) for (const key of keys) addReader(readersOf, key, file);
    return (this.readersOf = readersOf);
  }
}

/** (A key no file reads any more is forgotten: keysRead answers as if the reverse were made now.) */
function dropReader(readersOf: Map<string, Set<string>>, key: string, file: string): void {
  const set = readersOf.get(key);
  if (set?.delete(file) && set.size === 0) readersOf.delete(key);
}

function addReader(readersOf: Map<string, Set<string>>, key: string, file: string): void {
  let set = readersOf.get(key);
  if (!set) readersOf.set(key, (set = new Set()));
  set.add(file);
}

const NO_FILES: ReadonlySet<string> = new Set();
const NO_READERS: ReadonlyMap<string, Set<string>> = new Map();

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of b) if (!a.has(k)) return false;
  return true;
}
