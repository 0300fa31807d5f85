// The files `--changed-since <ref>` looks at, from git (read-only, through safeGit).
import { GitFailure, runGitSafely } from './safeGit';

/** `--changed-since` was given something git cannot answer. */
export class ChangedSinceError extends Error {}

/** Files changed since `ref` (committed, staged or not) and untracked files that are not ignored. */
export function changedFiles(root: string, ref: string): Set<string> {
  if (ref.startsWith('-')) throw new ChangedSinceError(`--changed-since takes a git ref, not '${ref}'`);
  try {
    const changed = runGitSafely(root, ['diff', '-z', '--name-only', '--relative', ref, '--']);
    const untracked = runGitSafely(root, ['ls-files', '-z', '--others', '--exclude-standard']);
    return new Set((changed + '\0' + untracked).split('\0').filter(Boolean));
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new ChangedSinceError(`--changed-since ${ref}: git failed: ${e.message}`);
  }
}
