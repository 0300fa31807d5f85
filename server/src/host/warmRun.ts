// One CLI check from the cache (issue #17): the last run's findings when nothing changed, the changed files and
// what they affect checked again after edits, or everything checked; then the run kept for the next one.
import type { Diagnostic } from '../core/types';
import type { LastRun } from './lastRun';
import type { SummaryCache } from './summaryCache';
import { Workspace, type WorkspaceOptions } from './workspace';

export interface CheckedRun {
  diagnostics: Diagnostic[];
  fileCount: number;
  /** The indexed workspace (null when the last run's findings were printed as they were). */
  ws: Workspace | null;
  lastRun: LastRun | null;
  /** Files re-checked and files whose findings came from the last run, when the run resumed from it. */
  resumed: { rechecked: number; reused: number } | null;
}

/**
 * Checks the folder. `fromLastRun`: whether the last run kept in the cache may answer (--changed-since, --watch
 * and --fix need the whole index, checked now).
 */
export async function checkFolder(options: WorkspaceOptions, fromLastRun: boolean): Promise<CheckedRun> {
  const cache = options.cache;
  const warm = cache && fromLastRun ? await Workspace.warmStart({ ...options, cache }) : { ws: await Workspace.load(options), resumed: null };
  if ('lastRun' in warm) {
    // Files were read to find that nothing changed: their stats spare the next run that.
    if (warm.newStats) cache!.saveLastRun({ ...warm.lastRun, stats: warm.newStats });
    return { diagnostics: warm.lastRun.diagnostics, fileCount: warm.lastRun.fileCount, ws: null, lastRun: warm.lastRun, resumed: null };
  }
  const { ws, resumed } = warm;
  const diagnostics = resumed ? ws.currentDiagnostics() : [...ws.checkAll().values()].flat();
  return { diagnostics, fileCount: ws.fileCount, ws, lastRun: null, resumed };
}

/** Keeps a checked workspace's findings (`diagnostics`: all of them, as reported) for the next run. */
export function keepRun(cache: SummaryCache, ws: Workspace, diagnostics: Diagnostic[]): void {
  const fingerprint = ws.inputsFingerprint();
  cache.saveLastRun({ fingerprint, fileCount: ws.fileCount, diagnostics, notes: ws.notes, ...(ws.listedStats ? { stats: ws.listedStats } : {}) });
  cache.saveFindings(ws.findingsToStore(fingerprint));
}
