// "Fix all": the edits of every safe fix of one file that is the single obvious one for its diagnostic,
// as one set of non-overlapping edits. Imports added by several fixes at one place become sorted lines, one
// per module (two names from one module: one `from m import a, b`).
import type { Diagnostic, Fix, TextEdit } from '../core/types';
import { importLine, nameSortKey, parseImportLine } from '../rulekit/importPlacement';

/** The fix that fix-all may apply for a diagnostic: its only or preferred fix, when safe and local to `file`. */
function soleSafeFix(d: Diagnostic, file: string): Fix | null {
  const fix = d.fixes.length === 1 ? d.fixes[0] : d.fixes.find((f) => f.isPreferred);
  if (!fix || fix.safety !== 'safe' || !fix.edits.length) return null;
  return fix.edits.every((e) => e.file === file && !e.createsFile) ? fix : null;
}

type Position = TextEdit['range']['start'];
const compare = (a: Position, b: Position) => a.line - b.line || a.character - b.character;
const isInsert = (e: TextEdit) => compare(e.range.start, e.range.end) === 0;

/** Whether two edits touch the same text (two inserts at one point do not: they are merged). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (isInsert(a) && isInsert(b)) return false;
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

/** Inserts at one point: new import lines merged per module and sorted; other texts in sorted order. */
function mergeInserts(texts: string[]): string {
  const lines = texts.map(parseImportLine);
  if (lines.every((l) => l !== null)) {
    const byModule = new Map<string, Set<string>>();
    for (const l of lines) for (const n of l!.names) byModule.set(l!.module, (byModule.get(l!.module) ?? new Set()).add(n));
    const modules = [...byModule.keys()].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    const longest = (pick: (l: NonNullable<(typeof lines)[number]>) => string) => lines.map((l) => pick(l!)).reduce((a, b) => (b.length > a.length ? b : a), '');
    const body = modules.map((m) => importLine(m, [...byModule.get(m)!].sort((a, b) => (nameSortKey(a) < nameSortKey(b) ? -1 : 1)))).join('');
    return longest((l) => l.before) + body + longest((l) => l.after);
  }
  // Names merged into one existing `from m import …` at one point (`, a` + `, b`, or `a, ` + `b, `).
  return [...texts].sort((a, b) => (nameSortKey(a.replace(/[ ,]/g, '')) < nameSortKey(b.replace(/[ ,]/g, '')) ? -1 : 1)).join('');
}

/** The edits fix-all applies to `file`, given that file's diagnostics (empty when nothing is safe to apply). */
export function fixAllEdits(diagnostics: readonly Diagnostic[], file: string): TextEdit[] {
  const accepted: TextEdit[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const fix = soleSafeFix(d, file);
    if (!fix) continue;
    // The same fix for several diagnostics (one missing import, used three times) is applied once.
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue;
    seen.add(key);
    if (fix.edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    accepted.push(...fix.edits);
  }
  const inserts = new Map<string, TextEdit[]>();
  const others: TextEdit[] = [];
  for (const e of accepted) {
    if (!isInsert(e)) {
      others.push(e);
      continue;
    }
    const at = `${e.range.start.line}:${e.range.start.character}`;
    inserts.set(at, [...(inserts.get(at) ?? []), e]);
  }
  const merged = [...inserts.values()].map((group) => ({ ...group[0], newText: mergeInserts([...new Set(group.map((e) => e.newText))]) }));
  return [...others, ...merged].sort((a, b) => compare(a.range.start, b.range.start));
}
