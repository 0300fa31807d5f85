// `coherence check --changed-since <ref>`: what a change introduced, anywhere. The project is checked as it
// is, then, in the same index, as it was at <ref> — the changed files' contents at <ref> are read from git's
// objects and shown in place of the disk's, as an editor's unsaved buffers are — and the two sets of findings
// are compared by fingerprint (findingMatch.ts). A break the change causes in a file it did not touch (the
// importer of a renamed function) is new; a finding that was there before is not; one that went is resolved.
import type { Diagnostic } from '../core/types';
import type { Workspace } from '../host/workspace';
import { compareFindings, fingerprintAll, type Fingerprinted } from './findingMatch';
import { GitFailure, readFilesAtRef, runGitSafely } from './safeGit';

export class ChangedSinceError extends Error {}

/** Files changed since `ref` (committed, staged or not), including deleted ones, and untracked files that are not ignored. */
export function changedFiles(root: string, ref: string): string[] {
  if (ref.startsWith('-') || /[\s\0]/.test(ref)) throw new ChangedSinceError(`--changed-since takes a git ref, not '${ref}'`);
  try {
    // Resolving first gives one clear message for a ref that does not exist.
    runGitSafely(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    const changed = runGitSafely(root, ['diff', '-z', '--name-only', '--no-renames', '--relative', ref, '--']);
    const untracked = runGitSafely(root, ['ls-files', '-z', '--others', '--exclude-standard']);
    return [...new Set((changed + '\0' + untracked).split('\0').filter(Boolean))].sort();
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new ChangedSinceError(`--changed-since ${ref}: ${e.message || 'not a commit of this repository'}`);
  }
}

export interface ChangeReport {
  /** Findings the change introduced, in any file. */
  added: Diagnostic[];
  /** Findings that were there at the ref and still are. */
  unchanged: Diagnostic[];
  /** Findings at the ref that the change removed (their positions are those at the ref). */
  resolved: Diagnostic[];
  changedFiles: number;
}

/**
 * Compares the workspace's findings (`now`, already checked) with those of the project at `ref`. The
 * workspace shows the old versions only while it checks them and shows the disk again before returning.
 */
export async function compareWithRef(ws: Workspace, root: string, ref: string, now: readonly Diagnostic[], textNow: (file: string) => string | undefined): Promise<ChangeReport> {
  const paths = changedFiles(root, ref).filter((p) => ws.covers(p));
  let old: Map<string, string | null | undefined>;
  try {
    old = readFilesAtRef(root, ref, paths);
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new ChangedSinceError(`--changed-since ${ref}: ${e.message}`);
  }
  // A file git has but that could not be read (too large, binary) stays as it is now in both runs.
  const shown = new Map([...old].filter(([, text]) => text !== undefined));
  const nowPrints = fingerprintAll(now, textNow);
  let beforePrints: Fingerprinted[];
  try {
    const before = [...(await ws.showVersions(shown)).values()].flat();
    beforePrints = fingerprintAll(before, (file) => (shown.has(file) ? (shown.get(file) ?? undefined) : textNow(file)));
  } finally {
    await ws.showVersions(new Map([...shown.keys()].map((p) => [p, undefined])));
  }
  const { added, unchanged, resolved } = compareFindings(beforePrints, nowPrints);
  const plain = (list: Fingerprinted[]) => list.map((f) => f.diagnostic);
  return { added: plain(added), unchanged: plain(unchanged), resolved: plain(resolved), changedFiles: paths.length };
}
