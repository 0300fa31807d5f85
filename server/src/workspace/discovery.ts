// Finds the files to check. Never throws on a bad tree: unreadable folders, symlinked folders (never
// followed, so loops cannot recurse), huge and binary files are skipped with a note.
import fg from 'fast-glob';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_FILE_GLOBS, projectFileKind } from '../manifests/summary';

export const DEFAULT_EXCLUDES = [
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/node_modules/**',
  '**/.venv/**',
  '**/venv/**',
  '**/site-packages/**',
  '**/__pycache__/**',
  '**/build/**',
  '**/dist/**',
  '**/.tox/**',
  '**/.nox/**',
  '**/.eggs/**',
  '**/*.egg-info/**',
  '**/.mypy_cache/**',
  '**/.pytest_cache/**',
  '**/.ruff_cache/**',
  '**/.cache/**',
];

/** Files larger than this are not parsed (generated or data files posing as code). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface Discovery {
  /** Workspace-relative POSIX paths of .py/.pyi files. */
  sources: string[];
  /** Compiled or Cython modules: importable, contents unknown. */
  opaque: string[];
  /** Files that mark a directory Python runs from (alembic.ini). */
  markers: string[];
  /** Manifests and run files (requirements, pyproject.toml, Dockerfile, Procfile, compose, scripts; setup.py too). */
  projectFiles: string[];
  notes: string[];
}

const SOURCE = /\.pyi?$/;
const OPAQUE = /\.(so|pyd|pyx)$/;

export async function discoverFiles(root: string, extraExcludes: string[], log: (note: string) => void = () => {}): Promise<Discovery> {
  const notes: string[] = [];
  const note = (n: string) => {
    notes.push(n);
    log(n);
  };
  const reportingFs = {
    readdir: ((dir: string, options: unknown, callback: (err: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void) => {
      fs.readdir(dir, options as { withFileTypes: true }, (err, entries) => {
        if (err) note(`skipped unreadable folder ${relative(root, dir)}: ${err.code ?? err.message}`);
        else for (const e of entries) if (e.isSymbolicLink()) noteSymlink(path.join(dir, e.name));
        callback(err, entries);
      });
    }) as unknown as typeof fs.readdir,
  };
  const noteSymlink = (p: string) => {
    try {
      if (fs.statSync(p).isDirectory()) note(`did not follow symlinked folder ${relative(root, p)}`);
    } catch {
      note(`skipped broken or looping symlink ${relative(root, p)}`);
    }
  };
  let entries: string[] = [];
  try {
    entries = await fg(['**/*.{py,pyi,so,pyd,pyx}', '**/pyvenv.cfg', '**/alembic.ini', ...PROJECT_FILE_GLOBS], {
      cwd: root,
      ignore: [...DEFAULT_EXCLUDES, ...extraExcludes],
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      dot: false,
      fs: reportingFs,
    });
  } catch (e) {
    note(`could not list ${root}: ${(e as Error).message}`);
  }
  // A folder holding pyvenv.cfg is a virtual environment, whatever its name.
  const venvs = entries.filter((e) => e.endsWith('pyvenv.cfg')).map((e) => path.posix.dirname(e));
  const inVenv = (p: string) => venvs.some((v) => v === '.' || p.startsWith(v + '/'));
  for (const v of venvs) note(`skipped virtual environment ${v}/`);
  const result: Discovery = { sources: [], opaque: [], markers: [], projectFiles: [], notes };
  for (const e of [...new Set(entries)].sort()) {
    if (inVenv(e)) continue;
    if (projectFileKind(e)) result.projectFiles.push(e);
    if (SOURCE.test(e)) result.sources.push(e);
    else if (OPAQUE.test(e)) result.opaque.push(e);
    else if (e.endsWith('alembic.ini')) result.markers.push(e);
  }
  return result;
}

function relative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/') || '.';
}

export type ReadResult = { text: string } | { skipped: string };

/** Reads a source file as text; huge and binary files are skipped, invalid UTF-8 decodes with replacements. */
export function readSourceFile(absolutePath: string): ReadResult {
  try {
    const stat = fs.statSync(absolutePath);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) return { skipped: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(stat.size / 1024 / 1024).toFixed(1)} MB)` };
    const buffer = fs.readFileSync(absolutePath);
    if (buffer.subarray(0, 8192).includes(0)) return { skipped: 'binary content (NUL bytes)' };
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(buffer) };
  } catch (e) {
    return { skipped: `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
