// unresolved-module and unknown-import-name: imports of project modules that do not exist, or of names a
// project module does not define. Third-party and stdlib imports are never judged here.
import { nearestName } from '../core/nearest';
import type { Span } from '../core/types';
import type { Guard } from '../syntax/summary';
import { describeModule, replaceSpanFix } from '../rulekit/fixes';
import { bindingRelated, moduleRelated } from '../rulekit/related';
import type { RuleFamily } from '../rulekit/rule';
import { childrenKey } from '../index/moduleIndex';

/** Guards under which a failing import is handled (or never runs). */
const IMPORT_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['import-error', 'type-checking', 'version', 'expects-lookup-error']);

export const importChecks: RuleFamily = {
  rules: [
    {
      id: 'unresolved-module',
      defaultSeverity: 'error',
      summary: 'An import names a project module that does not exist.',
      doc: {
        catches: "`import app.servics.user` or `from .utlis import x` where the project has no such module.",
        whyItBreaks: 'Importing the file raises ModuleNotFoundError.',
        example: 'from app.services.payment import charge  # app/services/ has no payment.py',
        fix: 'Point the import at the module that exists, or create it.',
      },
    },
    {
      id: 'unknown-import-name',
      defaultSeverity: 'error',
      summary: '`from m import X` where project module m defines no X.',
      doc: {
        catches: 'Importing a function, class or variable that the project module never defines (nor a submodule of that name).',
        whyItBreaks: "Importing the file raises ImportError: cannot import name 'X'.",
        example: 'from app.models import UserProfile  # app/models.py defines User and Profile',
        fix: 'Import the name the module defines, or define it there.',
      },
    },
  ],
  // Each item is checked from its own context alone (runChecks.ts replays the lists of an edit that touches only items).
  itemsStandAlone: true,
  check(fileCtx) {
    fileCtx.each('imports', fileCtx.file.summary.imports, (record, ctx) => {
      const { file, project, tracker } = ctx;
      if (record.guards.some((g) => IMPORT_GUARDS.has(g))) return;
      // A file the build copies or a volume mounts elsewhere resolves its relative imports there.
      if (record.level > 0 && project.placedElsewhere(file.path, tracker)) return;
      // `from m import a, b` reads only those names of m: their keys, not m's (#17; see Project.resolveImportedNames).
      const target = record.kind === 'from' && !record.star ? project.resolveImportedNames(file.path, record, record.names.map((n) => n.name), tracker) : project.resolveImport(file.path, record, tracker);
      const written = '.'.repeat(record.level) + record.module;
      if (target.status === 'missing') {
        // Where it was looked for is in the finding (package, namespace or module: an __init__.py coming or going changes it).
        tracker.add(target.parent.key);
        const segments = record.module.split('.');
        const missing = segments[target.missingAt];
        const span: Span = record.segmentSpans[target.missingAt] ?? record.moduleSpan;
        const parentName = describeModule('.'.repeat(record.level) + segments.slice(0, target.missingAt).join('.'), target.parent);
        const candidates = project.modules.childNames(target.parent.key, tracker);
        const suggestion = nearestName(missing, candidates);
        const notPackage = target.parent.kind === 'module' || target.parent.kind === 'opaque';
        const parentWritten = '.'.repeat(record.level) + segments.slice(0, target.missingAt).join('.');
        const message = notPackage
          ? `Module '${written}' not found: '${parentWritten}' is a module, not a package`
          : `Module '${written}' not found${suggestion ? `; did you mean '${[...segments.slice(0, target.missingAt), suggestion].join('.')}'?` : ''}`;
        const detail = notPackage
          ? `${parentName} is a module, so it has no submodule '${missing}': importing this file raises ModuleNotFoundError.`
          : `${parentName} has no module '${missing}': importing this file raises ModuleNotFoundError.`;
        ctx.report({
          rule: 'unresolved-module',
          span,
          message,
          detail,
          related: moduleRelated(target.parent, `looked for '${missing}' in ${notPackage ? 'this module' : 'this package'}`),
          // `import a.servics` binds `a` and the file says `a.servics.x`: renaming the import alone leaves those uses broken.
          fixes: suggestion ? [replaceSpanFix(file.path, span, suggestion, `Change '${missing}' to '${suggestion}'`, record.kind === 'from' || record.alias ? 'safe' : 'unsafe')] : [],
        });
        return;
      }
      if (target.status !== 'found' || record.kind !== 'from' || record.star) return;
      const loc = target.location;
      // What a missing name's suggestion reads (namesOf), read whether a name is missing or not: an edit that
      // removes a name and one that restores it then leave the item's keys as they were, and re-deriving it after
      // each (500 importers of a renamed function) does not re-index every key of the file.
      tracker.add(childrenKey(loc.key));
      for (const item of record.names) {
        // `from pkg import sub` inside pkg/__init__.py binds `sub` itself: Python finds the name on the package
        // only through an earlier binding, else imports the submodule.
        const selfImport = loc.file === file.path && project.bindingsOf(file, item.alias ?? item.name).every((b) => b.kind === 'import' && file.summary.imports[b.importIndex!] === record);
        if (selfImport ? project.submodule(loc, item.name, tracker) !== null : project.importedNameStatus(loc, item.name, tracker) !== 'no') continue;
        const suggestion = nearestName(item.name, project.namesOf(loc, tracker));
        const what = loc.kind === 'namespace' ? 'namespace package' : 'module';
        const defines = loc.kind === 'namespace' ? 'has no module' : 'does not define';
        ctx.report({
          rule: 'unknown-import-name',
          span: item.span,
          message: `Cannot import '${item.name}' from '${written}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          detail: `${what[0].toUpperCase()}${what.slice(1)} ${describeModule(written, loc)} ${defines} '${item.name}': importing this file raises ImportError.`,
          related: [
            ...moduleRelated(loc, `'${written}': no '${item.name}' here`),
            ...(suggestion ? bindingRelated(project, loc.file, suggestion, `'${suggestion}' is here`) : []),
          ],
          // Without an alias the rename changes the name the import binds, and the file's uses of the old one then fail.
          fixes: suggestion ? [replaceSpanFix(file.path, item.span, suggestion, `Change '${item.name}' to '${suggestion}'`, item.alias ? 'safe' : 'unsafe')] : [],
        });
      }
    });
  },
};
