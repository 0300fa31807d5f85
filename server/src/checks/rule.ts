// What every rule family provides, and what it is given. Rules read the index, never the disk.
import type { Fix, Severity, Span } from '../core/types';
import type { DependencyTracker, Project, SourceFile } from '../index/project';

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
  message: string;
  fixes?: Fix[];
}

export interface CheckContext {
  file: SourceFile;
  project: Project;
  /** Every module key a check looks at goes through this, so edits re-check exactly the dependents. */
  tracker: DependencyTracker;
  report(finding: Finding): void;
}

export interface RuleFamily {
  rules: RuleMeta[];
  check(ctx: CheckContext): void;
}
