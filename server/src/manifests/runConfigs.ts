// Run configurations that are not shell scripts but name what starts: uWSGI `.ini` files (`module =`,
// `wsgi-file =`, `callable =`), supervisor `[program:x] command=`, systemd `ExecStart=`, `.env` (and the
// names adapters give dotenv files) variables, Makefile recipe lines, and poe and taskipy tasks in pyproject.toml. Each command is read by the same
// command reader as run files (commands.ts), so the same references come out with the same resolution.
// Anything a tool fills in at run time (`%(ENV_X)s`, `%d`, `$(VAR)`, `${VAR}`) leaves its word unknown.
import type { Declarations } from './declarations';
import { emptyFacts, factsAsDeclarations, LineMap, moduleAttrReference, noteVariable, readCommand, simpleCommands, tokenize, type CommandFacts, type ProjectFileReaders, type Token } from './commands';
import type { CommandReference } from '../index/projectFileSummary';
import type { Span } from '../core/types';
import type { ImportRecord, RunString } from '../syntax/summary';

type Read = { declarations: Declarations; references: CommandReference[]; made?: string[] };

/** `A|B` of variable names for a regular expression (they are identifiers); '' when there are none. */
function variableNames(names: readonly string[]): string {
  return names.filter((n) => /^\w+$/.test(n)).join('|');
}

/** The variables a program also loads where they are set for later commands (`.env`, a Makefile's `export`). */
function laterCommandVariables(readers: ProjectFileReaders): string[] {
  return [...readers.variables].filter(([, v]) => v.setForLaterCommands).map(([name]) => name);
}

/** A reference to something a build step or a volume makes (a module named like a file it writes) is not judged. */
export function refersToBuilt(built: ReadonlySet<string>): (r: CommandReference) => boolean {
  return (r) => r.target.split(/[./]/).some((segment) => built.has(segment));
}

/** The module a `.py` path makes (`/app/settings/web_docker.py` → `web_docker`). */
export function moduleNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1, -'.py'.length);
}

/** `cp`, `mv`, `touch`… and `>` redirections: the modules (by name) of the `.py` files a command writes. */
export function modulesWritten(words: readonly Token[]): string[] {
  const writes = /^(cp|mv|ln|install|touch|tee|envsubst)$/.test(words[0]?.text ?? '') || words.some((w) => w.text.startsWith('>'));
  return writes ? words.slice(1).filter((w) => /\.py$/.test(w.text)).map((w) => moduleNameOf(w.text)) : [];
}

interface IniEntry {
  section: string;
  key: string;
  /** The value's offsets in the file (trimmed; continuation lines and inline comments excluded). */
  start: number;
  end: number;
  /** The value continues on indented lines (supervisor): what follows is not read. */
  continued: boolean;
  /** systemd: `\` line ends (with their line breaks) and comment lines between continued lines, which systemd drops. */
  dropped?: [number, number][];
}

/** `key = value` lines by section; `;`/`#` comment lines skipped, a ` ;` inline comment cut (supervisor). */
function iniEntries(text: string): IniEntry[] {
  const out: IniEntry[] = [];
  let section = '';
  let offset = 0;
  let last: IniEntry | null = null;
  // systemd joins a line ending in `\` with the next (the backslash becomes a space), skipping comment lines.
  let backslashed: IniEntry | null = null;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (backslashed) {
      const entry = backslashed;
      if (/^\s*[;#]/.test(line)) {
        entry.dropped!.push([lineStart, offset]);
        continue;
      }
      const continues = /\\$/.test(line.replace(/\s+$/, ''));
      const content = line.replace(/\s+$/, '');
      entry.end = lineStart + (continues ? content.length - 1 : content.length);
      if (continues) entry.dropped!.push([entry.end, offset]);
      else backslashed = null;
      continue;
    }
    if (/^\s*([;#]|$)/.test(line)) continue;
    if (/^[ \t]/.test(line) && last) {
      last.continued = true;
      continue;
    }
    last = null;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const m = /^([\w.-]+)[ \t]*[=:][ \t]*/.exec(line);
    if (!m) continue;
    let value = line.slice(m[0].length);
    const comment = /\s;/.exec(value);
    if (comment) value = value.slice(0, comment.index);
    value = value.replace(/\s+$/, '');
    last = { section, key: m[1], start: lineStart + m[0].length, end: lineStart + m[0].length + value.length, continued: false };
    out.push(last);
    if (section === 'Service' && value.endsWith('\\')) {
      last.end--;
      last.dropped = [[last.end, offset]];
      backslashed = last;
    }
  }
  return out;
}

/** `text` with each range replaced by spaces (line breaks too: the ranges joined are one logical line). */
function blank(text: string, ranges: readonly [number, number][]): string {
  if (!ranges.length) return text;
  let out = '';
  let from = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const stop = Math.min(end, text.length);
    out += text.slice(from, start) + ' '.repeat(stop - start);
    from = stop;
  }
  return out + text.slice(from);
}

/** Marks words a config tool fills in (`%(ENV_X)s`, `%d`, systemd's `%i`) as unknown. */
function withPlaceholders(tokens: Token[]): Token[] {
  return tokens.map((t) => (t.text.includes('%') ? { ...t, dynamic: true } : t));
}

/** uWSGI `[uwsgi]`, supervisor `[program:x]` (and event listeners), systemd `[Service]`. */
export function readIniCommands(written: string, readers: ProjectFileReaders): Read {
  const entries = iniEntries(written);
  // What systemd drops of continued lines is blanked (same offsets, so spans are the file's).
  const text = blank(written, entries.flatMap((e) => e.dropped ?? []));
  const map = new LineMap(text, written);
  const facts = emptyFacts(readers);
  const value = (e: IniEntry) => text.slice(e.start, e.end);
  const uwsgi = entries.filter((e) => e.section === 'uwsgi');
  if (uwsgi.length) readUwsgi(uwsgi, value, map, facts);
  for (const e of entries) {
    const supervisor = /^(program|eventlistener|fcgi-program):/.test(e.section);
    const systemd = e.section === 'Service';
    if (!supervisor && !systemd) continue;
    if (supervisor ? e.key === 'command' : /^Exec(Start|StartPre|StartPost|Reload)$/.test(e.key)) {
      if (e.continued) continue;
      facts.cwd = { dir: '', how: '' }; // `directory=`/`WorkingDirectory=` are absolute paths of the host
      let start = e.start;
      if (systemd) while (/[-@:+!]/.test(text[start] ?? '') && start < e.end) start++; // ExecStart prefixes
      for (const words of simpleCommands(withPlaceholders(tokenize(text, start, e.end, false)))) readCommand(words, map, facts, new Map());
    }
    if (supervisor ? e.key === 'environment' : e.key === 'Environment') readAssignments(text, e.start, e.end, map, facts);
  }
  return { declarations: factsAsDeclarations(facts), references: facts.references };
}

/** `KEY="v",OTHER=w` (supervisor) or `"KEY=v" OTHER=w` (systemd): the variables the readers know (FLASK_APP…). */
function readAssignments(text: string, start: number, end: number, map: LineMap, facts: CommandFacts): void {
  const names = variableNames([...facts.readers.variables.keys()]);
  if (!names) return;
  for (const m of text.slice(start, end).matchAll(new RegExp(`(?:^|[\\s,"'])(${names})=(["']?)([^"',\\s]*)\\2`, 'g'))) {
    const valueStart = start + m.index! + m[0].length - m[2].length - m[3].length; // before the closing quote and the value
    const token: Token = { text: m[3], start: valueStart, end: valueStart + m[3].length, dynamic: /[$%`]/.test(m[3]) };
    noteVariable(m[1], token, map, facts);
  }
}

/**
 * uWSGI: `module`/`wsgi` (`pkg.wsgi:app`, or `pkg.wsgi` with `callable`, default `application`),
 * `wsgi-file`/`file` (a path), `mount = /x=…`. Values with uWSGI's placeholders (`%d`, `$(VAR)`, `@(file)`) are
 * unknown.
 */
function readUwsgi(entries: IniEntry[], value: (e: IniEntry) => string, map: LineMap, facts: CommandFacts): void {
  const callableEntry = entries.find((e) => e.key === 'callable');
  const callable = callableEntry ? value(callableEntry) : null;
  if (callable !== null && !/^[A-Za-z_]\w*$/.test(callable)) return; // a placeholder: which callable is unknown
  const dynamic = (v: string) => /[%$@`]/.test(v);
  // `module` is always a module path (`mysite.wsgi` too); `wsgi-file` a file; `mount` a file when it ends in
  // `.py`/`.wsgi`, else a module (uWSGI's mount loader).
  const reference = (start: number, v: string, via: string, file: boolean | null): void => {
    if (dynamic(v) || !v) return;
    const isFile = file ?? /\.(py|wsgi)$/.test(v);
    if (isFile || v.includes('/')) {
      if (isFile && /\.py$/.test(v) && !v.startsWith('/')) facts.references.push({ kind: 'file', target: v.replace(/^\.\//, ''), span: map.span(start, start + v.length), via });
      return;
    }
    const token: Token = { text: v, start, end: start + v.length, dynamic: false };
    const withAttr = moduleAttrReference(token, map, via);
    if (withAttr) facts.references.push(withAttr);
    else if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(v)) {
      // No `:attr`: uWSGI looks up the `callable` option (a finding sits on it), else `application`.
      const span = map.span(start, start + v.length);
      if (callable !== null && callableEntry) facts.references.push({ kind: 'module-attr', target: v, attr: callable, span, attrSpan: map.span(callableEntry.start, callableEntry.end), via: `${via} with callable` });
      else facts.references.push({ kind: 'module-attr', target: v, attr: 'application', span, via, implicitAttr: true });
    }
  };
  for (const e of entries) {
    const v = value(e);
    if (e.continued) continue;
    if (e.key === 'module' || e.key === 'wsgi') reference(e.start, v, `uWSGI ${e.key}`, false);
    else if (e.key === 'wsgi-file' || e.key === 'file') reference(e.start, v, `uWSGI ${e.key}`, true);
    else if (e.key === 'mount') {
      const eq = v.indexOf('=');
      if (eq > 0) reference(e.start + eq + 1, v.slice(eq + 1), 'uWSGI mount', null);
    } else if (e.key === 'env') readAssignments(map.text, e.start, e.end, map, facts);
  }
}

/**
 * `dotenv` files (`.env`, and the names adapters give the kind): the variables a program loads from there
 * (VariableReader.setForLaterCommands: `FLASK_APP=…`)
 * as python-dotenv reads it (quotes, `export`, ` # comment`; `${X}` is expanded: unknown).
 */
export function readDotenv(text: string, readers: ProjectFileReaders): Read {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  const names = variableNames(laterCommandVariables(readers));
  const assignment = names ? new RegExp(`^\\s*(?:export\\s+)?(${names})\\s*=\\s*`) : null;
  let offset = 0;
  for (const line of assignment ? text.split('\n') : []) {
    const lineStart = offset;
    offset += line.length + 1;
    const m = assignment!.exec(line);
    if (!m) continue;
    const rest = line.slice(m[0].length);
    const quoted = /^(["'])(.*?)\1/.exec(rest);
    const raw = quoted ? quoted[2] : rest.replace(/\s+#.*$/, '').trim();
    const start = lineStart + m[0].length + (quoted ? 1 : 0);
    noteVariable(m[1], { text: raw, start, end: start + raw.length, dynamic: /[$`\s]/.test(raw) || !raw }, map, facts);
  }
  return { declarations: { requirements: [], includes: [] }, references: facts.references };
}

/**
 * Makefile: recipe lines (a tab first, after a rule), with their `\` continuations, `@`/`-`/`+` prefixes
 * dropped. Make variables (`$(VENV)`, `$$x`) make their words unknown. Each line runs in its own shell (a
 * `cd` lasts one line) unless `.ONESHELL:` is set. `export FLASK_APP = x` at the top is in every recipe's
 * environment (the variables a program reads where they are set for later commands).
 */
export function readMakefile(source: string, readers: ProjectFileReaders): Read {
  // Make's `$(VAR)` as the shell's `${VAR}` (same length, so offsets hold): one unknown word, not separators.
  let text = source;
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(/\$\(([^()]*)\)/g, (_m, inner: string) => '${' + inner + '}');
  }
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  const oneShell = /^\.ONESHELL:/m.test(text);
  const exportNames = variableNames(laterCommandVariables(readers));
  const exportLine = exportNames ? new RegExp(`^export\\s+(${exportNames})\\s*[:?]?=\\s*(\\S+)\\s*$`) : null;
  const lines = text.split('\n');
  let offset = 0;
  let inRule = false;
  let inDefine = false;
  const built = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineStart = offset;
    offset += line.length + 1;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      continue;
    }
    if (/^\s*define\b/.test(line)) {
      inDefine = true;
      continue;
    }
    if (line.startsWith('\t')) {
      // A logical line runs to the last line ending in `\`.
      let end = lineStart + line.length;
      while (/\\$/.test(lines[i]) && i + 1 < lines.length) {
        i++;
        end = offset + lines[i].length;
        offset += lines[i].length + 1;
      }
      if (!inRule) continue;
      let start = lineStart + 1;
      while (/[@+\- \t]/.test(text[start] ?? '') && start < end) start++;
      if (!oneShell) facts.cwd = { dir: '', how: '' };
      for (const words of simpleCommands(tokenize(text, start, end, true))) {
        for (const name of modulesWritten(words)) built.add(name);
        readCommand(words, map, facts, new Map());
      }
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const exported = exportLine?.exec(line);
    if (exported) {
      const start = lineStart + line.lastIndexOf(exported[2]);
      noteVariable(exported[1], { text: exported[2].replace(/^(["'])(.*)\1$/, '$2'), start, end: start + exported[2].length, dynamic: /[$`]/.test(exported[2]) }, map, facts);
    }
    // A rule (`target: prerequisites`), not an assignment (`X := y`, `X ?= y`, `X = a:b`).
    inRule = /^[^=\t#]*[^:=\s]\s*::?(?![=])/.test(line) && !/^\s*[\w.-]+\s*[:?+!]?=/.test(line);
    if (oneShell) facts.cwd = { dir: '', how: '' };
  }
  const made = refersToBuilt(built);
  return { declarations: factsAsDeclarations(facts), references: facts.references.filter((r) => !made(r)), made: [...built] };
}

/**
 * Task runners' tasks in pyproject.toml. poe: `name = "cmd"`, `name = { cmd|shell = "…", cwd = "x" }`, `name =
 * { script = "pkg.mod:fn" }`, and `[tool.poe.tasks.name]` tables with those keys. taskipy: `name = "cmd"`,
 * `name = { cmd = "…", cwd = "x" }` under `[tool.taskipy.tasks]`. Single-line strings only; their templating
 * (poe's `${VAR}`, taskipy's `{var}`) makes a word unknown.
 */
export function taskRunnerReferences(text: string, readers: ProjectFileReaders): CommandReference[] {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  let section = '';
  let offset = 0;
  type Task = { runner: 'poe' | 'taskipy'; cmd: { start: number; end: number }[]; script: { start: number; end: number }[]; cwd: string | null | undefined };
  const tasks = new Map<string, Task>();
  const task = (runner: Task['runner'], name: string) => {
    let t = tasks.get(`${runner} ${name}`);
    if (!t) tasks.set(`${runner} ${name}`, (t = { runner, cmd: [], script: [], cwd: undefined }));
    return t;
  };
  // A basic or literal one-line string at `from`: its contents' offsets (null when it has escapes or is multi-line).
  const stringAt = (line: string, lineStart: number, from: number): { start: number; end: number; text: string } | null => {
    const m = /^("([^"\\]*)"|'([^']*)')/.exec(line.slice(from));
    if (!m) return null;
    const body = m[2] ?? m[3];
    if (m[0].startsWith('"""') || m[0].startsWith("'''")) return null;
    return { start: lineStart + from + 1, end: lineStart + from + 1 + body.length, text: body };
  };
  const note = (t: Task, key: string, s: { start: number; end: number; text: string } | null) => {
    if (!s) {
      if (key === 'cwd') t.cwd = null;
      return;
    }
    if (key === 'cmd' || (key === 'shell' && t.runner === 'poe')) t.cmd.push(s);
    else if (key === 'script' && t.runner === 'poe') t.script.push(s);
    else if (key === 'cwd') t.cwd = /^[\w./-]+$/.test(s.text) && !s.text.startsWith('/') ? s.text : null;
  };
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) {
      section = header[1].trim().replace(/"/g, '');
      continue;
    }
    const runner = section === 'tool.poe.tasks' ? 'poe' : section === 'tool.taskipy.tasks' ? 'taskipy' : null;
    if (runner) {
      const m = /^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=\s*/.exec(line);
      if (!m) continue;
      const name = m[1].replace(/^["']|["']$/g, '');
      const rest = line.slice(m[0].length);
      if (rest.startsWith('{')) {
        for (const kv of rest.matchAll(/([\w-]+)\s*=\s*(?=["'])/g)) note(task(runner, name), kv[1], stringAt(line, lineStart, m[0].length + kv.index! + kv[0].length));
      } else note(task(runner, name), 'cmd', stringAt(line, lineStart, m[0].length));
      continue;
    }
    const sub = /^tool\.poe\.tasks\.([\w-]+)$/.exec(section);
    if (!sub) continue;
    const kv = /^\s*([\w-]+)\s*=\s*/.exec(line);
    if (kv) note(task('poe', sub[1]), kv[1], stringAt(line, lineStart, kv[0].length));
  }
  for (const t of tasks.values()) {
    for (const s of t.cmd) {
      facts.cwd = t.cwd ? { dir: t.cwd, how: `${t.runner} cwd = "${t.cwd}"` } : { dir: '', how: '' };
      const before = facts.references.length;
      for (const words of simpleCommands(tokenize(text, s.start, s.end, false))) readCommand(words, map, facts, new Map());
      if (t.cwd === null) for (const ref of facts.references.slice(before)) delete ref.cwd;
    }
    for (const s of t.script) {
      if (/[$%]/.test(map.text.slice(s.start, s.end))) continue;
      const ref = moduleAttrReference({ text: map.text.slice(s.start, s.end), start: s.start, end: s.end, dynamic: false }, map, 'poe script task');
      if (ref) facts.references.push(ref);
    }
  }
  return facts.references;
}

/** Test code starts servers on modules it writes itself: its strings are not read. */
const TEST_FILE = /(^|\/)(tests?|testing)\/|(^|\/)(test_[^/]*|[^/]*_tests?|conftest)\.py$/;

/**
 * The references of a Python file's run strings (RunString): the adapters' run calls (`uvicorn.run("pkg.asgi:app")`,
 * `uvicorn.Config(…)`) where their module is imported; command lines given to invoke/fabric's `c.run`/`sudo`/`local`,
 * `subprocess.*` or `os.system`, read like a run file's commands.
 */
export function pythonRunReferences(path: string, runStrings: readonly RunString[], imports: readonly ImportRecord[], readers: ProjectFileReaders): CommandReference[] {
  if (TEST_FILE.test(path)) return [];
  const imported = (module: string) => imports.some((r) => r.module === module || r.module.startsWith(module + '.'));
  const importedName = (module: string, name: string) => imports.some((r) => r.kind === 'from' && r.module === module && r.names.some((n) => n.name === name && !n.alias));
  const out: CommandReference[] = [];
  for (const run of runStrings) {
    const method = run.callee.slice(run.callee.lastIndexOf('.') + 1);
    const receiver = run.callee.includes('.') ? run.callee.slice(0, run.callee.lastIndexOf('.')) : null;
    // A synthetic text holding each word at its line and column, so the command reader's spans are the file's.
    const { text, offsets } = placeWords(run.words);
    const map = new LineMap(text);
    const tokens: Token[] = run.words.map((w, i) => ({ text: w.text ?? '', start: offsets[i], end: offsets[i] + (w.text?.length ?? 0), dynamic: w.text === null }));
    // `uvicorn.run("pkg.asgi:app")`: a function of a module whose first argument names the app it starts.
    const starter = readers.runCalls.find((c) => c.functions.includes(method) && (receiver === c.module ? imported(c.module) : receiver === null && importedName(c.module, method)));
    if (starter) {
      if (run.list || tokens[0].dynamic) continue;
      const ref = moduleAttrReference(tokens[0], map, `${starter.module}.${method}`);
      if (ref) out.push(ref);
      continue;
    }
    const invoke = receiver !== null && !receiver.includes('.') && /^(run|sudo|local)$/.test(method) && (imported('invoke') || imported('fabric'));
    const subprocess = (receiver === 'subprocess' && imported('subprocess') && /^(run|call|check_call|check_output|Popen)$/.test(method)) || (receiver === 'os' && method === 'system' && imported('os'));
    if (!invoke && !subprocess) continue;
    const facts = emptyFacts(readers);
    const commands = run.list ? [tokens] : simpleCommands(tokenize(text, tokens[0].start, tokens[0].end, false));
    for (const words of commands) readCommand(words, map, facts, new Map());
    out.push(...facts.references.map((r) => ({ ...r, via: `${r.via} in ${run.callee}()` })));
  }
  return out;
}

function placeWords(words: readonly { text: string | null; span: Span }[]): { text: string; offsets: number[] } {
  const lines: string[] = [];
  for (const w of words) {
    const [line, column] = w.span;
    while (lines.length <= line) lines.push('');
    const current = lines[line].padEnd(column, ' ');
    const value = w.text ?? '';
    lines[line] = current.slice(0, column) + value + current.slice(column + value.length);
  }
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  return { text: lines.join('\n'), offsets: words.map((w) => starts[w.span[0]] + w.span[1]) };
}
