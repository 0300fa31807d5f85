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
  /** The versions folder (of several, the head's: where `alembic revision` writes the next one). */
  folder: string;
  /** Every folder of the graph: one script directory may keep revisions in several (`version_locations`). */
  folders: string[];
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

function dirname(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/**
 * Folders whose revisions name each other's revisions (down_revision, depends_on) are one revision graph: one
 * script directory with several `version_locations`. Folders that never do stay apart (separate databases), and
 * so do folders under different script directories (the nearest `env.py` above each): a reference across those
 * is one Alembic cannot resolve.
 */
function joinFolders(groups: RevisionGroup[], envDirs: string[]): RevisionGroup[] {
  const scriptDirectory = (folder: string) => envDirs.filter((d) => d === '' || folder === d || folder.startsWith(d + '/')).sort((a, b) => b.length - a.length)[0];
  const holders = new Map<string, RevisionGroup[]>();
  for (const g of groups) for (const id of g.revisions.keys()) holders.set(id, [...(holders.get(id) ?? []), g]);
  const parent = new Map<RevisionGroup, RevisionGroup>();
  const root = (g: RevisionGroup): RevisionGroup => {
    while (parent.has(g)) g = parent.get(g)!;
    return g;
  };
  for (const g of groups) {
    for (const { rev } of g.revisions.values()) {
      for (const id of [...(rev.downRevisions ?? []), ...(rev.dependsOn ?? [])]) {
        const other = holders.get(id);
        if (g.revisions.has(id) || other?.length !== 1) continue;
        const [a, b] = [root(g), root(other[0])];
        const [here, there] = [scriptDirectory(g.folder), scriptDirectory(other[0].folder)];
        if (a !== b && (here === undefined || there === undefined || here === there)) parent.set(b, a);
      }
    }
  }
  const joined = new Map<RevisionGroup, RevisionGroup>();
  for (const g of groups) {
    const r = root(g);
    const into: RevisionGroup = joined.get(r) ?? { ...r, folders: [], revisions: new Map() };
    joined.set(r, into);
    into.folders.push(g.folder);
    into.folders.sort();
    for (const [id, entry] of g.revisions) if (!into.revisions.has(id)) into.revisions.set(id, entry);
  }
  return [...joined.values()];
}

export class AlembicMigrations {
  private built = -1;
  private groups: RevisionGroup[] = [];
  /** Versions folders holding a file whose revision id could not be read. */
  private readonly unreadFolders = new Set<string>();

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
    const envDirs: string[] = [];
    this.unreadFolders.clear();
    for (const file of this.project.allSources()) {
      if (/(^|\/)env\.py$/.test(file.path)) envDirs.push(dirname(file.path));
      const rev = file.summary.alembicRevision;
      // A file of a versions folder whose revision id is not read may be the revision another one names.
      if (/(^|\/)versions\//.test(file.path) && (file.summary.unparsed || file.summary.hasErrorNodes || (rev && (rev.revision === null || rev.downSpan === null)))) this.unreadFolders.add(groupOf(file.path));
      // A revision file: `revision` and `down_revision` at module level, in a migrations folder or importing alembic.
      if (!rev || rev.revision === null || rev.downSpan === null) continue;
      const inMigrations = /(^|\/)(versions|migrations)\//.test(file.path);
      if (!inMigrations && !file.summary.imports.some((i) => i.level === 0 && (i.module === 'alembic' || i.module.startsWith('alembic.')))) continue;
      const folder = groupOf(file.path);
      const group = byFolder.get(folder) ?? { folder, folders: [folder], revisions: new Map(), problems: [], schema: null, heads: [] };
      byFolder.set(folder, group);
      if (group.revisions.has(rev.revision)) continue; // duplicated ids: the first one found stands
      group.revisions.set(rev.revision, { file, rev });
    }
    this.groups = joinFolders([...byFolder.values()], envDirs);
    for (const group of this.groups) this.analyse(group);
  }

  private analyse(group: RevisionGroup): void {
    const ids = [...group.revisions.keys()];
    let readable = true;
    // Every revision file of the graph was read: a revision it lacks exists nowhere and creates nothing, so
    // the replay goes on without it (the dangling reference is still reported).
    const idsCertain = group.folders.every((f) => !this.unreadFolders.has(f));
    /** A down_revision names no revision: the heads are then a consequence of that broken link, not a fork. */
    let dangling = false;
    const referenced = new Set<string>();
    const where = group.folders.map((f) => `${f}/`).join(', ');
    // Branch labels may be what depends_on names.
    const labelled = [...group.revisions.values()].some((r) => r.rev.branchLabels);
    for (const [id, { file, rev }] of group.revisions) {
      for (const dependency of rev.dependsOn ?? []) {
        if (group.revisions.has(dependency) || labelled) continue;
        if (!idsCertain) readable = false;
        dangling = true;
        const suggestion = ids.find((other) => other !== id && (other.startsWith(dependency) || dependency.startsWith(other)));
        group.problems.push({
          file: file.path,
          span: rev.dependsSpan ?? rev.revisionSpan ?? [0, 0, 0, 0],
          message: `depends_on '${dependency}' of revision '${id}' names no revision in ${where}: alembic fails with KeyError '${dependency}' as it loads the revisions${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
          ...(suggestion ? { suggestion } : {}),
        });
      }
      if (rev.downRevisions === null) {
        readable = false;
        continue;
      }
      for (const down of rev.downRevisions) {
        referenced.add(down);
        if (group.revisions.has(down)) continue;
        if (!idsCertain) readable = false;
        dangling = true;
        const suggestion = ids.find((other) => other !== id && (other.startsWith(down) || down.startsWith(other)));
        group.problems.push({
          file: file.path,
          span: rev.downSpan ?? rev.revisionSpan ?? [0, 0, 0, 0],
          message: `down_revision '${down}' of revision '${id}' names no revision in ${where}: alembic fails with "Revision ${down} referenced from ${down} -> ${id} is not present"${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
    group.heads = ids.filter((id) => !referenced.has(id));
    if (group.folders.length > 1 && group.heads.length === 1) group.folder = dirname(group.revisions.get(group.heads[0])!.file.path);
    if (readable && !dangling && group.heads.length > 1 && !labelled) {
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
      // Alembic runs a revision after its down revisions and its dependencies.
      const before = [...new Set([...rev.downRevisions!, ...(rev.dependsOn ?? [])])].filter((d) => group.revisions.has(d));
      pending.set(id, before.length);
      for (const down of before) children.set(down, [...(children.get(down) ?? []), id]);
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
