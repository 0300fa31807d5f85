// Where the cache lives and whether it holds summaries: what code outside the cache needs (cli/earlyWorkers.ts
// asks before the cache's code loads, so this file stays light).
import * as fs from 'fs';
import * as path from 'path';

export const CACHE_FOLDER = '.coherence_cache';
export const SUMMARIES_FILE = 'summaries.bin';

/** The cache folder of a check of `root`: `--cache-dir` (relative to the root) or the default inside it. */
export function cacheFolderOf(root: string, cacheDirOption: string | undefined): string {
  return path.resolve(root, cacheDirOption ?? CACHE_FOLDER);
}

/** Whether summaries were written in `dir` (by this build or another: loading may still find them unusable). */
export function holdsSummaries(dir: string): boolean {
  return fs.existsSync(path.join(dir, SUMMARIES_FILE));
}
