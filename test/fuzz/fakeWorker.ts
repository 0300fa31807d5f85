// A stand-in for worker.ts in the host's own tests: it fails the way the input's `mode` file says.
import { parentPort } from 'worker_threads';
import type { WorkerReply, WorkerRequest } from './worker';

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    const mode = req.files.mode;
    const reply = (extra: Partial<WorkerReply>) => port.postMessage({ id: req.id, internalErrors: [], diagnostics: 0, ms: 1, heapUsedMB: 0, ...extra } satisfies WorkerReply);
    if (mode === 'hang') for (;;);
    if (mode === 'heap') {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array<number>(1_000_000).fill(hoard.length));
    }
    if (mode === 'throw-later') setTimeout(() => {
      throw new Error('escaped the core');
    });
    else if (mode === 'stack') {
      const deep = (n: number): number => deep(n + 1) + 1;
      try {
        deep(0);
      } catch (e) {
        reply({ crash: (e as Error).stack });
      }
    } else if (mode === 'swallowed') reply({ internalErrors: ['app.py: internal error while summarizing: boom'] });
    else reply({ diagnostics: 3 });
  });
}
