// Runs fuzz inputs on a worker thread that can be stopped: a hang inside synchronous JavaScript cannot be
// interrupted in-process, so the host terminates the worker on a deadline, or when the process's memory
// grows past a bound during one input (wasm memory included), and starts a fresh one for the next input.
// The deadline counts CPU time (the process does nothing else meanwhile), so that a machine busy with other
// work does not turn slow inputs into hangs; a wall-clock cap of a few deadlines catches inputs that block.
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { ProjectFiles } from './corpus';
import type { WorkerReply, WorkerRequest } from './worker';

export type FindingKind = 'crash' | 'hang' | 'memory' | 'internal-error';

export type Verdict =
  | { kind: 'ok'; ms: number; diagnostics: number }
  | { kind: FindingKind; ms: number; detail: string; /** A hang that hit the wall-clock cap, not the CPU deadline. */ wallClock?: boolean };

export interface HostOptions {
  /** Per-input deadline, in CPU time; the wall-clock cap is WALL_CLOCK_FACTOR times it. */
  deadlineMs: number;
  /** Bound on the memory one input may add (JS heap limit of the worker, and growth of the process's RSS). */
  memoryMB: number;
  /** The worker script (the host's own tests substitute one that fails on demand). */
  workerScript?: string;
}

/**
 * The worker's JS stack in MB: about the main thread's (V8's default of 984 KB; a worker keeps 192 KB of it
 * as a buffer), so that nesting overflows here exactly where it overflows in the CLI and the server.
 */
const STACK_MB = 1.15;

const SAMPLE_MS = 25;

/** An input that neither answers nor uses its CPU time within this many deadlines is stuck (or starved). */
export const WALL_CLOCK_FACTOR = 4;

export class FuzzHost {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Settles the input in flight when the worker dies. */
  private onDeath: ((kind: FindingKind, detail: string) => void) | null = null;

  constructor(private readonly options: HostOptions) {}

  private spawn(): Worker {
    const worker = new Worker(this.options.workerScript ?? path.join(__dirname, 'worker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMB, stackSizeMb: STACK_MB },
      stdout: true,
      stderr: true,
    });
    // The worker's own output is not the core's: drain it so it never blocks.
    worker.stdout.resume();
    worker.stderr.resume();
    // Events of a worker already given up on (terminated on a deadline) must not settle the next input.
    worker.on('error', (e: Error & { code?: string }) => {
      if (this.worker !== worker) return;
      this.onDeath?.(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `JS heap past ${this.options.memoryMB} MB (${e.message})` : (e.stack ?? e.message));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.onDeath?.('crash', `worker exited with code ${code}`);
    });
    worker.unref();
    return worker;
  }

  /** Runs one input; a finding never throws, it is the verdict. */
  run(files: ProjectFiles, edited: string[], deadlineMs = this.options.deadlineMs): Promise<Verdict> {
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const started = Date.now();
    const baseline = process.memoryUsage.rss();
    const cpuAtStart = process.cpuUsage();
    let peak = baseline;
    return new Promise<Verdict>((resolve) => {
      let settled = false;
      const finish = (v: Verdict, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(sampler);
        worker.off('message', onMessage);
        this.onDeath = null;
        // After any failure the worker's state is suspect (a wasm trap leaves the parser unusable for every
        // later file): the next input gets a fresh worker, so one finding never masks or causes another.
        if (kill || v.kind !== 'ok') {
          if (this.worker === worker) this.worker = null;
          void worker.terminate();
        }
        resolve(v);
      };
      const wallMs = deadlineMs * WALL_CLOCK_FACTOR;
      const timer = setTimeout(() => finish({ kind: 'hang', ms: Date.now() - started, detail: `no answer within ${wallMs} ms of wall-clock time`, wallClock: true }, true), wallMs);
      const sampler = setInterval(() => {
        const cpu = process.cpuUsage(cpuAtStart);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        if (cpuMs > deadlineMs) finish({ kind: 'hang', ms: Date.now() - started, detail: `no answer after ${Math.round(cpuMs)} ms of CPU time (deadline ${deadlineMs} ms)` }, true);
        peak = Math.max(peak, process.memoryUsage.rss());
        const grownMB = (peak - baseline) / 1024 / 1024;
        if (grownMB > this.options.memoryMB) finish({ kind: 'memory', ms: Date.now() - started, detail: `RSS grew by ${Math.round(grownMB)} MB (bound ${this.options.memoryMB} MB)` }, true);
      }, SAMPLE_MS);
      this.onDeath = (kind, detail) => finish({ kind, ms: Date.now() - started, detail }, true);
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if (reply.crash) finish({ kind: 'crash', ms: reply.ms, detail: reply.crash }, false);
        else if (reply.internalErrors.length) finish({ kind: 'internal-error', ms: reply.ms, detail: [...new Set(reply.internalErrors)].join('\n') }, false);
        else finish({ kind: 'ok', ms: reply.ms, diagnostics: reply.diagnostics }, false);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, files, edited } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.onDeath = null;
    if (w) await w.terminate();
  }
}
