// Records which module keys a check looked at, so an edit re-checks exactly the files that depend on it.
// (Its own file: symbols.ts needs it at run time and project.ts needs Symbols, so neither imports the other's values.)
export class DependencyTracker {
  readonly keys = new Set<string>();
  add(key: string): void {
    this.keys.add(key);
  }
}
