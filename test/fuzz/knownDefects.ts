// Defects of issue #13 that are being fixed on other branches. The in-test fuzz run tolerates a finding of
// one of them only while that defect's own reproduction still fails on this build: once the fix is merged,
// the reproduction passes and the same finding fails the test like any other.
import type { ProjectFiles } from './corpus';
import type { Finding } from './campaign';

export interface KnownDefect {
  /** Its number in issue #13. */
  defect: number;
  title: string;
  /** Whether a finding is this defect (by kind and signature; see signatureOf). */
  matches: (f: Pick<Finding, 'kind' | 'signature'>) => boolean;
  /** Its minimal reproduction from the issue. */
  reproduction: () => ProjectFiles;
}

const RUN_FILE_KINDS = /\b(procfile|dockerfile|compose|shell)\b/;

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect: 1,
    title: 'run-file tokenizer loops forever on whitespace other than space, tab, CR, LF',
    matches: (f) => (f.kind === 'hang' || f.kind === 'memory') && RUN_FILE_KINDS.test(f.signature),
    reproduction: () => ({ Procfile: 'b:\x0b' }),
  },
  {
    defect: 4,
    title: '[tool.coherence] exclude globs are neither validated nor bounded',
    matches: (f) => (f.kind === 'crash' && /pattern/i.test(f.signature)) || ((f.kind === 'hang' || f.kind === 'memory') && /^\w+: pyproject$/.test(f.signature)),
    reproduction: () => ({ 'pyproject.toml': '[tool.coherence]\nexclude = [""]\n', 'app.py': 'import os\n' }),
  },
  {
    defect: 7,
    title: 'super-linear paths (call-chain recorder, MRO deduplication, lineOf)',
    matches: (f) => f.kind === 'hang' && !RUN_FILE_KINDS.test(f.signature),
    reproduction: () => ({ 'app.py': 'v = session' + '.a'.repeat(50_000) + '\n' }),
  },
  {
    defect: 8,
    title: 'deep nesting overflows the summarizer and the file silently drops out',
    matches: (f) => f.kind === 'internal-error' && /internal error while summarizing: Maximum call stack size exceeded/.test(f.signature),
    reproduction: () => ({ 'app.py': 'x = ' + '('.repeat(1500) + '1' + ')'.repeat(1500) + '\n' }),
  },
  {
    defect: 9,
    title: 'stack overflows inside rule groups (their findings for the file are lost)',
    matches: (f) => f.kind === 'internal-error' && /rule family .* failed on .*Maximum call stack size exceeded/.test(f.signature),
    reproduction: () => {
      const classes = ['class C0:\n    x = 1'];
      for (let i = 1; i < 20_000; i++) classes.push(`class C${i}(C${i - 1}):\n    pass`);
      return { 'app.py': classes.join('\n') + '\nprint(C19999().x, C19999().missing)\n' };
    },
  },
];
