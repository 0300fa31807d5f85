// Hover and go-to-definition on Django references: the segments of ORM lookup paths
// (`filter(author__name__icontains=…)`, `order_by("-created")`), attributes of evident model instances
// (`article.author`), model names in code, relation targets (`ForeignKey("Author")`) and the strings of
// option lists (`list_display = ["title"]`). Read off the same resolution the rules use, so what the editor
// shows is what the checks judged. Plain data in and out: the LSP layer translates.
import { contribModelOf, modelPlace } from './contrib';
import type { Span } from '../../core/types';
import { djangoModelsOf, type DjangoModel, type ModelField } from './models';
import { targetStringSpan } from './relations';
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import type { ClassRef } from '../../index/symbols';
import { queryPathsOf, type QueryPath } from './modelChecks';
import { modelSteps, optionStringsOf } from './fieldChecks';
import type { CheckContext } from '../../rulekit/rule';

export interface SourceLocation {
  file: string;
  span: Span;
}

/** What the cursor is on: the range it covers, a Markdown description, and where it is defined. */
export interface DjangoTarget {
  span: Span;
  hover: string;
  definition: SourceLocation | null;
}

function contains(span: Span, line: number, character: number): boolean {
  const [sl, sc, el, ec] = span;
  return (line > sl || (line === sl && character >= sc)) && (line < el || (line === el && character <= ec));
}

/** A check context that records nothing: navigation reads the rules' resolution without reporting. */
function readOnlyContext(project: Project, file: SourceFile): CheckContext {
  const ctx: CheckContext = {
    file,
    project,
    tracker: new DependencyTracker(),
    report: () => undefined,
    each: (_kind, items, check) => items.forEach((item) => check(item, ctx)),
  };
  return ctx;
}

export function djangoTargetAt(project: Project, path: string, line: number, character: number): DjangoTarget | null {
  const file = project.source(path);
  if (!file || file.summary.unparsed || !project.importsPackage('django', new DependencyTracker())) return null;
  const ctx = readOnlyContext(project, file);
  const graph = djangoModelsOf(project);
  const s = file.summary;
  // 1. Lookup paths of manager calls and queryset chains.
  const paths: QueryPath[] = [];
  for (const ref of s.memberRefs) if (ref.call && contains(spanOfCall(ref.rootSpan, ref.call.keywords, ref.call.strings), line, character)) paths.push(...queryPathsOf(ctx, { ref }));
  for (const chain of s.callChains ?? []) paths.push(...queryPathsOf(ctx, { chain }));
  for (const p of paths) {
    if (!contains(p.span, line, character)) continue;
    const found = pathSegmentAt(project, p, character - p.span[1]);
    if (found) return found;
  }
  // 2. Attributes of evident model instances and classes; model names.
  for (const ref of s.memberRefs) {
    if (contains(ref.rootSpan, line, character) && ref.receiver.kind === 'global') {
      const model = graph.modelNamed(file, ref.receiver.name, ctx.tracker);
      if (model) return { span: ref.rootSpan, hover: describeModel(project, model), definition: classLocation(model.cls) };
    }
    if (!ref.steps.some((st) => contains(st.span, line, character))) continue;
    for (const { step, typed } of modelSteps(ctx, ref)) {
      if (contains(step.span, line, character)) return fieldTarget(project, typed.model, step.name, step.span);
    }
  }
  // 3. Relation targets written as strings, in the models of this file.
  for (let index = 0; index < s.classes.length; index++) {
    const model = graph.modelOf({ file, index }, ctx.tracker);
    if (!model) continue;
    for (const m of s.classes[index].members) {
      const span = targetStringSpan(m);
      if (!span || !contains(span, line, character)) continue;
      const target = model.fields.get(m.name)?.target;
      const targetModel = target ? graph.modelOf(target, ctx.tracker) : null;
      if (targetModel) return { span, hover: describeModel(project, targetModel), definition: classLocation(targetModel.cls) };
    }
  }
  // 4. Option lists naming fields (Meta.fields, list_display…).
  for (const option of optionStringsOf(ctx)) {
    if (contains(option.span, line, character)) return fieldTarget(project, option.model, option.name, option.span);
  }
  return null;
}

/** The range a call's keywords and string arguments cover, from its receiver on (a quick pre-filter). */
function spanOfCall(root: Span, keywords: { span: Span }[], strings?: ({ span: Span } | null)[]): Span {
  const ends = [...keywords.map((k) => k.span), ...(strings ?? []).flatMap((x) => (x ? [x.span] : []))];
  const last = ends.reduce((a, b) => (b[2] > a[2] || (b[2] === a[2] && b[3] > a[3]) ? b : a), root);
  return [root[0], root[1], last[2], last[3]];
}

/** The segment of `a__b__c` under the cursor (`offset` into the path), resolved against the models it walks. */
function pathSegmentAt(project: Project, p: QueryPath, offset: number): DjangoTarget | null {
  const graph = djangoModelsOf(project);
  const tracker = new DependencyTracker();
  let model: DjangoModel | null = p.model;
  let last = p.model; // the model whose field the previous segment named
  let start = 0;
  for (const seg of p.path.split('__')) {
    const end = start + seg.length;
    const span: Span = [p.span[0], p.span[1] + start, p.span[0], p.span[1] + end];
    const field: ModelField | undefined = model?.fields.get(seg);
    const accessor: ClassRef | undefined = model && p.mode === 'prefetch' ? model.accessors.get(seg)?.source : undefined;
    if (offset >= start && offset <= end) {
      if (model && (field || accessor)) return fieldTarget(project, model, seg, span);
      return { span, hover: `\`${seg}\`: a lookup or transform (after a field of **${last.name}**)`, definition: null };
    }
    if (!model) return null;
    last = model;
    const next: ClassRef | null | undefined = field?.kind === 'relation' || field?.kind === 'reverse' ? field.target : accessor;
    model = next ? graph.modelOf(next, tracker) : null;
    start = end + 2;
  }
  return null;
}

function classLocation(cls: ClassRef): SourceLocation | null {
  // Django's contrib models are data, with no source in the project.
  if (contribModelOf(cls)) return null;
  return { file: cls.file.path, span: cls.file.summary.classes[cls.index].span };
}

/** A field (or reverse relation, or model member) of a model: where it is declared and what it is. */
function fieldTarget(project: Project, model: DjangoModel, name: string, span: Span): DjangoTarget {
  const symbols = project.symbols;
  const declared = name.endsWith('_id') && model.fields.get(name)?.type === 'ForeignKeyId' ? name.slice(0, -3) : name;
  for (const c of model.chain) {
    const member = symbols.classInfo(c).members.find((m) => m.name === declared);
    if (member) {
      return { span, hover: `**${symbols.classInfo(c).name}.${declared}**${fieldKind(project, model.fields.get(declared))}\n\n${describeModel(project, model)}`, definition: contribModelOf(c) ? null : { file: c.file.path, span: member.span } };
    }
  }
  const field = model.fields.get(name);
  const accessor = model.accessors.get(name);
  const source = field?.kind === 'reverse' ? field.target : accessor?.source;
  if (source) {
    const sourceName = symbols.classInfo(source).name;
    // A reverse accessor leads to the relation that adds it (`author = ForeignKey(…, related_name="articles")`).
    const relation = accessor?.field ? symbols.classInfo(source).members.find((m) => m.name === accessor.field) : undefined;
    const definition = relation && !contribModelOf(source) ? { file: source.file.path, span: relation.span } : classLocation(source);
    return { span, hover: `**${model.name}.${name}**: reverse relation from ${sourceName}${relation ? `.${relation.name}` : ''}\n\n${describeModel(project, model)}`, definition };
  }
  return { span, hover: describeModel(project, model), definition: classLocation(model.cls) };
}

function fieldKind(project: Project, field: ModelField | undefined): string {
  if (!field) return '';
  const target = field.target ? ` to ${project.symbols.classInfo(field.target).name}` : '';
  return field.kind === 'relation' ? `: ${field.type ?? 'relation'}${target}` : field.type ? `: ${field.type}` : '';
}

/** The model's fields, one per line, as the lookups and attributes see them. */
export function describeModel(project: Project, model: DjangoModel): string {
  const symbols = project.symbols;
  const lines: string[] = [];
  for (const f of model.fields.values()) {
    if (f.type === 'ForeignKeyId' || f.name === 'pk') continue;
    const target = f.target ? symbols.classInfo(f.target).name : null;
    if (f.kind === 'relation') lines.push(`- \`${f.name}\` → ${target ?? '?'} (${f.type ?? 'relation'})`);
    else if (f.kind === 'reverse') lines.push(`- \`${f.name}\` ← ${target ?? '?'} (reverse lookup)`);
    else lines.push(`- \`${f.name}\`${f.type ? ` (${f.type})` : ''}`);
  }
  for (const [accessor, { source }] of model.accessors) lines.push(`- \`${accessor}\` ← ${symbols.classInfo(source).name} (reverse accessor)`);
  const note = model.open ? '\n\n_Not every field is known (a base class or relation from outside the project)._' : '';
  return `**${model.name}** (${modelPlace(model.cls)}), Django model\n\n${lines.join('\n')}${note}`;
}
