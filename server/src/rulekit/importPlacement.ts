// Where a new `from m import X` goes, as isort and Ruff's `I` rules would put it: in its section (future,
// standard library, third party, first party, local), `import x` lines before `from x import` lines, sorted by
// module name (case-insensitively), names in a `from` line ordered by type (CONSTANTS, Classes, functions).
// Placement reads only the summary, so where it cannot be sure (a file not already in isort order, a section
// whose last statement may span lines), it falls back to the line after the imports.
import { STDLIB_MODULES } from '../python/stdlib';
import type { FileSummary, ImportRecord } from '../syntax/summary';

export type ImportSection = 0 | 1 | 2 | 3 | 4;
const FUTURE = 0;
const STDLIB = 1;
const THIRD_PARTY = 2;
const FIRST_PARTY = 3;
const LOCAL = 4;

/** Whether a top-level package name is one of the project's own (first party). */
export type FirstPartyTest = (topLevelName: string) => boolean;

export interface ImportInsertion {
  line: number;
  newText: string;
}

interface Statement {
  kind: ImportRecord['kind'];
  module: string;
  section: ImportSection;
  startLine: number;
  /** The line the statement ends on, when certain (one-line statements). */
  endLine: number | null;
}

export function sectionOf(module: string, level: number, isFirstParty: FirstPartyTest): ImportSection {
  if (level > 0) return LOCAL;
  const top = module.split('.')[0];
  if (top === '__future__') return FUTURE;
  if (isFirstParty(top)) return FIRST_PARTY;
  return STDLIB_MODULES.has(top) ? STDLIB : THIRD_PARTY;
}

/** The text of a new import line; `parseImportLine` reads it back (fix-all merges these). */
export function importLine(module: string, names: string[]): string {
  return `from ${module} import ${names.join(', ')}\n`;
}

const IMPORT_LINE = /^(\n*)from (\S+) import ([^\n]+)\n(\n*)$/;

/** A new import line as `importLine` (plus blank lines around it) wrote it, or null. */
export function parseImportLine(text: string): { before: string; module: string; names: string[]; after: string } | null {
  const m = IMPORT_LINE.exec(text);
  return m ? { before: m[1], module: m[2], names: m[3].split(', '), after: m[4] } : null;
}

/** isort's `order_by_type`: CONSTANTS, then Classes, then other names; each case-insensitively. */
export function nameSortKey(name: string): string {
  const rank = name.length > 1 && name === name.toUpperCase() && /[A-Z]/.test(name) ? 0 : /^_*[A-Z]/.test(name) ? 1 : 2;
  return `${rank}${name.toLowerCase()}`;
}

function moduleKey(s: { kind: ImportRecord['kind']; module: string }): string {
  // `import x` lines come before `from x import` lines in a section (isort's default force_sort_within_sections=false).
  return `${s.kind === 'import' ? 0 : 1}${s.module.toLowerCase()}`;
}

/** The file's leading top-level import statements, in order (one per statement, not per imported module). */
function leadingStatements(summary: FileSummary, isFirstParty: FirstPartyTest): Statement[] {
  const byLine = new Map<number, Statement>();
  for (const r of summary.imports) {
    if (!r.topLevel || r.conditional || r.guards.length) continue;
    const startLine = r.moduleSpan[0];
    if (startLine >= summary.importInsertLine) continue;
    if (byLine.has(startLine)) {
      byLine.get(startLine)!.endLine = null; // several statements on a line (`import a; import b`): not isort's
      continue;
    }
    const oneLine = r.kind === 'import' ? r.moduleSpan[2] === startLine : r.lastNameEnd !== null && r.lastNameEnd[0] === startLine;
    byLine.set(startLine, { kind: r.kind, module: '.'.repeat(r.level) + r.module, section: sectionOf(r.module, r.level, isFirstParty), startLine, endLine: oneLine ? startLine : null });
  }
  return [...byLine.values()].sort((a, b) => a.startLine - b.startLine);
}

/** Where `from module import name` goes (module absolute, level 0) and the text to insert there. */
export function placeImport(summary: FileSummary, module: string, name: string, isFirstParty: FirstPartyTest): ImportInsertion {
  const fallback = { line: summary.importInsertLine, newText: importLine(module, [name]) };
  const statements = leadingStatements(summary, isFirstParty);
  if (!statements.length) return fallback;
  // Only a file already in isort's order says where a new line belongs.
  for (let i = 1; i < statements.length; i++) {
    const [a, b] = [statements[i - 1], statements[i]];
    if (a.section > b.section || (a.section === b.section && moduleKey(a) > moduleKey(b))) return fallback;
  }
  const section = sectionOf(module, 0, isFirstParty);
  const key = moduleKey({ kind: 'from', module });
  const same = statements.filter((s) => s.section === section);
  if (same.length) {
    const next = same.find((s) => moduleKey(s) > key);
    if (next) return { line: next.startLine, newText: importLine(module, [name]) };
    const last = same[same.length - 1];
    if (last === statements[statements.length - 1]) return fallback;
    return last.endLine === null ? fallback : { line: last.endLine + 1, newText: importLine(module, [name]) };
  }
  // A new section: before the first later one, or after the last, set apart by a blank line as isort does.
  const later = statements.find((s) => s.section > section);
  if (later) return { line: later.startLine, newText: importLine(module, [name]) + '\n' };
  return { line: summary.importInsertLine, newText: '\n' + importLine(module, [name]) };
}

/**
 * Where `name` goes in an existing `from m import a, b` (by `nameSortKey`, when the names are already in that
 * order): right after the last name that sorts before it, when that one has no `as` alias (its span then ends
 * the item). Otherwise after the last name. Never at the start of a name: another fix (a did-you-mean) may
 * replace that name, and an insertion where a replaced range starts is applied differently by different tools.
 */
export function placeImportedName(record: ImportRecord, name: string): { line: number; character: number; newText: string } | null {
  if (!record.lastNameEnd) return null;
  const keys = record.names.map((n) => nameSortKey(n.name));
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1] <= k);
  const key = nameSortKey(name);
  const nextIndex = record.names.findIndex((n) => nameSortKey(n.name) > key);
  const previous = sorted && nextIndex > 0 ? record.names[nextIndex - 1] : undefined;
  if (previous && previous.alias === null) return { line: previous.span[2], character: previous.span[3], newText: `, ${name}` };
  return { line: record.lastNameEnd[0], character: record.lastNameEnd[1], newText: `, ${name}` };
}
