// The one place that reads a project file from disk. A workspace is untrusted: a file may be a symlink
// to a secret outside it, a FIFO or device that blocks forever, or far too large. So every path is
// resolved first and refused when it lands outside the workspace roots or in /proc, /dev or /sys; only
// regular files are opened (checked before opening, and again on the open descriptor, opened
// non-blocking), and never more than MAX_FILE_BYTES are read.
import * as fs from 'fs';
import * as path from 'path';

/** Files larger than this are not read (generated or data files posing as code). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Why a file was not read; `missing` is the only one that is not worth a note (the file is gone). */
export type SkipReason = 'missing' | 'outside-workspace' | 'special-file' | 'too-large' | 'binary' | 'unreadable';

export type ReadResult = { text: string } | { skipped: string; reason: SkipReason };

const SYSTEM_FOLDERS = ['/proc', '/dev', '/sys'];

/** Test seam: replaces the bytes read from a (checked, regular) file, or throws an error in their place. */
let readHook: ((absolutePath: string) => Buffer | undefined) | undefined;
export function setReadHookForTests(hook: typeof readHook): void {
  readHook = hook;
}

function isInside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Real paths of workspace roots (asked for every file read; a root moving under a live session is not followed). */
const realRoots = new Map<string, string>();
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(root);
    } catch {
      real = path.resolve(root);
    }
    if (realRoots.size > 64) realRoots.clear();
    realRoots.set(root, real);
  }
  return real;
}

function skip(reason: SkipReason, skipped: string): ReadResult {
  return { skipped, reason };
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** A path that is not there (ENOENT, or ENOTDIR: a folder on the way is now a file) is missing, not unreadable. */
function failed(e: unknown): ReadResult {
  const code = errorCode(e);
  return code === 'ENOENT' || code === 'ENOTDIR' ? skip('missing', `unreadable: ${code}`) : skip('unreadable', `unreadable: ${code}`);
}

/** Whether a `skipped` message (as passed on by a worker, without its reason) says the file is not there. */
export function saysMissing(skipped: string): boolean {
  return skipped === 'unreadable: ENOENT' || skipped === 'unreadable: ENOTDIR';
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads a project file as text (invalid UTF-8 decodes with replacement characters). `roots` are the
 * workspace folders the file may live in once every symlink is resolved.
 */
export function readProjectFile(roots: readonly string[], absolutePath: string): ReadResult {
  let real: string;
  try {
    real = fs.realpathSync.native(absolutePath);
  } catch (e) {
    return failed(e);
  }
  if (SYSTEM_FOLDERS.some((s) => isInside(s, real))) return skip('outside-workspace', `not read: it resolves to ${real}, a system path`);
  if (!roots.some((r) => isInside(realRoot(r), real))) return skip('outside-workspace', `not read: it resolves to ${real}, outside the workspace`);
  let fd: number | undefined;
  try {
    const stat = fs.statSync(real);
    if (!stat.isFile()) return skip('special-file', `not read: ${kindOf(stat)}`);
    if (stat.size > MAX_FILE_BYTES) return skip('too-large', `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(stat.size / 1024 / 1024).toFixed(1)} MB)`);
    // Non-blocking and not through a symlink swapped in since realpath; the descriptor is checked again.
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) return skip('special-file', 'not read: it changed while being opened');
    const buffer = readHook?.(absolutePath) ?? readAtMost(fd, stat.size, MAX_FILE_BYTES + 1);
    if (buffer.length > MAX_FILE_BYTES) return skip('too-large', `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    if (buffer.subarray(0, 8192).includes(0)) return skip('binary', 'binary content (NUL bytes)');
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(buffer) };
  } catch (e) {
    return failed(e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads up to `limit` bytes: the size stat gave (plus one, to see growth) in one read, then on until EOF. */
function readAtMost(fd: number, expected: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(total === 0 ? expected + 1 : 64 * 1024, limit - total));
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (n < chunk.length) break; // a short read of a regular file is its end
  }
  return Buffer.concat(chunks, total);
}

/** Reads files of one workspace folder by relative path: their text, or undefined when not read. */
export function textReader(root: string): (rel: string) => string | undefined {
  return (rel) => {
    const r = readProjectFile([root], path.join(root, rel));
    return 'text' in r ? r.text : undefined;
  };
}
