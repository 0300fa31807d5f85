// The last syntax trees of the files being edited, so that each keystroke re-parses incrementally (#17): tree-sitter
// reuses what the edit left alone. In a 5,000-line module a typed line parsed in 2–6 ms instead of 29–47 at most
// places, yet hardly faster at some (how much tree-sitter-python reuses depends on where the edit falls).
// A tree is kept only by the parser that made it (a parser replaced after a wasm fault drops them all), a few at a
// time, each freed when it is replaced or evicted: wasm memory never shrinks, and a 500 KB file's tree takes ~12 MiB.
import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';

/** Files whose last tree is kept (the documents being typed in), and the longest text kept (UTF-16 code units). */
const MAX_KEPT_TREES = 4;
const MAX_KEPT_LENGTH = 512 * 1024;

interface Kept {
  parser: Parser;
  text: string;
  tree: Tree;
}

/** By key (a file's path), oldest first. */
const kept = new Map<string, Kept>();

/**
 * The last tree kept under `key`, edited to describe `text` (its old text changed into `text`), for the parser to
 * start from; removed from the kept trees (the caller frees it after parsing: freeTree). Undefined when there is none.
 */
export function takeTreeFor(key: string, parser: Parser, text: string): Tree | undefined {
  const entry = kept.get(key);
  if (!entry) return undefined;
  kept.delete(key);
  if (entry.parser !== parser) {
    freeTree(entry.tree);
    return undefined;
  }
  entry.tree.edit(editBetween(entry.text, text));
  return entry.tree;
}

/** Keeps `tree` (the parse of `text`) under `key`; returns false when it is not kept (too long: the caller frees it). */
export function keepTree(key: string, parser: Parser, text: string, tree: Tree): boolean {
  if (text.length > MAX_KEPT_LENGTH) return false;
  const previous = kept.get(key);
  if (previous) freeTree(previous.tree);
  kept.delete(key);
  kept.set(key, { parser, text, tree });
  while (kept.size > MAX_KEPT_TREES) {
    const [oldest, entry] = kept.entries().next().value as [string, Kept];
    kept.delete(oldest);
    freeTree(entry.tree);
  }
  return true;
}

/** Frees every kept tree (their parser is replaced: its wasm state may be broken). */
export function dropKeptTrees(): void {
  for (const entry of kept.values()) freeTree(entry.tree);
  kept.clear();
}

/** Deletes a tree (one taken with takeTreeFor, once parsed from), even from memory a wasm fault broke. */
export function freeTree(tree: Tree): void {
  try {
    tree.delete();
  } catch {
    // memory a wasm fault broke: nothing more to free
  }
}

/** The one edit that turns `before` into `after`: what lies between their common start and common end. */
export function editBetween(before: string, after: string): Edit {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  // Never between the two halves of a surrogate pair: the edit covers whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (oldEnd < before.length && isLowSurrogate(before.charCodeAt(oldEnd))) {
    oldEnd++;
    newEnd++;
  }
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts them in JS strings) of an index. */
function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
