// What a batch of file changes calls for, gathered while Workspace.applyChanges applies them one by one: the files
// to check again whole, those whose surface changed (their dependents are re-derived), whether files came or went
// (the layout), which package `__init__.py` came or went (every file below its folder is checked whole:
// packageInits.ts), and whether everything must be checked again.
import { isPackageInit } from '../index/moduleIndex';
import { filesBelowInits } from './packageInits';

export class ChangeBatch {
  /** Files checked again whole: the changed ones, and those the batch affects beyond what their keys say. */
  readonly recheck = new Set<string>();
  /** Files whose surface changed, or that came or went (Project.dependentsOf). */
  readonly surfaceChanged: string[] = [];
  /** Files came or went: folders' module lists and namespace packages may have changed. */
  structural = false;
  /** Every file is checked again (a marker file, a linter config, the roots or the builtins changed). */
  everything = false;
  lintConfigsChanged = false;
  private readonly initsComeOrGone: string[] = [];

  /**
   * A Python file came or went, read or not (one place for every kind of file, so that a package's `__init__.py`
   * is never missed: one that cannot be read still makes its folder a package).
   */
  cameOrWent(rel: string): void {
    this.structural = true;
    if (isPackageInit(rel)) this.initsComeOrGone.push(rel);
  }

  /** Adds the files of `paths` below the folder of a package `__init__.py` that came or went. */
  recheckBelowInits(paths: Iterable<string>): void {
    for (const f of filesBelowInits(this.initsComeOrGone, paths)) this.recheck.add(f);
  }
}
