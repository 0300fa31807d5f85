// The SQLAlchemy model graph, read from summaries: which project classes are mapped (declarative_base(),
// DeclarativeBase, Flask-SQLAlchemy's db.Model, SQLModel with table=True), what they have (columns,
// relationships, anything else of the class body, inherited from mixins and bases, plus the attributes
// other models' backrefs add), their tables, and the Core tables. A model whose attributes cannot all be known
// (a base or mixin outside the project, a customised declarative base, a metaclass) is "open": rules say
// nothing about names it may have.
import { nearestName } from '../../core/nearest';
import type { RelatedSpan } from '../../core/types';
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { alembicRevisionOf, sqlalchemyFactsOf } from './facts';
import { SQLALCHEMY_MODELS_KEY, sqlalchemySurfaceOf } from './indexing';
import { Symbols, type ClassRef } from '../../index/symbols';
import { SurfaceBuild, type SurfaceChange } from '../../index/surfaceBuild';
import { GraphReads } from '../../index/graphKeep';
import type { ForeignKeyRef, MemberInfo } from '../../syntax/summary';
import { decoratorsKeepClass } from '../../index/classDecorators';
import { knownBaseTable, type ResolvedKnownBase } from '../../python/knownBases';
import { SQLALCHEMY_KNOWN_BASES } from './knownBases';

export type ModelFlavor = 'declarative' | 'flask' | 'sqlmodel';
export type AttributeKind = 'column' | 'relationship' | 'other' | 'unknown';

export interface ModelAttribute {
  name: string;
  kind: AttributeKind;
  owner: ClassRef;
  member?: MemberInfo;
  /** Added by another model's `backref=`. */
  backrefFrom?: string;
}

export interface RelationshipIssue {
  member: MemberInfo;
  /** The argument at fault: null for the target (first argument), else a keyword (`back_populates`, `backref`). */
  argument: string | null;
  rule: 'unknown-related-model' | 'relationship-mismatch';
  message: string;
  /** Why mapping fails, and where it was looked for. */
  detail?: string;
  related?: RelatedSpan[];
  /** A name the message suggests, to replace the member's string argument with. */
  suggestion?: { keyword: string | null; from: string; to: string };
  /** back_populates naming nothing: the relationship to add on the target, pointing back. */
  counterpart?: { target: ClassRef; name: string; text: string };
}

export interface SqlModel {
  cls: ClassRef;
  name: string;
  flavor: ModelFlavor;
  /** Mapped to a table (not an abstract base, a DeclarativeBase subclass or a plain SQLModel schema). */
  mapped: boolean;
  open: boolean;
  /** Instances may carry names the class does not show (`setattr(self, …)`, `__getattr__`); the class object's are known. */
  instancesOpen: boolean;
  /** Open because of a base, mixin, metaclass or decorator outside the project (not only attributes set at run time): class-level names such as relationships may come from there. */
  openBases: boolean;
  /**
   * The declarative registry the class is mapped in (the DeclarativeBase subclass, the declarative_base() or
   * SQLAlchemy() object, SQLModel's default one), where relationship("Name") strings are looked up; null: unknown.
   */
  registry: string | null;
  /** That registry may hold classes we cannot see (a class_registry, a customised base given to the factory). */
  registryOpen: boolean;
  /** Declared in an Alembic revision file: a snapshot of the schema at that revision, in a metadata of its own. */
  inRevision: boolean;
  /** The class and its project ancestors (models, mixins, bases), nearest first. */
  chain: ClassRef[];
  /** Every name the class object has (members of the chain, backrefs), nearest first. */
  attributes: Map<string, ModelAttribute>;
  /** Names only instances have (`self.x = …` in a method). */
  instanceAttributes: Set<string>;
  /** The table name, when it is known. */
  table: string | null;
  /** The chain defines `__init__` or is a dataclass-style mapping: the constructor is not the declarative one. */
  customInit: boolean;
  issues: RelationshipIssue[];
}

export interface SqlTableInfo {
  name: string;
  columns: Set<string>;
  /** Columns may exist that the project does not show. */
  open: boolean;
  /** Where the table is declared: `Model` classes or Core tables. */
  declaredBy: string[];
}

const DECLARATIVE_ROOTS = new Set([
  'sqlalchemy.orm.DeclarativeBase', 'sqlalchemy.orm.DeclarativeBaseNoMeta', 'sqlalchemy.orm.decl_api.DeclarativeBase',
  'sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta',
]);
const DECLARATIVE_FACTORIES = new Set(['sqlalchemy.orm.declarative_base', 'sqlalchemy.ext.declarative.declarative_base', 'sqlalchemy.orm.decl_api.declarative_base']);
const FLASK_FACTORIES = new Set(['flask_sqlalchemy.SQLAlchemy', 'flask_sqlalchemy.extension.SQLAlchemy']);
const SQLMODEL_ROOTS = new Set(['sqlmodel.SQLModel', 'sqlmodel.main.SQLModel']);
/** Bases that add no attribute a model is read by (AsyncAttrs adds `awaitable_attrs`, accepted on every model). */
const NEUTRAL_BASES = new Set(['builtins.object', 'abc.ABC', 'typing.Generic', 'typing_extensions.Generic', 'sqlalchemy.ext.asyncio.AsyncAttrs']);
/** Class decorators that keep the class as it is. */
const TRANSPARENT_DECORATORS = new Set(['sqlalchemy_utils.generic_repr', 'sqlalchemy_utils.models.generic_repr', 'sqlalchemy.orm.declarative_mixin', 'sqlalchemy.orm.decl_api.declarative_mixin', 'functools.total_ordering', 'typing.final', 'typing_extensions.final']);
const DATACLASS_MIXINS = new Set(['sqlalchemy.orm.MappedAsDataclass', 'sqlalchemy.orm.decl_api.MappedAsDataclass']);
/** Factory keywords that bring attributes or construction from elsewhere. */
const OPENING_FACTORY_KEYWORDS = new Set(['cls', 'metaclass', 'model_class', 'constructor', 'class_registry', '**']);

/** What a class-level call makes, by the callee's last name. */
const COLUMN_CALLS = new Set(['Column', 'mapped_column']);
const RELATIONSHIP_CALLS = new Set(['relationship', 'Relationship', 'dynamic_loader', 'relation']);
const NON_COLUMN_CALLS = new Set(['synonym', 'association_proxy', 'composite', 'query_expression', 'hybrid_property', 'backref', 'AssociationProxy', 'with_polymorphic']);

/** Names every mapped class has, beyond its own (dunders and `_sa_…` names are always accepted): its root's, from its known bases (with the core's). */
const OWN_KNOWN_BASES = knownBaseTable([SQLALCHEMY_KNOWN_BASES]);
export const IMPLICIT = new Map<ModelFlavor, Set<string>>(
  ([['declarative', 'sqlalchemy.orm.DeclarativeBase'], ['flask', 'flask_sqlalchemy.model.Model'], ['sqlmodel', 'sqlmodel.SQLModel']] as const).map(([flavor, root]) => [
    flavor,
    new Set([...OWN_KNOWN_BASES.get(root)!.members, 'awaitable_attrs']),
  ]),
);

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
}

/** Flask-SQLAlchemy's generated table name (`UserRole` → `user_role`); null where its versions disagree (`UserAPI`). */
export function flaskTableName(name: string): string | null {
  // 3.x: camel_to_snake_case
  const v3 = name.replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1').toLowerCase().replace(/^_+/, '');
  // 2.x: runs of capitals before a lower-case letter or digit, the rest left as written
  const v2 = name.replace(/([A-Z]+)(?=[a-z0-9])/g, (word) => (word.length > 1 ? `_${word.slice(0, -1)}_${word.slice(-1)}` : `_${word}`).toLowerCase()).replace(/^_+/, '');
  return v2 === v3 ? v3 : null;
}

interface Classified {
  role: 'none' | 'base' | 'model';
  flavor: ModelFlavor | null;
  open: boolean;
  instancesOpen: boolean;
  openBases: boolean;
  registry: string | null;
  registryOpen: boolean;
  dataclass: boolean;
  /** Project classes among the bases. */
  bases: ClassRef[];
  /** Third-party mixins the known-bases table lists (flask-login's UserMixin…). */
  known: ResolvedKnownBase[];
}

/**
 * The model graph of a project, rebuilt after any change but a body edit of a file none of its classes are in
 * (index/surfaceBuild.ts: it reads surfaces alone). Typing in a service of polar rebuilt it each keystroke (~50 ms).
 */
export class SqlAlchemyModels {
  /** Whether to build again; holds the files of its models and their ancestors (relationship targets are models). */
  private readonly version: SurfaceBuild;
  private models = new Map<string, SqlModel>();
  private byName = new Map<string, SqlModel[]>();
  private tables = new Map<string, SqlTableInfo>();
  /** Every mapped model's table name is known (a missing table then means a missing table). */
  private tablesComplete = true;
  private classNames = new Set<string>();
  /** What the last build read (unaffectedBy); its tracker is the one the graph reads through. */
  private readonly reads = new GraphReads(sqlalchemySurfaceOf);

  constructor(private readonly project: Project) {
    this.version = new SurfaceBuild(project, 'sqlalchemy-models', (changes) => changes.every((c) => this.unaffectedBy(c)));
  }

  /**
   * Whether the graph is still right after `change` (graphUnaffectedBy, and the file's SQLAlchemy facts alike): its
   * key is then not noted, so that adding a function to a service of polar does not re-check the 1,500 files that
   * read the graph.
   */
  unaffectedBy(change: SurfaceChange): boolean {
    return this.reads.unaffectedBy(change, (path) => this.version.holds(path));
  }

  private static readonly graphs = new WeakMap<Project, SqlAlchemyModels>();
  /** The project's graph (one per project, shared by the rules and editor navigation). */
  static of(project: Project): SqlAlchemyModels {
    let g = SqlAlchemyModels.graphs.get(project);
    if (!g) SqlAlchemyModels.graphs.set(project, (g = new SqlAlchemyModels(project)));
    return g;
  }

  /** The mapped model that declares a table (not a single-table subclass sharing it). */
  tableOwner(name: string, tracker: DependencyTracker): SqlModel | null {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    const owners = [...this.models.values()].filter((m) => m.mapped && m.table === name);
    const keys = new Set(owners.map((o) => Symbols.key(o.cls)));
    return owners.find((m) => !m.chain.slice(1).some((c) => keys.has(Symbols.key(c)))) ?? null;
  }

  /** Whether the project uses SQLAlchemy at all (cheap; no graph is built otherwise). */
  static relevant(project: Project, tracker: DependencyTracker): boolean {
    return project.importsPackage('sqlalchemy', tracker) || project.importsPackage('flask_sqlalchemy', tracker) || project.importsPackage('sqlmodel', tracker);
  }

  modelOf(cls: ClassRef, tracker: DependencyTracker): SqlModel | null {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    return this.models.get(Symbols.key(cls)) ?? null;
  }

  /** The mapped model of that class name, when exactly one has it (revision files' snapshots aside). */
  modelNamed(name: string, tracker: DependencyTracker): SqlModel | null {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    const list = (this.byName.get(name) ?? []).filter((m) => m.mapped && !m.inRevision);
    return list.length === 1 ? list[0] : null;
  }

  /** Whether any class of the project has that name (a string SQLAlchemy evaluates may name it). */
  hasClassNamed(name: string, tracker: DependencyTracker): boolean {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    return this.classNames.has(name);
  }

  mappedNames(tracker: DependencyTracker): string[] {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    return [...this.byName.entries()].filter(([, list]) => list.some((m) => m.mapped)).map(([n]) => n);
  }

  /** A table by name; `complete`: every mapped model's table is known, so an absent table is missing. */
  table(name: string, tracker: DependencyTracker): { table: SqlTableInfo | null; complete: boolean; names: string[] } {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    return { table: this.tables.get(name) ?? null, complete: this.tablesComplete, names: [...this.tables.keys()] };
  }

  /**
   * Whether a relationship loads a list (true) or one object (false), as SQLAlchemy decides: `uselist=`, the
   * annotation (`Mapped[List["Post"]]`), `secondary=` (many-to-many), else the direction the foreign keys give
   * (one-to-many: a collection); a backref is the reverse of the relationship declaring it. null when unsure
   * (custom joins, self-reference, dynamic loaders, open models).
   */
  isCollection(model: SqlModel, name: string, tracker: DependencyTracker): boolean | null {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    const attr = model.attributes.get(name);
    if (!attr || attr.kind !== 'relationship' || model.open) return null;
    const owner = this.models.get(Symbols.key(attr.owner));
    if (attr.backrefFrom) {
      const declaring = owner?.attributes.get(attr.backrefFrom.slice(attr.backrefFrom.lastIndexOf('.') + 1));
      const direction = owner && declaring?.member && !declaring.backrefFrom ? this.direction(owner, declaring.member) : null;
      return direction === null ? null : direction !== 'one-to-many';
    }
    if (!owner || !attr.member) return null;
    const kw = attr.member.callArgs?.keywords ?? {};
    if (/^['"]?(dynamic|write_only|noload|raise)/.test(kw.lazy ?? '') || /(^|\.)dynamic_loader$/.test(attr.member.callArgs?.callee ?? '')) return null;
    if ('uselist' in kw) return kw.uselist === 'True' ? true : kw.uselist === 'False' ? false : null;
    if (attr.member.field?.target) return !!attr.member.field.collection;
    const direction = this.direction(owner, attr.member);
    return direction === null ? null : direction !== 'many-to-one';
  }

  /** The model at the other end of a relationship (a backref's: the model declaring it), when it is known. */
  relatedModel(model: SqlModel, name: string, tracker: DependencyTracker): SqlModel | null {
    tracker.add(SQLALCHEMY_MODELS_KEY);
    this.build();
    const attr = model.attributes.get(name);
    const owner = attr ? this.models.get(Symbols.key(attr.owner)) : undefined;
    if (attr?.kind !== 'relationship' || !owner) return null;
    if (attr.backrefFrom) return owner;
    return attr.member ? this.relationshipTarget(owner, attr.member).target : null;
  }

  /** A relationship's direction from `secondary=` or the foreign keys between the two tables; null when unsure. */
  private direction(model: SqlModel, member: MemberInfo): 'one-to-many' | 'many-to-one' | 'many-to-many' | null {
    const kw = member.callArgs?.keywords ?? {};
    if ('secondary' in kw) return 'many-to-many';
    if (['primaryjoin', 'foreign_keys', 'remote_side', '**'].some((k) => k in kw)) return null;
    const { target } = this.relationshipTarget(model, member);
    if (!target || target.open || model.open || !target.table || !model.table || target.table === model.table) return null;
    // `declared_attr` columns, column_property… may hold foreign keys we cannot see (backref names of unknown targets are no columns).
    if ([model, target].some((m) => [...m.attributes.values()].some((a) => a.kind === 'unknown' && a.member))) return null;
    const toTarget = this.foreignKeyTables(model).has(target.table);
    const toModel = this.foreignKeyTables(target).has(model.table);
    return toTarget === toModel ? null : toTarget ? 'many-to-one' : 'one-to-many';
  }

  /** The tables a model's own columns point at (ForeignKey, ForeignKeyConstraint, SQLModel's foreign_key=). */
  private foreignKeyTables(model: SqlModel): Set<string> {
    const tables = new Set<string>();
    const add = (target: string) => tables.add(target.split('.').slice(-2)[0]);
    for (const c of model.chain) for (const fk of this.project.symbols.classInfo(c).tableForeignKeys ?? []) add(fk.target);
    for (const attr of model.attributes.values()) {
      if (attr.kind !== 'column' || !attr.member) continue;
      for (const fk of attr.member.callArgs?.foreignKeys ?? []) add(fk.target);
      const sqlmodelKey = attr.member.callArgs?.keywords.foreign_key;
      if (typeof sqlmodelKey === 'string') add(sqlmodelKey);
    }
    return tables;
  }

  /** Whether `name` in `file` is a Flask-SQLAlchemy extension object (`db = SQLAlchemy()`), whose attributes are SQLAlchemy's names. */
  isFlaskExtension(file: SourceFile, name: string): boolean {
    return this.factoryOf(file, `${name}.Model`)?.flavor === 'flask';
  }

  /** Subclasses (models) of a model, for attributes an instance may have. */
  subclassesOf(model: SqlModel): SqlModel[] {
    const key = Symbols.key(model.cls);
    return [...this.models.values()].filter((m) => m !== model && m.chain.some((c) => Symbols.key(c) === key));
  }

  private build(): void {
    if (this.version.check() !== 'stale') return;
    // Every key the build reads reaches the tracker unaffectedBy compares with what changed.
    this.reads.record(this.project, () => this.buildGraph());
  }

  private buildGraph(): void {
    this.models = new Map();
    this.byName = new Map();
    this.tables = new Map();
    this.tablesComplete = true;
    this.classNames = new Set();
    const symbols = this.project.symbols;
    const status = new Map<string, Classified>();
    const classify = (cls: ClassRef, depth = 0): Classified => {
      const key = Symbols.key(cls);
      const known = status.get(key);
      if (known) return known;
      const result: Classified = { role: 'none', flavor: null, open: false, instancesOpen: false, openBases: false, registry: null, registryOpen: false, dataclass: false, bases: [], known: [] };
      status.set(key, result); // cycles end here
      const info = symbols.classInfo(cls);
      if (info.dynamic && !info.dynamicInstancesOnly) result.open = true;
      else if (info.dynamic) result.instancesOpen = true;
      if (info.keywords.some((k) => k !== 'table')) result.open = result.openBases = true;
      // registry.mapped, dataclass-style mappings… change what the class is.
      if (!decoratorsKeepClass(symbols, cls, TRANSPARENT_DECORATORS, this.reads.tracker)) result.open = result.openBases = true;
      for (const base of info.bases) {
        const external = base === '?' ? null : symbols.externalName(cls.file, base);
        if (external && DECLARATIVE_ROOTS.has(external)) {
          result.role = result.role === 'model' ? 'model' : 'base';
          result.flavor ??= 'declarative';
          result.registry ??= key;
          continue;
        }
        if (external && SQLMODEL_ROOTS.has(external)) {
          result.flavor = 'sqlmodel';
          result.registry ??= 'sqlmodel';
          result.role = info.keywords.includes('table') ? 'model' : result.role === 'model' ? 'model' : 'base';
          continue;
        }
        if (external && DATACLASS_MIXINS.has(external)) {
          result.dataclass = true;
          continue;
        }
        if (external && NEUTRAL_BASES.has(external)) continue;
        const factory = base === '?' ? null : this.factoryOf(cls.file, base);
        if (factory) {
          result.role = 'model';
          result.flavor = factory.flavor;
          result.registry ??= factory.registry;
          if (factory.open) result.open = result.openBases = result.registryOpen = true;
          continue;
        }
        const sym = base === '?' || depth > 8 ? null : symbols.dotted(cls.file, base, this.reads.tracker);
        if (sym?.kind !== 'class') {
          const known = sym === null && external ? symbols.knownBaseTable.get(external) : undefined;
          if (known && !known.entry.orm && !known.entry.metaclass) result.known.push(known);
          else result.open = result.openBases = true; // a base outside the project may bring attributes of its own
          continue;
        }
        const parent = classify(sym.cls, depth + 1);
        result.bases.push(sym.cls);
        if (parent.open) result.open = true;
        if (parent.instancesOpen) result.instancesOpen = true;
        if (parent.openBases) result.openBases = true;
        if (parent.registryOpen) result.registryOpen = true;
        if (parent.role !== 'none') result.registry ??= parent.registry;
        if (parent.dataclass) result.dataclass = true;
        if (parent.role !== 'none') {
          result.role = 'model';
          result.flavor ??= parent.flavor;
          // SQLModel: a subclass is a table only with table=True.
          if (parent.flavor === 'sqlmodel' && !info.keywords.includes('table') && parent.role === 'base') result.role = 'base';
        }
      }
      return result;
    };
    if (!SqlAlchemyModels.relevant(this.project, this.reads.tracker)) return; // (its readers record the graph's key)
    const classes: ClassRef[] = [];
    for (const file of this.project.allSources()) {
      file.summary.classes.forEach((c, index) => {
        classes.push({ file, index });
        this.classNames.add(c.name);
      });
    }
    for (const cls of classes) classify(cls);
    const chainOf = (cls: ClassRef): ClassRef[] => {
      const out: ClassRef[] = [];
      const seen = new Set<string>();
      const visit = (c: ClassRef, depth: number) => {
        const k = Symbols.key(c);
        if (seen.has(k) || depth > 12) return;
        seen.add(k);
        out.push(c);
        for (const b of status.get(k)?.bases ?? []) visit(b, depth + 1);
      };
      visit(cls, 0);
      return out;
    };
    // 1. Models with their own and inherited names.
    for (const cls of classes) {
      const st = status.get(Symbols.key(cls))!;
      if (st.role === 'none' || !st.flavor) continue;
      const info = symbols.classInfo(cls);
      const chain = chainOf(cls);
      const attributes = new Map<string, ModelAttribute>();
      const instanceAttributes = new Set<string>();
      let customInit = st.dataclass;
      for (const c of chain) {
        const ci = symbols.classInfo(c);
        for (const m of ci.members) {
          if (m.name === '__init__') customInit = true;
          if (!attributes.has(m.name)) attributes.set(m.name, { name: m.name, kind: this.attributeKind(c, m, st.flavor), owner: c, member: m });
        }
        for (const a of ci.instanceAttributes) instanceAttributes.add(a.name);
      }
      // Names of listed third-party mixins (their columns are not listed as such: the table stays open).
      for (const c of chain) {
        for (const known of status.get(Symbols.key(c))?.known ?? []) {
          for (const name of known.members) if (!attributes.has(name)) attributes.set(name, { name, kind: 'other', owner: c });
          for (const name of known.columns) if (!attributes.has(name)) attributes.set(name, { name, kind: 'unknown', owner: c });
        }
      }
      const abstract = info.dunders?.__abstract__ === 'True';
      const mapped = st.role === 'model' && !abstract && !(st.flavor === 'sqlmodel' && !info.keywords.includes('table'));
      const inRevision = typeof alembicRevisionOf(cls.file.summary)?.revision === 'string';
      const model: SqlModel = { cls, name: info.name, flavor: st.flavor, mapped, open: st.open, instancesOpen: st.instancesOpen, openBases: st.openBases, registry: st.registry, registryOpen: st.registryOpen, inRevision, chain, attributes, instanceAttributes, table: null, customInit, issues: [] };
      this.models.set(Symbols.key(cls), model);
      for (const c of chain) this.version.hold(c);
      const list = this.byName.get(info.name) ?? [];
      list.push(model);
      this.byName.set(info.name, list);
    }
    // 2. Tables: each mapped model's, with the columns its chain declares.
    const mappedParent = (model: SqlModel): SqlModel | null => {
      for (const c of model.chain.slice(1)) {
        const m = this.models.get(Symbols.key(c));
        if (m?.mapped) return m;
      }
      return null;
    };
    const tableOf = (model: SqlModel, depth = 0): string | null => {
      const own = symbols.classInfo(model.cls).dunders;
      if (own && '__table__' in own) return null;
      const declared = model.attributes.get('__tablename__');
      if (declared && declared.member?.kind !== 'attribute') return null; // declared_attr: computed
      const parent = mappedParent(model);
      // Flask-SQLAlchemy: a subclass with a primary key column of its own gets its own table (joined
      // inheritance, named for it unless __tablename__ says otherwise); without one it shares its parent's,
      // even when it sets __tablename__ (single-table inheritance).
      if (parent && model.flavor === 'flask') {
        const ownKey = symbols.classInfo(model.cls).members.some((m) => m.callArgs?.keywords.primary_key === 'True' && COLUMN_CALLS.has(lastSegment(m.callArgs.callee ?? '')));
        if (!ownKey) return depth > 8 ? null : tableOf(parent, depth + 1);
        return own && '__tablename__' in own ? own.__tablename__ : flaskTableName(model.name);
      }
      if (own && '__tablename__' in own) return own.__tablename__;
      if (parent) return depth > 8 ? null : tableOf(parent, depth + 1); // single-table inheritance
      if (declared?.member && declared.owner !== model.cls) return symbols.classInfo(declared.owner).dunders?.__tablename__ ?? null;
      if (model.flavor === 'flask') return flaskTableName(model.name);
      if (model.flavor === 'sqlmodel') return model.name.toLowerCase();
      return null;
    };
    for (const model of this.models.values()) {
      if (!model.mapped) continue;
      model.table = tableOf(model);
      // A revision's snapshot models live in a metadata of their own: the application's foreign keys never see them.
      if (model.inRevision) continue;
      if (model.table === null) {
        this.tablesComplete = false;
        continue;
      }
      const t = this.tables.get(model.table) ?? { name: model.table, columns: new Set<string>(), open: false, declaredBy: [] };
      this.tables.set(model.table, t);
      t.declaredBy.push(model.name);
      if (model.open) t.open = true;
      const parentKeys = new Set(model.chain.slice(1).filter((c) => this.models.get(Symbols.key(c))?.mapped).map((c) => Symbols.key(c)));
      for (const attr of model.attributes.values()) {
        // Columns of mapped parents belong to their own tables (joined inheritance) or are already there.
        if (parentKeys.has(Symbols.key(attr.owner))) continue;
        if (attr.kind === 'unknown') t.open = true;
        if (attr.kind !== 'column' || !attr.member) continue;
        const call = attr.member.callArgs;
        const keyword = call && COLUMN_CALLS.has(lastSegment(call.callee ?? '')) && typeof call.keywords.name === 'string' ? call.keywords.name : null;
        const named = keyword ?? (call && call.stringArgs?.includes(0) && call.positional[0] !== null && COLUMN_CALLS.has(lastSegment(call.callee ?? '')) ? call.positional[0] : null);
        t.columns.add(named ?? attr.name);
      }
    }
    for (const file of this.project.allSources()) {
      if (typeof alembicRevisionOf(file.summary)?.revision === 'string') continue;
      for (const core of sqlalchemyFactsOf(file.summary)?.sqlTables ?? []) {
        const t = this.tables.get(core.table) ?? { name: core.table, columns: new Set<string>(), open: false, declaredBy: [] };
        this.tables.set(core.table, t);
        t.declaredBy.push(`Table('${core.table}') in ${file.path}`);
        if (core.open) t.open = true;
        for (const c of core.columns) t.columns.add(c);
      }
    }
    // 3. Relationships: targets, backrefs (names added to the target), back_populates that do not fit.
    const floating = new Set<string>();
    const relationships: { model: SqlModel; attr: ModelAttribute; target: SqlModel | null; targetText: string | null }[] = [];
    for (const model of this.models.values()) {
      for (const attr of model.attributes.values()) {
        if (attr.kind !== 'relationship' || attr.owner !== model.cls || !attr.member) continue;
        const { target, text } = this.relationshipTarget(model, attr.member);
        relationships.push({ model, attr, target, targetText: text });
        const kw = attr.member.callArgs?.keywords ?? {};
        if ('backref' in kw) {
          const name = kw.backref;
          // Built at run time: it may be any name, on the target (and its subclasses) only.
          if (name === null && target) for (const m of [target, ...this.subclassesOf(target)]) m.open = true;
          else if (name === null) floating.add('*');
          else if (target) {
            for (const m of [target, ...this.subclassesOf(target)]) if (!m.attributes.has(name)) m.attributes.set(name, { name, kind: 'relationship', owner: model.cls, backrefFrom: `${model.name}.${attr.name}` });
          } else floating.add(name);
        }
        // Unpacked options may hold a backref: a name we cannot read on the target (and its subclasses) only.
        if ('**' in kw) {
          // Unsure of the target: every mapped class of its name (a name no class has fails anyway; unreadable: all).
          const named = text ?? attr.member.callArgs?.positional[0] ?? attr.member.field?.target ?? null;
          const targets = target ? [target] : named && /^[\w.]+$/.test(named) ? (this.byName.get(lastSegment(named)) ?? []).filter((m) => m.mapped) : [];
          if (targets.length) for (const t of targets) for (const m of [t, ...this.subclassesOf(t)]) m.open = true;
          else floating.add('*');
        }
      }
    }
    if (floating.has('*')) for (const m of this.models.values()) m.open = true;
    else for (const m of this.models.values()) for (const name of floating) if (!m.attributes.has(name)) m.attributes.set(name, { name, kind: 'unknown', owner: m.cls });
    for (const r of relationships) this.relationshipIssues(r.model, r.attr, r.target, r.targetText);
  }

  /** Whether a class-level name of a model is a column, a relationship, something else, or maybe a column. */
  private attributeKind(owner: ClassRef, m: MemberInfo, flavor: ModelFlavor): AttributeKind {
    const symbols = this.project.symbols;
    if (m.kind === 'method' || m.kind === 'classmethod' || m.kind === 'staticmethod' || m.kind === 'property') {
      const fn = m.method !== undefined ? symbols.classInfo(owner).methods[m.method] : undefined;
      return fn?.decorators.some((d) => /declared_attr/.test(d)) ? 'unknown' : 'other';
    }
    if (m.kind !== 'attribute') return 'other';
    if (m.name.startsWith('__')) return 'other';
    const callee = m.callArgs?.callee ?? null;
    if (callee) {
      const last = lastSegment(callee);
      if (COLUMN_CALLS.has(last)) return 'column';
      if (RELATIONSHIP_CALLS.has(last)) return 'relationship';
      if (last === 'Field' && flavor === 'sqlmodel') return m.callArgs!.keywords.sa_column !== undefined || '**' in m.callArgs!.keywords ? 'unknown' : 'column';
      if (NON_COLUMN_CALLS.has(last)) return 'other';
      return 'unknown'; // column_property(Column(…)), deferred(…), custom column helpers
    }
    if (m.field && flavor === 'sqlmodel') return 'column';
    if (m.field && flavor !== 'sqlmodel' && m.field.target !== undefined && !m.field.hasDefault) return 'column'; // `x: Mapped[int]`
    if (m.field && m.field.hasDefault) return 'unknown';
    // `id = BaseMixin.id`: another name for what may be a column (zou's Entity names its mixin's primary key).
    if (m.hint?.kind === 'alias') return 'unknown';
    return 'other';
  }

  /** What `Base`/`db.Model` is: a declarative base made by a factory (declarative_base(), SQLAlchemy()). */
  private factoryOf(file: SourceFile, dotted: string, depth = 0): { flavor: ModelFlavor; open: boolean; registry: string } | null {
    if (depth > 8) return null;
    const [first, ...rest] = dotted.split('.');
    const bindings = this.project.bindingsOf(file, first);
    if (bindings.length !== 1) return null;
    const b = bindings[0];
    if (b.kind === 'import') {
      const record = file.summary.imports[b.importIndex!];
      if (!record || record.kind !== 'from' || record.guards.length) return null;
      const item = record.names.find((n) => (n.alias ?? n.name) === first);
      const target = item ? this.project.resolveImport(file.path, record, this.reads.tracker) : null;
      if (!item || target?.status !== 'found' || !target.location.file) return null;
      const source = this.project.source(target.location.file);
      return source ? this.factoryOf(source, [item.name, ...rest].join('.'), depth + 1) : null;
    }
    if (b.kind !== 'assign' || !b.hint) return null;
    if (b.hint.kind === 'alias') return this.factoryOf(file, [b.hint.target, ...rest].join('.'), depth + 1);
    if (b.hint.kind !== 'call') return null;
    const external = this.project.symbols.externalName(file, b.hint.callee) ?? '';
    const options = sqlalchemyFactsOf(file.summary)?.modelFactories?.find((f) => f.variable === first)?.keywords ?? [];
    const open = options.some((k) => OPENING_FACTORY_KEYWORDS.has(k));
    const registry = `${file.path}#${first}`;
    if (rest.length === 0 && DECLARATIVE_FACTORIES.has(external)) return { flavor: 'declarative', open, registry };
    if (rest.length === 1 && rest[0] === 'Model' && FLASK_FACTORIES.has(external)) return { flavor: 'flask', open, registry };
    // `db = MySQLAlchemy()`: a project subclass of Flask-SQLAlchemy's class (open if it may change the Model).
    if (rest.length === 1 && rest[0] === 'Model') {
      const sym = this.project.symbols.dotted(file, b.hint.callee, this.reads.tracker);
      for (let cls = sym?.kind === 'class' ? sym.cls : null, i = 0; cls && i < 8; i++) {
        const info = this.project.symbols.classInfo(cls);
        const customises = info.members.some((m) => ['__init__', 'make_declarative_base', 'Model', 'model_class', '_make_declarative_base'].includes(m.name));
        if (info.bases.length !== 1 || info.dynamic) return null;
        if (FLASK_FACTORIES.has(this.project.symbols.externalName(cls.file, info.bases[0]) ?? '')) return { flavor: 'flask', open: open || customises, registry };
        if (customises) return { flavor: 'flask', open: true, registry };
        const base = this.project.symbols.dotted(cls.file, info.bases[0], this.reads.tracker);
        cls = base?.kind === 'class' ? base.cls : null;
      }
    }
    return null;
  }

  /** A relationship's target: its first argument (a class name, "Class", "module.Class") or its annotation. */
  private relationshipTarget(model: SqlModel, member: MemberInfo): { target: SqlModel | null; text: string | null } {
    const call = member.callArgs;
    let text = call?.positional[0] ?? call?.keywords.argument ?? null;
    const isString = !!call?.stringArgs?.includes(0);
    if (text === null && call && call.positional.length === 0 && !('argument' in call.keywords)) text = member.field?.target ?? null;
    if (text === null || !/^[A-Za-z_][\w.]*$/.test(text)) return { target: null, text: null };
    if (!isString && call?.positional.length) {
      const sym = this.project.symbols.dotted(model.cls.file, text, this.reads.tracker);
      if (sym?.kind === 'class') return { target: this.models.get(Symbols.key(sym.cls)) ?? null, text: null };
      return { target: null, text: null };
    }
    // SQLAlchemy looks the name up in the registry of the class declaring the relationship.
    const candidates = (this.byName.get(lastSegment(text)) ?? []).filter((m) => m.mapped && (m.registry === model.registry || m.registry === null || model.registry === null));
    return { target: candidates.length === 1 ? candidates[0] : null, text };
  }

  private relationshipIssues(model: SqlModel, attr: ModelAttribute, target: SqlModel | null, text: string | null): void {
    const member = attr.member!;
    const kw = member.callArgs?.keywords ?? {};
    if (!target) {
      // A name no class of the project has: the mapper cannot resolve it when mappers are configured.
      // Whatever else the model inherits, the name is looked up in its registry (unless that one is customised).
      if (text && !this.classNames.has(lastSegment(text)) && !model.registryOpen && model.registry !== null) {
        const fromString = !!member.callArgs?.stringArgs?.includes(0);
        const suggestion = nearestName(lastSegment(text), this.mappedNamesNow());
        model.issues.push({
          rule: 'unknown-related-model',
          member,
          argument: null,
          message: `Related model '${text}' not found${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          detail: `relationship '${model.name}.${attr.name}' targets '${text}', which no mapped class of the project is: configuring the mappers raises InvalidRequestError.`,
          ...(suggestion && fromString ? { suggestion: { keyword: null, from: text, to: suggestion } } : {}),
        });
      }
      return;
    }
    const backPopulates = kw.back_populates;
    // Attributes set at run time are instance attributes: a relationship to pair with comes from the class or its bases.
    if (typeof backPopulates === 'string' && !target.openBases) {
      const other = target.attributes.get(backPopulates);
      if (!other) {
        const candidates = [...target.attributes.values()].filter((a) => a.kind === 'relationship' && !a.backrefFrom).map((a) => a.name);
        const suggestion = nearestName(backPopulates, candidates);
        // The counterpart, in the style of this relationship (classic `relationship("X")`; typed styles need a cardinality we do not know).
        const callee = member.callArgs?.callee ?? '';
        const classic = !member.field && /(^|\.)relationship$/.test(callee) && member.callArgs?.stringArgs?.includes(0);
        model.issues.push({
          rule: 'relationship-mismatch',
          member,
          argument: 'back_populates',
          message: `${target.name} has no relationship '${backPopulates}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          detail: `back_populates="${backPopulates}" on '${model.name}.${attr.name}' names no relationship of ${target.name}: configuring the mappers raises InvalidRequestError.${suggestion ? '' : ` Add one with back_populates="${attr.name}".`}`,
          related: [{ file: target.cls.file.path, span: target.cls.file.summary.classes[target.cls.index].span, message: `model '${target.name}'` }],
          ...(suggestion ? { suggestion: { keyword: 'back_populates', from: backPopulates, to: suggestion } } : {}),
          ...(classic && !suggestion ? { counterpart: { target: target.cls, name: backPopulates, text: `${backPopulates} = ${callee}("${model.name}", back_populates="${attr.name}")` } } : {}),
        });
      } else if (other.kind === 'column') {
        model.issues.push({ rule: 'relationship-mismatch', member, argument: 'back_populates', message: `back_populates="${backPopulates}" names a column of ${target.name}`, detail: `back_populates on '${model.name}.${attr.name}' must name a relationship of ${target.name}, not a column: configuring the mappers fails.` });
      }
      // A relationship that points back at another one only warns (SAWarning about overlapping copies): not judged.
    }
    const backref = kw.backref;
    if (typeof backref === 'string' && !target.open) {
      const existing = target.attributes.get(backref);
      if (existing && !existing.backrefFrom && existing.member && existing.kind !== 'other') {
        model.issues.push({ rule: 'relationship-mismatch', member, argument: 'backref', message: `backref '${backref}' clashes with ${target.name}.${backref}`, detail: `The backref of '${model.name}.${attr.name}' would add '${backref}' to ${target.name}, which the class already defines: configuring the mappers raises ArgumentError.` });
      } else if (existing?.backrefFrom && existing.backrefFrom !== `${model.name}.${attr.name}` && existing.owner !== model.cls) {
        model.issues.push({ rule: 'relationship-mismatch', member, argument: 'backref', message: `backref '${backref}' clashes with the backref of ${existing.backrefFrom}`, detail: `'${model.name}.${attr.name}' and ${existing.backrefFrom} both add '${backref}' to ${target.name}: configuring the mappers raises ArgumentError.` });
      }
    }
  }

  private mappedNamesNow(): string[] {
    return [...this.byName.entries()].filter(([, list]) => list.some((m) => m.mapped && !m.inRevision)).map(([n]) => n);
  }
}

/** `ForeignKey("users.id")` → table and column; null for schema-qualified or unreadable targets. */
export function foreignKeyParts(fk: ForeignKeyRef): { table: string; column: string } | null {
  const parts = fk.target.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null; // schema-qualified names are not judged
  return { table: parts[0], column: parts[1] };
}
