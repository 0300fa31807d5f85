// The Django rules, all read off the model graph (frameworks/djangoModels.ts):
// - unknown-lookup: the string paths the ORM resolves at run time (`filter(author__emial=…)`,
//   `order_by("-craeted")`, `select_related("autor")`), walking `__` through relations and ending in a field
//   or a built-in lookup; on a model's default manager, queryset chains from it, and get_object_or_404;
// - unknown-related-model and relationship-mismatch: relations the system check rejects at start-up;
// - `Model.objects` on a model that declares only other managers (reported as unknown-attribute).
import { nearestName } from '../core/nearest';
import type { Span } from '../core/types';
import { CONTRIB_MODELS, djangoModelsOf, type DjangoModels, type DjangoModel } from '../frameworks/djangoModels';
import type { Project } from '../index/project';
import type { CallChain, CallShape, MemberRef } from '../syntax/summary';
import { replaceSpanFix } from './fixes';
import { ATTRIBUTE_GUARDS } from './moduleAttributes';
import { RELATIONSHIP_MISMATCH, UNKNOWN_RELATED_MODEL } from './ormRules';
import type { CheckContext, RuleFamily } from './rule';

/** Django's built-in lookups and transforms (django.db.models.lookups, functions registered by default). */
const LOOKUPS = new Set([
  'exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte', 'startswith', 'istartswith',
  'endswith', 'iendswith', 'range', 'isnull', 'regex', 'iregex',
]);
const DATE_TRANSFORMS = new Set(['year', 'iso_year', 'month', 'day', 'week', 'week_day', 'iso_week_day', 'quarter', 'date', 'time', 'hour', 'minute', 'second']);
/** Field types whose lookups are exactly the built-in ones (plus date transforms for date/time types). */
const PLAIN_TYPES = new Set([
  'AutoField', 'BigAutoField', 'SmallAutoField', 'BigIntegerField', 'BooleanField', 'CharField', 'DateField',
  'DateTimeField', 'DecimalField', 'DurationField', 'EmailField', 'FloatField', 'IntegerField',
  'PositiveBigIntegerField', 'PositiveIntegerField', 'PositiveSmallIntegerField', 'SlugField',
  'SmallIntegerField', 'TextField', 'TimeField', 'URLField', 'UUIDField', 'ForeignKeyId', 'GenericIPAddressField',
]);
const DATE_TYPES = new Set(['DateField', 'DateTimeField', 'TimeField']);

/** Queryset methods whose keyword arguments are lookups; `defaults` and `create_defaults` are not. */
const KEYWORD_LOOKUP_METHODS = new Set(['filter', 'exclude', 'get', 'get_or_create', 'update_or_create']);
/** Methods whose keyword arguments are field names (no `__`). */
const KEYWORD_FIELD_METHODS = new Set(['create', 'update']);
/** Methods whose string arguments are field paths. */
const STRING_PATH_METHODS = new Set(['order_by', 'values', 'values_list', 'only', 'defer', 'select_related', 'prefetch_related', 'distinct']);

function graphOf(project: Project): DjangoModels {
  return djangoModelsOf(project);
}

export const djangoChecks: RuleFamily = {
  rules: [
    {
      id: 'unknown-lookup',
      defaultSeverity: 'error',
      summary: 'A Django ORM lookup, field path or field name that the model does not have.',
      doc: {
        catches: '`Article.objects.filter(author__emial=…)`, `order_by("-craeted_at")`, `select_related("autor")`, `create(titel=…)`, a misspelled lookup such as `name__icontainz`.',
        whyItBreaks: "Django raises FieldError: Cannot resolve keyword 'emial' into field (or TypeError for create()).",
        example: 'Article.objects.filter(author__emial="a@b.c")  # User has email',
        fix: 'Use the field the model defines (the quick fix renames to the nearest one).',
      },
    },
    UNKNOWN_RELATED_MODEL,
    RELATIONSHIP_MISMATCH,
  ],
  check(fileCtx) {
    const s = fileCtx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !fileCtx.project.importsPackage('django')) return;
    fileCtx.each('djangoModels', s.classes.map((_, index) => index), (index, ctx) => checkRelations(ctx, index));
    fileCtx.each('djangoManagerCalls', s.memberRefs, (ref, ctx) => {
      if (ref.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) return;
      checkManagerCall(ctx, ref);
    });
    fileCtx.each('djangoQuerysetChains', s.callChains ?? [], (chain, ctx) => {
      if (!chain.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) checkChain(ctx, chain);
    });
  },
};

/** Queryset methods that return a queryset of the same model with the same names. */
const SAME_QUERYSET = new Set(['filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'distinct', 'all', 'only', 'defer', 'using', 'reverse', 'none', 'select_for_update']);

/** The relations of one model class of this file that clash, or whose target no project class is. */
function checkRelations(ctx: CheckContext, index: number): void {
  const model = graphOf(ctx.project).modelOf({ file: ctx.file, index }, ctx.tracker);
  if (!model) return;
  for (const clash of model.clashes) {
    ctx.report({
      rule: 'relationship-mismatch',
      span: clash.field.span,
      message:
        clash.kind === 'accessor'
          ? `Reverse accessor '${clash.targetName}.${clash.name}' of '${clash.field.name}' clashes with ${clash.other}: give one of them a related_name.`
          : `Reverse query name '${clash.name}' of '${clash.field.name}' (on ${clash.targetName}) clashes with ${clash.other}: give one of them a related_name or related_query_name.`,
    });
  }
  for (const { field, target } of model.danglingTargets) {
    const bare = target.slice(target.lastIndexOf('.') + 1);
    const label = target.includes('.') ? target.slice(0, target.indexOf('.')) : '';
    const suggestion = nearestName(bare, [...(CONTRIB_MODELS.get(label) ?? []), ...graphOf(ctx.project).modelNames(ctx.tracker)]);
    ctx.report({
      rule: 'unknown-related-model',
      span: field.span,
      message: `'${field.name}' relates to '${target}', which no class of the project${target.includes('.') ? ' or of Django' : ''} defines${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
    });
  }
}

/** Shortcuts that run a lookup on the model passed first (through its default manager). */
const SHORTCUTS = new Set(['django.shortcuts.get_object_or_404', 'django.shortcuts.get_list_or_404']);

function checkManagerCall(ctx: CheckContext, ref: MemberRef): void {
  if (ref.call && ref.steps.length === 0 && ref.receiver.kind === 'global' && ref.call.firstName) {
    // get_object_or_404(Article, titel=…)
    if (!SHORTCUTS.has(ctx.project.symbols.externalName(ctx.file, ref.receiver.name) ?? '')) return;
    const sym = ctx.project.symbols.dotted(ctx.file, ref.call.firstName, ctx.tracker);
    const model = sym?.kind === 'class' ? graphOf(ctx.project).modelOf(sym.cls, ctx.tracker) : null;
    if (model && !model.open && usesDefaultManager(ctx, model, '_default_manager')) checkMethodCall(ctx, model, 'filter', ref.call);
    return;
  }
  if (!ref.call || ref.steps.length !== 2 || ref.receiver.kind !== 'global') return;
  const model = defaultManagerModel(ctx, ref.receiver.name, ref.steps[0].name, ref.steps[0].span);
  if (model) checkMethodCall(ctx, model, ref.steps[1].name, ref.call);
}

/** `Model.objects.a(...).b(...)`: each call after the first, while the queryset keeps the model's names. */
function checkChain(ctx: CheckContext, chain: CallChain): void {
  const [manager, first, ...rest] = chain.links;
  if (!manager || manager.call || !first?.call || !SAME_QUERYSET.has(first.name)) return;
  const model = defaultManagerModel(ctx, chain.root, manager.name, manager.span, false);
  if (!model) return;
  for (const link of rest) {
    if (!link.call) return;
    if (checkMethodCall(ctx, model, link.name, link.call)) return;
    if (!SAME_QUERYSET.has(link.name)) return; // annotate(), values(), get()…: other names or no queryset
  }
}

/** The model behind `Name.objects` when it is a closed model using Django's own manager. */
function defaultManagerModel(ctx: CheckContext, root: string, manager: string, managerSpan: Span, reportMissing = true): DjangoModel | null {
  if (manager !== 'objects' && manager !== '_default_manager') return null;
  const { project, tracker } = ctx;
  const sym = project.symbols.global(ctx.file, root, tracker);
  if (sym?.kind !== 'class') return null;
  const model = graphOf(project).modelOf(sym.cls, tracker);
  if (!model || model.open) return null;
  if (manager === 'objects' && model.mixinFree) {
    // Chains start with a call the member references report on: they only read the answer.
    const declared = declaredManagers(ctx, model);
    if (declared.length && !declared.includes('objects')) {
      if (reportMissing) ctx.report({
        rule: 'unknown-attribute',
        span: managerSpan,
        message: `'${model.name}' has no attribute 'objects': it declares the manager${declared.length > 1 ? 's' : ''} ${declared.map((d) => `'${d}'`).join(', ')}, so Django adds no 'objects'.`,
        fixes: [replaceSpanFix(ctx.file.path, managerSpan, declared[0], `Change 'objects' to '${declared[0]}'`)],
      });
      return null;
    }
  }
  return usesDefaultManager(ctx, model, manager) ? model : null;
}

/** Managers the model and its model ancestors declare: Django's Manager, `X.as_manager()`, project `…Manager` classes. */
function declaredManagers(ctx: CheckContext, model: DjangoModel): string[] {
  const symbols = ctx.project.symbols;
  const names: string[] = [];
  for (const cls of model.chain) {
    for (const m of symbols.classInfo(cls).members) {
      if (m.kind !== 'attribute' || m.hint?.kind !== 'call') continue;
      const callee = m.hint.callee;
      const external = symbols.externalName(cls.file, callee) ?? '';
      const target = /^django\./.test(external) ? null : symbols.dotted(cls.file, callee, ctx.tracker);
      const isManager =
        /^django\.db\.models\.(manager\.)?Manager$/.test(external) ||
        /(^|\.)as_manager$/.test(callee) ||
        (target?.kind === 'class' && /Manager$/.test(symbols.classInfo(target.cls).name));
      if (isManager && !names.includes(m.name)) names.push(m.name);
    }
  }
  return names;
}

/** Checks one queryset method call's names; returns whether it reported. */
function checkMethodCall(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape): boolean {
  const byKeyword = KEYWORD_LOOKUP_METHODS.has(method) || KEYWORD_FIELD_METHODS.has(method);
  if (!byKeyword && !STRING_PATH_METHODS.has(method)) return false;
  const customLookups = graphOf(ctx.project).customLookups(ctx.tracker);
  if (KEYWORD_LOOKUP_METHODS.has(method)) {
    for (const kw of call.keywords) {
      if (kw.name === 'defaults' || kw.name === 'create_defaults') continue;
      if (checkPath(ctx, model, kw.name, kw.span, 'lookup', customLookups)) return true;
    }
    return false;
  }
  if (KEYWORD_FIELD_METHODS.has(method)) {
    for (const kw of call.keywords) if (checkPath(ctx, model, kw.name, kw.span, 'field', customLookups)) return true;
    return false;
  }
  return checkStrings(ctx, model, method, call, customLookups);
}

/**
 * Django adds `objects` only when no model in the chain declares a manager; a declared custom manager may
 * annotate its querysets (names lookups may then use), so only the plain `models.Manager()` is read.
 */
function usesDefaultManager(ctx: CheckContext, model: DjangoModel, name: string): boolean {
  const symbols = ctx.project.symbols;
  for (const cls of model.chain) {
    const info = symbols.classInfo(cls);
    const declared = info.members.find((m) => m.name === name);
    if (declared) return declared.hint?.kind === 'call' && /^django\.db\.models\.(manager\.)?Manager$/.test(symbols.externalName(cls.file, declared.hint.callee) ?? '');
    if (info.members.some((m) => m.hint?.kind === 'call' && /Manager\b|as_manager|from_queryset/.test(m.hint.callee))) return false;
  }
  return true;
}

function checkStrings(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape, customLookups: boolean): boolean {
  for (const literal of call.strings ?? []) {
    if (literal === null || literal.value === '?') continue;
    const descending = method === 'order_by' && literal.value.startsWith('-');
    const path = descending ? literal.value.slice(1) : literal.value;
    if (!/^\w+(__\w+)*$/.test(path)) continue;
    const mode = method === 'select_related' || method === 'prefetch_related' ? 'relations' : 'path';
    // The literal's quotes stay: the fix rewrites what is between them.
    const [sl, sc, el, ec] = literal.span;
    const inner: Span = [sl, sc + 1 + (literal.value === path ? 0 : 1), el, ec - 1];
    if (checkPath(ctx, model, path, inner, mode, customLookups)) return true;
  }
  return false;
}

/**
 * Walks `a__b__c` from `model`; reports the first segment that is neither a field of the model reached nor
 * (where allowed) a lookup or transform. Returns whether it reported.
 *  - lookup: fields through relations, then transforms and one lookup;
 *  - field: one field name, as create()/update() take;
 *  - path: fields through relations (order_by/values…: transforms after a plain field are let through);
 *  - relations: relations only (select_related/prefetch_related).
 */
function checkPath(ctx: CheckContext, start: DjangoModel, path: string, span: Span, mode: 'lookup' | 'field' | 'path' | 'relations', customLookups: boolean): boolean {
  const segments = path.split('__');
  if (mode === 'field' && segments.length > 1) return false; // create(x__y=…) is Django's own error message, rare
  let model: DjangoModel | null = start;
  const graph = graphOf(ctx.project);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!model || model.open) return false;
    const field = model.fields.get(seg);
    if (!field) {
      // `author__in=[…]`, `author__isnull=True`: lookups straight on a relation.
      if (mode === 'lookup' && i > 0 && i === segments.length - 1 && (LOOKUPS.has(seg) || customLookups)) return false;
      const candidates = [...model.fields.values()].filter((f) => mode !== 'field' || f.kind !== 'reverse').map((f) => f.name);
      const suggestion = nearestName(seg, candidates);
      const through = i === 0 ? '' : ` (reached through '${segments.slice(0, i).join('__')}')`;
      ctx.report({
        rule: 'unknown-lookup',
        span,
        message: `'${seg}' is not a field of ${model.name}${through}${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
        // The span covers the whole path (a keyword, or a string literal's contents).
        fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, [...segments.slice(0, i), suggestion, ...segments.slice(i + 1)].join('__'), `Change '${seg}' to '${suggestion}'`)] : [],
      });
      return true;
    }
    if (mode === 'field') return false;
    if (field.kind === 'relation' || field.kind === 'reverse') {
      model = field.target ? graph.modelOf(field.target, ctx.tracker) : null;
      continue;
    }
    if (mode === 'relations') {
      ctx.report({ rule: 'unknown-lookup', span, message: `'${seg}' is a field of ${model.name}, not a relation: ${path} cannot be followed.` });
      return true;
    }
    // A plain field: what follows are transforms and a final lookup.
    if (field.kind !== 'plain' || !field.type || !PLAIN_TYPES.has(field.type) || customLookups || mode === 'path') return false;
    for (let j = i + 1; j < segments.length; j++) {
      const s = segments[j];
      const isLast = j === segments.length - 1;
      if (LOOKUPS.has(s) && isLast) return false;
      if (DATE_TYPES.has(field.type) && DATE_TRANSFORMS.has(s)) continue;
      const allowed = [...LOOKUPS, ...(DATE_TYPES.has(field.type) ? DATE_TRANSFORMS : [])];
      const suggestion = nearestName(s, allowed);
      ctx.report({
        rule: 'unknown-lookup',
        span,
        message: `'${s}' is no lookup of ${model.name}.${seg} (a ${field.type})${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
        fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, [...segments.slice(0, j), suggestion, ...segments.slice(j + 1)].join('__'), `Change '${s}' to '${suggestion}'`)] : [],
      });
      return true;
    }
    return false;
  }
  return false;
}
