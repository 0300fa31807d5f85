// Django migrations replayed to the migrated state, per app: the app's migration files in dependency order
// (squashed migrations standing in for those they replace when these are gone), each operation applied to a
// state of model names and field names. Only names are followed (options never matter here). Anything the
// replay cannot follow for certain (an operation it does not know, a list built at run time, a file it cannot
// read) makes the app's state uncertain from that point on: rules then say nothing about it.
import { nearestName } from '../../core/nearest';
import { childrenKey, dirname, moduleKeyOf } from '../../index/moduleIndex';
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { DJANGO_APPS_KEY } from './indexing';
import { djangoFactsOf, type DjangoMigrationSummary, type MigrationOperation } from './facts';
import { djangoAppsOf, type DjangoApp } from './apps';

export interface ModelState {
  /** The name as CreateModel (or RenameModel) wrote it. */
  name: string;
  /** Field names; null when the CreateModel's field list could not be read. */
  fields: Set<string> | null;
  /** Certainly has a table made by the migrations (a plain CreateModel, not state-only, unmanaged or proxy). */
  table: boolean;
  /** Its `db_table` option: absent for Django's default name, null when not known (not literal, AlterModelTable). */
  dbTable?: string | null;
}

/** The table a model state's migrations created: its `db_table`, else Django's `<label>_<model>`; null when unknown. */
function tableName(label: string, m: { name: string; dbTable?: string | null }): string | null {
  return m.dbTable === undefined ? `${label}_${m.name.toLowerCase()}` : m.dbTable;
}

/** A migration naming something that does not exist at that point (reported in the migration file). */
export interface MigrationProblem {
  file: string;
  span: [number, number, number, number];
  message: string;
  /** Where it was looked for and why migrate fails. */
  detail?: string;
}

export interface AppMigrations {
  app: DjangoApp;
  label: string;
  /** Migration name → its file (all of them, replaced ones included). */
  files: Map<string, SourceFile>;
  /** Names replaced by a squashed migration of this app. */
  replaced: Set<string>;
  /** The migrated state, or null when it is not certain. */
  state: Map<string, ModelState> | null;
  /** The migrations nothing else of the app depends on (where a new migration goes); empty when uncertain. */
  leaves: string[];
  problems: MigrationProblem[];
  /** Why the state is not certain (null when it is). */
  uncertainty: string | null;
  /** Every migration file of the folder was read (so a name not among `files` is certainly missing). */
  namesCertain: boolean;
}

/** Operations that change no model or field names (their model, if they name one, must exist). */
const MODEL_OPTION_OPERATIONS: Record<string, string> = {
  AlterModelOptions: 'name',
  AlterModelTable: 'name',
  AlterModelTableComment: 'name',
  AlterUniqueTogether: 'name',
  AlterIndexTogether: 'name',
  AlterModelManagers: 'name',
  AddIndex: 'model_name',
  RemoveIndex: 'model_name',
  RenameIndex: 'model_name',
  AddConstraint: 'model_name',
  RemoveConstraint: 'model_name',
  AlterConstraint: 'model_name',
};
/** Operations (Django's and django.contrib.postgres's) that change no state of names at all. */
const NEUTRAL_OPERATIONS = new Set([
  'RunPython', 'RunSQL', 'CreateExtension', 'BloomExtension', 'BtreeGinExtension', 'BtreeGistExtension', 'CITextExtension',
  'CryptoExtension', 'HStoreExtension', 'TrigramExtension', 'UnaccentExtension', 'CreateCollation', 'RemoveCollation',
  'AddIndexConcurrently', 'RemoveIndexConcurrently', 'AddConstraintNotValid', 'ValidateConstraint',
]);
/** Positional parameters of the operations the replay follows. */
const PARAMETERS: Record<string, string[]> = {
  CreateModel: ['name', 'fields', 'options', 'bases', 'managers'],
  DeleteModel: ['name'],
  RenameModel: ['old_name', 'new_name'],
  AddField: ['model_name', 'name', 'field', 'preserve_default'],
  RemoveField: ['model_name', 'name'],
  AlterField: ['model_name', 'name', 'field', 'preserve_default'],
  RenameField: ['model_name', 'old_name', 'new_name'],
  AlterOrderWithRespectTo: ['name', 'order_with_respect_to'],
  AlterModelOptions: ['name', 'options'],
  AlterModelTable: ['name', 'table'],
  AlterModelTableComment: ['name', 'table_comment'],
  AlterUniqueTogether: ['name', 'unique_together'],
  AlterIndexTogether: ['name', 'index_together'],
  AlterModelManagers: ['name', 'managers'],
  AddIndex: ['model_name', 'index'],
  RemoveIndex: ['model_name', 'name'],
  RenameIndex: ['model_name', 'new_name'],
  AddConstraint: ['model_name', 'constraint'],
  RemoveConstraint: ['model_name', 'name'],
  AlterConstraint: ['model_name', 'name', 'constraint'],
};

/** The operation's class name when the callee is Django's (`migrations.AddField`, `AddField`), else null. */
/**
 * Third-party operations that change the state exactly as a Django one does (their own `database_forwards`
 * only): django-sortedm2m's `AlterSortedManyToManyField` is an `AlterField` (wger's migrations use it).
 */
const THIRD_PARTY_OPERATIONS: [RegExp, string][] = [[/^(?:sortedm2m\.operations\.)?AlterSortedManyToManyField$/, 'AlterField']];

function operationKind(op: MigrationOperation): string | null {
  const known = THIRD_PARTY_OPERATIONS.find(([callee]) => callee.test(op.callee ?? ''));
  if (known) return known[1];
  const m = /^(?:(?:django\.db\.)?migrations\.|(?:django\.contrib\.postgres\.)?operations\.)?(\w+)$/.exec(op.callee ?? '');
  return m ? m[1] : null;
}

function argument(op: MigrationOperation, kind: string, name: string): string | null | undefined {
  if (name in op.keywords) return op.keywords[name];
  const i = (PARAMETERS[kind] ?? []).indexOf(name);
  return i >= 0 && i < op.args.length ? op.args[i] : undefined;
}

/** The migration graph of every app of the project, rebuilt after any change (project.generation). */
export class DjangoMigrations {
  private built = -1;
  private byDir = new Map<string, AppMigrations>();
  /**
   * Per migrations folder, the keys of what its replay read beyond the facts DJANGO_APPS_KEY follows (the migration
   * files' own): which modules the folder holds (a module added to `billing/db_migrations/`, which MIGRATION_MODULES
   * names, shows in no path DJANGO_APPS_KEY knows), and the modules there without a Migration (whether each parses).
   */
  private folderKeys = new Map<string, string[]>();

  constructor(private readonly project: Project) {}

  /** The migrations of an app (null: the app has no migrations folder, or its folder is not known). */
  ofApp(app: DjangoApp, tracker: DependencyTracker): AppMigrations | null {
    this.build(tracker);
    if (app.migrationsDir) tracker.addAll(this.keysOfFolder(app.migrationsDir));
    return this.byDir.get(app.dir) ?? null;
  }

  /** The app whose migrations folder holds `file`, with its replay. */
  ofMigrationFile(file: string, tracker: DependencyTracker): AppMigrations | null {
    this.build(tracker);
    for (const a of this.byDir.values()) {
      if (a.app.migrationsDir !== dirname(file)) continue;
      tracker.addAll(this.keysOfFolder(a.app.migrationsDir));
      return a;
    }
    return null;
  }

  private keysOfFolder(dir: string): string[] {
    let keys = this.folderKeys.get(dir);
    if (!keys) this.folderKeys.set(dir, (keys = [childrenKey(dir)]));
    return keys;
  }

  private build(tracker: DependencyTracker): void {
    tracker.add(DJANGO_APPS_KEY);
    if (this.built === this.project.generation) return;
    this.built = this.project.generation;
    this.byDir = new Map();
    this.folderKeys = new Map();
    const scratch = new DependencyTracker();
    const apps = djangoAppsOf(this.project).allApps(scratch);
    const byFolder = new Map<string, DjangoApp>();
    for (const app of apps) if (app.migrationsDir && app.label) byFolder.set(app.migrationsDir, app);
    const files = new Map<string, Map<string, SourceFile>>();
    const unreadable = new Set<string>();
    for (const file of this.project.allSources()) {
      const dir = dirname(file.path);
      if (!byFolder.has(dir)) continue;
      const name = file.path.slice(dir.length + 1).replace(/\.py$/, '');
      if (name === file.path.slice(dir.length + 1) || name.startsWith('_') || name.startsWith('~')) continue;
      if (!djangoFactsOf(file.summary)?.migration) {
        // Django requires a Migration class in every module there; a file we cannot read may have one.
        if (file.summary.unparsed || file.summary.hasErrorNodes) unreadable.add(dir);
        const key = moduleKeyOf(file.path);
        if (key !== null) this.keysOfFolder(dir).push(key);
        continue;
      }
      let map = files.get(dir);
      if (!map) files.set(dir, (map = new Map()));
      map.set(name, file);
    }
    for (const [dir, app] of byFolder) {
      if (this.project.modules.locate(dir)?.kind !== 'package') continue;
      this.byDir.set(app.dir, replayApp(app, app.label!, files.get(dir) ?? new Map(), unreadable.has(dir)));
    }
  }
}

/** Orders an app's migrations and replays them. */
function replayApp(app: DjangoApp, label: string, files: Map<string, SourceFile>, unreadable: boolean): AppMigrations {
  const out: AppMigrations = { app, label, files, replaced: new Set(), state: null, leaves: [], problems: [], namesCertain: false, uncertainty: null };
  let certain = true;
  /** The state stops being certain here (the first reason is kept: it says why a rule is silent). */
  const doubt = (why: string) => {
    if (certain) out.uncertainty = why;
    certain = false;
  };
  if (unreadable) doubt('a module of the migrations folder could not be read');
  const migrations = new Map<string, DjangoMigrationSummary>();
  for (const [name, file] of files) {
    const m = djangoFactsOf(file.summary)!.migration!;
    if (file.summary.hasErrorNodes || file.summary.unparsed) doubt(`${name} could not be read`);
    migrations.set(name, m);
  }
  // Which names exist is certain only when every file of the folder was read, replaces lists included.
  const namesCertain = certain && [...migrations.values()].every((m) => m.replaces !== null);
  out.namesCertain = namesCertain;
  // Squashed migrations: on a fresh database Django uses the squash and drops the migrations it replaces
  // (dependencies on them then point at the squash).
  const remap = new Map<string, string>();
  for (const [name, m] of migrations) {
    if (m.replaces === null) {
      doubt(`the replaces of ${name} are not a literal list`);
      continue;
    }
    if (!m.replaces.length) continue;
    // Replacing another app's migrations renames an app: they are not in this app's graph.
    for (const [a, n] of m.replaces) {
      if (a !== label) continue;
      out.replaced.add(n);
      if (remap.has(n)) doubt(`${n} is replaced by two squashed migrations`); // replaced by two squashes
      remap.set(n, name);
    }
  }
  const nodes = [...migrations.keys()].filter((n) => !remap.has(n)).sort();
  const node = (n: string) => (remap.has(n) ? remap.get(n)! : n);
  // Edges within the app (other apps' migrations change no state of this one).
  const parents = new Map<string, Set<string>>();
  /** A dependency on a migration that exists nowhere: its dependents' place in the order is by name only. */
  let gap = false;
  for (const n of nodes) {
    const m = migrations.get(n)!;
    if (m.dependenciesDynamic) doubt(`the dependencies of ${n} are not a literal list`);
    const own = new Set<string>();
    for (const d of m.dependencies) {
      if (!('app' in d) || d.app !== label || d.name === '__first__' || d.name === '__latest__') continue;
      const target = migrations.has(d.name) || remap.has(d.name) ? node(d.name) : null;
      if (target === null && namesCertain) {
        // Every file of the folder was read, so the migration exists nowhere: it creates nothing, and the rest
        // of the graph still says what the app's tables hold (missing fields are still reported).
        out.problems.push({ file: files.get(n)!.path, span: d.span, message: `Dependency '${label}.${d.name}' is no migration`, detail: `Migration '${label}.${n}' depends on it, but app '${label}' (${dirname(files.get(n)!.path)}) has no such migration: Django's migration loader raises NodeNotFoundError.` });
        gap = true;
      } else if (target === null) doubt(`${n} depends on a migration that may be missing`);
      else if (target !== n) own.add(target);
    }
    parents.set(n, own);
  }
  // Kahn's order, by name among ready migrations (Django's own order within one branch).
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < nodes.length) {
    const ready = nodes.find((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p) || !parents.has(p)));
    if (!ready) {
      doubt(`the dependencies form a cycle`); // a cycle: migrate fails on its own terms
      break;
    }
    done.add(ready);
    order.push(ready);
  }
  const hasChild = new Set([...parents.values()].flatMap((s) => [...s]));
  out.leaves = order.filter((n) => !hasChild.has(n));
  const state = new Map<string, ModelState>();
  for (const n of order) {
    if (!certain) break;
    const m = migrations.get(n)!;
    if (m.operations === null) {
      doubt(`the operations of ${n} are not a literal list of calls`);
      break;
    }
    // With a gap, an operation may run out of its real order: what it names is not judged.
    const report = (span: MigrationProblem['span'], message: string, detail: string) => (gap ? undefined : out.problems.push({ file: files.get(n)!.path, span, message, detail }));
    if (!replay(m.operations, state, label, report)) doubt(`${n} has an operation the replay cannot follow (custom, or arguments not literal)`);
  }
  out.state = certain ? state : null;
  if (!certain) out.leaves = [];
  return out;
}

/** Applies operations to the state; returns false at the first one it cannot follow. */
function replay(ops: MigrationOperation[], state: Map<string, ModelState>, label: string, report: (span: MigrationProblem['span'], message: string, detail: string) => void, stateOnly = false): boolean {
  for (const op of ops) {
    const kind = operationKind(op);
    if (!kind || op.unpacks) return false;
    if (NEUTRAL_OPERATIONS.has(kind)) continue;
    if (kind === 'SeparateDatabaseAndState') {
      // No state_operations: the state does not change.
      if (op.state === null || (op.state && !replay(op.state, state, label, report, true))) return false;
      continue;
    }
    const arg = (name: string) => argument(op, kind, name);
    /** The model the operation names, reported when it does not exist at this point. */
    const model = (param: string): ModelState | null | undefined => {
      const name = arg(param);
      if (typeof name !== 'string') return undefined;
      const found = state.get(name.toLowerCase());
      if (!found) report(op.span, `${kind} names no model '${label}.${name}'${nearestModel(name, state)}`, `No earlier migration of app '${label}' creates '${name}': migrate fails.`);
      return found ?? null;
    };
    /** The field of a model the operation names, reported when the model (with known fields) lacks it. */
    const field = (m: ModelState, param: string): string | null | undefined => {
      const name = arg(param);
      if (typeof name !== 'string') return undefined;
      if (m.fields && !m.fields.has(name)) {
        const near = nearestName(name, m.fields);
        report(
          op.span,
          `${kind} names no field '${name}' of '${label}.${m.name}'${near ? `; did you mean '${near}'?` : ''}`,
          `'${label}.${m.name}' has no field '${name}' at this point of the migrations${!near && m.fields.size <= 12 ? ` (its fields: ${[...m.fields].sort().join(', ') || 'none'})` : ''}: migrate fails.`,
        );
        return null;
      }
      return name;
    };
    switch (kind) {
      case 'CreateModel': {
        const name = arg('name');
        if (typeof name !== 'string' || op.fields === undefined) return false;
        const table = !stateOnly && op.tableless === undefined;
        const earlier = state.get(name.toLowerCase());
        // A new model under the same name may take a table of its own (`db_table`): only the same table fails.
        const sameTable = earlier?.table && table && tableName(label, earlier) !== null && tableName(label, earlier) === tableName(label, { name, dbTable: op.dbTable });
        if (sameTable) report(op.span, `CreateModel creates '${label}.${name}' again`, `An earlier migration of app '${label}' already created it: migrate fails (the table ${tableName(label, earlier!)} exists).`);
        state.set(name.toLowerCase(), { name, fields: op.fields === null ? null : new Set(op.fields), table, ...(op.dbTable !== undefined ? { dbTable: op.dbTable } : {}) });
        break;
      }
      case 'DeleteModel': {
        const m = model('name');
        if (m === undefined) return false;
        if (m) state.delete(m.name.toLowerCase());
        break;
      }
      case 'RenameModel': {
        const m = model('old_name');
        const to = arg('new_name');
        if (m === undefined || typeof to !== 'string') return false;
        if (m) {
          state.delete(m.name.toLowerCase());
          state.set(to.toLowerCase(), { name: to, fields: m.fields, table: m.table, ...(m.dbTable !== undefined ? { dbTable: m.dbTable } : {}) });
        }
        break;
      }
      case 'AddField': {
        const m = model('model_name');
        const name = arg('name');
        if (m === undefined || typeof name !== 'string') return false;
        m?.fields?.add(name);
        break;
      }
      case 'RemoveField':
      case 'AlterField': {
        const m = model('model_name');
        if (m === undefined) return false;
        if (!m) break;
        const name = field(m, 'name');
        if (name === undefined) return false;
        if (name && kind === 'RemoveField') m.fields?.delete(name);
        break;
      }
      case 'RenameField': {
        const m = model('model_name');
        const to = arg('new_name');
        if (m === undefined || typeof to !== 'string') return false;
        if (!m) break;
        const from = field(m, 'old_name');
        if (from === undefined) return false;
        if (from) {
          m.fields?.delete(from);
          m.fields?.add(to);
        }
        break;
      }
      case 'AlterOrderWithRespectTo': {
        const m = model('name');
        if (m === undefined) return false;
        if (m && arg('order_with_respect_to')) m.fields?.add('_order');
        break;
      }
      default: {
        const param = MODEL_OPTION_OPERATIONS[kind];
        if (!param) return false; // a custom operation may change anything
        const m = model(param);
        if (m === undefined) return false;
        if (m && kind === 'AlterModelTable') m.dbTable = null; // renamed to a table we do not follow
      }
    }
  }
  return true;
}

function nearestModel(name: string, state: Map<string, ModelState>): string {
  const near = nearestName(name, [...state.values()].map((m) => m.name));
  return near ? `; did you mean '${near}'?` : '';
}

const graphs = new WeakMap<Project, DjangoMigrations>();
export function djangoMigrationsOf(project: Project): DjangoMigrations {
  let g = graphs.get(project);
  if (!g) graphs.set(project, (g = new DjangoMigrations(project)));
  return g;
}
