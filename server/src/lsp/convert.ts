// The only place that knows both core types and LSP types.
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Diagnostic, Fix, Severity } from '../core/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

/** Workspace-relative POSIX path, or null when `absolute` is outside `root`. */
export function relativeTo(root: string, absolute: string): string | null {
  const rel = path.relative(root, absolute);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'coherence', message: d.message };
}

/** A fix as a code action; open documents get versioned edits so a stale fix is refused by the client. */
export function toCodeAction(fix: Fix, diagnostic: LspDiagnostic, root: string, versionOf: (uri: string) => number | null): CodeAction {
  const byUri = new Map<string, LspTextEdit[]>();
  for (const e of fix.edits) {
    const uri = pathToUri(path.join(root, e.file));
    byUri.set(uri, [...(byUri.get(uri) ?? []), { range: e.range, newText: e.newText }]);
  }
  // New files (a generated migration) are created before their text is inserted.
  const created = [...new Set(fix.edits.filter((e) => e.createsFile).map((e) => pathToUri(path.join(root, e.file))))];
  const edit: WorkspaceEdit = {
    documentChanges: [
      ...created.map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
      ...[...byUri].map(([uri, edits]) => ({ textDocument: { uri, version: created.includes(uri) ? null : versionOf(uri) }, edits })),
    ],
  };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred ?? false, edit };
}
