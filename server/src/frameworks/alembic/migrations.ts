// Alembic revisions read from summaries: the revision graph of each versions folder (down_revision links,
// heads), and the schema the revisions build when replayed from the base in order (create_table, add_column,
// drop_column, renames, drop_table, batch blocks, DDL in SQL). What the replay cannot read makes unknown only what
// it could change: a change to one table leaves that table's columns open; a change whose table is unknown leaves
// every table open that may exist when it runs (tables created after it, in the graph's order, stay known); a
// table the revisions change but never create comes from a schema they start from, so other tables may exist too.
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { SQLALCHEMY_MODELS_KEY } from '../sqlalchemy/indexing';
import type { RelatedSpan, Span } from '../../core/types';
import { alembicRevisionOf } from '../sqlalchemy/facts';
import type { AlembicRevision } from './revisionFacts';

export interface RevisionProblem {
  file: string;
  span: Span;
  message: string;
  /** Where it was looked for and why alembic fails. */
  detail?: string;
  related?: RelatedSpan[];
  /** Revision ids to suggest (for did-you-mean on a broken down_revision). */
  suggestion?: string;
}

export interface MigratedTable {
  columns: Set<string>;
  /** Columns beyond these may exist: the table predates the revisions, or a change to it was not readable. */
  open: boolean;
}

export interface MigratedSchema {
  tables: Map<string, MigratedTable>;
  /** Tables beyond these may exist (the revisions start from an existing schema, or a change's table is unknown). */
  openTables: boolean;
  /** Columns some table of unknown name may have gained or kept (`batch_op.add_column` on a computed table name). */
  anyTableColumns: Set<string>;
}

/** Whether the migrated database has a table / a column of it: true, false, or null when the replay cannot tell. */
export function migratedTable(schema: MigratedSchema, table: string): MigratedTable | false | null {
  return schema.tables.get(table) ?? (schema.openTables ? null : false);
}

export function migratedColumn(schema: MigratedSchema, table: MigratedTable, column: string): boolean | null {
  if (table.columns.has(column)) return true;
  return table.open || schema.anyTableColumns.has(column) ? null : false;
}

export interface RevisionGroup {
  /** The versions folder (of several, the head's: where `alembic revision` writes the next one). */
  folder: string;
  /** Every folder of the graph: one script directory may keep revisions in several (`version_locations`). */
  folders: string[];
  revisions: Map<string, { file: SourceFile; rev: AlembicRevision }>;
  problems: RevisionProblem[];
  /** The schema after every revision, or null when the replay cannot know it (a cycle, a revision it cannot place). */
  schema: MigratedSchema | null;
  heads: string[];
}

/** The versions folder a file belongs to: the nearest folder named `versions` above it, else its own folder. */
function versionsFolderOf(path: string): string {
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
  /** Per versions folder, how many of its files have a revision id that could not be read. */
  private readonly unreadFiles = new Map<string, number>();

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
    this.unreadFiles.clear();
    // In path order, not the order files were indexed in (a file edited back in is indexed last): which of two
    // revisions with one id stands, and the replay's order of revisions that do not name each other, follow from it.
    const sources = [...this.project.allSources()].filter((f) => /(^|\/)(env\.py$|versions\/)/.test(f.path) || alembicRevisionOf(f.summary)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of sources) {
      if (/(^|\/)env\.py$/.test(file.path)) envDirs.push(dirname(file.path));
      const rev = alembicRevisionOf(file.summary);
      // A file of a versions folder whose revision id is not read may be the revision another one names.
      if (/(^|\/)versions\//.test(file.path) && (file.summary.unparsed || file.summary.hasErrorNodes || (rev && (rev.revision === null || rev.downSpan === null)))) {
        const folder = versionsFolderOf(file.path);
        this.unreadFiles.set(folder, (this.unreadFiles.get(folder) ?? 0) + 1);
      }
      // A revision file: `revision` and `down_revision` at module level, in a migrations folder or importing alembic.
      if (!rev || rev.revision === null || rev.downSpan === null) continue;
      const inMigrations = /(^|\/)(versions|migrations)\//.test(file.path);
      if (!inMigrations && !file.summary.imports.some((i) => i.level === 0 && (i.module === 'alembic' || i.module.startsWith('alembic.')))) continue;
      // Each folder on its own first (a subfolder of `versions/` too): folders that name each other are joined below.
      const folder = /(^|\/)versions\//.test(file.path) ? dirname(file.path) : versionsFolderOf(file.path);
      const group = byFolder.get(folder) ?? { folder, folders: [folder], revisions: new Map(), problems: [], schema: null, heads: [] };
      byFolder.set(folder, group);
      if (group.revisions.has(rev.revision)) continue; // duplicated ids: the first one found stands
      group.revisions.set(rev.revision, { file, rev });
    }
    this.groups = withoutUnloadedSubfolders(joinFolders([...byFolder.values()], envDirs));
    for (const group of this.groups) this.analyse(group);
  }

  private analyse(group: RevisionGroup): void {
    const ids = [...group.revisions.keys()];
    let readable = true;
    // Every revision file of the graph was read: a revision it lacks exists nowhere and creates nothing, so
    // the replay goes on without it (the dangling reference is still reported).
    const versionsFolders = new Set(group.folders.map(versionsFolderOf));
    const unread = [...versionsFolders].reduce((n, f) => n + (this.unreadFiles.get(f) ?? 0), 0);
    /** Revisions named but absent, while some file could not be read: each may be that file (placed before its namers). */
    const absent = new Set<string>();
    /** A down_revision names no revision: the heads are then a consequence of that broken link, not a fork. */
    let dangling = false;
    const referenced = new Set<string>();
    const where = group.folders.map((f) => `${f}/`).join(', ');
    // Branch labels may be what depends_on names.
    const labelled = [...group.revisions.values()].some((r) => r.rev.branchLabels);
    for (const [id, { file, rev }] of group.revisions) {
      for (const dependency of rev.dependsOn ?? []) {
        if (group.revisions.has(dependency) || labelled) continue;
        if (unread) absent.add(dependency);
        dangling = true;
        const suggestion = ids.find((other) => other !== id && (other.startsWith(dependency) || dependency.startsWith(other)));
        group.problems.push({
          file: file.path,
          span: rev.dependsSpan ?? rev.revisionSpan ?? [0, 0, 0, 0],
          message: `depends_on names no revision '${dependency}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          detail: `Revision '${id}' depends on '${dependency}', which is no revision in ${where}: alembic fails with KeyError '${dependency}' as it loads the revisions.`,
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
        if (unread) absent.add(down);
        dangling = true;
        const suggestion = ids.find((other) => other !== id && (other.startsWith(down) || down.startsWith(other)));
        group.problems.push({
          file: file.path,
          span: rev.downSpan ?? rev.revisionSpan ?? [0, 0, 0, 0],
          message: `down_revision names no revision '${down}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          detail: `The down_revision of '${id}' is no revision in ${where}: alembic fails with "Revision ${down} referenced from ${down} -> ${id} is not present".`,
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
          message: `Revision '${head}' is one of ${group.heads.length} heads: merge them`,
          detail: `The other head${others.length > 1 ? 's are' : ' is'} ${others.map((o) => `'${o}'`).join(', ')}: \`alembic upgrade head\` fails with "Multiple head revisions are present". Merge them (\`alembic merge heads\`) or chain one after the other.`,
          related: others.flatMap((o) => {
            const other = group.revisions.get(o)!;
            return other.rev.revisionSpan ? [{ file: other.file.path, span: other.rev.revisionSpan, message: `head '${o}'` }] : [];
          }),
        });
      }
    }
    // A file not read that no revision names could be any revision, even the head: nothing can be known then.
    group.schema = readable && unread <= absent.size ? replay(group, absent) : null;
  }
}

/** A table of the replay, with the revision that created it (null: it predates the revisions). */
interface ReplayedTable extends MigratedTable {
  createdBy: string | null;
  /** Position of the creating change in the replay order. */
  createdAt: number;
}

/**
 * Applies every revision's changes in an order that respects down_revision and depends_on. `absent` revisions
 * (named, not found, while a file could not be read) change anything, before the revisions naming them. null
 * when the graph has a cycle.
 */
function replay(group: RevisionGroup, absent: Set<string>): MigratedSchema | null {
  const parents = new Map<string, string[]>();
  for (const id of absent) parents.set(id, []);
  for (const [id, { rev }] of group.revisions) {
    // Alembic runs a revision after its down revisions and its dependencies.
    parents.set(id, [...new Set([...rev.downRevisions!, ...(rev.dependsOn ?? [])])].filter((d) => group.revisions.has(d) || absent.has(d)));
  }
  const pending = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const [id, before] of parents) {
    pending.set(id, before.length);
    for (const down of before) children.set(down, [...(children.get(down) ?? []), id]);
  }
  const ready = [...pending].filter(([, n]) => n === 0).map(([id]) => id);
  const tables = new Map<string, ReplayedTable>();
  const schema: MigratedSchema = { tables, openTables: false, anyTableColumns: new Set() };
  /** Changes whose table is unknown: where they ran, to tell which tables they may have changed. */
  const unknownChanges: { revision: string; at: number }[] = [];
  let at = 0;
  // A table the revisions change but never create was made before them (by create_all(), by hand): it may
  // have any column, and other tables may exist as well.
  const existing = (name: string): ReplayedTable => {
    let t = tables.get(name);
    if (!t) {
      schema.openTables = true;
      tables.set(name, (t = { columns: new Set(), open: true, createdBy: null, createdAt: -1 }));
    }
    return t;
  };
  let applied = 0;
  while (ready.length) {
    const id = ready.shift()!;
    applied++;
    const ops = absent.has(id) ? [{ op: 'unknown' as const }] : group.revisions.get(id)!.rev.ops;
    for (const op of ops) {
      at++;
      switch (op.op) {
        case 'unknown':
          if (op.table !== undefined) existing(op.table).open = true;
          else if (op.column !== undefined) schema.anyTableColumns.add(op.column);
          else {
            unknownChanges.push({ revision: id, at });
            schema.openTables = true;
            for (const t of tables.values()) t.open = true;
          }
          break;
        case 'create_table':
          tables.set(op.table, { columns: new Set(op.columns), open: op.open, createdBy: id, createdAt: at });
          break;
        case 'drop_table':
          if (!tables.has(op.table)) schema.openTables = true;
          tables.delete(op.table);
          break;
        case 'rename_table': {
          const t = existing(op.table);
          tables.delete(op.table);
          tables.set(op.to, t);
          break;
        }
        case 'add_column':
          existing(op.table).columns.add(op.column);
          break;
        case 'drop_column':
          existing(op.table).columns.delete(op.column);
          break;
        case 'rename_column': {
          const t = existing(op.table);
          t.columns.delete(op.column);
          t.columns.add(op.to);
          break;
        }
      }
    }
    for (const child of children.get(id) ?? []) {
      const left = pending.get(child)! - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (applied !== parents.size) return null; // a cycle leaves revisions unapplied
  // An unknown change replayed before a table's creation still may run after it, unless the creating revision
  // descends from it (another branch may run in either order).
  for (const u of new Set(unknownChanges.map((c) => c.revision))) {
    const after = descendantsOf(u, children);
    const at = Math.min(...unknownChanges.filter((c) => c.revision === u).map((c) => c.at));
    for (const t of tables.values()) {
      if (t.open || t.createdBy === null) continue;
      if (t.createdAt < at || (t.createdBy !== u && !after.has(t.createdBy))) t.open = true;
    }
  }
  return schema;
}

/** The revisions that run after `id` whatever the order: its children, transitively. */
function descendantsOf(id: string, children: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  const queue = [id];
  while (queue.length) {
    for (const c of children.get(queue.pop()!) ?? []) {
      if (out.has(c)) continue;
      out.add(c);
      queue.push(c);
    }
  }
  return out;
}

/**
 * Alembic reads the revisions directly in each versions folder (subfolders only with
 * `recursive_version_locations`). A subfolder of `versions/` whose revisions never name those of the folder
 * above (nor are named by them), such as an archived `versions/legacy/` chain, is not part of that graph: with
 * recursion on, its unlabelled base would be a second head. Labelled branches stay a graph of their own.
 */
function withoutUnloadedSubfolders(groups: RevisionGroup[]): RevisionGroup[] {
  const direct = new Set(groups.flatMap((g) => g.folders.filter((f) => versionsFolderOf(f + '/x') === f)));
  return groups.filter((g) => {
    const nested = g.folders.every((f) => versionsFolderOf(f + '/x') !== f && direct.has(versionsFolderOf(f + '/x')));
    return !nested || [...g.revisions.values()].some((r) => r.rev.branchLabels);
  });
}
