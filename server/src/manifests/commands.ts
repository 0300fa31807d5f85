// Reads the command lines of run files (shell scripts, Dockerfile CMD/ENTRYPOINT, Procfile, compose
// `command:`) for the Python they start: `uvicorn app.main:app`, `gunicorn -c conf.py pkg.wsgi`,
// `flask --app app run`, `FLASK_APP=app.py`, `python -m app.worker`, `python manage.py`, and for the
// packages they install (`pip install x`). Only what is certain is recorded: a token with a shell variable
// in it, an option whose arity is unknown to us that might swallow the target… leave the reference out.
import { LineIndex } from '../core/lineEnds';
import type { Span } from '../core/types';
import { parseRequirement, type Declarations } from './declarations';
import { systemPythonPackage } from './systemPackages';
import { normalizeDistribution, type CommandReference, type DeclaredRequirement } from './summary';

export interface Token {
  /** Unquoted text. */
  text: string;
  /** Offsets of the token in the file's text, quotes included. */
  start: number;
  end: number;
  /** Contains `$`, backticks or globs: its value is not known. */
  dynamic: boolean;
  /** An operator that ends a simple command (`&&`, `;`, `|`, a newline…). */
  separator?: boolean;
}

/** Maps text offsets to 0-based line/character positions (the text's lone CRs are already LFs). */
export class LineMap {
  private readonly lines: LineIndex;
  /** `positionsOf`: the file as written, when `text` is a same-length copy with some characters blanked. */
  constructor(
    readonly text: string,
    positionsOf: string = text,
  ) {
    this.lines = new LineIndex(positionsOf);
  }
  position(offset: number): [number, number] {
    return this.lines.position(offset);
  }
  span(start: number, end: number): Span {
    return [...this.position(start), ...this.position(end)] as Span;
  }
}

/**
 * Blanks between shell words: space and tab, as the shell has them (its metacharacters), plus CR so that
 * CRLF files read like LF ones. Every other character (NBSP, vertical tab, form feed, U+2028…) is part of
 * a word, as it is for the shell: `gunicorn\u00a0app:app` is one word, the program `gunicorn app:app`.
 */
export function isShellBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/** Characters that end a simple command (or group one): always a token of their own. */
function isShellOperator(c: string): boolean {
  return c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')';
}

/**
 * Splits shell text (from `start` to `end` of `text`) into words and separators. `newlines`: whether a
 * newline ends a command (shell scripts) or is plain space (a folded YAML string).
 * Every pass of the outer loop consumes at least one character: a word starts on a character that is
 * neither blank nor an operator, and the word loop consumes it before testing the next one.
 */
export function tokenize(text: string, start = 0, end = text.length, newlines = true): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (isShellOperator(c)) {
      if (c !== '\n' || newlines) out.push({ text: c, start: i, end: i + 1, dynamic: false, separator: true });
      i += c === '&' && text[i + 1] === '&' ? 2 : c === '|' && text[i + 1] === '|' ? 2 : 1;
      continue;
    }
    if (isShellBlank(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    const tokenStart = i;
    let value = '';
    let dynamic = false;
    do {
      const ch = text[i];
      if (ch === "'" || ch === '"') {
        const close = text.indexOf(ch, i + 1);
        const stop = close < 0 || close >= end ? end : close;
        const inner = text.slice(i + 1, stop);
        if (ch === '"' && /[$`]/.test(inner)) dynamic = true;
        value += inner;
        i = stop + 1;
        continue;
      }
      if (ch === '\\' && i + 1 < end) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      if (ch === '$' || ch === '`' || ch === '*' || ch === '?' || ch === '~' || ch === '{' || ch === '<' || ch === '>') dynamic = true;
      value += ch;
      i++;
    } while (i < end && !isShellBlank(text[i]) && !isShellOperator(text[i]));
    out.push({ text: value, start: tokenStart, end: Math.min(i, end), dynamic });
  }
  return out;
}

/** Splits a token list at separators into simple commands. */
export function simpleCommands(tokens: Token[]): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  for (const t of tokens) {
    if (t.separator) {
      if (current.length) out.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length) out.push(current);
  return out;
}

/** Words that start a command without being it (wrappers, shell keywords, process managers). */
const PREFIX_WORDS = new Set(['exec', 'nohup', 'sudo', 'time', 'then', 'do', 'else', 'if', 'while', 'until', '!', 'command', 'dumb-init', 'tini', '--', 'ddtrace-run', 'newrelic-admin', 'opentelemetry-instrument']);
/** `poetry run x`, `uv run x`…: the runner and its subcommand. */
const RUNNERS = new Set(['poetry', 'pipenv', 'uv', 'pdm', 'hatch', 'rye']);
const PYTHON = /^python(\d(\.\d+)?)?$/;
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const DOTTED = new RegExp(`^${IDENT}(\\.${IDENT})*$`);
const MODULE_ATTR = new RegExp(`^(${IDENT}(?:\\.${IDENT})*):(${IDENT})(\\.${IDENT})*(\\(.*\\))?$`);

/** Options of each server that take no value (every other option is taken to consume the next word). */
const SERVER_FLAGS: Record<string, ReadonlySet<string>> = {
  uvicorn: new Set(['--reload', '--factory', '--use-colors', '--no-use-colors', '--proxy-headers', '--no-proxy-headers', '--server-header', '--no-server-header', '--date-header', '--no-date-header', '--access-log', '--no-access-log', '--help', '--version']),
  gunicorn: new Set(['--reload', '-D', '--daemon', '--preload', '--spew', '--check-config', '--print-config', '--capture-output', '--enable-stdio-inheritance', '--no-sendfile', '--reuse-port', '--strip-header-spaces', '--suppress-ragged-eofs', '--do-handshake-on-connect', '--log-syslog', '--proxy-protocol', '--initgroups', '-R', '--help', '-v', '--version']),
  hypercorn: new Set(['--reload', '--debug', '--help', '--version']),
  daphne: new Set(['--proxy-headers', '-v', '--help', '--version', '--no-server-name']),
  // granian's boolean options come in `--x/--no-x` pairs (its click command, granian/cli.py).
  granian: new Set(['ws', 'http1-keep-alive', 'http1-pipeline-flush', 'http2-adaptive-window', 'log', 'access-log', 'ssl-client-verify', 'respawn-failed-workers', 'factory', 'reload', 'reload-ignore-worker-failure'].flatMap((f) => [`--${f}`, `--no-${f}`]).concat(['--help', '--version'])),
};

export interface CommandFacts {
  references: CommandReference[];
  requirements: DeclaredRequirement[];
  includes: string[];
  unreadableDeclarations: boolean;
  /** The folder commands run in, as far as it is evident (see CommandReference.cwd); '' when it is not. */
  cwd: { dir: string; how: string };
  /** Shell nesting (`if`, `while`, `for`, `case`) now, and where the `cd` behind `cwd` happened. */
  depth: number;
  cwdDepth: number;
  /** A command installs the project itself (`pip install .`, `poetry install`): its modules import from anywhere. */
  installsProject: boolean;
}

export function emptyFacts(cwd = ''): CommandFacts {
  return { references: [], requirements: [], includes: [], unreadableDeclarations: false, cwd: { dir: cwd, how: cwd ? 'WORKDIR' : '' }, depth: 0, cwdDepth: 0, installsProject: false };
}

/** `cd x`: the new folder, kept only when it is a plain relative path (else where commands run is unknown). */
function changeDirectory(target: Token | undefined, facts: CommandFacts): void {
  const path = target?.text ?? '';
  const plain = !!target && !target.dynamic && !path.startsWith('/') && !path.startsWith('-') && /^[\w./-]+$/.test(path);
  const dir = plain ? joinDir(facts.cwd.dir, path) : null;
  facts.cwd = dir ? { dir, how: `cd ${path}` } : { dir: '', how: '' };
  facts.cwdDepth = facts.depth;
}

/** `base/rel` normalized; null when `..` climbs above what is known (the suffix then says nothing). */
export function joinDir(base: string, rel: string): string | null {
  const parts: string[] = [];
  for (const part of [...base.split('/'), ...rel.split('/')]) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** References a command added get the folder it runs in, unless PYTHONPATH widens where modules are found. */
function placeReferences(facts: CommandFacts, from: number, env: Map<string, Token>): void {
  if (!facts.cwd.dir || env.has('PYTHONPATH')) return;
  for (const ref of facts.references.slice(from)) ref.cwd ??= { dir: facts.cwd.dir, how: facts.cwd.how };
}

/** Drops the folders of every reference (the project is installed, or PYTHONPATH is set: modules import from anywhere). */
export function unplaceReferences(refs: CommandReference[]): void {
  for (const ref of refs) delete ref.cwd;
}

/** Reads one simple command's words. `env`: variables set so far (FLASK_APP for `flask run`). */
export function readCommand(words: Token[], lines: LineMap, facts: CommandFacts, env: Map<string, Token>): void {
  let i = 0;
  const local = new Map(env);
  for (;;) {
    const w = words[i];
    if (!w) return;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.text);
    if (assignment && !w.dynamic) {
      const valueStart = w.start + assignment[0].length + (/["']/.test(lines.text[w.start + assignment[0].length] ?? '') ? 1 : 0);
      local.set(assignment[1], { ...w, text: w.text.slice(assignment[0].length), start: valueStart });
      if (i === words.length - 1 || assignment[1] === 'FLASK_APP' || assignment[1] === 'DJANGO_SETTINGS_MODULE') noteVariable(assignment[1], local.get(assignment[1])!, lines, facts);
      i++;
      continue;
    }
    if (w.text === 'export' || w.text === 'env') {
      i++;
      continue;
    }
    if (PREFIX_WORDS.has(w.text)) {
      i++;
      continue;
    }
    if (RUNNERS.has(w.text) && words[i + 1]?.text === 'run') {
      i += 2;
      continue;
    }
    break;
  }
  const command = words[i];
  const program = command.text.slice(command.text.lastIndexOf('/') + 1);
  if (command.dynamic) {
    // `$PIP install x`, `"$PYTHON" -m pip install x`: whatever the variable holds, what it installs is written
    // (a variable not named for pip, `$APT install …`, may be any package manager: not read).
    const next = words[i + 1]?.text;
    if (next === 'install' && /pip/i.test(command.text)) return readPipInstall(words.slice(i + 1), facts);
    if (next === '-m' && words[i + 2]?.text === 'pip') return readPipInstall(words.slice(i + 3), facts);
    // `$VENV/bin/gunicorn`: where the program lives is unknown, not which program it is.
    if (!command.text.includes('/') || !program || /[$`*?{}~<>]/.test(program)) return;
  }
  if (program === 'cd' || program === 'pushd') return changeDirectory(words[i + 1], facts);
  // `poetry install` (without --no-root), `uv sync`, `pdm install`: the project is installed into the environment.
  if (RUNNERS.has(program) && /^(install|sync)$/.test(words[i + 1]?.text ?? '') && !words.some((w) => w.text === '--no-root' || w.text === '--no-install-project')) facts.installsProject = true;
  const before = facts.references.length;
  readProgram(program, words.slice(i + 1), lines, facts);
  placeReferences(facts, before, local);
}

/** `FLASK_APP=x` and `DJANGO_SETTINGS_MODULE=x` set in a run file are references themselves. */
export function noteVariable(name: string, value: Token, lines: LineMap, facts: CommandFacts): void {
  if (value.dynamic) return;
  if (name === 'FLASK_APP') {
    const ref = flaskTarget(value, lines, 'FLASK_APP');
    if (ref) facts.references.push(ref);
  } else if (name === 'DJANGO_SETTINGS_MODULE' && DOTTED.test(value.text)) {
    const quote = /["']/.test(lines.text[value.start] ?? '') ? 1 : 0;
    const start = value.start + quote;
    facts.references.push({ kind: 'module', target: value.text, span: lines.span(start, start + value.text.length), via: 'DJANGO_SETTINGS_MODULE', projectOnly: true });
  }
}

function readProgram(program: string, args: Token[], lines: LineMap, facts: CommandFacts): void {
  if (PYTHON.test(program)) return readPython(args, lines, facts);
  if ((program === 'sh' || program === 'bash') && args[0]?.text === '-c' && args[1]) {
    // `sh -c "cd backend && uvicorn main:app --port ${PORT}"`: the script is one word, read word by word (a
    // variable makes only its own word unknown); its `cd` stays inside it. Escapes would shift the words: skipped.
    const script = args[1];
    const quoted = /["']/.test(lines.text[script.start] ?? '') ? 1 : 0;
    if (lines.text.slice(script.start + quoted, script.end - quoted).includes('\\')) return;
    const outer = facts.cwd;
    for (const words of simpleCommands(tokenize(lines.text, script.start + quoted, script.end - quoted, true))) readCommand(words, lines, facts, new Map());
    facts.cwd = outer;
    return;
  }
  if (program === 'pip' || program === 'pip3') return readPipInstall(args, facts);
  if (program in SERVER_FLAGS) return readServer(program, args, lines, facts);
  if (program === 'flask') return readFlask(args, lines, facts);
  if (program === 'fastapi' && (args[0]?.text === 'run' || args[0]?.text === 'dev')) return readFastapiCli(args.slice(1), lines, facts, `fastapi ${args[0].text}`);
  if (program === 'apt-get' || program === 'apt' || program === 'apk') {
    // `python3-yaml`, `py3-lxml`: the module each installs is declared, nothing else.
    for (const a of args) if (!a.dynamic) for (const name of systemPythonPackage(a.text)) facts.requirements.push({ name, extras: [], line: 0 });
  }
  // Conda packages can provide Python modules under names we cannot map.
  if (program === 'conda' || program === 'mamba' || program === 'micromamba') facts.unreadableDeclarations = true;
}

function readPython(args: Token[], lines: LineMap, facts: CommandFacts): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.dynamic) return;
    if (a.text === '-m') {
      const module = args[i + 1];
      if (!module || module.dynamic) return;
      const rest = args.slice(i + 2);
      if (module.text === 'pip') return readPipInstall(rest, facts);
      if (module.text in SERVER_FLAGS) return readServer(module.text, rest, lines, facts);
      if (module.text === 'flask') return readFlask(rest, lines, facts);
      if (DOTTED.test(module.text)) {
        facts.references.push({ kind: 'module', target: module.text, span: lines.span(module.start, module.end), via: 'python -m', projectOnly: true });
      }
      return;
    }
    if (a.text === '-c') return;
    if (a.text === '-W' || a.text === '-X' || a.text === '--check-hash-based-pycs') {
      i++;
      continue;
    }
    if (a.text.startsWith('-')) continue;
    if (/^[\w./-]+\.py$/.test(a.text) && !a.text.startsWith('/')) {
      facts.references.push({ kind: 'file', target: a.text.replace(/^\.\//, ''), span: lines.span(a.start, a.end), via: 'python' });
    }
    return;
  }
}

/** A requirement whose name (and extras) are literal and whose version comes from a variable: `gunicorn==${V}`. */
const LITERAL_NAME_VARIABLE_VERSION = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(?:\[([\w.,\s-]*)\])?\s*(?:===|==|>=|<=|~=|!=|<|>)/;

const PIP_VALUE_OPTIONS = new Set(['-w', '--wheel-dir', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--only-binary', '--no-binary', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir', '--log', '--timeout', '--retries', '--proxy', '--cert', '--client-cert', '--report', '--config-settings', '-C']);

/** `pip install a b -r x.txt` (or `pip wheel`): the distributions it installs. */
function readPipInstall(args: Token[], facts: CommandFacts): void {
  if (args[0]?.text !== 'install' && args[0]?.text !== 'wheel') return;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a.dynamic) {
      // `gunicorn==${GUNICORN}`, `Django==4.*`: the name is written, only the version is a variable (or a pattern).
      const named = LITERAL_NAME_VARIABLE_VERSION.exec(a.text);
      if (named) facts.requirements.push({ name: normalizeDistribution(named[1]), extras: named[2] ? named[2].split(',').map((e) => normalizeDistribution(e.trim())).filter(Boolean) : [], line: 0 });
      // `/wheels/*`: wheels an earlier `pip wheel` built from what the manifests declare. A variable may be anything.
      else if (!/^[\w./-]*\*(\.whl)?$/.test(a.text)) facts.unreadableDeclarations = true;
      continue;
    }
    if (a.text === '-r' || a.text === '--requirement') {
      const file = args[++i];
      // Where a container or script installs from is relative to where it runs: the project's requirements
      // files are read wherever they are, so this only says that one is used.
      if (file && !file.dynamic) facts.includes.push(file.text.replace(/^\.\//, ''));
      continue;
    }
    if (a.text === '-e' || a.text === '--editable') continue; // the path or URL that follows is read below
    if (PIP_VALUE_OPTIONS.has(a.text)) {
      i++;
      continue;
    }
    if (a.text.startsWith('-')) continue;
    if (/^\.{1,2}(\/[\w./-]*)?(\[[^\]]*\])?$/.test(a.text)) {
      facts.installsProject = true; // the project itself
      continue;
    }
    const req = /^[a-z+]+:\/\/|^\/|\.whl$|\.tar\.gz$/i.test(a.text) ? null : parseRequirement(a.text, 0);
    if (req) facts.requirements.push(req);
    else facts.unreadableDeclarations = true;
  }
}

/** uvicorn/gunicorn/hypercorn/daphne: every `module:attr` word that is no option's value. */
function readServer(server: string, args: Token[], lines: LineMap, facts: CommandFacts): void {
  const flags = SERVER_FLAGS[server];
  const before = facts.references.length;
  // `gunicorn --chdir x`, `uvicorn --app-dir x`: where the app module is looked up (relative to where the command runs).
  let appDir: { dir: string; how: string } | null = null;
  let searchPathUnknown = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [option, inline] = a.text.startsWith('--') && a.text.includes('=') ? [a.text.slice(0, a.text.indexOf('=')), a.text.slice(a.text.indexOf('=') + 1)] : [a.text, null];
    if ((server === 'gunicorn' && option === '--chdir') || (server === 'uvicorn' && option === '--app-dir') || (server === 'granian' && option === '--working-dir')) {
      const value = inline ?? args[i + 1]?.text;
      const dynamic = inline === null ? (args[i + 1]?.dynamic ?? true) : a.dynamic;
      const dir = value && !dynamic && !value.startsWith('/') ? joinDir(facts.cwd.dir, value) : null;
      if (dir === null) searchPathUnknown = true;
      else appDir = { dir, how: `${option} ${value}` };
    }
    if (server === 'gunicorn' && option === '--pythonpath') searchPathUnknown = true;
    if (a.text.startsWith('-')) {
      if (server === 'gunicorn' && (a.text === '-c' || a.text === '--config')) {
        const conf = args[i + 1];
        if (conf && !conf.dynamic && /^[\w./-]+\.py$/.test(conf.text) && !conf.text.startsWith('/')) {
          facts.references.push({ kind: 'file', target: conf.text.replace(/^\.\//, ''), span: lines.span(conf.start, conf.end), via: 'gunicorn -c' });
        }
      }
      if (!a.text.includes('=') && !flags.has(a.text)) i++;
      continue;
    }
    if (a.dynamic) continue;
    const ref = moduleAttrReference(a, lines, server);
    if (ref) facts.references.push(ref);
    else if (server === 'gunicorn' && DOTTED.test(a.text) && a.text.includes('.')) {
      // `gunicorn project.wsgi`: gunicorn looks for `application` in it.
      facts.references.push({ kind: 'module-attr', target: a.text, attr: 'application', span: lines.span(a.start, a.end), via: server, implicitAttr: true });
    }
  }
  const added = facts.references.slice(before);
  if (searchPathUnknown) for (const ref of added) ref.cwd = { dir: '', how: '' };
  else if (appDir) for (const ref of added) if (ref.kind !== 'file' || ref.via !== 'gunicorn -c') ref.cwd = appDir.dir ? appDir : { dir: '', how: '' };
}

const FASTAPI_CLI_FLAGS = new Set(['--reload', '--no-reload', '--proxy-headers', '--no-proxy-headers', '--help']);

/** `fastapi run app/main.py`, `fastapi dev main.py`: the file it serves (without one, it searches: silent). */
function readFastapiCli(args: Token[], lines: LineMap, facts: CommandFacts, via: string): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.text.startsWith('-')) {
      if (!a.text.includes('=') && !FASTAPI_CLI_FLAGS.has(a.text)) i++;
      continue;
    }
    if (!a.dynamic && /^[\w./-]+\.py$/.test(a.text) && !a.text.startsWith('/')) {
      facts.references.push({ kind: 'file', target: a.text.replace(/^\.\//, ''), span: lines.span(a.start, a.end), via });
    }
    return;
  }
}

/** `module:attr`, `module:attr.sub`, `module:factory()` as one word. */
export function moduleAttrReference(a: Token, lines: LineMap, via: string): CommandReference | null {
  const m = MODULE_ATTR.exec(a.text);
  if (!m) return null;
  const quote = /["']/.test(lines.text[a.start] ?? '') ? 1 : 0; // a quoted word: its text starts one character in
  const attrOffset = a.start + quote + m[1].length + 1;
  return {
    kind: 'module-attr',
    target: m[1],
    attr: m[2],
    span: lines.span(a.start + quote, a.start + quote + m[1].length),
    attrSpan: lines.span(attrOffset, attrOffset + m[2].length),
    via,
  };
}

/** `flask --app x run`, `flask -A x` (FLASK_APP, wherever it is set, is read where it is set). */
function readFlask(args: Token[], lines: LineMap, facts: CommandFacts): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.text === '--app' || a.text === '-A') {
      const target = args[i + 1];
      const ref = target && !target.dynamic ? flaskTarget(target, lines, 'flask --app') : null;
      if (ref) facts.references.push(ref);
      return;
    }
    if (a.text.startsWith('--app=')) {
      const ref = a.dynamic ? null : flaskTarget({ ...a, text: a.text.slice(6), start: a.start + 6 }, lines, 'flask --app');
      if (ref) facts.references.push(ref);
      return;
    }
  }
}

/** FLASK_APP / --app values: `module`, `module:attr`, `module:factory(args)`, `path/app.py`. */
function flaskTarget(t: Token, lines: LineMap, via: string): CommandReference | null {
  const quote = /["']/.test(lines.text[t.start] ?? '') ? 1 : 0;
  const start = t.start + quote;
  if (/^[\w/-]+\.py$/.test(t.text) && !t.text.startsWith('/')) return { kind: 'file', target: t.text.replace(/^\.\//, ''), span: lines.span(start, start + t.text.length), via };
  const withAttr = moduleAttrReference(t, lines, via);
  if (withAttr) return { ...withAttr, projectOnly: true };
  if (DOTTED.test(t.text)) return { kind: 'module', target: t.text, span: lines.span(start, start + t.text.length), via, projectOnly: true };
  return null;
}

/** Requirements and includes of command lines, as declarations (Dockerfile RUN, shell scripts). */
export function factsAsDeclarations(facts: CommandFacts): Declarations {
  return {
    requirements: facts.requirements,
    includes: [],
    ...(facts.unreadableDeclarations ? { unreadableDeclarations: true } : {}),
  };
}
