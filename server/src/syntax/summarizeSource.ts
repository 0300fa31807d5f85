// The one entry from text to summary, used on the main thread and in the summarizer workers alike.
import type { Parser } from 'web-tree-sitter';
import { normalizeLineEnds } from '../core/lineEnds';
import { parseToSyntaxTree } from './parser';
import { emptySummary, summarize } from './summarize';
import type { FileSummary } from './summary';

/** Never throws: a file that cannot be summarized yields an empty summary that says why (reported as a note). */
export function summarizeSource(parser: Parser, text: string): FileSummary {
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
