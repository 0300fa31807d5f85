// Which top-level packages the project imports anywhere (`importsPackage('sqlalchemy')`): framework rules of
// every file ask it first and say nothing when the answer is no, reading nothing else. So the answer is a
// dependency of its own: a check records `#imports-package:<name>`, and when the last file importing a package
// goes or the first one comes, the files that asked are checked again.
import type { DependencyTracker } from './dependencyTracker';

export const IMPORTS_PACKAGE_KEY_PREFIX = '#imports-package:';

export class ImportedPackages {
  /** The names now (null: to be listed again after a change of imports or layout). */
  private names: Set<string> | null = null;
  /** The names when dependentsOf last asked (each edit is compared with them: the CLI's resume asks once indexed). */
  private asked: Set<string> | null = null;

  /** `modules`: the project's absolute import paths, listed again only after `invalidate`. */
  constructor(private readonly modules: () => Iterable<string>) {}

  has(name: string, tracker: DependencyTracker): boolean {
    tracker.add(IMPORTS_PACKAGE_KEY_PREFIX + name);
    return this.current().has(name);
  }

  invalidate(): void {
    this.names = null;
  }

  /** The keys of the names that came or went since the last call (none at the first). */
  changedKeys(): string[] {
    const before = this.asked;
    const now = this.current();
    this.asked = now;
    if (!before || before === now) return [];
    const out: string[] = [];
    for (const n of before) if (!now.has(n)) out.push(IMPORTS_PACKAGE_KEY_PREFIX + n);
    for (const n of now) if (!before.has(n)) out.push(IMPORTS_PACKAGE_KEY_PREFIX + n);
    return out;
  }

  private current(): Set<string> {
    if (!this.names) {
      this.names = new Set();
      for (const module of this.modules()) {
        const dot = module.indexOf('.');
        this.names.add(dot < 0 ? module : module.slice(0, dot));
      }
    }
    return this.names;
  }
}
