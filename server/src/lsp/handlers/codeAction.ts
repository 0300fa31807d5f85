// textDocument/codeAction: the quick fixes of the diagnostics under the cursor, "Ignore this line for <rule>",
// and `source.fixAll.coherence` (every safe fix of the file at once; editor.codeActionsOnSave runs it).
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { fixAllEdits } from '../../checks/fixAll';
import type { Diagnostic } from '../../core/types';
import { toCodeAction, toLspDiagnostic } from '../convert';
import type { Session } from '../session';
import { ignoreLineEdit } from './ignoreLine';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.coherence`;

type Position = { line: number; character: number };
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

export async function onCodeAction(session: Session, params: CodeActionParams): Promise<CodeAction[]> {
  // While the project is being indexed, answer at once from what is published (the last run's findings, shown
  // before indexing: see Session.publishLastRun); otherwise after the queued edits, so the fixes describe the
  // text the editor has.
  if (session.indexing) return codeActions(session, params);
  return (await session.serialRequest(async () => codeActions(session, params))) ?? [];
}

function codeActions(session: Session, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const at = session.diagnosticsAt(uri);
  if (!at) return [];
  const only = params.context?.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const versionOf = (u: string) => session.documents.get(u)?.version ?? null;
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const { start, end } = params.range;
    // The diagnostics whose range overlaps the requested range.
    const under = at.diagnostics.filter((d) => before(d.range.start, end) && before(start, d.range.end));
    for (const d of under) for (const fix of d.fixes) actions.push(toCodeAction(fix, toLspDiagnostic(d), at.folder.root, versionOf));
    actions.push(...ignoreActions(session, uri, under, at.diagnostics));
  }
  if (wants(FIX_ALL_KIND)) {
    const file = at.diagnostics[0]?.file;
    const edits = file ? fixAllEdits(at.diagnostics, file) : [];
    if (edits.length) {
      const action = toCodeAction({ title: 'Coherence: fix all safe problems', edits, safety: 'safe' }, toLspDiagnostic(at.diagnostics[0]), at.folder.root, versionOf);
      actions.push({ title: action.title, kind: FIX_ALL_KIND, edit: action.edit });
    }
  }
  return actions;
}

/** One "Ignore this line for <rule>" per rule and line under the cursor (open documents only: it reads the line). */
function ignoreActions(session: Session, uri: string, under: Diagnostic[], all: Diagnostic[]): CodeAction[] {
  const doc = session.documents.get(uri);
  if (!doc) return [];
  const done = new Set<string>();
  const actions: CodeAction[] = [];
  for (const d of under) {
    const line = d.range.start.line;
    if (done.has(`${line}:${d.code}`)) continue;
    done.add(`${line}:${d.code}`);
    const edit = ignoreLineEdit(d.file, line, doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }), d.code);
    if (!edit) continue;
    const silenced = all.filter((o) => o.range.start.line === line && o.code === d.code).map((o) => toLspDiagnostic(o));
    actions.push({
      title: `Ignore this line for ${d.code}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: silenced,
      edit: { documentChanges: [{ textDocument: { uri, version: doc.version }, edits: [edit] }] },
    });
  }
  return actions;
}
