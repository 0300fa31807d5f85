// The findings of the last complete run, kept in the cache with a fingerprint of everything they were
// computed from: every file Coherence would read (path and content hash, or why it is unread), the folders it
// could not list, the markers and compiled modules it only notes, the linter configs whose exclude lists it
// follows, and the configuration. A run whose inputs have the same fingerprint would compute the same findings,
// so it prints these instead (issue #17: a warm run with nothing changed reads the files and hashes them, and
// neither parses nor deserializes a summary). What it listed and read is handed to indexing when they differ.
import * as crypto from 'crypto';
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
}

/** Lists the folder, reads and hashes every file a check reads. Null when it holds too many Python files. */
export async function listInputs(root: string, exclude: string[], config: unknown, maxSourceFiles: number): Promise<Listing | null> {
  const found = await discoverFiles(root, exclude, MARKER_FILES, undefined, PROJECT_FILE_KINDS);
  if (found.sources.length > maxSourceFiles) return null;
  const reads = new Map<string, ReadResult>();
  const keyed = (paths: string[], kind: (rel: string) => string | undefined): Map<string, string> => {
    const keys = new Map<string, string>();
    for (const rel of paths) {
      const r = reads.get(rel) ?? readProjectFile([root], path.join(root, rel));
      reads.set(rel, r);
      if ('skipped' in r) {
        if (!saysMissing(r.skipped)) keys.set(rel, heldKey(kind(rel), { unread: r.skipped }));
      } else keys.set(rel, heldKey(kind(rel), r.text));
    }
    return keys;
  };
  const sources = keyed(found.sources, () => undefined);
  const projectFiles = keyed(found.projectFiles, (rel) => projectFileKind(rel) ?? undefined);
  const lintConfigs = keyed(found.lintConfigs, () => undefined);
  const fingerprint = fingerprintInputs({ config, sources, projectFiles, lintConfigs, opaque: found.opaque, markers: found.markers, unlisted: found.unlisted });
  return { found, reads, sources, projectFiles, lintConfigs, fingerprint };
}
