// Summarizes one project file (manifest or run file) by kind. Bad input never throws: a file that cannot
// be read says nothing (with a `problem` for the log).
import { isMap, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import { readFirstYamlDocument } from './yamlDocument';
import { emptyFacts, factsAsDeclarations, joinDir, LineMap, moduleAttrReference, noteVariable, readCommand, simpleCommands, tokenize, unplaceReferences, type CommandFacts, type ProjectFileReaders, type ProjectFileText, type Token } from './commands';
import { moduleNameOf, modulesWritten, taskRunnerReferences, readDotenv, readIniCommands, readMakefile, refersToBuilt } from './runConfigs';
import { readPipfile, readPyproject, readRequirementsFile, readSetupCfg, readSetupPy, type Declarations } from './declarations';
import { normalizeLineEnds } from '../core/lineEnds';
import { VERSIONED_DISTRIBUTIONS } from '../python/removedApis';
import { normalizeDistribution, PROJECT_FILE_SCHEMA, readIgnores } from './summary';
import type { CommandReference, ProjectFileKind, ProjectFileSummary } from '../index/projectFileSummary';

/** `readers`: the programs, modules and variables commands are read with (the host composes the adapters'). */
export function summarizeProjectFileWith(readers: ProjectFileReaders, path: string, kind: ProjectFileKind, original: string): ProjectFileSummary {
  const text = normalizeLineEnds(original); // same offsets; lines as the editor counts them
  const lines = text.split('\n');
  const base: ProjectFileSummary = { schema: PROJECT_FILE_SCHEMA, kind, requirements: [], includes: [], references: [], ignores: kind === 'setup-py' ? [] : readIgnores(lines) };
  if (kind === 'lock') return { ...base, ignores: [], ...readLock(path, text) };
  try {
    // Templates: the adapters read their own tags (`url_for('bp.endpoint')`, `{% url 'name' %}`); the core, `{# coherence: ignore #}` comments.
    if (kind === 'template') {
      const file = projectFileText(text, lines);
      return { ...base, ...frameworkReadings(readers.templateReaders.map((r) => [r.key, r.read(file)])) };
    }
    const own = readers.kindReaders.get(kind);
    if (own) return { ...base, ...frameworkReadings([[own.key, own.read(projectFileText(text, lines))]]) };
    const read = readByKind(path, kind, text, readers);
    for (const ref of read.references) if (ref.cwd && !ref.cwd.dir) delete ref.cwd;
    return { ...base, ...read.declarations, references: read.references, ...(read.placed?.length ? { placedElsewhere: read.placed } : {}), ...(read.made?.length ? { madeModules: read.made } : {}) };
  } catch (e) {
    return { ...base, problem: `could not be read: ${(e as Error).message}` };
  }
}

/** A file's text as the adapters' readers are handed it (ProjectFileText). */
function projectFileText(text: string, lines: readonly string[]): ProjectFileText {
  let map: LineMap | undefined;
  return { text, lines, spanOf: (start, end) => (map ??= new LineMap(text)).span(start, end) };
}

/** The adapters' readings of a file, by key, leaving out those that read nothing. */
function frameworkReadings(readings: readonly [string, unknown][]): Pick<ProjectFileSummary, 'frameworks'> {
  const kept = readings.filter(([, read]) => read !== null && read !== undefined);
  return kept.length ? { frameworks: Object.fromEntries(kept) } : {};
}

function readByKind(path: string, kind: ProjectFileKind, text: string, readers: ProjectFileReaders): { declarations: Declarations; references: CommandReference[]; placed?: string[]; made?: string[] } {
  const none: Declarations = { requirements: [], includes: [] };
  switch (kind) {
    case 'requirements':
      return { declarations: readRequirementsFile(path, text), references: [] };
    case 'pyproject':
      return { declarations: readPyproject(path, text), references: [...scriptTableReferences(text, ['project.scripts', 'project.gui-scripts', 'tool.poetry.scripts'], /^project\.entry-points\./), ...taskRunnerReferences(text, readers)] };
    case 'setup-cfg':
      return { declarations: readSetupCfg(text), references: setupCfgEntryPoints(text) };
    case 'setup-py':
      return { declarations: readSetupPy(text), references: setupPyEntryPoints(text) };
    case 'pipfile':
      return { declarations: readPipfile(text), references: [] };
    case 'conda':
      return { declarations: { ...none, unreadableDeclarations: true }, references: [] };
    case 'dockerfile':
      return readDockerfile(text, readers);
    case 'procfile':
      return readProcfile(text, readers);
    case 'compose':
      return readCompose(text, readers);
    case 'shell':
      return readShell(text, readers);
    case 'ini':
      return readIniCommands(text, readers);
    case 'dotenv':
      return readDotenv(text, readers);
    case 'makefile':
      return readMakefile(text, readers);
    case 'template':
    case 'lock':
    default: // an adapter's own kind: its reader reads it
      return { declarations: none, references: [] };
  }
}

/** Shell scripts: every simple command, with variables set (and exported) along the way. */
function readShell(text: string, readers: ProjectFileReaders): { declarations: Declarations; references: CommandReference[]; made: string[] } {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  const env = new Map<string, Token>();
  const tokens = tokenize(text);
  const built = new Set<string>(); // modules the script writes (`cp settings.example.py settings_local.py`)
  // Subshells and functions keep a `cd` to themselves: where later commands run is then not evident.
  const scoped = tokens.some((t) => (t.separator && (t.text === '(' || t.text === ')')) || (!t.separator && (t.text === '{' || t.text === '}')));
  for (const words of simpleCommands(tokens)) {
    const first = words[0]?.text;
    if (first === 'if' || first === 'while' || first === 'until' || first === 'for' || first === 'case' || first === 'select') facts.depth++;
    if (first === 'fi' || first === 'done' || first === 'esac') {
      facts.depth--;
      if (facts.depth < facts.cwdDepth) facts.cwd = { dir: '', how: '' }; // a `cd` inside a branch may not have run
    }
    if (scoped) facts.cwd = { dir: '', how: '' };
    for (const name of modulesWritten(words)) built.add(name);
    readCommandKeepingEnv(words, map, facts, env);
  }
  if (facts.installsProject || env.has('PYTHONPATH')) unplaceReferences(facts.references);
  const made = refersToBuilt(built);
  return { declarations: factsAsDeclarations(facts), references: facts.references.filter((r) => !made(r)), made: [...built] };
}

/** A command of assignments only (`FLASK_APP=app.py`, `export X=y`) sets them for the rest of the script. */
function readCommandKeepingEnv(words: Token[], map: LineMap, facts: CommandFacts, env: Map<string, Token>): void {
  const assignments = words.filter((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text));
  const onlyAssignments = assignments.length > 0 && words.every((w) => w.text === 'export' || w.text === 'env' || assignments.includes(w));
  if (onlyAssignments) {
    for (const w of assignments) {
      const name = w.text.slice(0, w.text.indexOf('='));
      const valueStart = w.start + name.length + 1;
      const value = { ...w, text: w.text.slice(name.length + 1), start: valueStart };
      env.set(name, value);
      noteVariable(name, value, map, facts);
    }
    return;
  }
  readCommand(words, map, facts, env);
}

/** Procfile: `process: command` lines. */
function readProcfile(text: string, readers: ProjectFileReaders): { declarations: Declarations; references: CommandReference[] } {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  let offset = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*[A-Za-z0-9_-]+\s*:/.exec(line);
    facts.cwd = { dir: '', how: '' }; // each process starts in the app's root
    if (m) for (const words of simpleCommands(tokenize(text, offset + m[0].length, offset + line.length))) readCommand(words, map, facts, new Map());
    offset += line.length + 1;
  }
  return { declarations: { requirements: [], includes: [] }, references: facts.references };
}

/**
 * Dockerfile: ENV (FLASK_APP), RUN (what `pip install` installs), CMD and ENTRYPOINT in shell and exec form
 * (an exec-form ENTRYPOINT of a server or python takes the CMD as its arguments).
 */
function readDockerfile(text: string, readers: ProjectFileReaders): { declarations: Declarations; references: CommandReference[]; placed: string[]; made: string[] } {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  const references: CommandReference[] = [];
  let env = new Map<string, Token>();
  // Only a stage's last CMD and last ENTRYPOINT take effect; an exec-form ENTRYPOINT takes the CMD as arguments.
  let stage: DockerStage = newStage(env, false);
  const stageNames = new Set<string>();
  const endStage = () => {
    const entry = stage.entrypoint ? execForm(text, stage.entrypoint.argsStart, stage.entrypoint.end) : null;
    const runs: { words: Token[]; exec: boolean }[] = [];
    for (const ins of [stage.entrypoint, stage.cmd]) {
      if (!ins) continue;
      const exec = execForm(text, ins.argsStart, ins.end);
      runs.push({ words: exec ?? tokenize(text, ins.argsStart, ins.end, false), exec: exec !== null });
      if (ins === stage.cmd && exec && entry) runs.push({ words: [...entry, ...exec], exec: true });
    }
    const cmdFacts = emptyFacts(readers);
    const dir = stage.installsProject ? null : workdirFolder(stage);
    if (dir) cmdFacts.cwd = { dir, how: `WORKDIR ${stage.workdir}` };
    for (const run of runs) for (const command of run.exec ? [run.words] : simpleCommands(run.words)) readCommand(command, map, cmdFacts, stage.env);
    references.push(...cmdFacts.references);
  };
  // Python files the build makes (`RUN cp docker/config.py settings/config.py`, `COPY conf.py app/settings.py`):
  // a reference to one of them is not judged against the project's files.
  const built = new Set<string>();
  const placed: string[] = [];
  const noteBuilt = (words: Token[]) => {
    for (const w of words) if (/\.py$/.test(w.text)) built.add(moduleNameOf(w.text));
  };
  for (const ins of dockerInstructions(text)) {
    const keyword = ins.keyword.toUpperCase();
    if (keyword === 'FROM') {
      endStage();
      env = new Map();
      const words = tokenize(text, ins.argsStart, ins.end, false).filter((w) => !w.text.startsWith('--'));
      // `FROM base AS final` of an earlier stage inherits its files and WORKDIR: not followed.
      stage = newStage(env, stageNames.has(words[0]?.text.toLowerCase() ?? ''));
      if (words[1]?.text.toLowerCase() === 'as' && words[2]) stageNames.add(words[2].text.toLowerCase());
      continue;
    }
    if (keyword === 'WORKDIR') {
      const [w] = tokenize(text, ins.argsStart, ins.end, false);
      const next = !w || w.dynamic ? null : w.text.startsWith('/') ? w.text : stage.workdir !== null ? `${stage.workdir}/${w.text}` : null;
      stage.workdir = next === null ? null : '/' + (joinDir('', next) ?? '');
      continue;
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const words = tokenize(text, ins.argsStart, ins.end, false);
      const fromElsewhere = words.some((w) => w.text.startsWith('--from'));
      const paths = words.filter((w) => !w.text.startsWith('--'));
      const dest = paths.length >= 2 ? paths[paths.length - 1] : null;
      const destPath = !dest || dest.dynamic ? null : dest.text.startsWith('/') ? dest.text : stage.workdir !== null ? `${stage.workdir}/${dest.text}` : null;
      stage.copies.push({ sources: paths.slice(0, -1).map((p) => (p.dynamic ? '*' : p.text)), dest: destPath === null ? null : '/' + (joinDir('', destPath) ?? ''), fromElsewhere });
      if (dest) noteBuilt([dest]);
      if (!fromElsewhere) placed.push(...placedPythonFiles(paths));
      continue;
    }
    if (keyword === 'ENV') {
      const words = tokenize(text, ins.argsStart, ins.end, false);

      const legacy = words.length >= 2 && !words[0].text.includes('='); // `ENV NAME value`
      if (legacy) {
        const value = words[1];
        env.set(words[0].text, value);
        noteVariable(words[0].text, value, map, facts);
      } else {
        for (const w of words) {
          const eq = w.text.indexOf('=');
          if (eq <= 0) continue;
          const name = w.text.slice(0, eq);
          const value = { ...w, text: w.text.slice(eq + 1), start: w.start + eq + 1 };
          env.set(name, value);
          noteVariable(name, value, map, facts);
        }
      }
      continue;
    }
    if (keyword === 'RUN') {
      // Build steps: only what they install counts (a file they run may have been made by an earlier step).
      for (const words of simpleCommands(tokenize(text, ins.argsStart, ins.end, false))) {
        if (/^(cp|mv|ln|install|touch|tee|envsubst)$/.test(words[0]?.text ?? '') || words.some((w) => w.text.startsWith('>'))) noteBuilt(words.slice(1));
        if (/^(cp|mv|ln)$/.test(words[0]?.text ?? '')) placed.push(...placedPythonFiles(words.slice(1).filter((w) => !w.text.startsWith('-'))));
      }
      const runFacts = emptyFacts(readers);
      for (const words of simpleCommands(tokenize(text, ins.argsStart, ins.end, false))) readCommand(words, map, runFacts, env);
      facts.requirements.push(...runFacts.requirements);
      facts.includes.push(...runFacts.includes);
      if (runFacts.unreadableDeclarations) facts.unreadableDeclarations = true;
      if (runFacts.installsProject) stage.installsProject = true;
      continue;
    }
    if (keyword === 'CMD') stage.cmd = ins;
    else if (keyword === 'ENTRYPOINT') {
      stage.entrypoint = ins;
      stage.cmd = undefined; // ENTRYPOINT resets an earlier CMD
    }
  }
  endStage();
  const made = refersToBuilt(built);
  return { declarations: factsAsDeclarations(facts), references: [...facts.references, ...dedupe(references)].filter((r) => !made(r)), placed, made: [...built] };
}

/**
 * `cp a.py b/c.py`, `COPY x.py /app/y.py`, a volume `./a.py:/app/b.py`: the Python sources put at a `.py`
 * destination (as written, `./`, `$PWD/` and `${PWD}/` dropped; nothing when a path is built at run time).
 */
function placedPythonFiles(paths: readonly { text: string; dynamic?: boolean }[]): string[] {
  if (paths.length < 2 || !paths[paths.length - 1].text.endsWith('.py')) return [];
  return paths
    .slice(0, -1)
    .map((p) => p.text.replace(/^(\$\{?PWD\}?\/|\.\/)/, ''))
    .filter((p) => p.endsWith('.py') && !/[$`*?]/.test(p) && !p.startsWith('/'));
}

interface DockerStage {
  cmd?: DockerInstruction;
  entrypoint?: DockerInstruction;
  env: Map<string, Token>;
  /** The container path of WORKDIR (null: none, or not known). */
  workdir: string | null;
  /** COPY/ADD: sources as written ('*' for a variable), the container destination (null when unknown). */
  copies: { sources: string[]; dest: string | null; fromElsewhere: boolean }[];
  /** Built on an earlier stage, or installs the project: where modules are found is not the WORKDIR alone. */
  installsProject: boolean;
}

function newStage(env: Map<string, Token>, inherits: boolean): DockerStage {
  return { env, workdir: null, copies: [], installsProject: inherits };
}

/** A COPY source that names a folder of the build context (`.`, `src/`, `backend`), not a file (`requirements.txt`, `Pipfile`). */
function folderSource(source: string): boolean {
  return source === '.' || source === './' || /^[\w.-]+(\/[\w.-]+)*\/$/.test(source) || /^[a-z_][a-z0-9_-]*(\/[a-z0-9_-]+)*$/.test(source);
}

/**
 * The project folder (relative to the build context) that WORKDIR is, when one COPY of a folder evidently
 * fills it or one of its parents (`COPY . /app` with `WORKDIR /app/src`: `src`); null when not evident.
 */
function workdirFolder(stage: DockerStage): string | null {
  const workdir = stage.workdir;
  if (workdir === null) return null;
  const covers = (dest: string) => dest === workdir || dest === '/' || workdir.startsWith(dest.replace(/\/$/, '') + '/');
  const inside = (dest: string) => dest === workdir || dest.startsWith(workdir + '/');
  const relevant = stage.copies.filter((c) => c.dest === null || c.fromElsewhere || covers(c.dest) || inside(c.dest));
  if (relevant.some((c) => c.dest === null || c.fromElsewhere || c.sources.includes('*'))) return null;
  const folders = relevant.filter((c) => c.sources.some(folderSource));
  if (folders.length !== 1 || folders[0].sources.length !== 1) return null;
  // Anything else copied into the WORKDIR (a file, another folder) would be found there too.
  if (relevant.some((c) => c !== folders[0] && inside(c.dest!))) return null;
  const dest = folders[0].dest!.replace(/\/$/, '');
  const below = workdir === dest ? '' : workdir.slice(dest.length + 1);
  return joinDir(folders[0].sources[0], below) || null;
}

function dedupe(refs: CommandReference[]): CommandReference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = JSON.stringify(r.span);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface DockerInstruction {
  keyword: string;
  argsStart: number;
  end: number;
}

/** Instructions with their continuation lines (`\` at the end), comments and blank lines skipped. */
function dockerInstructions(text: string): DockerInstruction[] {
  const out: DockerInstruction[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let current: DockerInstruction | null = null;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    if (current) {
      if (trimmed.startsWith('#')) continue; // comments inside a continued instruction are dropped
      current.end = lineStart + line.length;
      if (!/\\\s*$/.test(line)) current = null;
      continue;
    }
    if (!trimmed || trimmed.startsWith('#')) continue;
    const m = /^\s*([A-Za-z]+)\s+/.exec(line);
    if (!m) continue;
    const ins = { keyword: m[1], argsStart: lineStart + m[0].length, end: lineStart + line.length };
    out.push(ins);
    if (/\\\s*$/.test(line)) current = ins;
  }
  return out;
}

/** `["uvicorn", "app.main:app"]`: the strings, as words (null when the arguments are no JSON array). */
function execForm(text: string, start: number, end: number): Token[] | null {
  const source = text.slice(start, end).replace(/\\\s*\n/g, (m) => ' '.repeat(m.length));
  if (!source.trim().startsWith('[')) return null;
  try {
    const values = JSON.parse(source.trim()) as unknown;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
  } catch {
    return null;
  }
  const out: Token[] = [];
  for (const m of source.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const value = JSON.parse(m[0]) as string;
    out.push({ text: value, start: start + m.index!, end: start + m.index! + m[0].length, dynamic: /[$`]/.test(value) });
  }
  return out;
}

/** docker-compose: each service's `command:`/`entrypoint:` (string or list) and `environment:` FLASK_APP. */
function readCompose(text: string, readers: ProjectFileReaders): { declarations: Declarations; references: CommandReference[]; placed?: string[]; made?: string[] } {
  const map = new LineMap(text);
  const facts = emptyFacts(readers);
  const { doc, problem } = readFirstYamlDocument(text);
  if (!doc) return { declarations: { requirements: [], includes: [], problem } as Declarations, references: [] };
  const services = doc.get('services', true) as YamlNode | undefined;
  if (!isMap(services)) return { declarations: { requirements: [], includes: [] }, references: [] };
  for (const pair of services.items) {
    const service = pair.value;
    if (!isMap(service)) continue;
    const env = new Map<string, Token>();
    const environment = service.get('environment', true) as YamlNode | undefined;
    if (isMap(environment)) {
      for (const p of environment.items) {
        if (isScalar(p.key) && isScalar(p.value) && typeof p.value.value === 'string') env.set(String(p.key.value), scalarToken(p.value));
      }
    } else if (isSeq(environment)) {
      for (const item of environment.items) {
        if (!isScalar(item) || typeof item.value !== 'string') continue;
        const eq = item.value.indexOf('=');
        if (eq <= 0) continue;
        const t = scalarToken(item);
        env.set(item.value.slice(0, eq), { ...t, text: item.value.slice(eq + 1), start: t.start + eq + 1 });
      }
    }
    for (const [name, value] of env) noteVariable(name, value, map, facts);
    facts.cwd = { dir: '', how: '' };
    for (const key of ['entrypoint', 'command']) {
      const node = service.get(key, true) as YamlNode | undefined;
      if (isScalar(node) && typeof node.value === 'string') {
        const r = node.range!;
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
        const startText = block ? text.indexOf('\n', r[0]) + 1 : r[0] + (quoted ? 1 : 0);
        const endText = quoted ? r[1] - 1 : r[1];
        for (const words of simpleCommands(tokenize(text, startText, endText, node.type === 'BLOCK_LITERAL'))) readCommand(words, map, facts, env);
      } else if (isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
        const words = node.items.map((i) => scalarToken(i as Scalar));
        // `["sh", "-c", "gunicorn app:app"]`: the script is one word.
        const shell = words.length === 3 && /^(ba)?sh$/.test(words[0].text) && words[1].text === '-c';
        if (shell) for (const w of simpleCommands(tokenize(text, words[2].start + 1, words[2].end - 1, true))) readCommand(w, map, facts, env);
        else readCommand(words, map, facts, env);
      }
    }
  }
  // A service's volumes decide what its folders hold: the image's WORKDIR mapping says nothing then.
  // File volumes (`./dockerfiles/settings/web.py:/app/readthedocs/settings/web_docker.py`) make modules.
  const built = new Set<string>();
  const placed: string[] = [];
  for (const pair of services.items) {
    const volumes = isMap(pair.value) ? (pair.value.get('volumes', true) as YamlNode | undefined) : undefined;
    for (const item of isSeq(volumes) ? volumes.items : []) {
      const mount = isScalar(item) && typeof item.value === 'string' ? item.value.split(':') : isMap(item) ? [String(item.get('source') ?? ''), String(item.get('target') ?? '')] : [];
      if (mount.length < 2 || !mount[1].endsWith('.py')) continue;
      built.add(moduleNameOf(mount[1]));
      placed.push(...placedPythonFiles([{ text: mount[0] }, { text: mount[1] }]));
    }
  }
  const made = refersToBuilt(built);
  return { declarations: { requirements: [], includes: [] }, references: facts.references.filter((r) => !made(r)), placed, made: [...built] };
}

function scalarToken(node: Scalar): Token {
  const r = node.range!;
  const value = String(node.value);
  return { text: value, start: r[0], end: r[1], dynamic: /[$`]/.test(value) };
}

/** `[project.scripts]`-like tables: `name = "module:function"` lines. */
function scriptTableReferences(text: string, sections: string[], sectionPattern: RegExp): CommandReference[] {
  const map = new LineMap(text);
  const out: CommandReference[] = [];
  let section = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) {
      section = header[1].trim().replace(/"/g, '');
      continue;
    }
    if (!sections.includes(section) && !sectionPattern.test(section)) continue;
    const m = /^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=\s*(["'])([^"']*)\2/.exec(line);
    if (!m) continue;
    const valueStart = lineStart + m[0].length - m[3].length - 1;
    const ref = moduleAttrReference({ text: m[3], start: valueStart, end: valueStart + m[3].length, dynamic: false }, map, `[${section}]`);
    if (ref) out.push(ref);
  }
  return out;
}

/**
 * setup.py `entry_points={"console_scripts": ["name = module:function", …]}` (and `gui_scripts`): the literal
 * strings of those lists.
 */
function setupPyEntryPoints(text: string): CommandReference[] {
  const map = new LineMap(text);
  const out: CommandReference[] = [];
  for (const group of text.matchAll(/(["'])(console_scripts|gui_scripts)\1\s*:\s*\[/g)) {
    const start = group.index! + group[0].length;
    const close = text.indexOf(']', start);
    if (close < 0) continue;
    for (const m of text.slice(start, close).matchAll(/(["'])\s*[\w.-]+\s*=\s*([\w.]+:[\w.]+)\s*(\[[^\]"']*\])?\s*\1/g)) {
      const valueStart = start + m.index! + m[0].indexOf(m[2], m[0].indexOf('=') + 1);
      const ref = moduleAttrReference({ text: m[2], start: valueStart, end: valueStart + m[2].length, dynamic: false }, map, `setup.py ${group[2]}`);
      if (ref) out.push(ref);
    }
  }
  return out;
}

/** setup.cfg `[options.entry_points]`: `name = module:function` lines under each group. */
function setupCfgEntryPoints(text: string): CommandReference[] {
  const map = new LineMap(text);
  const out: CommandReference[] = [];
  let section = '';
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      continue;
    }
    if (section !== 'options.entry_points') continue;
    const m = /^\s*[\w.-]+\s*=\s*([\w.]+:[\w.]+)\s*(\[.*\])?\s*$/.exec(line);
    if (!m) continue;
    const valueStart = lineStart + line.indexOf(m[1], line.indexOf('=') + 1);
    const ref = moduleAttrReference({ text: m[1], start: valueStart, end: valueStart + m[1].length, dynamic: false }, map, '[options.entry_points]');
    if (ref) out.push(ref);
  }
  return out;
}

/**
 * Lock files: the exact version of each distribution whose version a rule reads. poetry.lock and uv.lock list
 * `[[package]]` tables that start with `name` and `version`; Pipfile.lock is JSON (`"default": {"x": {"version": "==1.2"}}`).
 */
function readLock(path: string, text: string): Pick<ProjectFileSummary, 'locked' | 'problem'> {
  const locked: { name: string; version: string }[] = [];
  const keep = (name: string, version: string) => {
    const n = normalizeDistribution(name);
    if (VERSIONED_DISTRIBUTIONS.has(n) && /^\d+(\.\d+)*/.test(version)) locked.push({ name: n, version });
  };
  if (path.endsWith('Pipfile.lock')) {
    try {
      const doc = JSON.parse(text) as Record<string, unknown>;
      for (const section of ['default', 'develop']) {
        for (const [name, spec] of Object.entries((doc[section] ?? {}) as Record<string, { version?: unknown }>)) {
          if (typeof spec?.version === 'string') keep(name, spec.version.replace(/^==/, ''));
        }
      }
    } catch (e) {
      return { problem: `not valid JSON: ${(e as Error).message}` };
    }
  } else {
    for (const m of text.matchAll(/^\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)"/gm)) keep(m[1], m[2]);
  }
  return locked.length ? { locked } : {};
}
