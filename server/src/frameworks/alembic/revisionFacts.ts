// What an Alembic revision file holds, as plain data (FileSummary.frameworks.sqlalchemy.alembicRevision):
// read by revision.ts and its readers, judged by the revision graph (migrations.ts).
import type { Span } from '../../core/types';

/**
 * A schema change an Alembic revision makes (outside `downgrade`); 'unknown' for one we cannot read, with the
 * table or the column it changes when that much is readable (a change to some column `x` of an unknown table).
 */
export type AlembicOp =
  | { op: 'create_table'; table: string; columns: string[]; open: boolean }
  | { op: 'drop_table'; table: string }
  | { op: 'rename_table'; table: string; to: string }
  | { op: 'add_column'; table: string; column: string }
  | { op: 'drop_column'; table: string; column: string }
  | { op: 'rename_column'; table: string; column: string; to: string }
  | { op: 'unknown'; table?: string; column?: string };

export interface AlembicRevision {
  /** Schema changes in the order written (upgrade and the helpers it may call; never downgrade). */
  ops: AlembicOp[];
  /** `branch_labels` is set (several heads may then be intended). */
  branchLabels?: boolean;
  revision: string | null;
  /** null when the value is not literal strings (or None). */
  downRevisions: string[] | null;
  dependsOn: string[] | null;
  downSpan: Span | null;
  revisionSpan: Span | null;
  /** Where `depends_on` names revisions (only when it does). */
  dependsSpan?: Span;
}
