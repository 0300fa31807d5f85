// Delta debugging (ddmin) of a failing input: first the files, then each file's lines, then its characters,
// keeping every step that still fails the same way. Bounded by a number of runs and a time budget.
import type { ProjectFiles } from './corpus';

export interface ShrinkBudget {
  maxRuns: number;
  maxMs: number;
}

/** Whether a candidate still fails the same way. */
export type StillFails = (files: ProjectFiles) => Promise<boolean>;

/** ddmin over a list: the smallest sublist (1-minimal within the budget) for which `test` holds. */
async function ddmin<T>(items: T[], test: (kept: T[]) => Promise<boolean>, outOfBudget: () => boolean): Promise<T[]> {
  let current = items;
  let n = 2;
  while (current.length >= 2 && !outOfBudget()) {
    const chunk = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length && !outOfBudget(); start += chunk) {
      // The complement of one chunk (removing it).
      const complement = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (complement.length && (await test(complement))) {
        current = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

/** Past this size a file is shrunk by lines only (by characters it would take too many runs). */
const MAX_CHARS_SHRUNK = 300_000;

/**
 * Returns the smallest input found, and the last accepted steps before it (largest first), for when the
 * smallest does not fail again on its own.
 */
export async function shrink(files: ProjectFiles, stillFails: StillFails, budget: ShrinkBudget): Promise<{ files: ProjectFiles; earlier: ProjectFiles[]; runs: number }> {
  const started = Date.now();
  let runs = 0;
  const accepted: ProjectFiles[] = [];
  const outOfBudget = () => runs >= budget.maxRuns || Date.now() - started > budget.maxMs;
  const test = async (candidate: ProjectFiles) => {
    runs++;
    const fails = await stillFails(candidate);
    // Kept to fall back on: a failure near a threshold (stack depth, deadline) may not repeat.
    if (fails) accepted.push(candidate);
    return fails;
  };
  let best = { ...files };
  // 1. Files.
  const keptPaths = await ddmin(Object.keys(best).sort(), (paths) => test(Object.fromEntries(paths.map((p) => [p, best[p]]))), outOfBudget);
  best = Object.fromEntries(keptPaths.map((p) => [p, best[p]]));
  // 2. Lines, then characters, of each file, largest first; emptying a file is tried first.
  for (const p of Object.keys(best).sort((a, b) => best[b].length - best[a].length)) {
    if (outOfBudget()) break;
    if (best[p].length && (await test({ ...best, [p]: '' }))) {
      best = { ...best, [p]: '' };
      continue;
    }
    const lines = await ddmin(best[p].split('\n'), (kept) => test({ ...best, [p]: kept.join('\n') }), outOfBudget);
    best = { ...best, [p]: lines.join('\n') };
    if (best[p].length <= MAX_CHARS_SHRUNK) {
      const chars = await ddmin([...best[p]], (kept) => test({ ...best, [p]: kept.join('') }), outOfBudget);
      best = { ...best, [p]: chars.join('') };
    }
  }
  return { files: best, earlier: accepted.filter((a) => a !== best), runs };
}
