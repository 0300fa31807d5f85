// Which files define each name at module level (def, class, assignment): the candidates undefined-name offers
// to import from. A check that asks records `#definers:<name>`; when a file starts or stops defining a name,
// the files that asked about it are checked again (their suggestions and fixes name the definers).
import type { DependencyTracker } from './dependencyTracker';
import type { SourceFile } from './sources';

export const DEFINERS_KEY_PREFIX = '#definers:';
const NO_FILES: ReadonlySet<string> = new Set();

export class ModuleDefinitions {
  private readonly definers = new Map<string, Set<string>>();
  /** Name → (file → added minus removed) since the last changedKeys (a file re-indexed as it was nets 0). */
  private readonly moved = new Map<string, Map<string, number>>();

  /**
   * `readersMayExist`: whether any file's dependency keys are recorded. Until one is, no file has asked about a
   * name, so nothing is noted of what moves: a cold index and a resumed run's index from the cache (its records
   * are restored after) add thousands of files, and noting each of their names cost ~120 ms of the first.
   */
  constructor(private readonly readersMayExist: () => boolean) {}

  /** Adds (or removes) what `source` defines. */
  index(source: SourceFile, add: boolean): void {
    const noting = this.readersMayExist();
    for (const b of source.summary.moduleBindings) {
      if (b.kind !== 'def' && b.kind !== 'class' && b.kind !== 'assign') continue;
      let set = this.definers.get(b.name);
      if (add) {
        if (!set) this.definers.set(b.name, (set = new Set()));
        if (set.has(source.path)) continue;
        set.add(source.path);
      } else if (!set?.delete(source.path)) continue;
      if (!noting) continue;
      let files = this.moved.get(b.name);
      if (!files) this.moved.set(b.name, (files = new Map()));
      files.set(source.path, (files.get(source.path) ?? 0) + (add ? 1 : -1));
    }
  }

  definersOf(name: string, tracker: DependencyTracker): ReadonlySet<string> {
    tracker.add(DEFINERS_KEY_PREFIX + name);
    return this.definers.get(name) ?? NO_FILES;
  }

  /** The keys of the names whose definers changed since the last call. */
  changedKeys(): string[] {
    const out: string[] = [];
    for (const [name, files] of this.moved) if ([...files.values()].some((net) => net !== 0)) out.push(DEFINERS_KEY_PREFIX + name);
    this.moved.clear();
    return out;
  }
}
