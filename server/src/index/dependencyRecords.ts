// Which dependency keys each file's last check read, and the reverse: which files read each key. An edit's
// re-check asks the reverse (Project.dependentsOf); the CLI keeps the forward records between runs
// (host/findingsStore.ts).
import { moduleOfNameKey } from './nameKeys';

export class DependencyRecords {
  /** file → the keys its last check read (sets handed over by runChecks, never changed afterwards). */
  private readonly keysOf = new Map<string, ReadonlySet<string>>();
  /**
   * key → the files whose last check read it; made when first asked (an edit), kept up to date after: a
   * one-shot run checks every file and is never asked, and the reverse of ~50 keys a file cost it ~40 ms.
   */
  private readersOf: Map<string, Set<string>> | null = null;
  /** module key → the name keys of it (index/nameKeys.ts) some file reads; made and kept with readersOf. */
  private readonly nameKeys = new Map<string, Set<string>>();

  record(file: string, keys: ReadonlySet<string>): void {
    const previous = this.keysOf.get(file);
    if (previous && (previous === keys || sameKeys(previous, keys))) return;
    this.keysOf.set(file, keys);
    const readersOf = this.readersOf;
    if (!readersOf) return;
    // Only the keys that came or went move (an edit's dependents each change one or two of their keys).
    if (previous) for (const key of previous) if (!keys.has(key)) this.dropReader(key, file);
    for (const key of keys) if (!previous?.has(key)) this.addReader(key, file);
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
    if (this.readersOf) for (const key of keys) this.dropReader(key, file);
    this.keysOf.delete(file);
  }

  readers(key: string): ReadonlySet<string> {
    return this.reverse().get(key) ?? NO_FILES;
  }

  /** The name keys of the module at `moduleKey` that some file's last check read. */
  nameKeysOf(moduleKey: string): ReadonlySet<string> {
    this.reverse();
    return this.nameKeys.get(moduleKey) ?? NO_FILES;
  }

  /** Every key some file's last check read. */
  keysRead(): IterableIterator<string> {
    return this.reverse().keys();
  }

  private reverse(): ReadonlyMap<string, Set<string>> {
    if (this.readersOf) return this.readersOf;
    if (this.keysOf.size === 0) return NO_READERS; // (asked before a first check: nothing to keep up to date yet)
    this.readersOf = new Map<string, Set<string>>();
    for (const [file, keys] of this.keysOf) for (const key of keys) this.addReader(key, file);
    return this.readersOf;
  }

  /** (A key no file reads any more is forgotten: keysRead answers as if the reverse were made now.) */
  private dropReader(key: string, file: string): void {
    const set = this.readersOf!.get(key);
    if (!set?.delete(file) || set.size !== 0) return;
    this.readersOf!.delete(key);
    const module = moduleOfNameKey(key);
    if (module === null) return;
    const names = this.nameKeys.get(module);
    if (names?.delete(key) && names.size === 0) this.nameKeys.delete(module);
  }

  private addReader(key: string, file: string): void {
    let set = this.readersOf!.get(key);
    if (!set) {
      this.readersOf!.set(key, (set = new Set()));
      const module = moduleOfNameKey(key);
      if (module !== null) {
        let names = this.nameKeys.get(module);
        if (!names) this.nameKeys.set(module, (names = new Set()));
        names.add(key);
      }
    }
    set.add(file);
  }
}

const NO_FILES: ReadonlySet<string> = new Set();
const NO_READERS: ReadonlyMap<string, Set<string>> = new Map();

function sameKeys(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of b) if (!a.has(k)) return false;
  return true;
}
