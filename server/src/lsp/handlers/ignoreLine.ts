// "Ignore this line for <rule>": adds `# coherence: ignore[rule]` at the end of the diagnostic's first line, or
// extends the list of one already there (the comment the summarizer honours; see runChecks.toDiagnostics).
import type { TextEdit } from 'vscode-languageserver/node';

const IGNORE_COMMENT = /#\s*coherence:\s*ignore(\[[^\]]*\])?/;

/** The edit, or null where a comment cannot be added safely (not Python, inside a string, after a backslash). */
export function ignoreLineEdit(file: string, line: number, lineText: string, rule: string): TextEdit | null {
  if (!/\.pyi?$/.test(file)) return null;
  const text = lineText.replace(/\r?\n$/, '');
  const existing = IGNORE_COMMENT.exec(text);
  if (existing) {
    const list = existing[1];
    if (list === undefined) return null; // `# coherence: ignore` already silences every rule on the line
    const closing = existing.index + existing[0].length - 1;
    const names = list.slice(1, -1).trim();
    const at = { line, character: closing };
    return { range: { start: at, end: at }, newText: names ? `, ${rule}` : rule };
  }
  // A line that ends inside a triple-quoted string or continues with a backslash cannot take a comment.
  const tripleQuotes = (text.match(/"""|'''/g) ?? []).length;
  if (tripleQuotes % 2 === 1 || /\\\s*$/.test(text)) return null;
  const end = text.replace(/\s+$/, '').length;
  return { range: { start: { line, character: end }, end: { line, character: text.length } }, newText: `  # coherence: ignore[${rule}]` };
}
