// A Workspace kept warm between MCP tool calls that never answers from a stale index: before each answer it
// lists the folder again, compares every file's stat stamp with the one seen last time, and hands the
// created, changed and deleted files to the Workspace's own incremental update.
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../core/types';
import { Workspace, type FileChange, type WorkspaceOptions } from '../host/workspace';
import { discoverFiles } from '../workspace/discovery';

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

  private constructor(readonly workspace: Workspace) {}

  /** Stamps the files first, then indexes them: a file written during indexing differs from its stamp. */
  static async open(options: WorkspaceOptions): Promise<FreshWorkspace> {
    const found = await discoverFiles(options.root, options.settings?.exclude ?? []);
    const stampedAt = Date.now();
    const stamps = stampAll(options.root, listed(found));
    const workspace = await Workspace.load(options);
    workspace.checkAll();
    const fresh = new FreshWorkspace(workspace);
    fresh.remember(stamps, stampedAt);
    return fresh;
  }

  get root(): string {
    return this.workspace.root;
  }

  /** Brings the index up to date with the disk: new, deleted and changed files (by stat stamp). */
  async refresh(): Promise<RefreshResult> {
    const found = await discoverFiles(this.root, this.workspace.config.exclude);
    const stampedAt = Date.now();
    const now = stampAll(this.root, listed(found));
    const changes: FileChange[] = [];
    for (const [rel, stamp] of now) {
      const before = this.stamps.get(rel);
      if (!before) changes.push({ path: rel, kind: 'created' });
      else if (!sameStamp(before, stamp) || this.racy.has(rel)) changes.push({ path: rel, kind: 'changed' });
    }
    for (const rel of this.stamps.keys()) if (!now.has(rel)) changes.push({ path: rel, kind: 'deleted' });
    // Unchanged contents (a racy file not touched, a `touch`) cost a hash: the Workspace skips them.
    if (changes.length) await this.workspace.applyChanges(changes);
    this.remember(now, stampedAt);
    return { changes };
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

function listed(found: Awaited<ReturnType<typeof discoverFiles>>): string[] {
  return [...new Set([...found.sources, ...found.opaque, ...found.markers, ...found.projectFiles])];
}

function stampAll(root: string, files: string[]): Map<string, Stamp> {
  const out = new Map<string, Stamp>();
  for (const rel of files) {
    try {
      const s = fs.statSync(path.join(root, rel));
      out.set(rel, { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino });
    } catch {
      // Gone between listing and stamping: absent, like a file deleted.
    }
  }
  return out;
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.ino === b.ino;
}
