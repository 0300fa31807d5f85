// The one entry from text to summary, used on the main thread and in the summarizer workers alike.
import type { Parser } from 'web-tree-sitter';
import { normalizeLineEnds } from '../core/lineEnds';
import { parseToEncodedTree, parseToSyntaxTree, replaceBrokenParser, type SyntaxNode } from './parser';
import type { EncodedTree } from './treeTransfer';
import { emptySummary, summarize } from './summarize';
import type { FactCollector } from './factCollectors';
import type { FileSummary } from './summary';

/**
 * The longest text (UTF-16 code units) analysed in full. A 2 MiB file costs about a second of parsing and as
 * much of summarizing on a fast machine, a few hundred MB at its peak and some 40 MB of summary kept, and an
 * open one is summarized again on every edit; such files are generated (protobuf, data tables, bundles).
 * Longer ones are not analysed: a note on the file says so, and what they define counts as unknown.
 */
export const MAX_ANALYSED_LENGTH = 1024 * 1024;

/**
 * The deepest indentation (levels on the indentation stack) handed to the parser. tree-sitter-python 0.25's
 * scanner serializes its indentation stack two bytes a level into a 1,024-byte buffer and can write past it
 * from about 383 levels (with many brackets open), corrupting the parser's memory for every later file (the
 * fuzzer found it). CPython itself refuses more than 100 levels; 300 leaves room for continuation lines.
 */
export const MAX_INDENT_LEVELS = 300;

/**
 * Never throws: a file that cannot be summarized yields an empty summary that says why (reported as a note).
 * `collectors`: the framework adapters' syntax parts (the host passes frameworks/adapters.ts's).
 */
export function summarizeSource(parser: Parser, text: string, collectors: readonly FactCollector[] = [], treeKey?: string): FileSummary {
  const parsed = parseSource(parser, text, treeKey);
  return 'summary' in parsed ? parsed.summary : summarizeParsed(parsed.root, parsed.source, collectors, parser);
}

/** A text parsed for summarizeParsed (perhaps on another thread: syntax/treeTransfer.ts), or the summary it gets without. */
export type ParsedSource = { root: SyntaxNode; source: string } | { summary: FileSummary };

/**
 * summarizeSource's first half: the text's syntax tree, or the empty summary that says why there is none.
 * `treeKey`: the file being edited, parsed from its last tree (syntax/keptTrees.ts).
 */
export function parseSource(parser: Parser, text: string, treeKey?: string): ParsedSource {
  return parseChecked(parser, text, (source) => {
    const { root, abandoned } = parseToSyntaxTree(parser, source, undefined, undefined, treeKey);
    return root ? { root, source } : { summary: emptySummary(abandoned ?? 'not parsed') };
  });
}

/** parseSource for a tree another thread summarizes (syntax/treeTransfer.ts: decodeTree, then summarizeParsed). */
export function parseSourceForTransfer(parser: Parser, text: string): { tree: EncodedTree; source: string } | { summary: FileSummary } {
  return parseChecked(parser, text, (source) => {
    const { tree, abandoned } = parseToEncodedTree(parser, source);
    return tree ? { tree, source } : { summary: emptySummary(abandoned ?? 'not parsed') };
  });
}

/** `parse` of the text with its line ends normalized, unless it is too long or too deep; never throws. */
function parseChecked<T>(parser: Parser, text: string, parse: (source: string) => T | { summary: FileSummary }): T | { summary: FileSummary } {
  if (text.length > MAX_ANALYSED_LENGTH) return { summary: emptySummary(`it is longer than 1 MiB (${(text.length / 1024 / 1024).toFixed(1)} MiB), too long to analyse`) };
  if (indentLevelsExceed(text, MAX_INDENT_LEVELS)) return { summary: emptySummary(`it is indented more than ${MAX_INDENT_LEVELS} levels deep (Python allows 100)`) };
  try {
    return parse(normalizeLineEnds(text)); // same offsets; lines as the editor counts them
  } catch (e) {
    // A wasm RuntimeError breaks the parser for good: the next file gets a fresh one.
    if (e instanceof Error && e.name === 'RuntimeError') replaceBrokenParser(parser);
    else parser.reset();
    return { summary: internalError(e) };
  }
}

/** summarizeSource's second half. `parser`: the one that parsed the tree, if on this thread (reset after a failure). */
export function summarizeParsed(root: SyntaxNode, source: string, collectors: readonly FactCollector[], parser?: Parser): FileSummary {
  try {
    return summarize(root, source, collectors);
  } catch (e) {
    parser?.reset();
    return internalError(e);
  }
}

function internalError(e: unknown): FileSummary {
  return emptySummary(`internal error while summarizing: ${(e as Error).message}`);
}

const spacesRuns = new Map<number, string>();
function spacesRun(count: number): string {
  let run = spacesRuns.get(count);
  if (run === undefined) spacesRuns.set(count, (run = ' '.repeat(count)));
  return run;
}

const indentRegexes = new Map<number, RegExp>();
/** A line starting with at least `blanks` spaces, tabs or form feeds (one regex per count, compiled once). */
function indentedAtLeast(blanks: number): RegExp {
  let re = indentRegexes.get(blanks);
  if (!re) indentRegexes.set(blanks, (re = new RegExp(`^[ \\t\\f]{${blanks}}`, 'm')));
  return re;
}

/**
 * Whether the indentation stack Python (and the parser's scanner) keeps grows past `limit` levels: one linear
 * pass, every non-blank line counted (lines inside brackets too, so it may overestimate, never underestimate).
 */
export function indentLevelsExceed(text: string, limit: number): boolean {
  // More than `limit` levels need a line indented more than `limit` columns: at least limit/8 blanks (tabs).
  const blanks = Math.ceil(limit / 8);
  // Without tabs, more than `limit` columns are as many spaces in a row (a form feed resets the count): a
  // plain substring search rules most files out faster than the line-anchored regex.
  if (!text.includes('\t') && !text.includes(spacesRun(blanks))) return false;
  if (!indentedAtLeast(blanks).test(text)) return false;
  const stack: number[] = [0];
  let width = 0;
  let atIndent = true; // still in the line's leading whitespace
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      width = 0;
      atIndent = true;
    } else if (!atIndent) continue;
    else if (c === 32) width++;
    else if (c === 9) width += 8 - (width % 8);
    else if (c === 12) width = 0; // a form feed resets the count, as in CPython
    else {
      atIndent = false;
      if (c === 35) continue; // a comment-only line does not indent
      while (width < stack[stack.length - 1]) stack.pop();
      if (width > stack[stack.length - 1]) {
        stack.push(width);
        if (stack.length - 1 > limit) return true;
      }
    }
  }
  return false;
}
