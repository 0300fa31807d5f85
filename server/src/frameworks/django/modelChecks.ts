// The Django rules, all read off the model graph (frameworks/django/models.ts):
// - unknown-lookup: the string paths the ORM resolves at run time (`filter(author__emial=…)`,
//   `order_by("-craeted")`, `select_related("autor")`), walking `__` through relations and ending in a field
//   or a built-in lookup; on a model's default manager, queryset chains from it, and get_object_or_404;
// - unknown-related-model and relationship-mismatch: relations the system check rejects at start-up;
// - `Model.objects` on a model that declares only other managers (reported as unknown-attribute).
import { nearestName } from '../../core/nearest';
import type { Span } from '../../core/types';
import { CONTRIB_MODELS, djangoModelsOf, type DjangoModel } from './models';
import type { ClassRef } from '../../index/symbols';
import type { CallChain, CallShape, MemberRef } from '../../syntax/summary';
import { declaredManagers, managerState, ORM_CALL_GUARDS, QUERYSET_ONLY, queryState, stepOf, type QuerysetState, type Step } from './querysets';
import { checkedCall, KEYWORD_LOOKUP_METHODS } from './lookupOverrides';
import { replaceSpanFix } from '../../rulekit/fixes';
import { RELATIONSHIP_MISMATCH, UNKNOWN_MODEL_FIELD, UNKNOWN_RELATED_MODEL } from '../../rulekit/ormRules';
import { modelRelated } from './contrib';
import type { CheckContext, RuleFamily } from '../../rulekit/rule';

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
/** Methods whose keyword arguments are field names (no `__`). */
const KEYWORD_FIELD_METHODS = new Set(['create', 'update']);
/** Methods whose string arguments are field paths. */
const STRING_PATH_METHODS = new Set(['order_by', 'values', 'values_list', 'only', 'defer', 'select_related', 'prefetch_related', 'distinct']);

const graphOf = djangoModelsOf;

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
    UNKNOWN_MODEL_FIELD,
  ],
  check(fileCtx) {
    const s = fileCtx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !fileCtx.project.importsPackage('django', fileCtx.tracker)) return;
    fileCtx.each('djangoModels', s.classes.map((_, index) => index), (index, ctx) => checkRelations(ctx, index));
    fileCtx.each('djangoManagerCalls', s.memberRefs, (ref, ctx) => {
      if (ref.guards.some((g) => ORM_CALL_GUARDS.has(g))) return;
      // (A chain's first call is a member reference too: reported here once.)
      if (ref.receiver.kind === 'global' && ref.steps.length && checkSwappedUser(ctx, ref.receiver.name, ref.steps[0])) return;
      checkManagerAttribute(ctx, ref);
      checkManagerCall(ctx, ref);
      checkKeptQueryset(ctx, ref);
    });
    fileCtx.each('djangoQuerysetChains', s.callChains ?? [], (chain, ctx) => {
      if (chain.guards.some((g) => ORM_CALL_GUARDS.has(g))) return;
      checkChain(ctx, chain);
    });
  },
};

/** `User.objects` on Django's User when AUTH_USER_MODEL swaps it out: Django raises AttributeError ("Manager isn't available"). */
function checkSwappedUser(ctx: CheckContext, root: string, step: { name: string; span: Span }): boolean {
  if (step.name !== 'objects' && step.name !== '_default_manager') return false;
  const swappedFor = graphOf(ctx.project).swappedUser(ctx.file, root, ctx.tracker);
  if (!swappedFor) return false;
  ctx.report({
    rule: 'unknown-attribute',
    span: step.span,
    message: `Django's User has no manager '${step.name}': AUTH_USER_MODEL is '${swappedFor}'`,
    detail: `AUTH_USER_MODEL swaps Django's User out for '${swappedFor}', so its managers raise AttributeError ("Manager isn't available"): use get_user_model().`,
  });
  return true;
}

/** `Article.objects.get_or_none(…)`, `Article.published.recnt()`: names the model's manager does not have. */
function checkManagerAttribute(ctx: CheckContext, ref: MemberRef): void {
  if (ref.receiver.kind !== 'global' || ref.steps.length < 2 || ref.write) return;
  const [manager, method] = ref.steps;
  if (method.name.startsWith('_')) return;
  const model = graphOf(ctx.project).modelNamed(ctx.file, ref.receiver.name, ctx.tracker);
  const state = model && managerState(ctx, model, manager.name);
  const step = state && stepOf(ctx, state, method.name);
  if (step?.kind === 'missing') reportQuerysetAttribute(ctx, `${model!.name}.${manager.name}`, state!.kind, method, step.api, step.addedLater);
}

function reportQuerysetAttribute(ctx: CheckContext, receiver: string, kind: string, step: { name: string; span: Span }, api: Set<string>, addedLater = ''): void {
  if (ctx.project.symbols.written().has(step.name)) return; // assigned onto Manager/QuerySet somewhere
  const querysetOnly = !addedLater && QUERYSET_ONLY.has(step.name);
  const suggestion = addedLater || querysetOnly ? null : nearestName(step.name, [...api]);
  // A long chain keeps its model, manager and last call (`Device.objects.….select_related(…)`).
  const parts = receiver.split('.');
  const short = receiver.length > 45 && parts.length > 3 ? [...parts.slice(0, 2), '…', parts[parts.length - 1]].join('.') : receiver;
  ctx.report({
    rule: 'unknown-attribute',
    span: step.span,
    message: `${short} has no attribute '${step.name}'${querysetOnly ? `; call .all().${step.name}()` : suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `${receiver} (${kind}) has no '${step.name}'${addedLater}${querysetOnly ? `: it is a QuerySet method, call ${receiver}.all().${step.name}() instead` : ''}: the access raises AttributeError.`,
    fixes: suggestion ? [replaceSpanFix(ctx.file.path, step.span, suggestion, `Change '${step.name}' to '${suggestion}'`)] : [],
  });
}

/** The relations of one model class of this file that clash, or whose target no project class is. */
function checkRelations(ctx: CheckContext, index: number): void {
  const model = graphOf(ctx.project).modelOf({ file: ctx.file, index }, ctx.tracker);
  if (!model) return;
  checkConstraintLookups(ctx, index, model);
  for (const clash of model.clashes) {
    ctx.report({
      rule: 'relationship-mismatch',
      span: clash.field.span,
      message:
        clash.kind === 'accessor'
          ? `Reverse accessor '${clash.targetName}.${clash.name}' clashes with ${clash.other}`
          : `Reverse query name '${clash.name}' on ${clash.targetName} clashes with ${clash.other}`,
      detail:
        clash.kind === 'accessor'
          ? `'${clash.field.name}' adds '${clash.name}' to ${clash.targetName}, and so does ${clash.other} (Django's system check fails: fields.E304): give one of them a related_name.`
          : `The reverse query name of '${clash.field.name}' on ${clash.targetName} is '${clash.name}', which ${clash.other} has too (fields.E305): give one of them a related_name or related_query_name.`,
    });
  }
  for (const { field, target, labels, swappedFor } of model.danglingTargets) {
    if (swappedFor) {
      ctx.report({
        rule: 'unknown-related-model',
        span: field.span,
        message: `'${field.name}' relates to Django's User; use settings.AUTH_USER_MODEL`,
        detail: `AUTH_USER_MODEL swaps Django's User out for '${swappedFor}' (Django's system check fails: fields.E301).`,
      });
      continue;
    }
    if (labels) {
      ctx.report({
        rule: 'unknown-related-model',
        span: field.span,
        message: `No installed app has the model '${target}'; did you mean ${labels.map((l) => `'${l}'`).join(' or ')}?`,
        detail: `'${field.name}' relates to '${target}', but no installed app has that label and a model of that name (app labels come from AppConfig.label, else the last part of its name).`,
      });
      continue;
    }
    const bare = target.slice(target.lastIndexOf('.') + 1);
    const label = target.includes('.') ? target.slice(0, target.indexOf('.')) : '';
    const suggestion = nearestName(bare, [...(CONTRIB_MODELS.get(label) ?? []), ...graphOf(ctx.project).modelNames(ctx.tracker)]);
    ctx.report({
      rule: 'unknown-related-model',
      span: field.span,
      message: `Related model '${target}' not found${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: `'${field.name}' relates to '${target}', which no class of the project${target.includes('.') ? ' or of Django' : ''} defines: Django's system check fails (fields.E300).`,
    });
  }
}

/**
 * `Meta.constraints = [CheckConstraint(check=Q(prise__gt=0), …)]`: Django resolves the Q's lookups against
 * the model when it creates the table (FieldError at migrate; the system check reports it from Django 4.1).
 */
function checkConstraintLookups(ctx: CheckContext, index: number, model: DjangoModel): void {
  const meta = ctx.file.summary.classes[index].members.find((m) => m.name === 'Meta' && m.nested !== undefined);
  const constraints = meta ? ctx.file.summary.classes[meta.nested!].members.find((m) => m.name === 'constraints') : undefined;
  if (!constraints?.lookups || model.open) return;
  const customLookups = graphOf(ctx.project).customLookups(ctx.tracker);
  for (const lookup of constraints.lookups) checkPath(ctx, model, lookup.name, lookup.span, 'lookup', customLookups);
}

/** Shortcuts that run a lookup on the model passed first (through its default manager). */
const SHORTCUTS = new Set(['django.shortcuts.get_object_or_404', 'django.shortcuts.get_list_or_404']);

function checkManagerCall(ctx: CheckContext, ref: MemberRef): void {
  const found = managerCall(ctx, ref, true);
  if (found) checkMethodCall(ctx, found.model, found.method, found.call, found.annotated);
}

/**
 * The model and method of `Model.objects.method(...)` on a model's default manager, or of
 * `get_object_or_404(Model, ...)` (a filter); `reportMissing`: report `Model.objects` on a model without it.
 */
function managerCall(ctx: CheckContext, ref: MemberRef, reportMissing: boolean): ManagerCall | null {
  if (ref.call && ref.steps.length === 0 && ref.receiver.kind === 'global' && ref.call.firstName) {
    // get_object_or_404(Article, titel=…)
    if (!SHORTCUTS.has(ctx.project.symbols.externalName(ctx.file, ref.receiver.name) ?? '')) return null;
    const model = graphOf(ctx.project).modelNamed(ctx.file, ref.call.firstName, ctx.tracker);
    const state = model && managerState(ctx, model, '_default_manager');
    return state && stepOf(ctx, state, 'filter').kind === 'django' ? { model: state.model, method: 'filter', call: ref.call, annotated: state.annotated } : null;
  }
  if (!ref.call || ref.steps.length < 2 || ref.receiver.kind !== 'global') return null;
  // `Article.objects.filter(…)`, or through the module (`models.Article.objects.filter(…)`).
  const [manager, called] = ref.steps.slice(-2);
  const root = [ref.receiver.name, ...ref.steps.slice(0, -2).map((st) => st.name)].join('.');
  // (A manager the model lacks is reported on direct names only, as before: `models.X.objects if hasattr(…)`.)
  const state = modelManagerState(ctx, root, manager.name, manager.span, reportMissing && ref.steps.length === 2);
  const method = called.name;
  const checked = state && checkedCall(ctx, state, method, ref.call, stepOf(ctx, state, method, ref.call));
  return checked ? { model: state!.model, method, call: checked.call, annotated: checked.names } : null;
}

/** A Django queryset method called on a model's manager, with the names the manager's querysets annotate. */
interface ManagerCall {
  model: DjangoModel;
  method: string;
  /** The call as checked (a project override's positional arguments left out). */
  call: CallShape;
  annotated: ReadonlySet<string> | null;
}

/** The paths a manager call or a queryset chain names (for hover and go-to-definition). */
export function queryPathsOf(ctx: CheckContext, item: { ref: MemberRef } | { chain: CallChain }): QueryPath[] {
  if ('ref' in item) {
    const found = managerCall(ctx, item.ref, false);
    return found ? withoutAnnotated(methodPaths(ctx, found.model, found.method, found.call), found.annotated) : [];
  }
  const paths: QueryPath[] = [];
  walkChain(ctx, item.chain, (state, link, step, index) => {
    const checked = index > 0 ? checkedCall(ctx, state, link.name, link.call, step) : null;
    if (checked) paths.push(...withoutAnnotated(methodPaths(ctx, state.model, link.name, checked.call), checked.names));
    return false;
  });
  return paths;
}

/**
 * `Model.objects.a(...).b(...)`: each call after the first (the first is a member reference, checked there)
 * while the chain's queryset is known: a name it lacks, then the lookups of Django's methods.
 */
function checkChain(ctx: CheckContext, chain: CallChain): void {
  walkChain(ctx, chain, (state, link, step, index) => {
    if (index === 0) return false;
    if (step.kind === 'missing') {
      const calls = chain.links.slice(1, index + 1).map((c) => `${c.name}(…)`).join('.');
      const kind = state.kind === "Django's Manager" ? "Django's QuerySet" : `a queryset of ${state.kind}`;
      reportQuerysetAttribute(ctx, `${state.model.name}.${chain.links[0].name}.${calls}`, kind, link, step.api, step.addedLater);
      return true;
    }
    const checked = checkedCall(ctx, state, link.name, link.call, step);
    return checked !== null && checkMethodCall(ctx, state.model, link.name, checked.call, checked.names);
  });
}

/** Visits the calls of a chain from a model's manager while its queryset is known; stops when `visit` says so. */
function walkChain(ctx: CheckContext, chain: CallChain, visit: (state: QuerysetState, link: { name: string; span: Span; call: CallShape }, step: Step, index: number) => boolean): void {
  const [manager, ...calls] = chain.links;
  if (!manager || manager.call || !calls.length) return;
  let state = modelManagerState(ctx, chain.root, manager.name, manager.span, false);
  for (let i = 0; state && i < calls.length; i++) {
    const link = calls[i];
    if (!link.call) return;
    const step = stepOf(ctx, state, link.name, link.call);
    if (visit(state, { ...link, call: link.call }, step, i)) return;
    state = step.kind === 'django' || step.kind === 'project' ? step.next : null;
  }
}

/** The manager `Name.<manager>` of a model; `reportMissing`: report `Model.objects` on a model that declares only other managers. */
function modelManagerState(ctx: CheckContext, root: string, manager: string, managerSpan: Span, reportMissing = true): QuerysetState | null {
  const model = graphOf(ctx.project).modelNamed(ctx.file, root, ctx.tracker);
  if (!model) return null;
  if (manager === 'objects' && !model.open && model.mixinFree) {
    // Chains start with a call the member references report on: they only read the answer.
    const declared = declaredManagers(ctx, model);
    if (declared.length && !declared.includes('objects')) {
      if (reportMissing) ctx.report({
        rule: 'unknown-attribute',
        span: managerSpan,
        message: `'${model.name}' has no attribute 'objects'; did you mean '${declared[0]}'?`,
        detail: `${model.name} declares the manager${declared.length > 1 ? 's' : ''} ${declared.map((d) => `'${d}'`).join(', ')}, so Django adds no 'objects': the access raises AttributeError.`,
        related: modelRelated(model.cls, `model '${model.name}'`),
        fixes: [replaceSpanFix(ctx.file.path, managerSpan, declared[0], `Change 'objects' to '${declared[0]}'`)],
      });
      return null;
    }
  }
  return managerState(ctx, model, manager);
}

/**
 * `qs.exclude(titel=…)` where `qs = Article.objects.filter(…)`, refined in straight-line code (`qs = qs.filter(…)`):
 * the method must exist on that queryset, and Django's method's lookups must resolve.
 */
function checkKeptQueryset(ctx: CheckContext, ref: MemberRef): void {
  const hint = ref.receiver.kind === 'local' ? ref.receiver.hint : null;
  if (!hint || !ref.call || ref.steps.length !== 1 || ref.write) return;
  const query = hint.kind === 'query' && !hint.element ? hint : hint.kind === 'call' && !hint.firstArg && !hint.instanceOfResult ? { root: hint.callee.split('.')[0], links: hint.callee.split('.').slice(1) } : null;
  if (!query || query.links.length < 2) return;
  const model = graphOf(ctx.project).modelNamed(ctx.file, query.root, ctx.tracker);
  const state = model && queryState(ctx, model, query.links);
  if (!state) return;
  const method = ref.steps[0];
  const step = stepOf(ctx, state, method.name, ref.call);
  if (step.kind === 'missing') {
    const kind = state.kind === "Django's Manager" ? "Django's QuerySet" : `a queryset of ${state.kind}`;
    reportQuerysetAttribute(ctx, `${model!.name}.${query.links[0]}.${query.links.slice(1).map((n) => `${n}(…)`).join('.')}`, kind, method, step.api, step.addedLater);
  } else {
    const checked = checkedCall(ctx, state, method.name, ref.call, step);
    if (checked) checkMethodCall(ctx, state.model, method.name, checked.call, checked.names);
  }
}

/** A string path the ORM resolves against a model: a keyword (`author__name__icontains`) or a string argument's contents. */
export interface QueryPath {
  model: DjangoModel;
  path: string;
  span: Span;
  mode: PathMode;
}
export type PathMode = 'lookup' | 'field' | 'path' | 'relations' | 'prefetch';

/** The paths one queryset method call names (none for methods whose arguments are not field paths). */
export function methodPaths(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape): QueryPath[] {
  const paths = expressionPaths(ctx, model, method, call);
  if (KEYWORD_LOOKUP_METHODS.has(method)) {
    paths.push(...call.keywords.filter((kw) => kw.name !== 'defaults' && kw.name !== 'create_defaults').map((kw) => ({ model, path: kw.name, span: kw.span, mode: 'lookup' as const })));
  } else if (KEYWORD_FIELD_METHODS.has(method)) {
    // create() builds `Model(**kwargs)`, which sets properties too (`url` with a setter); update() takes fields only.
    const properties = method === 'create' ? propertiesOf(ctx, model) : new Set<string>();
    paths.push(...call.keywords.filter((kw) => !properties.has(kw.name)).map((kw) => ({ model, path: kw.name, span: kw.span, mode: 'field' as const })));
  }
  else if (STRING_PATH_METHODS.has(method)) {
    for (const literal of call.strings ?? []) {
      const path = literal && stringPath(model, literal, method === 'select_related' ? 'relations' : method === 'prefetch_related' ? 'prefetch' : 'path', method === 'order_by');
      if (path) paths.push(path);
    }
  }
  return paths;
}

/** The properties the model's classes (and their project mixins) define. */
function propertiesOf(ctx: CheckContext, model: DjangoModel): Set<string> {
  const symbols = ctx.project.symbols;
  return new Set([...model.chain, ...model.mixins].flatMap((c) => symbols.classInfo(c).members.filter((m) => m.kind === 'property').map((m) => m.name)));
}

/** A string literal naming a path (`"-created"` in order_by, `"author__name"`), its span between the quotes and the sign. */
function stringPath(model: DjangoModel, literal: { value: string; span: Span }, mode: PathMode, signed: boolean): QueryPath | null {
  if (literal.value === '?') return null;
  const descending = signed && literal.value.startsWith('-');
  const path = descending ? literal.value.slice(1) : literal.value;
  if (!/^\w+(__\w+)*$/.test(path)) return null;
  // The literal's quotes stay: the fix rewrites what is between them.
  const [sl, sc, el, ec] = literal.span;
  return { model, path, span: [sl, sc + 1 + (descending ? 1 : 0), el, ec - 1], mode };
}

/** Django's expressions, by the names the rules read (`django.db.models.Q`, `django.db.models.functions.Lower`…). */
const DJANGO_EXPRESSION = /^django\.db\.models(?:\.(?:functions(?:\.\w+)?|aggregates|expressions|query_utils))?\.(\w+)$/;

/**
 * Paths inside `Q(...)`, `F("x")`, `Count("x")`, `Prefetch("x")` in a queryset call's arguments. Names the
 * same call introduces (`annotate(total=Sum("x"), twice=F("total") * 2)`) are not the model's: skipped.
 */
function expressionPaths(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape): QueryPath[] {
  const paths: QueryPath[] = [];
  const introduced = new Set(method === 'annotate' || method === 'alias' || method === 'aggregate' || method === 'values' || method === 'values_list' ? call.keywords.map((k) => k.name) : []);
  for (const e of call.expressions ?? []) {
    const name = DJANGO_EXPRESSION.exec(ctx.project.symbols.externalName(ctx.file, e.callee) ?? '')?.[1];
    if (!name) continue;
    if (name === 'Q') {
      paths.push(...e.keywords.map((kw) => ({ model, path: kw.name, span: kw.span, mode: 'lookup' as const })));
      continue;
    }
    if (name === 'Prefetch') {
      const first = method === 'prefetch_related' ? e.strings[0] : undefined;
      const path = first && stringPath(model, first, 'prefetch', false);
      if (path) paths.push(path);
      continue;
    }
    for (const literal of e.strings) {
      const path = stringPath(model, literal, 'path', false);
      if (path && !introduced.has(path.path.split('__')[0])) paths.push(path);
    }
  }
  return paths;
}

/** The paths that do not start with a name the queryset's `annotate()` gave (none when those names are unknown). */
function withoutAnnotated(paths: QueryPath[], annotated: ReadonlySet<string> | null): QueryPath[] {
  return annotated === null ? [] : paths.filter((p) => !annotated.has(p.path.split('__')[0]));
}

/** Checks one queryset method call's names; returns whether it reported. */
export function checkMethodCall(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape, annotated: ReadonlySet<string> | null = new Set()): boolean {
  const paths = withoutAnnotated(methodPaths(ctx, model, method, call), annotated);
  if (!paths.length) return false;
  const customLookups = graphOf(ctx.project).customLookups(ctx.tracker);
  return paths.some((p) => checkPath(ctx, p.model, p.path, p.span, p.mode, customLookups));
}

/**
 * Walks `a__b__c` from `model`; reports the first segment that is neither a field of the model reached nor
 * (where allowed) a lookup or transform. Returns whether it reported.
 *  - lookup: fields through relations, then transforms and one lookup;
 *  - field: one field name, as create()/update() take;
 *  - path: fields through relations (order_by/values…: transforms after a plain field are let through);
 *  - relations: relations only (select_related/prefetch_related).
 */
function checkPath(ctx: CheckContext, start: DjangoModel, path: string, span: Span, mode: PathMode, customLookups: boolean): boolean {
  const segments = path.split('__');
  if (mode === 'field' && segments.length > 1) return false; // create(x__y=…) is Django's own error message, rare
  let model: DjangoModel | null = start;
  const graph = graphOf(ctx.project);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!model || model.open) return false;
    if (mode === 'prefetch') {
      // prefetch_related follows attributes: forward relations and reverse accessors (`comment_set`), not query names.
      const field = model.fields.get(seg);
      const accessor = model.accessors.get(seg);
      if (field?.kind === 'relation' || accessor) {
        model = field?.kind === 'relation' ? (field.target ? graph.modelOf(field.target, ctx.tracker) : null) : graph.modelOf(accessor!.source, ctx.tracker);
        continue;
      }
      // Other attributes (GenericRelation, custom descriptors, a model we do not fully know) may prefetch.
      // (A closed model's mixins are project classes: one that neither defines the name nor is dynamic adds no such attribute.)
      const definedBy = (c: ClassRef) => ctx.project.symbols.classInfo(c).members.some((m) => m.name === seg);
      const mixinMayAdd = model.mixins.some((c) => ctx.project.symbols.classInfo(c).dynamic || definedBy(c) || ctx.project.symbols.classInfo(c).instanceAttributes.some((a) => a.name === seg));
      if ((field && field.kind !== 'reverse') || model.attributesOpen || mixinMayAdd || model.chain.some(definedBy)) return false;
      const suggestion = nearestName(seg, [...[...model.fields.values()].filter((f) => f.kind === 'relation').map((f) => f.name), ...model.accessors.keys()]);
      ctx.report({
        rule: 'unknown-lookup',
        span,
        message: `'${seg}' is no relation of ${model.name}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        detail: `${model.name}${i === 0 ? '' : ` (reached through '${segments.slice(0, i).join('__')}')`} has no relation or reverse accessor '${seg}': prefetch_related raises AttributeError.`,
        related: modelRelated(model.cls, `model '${model.name}'`),
        fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, [...segments.slice(0, i), suggestion, ...segments.slice(i + 1)].join('__'), `Change '${seg}' to '${suggestion}'`)] : [],
      });
      return true;
    }
    const field = model.fields.get(seg);
    if (!field && model.reverseOpen) return false;
    if (!field) {
      // `author__in=[…]`, `author__isnull=True`: lookups straight on a relation.
      if (mode === 'lookup' && i > 0 && i === segments.length - 1 && (LOOKUPS.has(seg) || customLookups)) return false;
      const candidates = [...model.fields.values()].filter((f) => mode !== 'field' || f.kind !== 'reverse').map((f) => f.name);
      const suggestion = nearestName(seg, candidates);
      const through = i === 0 ? '' : ` (reached through '${segments.slice(0, i).join('__')}')`;
      ctx.report({
        // create()/update() keywords are field names: the model lacks the field, as in Model(x=…).
        rule: mode === 'field' ? 'unknown-model-field' : 'unknown-lookup',
        span,
        message: `'${seg}' is not a field of ${model.name}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        detail: `${model.name}${through} has no field '${seg}'${mode === 'field' ? '' : ': Django raises FieldError when the query is built'}.`,
        related: modelRelated(model.cls, `model '${model.name}'`),
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
    // (A field of a class we do not know may be a relation.)
    if (mode === 'relations' && field.kind === 'plain') {
      ctx.report({
        rule: 'unknown-lookup',
        span,
        message: `'${seg}' is a field of ${model.name}, not a relation`,
        detail: `${path} cannot be followed through a plain field: Django raises FieldError.`,
        related: modelRelated(model.cls, `model '${model.name}'`),
      });
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
        message: `'${s}' is no lookup of ${model.name}.${seg}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        detail: `${model.name}.${seg} is a ${field.type}, which has no lookup or transform '${s}': Django raises FieldError.`,
        fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, [...segments.slice(0, j), suggestion, ...segments.slice(j + 1)].join('__'), `Change '${s}' to '${suggestion}'`)] : [],
      });
      return true;
    }
    return false;
  }
  return false;
}
