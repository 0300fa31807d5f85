// Plain data shared by every layer. No LSP types here: server/src/lsp/ converts.

/** 0-based line and character; characters are UTF-16 code units (what LSP and tree-sitter on JS strings use). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Compact range kept in summaries: [startLine, startCharacter, endLine, endCharacter]. */
export type Span = [number, number, number, number];

export function spanToRange(span: Span): Range {
  return { start: { line: span[0], character: span[1] }, end: { line: span[2], character: span[3] } };
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  /** Workspace-relative POSIX path of the file the edit applies to. */
  file: string;
  range: Range;
  newText: string;
  /** The file does not exist yet: the edit creates it (its range is then 0:0–0:0 and newText its contents). */
  createsFile?: boolean;
}

/**
 * Whether `coherence check --fix` may apply a fix unreviewed. Safe: it completes what the code already says
 * (a did-you-mean to a name that exists, an import of a name the code uses). Unsafe: it adds code or changes
 * behaviour (a stub, a field, a migration, a dependency, an `await`, a replacement API), so a person reviews it.
 */
export type FixSafety = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  edits: TextEdit[];
  safety: FixSafety;
  /** The single obvious fix (VS Code's "preferred" quick fix, applied by auto-fix). */
  isPreferred?: boolean;
}

/** A place that explains a finding: where a name was looked for, where the suggested candidate is declared. */
export interface RelatedLocation {
  /** Workspace-relative POSIX path. */
  file: string;
  range: Range;
  message: string;
}

/** The same, as a check reports it (a compact span). */
export interface RelatedSpan {
  file: string;
  span: Span;
  message: string;
}

export interface Diagnostic {
  /** Workspace-relative POSIX path. */
  file: string;
  range: Range;
  severity: Severity;
  /** Rule id from the catalogue, e.g. `unknown-import-name`. */
  code: string;
  /** Short (what is missing, the nearest candidate): it must fit a Problems panel row. */
  message: string;
  /** Where it was looked for and why it breaks: shown below the message (hover, CLI, SARIF). */
  detail?: string;
  /** Locations behind the finding (LSP relatedInformation, SARIF relatedLocations). */
  related?: RelatedLocation[];
  fixes: Fix[];
}

export function relatedLocation(r: RelatedSpan): RelatedLocation {
  return { file: r.file, range: spanToRange(r.span), message: r.message };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
