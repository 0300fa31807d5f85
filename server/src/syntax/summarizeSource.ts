// The one entry from text to summary, used on the main thread and in the summarizer workers alike.
import type { Parser } from 'web-tree-sitter';
import { normalizeLineEnds } from '../core/lineEnds';
import { parseToSyntaxTree } from './parser';
import { emptySummary, summarize } from './summarize';
import type { FileSummary } from './summary';

/**
 * The longest text (UTF-16 code units) analysed in full. A 2 MiB file costs about a second of parsing and as
 * much of summarizing on a fast machine, a few hundred MB at its peak and some 40 MB of summary kept, and an
 * open one is summarized again on every edit; such files are generated (protobuf, data tables, bundles).
 * Longer ones are not analysed: a note on the file says so, and what they define counts as unknown.
 */
export const MAX_ANALYSED_LENGTH = 1024 * 1024;

/** Never throws: a file that cannot be summarized yields an empty summary that says why (reported as a note). */
export function summarizeSource(parser: Parser, text: string): FileSummary {
  if (text.length > MAX_ANALYSED_LENGTH) return emptySummary(`it is longer than 1 MiB (${(text.length / 1024 / 1024).toFixed(1)} MiB), too long to analyse`);
  try {
    const source = normalizeLineEnds(text); // same offsets; lines as the editor counts them
    const { root, abandoned } = parseToSyntaxTree(parser, source);
    if (!root) return emptySummary(abandoned ?? 'not parsed');
    return summarize(root, source);
  } catch (e) {
    try {
      parser.reset();
    } catch {
      // the parser is unusable only if wasm itself failed; the next parse will tell
    }
    return emptySummary(`internal error while summarizing: ${(e as Error).message}`);
  }
}
