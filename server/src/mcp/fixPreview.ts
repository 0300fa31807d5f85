// The MCP `fix_preview` tool: the edits of a finding's fixes and the lines they would change, without
// writing anything.
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import type { Diagnostic, Fix, Position, TextEdit } from '../core/types';

/** Preview lines per fix: enough for an import or a renamed name, not a whole generated file. */
const PREVIEW_LINES = 40;

const edit = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  newText: z.string(),
  createsFile: z.boolean().optional(),
});

export const fixPreviewOutputShape = {
  finding: z.object({ file: z.string(), line: z.number(), column: z.number(), code: z.string(), message: z.string() }),
  fixes: z.array(
    z.object({
      index: z.number(),
      title: z.string(),
      preferred: z.boolean(),
      edits: z.array(edit).describe('1-based, end exclusive; nothing has been written'),
      preview: z.string().describe('the changed lines before (-) and after (+)'),
    }),
  ),
  applied: z.literal(false),
};

export type FixPreviewOutput = z.infer<z.ZodObject<typeof fixPreviewOutputShape>>;

export interface FixPreviewQuery {
  /** Workspace-relative POSIX path. */
  file: string;
  /** 1-based. */
  line: number;
  column?: number;
  code?: string;
  fixIndex?: number;
}

/** A question the tool cannot answer as asked; its message says what would work. */
export class FixPreviewError extends Error {}

export function previewFixes(root: string, diagnostics: Diagnostic[], q: FixPreviewQuery): FixPreviewOutput {
  const inFile = diagnostics.filter((d) => d.file === q.file);
  const matches = inFile.filter(
    (d) =>
      d.range.start.line + 1 === q.line &&
      (q.column === undefined || (d.range.start.character + 1 <= q.column && q.column <= d.range.end.character + 1)) &&
      (q.code === undefined || d.code === q.code),
  );
  if (!matches.length) {
    const where = inFile.length ? `its findings are on line(s) ${[...new Set(inFile.map((d) => d.range.start.line + 1))].join(', ')}` : 'it has no findings';
    throw new FixPreviewError(`No finding at ${q.file}:${q.line}${q.column ? `:${q.column}` : ''}${q.code ? ` [${q.code}]` : ''}; ${where}.`);
  }
  // Several findings on one line: the first one with fixes, unless column or code pick another.
  const d = matches.find((m) => m.fixes.length) ?? matches[0];
  if (!d.fixes.length) throw new FixPreviewError(`${q.file}:${q.line} [${d.code}] has no fix: ${d.message}`);
  if (q.fixIndex !== undefined && !(q.fixIndex >= 0 && q.fixIndex < d.fixes.length)) {
    throw new FixPreviewError(`fix_index ${q.fixIndex} is out of range: the finding has ${d.fixes.length} fix(es), 0 to ${d.fixes.length - 1}.`);
  }
  const chosen = d.fixes.map((fix, index) => ({ fix, index })).filter(({ index }) => q.fixIndex === undefined || index === q.fixIndex);
  return {
    finding: { file: d.file, line: d.range.start.line + 1, column: d.range.start.character + 1, code: d.code, message: d.message },
    fixes: chosen.map(({ fix, index }) => ({
      index,
      title: fix.title,
      preferred: fix.isPreferred === true,
      edits: fix.edits.map((e) => ({
        file: e.file,
        line: e.range.start.line + 1,
        column: e.range.start.character + 1,
        endLine: e.range.end.line + 1,
        endColumn: e.range.end.character + 1,
        newText: e.newText,
        ...(e.createsFile ? { createsFile: true } : {}),
      })),
      preview: previewOf(root, fix),
    })),
    applied: false,
  };
}

function previewOf(root: string, fix: Fix): string {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const parts: string[] = [];
  for (const [file, edits] of byFile) {
    if (edits.some((e) => e.createsFile)) {
      parts.push(`new file ${file}:`, ...capped(edits.map((e) => e.newText).join('').split('\n')).map((l) => `+ ${l}`));
      continue;
    }
    let before: string;
    try {
      before = fs.readFileSync(path.join(root, file), 'utf8');
    } catch (e) {
      parts.push(`${file}: not readable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      continue;
    }
    parts.push(...changedLines(file, before, applyEdits(before, edits)));
  }
  return parts.join('\n');
}

/** The one hunk between the first and the last changed line. */
function changedLines(file: string, before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [`@@ ${file}:${start + 1} @@`, ...capped(a.slice(start, endA)).map((l) => `- ${l}`), ...capped(b.slice(start, endB)).map((l) => `+ ${l}`)];
}

function capped(lines: string[]): string[] {
  return lines.length > PREVIEW_LINES ? [...lines.slice(0, PREVIEW_LINES), `… ${lines.length - PREVIEW_LINES} more line(s)`] : lines;
}

/** Applies edits (0-based line/character, UTF-16) to a text, the later ones first so offsets hold. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((x, y) => offset(y.range.start) - offset(x.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
