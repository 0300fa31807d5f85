// Reads the dependencies a manifest declares: requirements files (with -r includes), pyproject.toml
// (PEP 621 and its optional groups, PEP 735 groups, Poetry, PDM, uv), setup.cfg, setup.py, Pipfile.
import { LineIndex } from '../core/lineEnds';
import { dirname, joinPath } from '../index/moduleIndex';
import { normalizeDistribution } from './summary';
import type { DeclaredRequirement, InsertionPoint } from '../index/projectFileSummary';

// smol-toml ships a CommonJS build; its type declarations are written for its ESM entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

export interface Declarations {
  requirements: DeclaredRequirement[];
  includes: string[];
  unreadableDeclarations?: boolean;
  dynamicDependencies?: boolean;
  insertion?: InsertionPoint;
  problem?: string;
  /** Project folders it installs as packages (Poetry/uv `path` dependencies, `-e ./pkg`), workspace-relative. */
  installedPaths?: string[];
}

type Table = Record<string, unknown>;

function table(v: unknown): Table | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : undefined;
}

/** The lowest version a specifier allows, when it states one (`>` and `!=` state none). */
export function minimumVersion(spec: string): string | undefined {
  let best: string | undefined;
  for (const clause of spec.split(',')) {
    const m = /^\s*(===|==|>=|~=|\^|~(?!=))?\s*v?(\d+(?:\.\d+)*)(\.\*)?\s*$/.exec(clause);
    if (!m) continue;
    // A bare version is exact in Poetry and Pipfile; `==2.*` allows 2.0 and up.
    if (!best || compareVersions(m[2], best) > 0) best = m[2];
  }
  return best;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

const PEP508 = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

/** One PEP 508 requirement string (`Flask[async]>=2.3; python_version>"3.8"`, `name @ https://…`). */
export function parseRequirement(text: string, line: number): DeclaredRequirement | null {
  const m = PEP508.exec(text.trim());
  if (!m) return null;
  const spec = m[3].split(';')[0].trim();
  const extras = m[2] ? m[2].split(',').map((e) => normalizeDistribution(e.trim())).filter(Boolean) : [];
  const req: DeclaredRequirement = { name: normalizeDistribution(m[1]), extras, line };
  if (!spec.startsWith('@')) {
    const min = minimumVersion(spec.replace(/^\((.*)\)$/, '$1'));
    if (min) req.minVersion = min;
    const exact = /^\(?\s*===?\s*v?(\d+(?:\.\d+)*)\s*\)?$/.exec(spec);
    if (exact) req.exactVersion = exact[1];
  }
  return req;
}

/** requirements.txt: one requirement a line, `-r`/`-e` options, `#` comments, `\` continuations. */
export function readRequirementsFile(path: string, text: string): Declarations {
  const out: Declarations = { requirements: [], includes: [] };
  const lines = text.split('\n');
  let logical = '';
  let start = 0;
  const flush = (content: string, line: number) => {
    const s = content.trim();
    if (!s) return;
    const option = /^(-r|--requirement|-c|--constraint|-e|--editable)(?:\s*=?\s*)(\S+)/.exec(s);
    if (option) {
      if (option[1] === '-r' || option[1] === '--requirement') out.includes.push(joinPath(dirname(path), option[2].replace(/^\.\//, '')));
      else if (option[1] === '-e' || option[1] === '--editable') readUrlOrPath(option[2], line, out, path);
      return;
    }
    if (s.startsWith('-')) return; // --index-url, --hash options and friends declare nothing
    if (/^[a-z+]+:\/\//i.test(s) || /^[./]/.test(s) || /\.(whl|tar\.gz|zip)$/.test(s)) {
      readUrlOrPath(s, line, out, path);
      return;
    }
    const req = parseRequirement(s.replace(/\s--hash\S*.*$/, ''), line);
    if (req) out.requirements.push(req);
  };
  lines.forEach((raw, i) => {
    const text = raw.replace(/(^|\s)#.*$/, '').replace(/\r$/, '');
    if (!logical) start = i;
    if (text.endsWith('\\')) {
      logical += text.slice(0, -1) + ' ';
      return;
    }
    flush(logical + text, start);
    logical = '';
  });
  flush(logical, start);
  const endsWithNewline = text.length === 0 || text.endsWith('\n');
  const lastLine = endsWithNewline ? Math.max(lines.length - 1, 0) : lines.length - 1;
  out.insertion = {
    format: 'requirements',
    line: lastLine,
    character: endsWithNewline ? 0 : lines[lastLine].length,
    before: endsWithNewline ? '' : '\n',
    after: '\n',
  };
  return out;
}

/** A folder of the project that a manifest at `manifest` installs (`path`, relative to the manifest's folder). */
function noteInstalledPath(out: Declarations, manifest: string, path: unknown): void {
  if (typeof path !== 'string' || path.startsWith('/') || /\.(whl|tar\.gz|zip)$/.test(path)) return;
  const parts: string[] = [];
  for (const part of joinPath(dirname(manifest), path).split('/')) {
    if (part === '..') {
      if (!parts.length) return; // outside the workspace
      parts.pop();
    } else if (part && part !== '.') parts.push(part);
  }
  if (parts.length) (out.installedPaths ??= []).push(parts.join('/'));
}

/** `-e .`, a local wheel, `git+https://…#egg=name`: the name when the text tells it. */
function readUrlOrPath(s: string, line: number, out: Declarations, manifest?: string): void {
  const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(s);
  if (egg) {
    out.requirements.push({ name: normalizeDistribution(egg[1]), extras: [], line });
    return;
  }
  const wheel = /(?:^|\/)([A-Za-z0-9_.]+)-\d[^/]*\.whl$/.exec(s);
  if (wheel) {
    out.requirements.push({ name: normalizeDistribution(wheel[1]), extras: [], line });
    return;
  }
  // `.` or `./pkg`: the project itself, whose own manifest is read. Anything else installs an unknown name.
  if (/^\.{1,2}(\/[\w./-]*)?(\[[^\]]*\])?$/.test(s)) {
    if (manifest !== undefined) noteInstalledPath(out, manifest, s.replace(/\[[^\]]*\]$/, ''));
    return;
  }
  out.unreadableDeclarations = true;
}

/**
 * Lines of a manifest's entries when its reader keeps no positions (TOML). Line starts are found once, and
 * each entry is looked for after the previous one found (readers meet entries in the file's order), then
 * from the top: 90,000 dependencies cost a pass over the text, not a pass each. Searches from the top are
 * bounded in total; past that an entry not found ahead gets line 0 (no position is better than a hang).
 */
class EntryLines {
  private readonly lines: LineIndex;
  private cursor = 0;
  private rescanBudget: number;
  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    this.rescanBudget = 32 * (text.length + 1);
  }

  /** The 0-based line of an offset. */
  lineAt(offset: number): number {
    return this.lines.line(offset);
  }

  /** The line where `needle` next occurs (0 when it does not). */
  lineOf(needle: string): number {
    let i = this.text.indexOf(needle, this.cursor);
    if (i < 0 && this.cursor > 0 && this.rescanBudget > 0) {
      this.rescanBudget -= this.cursor;
      i = this.text.indexOf(needle);
    }
    if (i < 0) return 0;
    this.cursor = i;
    return this.lines.line(i);
  }
}

function requirementStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The TOML document, or why it cannot be read. */
function readToml(text: string): Table | string {
  try {
    return parseToml(text) as Table;
  } catch (e) {
    return `not valid TOML: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** pyproject.toml: PEP 621, PEP 735 groups, Poetry, PDM and uv dependency tables. */
export function readPyproject(path: string, text: string): Declarations {
  const out: Declarations = { requirements: [], includes: [] };
  const doc = readToml(text);
  if (typeof doc === 'string') return { ...out, problem: doc };
  const lines = new EntryLines(text);
  const addPep508 = (s: string) => {
    const r = parseRequirement(s, lines.lineOf(s));
    if (r) out.requirements.push(r);
    else out.unreadableDeclarations = true;
  };
  const project = table(doc.project);
  if (project) {
    for (const s of requirementStrings(project.dependencies)) addPep508(s);
    for (const group of Object.values(table(project['optional-dependencies']) ?? {})) for (const s of requirementStrings(group)) addPep508(s);
    const dynamic = requirementStrings(project.dynamic);
    if (dynamic.includes('dependencies') || dynamic.includes('optional-dependencies')) {
      // setuptools reads them from files: those files are read as requirements files.
      const files = table(table(table(table(doc.tool)?.setuptools)?.dynamic)?.dependencies)?.file;
      const list = typeof files === 'string' ? [files] : requirementStrings(files);
      if (list.length) out.includes.push(...list.map((f) => joinPath(dirname(path), f.replace(/^\.\//, ''))));
      else out.dynamicDependencies = true; // a build hook reads them, usually from a requirements file beside it
    }
  }
  for (const group of Object.values(table(doc['dependency-groups']) ?? {})) for (const s of requirementStrings(group)) addPep508(s);
  const tool = table(doc.tool) ?? {};
  const poetry = table(tool.poetry);
  if (poetry) {
    const poetryTables = [poetry.dependencies, poetry['dev-dependencies'], ...Object.values(table(poetry.group) ?? {}).map((g) => table(g)?.dependencies)];
    for (const t of poetryTables) {
      for (const [name, value] of Object.entries(table(t) ?? {})) {
        if (name.toLowerCase() === 'python') continue;
        const spec = typeof value === 'string' ? value : typeof table(value)?.version === 'string' ? (table(value)!.version as string) : '';
        const extras = requirementStrings(table(value)?.extras).map(normalizeDistribution);
        const req: DeclaredRequirement = { name: normalizeDistribution(name), extras, line: lines.lineOf(name) };
        noteInstalledPath(out, path, table(value)?.path);
        const min = minimumVersion(spec);
        if (min) req.minVersion = min;
        out.requirements.push(req);
      }
    }
  }
  for (const group of Object.values(table(table(tool.pdm)?.['dev-dependencies']) ?? {})) for (const s of requirementStrings(group)) addPep508(s);
  for (const s of requirementStrings(table(tool.uv)?.['dev-dependencies'])) addPep508(s);
  for (const source of Object.values(table(table(tool.uv)?.sources) ?? {})) noteInstalledPath(out, path, table(source)?.path);
  out.insertion = pep621Insertion(text) ?? tableInsertion(text, 'tool.poetry.dependencies', 'poetry');
  return out;
}

/**
 * Where `"dist",` goes in `[project] dependencies = [...]`: after the last entry, in the list's own layout.
 * The list is found by scanning the text (the TOML reader keeps no positions).
 */
function pep621Insertion(text: string): InsertionPoint | undefined {
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(lines[i]);
    if (header) {
      section = header[1].trim();
      continue;
    }
    if (section !== 'project') continue;
    const m = /^(\s*)dependencies\s*=\s*\[/.exec(lines[i]);
    if (!m) continue;
    // Scan from after `[` to the matching `]`, skipping strings and comments.
    let line = i;
    let ch = m[0].length;
    let last: { line: number; character: number; char: string } = { line: i, character: m[0].length - 1, char: '[' };
    let firstEntryIndent: string | null = null;
    while (line < lines.length) {
      const t = lines[line];
      while (ch < t.length) {
        const c = t[ch];
        if (c === '#') break;
        if (c === '"' || c === "'") {
          if (firstEntryIndent === null && line > i) firstEntryIndent = /^\s*/.exec(t)![0];
          const triple = t.startsWith(c.repeat(3), ch);
          const close = t.indexOf(triple ? c.repeat(3) : c, ch + (triple ? 3 : 1));
          if (close < 0) return undefined; // a string across lines: leave it alone
          ch = close + (triple ? 3 : 1);
          last = { line, character: ch, char: c };
          continue;
        }
        if (c === ']') {
          const multiline = line > i;
          if (last.char === '[') return { format: 'pep621', line: last.line, character: last.character + 1, before: '', after: '' };
          const indent = firstEntryIndent ?? '    ';
          if (!multiline) return { format: 'pep621', line: last.line, character: last.character, before: last.char === ',' ? ' ' : ', ', after: '' };
          return { format: 'pep621', line: last.line, character: last.character, before: last.char === ',' ? `\n${indent}` : `,\n${indent}`, after: last.char === ',' ? ',' : '' };
        }
        if (c === ',') last = { line, character: ch + 1, char: ',' };
        ch++;
      }
      line++;
      ch = 0;
    }
    return undefined;
  }
  return undefined;
}

/** After the last entry of a `[section]` of `name = "spec"` lines (Poetry, Pipfile). */
function tableInsertion(text: string, sectionName: string, format: 'poetry' | 'pipfile'): InsertionPoint | undefined {
  const lines = text.split('\n');
  let inSection = false;
  let lastEntry = -1;
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[([^\]]+)\]\s*(#.*)?$/.exec(lines[i]);
    if (header) {
      if (inSection) break;
      inSection = header[1].trim() === sectionName;
      if (inSection) lastEntry = i;
      continue;
    }
    if (inSection && /^\s*[A-Za-z0-9"'][^=]*=/.test(lines[i])) lastEntry = i;
  }
  if (lastEntry < 0) return undefined;
  if (lastEntry === lines.length - 1) return { format, line: lastEntry, character: lines[lastEntry].length, before: '\n', after: '' };
  return { format, line: lastEntry + 1, character: 0, before: '', after: '\n' };
}

/** setup.cfg: `install_requires` of [options] and the lists of [options.extras_require]. */
export function readSetupCfg(text: string): Declarations {
  const out: Declarations = { requirements: [], includes: [] };
  let section = '';
  let key = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      key = '';
      return;
    }
    if (/^\s*([#;]|$)/.test(line)) return;
    let value: string;
    const entry = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (entry) {
      key = entry[1];
      value = entry[2];
    } else if (/^\s/.test(line)) value = line;
    else return;
    const declares = (section === 'options' && (key === 'install_requires' || key === 'tests_require')) || section === 'options.extras_require';
    if (!declares) return;
    for (const part of value.split(section === 'options' ? /;\s*$/ : /\n/)) {
      const s = part.replace(/\s#.*$/, '').trim();
      if (!s) continue;
      if (s.startsWith('file:')) out.includes.push(...s.slice(5).split(',').map((f) => f.trim()).filter(Boolean));
      else {
        const r = parseRequirement(s, i);
        if (r) out.requirements.push(r);
      }
    }
  });
  return out;
}

/** setup.py: the string literals of `install_requires=[…]` and `extras_require={…}`, when they are literals. */
export function readSetupPy(text: string): Declarations {
  const out: Declarations = { requirements: [], includes: [] };
  const lines = new EntryLines(text);
  for (const key of ['install_requires', 'extras_require', 'tests_require']) {
    const at = new RegExp(`\\b${key}\\s*=\\s*`).exec(text);
    if (!at) continue;
    const open = text[at.index + at[0].length];
    if (open !== '[' && open !== '{') {
      // Built elsewhere: when it reads a requirements file, that file is read on its own.
      if (!/requirements/i.test(text)) out.unreadableDeclarations = true;
      continue;
    }
    const close = text.indexOf(open === '[' ? ']' : '}', at.index);
    const bodyStart = at.index + at[0].length;
    const body = text.slice(bodyStart, close < 0 ? undefined : close + 1);
    if (open === '{' && /[{]\s*\*\*|\]\s*\+/.test(body)) out.unreadableDeclarations = true;
    for (const m of body.matchAll(/(["'])([^"'\n]+)\1/g)) {
      if (open === '{' && /\s*:/.test(body.slice(m.index! + m[0].length, m.index! + m[0].length + 2))) continue; // a dict key
      const r = parseRequirement(m[2], lines.lineAt(bodyStart + m.index!));
      if (r) out.requirements.push(r);
    }
  }
  return out;
}

/** Pipfile: every `[packages]`-like table's keys. */
export function readPipfile(text: string): Declarations {
  const out: Declarations = { requirements: [], includes: [] };
  const doc = readToml(text);
  if (typeof doc === 'string') return { ...out, problem: doc };
  const lines = new EntryLines(text);
  for (const [section, value] of Object.entries(doc)) {
    if (section === 'source' || section === 'requires' || section === 'scripts' || section === 'pipenv') continue;
    for (const [name, spec] of Object.entries(table(value) ?? {})) {
      const version = typeof spec === 'string' ? spec : typeof table(spec)?.version === 'string' ? (table(spec)!.version as string) : '';
      const req: DeclaredRequirement = { name: normalizeDistribution(name), extras: requirementStrings(table(spec)?.extras).map(normalizeDistribution), line: lines.lineOf(name) };
      const min = version === '*' ? undefined : minimumVersion(version);
      if (min) req.minVersion = min;
      out.requirements.push(req);
    }
  }
  out.insertion = tableInsertion(text, 'packages', 'pipfile');
  return out;
}
