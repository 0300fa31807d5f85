// Alembic revisions read from summaries: the revision graph of each versions folder (down_revision links,
// heads), and the schema the revisions build when replayed from the base in order (create_table, add_column,
// drop_column, renames, drop_table, batch blocks). Where the replay meets anything it cannot read (a table
// name built at run time, DDL in raw SQL, a revision it cannot place, a change to a table the migrations never
// created), the migrated schema is unknown and nothing is said about it.
import { DependencyTracker, SQLALCHEMY_MODELS_KEY, type Project, type SourceFile } from '../index/project';
import type { Span } from '../core/types';
import type { AlembicRevision } from '../syntax/summary';

export interface RevisionProblem {
  file: string;
  span: Span;
  message: string;
  /** Revision ids to suggest (for did-you-mean on a broken down_revision). */
  suggestion?: string;
}

export interface MigratedTable {
  columns: Set<string>;
}

export interface RevisionGroup {
  /** The versions folder. */
  folder: string;
  revisions: Map<string, { file: SourceFile; rev: AlembicRevision }>;
  problems: RevisionProblem[];
  /** The schema after every revision, or null when the replay cannot know it. */
  schema: Map<string, MigratedTable> | null;
  heads: string[];
}

/** The versions folder a revision file belongs to: the nearest folder named `versions` above it, else its own. */
function groupOf(path: string): string {
  const parts = path.split('/');
  parts.pop();
  const i = parts.lastIndexOf('versions');
  return (i >= 0 ? parts.slice(0, i + 1) : parts).join('/');
}

export class AlembicMigrations {
  private built = -1;
  private groups: RevisionGroup[] = [];

  constructor(private readonly project: Project) {}

  /** Every versions folder of the project (empty when it does not use Alembic). */
  all(tracker: DependencyTracker): RevisionGroup[] {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    return this.groups;
  }

  private build(): void {
    if (this.built === this.project.generation) return;
    this.built = this.project.generation;
    const byFolder = new Map<string, RevisionGroup>();
    for (const file of this.project.allSources()) {
      const rev = file.summary.alembicRevision;
      // A revision file: `revision` and `down_revision` at module level, in a migrations folder or importing alembic.
      if (!rev || rev.revision === null || rev.downSpan === null) continue;
      const inMigrations = /(^|\/)(versions|migrations)\//.test(file.path);
      if (!inMigrations && !file.summary.imports.some((i) => i.level === 0 && (i.module === 'alembic' || i.module.startsWith('alembic.')))) continue;
      const folder = groupOf(file.path);
      const group = byFolder.get(folder) ?? { folder, revisions: new Map(), problems: [], schema: null, heads: [] };
      byFolder.set(folder, group);
      if (group.revisions.has(rev.revision)) continue; // duplicated ids: the first one found stands
      group.revisions.set(rev.revision, { file, rev });
    }
    this.groups = [...byFolder.values()];
    for (const group of this.groups) this.analyse(group);
  }

  private analyse(group: RevisionGroup): void {
    const ids = [...group.revisions.keys()];
    let readable = true;
    const referenced = new Set<string>();
    for (const [id, { file, rev }] of group.revisions) {
      if (rev.downRevisions === null) {
        readable = false;
        continue;
      }
      for (const down of rev.downRevisions) {
        referenced.add(down);
        if (group.revisions.has(down)) continue;
        readable = false;
        const suggestion = ids.find((other) => other !== id && (other.startsWith(down) || down.startsWith(other)));
        group.problems.push({
          file: file.path,
          span: rev.downSpan ?? rev.revisionSpan ?? [0, 0, 0, 0],
          message: `down_revision '${down}' of revision '${id}' names no revision in ${group.folder}/: alembic fails with "Revision ${down} referenced from ${down} -> ${id} is not present"${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
    group.heads = ids.filter((id) => !referenced.has(id));
    const labelled = [...group.revisions.values()].some((r) => r.rev.branchLabels);
    if (readable && group.heads.length > 1 && !labelled) {
      for (const head of group.heads) {
        const { file, rev } = group.revisions.get(head)!;
        const others = group.heads.filter((h) => h !== head);
        group.problems.push({
          file: file.path,
          span: rev.revisionSpan ?? [0, 0, 0, 0],
          message: `Revision '${head}' is one of ${group.heads.length} heads (also ${others.map((o) => `'${o}'`).join(', ')}): \`alembic upgrade head\` fails with "Multiple head revisions are present"; merge them (\`alembic merge heads\`) or chain one after the other.`,
        });
      }
    }
    group.schema = readable ? this.replay(group) : null;
  }

  /** Applies every revision's changes in an order that respects down_revision; null when anything is unreadable. */
  private replay(group: RevisionGroup): Map<string, MigratedTable> | null {
    const pending = new Map<string, number>();
    const children = new Map<string, string[]>();
    for (const [id, { rev }] of group.revisions) {
      pending.set(id, rev.downRevisions!.length);
      for (const down of rev.downRevisions!) children.set(down, [...(children.get(down) ?? []), id]);
    }
    const ready = [...pending].filter(([, n]) => n === 0).map(([id]) => id);
    const schema = new Map<string, MigratedTable>();
    let applied = 0;
    while (ready.length) {
      const id = ready.shift()!;
      applied++;
      for (const op of group.revisions.get(id)!.rev.ops) {
        switch (op.op) {
          case 'unknown':
            return null;
          case 'create_table':
            if (op.open) return null;
            schema.set(op.table, { columns: new Set(op.columns) });
            break;
          case 'drop_table':
            schema.delete(op.table);
            break;
          default: {
            // A change to a table the migrations never created: they start from a schema made elsewhere.
            const table = schema.get(op.table);
            if (!table) return null;
            if (op.op === 'rename_table') {
              schema.delete(op.table);
              schema.set(op.to, table);
            } else if (op.op === 'add_column') table.columns.add(op.column);
            else if (op.op === 'drop_column') table.columns.delete(op.column);
            else if (op.op === 'rename_column') {
              table.columns.delete(op.column);
              table.columns.add(op.to);
            }
          }
        }
      }
      for (const child of children.get(id) ?? []) {
        const left = pending.get(child)! - 1;
        pending.set(child, left);
        if (left === 0) ready.push(child);
      }
    }
    return applied === group.revisions.size ? schema : null; // a cycle leaves revisions unapplied
  }
}
