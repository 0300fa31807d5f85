// syntax-error: the file does not parse. Grammar gaps for valid Python are filtered out in the summarizer.
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
    for (const e of ctx.file.summary.syntaxErrors) ctx.report({ rule: 'syntax-error', span: e.span, message: e.message });
  },
};
