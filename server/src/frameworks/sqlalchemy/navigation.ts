// Editor navigation over the SQLAlchemy model graph: hover on `Model` / `Model.x` shows the model's columns and
// relationships; go-to-definition from `relationship("Name")`, `back_populates="x"`, `secondary="t"`,
// `foreign_keys="[M.x]"`/`primaryjoin="M.a == N.b"`, `ForeignKey("t.c")` strings and from `Model.x`. Plain data in, plain data out: the LSP layer converts.
import type { Span } from '../../core/types';
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import type { ClassRef } from '../../index/symbols';
import type { ForeignKeyRef } from '../../syntax/summary';
import { sqlalchemyFactsOf } from './facts';
import { SqlAlchemyModels, foreignKeyParts, type SqlModel } from './models';

export interface Location {
  file: string;
  span: Span;
}

function contains(span: Span, line: number, character: number): boolean {
  const [sl, sc, el, ec] = span;
  if (line < sl || line > el) return false;
  if (line === sl && character < sc) return false;
  if (line === el && character > ec) return false;
  return true;
}

function graphOf(project: Project): SqlAlchemyModels {
  return SqlAlchemyModels.of(project);
}

function classLocation(cls: ClassRef): Location {
  return { file: cls.file.path, span: cls.file.summary.classes[cls.index].span };
}

/** The model a `Model.x` reference at the position starts from, and the attribute under the cursor (if any). */
function modelReferenceAt(project: Project, file: SourceFile, line: number, character: number): { model: SqlModel; span: Span; attribute?: string } | null {
  const tracker = new DependencyTracker();
  const graph = graphOf(project);
  for (const ref of file.summary.memberRefs) {
    if (ref.receiver.kind !== 'global') continue;
    const onRoot = contains(ref.rootSpan, line, character);
    const step = ref.steps[0] && contains(ref.steps[0].span, line, character) ? ref.steps[0] : undefined;
    if (!onRoot && !step) continue;
    const sym = project.symbols.global(file, ref.receiver.name, tracker);
    const model = sym?.kind === 'class' ? graph.modelOf(sym.cls, tracker) : null;
    if (model) return { model, span: step ? step.span : ref.rootSpan, ...(step ? { attribute: step.name } : {}) };
  }
  return null;
}

/** Markdown describing a model (and one of its attributes). */
export function sqlalchemyHover(project: Project, path: string, line: number, character: number): { span: Span; markdown: string } | null {
  const file = project.source(path);
  if (!file || !SqlAlchemyModels.relevant(project, new DependencyTracker())) return null;
  const found = modelReferenceAt(project, file, line, character);
  if (!found) return null;
  const { model } = found;
  const attrs = [...model.attributes.values()];
  const columns = attrs.filter((a) => a.kind === 'column').map((a) => `\`${a.name}\``);
  const relationships = attrs.filter((a) => a.kind === 'relationship').map((a) => `\`${a.name}\`${a.backrefFrom ? ` (backref of ${a.backrefFrom})` : ''}`);
  const lines = [`**${model.name}** — ${model.mapped ? `mapped to table \`${model.table ?? '?'}\`` : 'not mapped (a base)'} (${model.cls.file.path})`];
  if (found.attribute) {
    const attr = model.attributes.get(found.attribute);
    lines.push('', attr ? `\`${found.attribute}\`: ${attr.kind === 'unknown' ? 'attribute' : attr.kind}${attr.owner !== model.cls ? ` (from ${attr.owner.file.summary.classes[attr.owner.index].name})` : ''}` : `\`${found.attribute}\`: not an attribute of ${model.name}`);
  }
  lines.push('', `Columns: ${columns.join(', ') || '—'}`, '', `Relationships: ${relationships.join(', ') || '—'}`);
  if (model.open) lines.push('', '_Some attributes come from outside the project: the list may be incomplete._');
  return { span: found.span, markdown: lines.join('\n') };
}

/** Where the string or attribute under the cursor is defined. */
export function sqlalchemyDefinition(project: Project, path: string, line: number, character: number): Location | null {
  const file = project.source(path);
  if (!file || !SqlAlchemyModels.relevant(project, new DependencyTracker())) return null;
  const tracker = new DependencyTracker();
  const graph = graphOf(project);
  // ForeignKey("table.column") anywhere in the file.
  const foreignKeys: ForeignKeyRef[] = [
    ...file.summary.classes.flatMap((c) => [...(c.tableForeignKeys ?? []), ...c.members.flatMap((m) => m.callArgs?.foreignKeys ?? [])]),
    ...(sqlalchemyFactsOf(file.summary)?.sqlTables ?? []).flatMap((t) => t.foreignKeys),
  ];
  const fk = foreignKeys.find((f) => contains(f.span, line, character));
  if (fk) return foreignKeyTarget(project, graph, fk, tracker);
  // relationship("Name", back_populates="x") in a model of this file.
  for (const [index, cls] of file.summary.classes.entries()) {
    for (const m of cls.members) {
      const spans = m.callArgs?.stringSpans;
      if (!spans) continue;
      const key = Object.keys(spans).find((k) => contains(spans[k], line, character));
      if (!key) continue;
      const value = m.callArgs!.keywords[key];
      // secondary="post_tags": the table; foreign_keys="[User.x]", primaryjoin="User.id == Post.user_id": the class or attribute under the cursor.
      if (key === 'secondary' && typeof value === 'string') return tableLocation(project, graph, value, tracker);
      if (STRING_EXPRESSION_KEYWORDS.has(key) && typeof value === 'string') {
        const offset = character - spans[key][1] - 1;
        const ref = [...value.matchAll(/(\w+)\.(\w+)/g)].find((r) => r.index! <= offset && offset <= r.index! + r[0].length);
        const target = ref ? graph.modelNamed(ref[1], tracker) : null;
        if (!ref || !target || spans[key][0] !== spans[key][2]) return null;
        const attr = offset > ref.index! + ref[1].length ? target.attributes.get(ref[2]) : undefined;
        return attr?.member ? { file: attr.owner.file.path, span: attr.member.span } : classLocation(target.cls);
      }
      const model = graph.modelOf({ file, index }, tracker);
      const targetName = m.callArgs!.positional[0] ?? m.field?.target ?? null;
      const target = targetName ? graph.modelNamed(targetName.slice(targetName.lastIndexOf('.') + 1), tracker) : null;
      if (!model || !target) return null;
      if (key === '0') return classLocation(target.cls);
      if (key === 'back_populates') {
        const attr = target.attributes.get(m.callArgs!.keywords.back_populates ?? '');
        return attr?.member ? { file: attr.owner.file.path, span: attr.member.span } : classLocation(target.cls);
      }
      return null;
    }
  }
  // Model.x
  const found = modelReferenceAt(project, file, line, character);
  if (!found) return null;
  if (!found.attribute) return classLocation(found.model.cls);
  const attr = found.model.attributes.get(found.attribute);
  if (attr?.member) return { file: attr.owner.file.path, span: attr.member.span };
  return null;
}

/** relationship() keywords whose strings are expressions over `Class.attribute`. */
const STRING_EXPRESSION_KEYWORDS = new Set(['foreign_keys', 'remote_side', 'order_by', 'primaryjoin', 'secondaryjoin']);

/** The model class or Core Table that declares a table. */
function tableLocation(project: Project, graph: SqlAlchemyModels, name: string, tracker: DependencyTracker): Location | null {
  const owner = graph.tableOwner(name, tracker);
  if (owner) return classLocation(owner.cls);
  for (const source of project.allSources()) {
    const table = sqlalchemyFactsOf(source.summary)?.sqlTables?.find((t) => t.table === name);
    if (table) return { file: source.path, span: table.span };
  }
  return null;
}

function foreignKeyTarget(project: Project, graph: SqlAlchemyModels, fk: ForeignKeyRef, tracker: DependencyTracker): Location | null {
  const parts = foreignKeyParts(fk);
  if (!parts) return null;
  const owner = graph.tableOwner(parts.table, tracker);
  if (owner) {
    for (const attr of owner.attributes.values()) {
      if (attr.kind !== 'column' || !attr.member) continue;
      const call = attr.member.callArgs;
      const named = typeof call?.keywords.name === 'string' ? call.keywords.name : call?.stringArgs?.includes(0) ? call.positional[0] : null;
      if ((named ?? attr.name) === parts.column) return { file: attr.owner.file.path, span: attr.member.span };
    }
  }
  return tableLocation(project, graph, parts.table, tracker);
}
