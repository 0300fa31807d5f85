// The SQLAlchemy rules (plain SQLAlchemy 1.4/2.0, Flask-SQLAlchemy, SQLModel), read off the model graph
// (models.ts):
// - unknown-model-field: `User.emial` in a query, `self.x`/`user.x` on a model instance, `User(emial=…)`,
//   `….query(User).filter_by(emial=…)`;
// - unknown-related-model and relationship-mismatch: relationship() targets and back_populates/backref pairs
//   that fail when the mappers are configured;
// - unknown-foreign-key-target: `ForeignKey("table.column")` naming a table or column no model or Table has;
// - orm-misuse: `mapped_column()` inside a Core `Table(...)`.
import { nearestName } from '../../core/nearest';
import type { Fix, Span } from '../../core/types';
import { AlembicMigrations, migratedColumn, migratedTable, type RevisionGroup } from '../alembic/migrations';
import { foreignKeyParts, IMPLICIT, SqlAlchemyModels, type SqlModel } from './models';
import type { Project } from '../../index/project';
import type { ClassRef } from '../../index/symbols';
import type { ForeignKeyRef, MemberInfo, MemberRef } from '../../syntax/summary';
import { alembicRevisionOf, sqlalchemyFactsOf, type JoinedRead, type OrmCall } from './facts';
import { replaceSpanFix } from '../../rulekit/fixes';
import { classRelated, memberRelated } from '../../rulekit/related';
import { ATTRIBUTE_GUARDS } from '../../rulekit/attributeGuards';
import { MIGRATION_REFERENCE, MISSING_MIGRATION, RELATIONSHIP_MISMATCH, UNKNOWN_MODEL_FIELD, UNKNOWN_RELATED_MODEL } from '../../rulekit/ormRules';
import type { CheckContext, RuleFamily } from '../../rulekit/rule';

export function sqlalchemyGraphOf(project: Project): SqlAlchemyModels {
  return SqlAlchemyModels.of(project);
}

const migrations = new WeakMap<Project, AlembicMigrations>();
function migrationsOf(project: Project): AlembicMigrations {
  let m = migrations.get(project);
  if (!m) migrations.set(project, (m = new AlembicMigrations(project)));
  return m;
}

export const UNKNOWN_FOREIGN_KEY_TARGET = {
  id: 'unknown-foreign-key-target',
  defaultSeverity: 'error' as const,
  summary: 'ForeignKey("table.column") or relationship(secondary="table") naming a table or column that no model or Table of the project defines.',
  doc: {
    catches: '`ForeignKey("user.id")` when the table is `users`; `ForeignKey("users.uid")` when the column is `id`; `relationship("Tag", secondary="post_tag")` when the table is `post_tags`.',
    whyItBreaks: "SQLAlchemy raises NoReferencedTableError / NoReferencedColumnError when the mappers are configured or the tables are created (\"Foreign key associated with column 'posts.author_id' could not find table 'user'\").",
    example: 'class Post(Base):\n    __tablename__ = "posts"\n    author_id = Column(Integer, ForeignKey("user.id"))  # the table is "users"',
    fix: 'Name the table and column as the model declares them (`__tablename__`, or the name Flask-SQLAlchemy/SQLModel derive from the class).',
  },
};

export const ORM_MISUSE = {
  id: 'orm-misuse',
  defaultSeverity: 'error' as const,
  summary: 'ORM API misuse that fails at run time: mapped_column() in a Core Table(), a non-mapped class queried in place of the model of its name, a loader option on a column, a joined-loaded collection read without unique(), PostgreSQL array comparisons on a generic ARRAY column.',
  doc: {
    catches: '`Table("tags", metadata, mapped_column("id", Integer))`; `session.query(User)` / `select(User)` / `session.get(User, id)` where this `User` is a Pydantic schema and the mapped `User` lives elsewhere; `joinedload(User.name)` on a column; `session.execute(select(User).options(joinedload(User.posts))).scalars().all()` without `.unique()`; `Article.tags.contains(["x"])` where `tags = Column(ARRAY(String))` is the generic ARRAY.',
    whyItBreaks: "SQLAlchemy raises ArgumentError ('SchemaItem' object expected, got MappedColumn; Column expression or FROM clause expected), NoInspectionAvailable, LoaderStrategyException (Can't apply \"joined loader\" strategy to property \"User.name\", which is a \"column property\"), or InvalidRequestError (The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections), NotImplementedError (ARRAY.contains() not implemented for the base ARRAY type).",
    example: 'post_tags = Table("post_tags", Base.metadata, mapped_column("post_id", ForeignKey("posts.id")))',
    fix: 'Use `Column(...)` in Core tables; call `.unique()` on the result (or use selectinload); declare array columns with `sqlalchemy.dialects.postgresql.ARRAY`.',
  },
};

export const sqlalchemyChecks: RuleFamily = {
  rules: [UNKNOWN_MODEL_FIELD, UNKNOWN_RELATED_MODEL, RELATIONSHIP_MISMATCH, UNKNOWN_FOREIGN_KEY_TARGET, ORM_MISUSE, MISSING_MIGRATION, MIGRATION_REFERENCE],
  check(fileCtx) {
    const s = fileCtx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !SqlAlchemyModels.relevant(fileCtx.project, fileCtx.tracker)) return;
    fileCtx.each('sqlaModels', s.classes.map((_, index) => index), (index, ctx) => checkModelClass(ctx, index));
    const revision = alembicRevisionOf(s);
    fileCtx.each('alembicRevision', revision?.revision ? [revision] : [], (_, ctx) => {
      for (const group of migrationsOf(ctx.project).all(ctx.tracker)) {
        for (const p of group.problems) if (p.file === ctx.file.path) ctx.report({ rule: MIGRATION_REFERENCE.id, span: p.span, message: p.message, detail: p.detail, related: p.related });
      }
    });
    fileCtx.each('sqlaTables', sqlalchemyFactsOf(s)?.sqlTables ?? [], (table, ctx) => {
      const schema = migratedSchema(ctx);
      // Only tables of the models' metadata (`Base.metadata`, Flask-SQLAlchemy's `db.Table`): a MetaData() of
      // their own may describe another database.
      const modelsMetadata = /\.metadata$/.test(table.metadata ?? '') || (!/^(sa|sqlalchemy)\.|^Table$/.test(table.callee) && !table.metadata);
      if (schema && modelsMetadata && migratedTable(schema, table.table) === false) ctx.report({ rule: MISSING_MIGRATION.id, span: table.span, message: `Table '${table.table}' is created by no Alembic revision`, detail: `No revision in ${migrationFolder(ctx)}/ creates it: the database has no such table after \`alembic upgrade head\`.` });
      for (const span of table.mappedColumns) ctx.report({ rule: ORM_MISUSE.id, span, message: `mapped_column() inside Table('${table.table}'): use Column()`, detail: 'Core tables take Column(); mapped_column is for declarative classes.' });
      for (const fk of table.foreignKeys) checkForeignKey(ctx, fk);
    });
    fileCtx.each('sqlaMemberRefs', s.memberRefs, (ref, ctx) => {
      if (!ref.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) checkMemberRef(ctx, ref);
    });
    fileCtx.each('sqlaOrmCalls', sqlalchemyFactsOf(s)?.ormCalls ?? [], (call, ctx) => {
      if (!call.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) checkOrmCall(ctx, call);
    });
    fileCtx.each('sqlaJoinedReads', sqlalchemyFactsOf(s)?.joinedReads ?? [], (read, ctx) => checkJoinedRead(ctx, read));
    fileCtx.each('sqlaEntityQueries', sqlalchemyFactsOf(s)?.entityQueries ?? [], (query, ctx) => {
      if (query.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) return;
      const sym = ctx.project.symbols.dotted(ctx.file, query.entity, ctx.tracker);
      const model = sym?.kind === 'class' ? sqlalchemyGraphOf(ctx.project).modelOf(sym.cls, ctx.tracker) : null;
      if (!model || !model.mapped || model.open) return;
      for (const kw of query.keywords) {
        if (hasAttribute(ctx, model, kw.name, 'class')) continue;
        reportUnknownField(ctx, model, kw.name, kw.span, 'class', `filter_by(${kw.name}=…) on ${model.name}`);
        return;
      }
    });
  },
};

/**
 * orm-misuse: `query(User)`/`select(User)`/`get(User, id)` with a project class that is certainly not mapped
 * while a mapped model of the same name exists (the schema imported instead of the model); a loader option
 * (`joinedload`, `selectinload`…) given a column instead of a relationship.
 */
function checkOrmCall(ctx: CheckContext, call: OrmCall): void {
  const { project, tracker } = ctx;
  const sym = project.symbols.dotted(ctx.file, call.entity, tracker);
  if (sym?.kind !== 'class') return;
  const graph = sqlalchemyGraphOf(project);
  const model = graph.modelOf(sym.cls, tracker);
  if (call.kind === 'loader') {
    const attr = model && !model.open ? model.attributes.get(call.attribute!) : undefined;
    if (attr?.kind === 'column') {
      ctx.report({
        rule: ORM_MISUSE.id,
        span: call.span,
        message: `${call.name}() of column '${model!.name}.${call.attribute}', not a relationship`,
        detail: `'${call.attribute}' is a column of ${model!.name}; loader options apply to relationships (LoaderStrategyException).`,
      });
    }
    return;
  }
  if (model) return; // a model (mapped or a base of models): not judged here
  const info = project.symbols.classInfo(sym.cls);
  const mapped = graph.modelNamed(info.name, tracker);
  // Certainly not mapped: every base is known (project classes, object, Pydantic's BaseModel…).
  const known = project.symbols.mro(sym.cls) !== null || project.symbols.fieldModel(sym.cls, tracker)?.kind === 'pydantic';
  if (!mapped || !known) return;
  ctx.report({
    rule: ORM_MISUSE.id,
    span: call.span,
    message: `${call.name}(${info.name}): this '${info.name}' is not the mapped class`,
    detail: `This '${info.name}' (${sym.cls.file.path}) is not mapped; the model of that name is in ${mapped.cls.file.path} (SQLAlchemy raises ArgumentError / NoInspectionAvailable).`,
    related: [...classRelated(sym.cls, `the '${info.name}' used here`), ...classRelated(mapped.cls, `the model '${info.name}'`)],
  });
}

/**
 * orm-misuse: a 2.0-style result read with `all()`/`scalar_one()`… whose statement joined-eager-loads a
 * collection, without `.unique()` (the legacy Query uniquifies by itself and is never recorded).
 */
function checkJoinedRead(ctx: CheckContext, read: JoinedRead): void {
  const graph = sqlalchemyGraphOf(ctx.project);
  for (const load of read.loads) {
    const sym = ctx.project.symbols.dotted(ctx.file, load.entity, ctx.tracker);
    const model = sym?.kind === 'class' ? graph.modelOf(sym.cls, ctx.tracker) : null;
    if (!model?.mapped || graph.isCollection(model, load.attribute, ctx.tracker) !== true) continue;
    // `result.scalars().all()` → `result.scalars().unique().all()`; `list(result.scalars())` → `list(result.scalars().unique())`.
    const at = read.iterated ? { line: read.span[2], character: read.span[3] } : { line: read.span[0], character: read.span[1] };
    ctx.report({
      rule: ORM_MISUSE.id,
      span: read.span,
      message: `${read.iterated ? 'Iterating' : `${read.consumer}() on`} a joined-eager collection needs .unique() first`,
      detail: `The statement joined-eager-loads the collection ${model.name}.${load.attribute}: SQLAlchemy raises InvalidRequestError ("The unique() method must be invoked on this Result"). Call .unique() first, or load the collection with selectinload().`,
      fixes: [{ title: 'Call .unique() before reading the result', edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: read.iterated ? '.unique()' : 'unique().' }], safety: 'safe' }],
    });
    return;
  }
}

/** Relationship issues and foreign keys of one class of this file (when it is a model). */
function checkModelClass(ctx: CheckContext, index: number): void {
  const model = sqlalchemyGraphOf(ctx.project).modelOf({ file: ctx.file, index }, ctx.tracker);
  if (!model) return;
  for (const issue of model.issues) {
    const fixes: Fix[] = [];
    // Did-you-mean inside the string: `relationship("Adress")` → "Address", `back_populates="ordr"` → "order".
    const literal = issue.suggestion ? issue.member.callArgs?.stringSpans?.[issue.suggestion.keyword ?? '0'] : undefined;
    if (issue.suggestion && literal && literal[0] === literal[2]) {
      const inner: Span = [literal[0], literal[1] + 1, literal[2], literal[3] - 1];
      fixes.push(replaceSpanFix(ctx.file.path, inner, issue.suggestion.to, `Change '${issue.suggestion.from}' to '${issue.suggestion.to}'`));
    }
    if (issue.counterpart) {
      const target = ctx.project.symbols.classInfo(issue.counterpart.target);
      const at = { line: target.insertLine, character: 0 };
      fixes.push({ title: `Add back_populates counterpart '${issue.counterpart.name}' on '${target.name}'`, edits: [{ file: issue.counterpart.target.file.path, range: { start: at, end: at }, newText: `${target.indent}${issue.counterpart.text}\n` }], safety: 'unsafe' });
    }
    // On the string at fault when there is one (a call written over several lines has it below the name).
    const at = issue.member.callArgs?.stringSpans?.[issue.argument ?? '0'];
    ctx.report({ rule: issue.rule, span: at ?? issue.member.span, message: issue.message, detail: issue.detail, related: issue.related, fixes });
  }
  const info = ctx.file.summary.classes[index];
  checkMigrated(ctx, model);
  for (const fk of info.tableForeignKeys ?? []) checkForeignKey(ctx, fk);
  for (const m of info.members) {
    checkRelationshipStrings(ctx, m);
    for (const fk of m.callArgs?.foreignKeys ?? []) checkForeignKey(ctx, fk);
    // SQLModel: `team_id: int = Field(foreign_key="team.id")` (the member's name carries the diagnostic).
    const target = model.flavor === 'sqlmodel' && /(^|\.)Field$/.test(m.callArgs?.callee ?? '') ? m.callArgs!.keywords.foreign_key : undefined;
    if (typeof target === 'string') checkForeignKey(ctx, { target, span: m.span }, false, `Field(foreign_key="${target}")`);
  }
}

/** relationship() keywords SQLAlchemy evaluates as `Class.attribute` lists when the mappers are configured. */
const ATTRIBUTE_LIST_KEYWORDS = ['foreign_keys', 'remote_side', 'order_by'];
const JOIN_KEYWORDS = ['primaryjoin', 'secondaryjoin'];
const ATTRIBUTE_LIST = /^\s*\[?\s*\w+\.\w+\s*(,\s*\w+\.\w+\s*)*,?\s*\]?\s*$/;
const SIMPLE_JOIN = /^\s*\w+\.\w+\s*==\s*\w+\.\w+\s*$/;

/**
 * The strings of a relationship() that SQLAlchemy evaluates when the mappers are configured:
 * `secondary="post_tags"` must name a table (unknown-foreign-key-target, as a ForeignKey's table does), and
 * `foreign_keys="[User.x]"`, `primaryjoin="User.id == Post.user_id"` (only lists of `Class.attribute` and a single
 * `==`: `and_()`, `foreign()`, `table.c.x` are not read) must name attributes the classes have (unknown-model-field).
 */
function checkRelationshipStrings(ctx: CheckContext, m: MemberInfo): void {
  const call = m.callArgs;
  const spans = call?.stringSpans;
  if (!call || !spans || !/(^|\.)(relationship|Relationship|relation)$/.test(call.callee ?? '')) return;
  const graph = sqlalchemyGraphOf(ctx.project);
  // The span of `value.slice(offset, offset + length)` inside the literal, when the literal is just quotes around it.
  const inside = (keyword: string, value: string, offset: number, length: number): Span | null => {
    const span = spans[keyword];
    if (!span || span[0] !== span[2] || span[3] - span[1] !== value.length + 2) return null;
    return [span[0], span[1] + 1 + offset, span[0], span[1] + 1 + offset + length];
  };
  const secondary = call.keywords.secondary;
  if (typeof secondary === 'string' && spans.secondary && /^\w+$/.test(secondary) && !graph.hasClassNamed(secondary, ctx.tracker)) {
    const { table, complete, names } = graph.table(secondary, ctx.tracker);
    const span = inside('secondary', secondary, 0, secondary.length);
    if (!table && complete && span) {
      const suggestion = nearestName(secondary, names);
      ctx.report({
        rule: UNKNOWN_FOREIGN_KEY_TARGET.id,
        span,
        message: `No table '${secondary}' for secondary${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        detail: `relationship(secondary="${secondary}") on '${m.name}': no model or Table of the project has the table '${secondary}', so mapping fails when the mappers configure.`,
        fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, suggestion, `Change '${secondary}' to '${suggestion}'`)] : [],
      });
    }
  }
  for (const keyword of [...ATTRIBUTE_LIST_KEYWORDS, ...JOIN_KEYWORDS]) {
    const value = call.keywords[keyword];
    if (typeof value !== 'string' || !spans[keyword] || !(JOIN_KEYWORDS.includes(keyword) ? SIMPLE_JOIN : ATTRIBUTE_LIST).test(value)) continue;
    for (const ref of value.matchAll(/(\w+)\.(\w+)/g)) {
      const target = graph.modelNamed(ref[1], ctx.tracker);
      if (!target || target.open || hasAttribute(ctx, target, ref[2], 'class')) continue;
      const span = inside(keyword, value, ref.index! + ref[1].length + 1, ref[2].length);
      if (span) reportUnknownField(ctx, target, ref[2], span, 'class', `${keyword}="${value.trim()}" on '${m.name}'`);
    }
  }
}

/** The schema the project's Alembic revisions build, when there is one versions folder and its replay is readable. */
function migratedSchema(ctx: CheckContext): RevisionGroup['schema'] {
  const groups = migrationsOf(ctx.project).all(ctx.tracker);
  return groups.length === 1 ? groups[0].schema : null;
}

function migrationFolder(ctx: CheckContext): string {
  return migrationsOf(ctx.project).all(ctx.tracker)[0]?.folders.join('/, ') ?? 'versions';
}

/** missing-migration: the model's table, and each of its columns, must exist after every revision ran. */
function checkMigrated(ctx: CheckContext, model: SqlModel): void {
  if (!model.mapped || model.inRevision || model.table === null) return;
  const schema = migratedSchema(ctx);
  if (!schema) return;
  const info = ctx.project.symbols.classInfo(model.cls);
  // Attributes set at run time are no columns. A model with a base or mixin from a package (or a metaclass) may
  // have more than we see, but what its own body declares is certain: its columns, in the table its own
  // __tablename__ names.
  const certain = (owner: ClassRef) => !model.openBases || (owner.file === model.cls.file && owner.index === model.cls.index);
  if (model.openBases && info.dunders?.__tablename__ !== model.table) return;
  // Models bound to another database (Flask-SQLAlchemy binds) may be migrated elsewhere.
  if (model.chain.some((c) => ctx.project.symbols.classInfo(c).dunders?.__bind_key__ !== undefined)) return;
  const table = migratedTable(schema, model.table);
  if (table === null) return;
  const folder = migrationFolder(ctx);
  const graph = sqlalchemyGraphOf(ctx.project);
  const parents = new Set(model.chain.slice(1).filter((c) => graph.modelOf(c, ctx.tracker)?.mapped).map((c) => c.file.path + '#' + c.index));
  if (!table) {
    // The whole table, when every column's type can be written down.
    const columns = [...model.attributes.values()].filter((a) => a.kind === 'column' && a.member && certain(a.owner) && !parents.has(a.owner.file.path + '#' + a.owner.index));
    const lines = columns.map((a) => {
      const type = migrationType(a.member!);
      const pk = a.member!.callArgs?.keywords.primary_key === 'True';
      return type ? `        sa.Column(${JSON.stringify(columnNameOf(a.member!) ?? a.name)}, ${type}${foreignKeysText(a.member!)}, ${pk ? 'primary_key=True' : 'nullable=True'}),` : null;
    });
    const fix = columns.length && lines.every((l) => l !== null) ? revisionFix(ctx, `create table ${model.table}`, `    op.create_table(\n        ${JSON.stringify(model.table)},\n${lines.join('\n')}\n    )`, `    op.drop_table(${JSON.stringify(model.table)})`) : null;
    ctx.report({
      rule: MISSING_MIGRATION.id,
      span: info.span,
      message: `Table '${model.table}' is created by no Alembic revision`,
      detail: `No revision in ${folder}/ creates the table of model '${model.name}': queries fail with "no such table" after \`alembic upgrade head\`.`,
      fixes: fix ? [fix] : [],
    });
    return;
  }
  const missing: { name: string; own: boolean; span: Span; member: MemberInfo }[] = [];
  for (const attr of model.attributes.values()) {
    if (attr.kind !== 'column' || !attr.member || !certain(attr.owner) || parents.has(attr.owner.file.path + '#' + attr.owner.index)) continue;
    const column = columnNameOf(attr.member) ?? attr.name;
    if (migratedColumn(schema, table, column) !== false) continue;
    const own = attr.owner.file === model.cls.file && attr.owner.index === model.cls.index;
    missing.push({ name: column, own, span: own ? attr.member.span : info.span, member: attr.member });
  }
  for (const m of missing) {
    const type = migrationType(m.member);
    const table = JSON.stringify(model.table);
    const fix = type ? revisionFix(ctx, `add ${model.table}.${m.name}`, `    op.add_column(${table}, sa.Column(${JSON.stringify(m.name)}, ${type}${foreignKeysText(m.member)}, nullable=True))`, `    op.drop_column(${table}, ${JSON.stringify(m.name)})`) : null;
    ctx.report({
      fixes: fix ? [fix] : [],
      rule: MISSING_MIGRATION.id,
      span: m.span,
      message: `Column '${model.table}.${m.name}' is added by no Alembic revision`,
      detail: `No revision in ${folder}/ adds it${m.own ? '' : ` (inherited by '${model.name}')`}: queries fail with "no such column" after \`alembic upgrade head\`.`,
    });
  }
}

/** The database name of a column attribute: `Column("name", …)` or `mapped_column(…, name="name")`. */
export function columnNameOf(member: MemberInfo): string | null {
  const call = member.callArgs;
  if (!call || !/(^|\.)(Column|mapped_column)$/.test(call.callee ?? '')) return null;
  if (typeof call.keywords.name === 'string') return call.keywords.name;
  return call.stringArgs?.includes(0) && call.positional[0] !== null ? call.positional[0] : null;
}

/** SQLAlchemy's generic types, which a generated migration can name as `sa.<Type>(…)`. */
const MIGRATION_TYPES = new Set(['Integer', 'BigInteger', 'SmallInteger', 'String', 'Text', 'Unicode', 'UnicodeText', 'Boolean', 'DateTime', 'Date', 'Time', 'Float', 'Numeric', 'LargeBinary', 'JSON', 'Interval', 'Uuid']);
const ANNOTATION_TYPES: Record<string, string> = { int: 'Integer', str: 'String', bool: 'Boolean', float: 'Float', datetime: 'DateTime', 'datetime.datetime': 'DateTime', date: 'Date', 'datetime.date': 'Date', Decimal: 'Numeric', bytes: 'LargeBinary' };

/** A column's type as a migration writes it (`sa.String(50)`), when the model shows one of SQLAlchemy's own. */
function migrationType(member: MemberInfo): string | null {
  const text = member.callArgs?.typeText;
  if (text) {
    const m = /^(?:\w+\.)*(\w+)(\((?:\s*(?:\d+|"[^"]*"|'[^']*'|\w+\s*=\s*(?:\d+|True|False|"[^"]*"|'[^']*'))\s*,?)*\))?$/.exec(text.replace(/\s+/g, ' '));
    return m && MIGRATION_TYPES.has(m[1]) ? `sa.${m[1]}${m[2] ?? '()'}` : null;
  }
  const annotated = member.field?.target ? ANNOTATION_TYPES[member.field.target] : undefined;
  return annotated ? `sa.${annotated}()` : null;
}

/** `, sa.ForeignKey("t.c")` for each foreign key the column declares. */
function foreignKeysText(member: MemberInfo): string {
  return (member.callArgs?.foreignKeys ?? []).map((fk) => `, sa.ForeignKey(${JSON.stringify(fk.target)})`).join('');
}

/**
 * "Generate Alembic revision": a new file in the versions folder, chained to the single head, with the
 * change and its reverse. The id is derived from the change, so the same fix always writes the same file.
 */
function revisionFix(ctx: CheckContext, what: string, upgrade: string, downgrade: string): Fix | null {
  const groups = migrationsOf(ctx.project).all(ctx.tracker);
  if (groups.length !== 1 || groups[0].heads.length !== 1) return null;
  const head = groups[0].heads[0];
  let hash = 0x811c9dc5;
  for (const ch of `${head}:${what}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const revision = (hash.toString(16).padStart(8, '0') + (Math.imul(hash, 2654435761) >>> 0).toString(16).padStart(8, '0')).slice(0, 12);
  const slug = what.replace(/\W+/g, '_').toLowerCase();
  const file = `${groups[0].folder}/${revision}_${slug}.py`;
  const text = [
    `"""${what}`,
    '',
    `Revision ID: ${revision}`,
    `Revises: ${head}`,
    '"""',
    'import sqlalchemy as sa',
    'from alembic import op',
    '',
    `revision = "${revision}"`,
    `down_revision = "${head}"`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    upgrade,
    '',
    '',
    'def downgrade():',
    downgrade,
    '',
  ].join('\n');
  const at = { line: 0, character: 0 };
  return { title: `Generate Alembic revision: ${what}`, edits: [{ file, range: { start: at, end: at }, newText: text, createsFile: true }], safety: 'unsafe' };
}

/** `literal`: the span is the string literal (the fix rewrites inside its quotes). */
function checkForeignKey(ctx: CheckContext, fk: ForeignKeyRef, literal = true, label = `ForeignKey("${fk.target}")`): void {
  const parts = foreignKeyParts(fk);
  if (!parts) return;
  const graph = sqlalchemyGraphOf(ctx.project);
  const { table, complete, names } = graph.table(parts.table, ctx.tracker);
  // The string's quotes stay: the fix rewrites what is between them.
  const inner: Span = [fk.span[0], fk.span[1] + 1, fk.span[2], fk.span[3] - 1];
  if (!table) {
    if (!complete) return;
    const suggestion = nearestName(parts.table, names);
    ctx.report({
      rule: UNKNOWN_FOREIGN_KEY_TARGET.id,
      span: fk.span,
      message: `No table '${parts.table}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: `${label}: no model or Table of the project has the table '${parts.table}' (NoReferencedTableError when the tables are created or the mappers configure).`,
      fixes: suggestion && literal && fk.span[0] === fk.span[2] ? [replaceSpanFix(ctx.file.path, inner, `${suggestion}.${parts.column}`, `Change '${parts.table}' to '${suggestion}'`)] : [],
    });
    return;
  }
  if (table.open || table.columns.has(parts.column)) return;
  const suggestion = nearestName(parts.column, [...table.columns]);
  ctx.report({
    rule: UNKNOWN_FOREIGN_KEY_TARGET.id,
    span: fk.span,
    message: `Table '${parts.table}' has no column '${parts.column}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `${label}: the table '${parts.table}' (${table.declaredBy.join(', ')}) has no column '${parts.column}' (NoReferencedColumnError when the tables are created or the mappers configure).`,
    fixes: suggestion && literal && fk.span[0] === fk.span[2] ? [replaceSpanFix(ctx.file.path, inner, `${parts.table}.${suggestion}`, `Change '${parts.column}' to '${suggestion}'`)] : [],
  });
}

/** `Model.x`, `Model(x=…)`, `self.x` in a model's method, `obj.x` on an annotated or constructed instance. */
function checkMemberRef(ctx: CheckContext, ref: MemberRef): void {
  const { project, tracker } = ctx;
  const graph = sqlalchemyGraphOf(project);
  const r = ref.receiver;
  let model: SqlModel | null = null;
  let access: 'class' | 'instance' | 'exact-instance' = 'class';
  // `models.User.email`: through modules to the class, then the steps after it.
  let first = 0;
  if (r.kind === 'self') {
    if (r.classObject) return;
    model = graph.modelOf({ file: ctx.file, index: r.classIndex }, tracker);
    access = 'instance';
  } else {
    let sym = r.kind === 'local' ? project.symbols.hint(ctx.file, r.hint, tracker) : project.symbols.global(ctx.file, r.name, tracker);
    while (sym?.kind === 'module' && first < ref.steps.length) sym = project.symbols.attributeOf(sym, ref.steps[first++].name, tracker);
    if (sym?.kind === 'module') return;
    if (sym?.kind === 'class') model = graph.modelOf(sym.cls, tracker);
    else if (sym?.kind === 'instance' && r.kind === 'local' && r.hint.kind !== 'call') {
      // What an annotation, a function's or method's return annotation, or a FastAPI dependency says it is.
      model = graph.modelOf(sym.cls, tracker);
      access = sym.exact ? 'exact-instance' : 'instance';
    } else if (r.kind === 'local' && r.hint.kind === 'ormResult') {
      const target = project.symbols.dotted(ctx.file, r.hint.entity, tracker);
      if (target?.kind === 'class') {
        model = graph.modelOf(target.cls, tracker);
        access = 'instance'; // polymorphic loading may return a subclass
      }
    } else if (r.kind === 'local' && (r.hint.kind === 'call' || r.hint.kind === 'annotation')) {
      // Model instances: symbols.hint gives up on classes it cannot fully know (their base is SQLAlchemy's).
      const target = project.symbols.dotted(ctx.file, r.hint.kind === 'call' ? r.hint.callee : r.hint.type, tracker);
      if (target?.kind === 'class' && !(r.hint.kind === 'call' && r.hint.awaited)) {
        model = graph.modelOf(target.cls, tracker);
        access = r.hint.kind === 'call' ? 'exact-instance' : 'instance';
      } else if (sym?.kind === 'instance') {
        // `get_user(…)` returning `-> User`, `Depends(get_current_user)`: an instance, perhaps of a subclass.
        model = graph.modelOf(sym.cls, tracker);
        access = 'instance';
      }
    }
  }
  if (!model || model.open) return;
  const steps = ref.steps.slice(first);
  if (steps.length === 0) {
    if (ref.call && access === 'class') checkConstructor(ctx, model, ref);
    return;
  }
  if (ref.write && steps.length === 1) return;
  const step = steps[0];
  if (!hasAttribute(ctx, model, step.name, access)) {
    reportUnknownField(ctx, model, step.name, step.span, access);
    return;
  }
  if (access === 'class' && steps.length === 2 && ref.call && POSTGRESQL_ARRAY_OPERATORS.has(steps[1].name)) checkArrayOperator(ctx, model, step.name, steps[1]);
  // `comment.post.author.emial`: through relationships that hold one object (many-to-one, uselist=False), hop by hop.
  if (access === 'class') return;
  let current = model;
  for (let i = 1; i < steps.length && !(ref.write && i === steps.length - 1); i++) {
    const next = scalarRelated(ctx, current, steps[i - 1].name);
    if (!next || next.open || !next.mapped) return;
    if (!hasAttribute(ctx, next, steps[i].name, 'instance')) {
      reportUnknownField(ctx, next, steps[i].name, steps[i].span, 'instance');
      return;
    }
    current = next;
  }
}

/** The model a relationship of `model` holds when it holds one object: annotated with a single class (`Mapped["User"]`, `Optional[Team]`), or many-to-one / uselist=False as the graph decides. */
function scalarRelated(ctx: CheckContext, model: SqlModel, name: string): SqlModel | null {
  const graph = sqlalchemyGraphOf(ctx.project);
  const attr = model.attributes.get(name);
  if (attr?.kind !== 'relationship') return null;
  const field = attr.backrefFrom ? undefined : attr.member?.field;
  if (field?.target) {
    if (field.collection) return null;
    const sym = ctx.project.symbols.dotted(attr.owner.file, field.target, ctx.tracker);
    return sym?.kind === 'class' ? graph.modelOf(sym.cls, ctx.tracker) : graph.modelNamed(field.target.slice(field.target.lastIndexOf('.') + 1), ctx.tracker);
  }
  return graph.isCollection(model, name, ctx.tracker) === false ? graph.relatedModel(model, name, ctx.tracker) : null;
}

/** Comparisons only the PostgreSQL ARRAY type has (the generic ARRAY's `any()`/`all()` work everywhere). */
const POSTGRESQL_ARRAY_OPERATORS = new Set(['contains', 'overlap', 'contained_by']);
const GENERIC_ARRAY_TYPES = new Set(['sqlalchemy.ARRAY', 'sqlalchemy.types.ARRAY', 'sqlalchemy.sql.sqltypes.ARRAY']);

/**
 * orm-misuse: `Model.tags.contains([…])` (or `overlap`, `contained_by`) where the column's type is the generic
 * `sqlalchemy.ARRAY` (Flask-SQLAlchemy's `db.ARRAY` is the same class): SQLAlchemy raises NotImplementedError
 * ("ARRAY.contains() not implemented for the base ARRAY type") or AttributeError when the expression is built.
 */
function checkArrayOperator(ctx: CheckContext, model: SqlModel, column: string, operator: { name: string; span: Span }): void {
  const attr = model.attributes.get(column);
  const type = attr?.kind === 'column' ? /^\s*([\w.]+)\s*\(/.exec(attr.member?.callArgs?.typeText ?? '')?.[1] : undefined;
  if (!attr || !type || !/(^|\.)ARRAY$/.test(type)) return;
  const graph = sqlalchemyGraphOf(ctx.project);
  const external = ctx.project.symbols.externalName(attr.owner.file, type);
  const generic = external ? GENERIC_ARRAY_TYPES.has(external) : type.split('.').length === 2 && graph.isFlaskExtension(attr.owner.file, type.split('.')[0]);
  if (!generic) return;
  ctx.report({
    rule: ORM_MISUSE.id,
    span: operator.span,
    message: `Generic ARRAY column '${model.name}.${column}' has no ${operator.name}()`,
    detail: `'${column}' is declared with the generic ${type}(…): SQLAlchemy raises ${operator.name === 'contains' ? 'NotImplementedError "ARRAY.contains() not implemented for the base ARRAY type"' : 'AttributeError'}. Declare it with sqlalchemy.dialects.postgresql.ARRAY.`,
  });
}

/** The declarative constructor: every keyword must be an attribute of the class (`hasattr(cls, k)`). */
function checkConstructor(ctx: CheckContext, model: SqlModel, ref: MemberRef): void {
  if (!model.mapped || model.customInit || model.flavor === 'sqlmodel' || !ref.call || ref.call.unpacks) return;
  for (const kw of ref.call.keywords) {
    if (hasAttribute(ctx, model, kw.name, 'class')) continue;
    reportUnknownField(ctx, model, kw.name, kw.span, 'class', `${model.name}(${kw.name}=…)`);
    return;
  }
}

function hasAttribute(ctx: CheckContext, model: SqlModel, name: string, access: 'class' | 'instance' | 'exact-instance'): boolean {
  if (name.startsWith('_') || model.attributes.has(name) || IMPLICIT.get(model.flavor)!.has(name)) return true;
  if (model.flavor === 'sqlmodel' && /^(model|sqlmodel)_/.test(name)) return true;
  if (access !== 'class' && (model.instanceAttributes.has(name) || model.instancesOpen)) return true;
  // `org.name = …` sets a name on one instance: only a write on what may be the class adds it to the class.
  if ((access === 'class' ? classWritten(ctx.project) : ctx.project.symbols.written()).has(name)) return true;
  // An instance typed by annotation (or self) may be a subclass's.
  if (access === 'instance') return sqlalchemyGraphOf(ctx.project).subclassesOf(model).some((m) => m.open || m.instancesOpen || m.attributes.has(name) || m.instanceAttributes.has(name));
  return false;
}

const classWrittenNames = new WeakMap<Project, { generation: number; names: Set<string> }>();

/** Names written somewhere on what may be a class (FileSummary.classAttributeWrites). */
function classWritten(project: Project): Set<string> {
  const cached = classWrittenNames.get(project);
  if (cached?.generation === project.generation) return cached.names;
  const names = new Set<string>();
  for (const file of project.allSources()) for (const name of file.summary.classAttributeWrites ?? file.summary.attributeWrites) names.add(name);
  classWrittenNames.set(project, { generation: project.generation, names });
  return names;
}

function reportUnknownField(ctx: CheckContext, model: SqlModel, name: string, span: Span, access: 'class' | 'instance' | 'exact-instance', where?: string): void {
  const candidates = [...model.attributes.keys(), ...(access === 'class' ? [] : model.instanceAttributes)].filter((n) => !n.startsWith('_'));
  const suggestion = nearestName(name, candidates);
  const columns = [...model.attributes.values()].filter((a) => a.kind === 'column' || a.kind === 'relationship').map((a) => a.name);
  ctx.report({
    rule: UNKNOWN_MODEL_FIELD.id,
    span,
    message: `Model '${model.name}' has no attribute '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail:
      `${where ? `${where}: m` : 'M'}odel '${model.name}' (${model.cls.file.path}) has no column, relationship or attribute '${name}'` +
      `${columns.length ? ` (it has ${columns.slice(0, 8).join(', ')}${columns.length > 8 ? ', …' : ''})` : ''}: ${where ? 'it fails when it runs' : 'reading it raises AttributeError'}.`,
    related: [...classRelated(model.cls, `model '${model.name}'`), ...(suggestion ? memberRelated(model.cls, suggestion, `'${suggestion}' is here`) : [])],
    fixes: [...(suggestion ? [replaceSpanFix(ctx.file.path, span, suggestion, `Change '${name}' to '${suggestion}'`)] : []), ...addColumnFix(ctx, model, name)],
  });
}

/**
 * "Add column `x` to `Model`": a nullable string column in the style of the model's own string columns
 * (`db.Column(db.String(64))` → `x = db.Column(db.String, nullable=True)`); offered only where such a column shows
 * the style (and what the names are imported as).
 */
function addColumnFix(ctx: CheckContext, model: SqlModel, name: string): Fix[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !model.mapped || model.flavor === 'sqlmodel') return [];
  const info = ctx.project.symbols.classInfo(model.cls);
  const pattern = info.members.find((m) => !m.field && /(^|\.)(Column|mapped_column)$/.test(m.callArgs?.callee ?? '') && /^(\w+\.)*String\b/.test(m.callArgs?.typeText ?? ''));
  if (!pattern) return [];
  const type = /^((?:\w+\.)*String)\b/.exec(pattern.callArgs!.typeText!)![1];
  const at = { line: info.insertLine, character: 0 };
  return [{ title: `Add column '${name}' to '${model.name}'`, edits: [{ file: model.cls.file.path, range: { start: at, end: at }, newText: `${info.indent}${name} = ${pattern.callArgs!.callee}(${type}, nullable=True)\n` }], safety: 'unsafe' }];
}
