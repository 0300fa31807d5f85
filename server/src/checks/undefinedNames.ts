// undefined-name: a name read where nothing binds it: not in its function/class scopes (resolved in the
// summarizer), not at module level, not a builtin, not brought by a star import.
import { dirname, moduleKeyOf } from '../index/moduleIndex';
import type { ModuleLocation } from '../index/moduleIndex';
import type { DependencyTracker, Project, SourceFile } from '../index/project';
import type { Fix } from '../core/types';
import type { Guard } from '../syntax/summary';
import { addImportFix } from '../rulekit/fixes';
import { bindingRelated } from '../rulekit/related';
import type { RuleFamily } from '../rulekit/rule';

const SILENCING_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['name-error', 'type-checking', 'version', 'expects-lookup-error']);
const MAX_IMPORT_FIXES = 3;

export const undefinedNames: RuleFamily = {
  rules: [
    {
      id: 'undefined-name',
      defaultSeverity: 'error',
      summary: 'A name is used where nothing binds it.',
      doc: {
        catches: 'A class, function or variable used without being defined or imported in that module.',
        whyItBreaks: "Python raises NameError when the line runs (at import time for module-level code).",
        example: 'def list_orders():\n    return Order.objects.all()  # Order was never imported',
        fix: 'Import the name from the module that defines it (the quick fix offers each project module that does).',
      },
    },
  ],
  check(ctx) {
    const { file, project, tracker } = ctx;
    const s = file.summary;
    // Where a file's own bindings are uncertain, any verdict would be a guess.
    if (s.unparsed || s.hasErrorNodes || s.dynamicGlobals) return;
    const stars: ModuleLocation[] = [];
    for (const record of s.imports) {
      if (!record.star) continue;
      const target = project.resolveImport(file.path, record, tracker);
      if (target.status !== 'found') return; // a star import from outside the project may bind anything
      stars.push(target.location);
    }
    const candidateCache = new Map<string, Definer[]>();
    // Which import section a new import joins (isort's first party: a package of the project).
    const firstParty = new Map<string, boolean>();
    const isFirstParty = (top: string): boolean => {
      if (!firstParty.has(top)) firstParty.set(top, project.resolveModule(file.path, 0, top, tracker).status === 'found');
      return firstParty.get(top)!;
    };
    for (const use of s.globalUses) {
      const name = use.name;
      if (project.isBound(file, name) || project.isBuiltin(name)) continue;
      if (use.annotation && s.futureAnnotations) continue;
      if (use.guards.some((g) => SILENCING_GUARDS.has(g))) continue;
      let provided: 'yes' | 'no' | 'unknown' = 'no';
      for (const loc of stars) {
        const status = project.starExportStatus(loc, name, tracker);
        if (status === 'yes') provided = 'yes';
        else if (status === 'unknown' && provided === 'no') provided = 'unknown';
        if (provided === 'yes') break;
      }
      if (provided !== 'no') continue;
      let definers = candidateCache.get(name);
      if (!definers) candidateCache.set(name, (definers = definingModules(project, file, name, tracker)));
      const modules = definers.map((d) => d.module);
      const fixes: Fix[] = modules.map((m) => addImportFix(file, m, name, isFirstParty));
      if (fixes.length === 1) fixes[0].isPreferred = true;
      const hint = modules.length ? `; ${modules.length > 1 ? 'defined in' : 'import it from'} ${modules.map((m) => `'${m}'`).join(', ')}` : '';
      const definedBy = modules.length ? ` ${modules.map((m) => `'${m}'`).join(', ')} ${modules.length > 1 ? 'define' : 'defines'} it, but this file does not import it.` : '';
      ctx.report({
        rule: 'undefined-name',
        span: use.span,
        message: `Name '${name}' is not defined${hint}`,
        detail: `Nothing binds '${name}' in this scope, at module level or among the builtins: Python raises NameError when the line runs.${definedBy}`,
        related: definers.flatMap((d) => bindingRelated(project, d.path, name, `'${name}' is defined here`)),
        fixes,
      });
    }
  },
};

interface Definer {
  module: string;
  path: string;
}

/** Project modules that define `name` (not merely import it), nearest to `file` first. */
function definingModules(project: Project, file: SourceFile, name: string, tracker: DependencyTracker): Definer[] {
  const candidates: { module: string; path: string; distance: number }[] = [];
  for (const path of project.definersOf(name, tracker)) {
    if (path === file.path) continue;
    const key = moduleKeyOf(path);
    const module = key === null ? null : project.dottedName(key, file.path);
    if (module) candidates.push({ module, path, distance: pathDistance(file.path, path) });
  }
  candidates.sort((a, b) => a.distance - b.distance || a.module.length - b.module.length || (a.module < b.module ? -1 : 1));
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.module) && seen.add(c.module)).slice(0, MAX_IMPORT_FIXES).map(({ module, path }) => ({ module, path }));
}

/** Folders between two files through their common ancestor. */
function pathDistance(a: string, b: string): number {
  const da = dirname(a).split('/');
  const db = dirname(b).split('/');
  let common = 0;
  while (common < da.length && common < db.length && da[common] === db[common]) common++;
  return da.length - common + (db.length - common);
}
