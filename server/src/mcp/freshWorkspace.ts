// A Workspace kept warm between MCP tool calls that never answers from a stale index: before each answer it
// compares every file's stat stamp with the one seen last time, lists the folder again when a folder's stamp
// says an entry was added, removed or renamed, and hands the created, changed and deleted files to the
// Workspace's own incremental update.
import fg from 'fast-glob';
import * as fs from 'fs';
import * as path from 'path';
import { MARKER_FILES, PROJECT_FILE_KINDS } from '../frameworks/adapters';
import type { Diagnostic } from '../core/types';
import { Workspace, type FileChange, type WorkspaceOptions } from '../host/workspace';
import { getParser } from '../syntax/parser';
import { DEFAULT_EXCLUDES, discoverFiles } from '../workspace/discovery';

/** What identifies one version of a file without reading it. */
interface Stamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

/**
 * A file modified this close to the moment it was stamped could be modified again within the same clock
 * tick and keep its stamp (git's "racy" files); such files are re-read, by content hash, on the next
 * refresh. Two seconds covers the coarsest common file systems (FAT, HFS+).
 */
const RACY_MS = 2000;

export interface RefreshResult {
  /** Files handed to the Workspace as created, changed or deleted. */
  changes: FileChange[];
}

export class FreshWorkspace {
  private stamps = new Map<string, Stamp>();
  private racy = new Set<string>();
  /** The folders of the last listing: a file created, deleted or renamed in one changes its stamp. */
  private folders = new Map<string, Stamp>();
  private listing: string[] = [];

  private constructor(readonly workspace: Workspace) {}

  /** Stamps the files first, then indexes them: a file written during indexing differs from its stamp. */
  static async open(options: WorkspaceOptions): Promise<FreshWorkspace> {
    const { files, folders } = await list(options.root, options.settings?.exclude ?? []);
    const stampedAt = Date.now();
    const stamps = stampAll(options.root, files);
    const workspace = await Workspace.load(options);
    workspace.checkAll();
    // Edits are summarized on this thread: load its parser now rather than on the agent's first edit.
    await getParser();
    const fresh = new FreshWorkspace(workspace);
    fresh.listing = files;
    fresh.folders = folders;
    fresh.remember(stamps, stampedAt);
    return fresh;
  }

  get root(): string {
    return this.workspace.root;
  }

  /** Brings the index up to date with the disk: new, deleted and changed files (by stat stamp). */
  async refresh(): Promise<RefreshResult> {
    if (this.foldersChanged()) {
      const { files, folders } = await list(this.root, this.workspace.config.exclude);
      this.listing = files;
      this.folders = folders;
    }
    const stampedAt = Date.now();
    const now = stampAll(this.root, this.listing);
    const changes: FileChange[] = [];
    for (const [rel, stamp] of now) {
      const before = this.stamps.get(rel);
      if (!before) changes.push({ path: rel, kind: 'created' });
      else if (!sameStamp(before, stamp) || this.racy.has(rel)) changes.push({ path: rel, kind: 'changed' });
    }
    for (const rel of this.stamps.keys()) if (!now.has(rel)) changes.push({ path: rel, kind: 'deleted' });
    // Unchanged contents (a racy file not touched, a `touch`) cost a hash: the Workspace skips them.
    if (changes.length) await this.workspace.applyChanges(changes);
    // New settings (pyproject.toml, setup.cfg) may exclude other files: list again next time.
    if (changes.some((c) => /(^|\/)(pyproject\.toml|setup\.cfg)$/.test(c.path))) this.folders.clear();
    this.remember(now, stampedAt);
    return { changes };
  }

  /** Whether a folder's entries may have changed since the last listing (or a racy folder could hide it). */
  private foldersChanged(): boolean {
    if (!this.folders.size) return true;
    const racyAfter = Date.now() - RACY_MS;
    for (const [rel, before] of this.folders) {
      const now = stampOf(path.join(this.root, rel));
      if (!now || !sameStamp(before, now) || now.mtimeMs >= racyAfter) return true;
    }
    return false;
  }

  /** The current diagnostics of every indexed file. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const rel of this.stamps.keys()) out.push(...this.workspace.diagnosticsOf(rel));
    return out;
  }

  async dispose(): Promise<void> {
    await this.workspace.dispose();
  }

  private remember(stamps: Map<string, Stamp>, stampedAt: number): void {
    this.stamps = stamps;
    this.racy = new Set([...stamps].filter(([, s]) => s.mtimeMs >= stampedAt - RACY_MS).map(([rel]) => rel));
  }
}

/** The files the Workspace indexes (its own discovery) and the folders they could appear in, stamped. */
async function list(root: string, exclude: string[]): Promise<{ files: string[]; folders: Map<string, Stamp> }> {
  // Folders first: an entry added while the files are listed changes a folder stamp taken before.
  const folderPaths = await fg('**', { cwd: root, onlyDirectories: true, ignore: [...DEFAULT_EXCLUDES, ...exclude], followSymbolicLinks: false, suppressErrors: true, dot: false });
  const folders = new Map<string, Stamp>();
  for (const rel of ['.', ...folderPaths]) {
    const stamp = stampOf(path.join(root, rel));
    if (stamp) folders.set(rel, stamp);
  }
  const found = await discoverFiles(root, exclude, MARKER_FILES, undefined, PROJECT_FILE_KINDS);
  return { files: [...new Set([...found.sources, ...found.opaque, ...found.markers, ...found.projectFiles])], folders };
}

function stampOf(absolute: string): Stamp | null {
  try {
    const s = fs.statSync(absolute);
    return { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
  } catch {
    return null;
  }
}

function stampAll(root: string, files: string[]): Map<string, Stamp> {
  const out = new Map<string, Stamp>();
  for (const rel of files) {
    const stamp = stampOf(path.join(root, rel));
    // Gone between listing and stamping: absent, like a file deleted.
    if (stamp) out.set(rel, stamp);
  }
  return out;
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.ino === b.ino;
}
