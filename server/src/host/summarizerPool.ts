// Parses files on worker threads (parsing dominates cold start), or in-process for small batches and
// single edits. Staged (the default): half the workers parse and hand the trees on, the others summarize them
// (and parse files themselves when no tree waits). A crashed worker is replaced; the files it had in flight run
// again, each alone, from the start.
import type { Worker } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { summarizeSource } from '../syntax/summarizeSource';
import { emptySummary } from '../syntax/summarize';
import type { FileSummary } from '../syntax/summary';
import { readProjectFile } from '../workspace/safeRead';
import { keepHandedOver } from './summariesFile';
import { DEFAULT_WORKER_COUNT, startSummarizeWorker, SUMMARIZE_WORKER_SCRIPT } from './workerScript';
import { hashText, type FileResult, type SummarizeChunk, type SummarizeChunkReply, type SummarizeReply, type SummarizeRequest } from './summarizeJob';

interface Job {
  /** What the next worker is asked: the original request, or its summarizing stage once another worker parsed it. */
  request: SummarizeRequest;
  /** The request as submitted: what runs again after a crash (a parsed tree goes to the worker it was sent to). */
  readonly original: SummarizeRequest;
  /** The content hash from the parsing stage, for the reply of the summarizing one. */
  hash?: string;
  resolve: (reply: SummarizeReply) => void;
  /** Worker crashes this job was in flight for (it may be the file that crashes the parser). */
  crashes: number;
}

interface Slot {
  worker: Worker;
  /** Jobs sent and not answered yet, by id. */
  jobs: Map<number, Job>;
  /** Chunks sent and not answered yet. */
  chunksInFlight: number;
  /** Whether its one chunk is a suspect (see suspects): it is given nothing else until it answers. */
  isolating: boolean;
  role: WorkerRole;
}

/**
 * What a worker is given. V8 optimizes each thread's hot code for itself, and the summarizer's is large: a
 * worker summarizing 2,000 files spends about 0.8 s of CPU more on its first 2,000 than on the next (its
 * compiling and its code's warm-up). Parsing is wasm, compiled once for the process. So with two workers one
 * parses (`parse`) and hands its trees to the other (`summarize`, syntax/treeTransfer.ts), which also parses
 * files itself whenever no tree waits: the summarizer warms up once instead of twice. Synthetic 4,000 modules,
 * summarizing alone: CPU 9.4 -> 8.2-8.5 s, wall 4.9-5.3 -> 4.65 s. `whole`: unstaged, each file start to end.
 */
type WorkerRole = 'parse' | 'summarize' | 'whole';

/**
 * Chunks kept in flight per worker: a worker must never wait for the main thread (busy indexing results,
 * collecting garbage) to hand it the next files.
 */
const CHUNKS_IN_FLIGHT = 2;

/** The most files in one chunk (summarizeJob.ts: why chunks). Fewer as the queue empties, so the workers finish together. */
const MAX_CHUNK = 16;

/** The most files a summarizing worker parses itself at once when no tree waits: trees are not kept waiting long. */
const OWN_PARSE_CHUNK = 4;

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 150;

export class SummarizerPool {
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /**
   * Jobs in flight on a worker that crashed: one of them may be the file that crashes the parser. Each runs
   * alone on a worker with nothing else in flight, so that a second crash convicts that file and no other.
   */
  private readonly suspects: Job[] = [];
  /** Jobs parsed by a `parse` worker, waiting for a `summarize` one. */
  private readonly parsed: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size = DEFAULT_WORKER_COUNT,
    /** The worker script (tests substitute one that crashes on demand). */
    private readonly workerScript = SUMMARIZE_WORKER_SCRIPT,
    /** Whether workers take stages (WorkerRole); a substituted script that answers whole requests only says no. */
    private readonly staged = true,
  ) {}

  private useWorkers = false;

  /**
   * Whether workers' summaries keep the JSON bytes they came as, for the cache to write them from (summariesFile.ts)
   * instead of serializing them again: set while a batch whose summaries will be saved is summarized.
   */
  keepJsonForCache = false;

  /** Files summarized from a tree another worker parsed (staged workers). */
  parsedElsewhere = 0;

  /** Whether the workers were started before any batch was announced (startEarly). */
  private startedEarly = false;

  /**
   * Starts the workers before the first batch is known (a run with no summaries cached parses every file): they
   * load their code and grammar while the folder is listed. prepare() stops them if the batch is small.
   */
  startEarly(started: Worker[] = []): void {
    if (this.size < 2 || this.slots.length) {
      for (const worker of started) void worker.terminate();
      return;
    }
    this.startedEarly = true;
    // Those started before the CLI's code loaded (cli/earlyWorkers.ts), then as many more as needed.
    for (const worker of started.slice(0, this.size)) this.slots.push(this.spawn(this.nextRole(), worker));
    for (const worker of started.slice(this.size)) void worker.terminate();
    this.ensureWorkers();
  }

  /** Announces a batch of `count` files: workers start now (their wasm loads while files are read). */
  prepare(count: number): void {
    this.useWorkers = count >= MIN_FILES_FOR_WORKERS && this.size >= 2;
    if (this.useWorkers) this.ensureWorkers();
    else if (this.startedEarly) this.stopWorkers();
    this.startedEarly = false;
  }

  /**
   * Stops the workers once nothing is in flight or waiting (a batch is done): idle, they still hold their heaps
   * and, at the end of a run, cost the time their stopping takes. The next large batch starts them again.
   */
  release(): void {
    if (this.queue.length || this.parsed.length || this.suspects.length || this.slots.some((s) => s.jobs.size > 0)) return;
    this.stopWorkers();
  }

  /** Stops the workers (none has a job: they were started early for a batch that turned out small, or released). */
  private stopWorkers(): void {
    const slots = this.slots;
    this.slots = []; // first: their exits are then not taken for crashes (replace)
    for (const slot of slots) void slot.worker.terminate();
  }

  /** Summarizes one text of a batch: on a worker after prepare() of a large batch, else in-process. */
  async summarize(text: string): Promise<FileSummary> {
    if (!this.useWorkers) return this.summarizeOne(text);
    const reply = await this.submit({ id: this.nextId++, text });
    return reply.summary ?? emptySummary(reply.error);
  }

  /** Reads, hashes and summarizes a file (on a worker after prepare() of a large batch). */
  async summarizeFile(absolutePath: string, roots: string[]): Promise<FileResult> {
    if (!this.useWorkers) {
      const read = readProjectFile(roots, absolutePath);
      return 'skipped' in read ? { skipped: read.skipped } : { hash: hashText(read.text), summary: await this.summarizeOne(read.text) };
    }
    const reply = await this.submit({ id: this.nextId++, path: absolutePath, roots });
    if (reply.skipped) return { skipped: reply.skipped };
    return { hash: reply.hash ?? '', summary: reply.summary ?? emptySummary(reply.error) };
  }

  /** One file, in-process (an edit: no message round trip); `treeKey`: its path, to parse it from its last tree. */
  async summarizeOne(text: string, treeKey?: string): Promise<FileSummary> {
    return summarizeSource(await getParser(), text, FRAMEWORK_ADAPTERS, treeKey);
  }

  private submit(request: SummarizeRequest): Promise<SummarizeReply> {
    this.ensureWorkers(); // released after an earlier batch
    return new Promise((resolve) => {
      this.queue.push({ request, original: request, resolve, crashes: 0 });
      this.pump();
    });
  }

  private ensureWorkers(): void {
    if (this.closed) return;
    while (this.slots.length < this.size) this.slots.push(this.spawn(this.nextRole()));
  }

  /** Summarizing and parsing workers alternate (the first summarizes: one alone does whole files anyway). */
  private nextRole(): WorkerRole {
    if (!this.staged) return 'whole';
    const summarizing = this.slots.filter((s) => s.role === 'summarize').length;
    return summarizing <= this.slots.length - summarizing ? 'summarize' : 'parse';
  }

  private spawn(role: WorkerRole, worker = startSummarizeWorker(this.workerScript)): Slot {
    const slot: Slot = { worker, jobs: new Map(), chunksInFlight: 0, isolating: false, role };
    worker.on('message', (replies: SummarizeChunkReply) => {
      slot.chunksInFlight--;
      slot.isolating = false;
      for (const reply of replies) {
        const job = slot.jobs.get(reply.id);
        slot.jobs.delete(reply.id);
        if (!job) continue;
        if (reply.parsed) {
          // Parsed: on to a summarizing worker (the tree's buffer travels on; a crash there reruns the original).
          job.hash = reply.hash;
          job.request = { id: job.original.id, parsed: reply.parsed };
          this.parsed.push(job);
          continue;
        }
        if (reply.summaryBytes) {
          const bytes = Buffer.from(reply.summaryBytes.buffer, reply.summaryBytes.byteOffset, reply.summaryBytes.byteLength);
          reply.summary = JSON.parse(bytes.toString('utf8')) as FileSummary;
          if (this.keepJsonForCache && reply.deferredFields) keepHandedOver(reply.summary, { bytes, fields: reply.deferredFields });
        } else if (reply.summaryJson !== undefined) reply.summary = JSON.parse(reply.summaryJson) as FileSummary;
        if (job.request.parsed) {
          this.parsedElsewhere++;
          if (reply.hash === undefined) reply.hash = job.hash;
        }
        job.resolve(reply);
      }
      this.pump();
    });
    worker.on('error', (e) => this.replace(slot, e.message));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) this.replace(slot, `worker exited with code ${code}`);
    });
    return slot;
  }

  private replace(slot: Slot, reason: string): void {
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    // The jobs in flight are run again, each alone and whole; one that was there for two crashes is given up on.
    for (const job of jobs) {
      job.request = job.original;
      job.hash = undefined;
      if (++job.crashes >= 2) job.resolve({ id: job.request.id, error: `the parser crashed on this file (${reason})` });
      else this.suspects.push(job);
    }
    if (!this.closed) this.slots.push(this.spawn(slot.role));
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.isolating) continue;
      if (slot.chunksInFlight === 0 && this.suspects.length > 0) {
        slot.isolating = true;
        this.send(slot, [this.suspects.shift()!]);
        continue;
      }
      if (slot.role === 'summarize') {
        while (slot.chunksInFlight < CHUNKS_IN_FLIGHT && this.parsed.length > 0) this.send(slot, this.parsed.splice(0, MAX_CHUNK));
        // No tree waits: a few files of its own, whole, from the queue's end (the parsing workers take the front).
        while (slot.chunksInFlight < CHUNKS_IN_FLIGHT && this.parsed.length === 0 && this.queue.length > 0) {
          this.send(slot, this.queue.splice(-Math.min(OWN_PARSE_CHUNK, this.queue.length)));
        }
        continue;
      }
      while (slot.chunksInFlight < CHUNKS_IN_FLIGHT && this.queue.length > 0) {
        const size = Math.min(MAX_CHUNK, Math.ceil(this.queue.length / (this.slots.length * CHUNKS_IN_FLIGHT)));
        this.send(slot, this.queue.splice(0, size));
      }
    }
  }

  private send(slot: Slot, chunk: Job[]): void {
    const transfer: ArrayBuffer[] = [];
    const requests = chunk.map((job): SummarizeRequest => {
      slot.jobs.set(job.request.id, job);
      if (job.request.parsed) transfer.push(job.request.parsed.tree.nodes.buffer as ArrayBuffer);
      // A parsing worker parses only what has not been parsed (a suspect runs whole: isolating).
      return slot.role === 'parse' && !slot.isolating && !job.request.parsed ? { ...job.request, parseOnly: true } : job.request;
    });
    slot.chunksInFlight++;
    slot.worker.postMessage(requests satisfies SummarizeChunk, transfer);
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
