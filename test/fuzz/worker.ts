// Worker thread of the fuzzer: runs the core on one mini project per message, the way the CLI does
// (discovery → summaries → index → rules, from a folder on disk), then edits the mutated files through
// overlays the way the language server does. The host terminates it on a deadline or past a memory bound.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import { format } from 'util';
import { parentPort } from 'worker_threads';
import { Workspace } from '../../server/out/host/workspace';
import type { ProjectFiles } from './corpus';

export interface WorkerRequest {
  id: number;
  files: ProjectFiles;
  /** Files to edit through overlays after the first check (the mutated ones). */
  edited: string[];
}

export interface WorkerReply {
  id: number;
  /** An exception that escaped the core (its stack), if any. */
  crash?: string;
  /** Internal errors the core caught and swallowed or logged (a rule family failing, a summarizer error). */
  internalErrors: string[];
  diagnostics: number;
  ms: number;
  heapUsedMB: number;
}

/**
 * Text to bytes, with U+DC80..U+DCFF standing for the raw bytes 0x80..0xFF (Python's surrogateescape): that
 * is how mutations put invalid UTF-8 and UTF-16 byte-order marks on disk. Other lone surrogates become U+FFFD.
 */
export function encodeFile(text: string): Buffer {
  const bytes: number[] = [];
  let run = '';
  const flush = () => {
    if (run) for (const b of Buffer.from(run, 'utf8')) bytes.push(b);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const pairedLow = i > 0 && c >= 0xdc00 && c <= 0xdfff && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    if (c >= 0xdc80 && c <= 0xdcff && !pairedLow) {
      flush();
      bytes.push(c - 0xdc00);
    } else run += text[i];
  }
  flush();
  return Buffer.from(bytes);
}

/** Errors in a note or message that come from a bug in the core, not from the project's content. */
export const INTERNAL_ERROR = /Maximum call stack size exceeded|Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Invalid array length|Invalid string length|Invalid regular expression|out of memory|internal error/i;

export function writeProject(root: string, files: ProjectFiles): void {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, encodeFile(text));
  }
}

async function run(req: WorkerRequest, internalErrors: string[]): Promise<{ diagnostics: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-fuzz-'));
  let ws: Workspace | undefined;
  try {
    writeProject(root, req.files);
    ws = await Workspace.load({ root });
    let diagnostics = 0;
    for (const d of ws.checkAll().values()) diagnostics += d.length;
    for (const rel of req.edited) {
      if (!(rel in req.files) || !ws.covers(rel)) continue;
      const text = req.files[rel];
      const onDisk = new TextDecoder().decode(encodeFile(text));
      // The exact text (lone surrogates included) as an editor buffer, or an edit of it; then closed.
      await ws.setOverlay(rel, text !== onDisk ? text : text + '\n');
      await ws.setOverlay(rel, null);
    }
    // Only first lines: parsers' messages go on to quote the file, whose text could hold anything.
    const internal = (message: string | undefined) => message !== undefined && INTERNAL_ERROR.test(message.split('\n')[0]);
    for (const n of ws.notes) if (internal(n)) internalErrors.push(`note: ${n}`);
    for (const source of ws.project.allSources()) if (internal(source.summary.unparsed)) internalErrors.push(`${source.path}: ${source.summary.unparsed}`);
    for (const [rel, summary] of ws.project.allProjectFiles()) if (internal(summary.problem)) internalErrors.push(`${rel}: ${summary.problem}`);
    return { diagnostics };
  } finally {
    await ws?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (parentPort) {
  const port = parentPort;
  let current: string[] = [];
  // The core reports a rule family's failure on stderr (and goes on): for the fuzzer that is a finding.
  console.error = (...args: unknown[]) => {
    current.push(format(...args));
  };
  console.warn = console.error;
  port.on('message', (req: WorkerRequest) => {
    const started = process.hrtime.bigint();
    current = [];
    const internalErrors = current;
    const reply = (extra: Partial<WorkerReply>) =>
      port.postMessage({
        id: req.id,
        internalErrors,
        diagnostics: 0,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        heapUsedMB: v8.getHeapStatistics().used_heap_size / 1024 / 1024,
        ...extra,
      } satisfies WorkerReply);
    run(req, internalErrors).then(
      (r) => reply(r),
      (e: unknown) => reply({ crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}
