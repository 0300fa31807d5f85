// An Alembic revision file's facts: its identifiers (module-level `revision`, `down_revision`, `depends_on`,
// `branch_labels`, read from the walk's assignments) and the schema changes of its module-level migration
// functions (upgrade() and the helpers it may call, never downgrade(); opsReader.ts), read in a pass after the
// walk. Collected by the SQLAlchemy adapter (frameworks/sqlalchemy/facts.ts) as
// FileSummary.frameworks.sqlalchemy.alembicRevision.
import type { Span } from '../../core/types';
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { ImportRecord } from '../../syntax/summary';
import { AlembicOpsReader } from './opsReader';
import type { AlembicRevision } from './revisionFacts';

/** Alembic's revision identifiers. */
export const ALEMBIC_IDS = new Set(['revision', 'down_revision', 'depends_on', 'branch_labels']);

/** A file's revision record, made when the first identifier or schema change is read. */
export class RevisionReader {
  private record: AlembicRevision | null = null;

  get revision(): AlembicRevision | null {
    return this.record;
  }

  /** Alembic's `revision = "ae10…"`, `down_revision = None | "…" | ("a", "b")`, `depends_on`. */
  readId(name: string, left: SyntaxNode, value: SyntaxNode | undefined, stringValue: (n: SyntaxNode) => string | null, spanOf: (n: SyntaxNode) => Span): void {
    const rev = this.revisionRecord();
    if (name === 'branch_labels') {
      if (value && value.type !== 'none') rev.branchLabels = true;
      return;
    }
    let ids: string[] | null = null;
    if (value?.type === 'none') ids = [];
    else if (value?.type === 'string') ids = stringValue(value) === null ? null : [stringValue(value)!];
    else if (value && (value.type === 'tuple' || value.type === 'list' || value.type === 'parenthesized_expression')) {
      const items = value.children.filter((c) => c.named && c.type !== 'comment').map((c) => stringValue(c));
      ids = items.some((x) => x === null) ? null : (items as string[]);
    }
    if (name === 'revision') {
      rev.revision = ids?.length === 1 ? ids[0] : null;
      rev.revisionSpan = value ? spanOf(value) : spanOf(left);
    } else if (name === 'down_revision') {
      rev.downRevisions = ids;
      rev.downSpan = value ? spanOf(value) : spanOf(left);
    } else {
      rev.dependsOn = ids;
      if (ids?.length && value) rev.dependsSpan = spanOf(value);
    }
  }

  /**
   * The schema changes of the module-level functions, in order: upgrade() and the helpers it may call, never
   * downgrade(), in a file that imports Alembic before the function (plugin migrations may get `op` as a
   * parameter instead).
   */
  readOps(root: SyntaxNode, text: string, imports: readonly ImportRecord[], spanOf: (n: SyntaxNode) => Span): void {
    let reader: AlembicOpsReader | null = null;
    for (const fn of moduleLevelFunctions(root, [])) {
      const name = childByField(fn, 'name');
      const body = childByField(fn, 'body');
      if (!body || (name ? text.slice(name.start, name.end) : '').startsWith('downgrade')) continue;
      const at = spanOf(fn);
      const alembicBefore = imports.some((i) => i.level === 0 && (i.module === 'alembic' || i.module.startsWith('alembic.')) && (i.moduleSpan[0] < at[0] || (i.moduleSpan[0] === at[0] && i.moduleSpan[1] < at[1])));
      if (!alembicBefore && !parameterNames(fn, text).includes('op')) continue;
      const ops = (reader ??= new AlembicOpsReader(text, root)).read(body);
      if (ops.length) this.revisionRecord().ops.push(...ops);
    }
  }

  private revisionRecord(): AlembicRevision {
    return (this.record ??= { ops: [], revision: null, downRevisions: null, dependsOn: null, downSpan: null, revisionSpan: null });
  }
}

/** Function definitions in module scope (not in a function or class body), in source order. */
function moduleLevelFunctions(n: SyntaxNode, out: SyntaxNode[]): SyntaxNode[] {
  for (const c of n.children) {
    if (c.type === 'function_definition') out.push(c);
    else if (c.type !== 'class_definition') moduleLevelFunctions(c, out);
  }
  return out;
}

/** A function's parameter names (`op`, `op: Operations`, `op=None`, `*op`…). */
function parameterNames(fn: SyntaxNode, text: string): string[] {
  const names: string[] = [];
  for (const p of childByField(fn, 'parameters')?.children ?? []) {
    const name = p.type === 'identifier' ? p : (childByField(p, 'name') ?? p.children.find((c) => c.type === 'identifier'));
    if (name) names.push(text.slice(name.start, name.end));
  }
  return names;
}
