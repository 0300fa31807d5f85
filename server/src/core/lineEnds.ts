// One notion of a line for every position Coherence produces (Python files, manifests, run files).

/**
 * Lone carriage returns (old Mac line ends) made line feeds. Python and LSP both end a line at `\r`, `\n`
 * and `\r\n`; the text keeps its length, so every offset stays valid, and code that splits on `\n` counts
 * lines as the editor does (a `\r\n` pair keeps its `\r`, which only ends a line before its `\n`).
 */
export function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
