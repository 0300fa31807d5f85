// The findings of the last complete run, kept in the cache with a fingerprint of everything they were
// computed from: every file Coherence would read (path and content hash, or why it is unread), the folders it
// could not list, the markers and compiled modules it only notes, the linter configs whose exclude lists it
// follows, and the configuration. A run whose inputs have the same fingerprint would compute the same findings,
// so it prints these instead (issue #17: a warm run with nothing changed reads the files and hashes them, and
// neither parses nor deserializes a summary). What it listed and read is handed to indexing when they differ.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MARKER_FILES, PROJECT_FILE_KINDS, projectFileKind } from '../frameworks/adapters';
import type { Diagnostic } from '../core/types';
import { discoverFiles, type Discovery } from '../workspace/discovery';
import { readProjectFile, saysMissing, type ReadResult } from '../workspace/safeRead';
import { hashText } from './summarizeJob';

export interface LastRun {
  fingerprint: string;
  fileCount: number;
  diagnostics: Diagnostic[];
  /** What the run said on the way (skipped files, configuration problems), said again. */
  notes: string[];
  /** The listed files' stats when their keys were taken (absent when the run did not list the folder first). */
  stats?: FileStats;
}

/**
 * What each listed file's `lstat` said just before it was read, with the key its contents gave: a later listing
 * that finds the same size, times and inode takes the key without reading the file (as git's index and Ruff's
 * cache do). A write changes the change time (`ctime`), which no tool sets back; a file changed within
 * two seconds of the listing may still show the stats it had, so it is read again the next time.
 */
export interface FileStats {
  takenAtMs: number;
  /** `list`: which of the listing's key maps the key is in (a path can be a source and a project file: two keys). */
  files: [listAndPath: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, key: string][];
}

let racyMs = 2000;
/** Test seam: the margin within which a file changed before the listing is not trusted by its stats. */
export function setRacyMarginForTests(ms: number): void {
  racyMs = ms;
}

export interface RunInputs {
  config: unknown;
  /** Python files: path → content key (hash, or `unread:<why>`). */
  sources: Iterable<[string, string]>;
  /** Manifests and run files: path → `kind:<hash>`. */
  projectFiles: Iterable<[string, string]>;
  /** Linter and type-checker configs: path → content key (their exclude lists decide what is reported). */
  lintConfigs: Iterable<[string, string]>;
  opaque: Iterable<string>;
  markers: Iterable<string>;
  unlisted: Iterable<string>;
}

export function fingerprintInputs(inputs: RunInputs): string {
  const lines = [
    `config ${JSON.stringify(inputs.config)}`,
    ...[...inputs.sources].map(([p, k]) => `S ${p}\0${k}`),
    ...[...inputs.projectFiles].map(([p, k]) => `P ${p}\0${k}`),
    ...[...inputs.lintConfigs].map(([p, k]) => `L ${p}\0${k}`),
    ...[...inputs.opaque].map((p) => `O ${p}`),
    ...[...inputs.markers].map((p) => `M ${p}`),
    ...[...inputs.unlisted].map((p) => `U ${p}`),
  ].sort();
  return crypto.createHash('sha256').update(lines.join('\n')).digest('base64url');
}

export const UNREAD_KEY = 'unread:';
/**
 * The key a file's summary is held under: its content hash, or why it is there but unread; a project file's
 * prefixed by its kind. The last-run fingerprint compares these keys, so indexing and listInputs share it.
 */
export function heldKey(kind: string | undefined, content: string | { unread: string }): string {
  const key = typeof content === 'string' ? hashText(content) : `${UNREAD_KEY}${content.unread}`;
  return kind ? `${kind}:${key}` : key;
}

/** The folder as listed and read once: compared with the last run, then handed to indexing (never read twice). */
export interface Listing {
  found: Discovery;
  /** What reading each listed file gave (Python files, project files, linter configs). */
  reads: Map<string, ReadResult>;
  /** Content keys of the files there (a file gone since listing has none). */
  sources: Map<string, string>;
  projectFiles: Map<string, string>;
  lintConfigs: Map<string, string>;
  fingerprint: string;
  /** The stats of the files keyed, for the next listing. */
  stats: FileStats;
  /** How many keys came from `previous` stats, the files unread. */
  keysFromStats: number;
}

/**
 * Lists the folder, reads and hashes every file a check reads, except those whose stats are still `previous`'s.
 * Null when it holds too many Python files.
 */
export async function listInputs(root: string, exclude: string[], config: unknown, maxSourceFiles: number, previous?: FileStats): Promise<Listing | null> {
  const found = await discoverFiles(root, exclude, MARKER_FILES, undefined, PROJECT_FILE_KINDS);
  if (found.sources.length > maxSourceFiles) return null;
  const reads = new Map<string, ReadResult>();
  const stats: FileStats = { takenAtMs: Date.now(), files: [] };
  const before = new Map<string, FileStats['files'][number]>();
  // Read back from a signed file, yet another build's shape must not throw: an entry not of this shape is not used.
  if (previous && Array.isArray(previous.files)) for (const entry of previous.files) if (Array.isArray(entry) && entry.length === 6 && typeof entry[0] === 'string' && typeof entry[5] === 'string') before.set(entry[0], entry);
  const settledBefore = (previous?.takenAtMs ?? 0) - racyMs;
  let keysFromStats = 0;
  const keyed = (list: string, paths: string[], kind: (rel: string) => string | undefined): Map<string, string> => {
    const keys = new Map<string, string>();
    for (const rel of paths) {
      const absolute = path.join(root, rel);
      const entryName = `${list} ${rel}`;
      // A path already read for another list is keyed from that read (its stats are not recorded twice).
      const stat = reads.has(rel) ? undefined : statOrUndefined(absolute);
      const was = stat && before.get(entryName);
      if (stat && was && was[1] === stat.size && was[2] === stat.mtimeMs && was[3] === stat.ctimeMs && was[4] === stat.ino && stat.mtimeMs < settledBefore && stat.ctimeMs < settledBefore) {
        keys.set(rel, was[5]);
        stats.files.push(was);
        keysFromStats++;
        continue;
      }
      const r = reads.get(rel) ?? readProjectFile([root], absolute);
      reads.set(rel, r);
      let key: string | undefined;
      if ('skipped' in r) {
        if (!saysMissing(r.skipped)) key = heldKey(kind(rel), { unread: r.skipped });
      } else key = heldKey(kind(rel), r.text);
      if (key === undefined) continue;
      keys.set(rel, key);
      if (stat) stats.files.push([entryName, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, key]);
    }
    return keys;
  };
  const sources = keyed('S', found.sources, () => undefined);
  const projectFiles = keyed('P', found.projectFiles, (rel) => projectFileKind(rel) ?? undefined);
  const lintConfigs = keyed('L', found.lintConfigs, () => undefined);
  const fingerprint = fingerprintInputs({ config, sources, projectFiles, lintConfigs, opaque: found.opaque, markers: found.markers, unlisted: found.unlisted });
  return { found, reads, sources, projectFiles, lintConfigs, fingerprint, stats, keysFromStats };
}

/** A regular file's own stats; undefined for anything else, so symbolic links are read every time (their target's stats are not theirs). */
function statOrUndefined(absolute: string): fs.Stats | undefined {
  try {
    const stat = fs.lstatSync(absolute);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}
