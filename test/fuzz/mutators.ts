// Mutations of a seed project, deterministic from a seed: character level (odd whitespace, BOMs, NUL,
// lone surrogates, invalid UTF-8, splices), size and depth (long lines, deep nesting, long chains, many
// repeats) and structure-aware (lines swapped between files, blocks duplicated, identifiers renamed,
// truncation mid-token, files added, copied or removed).
import { projectFileKind } from '../../server/out/frameworks/adapters';
import type { ProjectFiles, SeedProject } from './corpus';
import type { Rng } from './prng';
import { ODD_CHARS, ODD_WHITESPACE, SNIPPETS, type FileKind } from './snippets';

export function kindOf(path: string): FileKind {
  return /\.pyi?$/.test(path) && projectFileKind(path) !== 'setup-py' ? 'python' : ((projectFileKind(path) ?? 'python') as FileKind);
}

/** Files past this size stop growing: the core skips files over 2 MiB, and slow inputs mean few inputs. */
const MAX_FILE_CHARS = 600_000;
/** A project past this total stops growing. */
const MAX_PROJECT_CHARS = 2_000_000;

interface FileContext {
  rng: Rng;
  path: string;
  kind: FileKind;
  text: string;
  /** Another file's text, from this project or another seed. */
  donor: () => string;
}

type TextMutator = (c: FileContext) => { text: string; note: string } | null;

const show = (s: string) => JSON.stringify(s.length > 24 ? s.slice(0, 24) + '…' : s).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}

function splitLines(text: string): string[] {
  return text.split('\n');
}

/** A position in the text, often at the start or end of a line (where readers make decisions). */
function position(rng: Rng, text: string): number {
  if (!text.length) return 0;
  if (rng.chance(0.4)) {
    const starts = lineStarts(text);
    const s = rng.pick(starts);
    if (rng.chance(0.5)) return s;
    const e = text.indexOf('\n', s);
    return e < 0 ? text.length : e;
  }
  return rng.int(text.length + 1);
}

function span(rng: Rng, text: string, maxLength = 64): [number, number] {
  const start = position(rng, text);
  return [start, Math.min(text.length, start + rng.logScale(maxLength))];
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

function identifiers(text: string): string[] {
  return [...new Set(text.match(IDENTIFIER) ?? [])];
}

/** A replacement name: a typo, a keyword or builtin, a dunder, non-ASCII, or very long. */
function otherName(rng: Rng, name: string): string {
  switch (rng.int(7)) {
    case 0:
      return name.length > 1 ? name.slice(0, -1) : name + name;
    case 1:
      return name + rng.pick(['s', '_', '2', 'é']);
    case 2:
      return rng.pick(['class', 'None', 'self', 'import', 'lambda', 'async', 'match', 'type', 'print', 'object', 'models', 'app']);
    case 3:
      return `__${name}__`;
    case 4:
      return rng.pick(['café', 'naïve_model', 'Ωmega', 'データ', 'x\u200b']);
    case 5:
      return name.repeat(rng.logScale(2000)).slice(0, 20000);
    default:
      return name.toUpperCase();
  }
}

/** Nested brackets, calls, collections or blocks in the file kind's own syntax. */
function deepNest(rng: Rng, kind: FileKind, depth: number): string {
  switch (kind) {
    case 'python':
    case 'setup-py':
      switch (rng.int(6)) {
        case 0:
          return 'x = ' + '('.repeat(depth) + '1' + ')'.repeat(depth);
        case 1:
          return 'x = ' + '['.repeat(depth) + ']'.repeat(depth);
        case 2:
          return Array.from({ length: depth }, (_, i) => ' '.repeat(i) + `def f${i}(a${i}):`).join('\n') + '\n' + ' '.repeat(depth) + 'return a0';
        case 3:
          return Array.from({ length: depth }, (_, i) => ' '.repeat(i) + (i % 2 ? `if a${i}:` : `class C${i}:`)).join('\n') + '\n' + ' '.repeat(depth) + 'pass';
        case 4:
          return 'y = ' + 'f('.repeat(depth) + ')'.repeat(depth);
        default:
          return 'z = ' + '-'.repeat(depth) + '1' + ' + 1'.repeat(Math.min(depth, 5000));
      }
    case 'pyproject':
    case 'pipfile':
    case 'lock':
      return rng.chance(0.5) ? 'a = ' + '['.repeat(depth) + ']'.repeat(depth) : 'a = ' + '{ b = '.repeat(depth) + '1' + ' }'.repeat(depth);
    case 'compose':
    case 'conda':
      return rng.chance(0.5) ? 'k: ' + '['.repeat(depth) + ']'.repeat(depth) : Array.from({ length: depth }, (_, i) => ' '.repeat(i * 2) + `k${i}:`).join('\n') + ' v';
    case 'shell':
    case 'dockerfile':
    case 'procfile':
      return (kind === 'procfile' ? 'web: ' : kind === 'dockerfile' ? 'RUN ' : '') + rng.pick(['$(', '"$(', '(', '${x:-', '`']).repeat(depth) + 'python -m app' + rng.pick([')', ')"', ')', '}', '`']).repeat(depth);
    case 'template':
      return '{{ ' + 'f('.repeat(depth) + ')'.repeat(depth) + ' }}';
    default:
      return '['.repeat(depth) + ']'.repeat(depth);
  }
}

/** A long chain of attributes, calls or subscripts (Python), or a long command line elsewhere. */
function longChain(rng: Rng, kind: FileKind, links: number): string {
  if (kind === 'python' || kind === 'setup-py') return 'v = session' + rng.pick(['.a', '.f()', '[0]', '.objects.filter(x=1)', '.b.c()']).repeat(links);
  const word = rng.pick(['a', '-x', 'app:app', '&&', '\\\n', '$X', '"q"']);
  return (kind === 'procfile' ? 'web: gunicorn ' : kind === 'dockerfile' ? 'CMD ' : kind === 'compose' ? '    command: ' : '') + (word + ' ').repeat(links);
}

function insert(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

const TEXT_MUTATORS: { name: string; weight: number; apply: TextMutator }[] = [
  {
    name: 'insert-odd-whitespace',
    weight: 6,
    apply: ({ rng, text }) => {
      const ch = rng.pick(ODD_WHITESPACE);
      const at = position(rng, text);
      return { text: insert(text, at, ch), note: `insert ${show(ch)} at ${at}` };
    },
  },
  {
    name: 'replace-whitespace',
    weight: 6,
    apply: ({ rng, text }) => {
      const ch = rng.pick(ODD_WHITESPACE);
      const spaces = [...text.matchAll(/[ \t]/g)].map((m) => m.index!);
      if (!spaces.length) return null;
      if (rng.chance(0.3)) return { text: text.replace(/ /g, ch), note: `every space → ${show(ch)}` };
      const at = rng.pick(spaces);
      return { text: text.slice(0, at) + ch + text.slice(at + 1), note: `space at ${at} → ${show(ch)}` };
    },
  },
  {
    name: 'insert-odd-char',
    weight: 6,
    apply: ({ rng, text }) => {
      const ch = rng.pick(ODD_CHARS);
      const at = position(rng, text);
      return { text: insert(text, at, ch), note: `insert ${show(ch)} at ${at}` };
    },
  },
  {
    name: 'byte-order-mark',
    weight: 2,
    apply: ({ rng, text }) => {
      const bom = rng.pick(['\ufeff', '\udcff\udcfe', '\udcfe\udcff', '\ufeff\ufeff', '\udcef\udcbb']);
      return { text: bom + text, note: `prefix ${show(bom)}` };
    },
  },
  {
    name: 'line-endings',
    weight: 3,
    apply: ({ rng, text }) => {
      const to = rng.pick(['\r', '\r\n', '\u2028', '\n\r', '\x0c\n']);
      if (rng.chance(0.5)) return { text: text.replace(/\n/g, to), note: `every LF → ${show(to)}` };
      const starts = lineStarts(text).filter((s) => s > 0);
      if (!starts.length) return null;
      const at = rng.pick(starts) - 1;
      return { text: text.slice(0, at) + to + text.slice(at + 1), note: `LF at ${at} → ${show(to)}` };
    },
  },
  {
    name: 'delete',
    weight: 5,
    apply: ({ rng, text }) => {
      const [a, b] = span(rng, text);
      return b > a ? { text: text.slice(0, a) + text.slice(b), note: `delete ${a}..${b}` } : null;
    },
  },
  {
    name: 'duplicate',
    weight: 4,
    apply: ({ rng, text }) => {
      const [a, b] = span(rng, text);
      const times = rng.logScale(rng.chance(0.2) ? 5000 : 8);
      return b > a ? { text: text.slice(0, b) + text.slice(a, b).repeat(times) + text.slice(b), note: `repeat ${a}..${b} ×${times}` } : null;
    },
  },
  {
    name: 'splice-from-donor',
    weight: 4,
    apply: ({ rng, text, donor }) => {
      const other = donor();
      const [a, b] = span(rng, other, 400);
      const at = position(rng, text);
      return { text: insert(text, at, other.slice(a, b)), note: `insert a donor's ${show(other.slice(a, b))} at ${at}` };
    },
  },
  {
    name: 'truncate',
    weight: 3,
    apply: ({ rng, text }) => {
      const at = rng.int(text.length);
      return { text: text.slice(0, at), note: `truncate at ${at}` };
    },
  },
  {
    name: 'long-line',
    weight: 2,
    apply: ({ rng, text }) => {
      const n = rng.logScale(200_000);
      const piece = rng.pick(['a', ' ', '\t', '#', '"', "'", '\\', 'x.', '1,', '(', '\x0b', '\u00a0', '-', '=', ':']).repeat(n);
      const at = position(rng, text);
      return { text: insert(text, at, piece), note: `insert ${show(piece[0])}×${n} at ${at}` };
    },
  },
  {
    name: 'deep-nesting',
    weight: 2,
    apply: ({ rng, kind, text }) => {
      const depth = rng.logScale(rng.chance(0.3) ? 5000 : 1200);
      const piece = deepNest(rng, kind, depth);
      const at = lineStarts(text);
      const where = rng.pick(at);
      return { text: insert(text, where, piece + '\n'), note: `insert nesting ${show(piece.slice(0, 12))} depth ${depth} at ${where}` };
    },
  },
  {
    name: 'long-chain',
    weight: 2,
    apply: ({ rng, kind, text }) => {
      const links = rng.logScale(rng.chance(0.3) ? 20_000 : 2000);
      const piece = longChain(rng, kind, links);
      const where = rng.pick(lineStarts(text));
      return { text: insert(text, where, piece + '\n'), note: `insert chain ${show(piece.slice(0, 16))} of ${links} at ${where}` };
    },
  },
  {
    name: 'snippet',
    weight: 5,
    apply: ({ rng, kind, text }) => {
      const piece = rng.pick(SNIPPETS[kind]);
      const where = rng.pick(lineStarts(text));
      const indent = rng.chance(0.3) ? rng.pick(['    ', '\t', '  ', ' ']) : '';
      const block = piece
        .split('\n')
        .map((l) => indent + l)
        .join('\n');
      return { text: insert(text, where, block + '\n'), note: `insert snippet ${show(block)} at ${where}` };
    },
  },
  {
    name: 'swap-line-with-donor',
    weight: 4,
    apply: ({ rng, text, donor }) => {
      const lines = splitLines(text);
      const other = splitLines(donor());
      const i = rng.int(lines.length);
      const line = rng.pick(other);
      lines[i] = line;
      return { text: lines.join('\n'), note: `line ${i + 1} → donor line ${show(line)}` };
    },
  },
  {
    name: 'duplicate-block',
    weight: 4,
    apply: ({ rng, text }) => {
      const lines = splitLines(text);
      const a = rng.int(lines.length);
      const b = Math.min(lines.length, a + rng.logScale(30));
      const times = rng.logScale(rng.chance(0.15) ? 3000 : 4);
      const block = lines.slice(a, b);
      const copies: string[] = [];
      for (let i = 0; i < times; i++) copies.push(...block);
      lines.splice(b, 0, ...copies);
      return { text: lines.join('\n'), note: `repeat lines ${a + 1}..${b} ×${times}` };
    },
  },
  {
    name: 'delete-lines',
    weight: 3,
    apply: ({ rng, text }) => {
      const lines = splitLines(text);
      const a = rng.int(lines.length);
      const n = rng.logScale(10);
      lines.splice(a, n);
      return { text: lines.join('\n'), note: `delete lines ${a + 1}..${a + n}` };
    },
  },
  {
    name: 'move-lines',
    weight: 2,
    apply: ({ rng, text }) => {
      const lines = splitLines(text);
      const a = rng.int(lines.length);
      const moved = lines.splice(a, rng.logScale(10));
      const to = rng.int(lines.length + 1);
      lines.splice(to, 0, ...moved);
      return { text: lines.join('\n'), note: `move lines from ${a + 1} to ${to + 1}` };
    },
  },
  {
    name: 'reindent',
    weight: 3,
    apply: ({ rng, text }) => {
      const lines = splitLines(text);
      const a = rng.int(lines.length);
      const b = Math.min(lines.length, a + rng.logScale(20));
      const how = rng.int(4);
      for (let i = a; i < b; i++) {
        if (how === 0) lines[i] = '    ' + lines[i];
        else if (how === 1) lines[i] = lines[i].replace(/^ {1,4}/, '');
        else if (how === 2) lines[i] = lines[i].replace(/^ {4}/, '\t');
        else lines[i] = lines[i].replace(/^\s+/, (ws) => ws.replace(/ /g, '\x0c'));
      }
      return { text: lines.join('\n'), note: `reindent lines ${a + 1}..${b} (${['deeper', 'shallower', 'tabs', 'form feeds'][how]})` };
    },
  },
  {
    name: 'rename-identifier',
    weight: 5,
    apply: ({ rng, text }) => {
      // (Long runs of letters that other mutators made are no identifiers worth renaming, and a regex of them
      // would cost the harness more memory than the input.)
      const names = identifiers(text).filter((n) => n.length <= 64);
      if (!names.length) return null;
      const name = rng.pick(names);
      const to = otherName(rng, name);
      const pattern = new RegExp(`\\b${name}\\b`, 'g');
      if (rng.chance(0.6)) return { text: text.replace(pattern, to), note: `rename ${name} → ${show(to)}` };
      const hits = [...text.matchAll(pattern)].map((m) => m.index!);
      const at = rng.pick(hits);
      return { text: text.slice(0, at) + to + text.slice(at + name.length), note: `rename one ${name} at ${at} → ${show(to)}` };
    },
  },
];

const TOTAL_WEIGHT = TEXT_MUTATORS.reduce((s, m) => s + m.weight, 0);

function pickMutator(rng: Rng) {
  let r = rng.int(TOTAL_WEIGHT);
  for (const m of TEXT_MUTATORS) {
    if (r < m.weight) return m;
    r -= m.weight;
  }
  return TEXT_MUTATORS[0];
}

export interface MutatedProject {
  files: ProjectFiles;
  /** What was done, in order, for the report. */
  steps: string[];
}

const size = (files: ProjectFiles) => Object.values(files).reduce((s, t) => s + t.length, 0);

/** Project-level changes: files added (copies of donors, or a re-export chain), copied or removed. */
function mutateFileSet(rng: Rng, files: ProjectFiles, corpus: SeedProject[], steps: string[]): void {
  const paths = Object.keys(files);
  switch (rng.int(4)) {
    case 0: {
      const donor = rng.pick(corpus);
      const [from, text] = rng.pick(Object.entries(donor.files));
      const dir = rng.chance(0.5) && paths.length ? rng.pick(paths).replace(/[^/]*$/, '') : '';
      const to = dir + from.slice(from.lastIndexOf('/') + 1);
      files[to] = text;
      steps.push(`add ${to} (copy of ${donor.name}/${from})`);
      return;
    }
    case 1: {
      if (paths.length < 2) return;
      const gone = rng.pick(paths);
      delete files[gone];
      steps.push(`remove ${gone}`);
      return;
    }
    case 2: {
      // A package whose modules re-export each other in a chain (or a ring).
      const n = rng.logScale(rng.chance(0.2) ? 600 : 60);
      const ring = rng.chance(0.3);
      const star = rng.chance(0.5);
      files['chain/__init__.py'] = star ? 'from .m0 import *\n' : 'from .m0 import value\n';
      for (let i = 0; i < n; i++) {
        const next = i + 1 < n ? `m${i + 1}` : ring ? 'm0' : null;
        files[`chain/m${i}.py`] = next ? (star ? `from .${next} import *\n` : `from .${next} import value\n`) : 'value = 1\n';
      }
      steps.push(`add a ${ring ? 'ring' : 'chain'} of ${n} modules re-exporting ${star ? 'with *' : 'a name'}`);
      return;
    }
    default: {
      // Classes inheriting in one long chain, in one file or spread over modules.
      const n = rng.logScale(rng.chance(0.2) ? 3000 : 200);
      const spread = rng.chance(0.3) ? Math.min(n, 120) : 1;
      const per = Math.ceil(n / spread);
      for (let f = 0; f < spread; f++) {
        const lines: string[] = f > 0 ? [`from .h${f - 1} import C${f * per - 1}`] : [];
        for (let i = f * per; i < Math.min(n, (f + 1) * per); i++) lines.push(i === 0 ? 'class C0:\n    x = 1' : `class C${i}(C${i - 1}):\n    y${i} = 1`);
        files[`hier/h${f}.py`] = lines.join('\n') + '\n';
      }
      files['hier/__init__.py'] = '';
      files['hier/use.py'] = `from .h${spread - 1} import C${n - 1}\nprint(C${n - 1}().x, C${n - 1}().missing)\n`;
      steps.push(`add a chain of ${n} classes over ${spread} file(s)`);
    }
  }
}

/** One fuzz input: a seed project with a few of its files mutated a few times each. */
export function mutateProject(rng: Rng, seed: SeedProject, corpus: SeedProject[]): MutatedProject {
  const files: ProjectFiles = { ...seed.files };
  const steps: string[] = [];
  if (rng.chance(0.08)) mutateFileSet(rng, files, corpus, steps);
  const paths = Object.keys(files).sort();
  const nonPython = paths.filter((p) => kindOf(p) !== 'python');
  const targets = rng.pick([1, 1, 1, 2, 2, 3]);
  const donor = () => {
    const project = rng.chance(0.5) ? seed : rng.pick(corpus);
    const texts = Object.values(project.files);
    return texts.length ? rng.pick(texts) : '';
  };
  for (let t = 0; t < targets && paths.length; t++) {
    // Manifests and run files are few per project: half the targets are one of them.
    const path = nonPython.length && rng.chance(0.5) ? rng.pick(nonPython) : rng.pick(paths);
    const kind = kindOf(path);
    const rounds = rng.logScale(6);
    for (let r = 0; r < rounds; r++) {
      const text = files[path];
      const m = pickMutator(rng);
      const out = m.apply({ rng, path, kind, text, donor });
      if (!out || out.text === text) continue;
      if (out.text.length > MAX_FILE_CHARS || size(files) - text.length + out.text.length > MAX_PROJECT_CHARS) continue;
      files[path] = out.text;
      steps.push(`${path}: ${m.name}: ${out.note}`);
    }
  }
  return { files, steps };
}

export const MUTATOR_NAMES = TEXT_MUTATORS.map((m) => m.name);
