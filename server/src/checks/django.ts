// The Django rules, all read off the model graph (frameworks/djangoModels.ts):
// - unknown-lookup: the string paths the ORM resolves at run time (`filter(author__emial=…)`,
//   `order_by("-craeted")`, `select_related("autor")`), walking `__` through relations and ending in a field
//   or a built-in lookup; on a model's default manager, queryset chains from it, and get_object_or_404;
// - unknown-related-model and relationship-mismatch: relations the system check rejects at start-up;
// - `Model.objects` on a model that declares only other managers (reported as unknown-attribute).
import { nearestName } from '../core/nearest';
import { moduleKeyOf } from '../index/moduleIndex';
import type { ClassRef } from '../index/symbols';
import { DependencyTracker, type SourceFile } from '../index/project';
import type { Span } from '../core/types';
import { CONTRIB_MANAGERS, contribModelOf } from '../frameworks/djangoContrib';
import { CONTRIB_MODELS, djangoModelsOf, fieldClass, thirdPartyManager, type DjangoModel } from '../frameworks/djangoModels';
import type { CallChain, CallShape, MemberRef } from '../syntax/summary';
import { addedLater, missingFromPinnedDjango } from '../frameworks/djangoVersion';
import { replaceSpanFix } from './fixes';
import { ATTRIBUTE_GUARDS } from './moduleAttributes';
import { RELATIONSHIP_MISMATCH, UNKNOWN_MODEL_FIELD, UNKNOWN_RELATED_MODEL } from './ormRules';
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
    if (s.unparsed || s.hasErrorNodes || !fileCtx.project.importsPackage('django')) return;
    fileCtx.each('djangoModels', s.classes.map((_, index) => index), (index, ctx) => checkRelations(ctx, index));
    fileCtx.each('djangoManagerCalls', s.memberRefs, (ref, ctx) => {
      if (ref.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) return;
      // (A chain's first call is a member reference too: reported here once.)
      if (ref.receiver.kind === 'global' && ref.steps.length && checkSwappedUser(ctx, ref.receiver.name, ref.steps[0])) return;
      checkManagerAttribute(ctx, ref);
      checkManagerCall(ctx, ref);
    });
    fileCtx.each('djangoQuerysetChains', s.callChains ?? [], (chain, ctx) => {
      if (chain.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) return;
      checkChainAttributes(ctx, chain);
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
    message: `Django's User has no manager '${step.name}' here: AUTH_USER_MODEL swaps it out for '${swappedFor}' (AttributeError "Manager isn't available"); use get_user_model().`,
  });
  return true;
}

/**
 * The public API of Django's default Manager (Django 3.2 to 5.x, async variants included): what
 * `Model.objects.<name>` may be. A QuerySet has these and QUERYSET_ONLY (`Model.objects.delete()` fails).
 */
const MANAGER_API = new Set([
  'aggregate', 'alias', 'all', 'annotate', 'auto_created', 'bulk_create', 'bulk_update', 'check', 'complex_filter', 'contains',
  'contribute_to_class', 'count', 'create', 'creation_counter', 'dates', 'datetimes', 'db', 'db_manager', 'deconstruct', 'defer',
  'difference', 'distinct', 'earliest', 'exclude', 'exists', 'explain', 'extra', 'filter', 'first', 'from_queryset', 'get',
  'get_or_create', 'get_queryset', 'in_bulk', 'intersection', 'iterator', 'last', 'latest', 'model', 'name', 'none', 'only',
  'order_by', 'prefetch_related', 'raw', 'reverse', 'select_for_update', 'select_related', 'union', 'update', 'update_or_create',
  'use_in_migrations', 'using', 'values', 'values_list', 'fetch_mode',
  'aaggregate', 'abulk_create', 'abulk_update', 'acontains', 'acount', 'acreate', 'aearliest', 'aexists', 'aexplain', 'afirst',
  'aget', 'aget_or_create', 'ain_bulk', 'aiterator', 'alast', 'alatest', 'aupdate', 'aupdate_or_create',
]);
const QUERYSET_ONLY = new Set(['delete', 'adelete', 'as_manager', 'ordered', 'query', 'resolve_expression']);
/** `Article.objects.get_or_none(…)`, `Article.published.recnt()`: names the model's manager does not have. */
function checkManagerAttribute(ctx: CheckContext, ref: MemberRef): void {
  if (ref.receiver.kind !== 'global' || ref.steps.length < 2 || ref.write) return;
  const [manager, method] = ref.steps;
  // (An async method or `contains` on a Django the project pins before they were added.)
  const missing = missingFromPinnedDjango(ctx.project, 'queryset', method.name, ctx.tracker);
  if ((MANAGER_API.has(method.name) && !missing) || method.name.startsWith('_')) return;
  const model = graphOf(ctx.project).modelNamed(ctx.file, ref.receiver.name, ctx.tracker);
  if (!model) return;
  let api = managerApi(ctx, model, manager.name);
  if (!api && !thirdPartyManager(ctx.project.symbols, model, manager.name) && defaultManagerModel(ctx, ref.receiver.name, manager.name, manager.span, false)) api = { kind: "Django's Manager", names: MANAGER_API };
  // (A project manager may define the method itself, whatever the version.)
  if (!api || (api.names.has(method.name) && (!missing || api.kind !== "Django's Manager"))) return;
  reportQuerysetAttribute(ctx, `${model.name}.${manager.name}`, api.kind, method, api.names, missing ? addedLater(missing) : '');
}

const DJANGO_MANAGER = /^django\.db\.models\.(manager\.)?(Base)?Manager$/;
const DJANGO_QUERYSET = /^django\.db\.models\.(query\.)?QuerySet$/;

/**
 * What `Model.<name>` offers when it is a manager the project declares: Django's Manager API plus the
 * methods of a project manager class (`objects = PublishedManager()`) or of a project QuerySet turned into
 * one (`objects = ArticleQuerySet.as_manager()`); null when anything about it is unknown.
 */
function managerApi(ctx: CheckContext, model: DjangoModel, name: string): { kind: string; names: Set<string> } | null {
  const symbols = ctx.project.symbols;
  for (const cls of model.chain) {
    const contribManager = contribModelOf(cls)?.managers?.[name];
    if (contribManager) return { kind: `${symbols.classInfo(cls).name}.${name}`, names: new Set([...MANAGER_API, ...contribManager]) };
    const declared = symbols.classInfo(cls).members.filter((m) => m.name === name);
    if (!declared.length) continue;
    const m = declared[declared.length - 1];
    if (declared.length > 1 || m.kind !== 'attribute' || m.hint?.kind !== 'call') return null;
    const callee = m.hint.callee;
    const external = symbols.externalName(cls.file, callee) ?? '';
    if (DJANGO_MANAGER.test(external)) return { kind: "Django's Manager", names: MANAGER_API };
    const userManager = CONTRIB_MANAGERS.get(external);
    if (userManager) return { kind: external.slice(external.lastIndexOf('.') + 1), names: new Set([...MANAGER_API, ...userManager]) };
    // `Manager.from_queryset(QuerySet)()`, inline or assigned to a name first (`objects = PostManager()`).
    const built = m.hint.instanceOfResult ? { file: cls.file, hint: m.hint } : /^\w+$/.test(callee) ? symbols.assignedHint(cls.file, callee, ctx.tracker) : null;
    if (built) return built.hint.kind === 'call' && built.hint.firstArg && /\.from_queryset$/.test(built.hint.callee) ? fromQuerysetApi(ctx, built.file, built.hint.callee.slice(0, -'.from_queryset'.length), built.hint.firstArg) : null;
    const asManager = /^(.+)\.as_manager$/.exec(callee);
    const sym = symbols.dotted(cls.file, asManager ? asManager[1] : callee, ctx.tracker);
    if (sym?.kind !== 'class') return null;
    const own = projectMembers(ctx, sym.cls, asManager ? DJANGO_QUERYSET : DJANGO_MANAGER);
    return own ? { kind: `${symbols.classInfo(sym.cls).name}${asManager ? '.as_manager()' : ''}`, names: new Set([...MANAGER_API, ...own]) } : null;
  }
  return null;
}

/** What a manager class made by `Manager.from_queryset(QuerySet)` offers: both classes' project methods and Django's API. */
function fromQuerysetApi(ctx: CheckContext, file: SourceFile, manager: string, queryset: string): { kind: string; names: Set<string> } | null {
  const symbols = ctx.project.symbols;
  const qs = symbols.dotted(file, queryset, ctx.tracker);
  const qsMembers = qs?.kind === 'class' ? projectMembers(ctx, qs.cls, DJANGO_QUERYSET) : null;
  if (!qsMembers) return null;
  let managerMembers: Set<string> | null = new Set();
  if (!DJANGO_MANAGER.test(symbols.externalName(file, manager) ?? '')) {
    const sym = symbols.dotted(file, manager, ctx.tracker);
    managerMembers = sym?.kind === 'class' ? projectMembers(ctx, sym.cls, DJANGO_MANAGER) : null;
  }
  return managerMembers ? { kind: `${manager}.from_queryset(${queryset})`, names: new Set([...MANAGER_API, ...managerMembers, ...qsMembers]) } : null;
}

/** Members of a project class and its project bases down to Django's `root` class; null when another base is in the way. */
function projectMembers(ctx: CheckContext, cls: ClassRef, root: RegExp, depth = 0): Set<string> | null {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  const key = moduleKeyOf(cls.file.path);
  if (key !== null) ctx.tracker.add(key); // its members are read: an edit of them re-checks this file
  if (info.dynamic || depth > 8) return null;
  const names = new Set(info.members.map((m) => m.name));
  let reachesRoot = false;
  for (const base of info.bases) {
    if (root.test(symbols.externalName(cls.file, base) ?? '')) {
      reachesRoot = true;
      continue;
    }
    const sym = base === '?' ? null : symbols.dotted(cls.file, base, ctx.tracker);
    const inherited = sym?.kind === 'class' ? projectMembers(ctx, sym.cls, root, depth + 1) : null;
    if (!inherited) return null;
    reachesRoot = true;
    for (const n of inherited) names.add(n);
  }
  return reachesRoot ? names : null;
}

/** `Article.objects.filter(…).fliter(…)`: after a call that returns a queryset, the next must be a QuerySet method. */
function checkChainAttributes(ctx: CheckContext, chain: CallChain): void {
  const [manager, ...calls] = chain.links;
  if (!manager || manager.call || calls.length < 2 || !RETURNS_QUERYSET.has(calls[0].name)) return;
  const model = defaultManagerModel(ctx, chain.root, manager.name, manager.span, false);
  if (!model || thirdPartyManager(ctx.project.symbols, model, manager.name)) return;
  for (let i = 1; i < calls.length; i++) {
    const link = calls[i];
    const missing = missingFromPinnedDjango(ctx.project, 'queryset', link.name, ctx.tracker);
    if (((!MANAGER_API.has(link.name) && !QUERYSET_ONLY.has(link.name)) || missing) && !link.name.startsWith('_')) {
      reportQuerysetAttribute(ctx, `${model.name}.${manager.name}.${calls.slice(0, i).map((c) => `${c.name}(…)`).join('.')}`, "Django's QuerySet", link, new Set([...MANAGER_API, ...QUERYSET_ONLY]), missing ? addedLater(missing) : '');
      return;
    }
    if (!RETURNS_QUERYSET.has(link.name)) return;
  }
}

function reportQuerysetAttribute(ctx: CheckContext, receiver: string, kind: string, step: { name: string; span: Span }, api: Set<string>, addedLater = ''): void {
  if (ctx.project.symbols.written().has(step.name)) return; // assigned onto Manager/QuerySet somewhere
  const hint = addedLater || (QUERYSET_ONLY.has(step.name) ? `: it is a QuerySet method, call ${receiver}.all().${step.name}() instead` : '');
  const suggestion = hint ? null : nearestName(step.name, [...api]);
  ctx.report({
    rule: 'unknown-attribute',
    span: step.span,
    message: `${receiver} (${kind}) has no attribute '${step.name}'${hint}${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
    fixes: suggestion ? [replaceSpanFix(ctx.file.path, step.span, suggestion, `Change '${step.name}' to '${suggestion}'`)] : [],
  });
}

/** Queryset methods that return a queryset of the same model with the same names. */
export const SAME_QUERYSET = new Set(['filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'distinct', 'all', 'only', 'defer', 'using', 'reverse', 'none', 'select_for_update']);
/** Queryset methods whose result is again a queryset (of the same model): a chain goes on with the QuerySet API. */
const RETURNS_QUERYSET = new Set([...SAME_QUERYSET, 'annotate', 'alias', 'values', 'values_list', 'dates', 'datetimes', 'union', 'intersection', 'difference', 'extra', 'complex_filter']);

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
          ? `Reverse accessor '${clash.targetName}.${clash.name}' of '${clash.field.name}' clashes with ${clash.other}: give one of them a related_name.`
          : `Reverse query name '${clash.name}' of '${clash.field.name}' (on ${clash.targetName}) clashes with ${clash.other}: give one of them a related_name or related_query_name.`,
    });
  }
  for (const { field, target, labels, swappedFor } of model.danglingTargets) {
    if (swappedFor) {
      ctx.report({ rule: 'unknown-related-model', span: field.span, message: `'${field.name}' relates to Django's User, which AUTH_USER_MODEL swaps out for '${swappedFor}' (fields.E301): relate to settings.AUTH_USER_MODEL.` });
      continue;
    }
    if (labels) {
      ctx.report({ rule: 'unknown-related-model', span: field.span, message: `'${field.name}' relates to '${target}', but no installed app has that label and a model of that name: use ${labels.map((l) => `'${l}'`).join(' or ')} (app labels come from AppConfig.label, else the last part of its name).` });
      continue;
    }
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
  if (found) checkMethodCall(ctx, found.model, found.method, ref.call!);
}

/**
 * The model and method of `Model.objects.method(...)` on a model's default manager, or of
 * `get_object_or_404(Model, ...)` (a filter); `reportMissing`: report `Model.objects` on a model without it.
 */
function managerCall(ctx: CheckContext, ref: MemberRef, reportMissing: boolean): { model: DjangoModel; method: string } | null {
  if (ref.call && ref.steps.length === 0 && ref.receiver.kind === 'global' && ref.call.firstName) {
    // get_object_or_404(Article, titel=…)
    if (!SHORTCUTS.has(ctx.project.symbols.externalName(ctx.file, ref.receiver.name) ?? '')) return null;
    const model = graphOf(ctx.project).modelNamed(ctx.file, ref.call.firstName, ctx.tracker);
    return model && !model.open && usesDefaultManager(ctx, model, '_default_manager') ? { model, method: 'filter' } : null;
  }
  if (!ref.call || ref.steps.length !== 2 || ref.receiver.kind !== 'global') return null;
  const model = defaultManagerModel(ctx, ref.receiver.name, ref.steps[0].name, ref.steps[0].span, reportMissing);
  return model ? { model, method: ref.steps[1].name } : null;
}

/** The paths a manager call or a queryset chain names (for hover and go-to-definition). */
export function queryPathsOf(ctx: CheckContext, item: { ref: MemberRef } | { chain: CallChain }): QueryPath[] {
  if ('ref' in item) {
    const found = managerCall(ctx, item.ref, false);
    return found ? methodPaths(ctx, found.model, found.method, item.ref.call!) : [];
  }
  const paths: QueryPath[] = [];
  forEachChainCall(ctx, item.chain, (model, method, call) => {
    paths.push(...methodPaths(ctx, model, method, call));
    return false;
  });
  return paths;
}

/** `Model.objects.a(...).b(...)`: each call after the first, while the queryset keeps the model's names. */
function checkChain(ctx: CheckContext, chain: CallChain): void {
  forEachChainCall(ctx, chain, (model, method, call) => checkMethodCall(ctx, model, method, call));
}

/** Visits the calls of a chain after the first while the queryset keeps the model's names; stops when `visit` says so. */
function forEachChainCall(ctx: CheckContext, chain: CallChain, visit: (model: DjangoModel, method: string, call: CallShape) => boolean): void {
  const [manager, first, ...rest] = chain.links;
  if (!manager || manager.call || !first?.call || !SAME_QUERYSET.has(first.name)) return;
  const model = defaultManagerModel(ctx, chain.root, manager.name, manager.span, false);
  if (!model) return;
  for (const link of rest) {
    if (!link.call) return;
    if (visit(model, link.name, link.call)) return;
    if (!SAME_QUERYSET.has(link.name)) return; // annotate(), values(), get()…: other names or no queryset
  }
}

/** The model behind `Name.objects` when it is a closed model using Django's own manager. */
function defaultManagerModel(ctx: CheckContext, root: string, manager: string, managerSpan: Span, reportMissing = true): DjangoModel | null {
  if (manager !== 'objects' && manager !== '_default_manager') return null;
  const { project, tracker } = ctx;
  const model = graphOf(project).modelNamed(ctx.file, root, tracker);
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
    for (const m of Object.keys(contribModelOf(cls)?.managers ?? {})) if (!names.includes(m)) names.push(m);
    for (const m of symbols.classInfo(cls).members) {
      if (m.kind !== 'attribute' || m.hint?.kind !== 'call') continue;
      const callee = m.hint.callee;
      const external = symbols.externalName(cls.file, callee) ?? '';
      const target = /^django\./.test(external) ? null : symbols.dotted(cls.file, callee, ctx.tracker);
      const isManager =
        /^django\.db\.models\.(manager\.)?Manager$/.test(external) ||
        CONTRIB_MANAGERS.has(external) ||
        /(^|\.)(as_manager|from_queryset)$/.test(callee) ||
        (target?.kind === 'class' && /Manager$/.test(symbols.classInfo(target.cls).name));
      if (isManager && !names.includes(m.name)) names.push(m.name);
    }
  }
  return names;
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
  } else if (KEYWORD_FIELD_METHODS.has(method)) paths.push(...call.keywords.map((kw) => ({ model, path: kw.name, span: kw.span, mode: 'field' as const })));
  else if (STRING_PATH_METHODS.has(method)) {
    for (const literal of call.strings ?? []) {
      const path = literal && stringPath(model, literal, method === 'select_related' ? 'relations' : method === 'prefetch_related' ? 'prefetch' : 'path', method === 'order_by');
      if (path) paths.push(path);
    }
  }
  return paths;
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

/** Checks one queryset method call's names; returns whether it reported. */
export function checkMethodCall(ctx: CheckContext, model: DjangoModel, method: string, call: CallShape): boolean {
  const paths = methodPaths(ctx, model, method, call);
  if (!paths.length) return false;
  const customLookups = graphOf(ctx.project).customLookups(ctx.tracker);
  return paths.some((p) => checkPath(ctx, p.model, p.path, p.span, p.mode, customLookups));
}

/**
 * Django adds `objects` only when no model in the chain declares a manager; a declared custom manager may
 * annotate its querysets (names lookups may then use), so only the plain `models.Manager()` is read.
 */
export function usesDefaultManager(ctx: CheckContext, model: DjangoModel, name: string): boolean {
  const symbols = ctx.project.symbols;
  for (const cls of model.chain) {
    // Django's own user, group, permission and content type managers return plain querysets.
    if (contribModelOf(cls)?.managers) return true;
    const info = symbols.classInfo(cls);
    const declared = info.members.find((m) => m.name === name);
    if (declared) {
      const external = declared.hint?.kind === 'call' ? (symbols.externalName(cls.file, declared.hint.callee) ?? '') : '';
      return /^django\.db\.models\.(manager\.)?Manager$/.test(external) || CONTRIB_MANAGERS.has(external);
    }
    // (Fields named like managers, django-taggit's `tags = TaggableManager()`, are no managers.)
    if (info.members.some((m) => m.hint?.kind === 'call' && /Manager\b|as_manager|from_queryset/.test(m.hint.callee) && fieldClass(symbols, cls.file, m, new DependencyTracker()) === null)) return false;
  }
  return true;
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
      if ((field && field.kind !== 'reverse') || model.attributesOpen || !model.mixinFree || model.chain.some((c) => ctx.project.symbols.classInfo(c).members.some((m) => m.name === seg))) return false;
      const suggestion = nearestName(seg, [...[...model.fields.values()].filter((f) => f.kind === 'relation').map((f) => f.name), ...model.accessors.keys()]);
      ctx.report({
        rule: 'unknown-lookup',
        span,
        message: `'${seg}' is no relation or reverse accessor of ${model.name}${i === 0 ? '' : ` (reached through '${segments.slice(0, i).join('__')}')`}: prefetch_related raises AttributeError${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
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
