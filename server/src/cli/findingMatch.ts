// Which findings of one run are "the same" as those of another run (an earlier commit, a baseline file), so
// that only new ones are reported. Line numbers shift with every edit above a finding; what a finding is about
// does not: its file, rule, message and the text of the line it points at. Identical findings are counted, so
// a second copy of a break is new even when the first one is not.
import type { Diagnostic } from '../core/types';

export interface Fingerprinted {
  diagnostic: Diagnostic;
  fingerprint: string;
}

/** Digits in a message are often positions ("defined on line 12"): they shift like the line itself. */
const withoutNumbers = (message: string) => message.replace(/\d+/g, '#');

/** The stable identity of a finding, given the text of its file (undefined when that text is not known). */
export function fingerprintOf(d: Diagnostic, fileText: string | undefined): string {
  const line = fileText?.split(/\r\n|\r|\n/)[d.range.start.line]?.trim() ?? '';
  return JSON.stringify([d.file, d.code, withoutNumbers(d.message), line]);
}

/** Fingerprints every diagnostic; each file's text is read once. */
export function fingerprintAll(diagnostics: readonly Diagnostic[], textOf: (file: string) => string | undefined): Fingerprinted[] {
  const texts = new Map<string, string | undefined>();
  return diagnostics.map((d) => {
    if (!texts.has(d.file)) texts.set(d.file, textOf(d.file));
    return { diagnostic: d, fingerprint: fingerprintOf(d, texts.get(d.file)) };
  });
}

/**
 * Splits `now` into findings new since `before` and those already there (as many of each fingerprint as
 * `before` had), and lists the findings of `before` that are gone.
 */
export function compareFindings<T extends { fingerprint: string }>(before: readonly T[], now: readonly Fingerprinted[]): { added: Fingerprinted[]; unchanged: Fingerprinted[]; resolved: T[] } {
  const left = new Map<string, T[]>();
  for (const b of before) left.set(b.fingerprint, [...(left.get(b.fingerprint) ?? []), b]);
  const added: Fingerprinted[] = [];
  const unchanged: Fingerprinted[] = [];
  for (const n of now) {
    const same = left.get(n.fingerprint);
    if (same?.length) {
      same.shift();
      unchanged.push(n);
    } else added.push(n);
  }
  return { added, unchanged, resolved: [...left.values()].flat() };
}
