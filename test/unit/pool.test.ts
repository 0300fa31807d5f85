// The summarizer pool survives workers that die: jobs in flight are re-queued on a fresh worker, and a
// job that was in flight for two crashes (the file that kills the parser) is answered with an empty
// summary instead of taking the index down.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SummarizerPool } from '../../server/out/host/summarizerPool';
import { startSummarizeWorker } from '../../server/out/host/workerScript';

// Speaks the pool's protocol (host/summarizeJob.ts) for whole requests (an unstaged pool): a chunk of requests
// in, the chunk's replies out. Each summary says how many chunks this worker had been sent when it made it.
const CRASHING_WORKER = `
const { parentPort } = require('worker_threads');
let chunks = 0;
parentPort.on('message', (chunk) => {
  chunks++;
  if (chunk.some((req) => req.text === 'CRASH')) process.exit(3);
  parentPort.postMessage(chunk.map((req) => ({ id: req.id, summaryJson: JSON.stringify({ schema: 0, marker: req.text, chunks }) })));
});
`;

// Speaks the staged protocol too: parses (a made-up one-number tree, checked on arrival) when asked to parse only, summarizes a tree
// another worker parsed. 'CRASH' kills it in any stage, 'CRASH-SUMMARIZING' only when summarizing.
const STAGED_WORKER = `
const { parentPort } = require('worker_threads');
parentPort.on('message', (chunk) => {
  if (chunk.some((req) => req.text === 'CRASH' || (!req.parseOnly && (req.parsed ? req.parsed.source : req.text) === 'CRASH-SUMMARIZING'))) process.exit(3);
  parentPort.postMessage(chunk.map((req) => req.parseOnly
    ? { id: req.id, parsed: { tree: { nodes: Int32Array.of(7), extraTypes: [], extraFields: [] }, source: req.text } }
    : { id: req.id, summaryJson: JSON.stringify({ schema: 0, marker: req.parsed ? (req.parsed.tree.nodes[0] === 7 ? req.parsed.source : 'lost tree') : req.text, via: req.parsed ? 'tree' : 'whole' }) }));
});
`;

describe('summarizer pool', function () {
  this.timeout(30000);
  let dir: string;
  let pool: SummarizerPool;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-pool-'));
    fs.writeFileSync(path.join(dir, 'worker.js'), CRASHING_WORKER);
    pool = new SummarizerPool(2, path.join(dir, 'worker.js'), false);
    pool.prepare(1000); // large batch: use the workers
  });
  afterEach(async () => {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers every job, re-running those a crash interrupted and giving up on the crashing one', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => (i === 17 ? 'CRASH' : `file-${i}`));
    const results = await Promise.all(texts.map((t) => pool.summarize(t)));
    results.forEach((summary, i) => {
      if (i === 17) assert.match(summary.unparsed ?? '', /parser crashed/);
      else assert.strictEqual((summary as unknown as { marker: string }).marker, `file-${i}`);
    });
  });

  it('staged: a file that crashes either stage runs again whole and alone, the trees of the others are not lost', async () => {
    fs.writeFileSync(path.join(dir, 'staged.js'), STAGED_WORKER);
    const staged = new SummarizerPool(2, path.join(dir, 'staged.js'));
    try {
      staged.prepare(1000);
      // Early in the queue: parsed by the parsing worker, so that the crash comes with its tree.
      for (const crasher of ['CRASH-SUMMARIZING', 'CRASH']) {
        const texts = Array.from({ length: 60 }, (_, i) => (i === 3 ? crasher : `file-${i}`));
        const results = (await Promise.all(texts.map((t) => staged.summarize(t)))) as unknown as { marker?: string; via?: string; unparsed?: string }[];
        results.forEach((summary, i) => {
          if (i === 3) assert.match(summary.unparsed ?? '', /parser crashed/, crasher);
          else assert.strictEqual(summary.marker, `file-${i}`, crasher);
        });
        assert.ok(results.some((s) => s.via === 'tree'), 'parsed by one worker, summarized by the other');
      }
      assert.ok(staged.parsedElsewhere > 0);
    } finally {
      await staged.close();
    }
  });

  it('hands files to the workers in chunks, fewer messages than files', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `file-${i}`);
    const results = await Promise.all(texts.map((t) => pool.summarize(t)));
    const chunksSeen = Math.max(...results.map((s) => (s as unknown as { chunks: number }).chunks));
    assert.deepStrictEqual(results.map((s) => (s as unknown as { marker: string }).marker), texts);
    // Two workers: each saw at most this many messages; one per file would be ~100.
    assert.ok(chunksSeen <= 30, `a worker was sent ${chunksSeen} messages for its ~100 files`);
  });

  it('released after a batch, stops its workers only when idle, and starts fresh ones for the next batch', async () => {
    const workers = () => (pool as unknown as { slots: { worker: { threadId: number } }[] }).slots.map((s) => s.worker.threadId);
    const first = workers();
    assert.strictEqual(first.length, 2);
    const pending = Promise.all(['a', 'b', 'c'].map((t) => pool.summarize(t)));
    pool.release();
    assert.deepStrictEqual(workers(), first, 'kept while jobs are in flight');
    await pending;
    pool.release();
    assert.deepStrictEqual(workers(), [], 'stopped once idle');
    const next = await Promise.all(['d', 'e'].map((t) => pool.summarize(t)));
    assert.deepStrictEqual(next.map((s) => (s as unknown as { marker: string }).marker), ['d', 'e'], 'on workers again');
    assert.strictEqual(workers().length, 2);
    assert.ok(workers().every((id) => !first.includes(id)), 'fresh ones');
  });

  it('starts workers before the batch is known, and stops them unused when it turns out small', async () => {
    const early = new SummarizerPool(2, path.join(dir, 'worker.js'), false);
    const workers = () => (early as unknown as { slots: unknown[] }).slots.length;
    try {
      early.startEarly();
      assert.strictEqual(workers(), 2);
      early.prepare(3);
      assert.strictEqual(workers(), 0, 'stopped');
      const summary = await early.summarize('x = 1');
      assert.strictEqual((summary as unknown as { marker?: string }).marker, undefined, 'summarized in-process');
      // Handed workers started before the pool (cli/earlyWorkers.ts): adopted, and as many more started.
      early.startEarly([startSummarizeWorker(path.join(dir, 'worker.js'))]);
      assert.strictEqual(workers(), 2);
      early.prepare(1000);
      const marked = await Promise.all(['y', 'z', 'w'].map((t) => early.summarize(t)));
      assert.deepStrictEqual(marked.map((s) => (s as unknown as { marker: string }).marker), ['y', 'z', 'w'], 'on workers started early');
    } finally {
      await early.close();
    }
  });
});
