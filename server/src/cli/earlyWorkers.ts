// Imported first by cli.ts, before the rest of the CLI's code loads: a check with no summaries cached parses
// every file, so its workers start now, from what the arguments say alone (the CLI's own loading is a good
// part of a cold start's first half second). They do not keep the process alive until the pool adopts them
// (takeEarlyWorkers); a run that ends before (usage errors, an unusable root) exits as it would without them.
import * as path from 'path';
import { parseArgs } from 'util';
import type { Worker } from 'worker_threads';
import { cacheFolderOf, holdsSummaries } from '../host/cacheLayout';
import { DEFAULT_WORKER_COUNT, startSummarizeWorker } from '../host/workerScript';
import { CLI_OPTIONS } from './options';

let early: Worker[] = [];
const exited = new Set<Worker>();

/** Whether a run with these arguments (process.argv after the script) summarizes every file on workers. */
export function parsesEverything(argv: string[]): boolean {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
    if (positionals[0] !== 'check' || values.help || values.version) return false;
    if (values['no-cache'] || values.diff) return true;
    return !holdsSummaries(cacheFolderOf(path.resolve(positionals[1] ?? '.'), values['cache-dir'] as string | undefined));
  } catch {
    return false; // the CLI reports the usage error
  }
}

if (DEFAULT_WORKER_COUNT >= 2 && parsesEverything(process.argv.slice(2))) {
  early = Array.from({ length: DEFAULT_WORKER_COUNT }, () => {
    const worker = startSummarizeWorker();
    worker.unref();
    worker.on('error', () => {}); // reported by the pool's own start, if it comes to one
    worker.on('exit', () => exited.add(worker));
    return worker;
  });
}

/** The workers started early and still running (each once): the pool's now, to keep alive and stop. */
export function takeEarlyWorkers(): Worker[] {
  const running = early.filter((w) => !exited.has(w));
  for (const w of early) if (exited.has(w)) void w.terminate();
  early = [];
  for (const w of running) {
    w.removeAllListeners('error');
    w.removeAllListeners('exit');
    w.ref();
  }
  return running;
}
