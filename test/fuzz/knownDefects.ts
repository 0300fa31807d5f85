// Defects of issue #13 that are being fixed on other branches. The in-test fuzz run tolerates a finding of
// one of them only while that defect's own reproduction still fails on this build: once the fix is merged,
// the reproduction passes and the same finding fails the test like any other.
import type { ProjectFiles } from './corpus';
import type { Finding } from './campaign';
import type { Verdict } from './host';

export interface KnownDefect {
  /** Its number in issue #13. */
  defect: number;
  title: string;
  /** Whether a finding is this defect (by kind and signature; see signatureOf). */
  matches: (f: Pick<Finding, 'kind' | 'signature'>) => boolean;
  /** Its minimal reproduction from the issue… */
  reproduction: () => ProjectFiles;
  /** …and how it fails while the defect is open… */
  reproduces: (v: Verdict) => boolean;
  /** …within this deadline (short for the reproductions that hang). */
  deadlineMs: number;
}

/** Hangs are told by this deadline; other reproductions answer well within the longer one. */
const HANG_MS = 1000;
const ANSWER_MS = 15_000;

const stops = (v: Verdict) => v.kind === 'hang' || v.kind === 'memory';

const RUN_FILE_KINDS = /\b(procfile|dockerfile|compose|shell)\b/;

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect: 1,
    title: 'run-file tokenizer loops forever on whitespace other than space, tab, CR, LF',
    matches: (f) => (f.kind === 'hang' || f.kind === 'memory') && RUN_FILE_KINDS.test(f.signature),
    reproduction: () => ({ Procfile: 'b:\x0b' }),
    reproduces: stops,
    deadlineMs: HANG_MS,
  },
  {
    defect: 4,
    title: '[tool.coherence] exclude globs are neither validated nor bounded',
    matches: (f) => (f.kind === 'crash' && /pattern/i.test(f.signature)) || ((f.kind === 'hang' || f.kind === 'memory') && /^\w+: pyproject$/.test(f.signature)),
    reproduction: () => ({ 'pyproject.toml': '[tool.coherence]\nexclude = [""]\n', 'app.py': 'import os\n' }),
    reproduces: (v) => v.kind === 'crash',
    deadlineMs: ANSWER_MS,
  },
  {
    defect: 7,
    title: 'super-linear paths (call-chain recorder, MRO deduplication, lineOf)',
    matches: (f) => f.kind === 'hang' && !RUN_FILE_KINDS.test(f.signature),
    // 1,000 classes in one inheritance chain (the MRO deduplication); the 50,000-link chain now
    // overflows the summarizer's stack first (#8) and answers.
    reproduction: () => {
      const classes = ['class C0:\n    x = 1'];
      for (let i = 1; i < 1000; i++) classes.push(`class C${i}(C${i - 1}):\n    pass`);
      return { 'app.py': classes.join('\n') + '\nprint(C999().x, C999().missing)\n' };
    },
    reproduces: stops,
    deadlineMs: HANG_MS,
  },
  {
    defect: 8,
    title: 'deep nesting overflows the summarizer and the file silently drops out',
    matches: (f) => f.kind === 'internal-error' && /internal error while summarizing: Maximum call stack size exceeded/.test(f.signature),
    reproduction: () => ({ 'app.py': 'x = ' + '('.repeat(1500) + '1' + ')'.repeat(1500) + '\n' }),
    reproduces: (v) => v.kind === 'internal-error' && /summarizing/.test(v.detail),
    deadlineMs: ANSWER_MS,
  },
  {
    defect: 9,
    title: 'stack overflows inside rule groups (their findings for the file are lost)',
    matches: (f) => f.kind === 'internal-error' && /rule family .* failed on .*Maximum call stack size exceeded/.test(f.signature),
    // 3,000 classes in one inheritance chain: the lookup overflows at once (1,000 take the slow MRO path of #7).
    reproduction: () => {
      const classes = ['class C0:\n    x = 1'];
      for (let i = 1; i < 3000; i++) classes.push(`class C${i}(C${i - 1}):\n    pass`);
      return { 'app.py': classes.join('\n') + '\nprint(C2999().x, C2999().missing)\n' };
    },
    reproduces: (v) => v.kind === 'internal-error' && /rule family/.test(v.detail),
    deadlineMs: ANSWER_MS,
  },
];
