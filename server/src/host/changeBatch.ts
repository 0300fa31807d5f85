// What a batch of file changes calls for, gathered while Workspace.applyChanges applies them one by one: the files
// to check again whole, those whose surface changed (their dependents are re-derived), whether files came or went
// (the layout), which package `__init__.py` came or went, and whether everything must be checked again.
//
// A package's `__init__.py` coming or going changes the top package of every file below its folder, and so the
// folders their absolute imports start from (Project.candidateRoots): `celery` in web/proj/tasks.py is the
// installed Celery while proj/ is a package, its neighbour celery.py once it is not. No dependency key records
// the roots a resolution did not look in, so those files are checked again whole (such an edit is rare).
import { isPackageInit } from '../index/moduleIndex';

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

  /** Adds the files of `paths` below the folder of a package `__init__.py` that came or went (the root's: every file). */
  recheckBelowInits(paths: Iterable<string>): void {
    if (this.initsComeOrGone.length === 0) return;
    const prefixes = this.initsComeOrGone.map((init) => init.slice(0, init.lastIndexOf('/') + 1));
    for (const p of paths) if (prefixes.some((prefix) => p.startsWith(prefix))) this.recheck.add(p);
  }
}
