// The project's own "this is not our Python" list: the files its linters and type checkers are told to skip
// (Ruff's `exclude`/`extend-exclude`, Pyright's and ty's `exclude`). Such a folder holds Jinja templates named
// `.py`, deliberately broken test data, generated stubs or vendored code: a finding there is nothing the user
// acts on, and Ruff or Pylance would show none. As with Pyright's `exclude`, the files are still indexed (an
// import of them resolves), only their own findings are not reported.
import * as path from 'path';
import picomatch from 'picomatch';
import { usableExcludeGlobs } from './excludeGlobs';

// smol-toml ships a CommonJS build; its type declarations are written for its ESM entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

/** Files whose exclude lists are read (anywhere in the tree: a nested project's config governs its folder). */
export const LINT_CONFIG_FILE = /(^|\/)(pyproject\.toml|ruff\.toml|\.ruff\.toml|pyrightconfig\.json)$/;

type Table = Record<string, unknown>;

function table(v: unknown): Table | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A readable name for where a glob list came from, with the raw globs. */
interface ExcludeList {
  source: string;
  globs: unknown[];
}

/** The exclude lists one config file declares. */
function excludeLists(file: string, text: string): ExcludeList[] {
  const base = path.posix.basename(file);
  if (base === 'pyrightconfig.json') {
    const doc = table(JSON.parse(text));
    return [{ source: `${file} exclude`, globs: list(doc?.exclude) }];
  }
  const doc = parseToml(text) as Table;
  if (base !== 'pyproject.toml') return [{ source: `${file} exclude`, globs: [...list(doc.exclude), ...list(doc['extend-exclude'])] }];
  const tool = table(doc.tool) ?? {};
  const ruff = table(tool.ruff) ?? {};
  return [
    { source: `${file} [tool.ruff] exclude`, globs: [...list(ruff.exclude), ...list(ruff['extend-exclude'])] },
    { source: `${file} [tool.pyright] exclude`, globs: list(table(tool.pyright)?.exclude) },
    { source: `${file} [tool.basedpyright] exclude`, globs: list(table(tool.basedpyright)?.exclude) },
    { source: `${file} [tool.ty.src] exclude`, globs: list(table(table(tool.ty)?.src)?.exclude) },
  ];
}

interface Matcher {
  source: string;
  /** The config file's folder ('' for the workspace root): globs are relative to it. */
  dir: string;
  /** A glob without '/' names a file or folder at any depth (Ruff's single-path patterns, gitignore's). */
  anyDepth: boolean;
  match: (p: string) => boolean;
}

export interface LintExclusions {
  /** The exclude list that covers a workspace-relative file, or null. */
  excludedBy(file: string): string | null;
  notes: string[];
}

/**
 * Reads the exclude lists of `configs` (workspace-relative paths; `readText` gives their text). A file is
 * excluded when it, or a folder above it, matches a glob of a config at or above it.
 */
export function readLintExclusions(configs: readonly string[], readText: (rel: string) => string | undefined): LintExclusions {
  const notes: string[] = [];
  const matchers: Matcher[] = [];
  for (const file of configs) {
    const text = readText(file);
    if (text === undefined) continue;
    let lists: ExcludeList[];
    try {
      lists = excludeLists(file, text);
    } catch {
      continue; // an unreadable config is noted where it is read as a manifest; it excludes nothing
    }
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    for (const { source, globs } of lists) {
      // The patterns come from the workspace: the same bounds as Coherence's own exclude globs.
      const usable = usableExcludeGlobs(globs, source, matchers.length);
      notes.push(...usable.notes);
      for (const raw of usable.globs) {
        const glob = raw.replace(/^\.\//, '').replace(/\/+$/, '');
        if (!glob || glob === '.' || glob.split('/').includes('..')) continue;
        const anchored = glob.startsWith('/');
        const rel = glob.replace(/^\/+/, '');
        const anyDepth = !anchored && !rel.includes('/');
        const match = picomatch(anyDepth ? rel : dir ? `${dir}/${rel}` : rel, { dot: true, noextglob: true });
        matchers.push({ source, dir, anyDepth, match });
      }
    }
  }
  return {
    notes,
    excludedBy(file: string): string | null {
      if (!matchers.length) return null;
      for (const m of matchers) {
        if (m.dir && !file.startsWith(`${m.dir}/`)) continue;
        const inside = m.dir ? file.slice(m.dir.length + 1) : file;
        const parts = inside.split('/');
        for (let i = parts.length; i >= 1; i--) {
          // The file itself, then each folder above it up to the config's folder.
          if (m.anyDepth ? m.match(parts[i - 1]) : m.match(m.dir ? `${m.dir}/${parts.slice(0, i).join('/')}` : parts.slice(0, i).join('/'))) return m.source;
        }
      }
      return null;
    },
  };
}
