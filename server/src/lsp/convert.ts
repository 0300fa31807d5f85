// The only place that knows both core types and LSP types.
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { CodeActionKind, CreateFile, DiagnosticSeverity, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { ruleDocUrl } from '../checks/ruleDocs';
import type { Diagnostic, Fix, Range, RelatedLocation, Severity } from '../core/types';

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

/** pathToUri's answers: every publish converts each file's path (and its related places'), the same ones edit after edit. */
const uris = new Map<string, string>();
const MAX_MEMO_URIS = 100_000;

export function pathToUri(p: string): string {
  let uri = uris.get(p);
  if (uri === undefined) {
    if (uris.size >= MAX_MEMO_URIS) uris.clear();
    uris.set(p, (uri = pathToFileURL(p).href));
  }
  return uri;
}

/** fileUri's answers by folder root, then by workspace-relative path (no path.join per file on every publish). */
const urisByRoot = new Map<string, Map<string, string>>();

/** The URI of a file given as its folder's root and its workspace-relative POSIX path. */
export function fileUri(root: string, rel: string): string {
  let byRel = urisByRoot.get(root);
  if (!byRel) urisByRoot.set(root, (byRel = new Map()));
  let uri = byRel.get(rel);
  if (uri === undefined) {
    if (byRel.size >= MAX_MEMO_URIS) byRel.clear();
    byRel.set(rel, (uri = pathToUri(path.join(root, rel))));
  }
  return uri;
}

/** Workspace-relative POSIX path, or null when `absolute` is outside `root`. */
export function relativeTo(root: string, absolute: string): string | null {
  const rel = path.relative(root, absolute);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/**
 * `related` (where the name was looked for, where a candidate is declared) becomes relatedInformation when the
 * client said it shows it (publishDiagnostics.relatedInformation) and the folder root is known; the detail is
 * in the hover on the diagnostic's range (diagnosticHover), so the message stays one short row.
 */
export function toLspDiagnostic(d: Diagnostic, related?: { root: string }): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, codeDescription: { href: ruleDocUrl(d.code) }, source: 'coherence', message: d.message };
  if (related && d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: fileUri(related.root, r.file), range: r.range }, message: r.message }));
  }
  return out;
}

/**
 * Whether two lists of a file's diagnostics look the same to the client: every field toLspDiagnostic sends
 * (range, severity, code, message, related places) is equal, in the same order. Compared field by field
 * instead of through their JSON: an edit with 500 dependents compares 500 lists.
 */
export function sameForClient(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message || !sameRange(x.range, y.range)) return false;
    const xr = x.related ?? NO_RELATED;
    const yr = y.related ?? NO_RELATED;
    if (xr.length !== yr.length) return false;
    for (let j = 0; j < xr.length; j++) {
      if (xr[j].file !== yr[j].file || xr[j].message !== yr[j].message || !sameRange(xr[j].range, yr[j].range)) return false;
    }
  }
  return true;
}

const NO_RELATED: readonly RelatedLocation[] = [];

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Markdown for the hover on a diagnostic's range: each finding's rule, detail and related places (links). */
export function diagnosticHover(diagnostics: Diagnostic[], root: string): string | null {
  const parts = diagnostics
    .filter((d) => d.detail || d.related?.length)
    .map((d) => {
      const lines = [`**${d.code}**: ${d.detail ?? d.message}`];
      for (const r of d.related ?? []) {
        const target = `${fileUri(root, r.file)}#L${r.range.start.line + 1}`;
        lines.push(`- [${r.file}:${r.range.start.line + 1}](${target}): ${r.message}`);
      }
      return lines.join('\n');
    });
  return parts.length ? parts.join('\n\n---\n\n') : null;
}

/**
 * A fix as a code action; open documents get versioned edits so a stale fix is refused by the client. An edit
 * that creates a file becomes a CreateFile (kept if the file appeared meanwhile) followed by its text.
 */
export function toCodeAction(fix: Fix, diagnostic: LspDiagnostic, root: string, versionOf: (uri: string) => number | null): CodeAction {
  const byUri = new Map<string, LspTextEdit[]>();
  const created = new Set<string>();
  for (const e of fix.edits) {
    const uri = pathToUri(path.join(root, e.file));
    if (e.createsFile) created.add(uri);
    byUri.set(uri, [...(byUri.get(uri) ?? []), { range: e.range, newText: e.newText }]);
  }
  const edit: WorkspaceEdit = {
    documentChanges: [...byUri].flatMap(([uri, edits]): NonNullable<WorkspaceEdit['documentChanges']> => [
      ...(created.has(uri) ? [CreateFile.create(uri, { ignoreIfExists: true })] : []),
      { textDocument: { uri, version: created.has(uri) ? null : versionOf(uri) }, edits },
    ]),
  };
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.isPreferred ?? false, edit };
}
