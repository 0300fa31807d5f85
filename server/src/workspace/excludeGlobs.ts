// User exclude globs (`[tool.coherence] exclude`, the `coherence.exclude` setting, `--exclude`) come from an
// untrusted workspace. Glob libraries expand braces into one pattern per combination (`{a,b}` twenty times:
// a million regexes) or per number of a range, and compile wildcards into backtracking regexes (a few `*`
// around a middle `**` take minutes on a deep path). So each glob is checked against bounds first; a glob
// past them is reported as a configuration problem and left out, and the others still apply.
import picomatch from 'picomatch';

export const MAX_GLOB_LENGTH = 256;
/** Patterns one glob may expand to (`{a,b}{c,d}` is 4, `{1..10}` is 10). */
export const MAX_BRACE_EXPANSIONS = 64;
/**
 * Runs of `*` besides a leading `**\/` and a trailing `/**`: two keep matching a path of 2,000 folders
 * within tens of milliseconds in the worst case; a third makes it cubic (seconds to minutes).
 */
export const MAX_WILDCARD_RUNS = 2;
export const MAX_EXCLUDES = 256;

/** Why a user glob cannot be used, or null when it is fine. */
export function excludeGlobProblem(glob: unknown): string | null {
  if (typeof glob !== 'string') return `${JSON.stringify(glob) ?? String(glob)} is not a string`;
  const shown = JSON.stringify(glob.length > 60 ? `${glob.slice(0, 60)}…` : glob);
  if (glob.trim() === '') return `${shown} is empty`;
  if (glob.length > MAX_GLOB_LENGTH) return `${shown} is longer than ${MAX_GLOB_LENGTH} characters`;
  if (glob.startsWith('!')) return `${shown}: negated globs are not supported in exclude`;
  if (/[?*+@!]\(/.test(glob)) return `${shown}: extended globs like +(a|b) are not supported in exclude`;
  const expansions = braceExpansions(glob, MAX_BRACE_EXPANSIONS);
  if (expansions > MAX_BRACE_EXPANSIONS) return `${shown}: its braces expand to more than ${MAX_BRACE_EXPANSIONS} patterns`;
  const runs = (glob.replace(/^\*\*\//, '').replace(/\/\*\*$/, '').match(/\*+/g) ?? []).length;
  if (runs > MAX_WILDCARD_RUNS) return `${shown}: more than ${MAX_WILDCARD_RUNS} wildcards besides a leading **/ and a trailing /** (too slow to match)`;
  try {
    picomatch.makeRe(glob, { dot: true, noextglob: true });
  } catch (e) {
    return `${shown}: ${(e as Error).message}`;
  }
  return null;
}

/** The usable globs of `globs` (from `source`, named in the notes), and a note for each one left out. */
export function usableExcludeGlobs(globs: readonly unknown[], source: string, alreadyKept = 0): { globs: string[]; notes: string[] } {
  const kept: string[] = [];
  const notes: string[] = [];
  for (const glob of globs) {
    const problem = excludeGlobProblem(glob);
    if (problem) notes.push(`${source}: exclude glob ${problem}; it is ignored, the other globs apply`);
    else if (alreadyKept + kept.length >= MAX_EXCLUDES) {
      notes.push(`${source}: more than ${MAX_EXCLUDES} exclude globs; the rest are ignored`);
      break;
    } else kept.push(glob as string);
  }
  return { globs: kept, notes };
}

/**
 * How many patterns brace expansion makes of `glob`, counted without expanding (saturates just past
 * `limit`). Counts the way bash and the `braces` package expand: `{a,b}` alternatives, `{1..9}` and
 * `{a..z}` ranges (with an optional step), nested groups; an unmatched or comma-less `{x}` is literal.
 */
export function braceExpansions(glob: string, limit: number): number {
  const cap = (n: number) => Math.min(n, limit + 1);
  // Returns the count of glob[from, to).
  const sequence = (from: number, to: number): number => {
    let count = 1;
    for (let i = from; i < to; i++) {
      if (glob[i] === '\\') {
        i++;
        continue;
      }
      if (glob[i] !== '{') continue;
      const close = matchingBrace(glob, i, to);
      if (close < 0) continue;
      count = cap(count * group(i + 1, close));
      i = close;
    }
    return count;
  };
  const group = (from: number, to: number): number => {
    const commas = topLevelCommas(glob, from, to);
    if (commas.length === 0) return rangeLength(glob.slice(from, to)) ?? sequence(from, to);
    let total = 0;
    let start = from;
    for (const c of [...commas, to]) {
      total = cap(total + sequence(start, c));
      start = c + 1;
    }
    return total;
  };
  return sequence(0, glob.length);
}

function matchingBrace(s: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function topLevelCommas(s: string, from: number, to: number): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) out.push(i);
  }
  return out;
}

function rangeLength(body: string): number | null {
  const m = /^(-?\d+|[^\\\d])\.\.(-?\d+|[^\\\d])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m) return null;
  const numeric = /\d/.test(m[1]) && /\d/.test(m[2]);
  const a = numeric ? Number(m[1]) : m[1].codePointAt(0)!;
  const b = numeric ? Number(m[2]) : m[2].codePointAt(0)!;
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  return Math.floor(Math.abs(b - a) / step) + 1;
}
