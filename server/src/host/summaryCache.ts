// A persistent cache of per-file summaries (Python files and project files), so that a second run parses only
// what changed (issue #17). Summaries are plain data keyed by content hash; the cache is one file, written
// atomically (a new file renamed over the old one), so a crash mid-write leaves the previous cache or none.
//
// The cache lives inside the workspace (`.coherence_cache/`), which is untrusted: anyone who can write there
// (an agent, a commit) could plant summaries that make findings disappear or crash a check. So the file is
// signed with a key kept outside every workspace (in the user's cache folder); a file that does not verify —
// planted, truncated, garbage, from another version of Coherence — is ignored with one line in the log and
// replaced. The folder and the file are never followed through a symlink.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ProjectFileSummary } from '../index/projectFileSummary';
import type { FileSummary } from '../syntax/summary';
import { isFindingsStore, type FindingsStore } from './findingsStore';
import type { LastRun } from './lastRun';
import { decodeSummaries, encodeSummaries } from './summariesFile';
import { SUMMARIES_FILE } from './cacheLayout';
import { SIGNATURE_BYTES, signatureOf, verifies } from './cacheSignature';

export { CACHE_FOLDER } from './cacheLayout';
/** Past this the cache is not written (nor read): a bound on disk and memory, about 40 times netbox's. */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;
/** Summaries added since summaries.bin was written (an edit's run writes these, not the whole cache again). */
const ADDED_FILE = 'summaries-added.bin';
/** summaries.bin is written again when more than this share of the entries are added since, or stale. */
const REWRITE_SHARE = 1 / 8;
const LAST_RUN_FILE = 'last-run.bin';
const FINDINGS_FILE = 'findings.bin';

export interface CachedSummaries {
  sources: Map<string, FileSummary>;
  projectFiles: Map<string, ProjectFileSummary>;
}

const empty = (): CachedSummaries => ({ sources: new Map(), projectFiles: new Map() });

interface AddedFile {
  baseId: string;
  sources: [string, FileSummary][];
  projectFiles: [string, ProjectFileSummary][];
}

/**
 * What the summaries depend on: the code that makes them and the grammar. Any change to either (a new build,
 * another version) gives another identity, and the cache of the old one is not used.
 */
let identity: string | undefined;
export function codeIdentity(): string {
  if (identity) return identity;
  const hash = crypto.createHash('sha256');
  // This file is in server/out/host/ (compiled) or dist/ (the bundles): hash every script of that build.
  const codeRoot = path.basename(__dirname) === 'host' ? path.dirname(__dirname) : __dirname;
  const scripts: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) scripts.push(p);
    }
  };
  walk(codeRoot);
  for (const p of scripts.sort()) hash.update(path.relative(codeRoot, p)).update(fs.readFileSync(p));
  const grammar = findUp(__dirname, path.join('grammars', 'tree-sitter-python.wasm'));
  if (grammar) hash.update(fs.readFileSync(grammar));
  identity = hash.digest('base64url');
  return identity;
}

function findUp(from: string, relative: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, relative))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) return null;
  }
}

/** The signing key: random, made once per user, kept outside every workspace. */
function signingKey(keyDir: string): Buffer {
  const file = path.join(keyDir, 'cache-key');
  try {
    const key = fs.readFileSync(file);
    if (key.length === 32) return key;
  } catch {
    // made below
  }
  const key = crypto.randomBytes(32);
  try {
    fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, key, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
    // Two processes starting at once: both keep whichever key won.
    return fs.readFileSync(file);
  } catch {
    return key; // not kept: this process's cache verifies only for itself
  }
}

export function defaultKeyDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'coherence');
}

/** Writes the chunks in order, a batch per system call (writev writes a regular file's whole batch, but need not). */
function writeAll(fd: number, chunks: Buffer[]): void {
  const BATCH = 1024; // IOV_MAX on Linux
  for (let rest = chunks; rest.length > 0; ) rest = unwritten(rest, fs.writevSync(fd, rest.slice(0, BATCH)));
}

/** What of `chunks` is left after the first `written` bytes (a write may stop short): both writes go on from there. */
export function unwritten(chunks: Buffer[], written: number): Buffer[] {
  let i = 0;
  while (i < chunks.length && written >= chunks[i].length) written -= chunks[i++].length;
  if (i === chunks.length) return [];
  return [chunks[i].subarray(written), ...chunks.slice(i + 1)];
}

export interface SummaryCacheOptions {
  /** The cache folder (default: `<root>/.coherence_cache`). */
  dir: string;
  log?: (message: string) => void;
  /** Where the signing key is kept (default: the user's cache folder). */
  keyDir?: string;
  /** Overrides the code identity (tests). */
  identity?: string;
  /**
   * Write summaries.bin in the background: its bytes go to the disk on libuv's thread while this thread goes on
   * (the CLI checks meanwhile, on a core the summarizer workers no longer use); `settled()` waits for it.
   */
  writeInBackground?: boolean;
}

export class SummaryCache {
  private readonly log: (message: string) => void;
  private readonly key: Buffer;
  private readonly identity: string;

  constructor(private readonly options: SummaryCacheOptions) {
    this.log = options.log ?? (() => {});
    this.key = signingKey(options.keyDir ?? defaultKeyDir());
    this.identity = options.identity ?? codeIdentity();
  }

  /** What summaries.bin held when this cache last read or wrote it (what save need not write again). */
  private written: { id: string; sources: Set<string>; projectFiles: Set<string> } | null = null;

  /** A write of summaries.bin still under way (writeInBackground); a later save waits for it. */
  private pendingWrite: Promise<void> | null = null;

  /** Resolves once every write begun so far is on disk (or given up, with its line in the log). */
  async settled(): Promise<void> {
    while (this.pendingWrite) await this.pendingWrite;
  }

  /** The cached summaries, or none (with one line in the log) when the file is missing, unusable or foreign. */
  load(): CachedSummaries {
    const body = this.readSignedBytes(SUMMARIES_FILE);
    const base = body && decodeSummaries(body);
    if (!base || 'unusable' in base) {
      if (base) this.log(`cache ${path.join(this.options.dir, SUMMARIES_FILE)} ignored (${base.unusable}): it is rebuilt`);
      this.written = null;
      return empty();
    }
    const loaded = { sources: base.sources, projectFiles: base.projectFiles };
    this.written = { id: base.id, sources: new Set(loaded.sources.keys()), projectFiles: new Set(loaded.projectFiles.keys()) };
    const added = this.readSigned(ADDED_FILE) as AddedFile | null;
    if (added?.baseId === base.id) {
      for (const [key, summary] of added.sources) loaded.sources.set(key, summary);
      for (const [key, summary] of added.projectFiles) loaded.projectFiles.set(key, summary);
    }
    return loaded;
  }

  /**
   * Keeps the summaries in use now; never throws. When summaries.bin (as last loaded or written) already holds
   * nearly all of them, only those it lacks are written, to a small file beside it: serializing a large
   * project's summaries again after each edit would cost more than the edit's check. Otherwise summaries.bin is
   * written again, and stale entries are dropped by not being written.
   */
  save(current: CachedSummaries): void {
    if (this.pendingWrite) {
      // What it writes depends on what the pending one wrote (this.written).
      const after = this.pendingWrite.then(() => {
        if (this.pendingWrite === after) this.pendingWrite = null;
        this.save(current);
      });
      this.pendingWrite = after;
      return;
    }
    const written = this.written;
    if (written) {
      const lacking = <V>(entries: Map<string, V>, held: Set<string>) => [...entries].filter(([key]) => !held.has(key));
      const sources = lacking(current.sources, written.sources);
      const projectFiles = lacking(current.projectFiles, written.projectFiles);
      let stale = 0;
      for (const key of written.sources) if (!current.sources.has(key)) stale++;
      for (const key of written.projectFiles) if (!current.projectFiles.has(key)) stale++;
      const bound = (current.sources.size + current.projectFiles.size) * REWRITE_SHARE;
      if (sources.length + projectFiles.length <= bound && stale <= bound) {
        this.writeSigned(ADDED_FILE, { baseId: written.id, sources, projectFiles } satisfies AddedFile);
        return;
      }
    }
    const id = crypto.randomBytes(12).toString('base64url');
    let body: Buffer[];
    try {
      body = encodeSummaries(id, current.sources, current.projectFiles);
    } catch (e) {
      this.log(`cache not written: ${(e as Error).message}`);
      return;
    }
    const onWritten = () => {
      this.written = { id, sources: new Set(current.sources.keys()), projectFiles: new Set(current.projectFiles.keys()) };
      fs.rmSync(path.join(this.options.dir, ADDED_FILE), { force: true });
    };
    if (!this.options.writeInBackground) {
      if (this.writeSignedBytes(SUMMARIES_FILE, body)) onWritten();
      return;
    }
    const pending: Promise<void> = this.writeSignedBytesInBackground(SUMMARIES_FILE, body).then((ok) => {
      if (this.pendingWrite === pending) this.pendingWrite = null;
      if (ok) onWritten();
    });
    this.pendingWrite = pending;
  }

  /** The findings of the last complete run (lastRun.ts), or null. */
  loadLastRun(): LastRun | null {
    const run = this.readSigned(LAST_RUN_FILE) as LastRun | null;
    return run && typeof run.fingerprint === 'string' && Array.isArray(run.diagnostics) ? run : null;
  }

  /**
   * Keeps `run`. Without stats of its own (it did not list the folder first: a cold run, the language server), the
   * kept run's stats go on: each pairs a file's stats with the key read after them, true whichever run took them.
   */
  saveLastRun(run: LastRun): void {
    const stats = run.stats ?? this.loadLastRun()?.stats;
    this.writeSigned(LAST_RUN_FILE, stats ? { ...run, stats } : run);
  }

  /**
   * Each file's findings of the last run and what they read (findingsStore.ts), or null. Kept apart from the
   * last run so that a run with nothing changed does not deserialize them.
   */
  loadFindings(): FindingsStore | null {
    const store = this.readSigned(FINDINGS_FILE);
    if (store === null) return null;
    if (isFindingsStore(store)) return store;
    this.log(`cache ${path.join(this.options.dir, FINDINGS_FILE)} ignored (not a findings store): everything is checked`);
    return null;
  }

  saveFindings(store: FindingsStore): void {
    this.writeSigned(FINDINGS_FILE, store);
  }

  /** A signed JSON file's contents, or null (with one line in the log unless it is simply not there). */
  private readSigned(name: string): unknown {
    const body = this.readSignedBytes(name);
    if (!body) return null;
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (e) {
      this.log(`cache ${path.join(this.options.dir, name)} ignored (${(e as Error).message}): it is rebuilt`);
      return null;
    }
  }

  /** A signed file's body (without its signature), or null (with one line in the log unless it is simply not there). */
  private readSignedBytes(name: string): Buffer | null {
    const file = path.join(this.options.dir, name);
    let data: Buffer;
    try {
      const st = fs.lstatSync(file);
      if (!st.isFile() || st.size > MAX_CACHE_BYTES || !this.folderIsReal()) throw new Error('not a regular file in a real folder');
      data = fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`cache ${file} not read (${(e as Error).message}): it is rebuilt`);
      return null;
    }
    const body = data.subarray(SIGNATURE_BYTES);
    if (!verifies(this.key, this.identity, data.subarray(0, SIGNATURE_BYTES), body)) {
      this.log(`cache ${file} ignored (written by another build or user, or damaged): it is rebuilt`);
      return null;
    }
    return body;
  }

  /** Whether it was written. */
  private writeSigned(name: string, value: unknown): boolean {
    // JSON, not v8.serialize: the values are plain data, and JSON.parse reads them in half the time v8.deserialize takes.
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(value), 'utf8');
    } catch (e) {
      this.log(`cache not written: ${(e as Error).message}`);
      return false;
    }
    return this.writeSignedBytes(name, [body]);
  }

  /** Writes the chunks one after the other as one signed file. */
  private writeSignedBytes(name: string, body: Buffer[]): boolean {
    const opened = this.openSignedWrite(name, body);
    if (!opened) return false;
    try {
      try {
        writeAll(opened.fd, [opened.signature, ...body]);
      } finally {
        fs.closeSync(opened.fd);
      }
      return this.finishSignedWrite(name, opened.temporary);
    } catch (e) {
      this.log(`cache not written: ${(e as Error).message}`);
      return false;
    }
  }

  /**
   * writeSignedBytes with the bytes written on libuv's thread: the file is opened and signed here, then its chunks
   * go in one request (libuv writes them all; chunk by chunk, each next write would wait for this thread).
   */
  private writeSignedBytesInBackground(name: string, body: Buffer[]): Promise<boolean> {
    const opened = this.openSignedWrite(name, body);
    if (!opened) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const fail = (e: Error) => {
        fs.close(opened.fd, () => fs.rm(opened.temporary, { force: true }, () => resolve(false)));
        this.log(`cache not written: ${e.message}`);
      };
      const writeAllOf = (chunks: Buffer[]) =>
        fs.writev(opened.fd, chunks, (e, written) => {
          if (e) return fail(e);
          const rest = unwritten(chunks, written);
          if (rest.length) return writeAllOf(rest);
          fs.close(opened.fd, (closeError) => (closeError ? fail(closeError) : resolve(this.finishSignedWrite(name, opened.temporary))));
        });
      writeAllOf([opened.signature, ...body]);
    });
  }

  /** The signed file's temporary twin, opened, and the signature of `body`; null (logged) when it cannot be written. */
  private openSignedWrite(name: string, body: Buffer[]): { fd: number; temporary: string; signature: Buffer } | null {
    try {
      const length = body.reduce((n, chunk) => n + chunk.length, 0);
      if (length > MAX_CACHE_BYTES) {
        this.log(`cache not written: ${Math.round(length / 1024 / 1024)} MB is over the ${MAX_CACHE_BYTES / 1024 / 1024} MB bound`);
        return null;
      }
      fs.mkdirSync(this.options.dir, { recursive: true });
      if (!this.folderIsReal()) throw new Error(`${this.options.dir} is not a real folder`);
      const ignore = path.join(this.options.dir, '.gitignore');
      if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# made by Coherence: its cache, never committed\n*\n', { flag: 'wx' });
      const signature = signatureOf(this.key, this.identity, body);
      const temporary = path.join(this.options.dir, `${name}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
      return { fd: fs.openSync(temporary, 'wx', 0o644), temporary, signature };
    } catch (e) {
      this.log(`cache not written: ${(e as Error).message}`);
      return null;
    }
  }

  /** Puts the written temporary file in place; never throws. */
  private finishSignedWrite(name: string, temporary: string): boolean {
    try {
      // rename replaces the name, never a symlink's target.
      fs.renameSync(temporary, path.join(this.options.dir, name));
      this.removeAbandonedWrites();
      return true;
    } catch (e) {
      this.log(`cache not written: ${(e as Error).message}`);
      return false;
    }
  }

  /** Temporary files of runs that died mid-write (an hour old: a slow run may still be writing its own). */
  private removeAbandonedWrites(): void {
    const hourAgo = Date.now() - 3600_000;
    for (const name of fs.readdirSync(this.options.dir)) {
      if (!name.endsWith('.tmp')) continue;
      const p = path.join(this.options.dir, name);
      if (fs.lstatSync(p).mtimeMs < hourAgo) fs.rmSync(p, { force: true });
    }
  }

  private folderIsReal(): boolean {
    try {
      return fs.lstatSync(this.options.dir).isDirectory();
    } catch {
      return false;
    }
  }
}
