// Strings in Python that start a server or a command: `uvicorn.run("pkg.asgi:app")`, invoke's
// `c.run("gunicorn app:app")`, `subprocess.run(["gunicorn", "app:app"])`. Recorded at summary time as the
// call's literal first argument (one-line strings without escapes, so positions map 1:1); which calls count
// is decided by the entrypoint check, with the file's imports. The programs and run functions of frameworks
// and servers come from the adapters (FactCollector.runStrings): this file names none.
import type { Span } from '../core/types';
import type { FactCollector } from './factCollectors';
import { childByField, type SyntaxNode } from './parser';
import type { RunString } from './summary';

/** Callees whose first argument may be a command line: subprocess's, `os.system`, invoke/fabric's `run`/`sudo`/`local`. */
const CORE_CALLEES = ['run', 'system', 'call', 'check_call', 'check_output', 'Popen', 'sudo', 'local'];
/** Their keywords that set where the command runs or what it sees (subprocess's `cwd`/`env`, a runner's `chdir`). */
const CORE_PLACING = ['cwd', 'env', 'chdir'];

/** Which calls' strings are kept: by callee, and only strings that can name something to start (summaries stay small). */
export interface RunStringTests {
  callee: RegExp;
  interesting: RegExp;
  /** Keywords that give the call a working folder or environment of its own (`cwd=`, uvicorn's `app_dir=`). */
  placing: RegExp;
}

const testsOf = new WeakMap<readonly FactCollector[], RunStringTests>();

/** The core's tests widened by the adapters' words (FactCollector.runStrings); built once per list of collectors. */
export function runStringTests(collectors: readonly FactCollector[]): RunStringTests {
  let tests = collectors.length === 0 ? CORE_TESTS : testsOf.get(collectors);
  if (!tests) {
    const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const callees = new Set([...CORE_CALLEES, ...collectors.flatMap((c) => c.runStrings?.callees ?? [])]);
    const programs = new Set(collectors.flatMap((c) => c.runStrings?.programs ?? []));
    const placing = new Set([...CORE_PLACING, ...collectors.flatMap((c) => c.runStrings?.placingKeywords ?? [])]);
    tests = {
      callee: new RegExp(`(^|\\.)(${[...callees].map(escape).join('|')})$`),
      interesting: new RegExp(`^[\\w.]+:[\\w.]+(\\(.*\\))?$|\\b(${[...[...programs].map(escape), 'python[\\d.]*'].join('|')})\\b`),
      placing: new RegExp(`^(${[...placing].map(escape).join('|')})$`),
    };
    testsOf.set(collectors, tests);
  }
  return tests;
}

/** The core's own (summarize() without adapters is called with a new empty list each time). */
const CORE_TESTS = runStringTests([{ key: '' }]);

export function readRunString(callee: string, args: SyntaxNode | undefined, textOf: (n: SyntaxNode) => string, spanOf: (n: SyntaxNode) => Span, { interesting, placing }: RunStringTests): RunString | null {
  const list = args?.children.filter((a) => a.named && a.type !== 'comment') ?? [];
  // A working folder or environment of its own: where modules are found is not evident.
  if (list.some((a) => a.type === 'keyword_argument' && placing.test(textOf(childByField(a, 'name') ?? a)))) return null;
  const first = list[0];
  if (!first) return null;
  const word = (n: SyntaxNode): { text: string; span: Span } | null => {
    if (n.type !== 'string') return null;
    const m = /^([rRuU]?)("|')([^\n]*)\2$/.exec(textOf(n));
    if (!m || m[3].includes('\\') || m[3].includes(m[2])) return null;
    const [sl, sc] = spanOf(n);
    const start = sc + m[1].length + 1;
    return { text: m[3], span: [sl, start, sl, start + m[3].length] };
  };
  if (first.type === 'string') {
    const w = word(first);
    return w && interesting.test(w.text) ? { callee, words: [w], list: false } : null;
  }
  if (first.type !== 'list' && first.type !== 'tuple') return null;
  const items = first.children.filter((c) => c.named && c.type !== 'comment');
  // A word that is not a literal is kept as unknown (null text): option arities still count.
  const words = items.map((i) => word(i) ?? { text: null, span: spanOf(i) });
  if (!words.length || words[0].text === null || !words.some((w) => w.text !== null && interesting.test(w.text))) return null;
  return { callee, words, list: true };
}
