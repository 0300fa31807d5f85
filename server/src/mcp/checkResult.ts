// The result of the MCP `check` tool: compact enough for a model's context. Up to a cap the findings are
// listed one by one; past it, totals per rule and per file say where the rest are.
import { z } from 'zod';
import { detailLines } from '../core/detailLines';
import type { Diagnostic } from '../core/types';

export const DEFAULT_FINDINGS_CAP = 50;

/** 1-based lines and columns, as editors and agents show them. */
const finding = z.object({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
  code: z.string(),
  severity: z.enum(['error', 'warning', 'information', 'hint']),
  message: z.string().describe('short: what is missing and the nearest candidate'),
  detail: z.string().optional().describe('where it was looked for and why it breaks'),
  related: z
    .array(z.object({ file: z.string(), line: z.number(), message: z.string() }))
    .optional()
    .describe('places behind the finding: where the name was looked for, where the candidate is declared'),
  fixes: z.array(z.string()).describe("titles of the available fixes; fix_preview shows a fix's edits"),
});

export const checkOutputShape = {
  status: z.enum(['findings', 'no findings']),
  summary: z.string(),
  totals: z.object({ findings: z.number(), errors: z.number(), warnings: z.number(), notes: z.number(), files: z.number(), filesChecked: z.number() }),
  findings: z.array(finding),
  truncated: z.boolean().describe('more findings than listed: byRule and byFile count them all'),
  byRule: z.record(z.number()).optional(),
  byFile: z.record(z.number()).optional().describe('the files with the most findings, at most as many as the cap'),
  otherFiles: z.number().optional().describe('files with findings that byFile leaves out'),
  changedSince: z.string().optional(),
  paths: z.array(z.string()).optional(),
};

type CheckOutput = z.infer<z.ZodObject<typeof checkOutputShape>>;
export type Finding = z.infer<typeof finding>;

export interface CheckResultInput {
  diagnostics: Diagnostic[];
  filesChecked: number;
  cap: number;
  changedSince?: string;
  paths?: string[];
}

export function toFinding(d: Diagnostic): Finding {
  return {
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.detail ? { detail: d.detail } : {}),
    ...(d.related?.length ? { related: d.related.map((r) => ({ file: r.file, line: r.range.start.line + 1, message: r.message })) } : {}),
    fixes: d.fixes.map((f) => f.title),
  };
}

export function buildCheckResult(input: CheckResultInput): { structured: CheckOutput; text: string } {
  const { diagnostics, cap } = input;
  const count = (...severities: Diagnostic['severity'][]) => diagnostics.filter((d) => severities.includes(d.severity)).length;
  const totals = {
    findings: diagnostics.length,
    errors: count('error'),
    warnings: count('warning'),
    notes: count('information', 'hint'),
    files: new Set(diagnostics.map((d) => d.file)).size,
    filesChecked: input.filesChecked,
  };
  const scope = [input.paths?.length ? `in ${input.paths.join(', ')}` : '', input.changedSince ? `since ${input.changedSince}` : ''].filter(Boolean).join(' ');
  const truncated = diagnostics.length > cap;
  const summary = diagnostics.length
    ? `${totals.errors} error(s), ${totals.warnings} warning(s), ${totals.notes} note(s) in ${totals.files} file(s)${scope ? ` ${scope}` : ''}; ` +
      `${totals.filesChecked} file(s) checked${truncated ? `; the first ${cap} are listed, byRule and byFile count all` : ''}`
    : `No findings${scope ? ` ${scope}` : ''}: ${totals.filesChecked} file(s) checked, 0 errors, 0 warnings.`;
  const listed = diagnostics.slice(0, cap);
  const structured: CheckOutput = {
    status: diagnostics.length ? 'findings' : 'no findings',
    summary,
    totals,
    findings: listed.map(toFinding),
    truncated,
    ...(truncated ? { byRule: tally(diagnostics, (d) => d.code), ...byFile(diagnostics, cap) } : {}),
    ...(input.changedSince ? { changedSince: input.changedSince } : {}),
    ...(input.paths?.length ? { paths: input.paths } : {}),
  };
  const lines = listed.flatMap((d) => {
    const f = toFinding(d);
    return [`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.message} [${f.code}]${f.fixes.length ? ` (fix: ${f.fixes[0]})` : ''}`, ...detailLines(d)];
  });
  if (truncated) {
    lines.push(`… ${diagnostics.length - cap} more. By rule: ${formatTally(structured.byRule!)}.`);
    const others = structured.otherFiles ? `, ${structured.otherFiles} more file(s)` : '';
    lines.push(`By file: ${formatTally(structured.byFile!)}${others}.`);
  }
  lines.push(summary);
  return { structured, text: lines.join('\n') };
}

/** Counts per key, largest first. */
function tally(diagnostics: Diagnostic[], key: (d: Diagnostic) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** The `cap` files with the most findings; a project broken everywhere must not flood the context. */
function byFile(diagnostics: Diagnostic[], cap: number): { byFile: Record<string, number>; otherFiles?: number } {
  const all = Object.entries(tally(diagnostics, (d) => d.file));
  return { byFile: Object.fromEntries(all.slice(0, cap)), ...(all.length > cap ? { otherFiles: all.length - cap } : {}) };
}

function formatTally(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
