// Values shared by content key between paths (identical files are summarized once), each kept exactly as
// long as some path points at it: re-pointing or removing a path releases its old value at once, so no
// old version of an edited file stays reachable.

export class SharedByKey<V> {
  /** path → key of the value it uses. */
  private readonly keyByPath = new Map<string, string>();
  private readonly entries = new Map<string, { value: V; holders: number }>();

  keyOf(path: string): string | undefined {
    return this.keyByPath.get(path);
  }

  has(path: string): boolean {
    return this.keyByPath.has(path);
  }

  /** The value stored under `key`, if some path uses it. */
  valueOf(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  paths(): IterableIterator<string> {
    return this.keyByPath.keys();
  }

  get pathCount(): number {
    return this.keyByPath.size;
  }

  /** How many values are held (for tests and statistics). */
  get valueCount(): number {
    return this.entries.size;
  }

  /** Points `path` at `key`, storing `value` when no path uses `key` yet; releases what `path` used before. */
  set(path: string, key: string, value: V): void {
    const before = this.keyByPath.get(path);
    if (before === key) return;
    const entry = this.entries.get(key);
    if (entry) entry.holders++;
    else this.entries.set(key, { value, holders: 1 });
    this.keyByPath.set(path, key);
    if (before !== undefined) this.release(before);
  }

  /** Forgets `path`; returns whether it was there. */
  delete(path: string): boolean {
    const key = this.keyByPath.get(path);
    if (key === undefined) return false;
    this.keyByPath.delete(path);
    this.release(key);
    return true;
  }

  /** The values held, by key. */
  byKey(): Map<string, V> {
    return new Map([...this.entries].map(([k, e]) => [k, e.value]));
  }

  /** Empties the store and hands back its values by key (a cache for re-indexing, dropped afterwards). */
  takeAll(): Map<string, V> {
    const out = new Map([...this.entries].map(([k, e]) => [k, e.value]));
    this.entries.clear();
    this.keyByPath.clear();
    return out;
  }

  private release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && --entry.holders <= 0) this.entries.delete(key);
  }
}
