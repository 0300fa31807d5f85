// A package's `__init__.py` coming or going changes the top package of every file below its folder, and so the
// folders their absolute imports start from (Project.candidateRoots): `celery` in web/proj/tasks.py is the
// installed Celery while proj/ is a package, its neighbour celery.py once it is not. No dependency key records
// the roots a resolution did not look in, so those files are checked again whole (such an edit is rare).

/** The files of `paths` below the folder of any of `inits` (the project's root folder: every file). */
export function filesBelowInits(inits: readonly string[], paths: Iterable<string>): string[] {
  if (inits.length === 0) return [];
  const prefixes = inits.map((init) => init.slice(0, init.lastIndexOf('/') + 1));
  const out: string[] = [];
  for (const p of paths) if (prefixes.some((prefix) => p.startsWith(prefix))) out.push(p);
  return out;
}
