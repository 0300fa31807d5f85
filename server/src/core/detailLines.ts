// A diagnostic's detail as plain text, shared by the faces that print findings (the CLI's text format, the MCP check tool).
import type { Diagnostic } from './types';

/** The detail and related places, indented under the finding's line (the message alone stays one short line). */
export function detailLines(d: Diagnostic): string[] {
  return [...(d.detail ? [`    ${d.detail}`] : []), ...(d.related ?? []).map((r) => `    ${r.file}:${r.range.start.line + 1}: ${r.message}`)];
}
