// One notion of a line for every position Coherence produces (Python files, manifests, run files).

/**
 * Lone carriage returns (old Mac line ends) made line feeds. Python and LSP both end a line at `\r`, `\n`
 * and `\r\n`; the text keeps its length, so every offset stays valid, and code that splits on `\n` counts
 * lines as the editor does (a `\r\n` pair keeps its `\r`, which only ends a line before its `\n`).
 */
export function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Maps UTF-16 offsets to 0-based lines and columns; `\r`, `\n` and `\r\n` end a line, as in LSP. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    if (!text.includes('\r')) {
      // Most files: the native search for each line feed is several times faster than reading every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  position(offset: number): [number, number] {
    const line = this.line(offset);
    return [line, offset - this.starts[line]];
  }
  /** The range from `start` to `end` as [line, column, line, column] (position() of each, no pair built). */
  span(start: number, end: number): [number, number, number, number] {
    const sl = this.line(start);
    // Most ranges end on their first line: no second search for them.
    const endsOnFirstLine = end >= this.starts[sl] && (sl + 1 >= this.starts.length || this.starts[sl + 1] > end);
    const el = endsOnFirstLine ? sl : this.line(end);
    return [sl, start - this.starts[sl], el, end - this.starts[el]];
  }
}
