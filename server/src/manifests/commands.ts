// Reads the command lines of run files (shell scripts, Dockerfile CMD/ENTRYPOINT, Procfile, compose
// `command:`) for the Python they start: `python -m app.worker`, `python manage.py`, and for the packages
// they install (`pip install x`). The programs of frameworks and servers (`uvicorn app.main:app`,
// `flask --app app run`, `FLASK_APP=app.py`) are read by the framework adapters' project-file parts
// (ProjectFilePart below), handed down by the host. Only what is certain is recorded: a token with a shell
// variable in it, an option whose arity is unknown to us that might swallow the target… leave the reference out.
import { LineIndex } from '../core/lineEnds';
import type { Span } from '../core/types';
import type { RunStringWords } from '../syntax/factCollectors';
import type { FileSummary } from '../syntax/summary';
import { parseRequirement, type Declarations } from './declarations';
import { systemPythonPackage } from './systemPackages';
import { normalizeDistribution } from './summary';
import type { CommandReference, CoreProjectFileKind, DeclaredRequirement, ProjectFileKind } from '../index/projectFileSummary';

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
/** A dotted module path (`pkg.settings`). */
export const DOTTED = new RegExp(`^${IDENT}(\\.${IDENT})*$`);
const MODULE_ATTR = new RegExp(`^(${IDENT}(?:\\.${IDENT})*):(${IDENT})(\\.${IDENT})*(\\(.*\\))?$`);

/** Reads the words after a program (or after `python -m module`) into `facts` (references, folders). */
export type ProgramReader = (args: Token[], lines: LineMap, facts: CommandFacts) => void;

/** Reads the value of an environment variable where a run file sets it (`FLASK_APP=app.py`). */
export interface VariableReader {
  read(value: Token, lines: LineMap, facts: CommandFacts): void;
  /**
   * The program that reads it also loads it where it is set for later commands: `dotenv` files (`.env`, read
   * by python-dotenv, and the names an adapter gives the kind) and a Makefile's top-level `export`.
   */
  setForLaterCommands?: boolean;
}

/**
 * What a framework adapter reads in project files (its project-file part): the programs it knows and what
 * their words reference, the modules run with `python -m`, the environment variables that name an app, and
 * the Python functions that start an app named by a string (`uvicorn.run("pkg.asgi:app")`).
 */
export interface ProjectFilePart {
  /** By the program's name as typed, without its folder (`.venv/bin/gunicorn` is `gunicorn`). */
  programs?: Readonly<Record<string, ProgramReader>>;
  /** By the module `python -m` runs (`uvicorn`, `aiohttp.web`). */
  modules?: Readonly<Record<string, ProgramReader>>;
  variables?: Readonly<Record<string, VariableReader>>;
  /**
   * Functions whose first argument names the app they start, by the module they are imported from, and their
   * keywords that move where modules are found (`app_dir=`: the call is then not read).
   */
  runCalls?: readonly { module: string; functions: readonly string[]; placingKeywords?: readonly string[] }[];
  /**
   * What a Python file itself names for its program to import at start, read from its summary (the adapter's
   * facts): `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")` in manage.py.
   */
  pythonReferences?(summary: FileSummary): readonly CommandReference[];
  /**
   * Python files its program reads as its configuration, where a module-level setting (`wsgi_app = "pkg.module:app"`,
   * FileSummary.appSettings) names the app it starts.
   */
  pythonConfigs?: readonly PythonConfigFiles[];
  /**
   * The key its readings of project files are kept under (ProjectFileSummary.frameworks): the adapter's key.
   * Its template tags are read only with one; its own kinds' readings default to the kind's name.
   */
  key?: string;
  /** Kinds of project files of its own, found by name, each with its reader (SQLAlchemy/Alembic: alembic.ini). */
  fileKinds?: readonly ProjectFileKindReader[];
  /** Names of files its program reads as one of the core's kinds (Flask: `.flaskenv`, a `dotenv` file the flask command loads). */
  fileNames?: readonly { name: string; kind: CoreProjectFileKind }[];
  /**
   * Reads its own tags in a template's text (Jinja's `url_for('bp.endpoint')`, Django's `{% url 'name' %}`): kept as
   * ProjectFileSummary.frameworks[key] (plain data); null or undefined: none. The core finds the templates.
   */
  templateTags?(file: ProjectFileText): unknown;
}

/** A project file's text as an adapter's reader is handed it (line ends normalized: lines as the editor counts them). */
export interface ProjectFileText {
  readonly text: string;
  readonly lines: readonly string[];
  /** The span of the text from offset `start` to `end`. */
  spanOf(start: number, end: number): Span;
}

/** A kind of project file of an adapter's own (ProjectFilePart.fileKinds): its files' names and its reader. */
export interface ProjectFileKindReader {
  /** The kind (ProjectFileSummary.kind), a name no core kind has: `alembic-ini`. */
  readonly kind: string;
  /** Its files' names (a path's last part): `alembic.ini`. Tested before the core's patterns (`*.ini`). */
  readonly names: readonly string[];
  /** What it reads in one, kept as ProjectFileSummary.frameworks[key] (plain data); null or undefined: nothing. */
  read(file: ProjectFileText): unknown;
}

/** Python files a program reads as its configuration (ProjectFilePart.pythonConfigs). */
export interface PythonConfigFiles {
  /** Their usual names, tested against a file's path (`gunicorn.conf.py`). */
  readonly names: RegExp;
  /** The `via` of a run file's file reference (CommandReference) that loads one by another name (`gunicorn -c`). */
  readonly loadedVia: string;
  /** The module-level name whose string names the app it starts (`wsgi_app`): the walk keeps it in every file. */
  readonly appSetting: string;
  /** Who reads the app setting there, as findings say (`gunicorn wsgi_app`). */
  readonly via: string;
}

/** Every adapter's project-file part in one (composed once by the host, read by every command). */
export interface ProjectFileReaders {
  programs: ReadonlyMap<string, ProgramReader>;
  modules: ReadonlyMap<string, ProgramReader>;
  variables: ReadonlyMap<string, VariableReader>;
  runCalls: readonly { module: string; functions: readonly string[] }[];
  pythonReferences: readonly ((summary: FileSummary) => readonly CommandReference[])[];
  pythonConfigs: readonly PythonConfigFiles[];
  /** File names the adapters give a kind (ProjectFilePart.fileKinds, .fileNames): manifests/summary.ts' projectFileKinds. */
  kindsByName: ReadonlyMap<string, ProjectFileKind>;
  /** The readers of the adapters' own kinds, by kind, with the key their readings are kept under. */
  kindReaders: ReadonlyMap<string, { key: string; read: ProjectFileKindReader['read'] }>;
  /** The adapters' readers of their tags in templates, with the key their readings are kept under. */
  templateReaders: readonly { key: string; read(file: ProjectFileText): unknown }[];
}

/** The readers of the given parts (the first to name a program, module or variable wins). */
export function projectFileReaders(parts: readonly (ProjectFilePart | undefined)[]): ProjectFileReaders {
  const programs = new Map<string, ProgramReader>();
  const modules = new Map<string, ProgramReader>();
  const variables = new Map<string, VariableReader>();
  const runCalls: { module: string; functions: readonly string[] }[] = [];
  const pythonReferences: ((summary: FileSummary) => readonly CommandReference[])[] = [];
  const pythonConfigs: PythonConfigFiles[] = [];
  const kindsByName = new Map<string, ProjectFileKind>();
  const kindReaders = new Map<string, { key: string; read: ProjectFileKindReader['read'] }>();
  const templateReaders: { key: string; read(file: ProjectFileText): unknown }[] = [];
  for (const part of parts) {
    if (!part) continue;
    for (const [name, read] of Object.entries(part.programs ?? {})) if (!programs.has(name)) programs.set(name, read);
    for (const [name, read] of Object.entries(part.modules ?? {})) if (!modules.has(name)) modules.set(name, read);
    for (const [name, reader] of Object.entries(part.variables ?? {})) if (!variables.has(name)) variables.set(name, reader);
    runCalls.push(...(part.runCalls ?? []));
    if (part.pythonReferences) pythonReferences.push(part.pythonReferences);
    pythonConfigs.push(...(part.pythonConfigs ?? []));
    for (const reader of part.fileKinds ?? []) {
      if (kindReaders.has(reader.kind)) continue;
      kindReaders.set(reader.kind, { key: part.key ?? reader.kind, read: reader.read });
      for (const name of reader.names) if (!kindsByName.has(name)) kindsByName.set(name, reader.kind);
    }
    for (const { name, kind } of part.fileNames ?? []) if (!kindsByName.has(name)) kindsByName.set(name, kind);
    if (part.templateTags && part.key) templateReaders.push({ key: part.key, read: part.templateTags });
  }
  return { programs, modules, variables, runCalls, pythonReferences, pythonConfigs, kindsByName, kindReaders, templateReaders };
}

/**
 * An adapter's project-file part, and what its summary keeps for it: its share of Python run calls
 * (FactCollector.runStrings) and its config files' app settings (FactCollector.appSettings).
 */
export function projectFileParts(part: ProjectFilePart): { projectFiles: ProjectFilePart; runStrings: RunStringWords; appSettings: readonly string[] } {
  const calls = part.runCalls ?? [];
  const runStrings = { callees: calls.flatMap((c) => c.functions), programs: Object.keys(part.programs ?? {}), placingKeywords: calls.flatMap((c) => c.placingKeywords ?? []) };
  return { projectFiles: part, runStrings, appSettings: (part.pythonConfigs ?? []).map((c) => c.appSetting) };
}

export interface CommandFacts {
  /** The programs, modules and variables the commands are read with. */
  readers: ProjectFileReaders;
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

export function emptyFacts(readers: ProjectFileReaders, cwd = ''): CommandFacts {
  return { readers, references: [], requirements: [], includes: [], unreadableDeclarations: false, cwd: { dir: cwd, how: cwd ? 'WORKDIR' : '' }, depth: 0, cwdDepth: 0, installsProject: false };
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
      if (i === words.length - 1 || facts.readers.variables.has(assignment[1])) noteVariable(assignment[1], local.get(assignment[1])!, lines, facts);
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

/** Variables that name an app (`FLASK_APP=x`, `DJANGO_SETTINGS_MODULE=x`) set in a run file are references themselves. */
export function noteVariable(name: string, value: Token, lines: LineMap, facts: CommandFacts): void {
  if (value.dynamic) return;
  facts.readers.variables.get(name)?.read(value, lines, facts);
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
  const adapterProgram = facts.readers.programs.get(program);
  if (adapterProgram) return adapterProgram(args, lines, facts);
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
      const adapterModule = facts.readers.modules.get(module.text);
      if (adapterModule) return adapterModule(rest, lines, facts);
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

/** Requirements and includes of command lines, as declarations (Dockerfile RUN, shell scripts). */
export function factsAsDeclarations(facts: CommandFacts): Declarations {
  return {
    requirements: facts.requirements,
    includes: [],
    ...(facts.unreadableDeclarations ? { unreadableDeclarations: true } : {}),
  };
}
