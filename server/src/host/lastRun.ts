// The findings of the last complete run, kept in the cache with a fingerprint of everything they were
// computed from: every file Coherence would read (path and content hash, or why it is unread), the folders it
// could not list, the markers and compiled modules it only notes, and the configuration. A run whose inputs have
// the same fingerprint would compute the same findings, so it prints these instead (issue #17: a warm run with
// nothing changed reads the files and hashes them, and neither parses nor deserializes a summary).
import * as crypto from 'crypto';
import type { Diagnostic } from '../core/types';

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
  opaque: Iterable<string>;
  markers: Iterable<string>;
  unlisted: Iterable<string>;
}

export function fingerprintInputs(inputs: RunInputs): string {
  const lines = [
    `config ${JSON.stringify(inputs.config)}`,
    ...[...inputs.sources].map(([p, k]) => `S ${p}\0${k}`),
    ...[...inputs.projectFiles].map(([p, k]) => `P ${p}\0${k}`),
    ...[...inputs.opaque].map((p) => `O ${p}`),
    ...[...inputs.markers].map((p) => `M ${p}`),
    ...[...inputs.unlisted].map((p) => `U ${p}`),
  ].sort();
  return crypto.createHash('sha256').update(lines.join('\n')).digest('base64url');
}
