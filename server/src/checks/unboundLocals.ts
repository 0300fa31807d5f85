// unbound-local: a function reads a name before it assigns it, and the name is local to the whole function
// because it assigns it somewhere (`Article = Article.objects.get(pk=pk)` after `from .models import Article`).
// The summarizer finds such reads in the code that runs whenever the function runs (syntax/unboundLocals.ts)
// when the local hides a module-level name or a builtin: the reader meant that one.
import type { RuleFamily, RuleMeta } from '../rulekit/rule';

export const UNBOUND_LOCAL: RuleMeta = {
  id: 'unbound-local',
  defaultSeverity: 'error',
  summary: 'A function reads a name it assigns later, so the module-level name or builtin it meant is hidden',
  doc: {
    catches: 'A read of a name that the same function assigns (or imports, or loops over) later: the assignment makes the name local to the whole function, so the module-level import or builtin of that name is not what the read sees.',
    whyItBreaks: "Python decides at compile time that the name is local; reading it before the assignment raises UnboundLocalError (\"cannot access local variable 'Article' where it is not associated with a value\").",
    example: 'from .models import Article\n\ndef latest(pk):\n    Article = Article.objects.get(pk=pk)  # UnboundLocalError\n    return Article',
    fix: 'Give the local another name (`article = Article.objects.get(pk=pk)`), or declare it `global` if the module-level name is meant to change.',
  },
};

export const unboundLocalChecks: RuleFamily = {
  rules: [UNBOUND_LOCAL],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !s.unboundLocals) return;
    for (const read of s.unboundLocals) {
      const hidden = read.shadows === 'module' ? 'module-level' : 'builtin';
      ctx.report({
        rule: UNBOUND_LOCAL.id,
        span: read.span,
        message: `'${read.name}' is read before its assignment on line ${read.boundLine + 1}`,
        detail: `The assignment makes '${read.name}' local to the whole function, hiding the ${hidden} '${read.name}': this read raises UnboundLocalError.`,
        related: [{ file: ctx.file.path, span: [read.boundLine, 0, read.boundLine, 0], message: `'${read.name}' is assigned here` }],
      });
    }
  },
};
