// unknown-model-field, Django: attributes read on a model instance or class whose model is evident, and the
// keywords of a model's constructor. Evident means: `self` in the model, a parameter or variable annotated
// with the model, the result of `Model.objects.get(…)`/`.first()`/`get_object_or_404(Model, …)`, a loop
// over `Model.objects.filter(…)`, `Model(...)`, the model class itself, and forward relations from those.
// Instances carry more than the model's fields (reverse accessors, annotations, Django's own API); any
// doubt about them (open models, mixins, raw SQL, subclasses that add names) keeps the check silent.
import { nearestName } from '../../core/nearest';
import type { Fix, Span } from '../../core/types';
import { modelPlace, modelRelated } from './contrib';
import { djangoModelsOf, isManyRelation, type DjangoModel } from './models';
import { addedLater, missingFromPinnedDjango } from './version';
import { moduleKeyOf } from '../../index/moduleIndex';
import { MODEL_API_SINCE } from './apiSince';
import type { ClassRef } from '../../index/symbols';
import type { CallShape, MemberRef, ValueHint } from '../../syntax/summary';
import { checkMethodCall } from './modelChecks';
import { managerState, MODEL_GUARDS, PLAIN_PREFETCH, queryState, stepOf, type QuerysetState } from './querysets';
import { checkedCall } from './lookupOverrides';
import { replaceSpanFix } from '../../rulekit/fixes';
import { UNKNOWN_MODEL_FIELD } from '../../rulekit/ormRules';
import type { CheckContext, RuleFamily } from '../../rulekit/rule';
import { djangoFactsOf } from './facts';

/** What `django.db.models.Model` gives every model, its instances and its class (besides fields; what later versions added: MODEL_API_SINCE). */
const MODEL_API = new Set([
  'objects', 'DoesNotExist', 'MultipleObjectsReturned', 'pk', 'save', 'delete', 'full_clean',
  'clean', 'clean_fields', 'validate_unique', 'refresh_from_db',
  'get_deferred_fields', 'serializable_value', 'from_db', 'check', 'prepare_database_save', 'save_base',
  'unique_error_message', 'date_error_message',
]);
/** Per-field methods Django adds (`get_status_display`, `get_next_by_created`). */
const FIELD_METHODS = /^get_\w+_display$|^get_(next|previous)_by_\w+$/;
/** Queryset methods that return one instance of the model. */
const INSTANCE_RESULTS = new Set(['get', 'first', 'last', 'earliest', 'latest', 'create', 'aget', 'afirst', 'alast', 'acreate']);
const SHORTCUTS = /^django\.shortcuts\.get_object_or_404$/;

/** A model receiver: an instance (or the class itself); `exact` when it cannot be a subclass's instance. */
export interface TypedModel {
  model: DjangoModel;
  instance: boolean;
  exact: boolean;
  /**
   * Where the instance was seen made (a query chain from the model's manager, a constructor call): the names
   * that chain gave its rows beyond the model's (null: not known). Absent: made elsewhere, where any `annotate()`
   * or raw query of the project may have named it.
   */
  madeWith?: ReadonlySet<string> | null;
  /** Declared the model (`doc: Document`): names computed at run time are not taken for its attributes. */
  declared?: true;
}

const NOTHING_ADDED: ReadonlySet<string> = new Set();

export const djangoFieldChecks: RuleFamily = {
  rules: [UNKNOWN_MODEL_FIELD],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !ctx.project.importsPackage('django', ctx.tracker)) return;
    ctx.each('djangoOptionClasses', s.classes.map((_, i) => i), (index, classCtx) => checkOptionClass(classCtx, index));
    ctx.each('djangoMemberRefs', s.memberRefs, (ref, refCtx) => {
      if (ref.guards.some((g) => MODEL_GUARDS.has(g))) return;
      if (ref.steps.length === 0 && ref.call && ref.receiver.kind === 'global') checkConstructor(refCtx, ref.receiver.name, ref.call);
      else checkAttributes(refCtx, ref);
    });
  },
};

/** The model's classes whose members its instances have: its model ancestors and their project mixins. */
function classesOf(model: DjangoModel): ClassRef[] {
  return model.mixins.length ? [...model.chain, ...model.mixins] : model.chain;
}

/** A model fit to be judged: every name it has is known to us. */
function judged(model: DjangoModel | null): DjangoModel | null {
  return model && !model.open && !model.attributesOpen ? model : null;
}

export function receiverModel(ctx: CheckContext, ref: MemberRef): TypedModel | null {
  const { file, project, tracker } = ctx;
  const graph = djangoModelsOf(project);
  const r = ref.receiver;
  if (r.kind === 'self') {
    const model = judged(graph.modelOf({ file, index: r.classIndex }, tracker));
    return model && { model, instance: !r.classObject, exact: false };
  }
  if (r.kind === 'global') {
    const model = judged(graph.modelNamed(file, r.name, tracker));
    return model && { model, instance: false, exact: true };
  }
  return hintedModel(ctx, r.hint);
}

/** The model instance a local's value hint evidently holds. */
function hintedModel(ctx: CheckContext, hint: ValueHint): TypedModel | null {
  const { file, project, tracker } = ctx;
  const graph = djangoModelsOf(project);
  const classModel = (dotted: string) => {
    return judged(graph.modelNamed(file, dotted, tracker));
  };
  if (hint.kind === 'annotation') {
    const model = classModel(hint.type);
    return model && { model, instance: true, exact: false, declared: true };
  }
  if (hint.kind === 'query') return queryModel(ctx, hint.root, hint.links, hint.element === true, hint.plainPrefetch === true);
  if (hint.kind === 'element') return returnedElement(ctx, hint.callee);
  if (hint.kind === 'selfCall') return selfMethodResult(ctx, hint.classIndex, hint.method);
  if (hint.kind === 'returned' || hint.kind === 'selfAttribute') return madeInstance(ctx, hint); // `repo.get(…) -> Article`, `self.article`
  if (hint.kind !== 'call') return null;
  if (hint.firstArg) {
    if (!SHORTCUTS.test(project.symbols.externalName(file, hint.callee) ?? '')) return null;
    const model = classModel(hint.firstArg);
    const state = model && managerState(ctx, model, '_default_manager');
    return model && state?.instances && stepOf(ctx, state, 'get').kind === 'django' ? { model, instance: true, exact: true } : null;
  }
  const parts = hint.callee.split('.');
  if (parts.length === 3) return queryModel(ctx, parts[0], parts.slice(1), false);
  const model = classModel(hint.callee); // `Article(...)`
  if (model) return !hasOwnInit(ctx, model) ? { model, instance: true, exact: true, madeWith: NOTHING_ADDED } : null;
  // `def get_article(…) -> Article` (or `Optional[Article]`, `Article | None`): an instance, perhaps of a subclass.
  return madeInstance(ctx, hint);
}

/** The model instance the project's annotations say a value is (symbols.hint), perhaps of a subclass. */
function madeInstance(ctx: CheckContext, hint: ValueHint): TypedModel | null {
  const made = ctx.project.symbols.hint(ctx.file, hint, ctx.tracker);
  const returned = made?.kind === 'instance' ? judged(djangoModelsOf(ctx.project).modelOf(made.cls, ctx.tracker)) : null;
  return returned && { model: returned, instance: true, exact: false };
}

/**
 * `article = self.get_article()` where the class itself defines `def get_article(self) -> Article`, and no
 * subclass defines it again (one of theirs may be what runs).
 */
function selfMethodResult(ctx: CheckContext, classIndex: number, name: string): TypedModel | null {
  const { file, project, tracker } = ctx;
  const symbols = project.symbols;
  const info = file.summary.classes[classIndex];
  const defined = info.members.filter((m) => m.name === name);
  const fn = defined.length === 1 && defined[0].kind === 'method' && defined[0].method !== undefined ? info.methods[defined[0].method] : null;
  if (!fn?.returns || fn.isAsync || fn.decorators.length) return null;
  const cls = { file, index: classIndex };
  if (symbols.hasUnresolvedSubclass(cls, tracker) || symbols.subclasses(cls, tracker).some((sub) => symbols.classInfo(sub).members.some((m) => m.name === name))) return null;
  const model = judged(djangoModelsOf(project).modelNamed(file, fn.returns, tracker));
  return model && { model, instance: true, exact: false };
}

/** `for a in load_articles():` where `def load_articles() -> list[Article]` (or `QuerySet[Article]`, `Iterable[…]`). */
function returnedElement(ctx: CheckContext, callee: string): TypedModel | null {
  const { file, project, tracker } = ctx;
  const fn = project.symbols.dotted(file, callee, tracker);
  // (A coroutine is not iterable; a decorator may return anything.)
  if (fn?.kind !== 'function' || !fn.fn.returnsElement || fn.fn.isAsync || fn.fn.decorators.length) return null;
  const model = judged(djangoModelsOf(project).modelNamed(fn.file, fn.fn.returnsElement, tracker));
  return model && { model, instance: true, exact: false };
}

/** `Model.objects.filter(…).first()` (an instance) or the elements of `Model.objects.filter(…)`, through the manager's own methods too. */
function queryModel(ctx: CheckContext, root: string, links: string[], element: boolean, plainPrefetch = false): TypedModel | null {
  const [manager, ...calls] = links;
  const model = calls.length ? judged(djangoModelsOf(ctx.project).modelNamed(ctx.file, root, ctx.tracker)) : null;
  const state = model && queryState(ctx, model, [manager, ...calls.slice(0, -1)], plainPrefetch);
  if (!model || !state?.instances) return null;
  const last = calls[calls.length - 1];
  const step = stepOf(ctx, state, last, plainPrefetch && last === 'prefetch_related' ? PLAIN_PREFETCH : undefined);
  const kept = step.kind === 'django' || step.kind === 'project' ? step.next : null;
  const instance = element ? kept?.instances === true : step.kind === 'django' && INSTANCE_RESULTS.has(last);
  // (`create()` makes a fresh row; the others carry what the chain annotated.)
  if (!instance) return null;
  const madeWith = last === 'create' || last === 'acreate' ? NOTHING_ADDED : element ? kept!.annotated : state.annotated;
  return { model, instance: true, exact: true, madeWith };
}

function hasOwnInit(ctx: CheckContext, model: DjangoModel): boolean {
  return classesOf(model).some((c) => ctx.project.symbols.classInfo(c).members.some((m) => m.name === '__init__' || m.name === '__new__'));
}

function trackChain(ctx: CheckContext, model: DjangoModel): void {
  for (const c of classesOf(model)) {
    const key = moduleKeyOf(c.file.path);
    if (key !== null) ctx.tracker.add(key);
  }
}

/** `article.titel`, `self.author.emial`, `Article.titel`: walks forward relations while the model is evident. */
function checkAttributes(ctx: CheckContext, ref: MemberRef): void {
  const steps = modelSteps(ctx, ref);
  for (const [i, { step, typed }] of steps.entries()) {
    if (!hasName(ctx, typed, step.name, 0, ref.call !== undefined && i === ref.steps.length - 1)) {
      const missing = missingFromPinnedDjango(ctx.project, 'model', step.name, ctx.tracker);
      reportUnknown(ctx, typed.model, step.name, step.span, missing ? addedLater(missing) : '');
      return;
    }
  }
  // `author.articles.filter(titel=…)`, `article.comment_set.create(bodyy=…)`: a related manager's queryset call.
  const last = steps[steps.length - 1];
  if (last && ref.call && steps.length === ref.steps.length - 1 && last.typed.instance) {
    const related = relatedManager(ctx, last.typed.model, last.step.name);
    const method = ref.steps[ref.steps.length - 1].name;
    const checked = related && checkedCall(ctx, related, method, ref.call, stepOf(ctx, related, method, ref.call));
    if (checked) checkMethodCall(ctx, related!.model, method, checked.call, checked.names);
  }
}

/**
 * The related manager `instance.<name>` gives: of a reverse accessor's relating model, or of a many-to-many
 * field's target; related managers subclass that model's default manager class (its methods, its querysets).
 */
function relatedManager(ctx: CheckContext, model: DjangoModel, name: string): QuerysetState | null {
  const field = model.fields.get(name);
  const accessor = model.accessors.get(name);
  // A one-to-one reverse accessor is an instance, not a manager.
  const target = field?.kind === 'relation' && isManyRelation(field) ? field.target : accessor?.many ? accessor.source : null;
  const related = target ? djangoModelsOf(ctx.project).modelOf(target, ctx.tracker) : null;
  return related && !related.open ? managerState(ctx, related, '_default_manager') : null;
}

/** The read steps of a reference whose receiver is an evident model, each with the model it is read on. */
export function modelSteps(ctx: CheckContext, ref: MemberRef): { step: MemberRef['steps'][number]; typed: TypedModel }[] {
  const out: { step: MemberRef['steps'][number]; typed: TypedModel }[] = [];
  let typed = receiverModel(ctx, ref);
  const readSteps = ref.write ? ref.steps.length - 1 : ref.steps.length;
  for (let i = 0; i < readSteps && typed; i++) {
    const step = ref.steps[i];
    out.push({ step, typed });
    typed = forwardInstance(ctx, typed, step.name);
  }
  return out;
}

/** A forward ForeignKey/OneToOne read on an instance is an instance of the related model (when it is judged). */
export function forwardInstance(ctx: CheckContext, typed: TypedModel, name: string): TypedModel | null {
  const field = typed.model.fields.get(name);
  const forward = typed.instance && field?.kind === 'relation' && field.target && !isManyRelation(field);
  const next = forward ? judged(djangoModelsOf(ctx.project).modelOf(field.target!, ctx.tracker)) : null;
  // `ForeignKey("self")` declared in an abstract model leads to an instance of whichever subclass has it.
  return next ? { model: next, instance: true, exact: !isAbstractModel(next) } : null;
}

/**
 * Whether instances (or the class) of the model may have `name`; `called`: as a method (the names raw SQL and
 * `annotate()` give are column values, never callable).
 */
function hasName(ctx: CheckContext, typed: TypedModel, name: string, depth = 0, called = false): boolean {
  const { model } = typed;
  const symbols = ctx.project.symbols;
  if (classHasAttribute(ctx, model, name)) return true;
  if (classesOf(model).some((c) => symbols.classInfo(c).instanceAttributes.some((a) => a.name === name))) return true;
  // An instance whose making is seen carries the names of that chain only, not every annotate() of the project.
  const extras = typed.madeWith !== undefined ? typed.madeWith : djangoModelsOf(ctx.project).instanceExtras(ctx.tracker, model, typed.declared);
  if ((!called && (extras === null || extras.has(name))) || symbols.written().has(name)) return true;
  if (typed.exact || depth > 4) return false;
  // `self` and annotated receivers may be instances of a subclass (multi-table or proxy) with more names.
  if (symbols.hasUnresolvedSubclass(model.cls, ctx.tracker)) return true;
  for (const sub of symbols.subclasses(model.cls, ctx.tracker)) {
    const subModel = djangoModelsOf(ctx.project).modelOf(sub, ctx.tracker);
    if (!judged(subModel) || hasName(ctx, { model: subModel!, instance: typed.instance, exact: true }, name, depth + 1, called)) return true;
  }
  return false;
}

/**
 * What `hasattr(Model, name)` finds: fields (not reverse query names), reverse accessors, Django's Model API
 * and per-field methods, and the members of the model's classes.
 */
function classHasAttribute(ctx: CheckContext, model: DjangoModel, name: string): boolean {
  if (name.startsWith('_') || MODEL_API.has(name) || FIELD_METHODS.test(name) || model.accessors.has(name)) return true;
  const field = model.fields.get(name);
  if (field && field.kind !== 'reverse') return true;
  trackChain(ctx, model);
  if (classesOf(model).some((c) => ctx.project.symbols.classInfo(c).members.some((m) => m.name === name))) return true;
  // Django's API of some versions (`asave`, `NotUpdated`): there unless the project pins an earlier Django.
  return MODEL_API_SINCE.has(name) && !missingFromPinnedDjango(ctx.project, 'model', name, ctx.tracker);
}

/** The names a model's instances have, for did-you-mean. */
function candidateNames(ctx: CheckContext, model: DjangoModel): string[] {
  const names = new Set<string>();
  for (const f of model.fields.values()) if (f.kind !== 'reverse') names.add(f.name);
  for (const a of model.accessors.keys()) names.add(a);
  for (const c of classesOf(model)) for (const m of ctx.project.symbols.classInfo(c).members) if (!m.name.startsWith('_')) names.add(m.name);
  return [...names];
}

/** `why`: what follows from the missing name where it is read (a serializer source's consequence), if said. */
function reportUnknown(ctx: CheckContext, model: DjangoModel, name: string, span: Span, why = ''): void {
  const suggestion = nearestName(name, candidateNames(ctx, model));
  const fixes = fieldFixes(ctx, model, name, span, suggestion);
  ctx.report({
    rule: 'unknown-model-field',
    span,
    message: `Model '${model.name}' has no field or attribute '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `Model '${model.name}' (${modelPlace(model.cls)}) has no field or attribute '${name}'${why || ': reading it raises AttributeError'}.`,
    related: modelRelated(model.cls, `model '${model.name}'`),
    fixes,
  });
}

/** DRF leaves a field that is not required out of the response when its source is missing; a required one raises. */
function sourceConsequence(field: string, keywords: Record<string, string | null>): string {
  const optional = keywords.read_only === 'True' || keywords.required === 'False' || keywords.allow_null === 'True' || 'default' in keywords || '**' in keywords;
  return ` (source of '${field}'): ${optional ? 'DRF leaves the field out of every response' : 'DRF raises AttributeError when it serializes'}`;
}

/** For a name the model lacks: rename to the nearest one (first, when there is one), or add the field. */
function fieldFixes(ctx: CheckContext, model: DjangoModel, name: string, span: Span, suggestion: string | null): Fix[] {
  const fixes = suggestion ? [replaceSpanFix(ctx.file.path, span, suggestion, `Change '${name}' to '${suggestion}'`)] : [];
  const add = addFieldFix(ctx, model, name);
  if (add) fixes.push(add);
  return fixes;
}

/** A field type guessed from the name, nullable or defaulted so that its migration needs no questions. */
function fieldPlaceholder(name: string): string {
  if (/^(is|has|can|should)_/.test(name)) return 'BooleanField(default=False)';
  if (/(_at|_on|_date|_time)$|^(date|created|updated|modified)/.test(name)) return 'DateTimeField(null=True, blank=True)';
  if (/(_count|_total|_number)$|^(num|count|total)_/.test(name)) return 'IntegerField(default=0)';
  if (/email/.test(name)) return 'EmailField(blank=True)';
  if (/url|link|website/.test(name)) return 'URLField(blank=True)';
  if (/(description|body|text|content|notes?|summary)$/.test(name)) return 'TextField(blank=True)';
  return 'CharField(max_length=255, blank=True)';
}

/**
 * "Add field `x` to `Article`": a field line in the model's class, before its `Meta` (or at the end), when the
 * model's module binds `models` (from django.db import models) and the name can be a field.
 */
function addFieldFix(ctx: CheckContext, model: DjangoModel, name: string): Fix | null {
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.endsWith('_id') || name.endsWith('_set') || name.includes('__')) return null;
  const file = model.cls.file;
  if (!ctx.project.isBound(file, 'models')) return null;
  const info = file.summary.classes[model.cls.index];
  const meta = info.members.find((m) => m.name === 'Meta' && m.kind === 'class');
  const line = `${info.indent}${name} = models.${fieldPlaceholder(name)}\n`;
  const at = meta ? { line: meta.span[0], character: 0 } : { line: info.insertLine, character: 0 };
  return { title: `Add field '${name}' to '${model.name}'`, edits: [{ file: file.path, range: { start: at, end: at }, newText: meta ? `${line}\n` : line }], safety: 'unsafe' };
}

/** `Article(titel=…)`: Django's Model.__init__ takes field names, attnames (`author_id`) and properties. */
function checkConstructor(ctx: CheckContext, name: string, call: CallShape): void {
  const { project, tracker } = ctx;
  const model = judged(djangoModelsOf(project).modelNamed(ctx.file, name, tracker));
  if (!model || call.unpacks) return;
  trackChain(ctx, model);
  if (hasOwnInit(ctx, model)) return;
  const properties = new Set(classesOf(model).flatMap((c: ClassRef) => project.symbols.classInfo(c).members.filter((m) => m.kind === 'property').map((m) => m.name)));
  for (const kw of call.keywords) {
    if (model.fields.has(kw.name) || properties.has(kw.name)) continue;
    const suggestion = nearestName(kw.name, [...model.fields.values()].filter((f) => f.kind !== 'reverse').map((f) => f.name));
    const fixes = fieldFixes(ctx, model, kw.name, kw.span, suggestion);
    ctx.report({
      rule: 'unknown-model-field',
      span: kw.span,
      message: `'${kw.name}' is not a field of model '${model.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: `Model '${model.name}' (${modelPlace(model.cls)}) has no field '${kw.name}': ${model.name}() raises TypeError.`,
      related: modelRelated(model.cls, `model '${model.name}'`),
      fixes,
    });
    return;
  }
}

// ---- option lists that name fields: model Meta, ModelForm/ModelSerializer Meta, ModelAdmin and inlines ----

type OptionsKind = 'form' | 'serializer' | 'admin' | 'inline';
const OPTIONS_BASES: [RegExp, OptionsKind][] = [
  [/^django\.forms\.(models\.)?ModelForm$/, 'form'],
  [/^rest_framework\.serializers\.(ModelSerializer|HyperlinkedModelSerializer)$/, 'serializer'],
  [/^django\.contrib\.admin\.(options\.)?ModelAdmin$/, 'admin'],
  [/^django\.contrib\.admin\.(options\.)?(TabularInline|StackedInline)$/, 'inline'],
];

/** A class deriving from one of the option classes above; `closed` when all its bases are known (its own members are then all it declares). */
interface OptionsClass {
  kind: OptionsKind;
  closed: boolean;
  chain: ClassRef[];
}

function optionsClass(ctx: CheckContext, cls: ClassRef, depth = 0): OptionsClass | null {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  let kind: OptionsKind | null = null;
  let closed = !info.dynamic;
  const chain = [cls];
  for (const base of info.bases) {
    const external = base === '?' ? null : symbols.externalName(cls.file, base);
    const known = external ? OPTIONS_BASES.find(([re]) => re.test(external)) : undefined;
    if (known) {
      kind = known[1];
      continue;
    }
    const sym = base === '?' || depth > 6 ? null : symbols.dotted(cls.file, base, ctx.tracker);
    const parent = sym?.kind === 'class' ? optionsClass(ctx, sym.cls, depth + 1) : null;
    if (parent) {
      kind = parent.kind;
      closed &&= parent.closed;
      chain.push(...parent.chain);
    } else closed = false; // a mixin or third-party base may declare fields or methods of its own
  }
  return kind ? { kind, closed, chain } : null;
}

/** The member `name` of a class, and the nested class it is when it is one. */
function nestedClass(cls: ClassRef, name: string): ClassRef | null {
  const m = cls.file.summary.classes[cls.index].members.find((x) => x.name === name && x.kind === 'class');
  return m?.nested !== undefined ? { file: cls.file, index: m.nested } : null;
}

/** One class's option lists, with the model they name fields of and what owns them. */
interface OptionSet {
  members: readonly { name: string; strings?: { value: string; span: Span }[] }[];
  model: DjangoModel;
  owner: OptionsOwner;
}

function checkOptionClass(ctx: CheckContext, index: number): void {
  for (const set of optionSets(ctx, index)) {
    checkOptions(ctx, set);
    if (set.owner.kind === 'serializer') checkSerializerSources(ctx, index, set);
  }
}

/**
 * `author_name = serializers.CharField(source="author.nmae")` on a ModelSerializer: DRF reads each segment
 * as an attribute of the instance (the first of the Meta model's, the next of the related model's while the
 * path follows forward relations) and raises AttributeError on one that is missing.
 */
function checkSerializerSources(ctx: CheckContext, index: number, set: OptionSet): void {
  if (set.owner.members === null || set.owner.members.has('to_representation')) return;
  for (const member of ctx.file.summary.classes[index].members) {
    const source = member.callArgs?.keywords.source;
    const literal = member.callArgs?.stringSpans?.source;
    if (!source || !literal || literal[0] !== literal[2] || !/^\w+(\.\w+)*$/.test(source)) continue;
    // The contents start after the prefix and the opening quote.
    let column = literal[3] - 1 - source.length;
    let typed: TypedModel | null = judged(set.model) && { model: set.model, instance: true, exact: false };
    for (const segment of source.split('.')) {
      if (!typed) break;
      const span: Span = [literal[0], column, literal[0], column + segment.length];
      if (!hasName(ctx, typed, segment)) {
        reportUnknown(ctx, typed.model, segment, span, sourceConsequence(member.name, member.callArgs!.keywords));
        break;
      }
      typed = forwardInstance(ctx, typed, segment);
      column += segment.length + 1;
    }
  }
}

/** Every option string of the file's classes that names a field, with its model (for hover and go-to-definition). */
export function optionStringsOf(ctx: CheckContext): { model: DjangoModel; name: string; span: Span }[] {
  return ctx.file.summary.classes.flatMap((_, index) => optionSets(ctx, index).flatMap((set) => optionNames(set).map((n) => ({ model: set.model, name: n.name, span: n.span }))));
}

function optionSets(ctx: CheckContext, index: number): OptionSet[] {
  const { project, tracker } = ctx;
  const symbols = project.symbols;
  const cls: ClassRef = { file: ctx.file, index };
  const info = symbols.classInfo(cls);
  const graph = djangoModelsOf(project);
  const modelNamed = (from: ClassRef, dotted: string | undefined) => {
    const sym = dotted ? symbols.dotted(from.file, dotted, tracker) : null;
    return sym?.kind === 'class' ? graph.modelOf(sym.cls, tracker) : null;
  };
  const own = graph.modelOf(cls, tracker);
  if (own) {
    const meta = nestedClass(cls, 'Meta');
    // An abstract model's options are its concrete subclasses', resolved against their fields (which may be declared there).
    const abstract = djangoFactsOf(cls.file.summary)?.models?.find((m) => m.classIndex === cls.index)?.meta?.abstract === 'True';
    return meta && !abstract ? [{ members: symbols.classInfo(meta).members, model: own, owner: { owner: `${info.name}.Meta`, declaredBy: info.name, kind: 'model', members: null, readonly: null } }] : [];
  }
  if (!info.members.some((m) => m.strings) && !info.members.some((m) => m.name === 'Meta')) return [];
  const options = optionsClass(ctx, cls);
  if (!options) return [];
  const declared = options.closed ? new Set(options.chain.flatMap((c) => symbols.classInfo(c).members.map((m) => m.name))) : null;
  if (options.kind === 'form' || options.kind === 'serializer') {
    const meta = nestedClass(cls, 'Meta');
    const metaMembers = meta ? symbols.classInfo(meta).members : [];
    const modelMember = metaMembers.find((m) => m.name === 'model');
    const model = modelMember?.hint?.kind === 'alias' ? modelNamed(meta!, modelMember.hint.target) : null;
    return model ? [{ members: metaMembers, model, owner: { owner: `${info.name}.Meta`, declaredBy: info.name, kind: options.kind, members: declared, readonly: null } }] : [];
  }
  const models: DjangoModel[] = [];
  if (options.kind === 'inline') {
    const m = info.members.find((x) => x.name === 'model');
    const model = m?.hint?.kind === 'alias' ? modelNamed(cls, m.hint.target) : null;
    if (model) models.push(model);
  } else {
    for (const name of info.registers ?? []) {
      const model = modelNamed(cls, name);
      if (model) models.push(model);
    }
    for (const registered of graph.registeredWith(cls, tracker)) {
      const model = graph.modelOf(registered, tracker);
      if (model && !models.includes(model)) models.push(model);
    }
  }
  // The nearest `readonly_fields` of the admin's chain (an empty or computed one is unknown).
  const readonlyDeclared = options.closed ? options.chain.map((c) => symbols.classInfo(c).members.find((m) => m.name === 'readonly_fields')).find((m) => m) : null;
  const readonly = !options.closed ? null : !readonlyDeclared ? new Set<string>() : readonlyDeclared.strings ? new Set(readonlyDeclared.strings.map((x) => x.value)) : null;
  return models.map((model) => ({ members: info.members, model, owner: { owner: info.name, declaredBy: info.name, kind: options.kind, members: declared, readonly } }));
}

interface OptionsOwner {
  owner: string;
  /** The class whose own members count (a form's declared fields, an admin's methods). */
  declaredBy: string;
  kind: 'model' | OptionsKind;
  /** Names the options class declares itself (form fields, serializer fields, admin methods); null when unknown. */
  members: Set<string> | null;
  /** An admin's `readonly_fields` (which `fields` may list besides model fields); null when unknown or not an admin. */
  readonly: Set<string> | null;
}

/**
 * What each option accepts: a field path's first segment, a field, a field or attribute (of the model or the
 * owner), or a field of the admin's form (a model field, or a name the admin lists in `readonly_fields`).
 */
type Accepts = 'path' | 'field' | 'attribute' | 'formField';
const OPTION_ACCEPTS: Record<string, Partial<Record<OptionsOwner['kind'], Accepts>>> = {
  ordering: { model: 'path', admin: 'path', inline: 'path' },
  unique_together: { model: 'field' },
  indexes: { model: 'field' },
  constraints: { model: 'field' },
  fields: { form: 'field', serializer: 'attribute', admin: 'formField', inline: 'formField' },
  fieldsets: { admin: 'formField', inline: 'formField' },
  exclude: { serializer: 'field' },
  list_display: { admin: 'attribute' },
  readonly_fields: { admin: 'attribute', inline: 'attribute' },
  list_filter: { admin: 'path' },
  search_fields: { admin: 'path' },
  date_hierarchy: { admin: 'path' },
  raw_id_fields: { admin: 'field', inline: 'field' },
  autocomplete_fields: { admin: 'field', inline: 'field' },
  filter_horizontal: { admin: 'field', inline: 'field' },
  filter_vertical: { admin: 'field', inline: 'field' },
};
/** Admin members that build the form or its field list another way: `fields`/`fieldsets` are then not judged. */
const ADMIN_FORM_HOOKS = ['form', 'get_form', 'get_formset', 'get_fields', 'get_fieldsets', 'get_readonly_fields'];
const BREAKS: Record<OptionsOwner['kind'], string> = {
  model: "Django's system check fails at start-up",
  form: 'Django raises FieldError when the module is imported',
  serializer: 'DRF fails when the serializer builds its fields (ImproperlyConfigured, or AssertionError for exclude)',
  admin: "the admin's system check fails at start-up",
  inline: "the admin's system check fails at start-up",
};

/** Options that fail otherwise than their owner's kind does. */
const OPTION_BREAKS: Record<string, string> = {
  search_fields: 'Django raises FieldError when the admin searches',
  constraints: 'creating the table fails (FieldDoesNotExist; the system check reports it from Django 4.1)',
};
const ADMIN_FORM_BREAKS = 'Django raises FieldError when the admin builds its form';
const WHAT_IT_IS_NOT: Record<Accepts, (model: string, owner: string) => string> = {
  path: (model) => `no field of ${model}`,
  field: (model) => `no field of ${model}`,
  attribute: (model, owner) => `neither a field nor an attribute of ${model}, nor declared by ${owner}`,
  formField: (model, owner) => `neither a field of ${model} nor one of ${owner}.readonly_fields`,
};

/** The field names an option set's lists give, each with what the option accepts there. */
function optionNames(set: OptionSet): { option: string; name: string; span: Span; accepts: Accepts }[] {
  const { members, model, owner } = set;
  if (model.open) return []; // fields from outside the project (a third-party base) may be named
  const formFieldsKnown = owner.members !== null && !ADMIN_FORM_HOOKS.some((h) => owner.members!.has(h)) && owner.readonly !== null;
  const out: { option: string; name: string; span: Span; accepts: Accepts }[] = [];
  for (const member of members) {
    const accepts = OPTION_ACCEPTS[member.name]?.[owner.kind];
    if (!accepts || !member.strings) continue;
    // Attributes of the model count: judge only models whose every attribute we know.
    if (accepts === 'attribute' && (!judged(model) || owner.members === null)) continue;
    // A form's Meta.fields may list the fields it declares, along its MRO: unknown when a base is.
    if (accepts === 'field' && owner.kind === 'form' && owner.members === null) continue;
    if (accepts === 'formField' && !formFieldsKnown) continue;
    if (member.strings.length === 1 && member.strings[0].value === '__all__') continue;
    for (const literal of member.strings) {
      let name = literal.value;
      let span = literal.span;
      let kind = accepts;
      if (accepts === 'path') {
        const prefix = /^[-^=@]/.exec(name)?.[0] ?? '';
        if (name === '?' || !/^[-^=@]?\w+(__\w+)*$/.test(name)) continue;
        name = name.slice(prefix.length).split('__')[0];
        span = [span[0], span[1] + prefix.length, span[2], span[1] + prefix.length + name.length];
      } else if (accepts === 'attribute' && member.name === 'list_display' && /^\w+__\w+/.test(name)) {
        // Django 5.1+ lists related fields (`author__name`): the first segment must be a field.
        name = name.split('__')[0];
        span = [span[0], span[1], span[2], span[1] + name.length];
        kind = 'path';
      } else if (member.name === 'indexes' && /^-\w+$/.test(name)) {
        // Index(fields=["-created"]): a descending index on the field.
        name = name.slice(1);
        span = [span[0], span[1] + 1, span[2], span[3]];
      } else if (!/^\w+$/.test(name)) continue;
      out.push({ option: member.name, name, span, accepts: kind });
    }
  }
  return out;
}

function checkOptions(ctx: CheckContext, set: OptionSet): void {
  const { model, owner } = set;
  for (const { option, name, span, accepts } of optionNames(set)) {
    if (acceptsName(ctx, model, owner, accepts, name)) continue;
    if (owner.kind === 'model' && subclassMayHave(ctx, model, name)) continue;
    const candidates = [...model.fields.values()].filter((f) => f.kind !== 'reverse' && f.type !== 'ForeignKeyId').map((f) => f.name);
    const suggestion = nearestName(name, candidates);
    ctx.report({
      rule: 'unknown-model-field',
      span,
      message: `'${name}' in ${option} is no ${accepts === 'attribute' ? 'field or attribute' : 'field'} of ${model.name}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: `'${name}' in ${owner.owner}.${option} is ${WHAT_IT_IS_NOT[accepts](model.name, owner.declaredBy)}: ${accepts === 'formField' ? ADMIN_FORM_BREAKS : (OPTION_BREAKS[option] ?? BREAKS[owner.kind])}.`,
      related: modelRelated(model.cls, `model '${model.name}'`),
      fixes: suggestion ? [replaceSpanFix(ctx.file.path, span, suggestion, `Change '${name}' to '${suggestion}'`)] : [],
    });
  }
}

function isAbstractModel(model: DjangoModel): boolean {
  return djangoFactsOf(model.cls.file.summary)?.models?.find((m) => m.classIndex === model.cls.index)?.meta?.abstract === 'True';
}

/**
 * An abstract model's Meta options are checked on each concrete subclass (`constraints` naming a field the
 * subclasses declare): a name some subclass has, or may have, is no defect of the abstract model.
 */
function subclassMayHave(ctx: CheckContext, model: DjangoModel, name: string): boolean {
  if (!isAbstractModel(model)) return false;
  const symbols = ctx.project.symbols;
  if (symbols.hasUnresolvedSubclass(model.cls, ctx.tracker)) return true;
  return symbols.subclasses(model.cls, ctx.tracker).some((sub) => {
    const subModel = djangoModelsOf(ctx.project).modelOf(sub, ctx.tracker);
    return !subModel || subModel.open || subModel.fields.has(name);
  });
}

function acceptsName(ctx: CheckContext, model: DjangoModel, owner: OptionsOwner, accepts: Accepts, name: string): boolean {
  const field = model.fields.get(name);
  if (accepts === 'path') return field !== undefined || name === 'pk';
  if (accepts === 'formField') return (field !== undefined && field.kind !== 'reverse') || owner.readonly!.has(name);
  if (owner.members?.has(name)) return true; // a declared form/serializer field, an admin method
  // Forms and serializers list fields by name: an attname (`author_id`) or `pk` is none.
  const byName = owner.kind === 'form' || owner.kind === 'serializer';
  if (accepts === 'field') return field !== undefined && field.kind !== 'reverse' && (!byName || (field.type !== 'ForeignKeyId' && name !== 'pk'));
  if (name === '__str__' || (owner.kind === 'serializer' && name === 'url')) return true;
  return classHasAttribute(ctx, model, name);
}
