// Parses files on worker threads (parsing dominates cold start), or in-process for small batches and
// single edits. A crashed worker is replaced; its file is summarized in-process instead.
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { summarizeSource } from '../syntax/summarizeSource';
import { emptySummary } from '../syntax/summarize';
import type { FileSummary } from '../syntax/summary';
import { readSourceFile } from '../workspace/discovery';
import { hashText, type FileResult, type SummarizeReply, type SummarizeRequest } from './summarizeJob';

interface Job {
  request: SummarizeRequest;
  resolve: (reply: SummarizeReply) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 150;

export class SummarizerPool {
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length))) {}

  private useWorkers = false;

  /** Announces a batch of `count` files: workers start now (their wasm loads while files are read). */
  prepare(count: number): void {
    this.useWorkers = count >= MIN_FILES_FOR_WORKERS && this.size >= 2;
    if (this.useWorkers) this.ensureWorkers();
  }

  /** Summarizes one text of a batch: on a worker after prepare() of a large batch, else in-process. */
  async summarize(text: string): Promise<FileSummary> {
    if (!this.useWorkers) return this.summarizeOne(text);
    const reply = await this.submit({ id: this.nextId++, text });
    return reply.summary ?? emptySummary(reply.error);
  }

  /** Reads, hashes and summarizes a file (on a worker after prepare() of a large batch). */
  async summarizeFile(absolutePath: string): Promise<FileResult> {
    if (!this.useWorkers) {
      const read = readSourceFile(absolutePath);
      return 'skipped' in read ? read : { hash: hashText(read.text), summary: await this.summarizeOne(read.text) };
    }
    const reply = await this.submit({ id: this.nextId++, path: absolutePath });
    if (reply.skipped) return { skipped: reply.skipped };
    return { hash: reply.hash ?? '', summary: reply.summary ?? emptySummary(reply.error) };
  }

  /** One file, in-process (an edit: no message round trip). */
  async summarizeOne(text: string): Promise<FileSummary> {
    return summarizeSource(await getParser(), text);
  }

  private submit(request: SummarizeRequest): Promise<SummarizeReply> {
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.pump();
    });
  }

  private ensureWorkers(): void {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(path.join(__dirname, 'summarizeWorker.js'));
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: SummarizeReply) => {
      const job = slot.job;
      slot.job = null;
      if (job && job.request.id === reply.id) job.resolve(reply);
      this.pump();
    });
    worker.on('error', (e) => this.replace(slot, e.message));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) this.replace(slot, `worker exited with code ${code}`);
    });
    return slot;
  }

  private replace(slot: Slot, reason: string): void {
    const job = slot.job;
    slot.job = null;
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (job) void this.runInProcess(job.request).then(job.resolve, () => job.resolve({ id: job.request.id, error: reason }));
    if (!this.closed) this.slots.push(this.spawn());
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage(job.request);
    }
  }

  /** What a worker would have answered, computed here (after a worker crashed on the job). */
  private async runInProcess(request: SummarizeRequest): Promise<SummarizeReply> {
    if (request.text !== undefined) return { id: request.id, summary: await this.summarizeOne(request.text) };
    const read = readSourceFile(request.path!);
    if ('skipped' in read) return { id: request.id, skipped: read.skipped };
    return { id: request.id, hash: hashText(read.text), summary: await this.summarizeOne(read.text) };
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
