// textDocument/codeAction: the quick fixes of the diagnostics under the cursor.
import type { CodeAction, CodeActionParams } from 'vscode-languageserver/node';
import { toCodeAction, toLspDiagnostic } from '../convert';
import type { Session } from '../session';

export function onCodeAction(session: Session, params: CodeActionParams): CodeAction[] {
  const at = session.diagnosticsAt(params.textDocument.uri);
  if (!at) return [];
  const { start, end } = params.range;
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  const versionOf = (uri: string) => session.documents.get(uri)?.version ?? null;
  const actions: CodeAction[] = [];
  for (const d of at.diagnostics) {
    if (!d.fixes.length) continue;
    // The diagnostic's range overlaps the requested range.
    if (!(before(d.range.start, end) && before(start, d.range.end))) continue;
    const lsp = toLspDiagnostic(d);
    for (const fix of d.fixes) actions.push(toCodeAction(fix, lsp, at.folder.root, versionOf));
  }
  return actions;
}
