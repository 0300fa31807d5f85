// How the summarizer's workers are started: a small module, so that the CLI can start them before it loads the
// rest of its code (cli/earlyWorkers.ts). The script sits beside this module's folder once compiled
// (server/out/host/) and beside the bundles (dist/).
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';

export const SUMMARIZE_WORKER_SCRIPT = path.join(__dirname, 'summarizeWorker.js');

/** Workers a pool runs by default: one per core, two to four. Below two, files are summarized in-process. */
export const DEFAULT_WORKER_COUNT = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

/**
 * Each worker's young generation (MB; V8's default is 48). A file's syntax tree stays alive while it is
 * summarized, and every scavenge meanwhile copies it: on saleor (4,338 files) a worker made ~82 scavenges
 * with the default and ~57 with this; it costs at most a few tens of MB of memory per worker.
 */
const WORKER_YOUNG_GENERATION_MB = 96;

export function startSummarizeWorker(script = SUMMARIZE_WORKER_SCRIPT): Worker {
  return new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
}
