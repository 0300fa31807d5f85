// What every rule family provides, and what it is given. Rules read the index, never the disk.
import type { Fix, RelatedSpan, Severity, Span } from '../core/types';
import type { DependencyTracker, Project, SourceFile } from '../index/project';
import type { ProjectFileSummary } from '../index/projectFileSummary';

export interface RuleDoc {
  catches: string;
  whyItBreaks: string;
  example: string;
  fix: string;
}

export interface RuleMeta {
  /** Stable id from the catalogue, named after the problem. */
  id: string;
  defaultSeverity: Severity;
  /** One line, shown in rule tables and SARIF. */
  summary: string;
  doc: RuleDoc;
}

export interface Finding {
  rule: string;
  span: Span;
  /** Short: what is missing and the nearest candidate (a test keeps it within 80 characters besides quoted names). */
  message: string;
  /** Where it was looked for, why it breaks, what to do. */
  detail?: string;
  related?: RelatedSpan[];
  fixes?: Fix[];
  /** A severity of its own, below the rule's default (a deprecation reported by a rule of removals); settings still win. */
  severity?: Severity;
}

export interface CheckContext {
  file: SourceFile;
  project: Project;
  /** Every module key a check looks at goes through this, so edits re-check exactly the dependents. */
  tracker: DependencyTracker;
  report(finding: Finding): void;
  /**
   * Checks a list of the file's items (imports, references…) one by one, each with its own context. When
   * the file is re-checked because other files changed, an item whose dependencies did not change keeps its
   * findings without being checked again (an edit of a module imported by hundreds re-derives one item each).
   * `kind` names the list; items are identified by their index in it.
   */
  each<T>(kind: string, items: readonly T[], check: (item: T, itemCtx: CheckContext) => void): void;
}

/** What a check of a project file that is not Python (Dockerfile, Procfile, pyproject.toml…) is given. */
export interface ProjectFileCheckContext {
  path: string;
  summary: ProjectFileSummary;
  project: Project;
  tracker: DependencyTracker;
  report(finding: Finding): void;
}

export interface RuleFamily {
  rules: RuleMeta[];
  check(ctx: CheckContext): void;
  /**
   * True when `check` only hands the file's own lists to `each`, and its item checks read nothing but their item
   * and the context they are given (no memo or answer the family run computed). An edit that touches only its
   * items then checks those again without running the family (checks/runChecks.ts replayLists).
   */
  itemsStandAlone?: boolean;
  /** Findings that land in a project file that is not Python (its diagnostics are published for that file). */
  checkProjectFile?(ctx: ProjectFileCheckContext): void;
}
