// `coherence check --watch`: after the first report, re-checks on every change on disk with the editor's
// incremental machinery (Workspace.applyChanges: the changed files and what depends on them) and prints the
// whole report again. Text reports are separated by a line with the time; JSON reports are one per line.
import * as fs from 'fs';
import * as path from 'path';
import { compareDiagnostics } from '../core/types';
import type { FileChange, Workspace } from '../host/workspace';

/** Changes closer together than this are one batch (an editor's save writes a temporary file, then renames). */
const SETTLE_MS = 100;
/** Folders whose changes are never the project's. */
const IGNORED_SEGMENTS = new Set(['.git', '.hg', 'node_modules', '__pycache__', '.coherence_cache', '.mypy_cache', '.ruff_cache', '.pytest_cache']);

export interface WatchOptions {
  root: string;
  ws: Workspace;
  /** Prints the report of the current diagnostics. */
  report: (diagnostics: ReturnType<Workspace['currentDiagnostics']>, changedFiles: string[]) => Promise<void>;
  log: (message: string) => void;
}

function isFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Watches until SIGINT/SIGTERM (resolves 0) or until the watch itself fails (resolves 2). */
export function watch({ root, ws, report, log }: WatchOptions): Promise<number> {
  return new Promise((resolve) => {
    const pending = new Set<string>();
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<void> = Promise.resolve();
    const flush = () => {
      timer = null;
      const batch = [...pending].sort();
      pending.clear();
      running = running.then(async () => {
        // A folder moved or removed as a whole reports only itself: look at everything again.
        const folderEvent = batch.some((rel) => ws.holdsFolder(rel) || isFolder(path.join(root, rel)));
        if (folderEvent) await ws.reload();
        else await ws.applyChanges(batch.map((rel): FileChange => ({ path: rel, kind: fs.existsSync(path.join(root, rel)) ? 'changed' : 'deleted' })));
        await report(ws.currentDiagnostics().sort(compareDiagnostics), batch);
      });
    };
    let watcher: fs.FSWatcher;
    const stop = (code: number) => {
      watcher?.close();
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void running.then(() => resolve(code));
    };
    const onSignal = () => stop(0);
    try {
      watcher = fs.watch(root, { recursive: true }, (_event, name) => {
        if (!name) return;
        const rel = name.toString().split(path.sep).join('/');
        if (rel.split('/').some((segment) => IGNORED_SEGMENTS.has(segment))) return;
        pending.add(rel);
        if (timer) clearTimeout(timer);
        timer = setTimeout(flush, SETTLE_MS);
      });
    } catch (e) {
      log(`cannot watch ${root}: ${(e as Error).message}`);
      resolve(2);
      return;
    }
    watcher.on('error', (e) => {
      log(`watching ${root} stopped: ${e.message}`);
      stop(2);
    });
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    log(`watching ${root} for changes (Ctrl-C to stop)`);
  });
}
