// Small readers of the syntax tree the walk's layers share, and the line index of the file being summarized
// (summarize() sets it around one synchronous walk, so spans cost no lookup of the current file).
import type { Span } from '../../core/types';
import { LineIndex, type SyntaxNode } from '../parser';

let lines: LineIndex = new LineIndex('');

/** The node's range; `lines` is the file being summarized (summarize() sets it; it runs synchronously). */
export function spanOf(n: SyntaxNode): Span {
  return lines.span(n.start, n.end);
}

/** The range between two offsets of the file being summarized. */
export function spanOfOffsets(start: number, end: number): Span {
  return lines.span(start, end);
}

export function childrenByField(n: SyntaxNode, field: string): SyntaxNode[] {
  return n.children.filter((c) => c.field === field);
}

/** `a` of `a.b.c`, with no array built. */
export function topLevelName(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

/** `a.b` as ['a', 'b']; null for one name or more than two (no array built for them, as split would). */
export function twoNames(dotted: string): [string, string] | null {
  const dot = dotted.indexOf('.');
  if (dot < 0 || dotted.indexOf('.', dot + 1) >= 0) return null;
  return [dotted.slice(0, dot), dotted.slice(dot + 1)];
}

export function isName(n: SyntaxNode): boolean {
  return n.type === 'identifier' || n.type === 'keyword_identifier';
}

/** The line (0-based) of an offset of the file being summarized. */
export function lineOf(offset: number): number {
  return lines.line(offset);
}

/** The [line, column] of an offset of the file being summarized. */
export function positionOf(offset: number): [number, number] {
  return lines.position(offset);
}

/** Sets the file being summarized (summarize() does, around one synchronous walk). */
export function setLineIndex(index: LineIndex): void {
  lines = index;
}
