// serializer-misconfigured: Django REST framework serializers that DRF refuses when it builds their fields, or
// that break on the first object they serialize:
// - `username = CharField(source="username")`: DRF asserts that a source equal to the field name is redundant
//   (AssertionError when the fields are bound, i.e. on the first use of the serializer);
// - `Meta.fields` and `Meta.exclude` both set on a ModelSerializer (AssertionError);
// - a nested serializer with `many=True` on a forward ForeignKey/OneToOne of the Meta model: the related object
//   is iterated (TypeError: '<Model>' object is not iterable).
// Only serializer classes whose base chain reaches DRF's serializers through project classes are judged.
import { djangoModelsOf, isManyRelation, type DjangoModel } from './models';
import type { SourceFile } from '../../index/project';
import type { Fix, Span } from '../../core/types';
import type { ClassRef } from '../../index/symbols';
import type { MemberInfo } from '../../syntax/summary';
import { replaceSpanFix } from '../../rulekit/fixes';
import type { CheckContext, RuleFamily, RuleMeta } from '../../rulekit/rule';

export const SERIALIZER_MISCONFIGURED: RuleMeta = {
  id: 'serializer-misconfigured',
  defaultSeverity: 'error',
  summary: 'A Django REST framework serializer that DRF refuses or that breaks on the first object it serializes',
  doc: {
    catches: "A field whose `source=` repeats its own name, a ModelSerializer `Meta` that sets both `fields` and `exclude`, and a nested serializer declared `many=True` for a forward ForeignKey or OneToOne of the Meta model.",
    whyItBreaks: "DRF asserts against a redundant `source` and against `fields` with `exclude` when it builds the serializer's fields (AssertionError on first use); a `many=True` serializer iterates the related object, which is one model instance (TypeError: object is not iterable).",
    example: 'class UserSerializer(serializers.ModelSerializer):\n    username = serializers.CharField(source="username")\n    class Meta:\n        model = User\n        fields = ["username"]\n        exclude = ["password"]',
    fix: 'Drop the redundant `source=`; keep one of `fields` and `exclude`; drop `many=True` for a to-one relation.',
  },
};

const DRF_SERIALIZER = /^rest_framework\.serializers\.(Serializer|ModelSerializer|HyperlinkedModelSerializer)$/;
const DRF_MODEL_SERIALIZER = /^rest_framework\.serializers\.(ModelSerializer|HyperlinkedModelSerializer)$/;

export const drfSerializerChecks: RuleFamily = {
  rules: [SERIALIZER_MISCONFIGURED],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !ctx.project.importsPackage('rest_framework', ctx.tracker)) return;
    ctx.each('drfSerializers', s.classes.map((_, i) => i), (index, classCtx) => checkClass(classCtx, index));
  },
};

/** What a class is to DRF: a serializer (`model` when a ModelSerializer), or null when it is none or unknown. */
function serializerKind(ctx: CheckContext, cls: ClassRef, depth = 0): 'model' | 'plain' | null {
  const symbols = ctx.project.symbols;
  let kind: 'model' | 'plain' | null = null;
  for (const base of symbols.classInfo(cls).bases) {
    if (base === '?') continue;
    const external = symbols.externalName(cls.file, base);
    if (external && DRF_MODEL_SERIALIZER.test(external)) return 'model';
    if (external && DRF_SERIALIZER.test(external)) kind ??= 'plain';
    const sym = external || depth > 6 ? null : symbols.dotted(cls.file, base, ctx.tracker);
    const parent = sym?.kind === 'class' ? serializerKind(ctx, sym.cls, depth + 1) : null;
    if (parent === 'model') return 'model';
    kind ??= parent;
  }
  return kind;
}

function checkClass(ctx: CheckContext, index: number): void {
  const cls: ClassRef = { file: ctx.file, index };
  const kind = serializerKind(ctx, cls);
  if (!kind) return;
  const info = ctx.project.symbols.classInfo(cls);
  for (const member of info.members) checkRedundantSource(ctx, info.name, member);
  if (kind !== 'model') return;
  const meta = info.members.find((m) => m.name === 'Meta' && m.kind === 'class');
  const metaInfo = meta?.nested !== undefined ? ctx.file.summary.classes[meta.nested] : null;
  if (!metaInfo) return;
  checkFieldsWithExclude(ctx, info.name, metaInfo.members);
  const model = metaModel(ctx, { file: ctx.file, index: meta!.nested! }, metaInfo.members);
  if (model) for (const member of info.members) checkManyOnToOne(ctx, model, member);
}

/** `username = serializers.CharField(source="username")`. */
function checkRedundantSource(ctx: CheckContext, owner: string, member: MemberInfo): void {
  const args = member.callArgs;
  const span = args?.stringSpans?.source;
  if (!args || !span || args.keywords.source !== member.name) return;
  ctx.report({
    rule: SERIALIZER_MISCONFIGURED.id,
    span,
    message: `${owner}.${member.name}: source='${member.name}' repeats the field's name`,
    detail: 'DRF asserts that such a source is redundant: AssertionError on first use.',
    fixes: removeKeywordFix(ctx.file, args.keywordDeletions?.source, 'Remove the redundant source='),
  });
}

/** `fields` and `exclude` both set (non-empty) in a ModelSerializer's Meta. */
function checkFieldsWithExclude(ctx: CheckContext, owner: string, members: readonly MemberInfo[]): void {
  const fields = members.find((m) => m.name === 'fields');
  const exclude = members.find((m) => m.name === 'exclude');
  if (!fields || !exclude) return;
  // Only literal, non-empty values are certain to be truthy.
  const nonEmpty = (m: MemberInfo) => (m.strings?.length ?? 0) > 0;
  if (!nonEmpty(fields) || !nonEmpty(exclude)) return;
  ctx.report({ rule: SERIALIZER_MISCONFIGURED.id, span: exclude.span, message: `${owner}.Meta sets both 'fields' and 'exclude'`, detail: 'DRF asserts that only one is set: AssertionError on first use.' });
}

/** The Django model `Meta.model` names, when it is one we know. */
function metaModel(ctx: CheckContext, meta: ClassRef, members: readonly MemberInfo[]): DjangoModel | null {
  const model = members.find((m) => m.name === 'model');
  if (model?.hint?.kind !== 'alias') return null;
  const sym = ctx.project.symbols.dotted(meta.file, model.hint.target, ctx.tracker);
  return sym?.kind === 'class' ? djangoModelsOf(ctx.project).modelOf(sym.cls, ctx.tracker) : null;
}

/** `author = AuthorSerializer(many=True)` where `author` is a forward ForeignKey/OneToOne of the model. */
function checkManyOnToOne(ctx: CheckContext, model: DjangoModel, member: MemberInfo): void {
  const args = member.callArgs;
  if (!args?.callee || args.keywords.many !== 'True' || args.keywords.write_only === 'True') return;
  const sym = ctx.project.symbols.dotted(ctx.file, args.callee, ctx.tracker);
  if (sym?.kind !== 'class' || !serializerKind(ctx, sym.cls)) return;
  const source = 'source' in args.keywords ? args.keywords.source : member.name;
  if (!source || !/^\w+$/.test(source)) return;
  const field = model.fields.get(source);
  if (field?.kind !== 'relation' || isManyRelation(field) || field.type === undefined) return;
  ctx.report({
    rule: SERIALIZER_MISCONFIGURED.id,
    span: member.span,
    message: `${member.name}: many=True, but '${model.name}.${source}' is one object`,
    detail: `${member.name} = ${args.callee}(many=True), but '${model.name}.${source}' is a ${field.type}: serializing iterates it (TypeError).`,
    fixes: removeKeywordFix(ctx.file, args.keywordDeletions?.many, 'Remove many=True'),
  });
}

/** Deletes a keyword argument (the summary kept what to delete: the argument and one comma). */
function removeKeywordFix(file: SourceFile, deletion: Span | undefined, title: string): Fix[] {
  return deletion ? [replaceSpanFix(file.path, deletion, '', title)] : [];
}
