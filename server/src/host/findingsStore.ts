// Each file's findings of the last complete run and what they were computed from, so that a run after edits
// re-checks only the changed files and those whose checks read something the change altered (issue #17).
// A file's entry holds the key of its contents (as indexed) and the dependency keys its check read: the same
// records the editor's incremental path keeps in memory (Project.recordDependencies). Everything else a check
// reads that is not a file checked one by one (configuration, folders not listed, compiled modules, markers,
// linter configs, virtual environments) is one project-wide key: when it differs, everything is checked.
import * as crypto from 'crypto';
import type { Diagnostic } from '../core/types';
import type { Listing } from './lastRun';

/** A file added, removed or changed since the stored run (the shape of Workspace's FileChange). */
export interface ChangeSinceRun {
  path: string;
  kind: 'created' | 'changed' | 'deleted';
}

export interface StoredFile {
  /** The key its Python summary was held under (a content hash or `unread:<why>`), when it is a Python file. */
  source?: string;
  /** The key its project-file summary was held under (`kind:hash`), when it is a manifest or run file. */
  project?: string;
  diagnostics: Diagnostic[];
  /** The dependency keys its last check read. */
  dependencies: string[];
}

export interface FindingsStore {
  /** The fingerprint of the last run these findings belong to (LastRun.fingerprint). */
  fingerprint: string;
  projectWide: string;
  files: [string, StoredFile][];
}

export interface ProjectWideInputs {
  config: unknown;
  opaque: Iterable<string>;
  markers: Iterable<string>;
  unlisted: Iterable<string>;
  lintConfigs: Iterable<[string, string]>;
  /** What listing said (virtual environments skipped, symlinks not followed): what is excluded follows from it. */
  discoveryNotes: Iterable<string>;
}

export function projectWideKey(inputs: ProjectWideInputs): string {
  const sorted = <T>(items: Iterable<T>) => [...items].map((x) => JSON.stringify(x)).sort();
  const parts = [inputs.config, sorted(inputs.opaque), sorted(inputs.markers), sorted(inputs.unlisted), sorted(inputs.lintConfigs), sorted(inputs.discoveryNotes)];
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/** Whether a value read back from the cache has the store's shape (a signed file from an older build may not). */
export function isFindingsStore(value: unknown): value is FindingsStore {
  const v = value as FindingsStore | null;
  return (
    !!v &&
    typeof v.fingerprint === 'string' &&
    typeof v.projectWide === 'string' &&
    Array.isArray(v.files) &&
    v.files.every((e) => Array.isArray(e) && typeof e[0] === 'string' && !!e[1] && Array.isArray(e[1].diagnostics) && Array.isArray(e[1].dependencies))
  );
}

/** The files added, removed or changed between the stored run and the listing (Python and project files). */
export function changesSince(stored: ReadonlyMap<string, StoredFile>, listing: Listing): ChangeSinceRun[] {
  const changes: ChangeSinceRun[] = [];
  const keyNow = (rel: string) => ({ source: listing.sources.get(rel), project: listing.projectFiles.get(rel) });
  for (const [rel, before] of stored) {
    const now = keyNow(rel);
    if (now.source === undefined && now.project === undefined) changes.push({ path: rel, kind: 'deleted' });
    else if (now.source !== before.source || now.project !== before.project) changes.push({ path: rel, kind: 'changed' });
  }
  for (const rel of new Set([...listing.sources.keys(), ...listing.projectFiles.keys()])) if (!stored.has(rel)) changes.push({ path: rel, kind: 'created' });
  return changes;
}
