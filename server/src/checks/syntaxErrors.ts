// syntax-error: the file does not parse. Grammar gaps for valid Python are filtered out in the summarizer.
// A file Coherence could not analyse at all (nesting too deep, parse over its time budget, an internal
// error) gets one information note saying so: its findings must not vanish without a word.
import type { RuleFamily } from './rule';

export const syntaxErrors: RuleFamily = {
  rules: [
    {
      id: 'syntax-error',
      defaultSeverity: 'error',
      summary: 'The file does not parse.',
      doc: {
        catches: 'Code that Python cannot compile: unbalanced brackets, a missing colon, a stray token.',
        whyItBreaks: 'Importing the module raises SyntaxError, so nothing in it or importing it runs.',
        example: 'def create(user:\n    return user',
        fix: 'Complete or remove the broken construct.',
      },
    },
  ],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed) {
      const message = `Coherence did not analyse this file: ${s.unparsed}. Nothing in it is checked, and what it defines counts as unknown elsewhere.`;
      ctx.report({ rule: 'syntax-error', severity: 'information', span: [0, 0, 0, 0], message });
    }
    for (const e of s.syntaxErrors) ctx.report({ rule: 'syntax-error', span: e.span, message: e.message });
  },
};
