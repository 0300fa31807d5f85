// Runs a function of a built module on a worker thread with a deadline and a heap bound, so that a
// regression to an endless loop (or to unbounded memory) fails the test instead of hanging mocha: a
// synchronous loop on the test's own thread could never be interrupted.
import { Worker } from 'worker_threads';

export type DeadlineOutcome<T> = { finished: true; value: T } | { finished: false; reason: string };

const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fn = require(workerData.modulePath)[workerData.exportName];
parentPort.postMessage(fn(...workerData.args));
`;

/**
 * Calls `require(modulePath)[exportName](...args)` on a worker; the result must be structured-cloneable.
 * Resolves `{ finished: false }` when the deadline passes or the worker dies (out of memory, a throw).
 */
export function callWithDeadline<T>(modulePath: string, exportName: string, args: unknown[], deadlineMs = 20000, maxHeapMb = 256): Promise<DeadlineOutcome<T>> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, exportName, args }, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    let settled = false;
    const settle = (outcome: DeadlineOutcome<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ finished: false, reason: `did not finish within ${deadlineMs} ms` }), deadlineMs);
    worker.once('message', (value: T) => settle({ finished: true, value }));
    worker.once('error', (e) => settle({ finished: false, reason: `worker failed: ${e.message}` }));
    worker.once('exit', (code) => settle({ finished: false, reason: `worker exited with code ${code} before answering` }));
  });
}
