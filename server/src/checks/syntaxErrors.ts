// syntax-error: the file does not parse. Grammar gaps for valid Python are filtered out in the summarizer.
// file-not-analysed: a file Coherence could not analyse at all (unreadable, outside the workspace through a
// link, binary, too large, nesting too deep, parse over its time budget, an internal error) gets one note
// saying so: its findings must not vanish without a word.
import type { RuleFamily } from '../rulekit/rule';

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
    {
      id: 'file-not-analysed',
      defaultSeverity: 'information',
      summary: 'Coherence could not read or analyse the file; nothing in it is checked.',
      doc: {
        catches: 'A Python file that could not be read (permissions, a link out of the workspace, a FIFO), is binary or larger than 1 MiB, nests deeper than 400 levels, or took too long to parse.',
        whyItBreaks: 'Nothing breaks at run time because of this note; it says that the file was not checked, and that what it defines counts as unknown in other files.',
        example: '# a generated module of 5 MB, or app/secrets.py -> /etc/shadow',
        fix: 'Nothing to fix in most cases; exclude generated files with [tool.coherence] exclude, or split a huge module.',
      },
    },
  ],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed) {
      const reason = s.unparsed.length > 60 ? `${s.unparsed.slice(0, 59)}…` : s.unparsed;
      ctx.report({
        rule: 'file-not-analysed',
        span: [0, 0, 0, 0],
        message: `Not analysed: ${reason}`,
        detail: `Coherence did not analyse this file: ${s.unparsed}. Nothing in it is checked, and what it defines counts as unknown elsewhere.`,
      });
    }
    for (const e of s.syntaxErrors) ctx.report({ rule: 'syntax-error', span: e.span, message: e.message });
  },
};
