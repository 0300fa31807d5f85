// Did-you-mean: the closest candidate by edit distance, only when it is plausibly a typo.
import { distance } from 'fastest-levenshtein';

/** Answers by candidate collection that never changes (see sharedCandidates), then by name. */
const answers = new WeakMap<Iterable<string>, Map<string, string | null>>();

/**
 * Marks `candidates` as never changing from now on: nearestName then remembers its answers for them (an edit of a
 * module imported by 500 files asks for the same name among that module's names 500 times). Returns it.
 */
export function sharedCandidates<T extends Iterable<string>>(candidates: T): T {
  if (!answers.has(candidates)) answers.set(candidates, new Map());
  return candidates;
}

/** The candidate nearest to `name`, or null when none is close enough to be a typo. */
export function nearestName(name: string, candidates: Iterable<string>): string | null {
  const known = answers.get(candidates);
  if (!known) return computeNearest(name, candidates);
  let answer = known.get(name);
  if (answer === undefined) known.set(name, (answer = computeNearest(name, candidates)));
  return answer;
}

function computeNearest(name: string, candidates: Iterable<string>): string | null {
  // Two edits from five letters on (a swapped pair, `VALEU`), then a third of the name.
  const limit = name.length <= 4 ? 1 : Math.max(2, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    // Case-only differences count as one edit: `userservice` → `UserService`.
    const d = c.toLowerCase() === lower ? 1 : distance(name, c);
    if (d < bestDistance || (d === bestDistance && best !== null && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== null && bestDistance <= limit && bestDistance < name.length) return best;
  // An abbreviation of exactly one candidate (`OrderRepo` for `OrderRepository`).
  if (name.length >= 4) {
    const extensions = [...candidates].filter((c) => c !== name && c.startsWith(name));
    if (extensions.length === 1) return extensions[0];
  }
  return null;
}
