// Finds the files to check. Never throws on a bad tree: unreadable folders, symlinked folders (never
// followed, so loops cannot recurse) and broken symlinks are skipped with a note. Symlinked files are
// listed like files (Python imports them); reading them is safeRead's business.
import fg from 'fast-glob';
import * as fs from 'fs';
import * as path from 'path';
import { CORE_PROJECT_FILE_KINDS, type ProjectFileKinds } from '../manifests/summary';
import { LINT_CONFIG_FILE } from './lintExcludes';
import { OPAQUE_MODULE_FILE } from '../index/moduleIndex';
import { MAX_FILE_BYTES } from './safeRead';

export { MAX_FILE_BYTES };

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

export interface Discovery {
  /** Workspace-relative POSIX paths of .py/.pyi files. */
  sources: string[];
  /** Compiled or Cython modules and module templates (`models.py.template`): importable, contents unknown. */
  opaque: string[];
  /** Files that mark a directory Python runs from (the adapters' markerFiles: alembic.ini). */
  markers: string[];
  /** Manifests and run files (requirements, pyproject.toml, Dockerfile, Procfile, compose, scripts; setup.py too). */
  projectFiles: string[];
  /** Linter and type-checker configs (pyproject.toml, ruff.toml, pyrightconfig.json): their exclude lists. */
  lintConfigs: string[];
  /** Folders whose contents are unknown: unreadable ones and symlinked ones (never followed). */
  unlisted: string[];
  notes: string[];
}

/** Test seam: an error code for folders whose listing should fail (tests run as root, where chmod does not). */
let readdirFailure: ((absoluteDir: string) => string | undefined) | undefined;
export function setReaddirFailureForTests(failure: typeof readdirFailure): void {
  readdirFailure = failure;
}

const SOURCE = /\.pyi?$/;

/**
 * Whether listing never finds `rel` however it is named: it enters no hidden folder (`.github/`) and finds a
 * hidden file only where a pattern names it (.env). `patterns`: the patterns it lists with.
 */
export function hiddenFromListing(rel: string, patterns: readonly string[]): boolean {
  const segments = rel.split('/');
  if (segments.slice(0, -1).some((s) => s.startsWith('.'))) return true;
  const base = segments[segments.length - 1];
  return base.startsWith('.') && !patterns.includes(`**/${base}`);
}

/** Whether `rel` is one of the marker files `markerNames` names (discoverFiles' `markers`). */
export function isMarkerFile(rel: string, markerNames: readonly string[]): boolean {
  return markerNames.some((name) => rel.endsWith(name));
}
const OPAQUE = OPAQUE_MODULE_FILE;

/**
 * `markerNames`: names of files that mark their folder as one Python runs from (frameworks/adapters.ts MARKER_FILES),
 * listed as `markers`; `projectFiles`: the kinds of project files (frameworks/adapters.ts PROJECT_FILE_KINDS: the core's and
 * the adapters'), listed as `projectFiles`.
 */
export async function discoverFiles(root: string, extraExcludes: string[], markerNames: readonly string[], log: (note: string) => void = () => {}, projectFiles: ProjectFileKinds = CORE_PROJECT_FILE_KINDS): Promise<Discovery> {
  const notes: string[] = [];
  const note = (n: string) => {
    notes.push(n);
    log(n);
  };
  const unlisted: string[] = [];
  const reportingFs = {
    readdir: ((dir: string, options: unknown, callback: (err: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void) => {
      fs.readdir(dir, options as { withFileTypes: true }, (realErr, entries) => {
        const failure = readdirFailure?.(dir);
        const err = failure ? Object.assign(new Error(failure), { code: failure }) : realErr;
        if (err) {
          note(`skipped unreadable folder ${relative(root, dir)}: ${err.code ?? err.message}`);
          unlisted.push(relative(root, dir));
        } else for (const e of entries) if (e.isSymbolicLink()) noteSymlink(path.join(dir, e.name));
        callback(err, entries);
      });
    }) as unknown as typeof fs.readdir,
  };
  const noteSymlink = (p: string) => {
    try {
      if (fs.statSync(p).isDirectory()) {
        note(`did not follow symlinked folder ${relative(root, p)}`);
        unlisted.push(relative(root, p));
      }
    } catch (e) {
      note(`skipped broken or looping symlink ${relative(root, p)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  // Anything that is not a folder is listed, symlinks included: a FIFO, device or link leading outside
  // the workspace is a module Python sees, and reading it is refused with a note. Folders behind symlinks
  // are never entered.
  const isListed = (e: fg.Entry) => {
    if (!e.dirent.isSymbolicLink()) return !e.dirent.isDirectory();
    try {
      return !fs.statSync(path.join(root, e.path)).isDirectory();
    } catch {
      return false; // broken or looping: noted while listing its folder
    }
  };
  let entries: string[] = [];
  try {
    const found = await fg(['**/*.{py,pyi,so,pyd,pyx}', '**/*.py.{template,tmpl,tpl,j2,jinja,jinja2}', '**/*.py-tpl', '**/pyvenv.cfg', ...markerNames.map((name) => `**/${name}`), '**/ruff.toml', '**/.ruff.toml', '**/pyrightconfig.json', ...projectFiles.globs], {
      cwd: root,
      ignore: [...DEFAULT_EXCLUDES, ...extraExcludes],
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      dot: false,
      extglob: false,
      fs: reportingFs,
    });
    entries = found.filter(isListed).map((e) => e.path);
  } catch (e) {
    note(`could not list ${root}: ${(e as Error).message}`);
  }
  // A folder holding pyvenv.cfg is a virtual environment, whatever its name.
  const venvs = entries.filter((e) => e.endsWith('pyvenv.cfg')).map((e) => path.posix.dirname(e));
  const inVenv = (p: string) => venvs.some((v) => v === '.' || p.startsWith(v + '/'));
  for (const v of venvs) note(`skipped virtual environment ${v}/`);
  const result: Discovery = { sources: [], opaque: [], markers: [], projectFiles: [], lintConfigs: [], unlisted: unlisted.filter((u) => !inVenv(u)).sort(), notes };
  for (const e of [...new Set(entries)].sort()) {
    if (inVenv(e)) continue;
    if (projectFiles.kindOf(e)) result.projectFiles.push(e);
    if (LINT_CONFIG_FILE.test(e)) result.lintConfigs.push(e);
    if (SOURCE.test(e)) result.sources.push(e);
    else if (OPAQUE.test(e)) result.opaque.push(e);
    else if (isMarkerFile(e, markerNames)) result.markers.push(e);
  }
  return result;
}

function relative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/') || '.';
}
