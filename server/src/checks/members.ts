// unknown-attribute and call-signature: the layers of a project (routes → services → repositories) must
// agree on the attributes, methods and parameters they use. Receivers are typed only where it is evident
// (self, constructors, annotations, module singletons); any unknown link makes the check silent.
import { nearestName } from '../core/nearest';
import type { Fix, RelatedSpan, Span } from '../core/types';
import type { DependencyTracker, SourceFile } from '../index/project';
import { Symbols, type ClassRef, type Symbol } from '../index/symbols';
import type { FieldModelKind } from '../index/frameworkParts';
import { FIELD_MODEL_BASES } from '../frameworks/adapters';
import type { CallShape, FunctionInfo, MemberRef, ParameterInfo } from '../syntax/summary';
import { replaceSpanFix } from '../rulekit/fixes';
import { ATTRIBUTE_GUARDS } from '../rulekit/attributeGuards';
import { classRelated, functionRelated, memberRelated } from '../rulekit/related';
import type { CheckContext, RuleFamily } from '../rulekit/rule';


export const memberChecks: RuleFamily = {
  rules: [
    {
      id: 'unknown-attribute',
      defaultSeverity: 'error',
      summary: 'An attribute or method that the project class does not define.',
      doc: {
        catches: "`self.repo.get_db_connection()` when the repository class defines no such method; `service.list()` on a service that only has `list_articles()`.",
        whyItBreaks: "Python raises AttributeError: 'ArticleRepository' object has no attribute 'get_db_connection'.",
        example: 'class ArticleService:\n    def __init__(self, repo: ArticleRepository):\n        self.repo = repo\n    def all(self):\n        return self.repo.fetch_all()  # ArticleRepository defines list_all()',
        fix: 'Use the attribute the class defines, or add the method to the class (the quick fix inserts a stub).',
      },
    },
    {
      id: 'async-mismatch',
      defaultSeverity: 'warning',
      summary: 'A project coroutine function called without await, or a plain function awaited.',
      doc: {
        catches: '`repo.fetch(id)` where `fetch` is `async def` and the result is discarded or assigned without `await`; `await repo.count()` where `count` is a plain function returning an int.',
        whyItBreaks: 'Without await the coroutine never runs (and the variable holds a coroutine object); awaiting an int raises TypeError.',
        example: 'async def create(...):\n    user = repo.get_user(user_id)  # get_user is async: user is a coroutine',
        fix: 'Add `await` (the quick fix inserts it inside async functions), or drop it for plain functions.',
      },
    },
    {
      id: 'call-signature',
      defaultSeverity: 'error',
      summary: 'A call to a project function, method or class with missing, extra or unknown arguments.',
      doc: {
        catches: 'Missing required arguments, too many positional arguments, or keyword arguments the callee does not take.',
        whyItBreaks: 'Python raises TypeError when the call runs.',
        example: 'service.create_article(user_id=1, title="x")  # create_article(self, author_id, title)',
        fix: 'Pass the parameters the callee declares (the quick fix renames a mistyped keyword).',
      },
    },
  ],
  // Each item is checked from its own context alone (runChecks.ts replays the lists of an edit that touches only items).
  itemsStandAlone: true,
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed || s.hasErrorNodes) return;
    ctx.each('memberRefs', s.memberRefs, (ref, refCtx) => {
      if (!ref.guards.some((g) => ATTRIBUTE_GUARDS.has(g))) checkRef(refCtx, ref);
    });
  },
};

function trackClass(tracker: DependencyTracker, symbols: Symbols, cls: ClassRef): void {
  // Every step of every reference tracks its receiver's classes: one key list per MRO, added whole.
  tracker.addAll(symbols.mroDependencyKeys(cls));
}

function receiverSymbol(ctx: CheckContext, ref: MemberRef): Symbol | null {
  const { file, project, tracker } = ctx;
  const r = ref.receiver;
  if (r.kind === 'self') {
    const cls = { file, index: r.classIndex };
    return r.classObject ? { kind: 'class', cls } : { kind: 'instance', cls, exact: false };
  }
  if (r.kind === 'local') return project.symbols.hint(file, r.hint, tracker);
  return project.symbols.global(file, r.name, tracker);
}

function checkRef(ctx: CheckContext, ref: MemberRef): void {
  const { project, tracker } = ctx;
  const symbols = project.symbols;
  let sym = receiverSymbol(ctx, ref);
  const readSteps = ref.write ? ref.steps.length - 1 : ref.steps.length;
  for (let i = 0; i < readSteps && sym; i++) {
    const step = ref.steps[i];
    if (sym.kind === 'module') {
      // Module attributes are unknown-module-attribute's; follow them to type the rest of the chain.
      sym = symbols.attributeOf(sym, step.name, tracker);
      continue;
    }
    if (sym.kind !== 'instance' && sym.kind !== 'class') return;
    trackClass(tracker, symbols, sym.cls);
    const found = symbols.member(sym.cls, step.name, sym.kind === 'class');
    if (found === 'unknown') return;
    if (found === null) {
      // A class named directly (not `cls`/`self`) is that class object: its subclasses do not matter.
      const exactClass = sym.kind === 'class' && ref.receiver.kind !== 'self';
      if (!mayExistElsewhere(symbols, sym, step.name, tracker, exactClass)) reportUnknownAttribute(ctx, sym.cls, step.name, step.span, i === ref.steps.length - 1 ? ref.call : undefined);
      return;
    }
    const isLast = i === ref.steps.length - 1;
    if (isLast && ref.call) {
      checkMethodCall(ctx, sym, found.member?.method !== undefined ? found : null, ref.call, step.span, ref.rootSpan);
      return;
    }
    sym = symbols.memberValue(found, sym.kind === 'class', tracker);
  }
  if (ref.steps.length === 0 && ref.call && sym) checkPlainCall(ctx, sym, ref.call, ref.rootSpan);
}

/**
 * An attribute missing from the class may still be there at run time: on a subclass instance (self and
 * annotated receivers may be one), from a sibling base of a mixin, or assigned from outside the class.
 */
function mayExistElsewhere(symbols: Symbols, sym: Symbol & { kind: 'instance' | 'class' }, name: string, tracker: DependencyTracker, exactClass: boolean): boolean {
  if (symbols.written().has(name)) return true;
  if ((sym.kind === 'instance' && sym.exact) || exactClass) return false;
  // Mixins and bases subclassed in ways we cannot follow get their other attributes from elsewhere.
  if (/Mixin$/.test(symbols.classInfo(sym.cls).name) || symbols.hasUnresolvedSubclass(sym.cls, tracker)) return true;
  for (const sub of symbols.subclasses(sym.cls, tracker)) {
    trackClass(tracker, symbols, sub);
    const found = symbols.member(sub, name);
    if (found !== null) return true; // defined there, or the subclass is not fully known
  }
  return false;
}

function reportUnknownAttribute(ctx: CheckContext, cls: ClassRef, name: string, span: Span, call?: CallShape): void {
  const symbols = ctx.project.symbols;
  const info = symbols.classInfo(cls);
  const candidates = new Set<string>();
  for (const c of symbols.mro(cls) ?? [cls]) {
    const ci = symbols.classInfo(c);
    for (const m of ci.members) candidates.add(m.name);
    for (const a of ci.instanceAttributes) candidates.add(a.name);
  }
  for (const k of symbols.knownBases(cls)) for (const m of k.members) candidates.add(m);
  const suggestion = nearestName(name, [...candidates].filter((n) => !n.startsWith('__')));
  const fixes: Fix[] = [];
  if (suggestion) fixes.push(replaceSpanFix(ctx.file.path, span, suggestion, `Change '${name}' to '${suggestion}'`));
  if (call) fixes.push(addMethodFix(cls, info.name, name, call));
  ctx.report({
    rule: 'unknown-attribute',
    span,
    message: `'${info.name}' has no attribute '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    detail: `Class '${info.name}' (${cls.file.path}) and its bases define no '${name}': the access raises AttributeError.`,
    related: [...classRelated(cls, `class '${info.name}'`), ...(suggestion ? suggestionRelated(ctx, cls, suggestion) : [])],
    fixes,
  });
}

/** Where the suggested member is declared: in the class or the first base of its MRO that declares it. */
function suggestionRelated(ctx: CheckContext, cls: ClassRef, suggestion: string): RelatedSpan[] {
  for (const c of ctx.project.symbols.mro(cls) ?? [cls]) {
    const found = memberRelated(c, suggestion, `'${suggestion}' is here`);
    if (found.length) return found;
  }
  return [];
}

/** A stub with the called arguments as parameters, at the end of the class: the gap shows in the right file. */
function addMethodFix(cls: ClassRef, className: string, name: string, call: CallShape): Fix {
  const info = cls.file.summary.classes[cls.index];
  const params = ['self', ...Array.from({ length: call.positional }, (_, i) => `arg${i + 1}`), ...call.keywords.map((k) => k.name)];
  const i = info.indent;
  const text = `\n${i}${call.awaited ? 'async ' : ''}def ${name}(${params.join(', ')}):\n${i}    raise NotImplementedError\n`;
  const at = { line: info.insertLine, character: 0 };
  return { title: `Add method '${name}' to '${className}'`, edits: [{ file: cls.file.path, range: { start: at, end: at }, newText: text }], safety: 'unsafe' };
}

/** `obj.method(...)` on a project instance or class. */
function checkMethodCall(ctx: CheckContext, sym: Symbol & { kind: 'instance' | 'class' }, found: { owner: ClassRef; member?: { kind: string; method?: number } } | null, call: CallShape, span: Span, rootSpan: Span): void {
  if (!found?.member || found.member.method === undefined) return;
  const symbols = ctx.project.symbols;
  const fn = symbols.classInfo(found.owner).methods[found.member.method];
  const kind = found.member.kind;
  if (kind === 'property' || !symbols.transparentDecorators(found.owner.file, fn.decorators, ctx.tracker)) return;
  // Bound calls drop `self` (instances) or `cls` (class methods); a plain method on the class takes self explicitly.
  const bound = kind === 'classmethod' || (kind === 'method' && sym.kind === 'instance');
  if (sym.kind === 'instance' && !sym.exact && overriddenBelow(ctx, sym.cls, fn.name)) return;
  checkAsync(ctx, found.owner.file, fn, call, span, rootSpan);
  checkArguments(ctx, fn, bound, call, span, `${symbols.classInfo(found.owner).name}.${fn.name}`, functionRelated(found.owner.file.path, fn));
}

/**
 * `self.venv_bin(filename=…)` in a base class runs a subclass's override when self is one of its instances
 * (template methods with their own signatures): such calls are judged only when no subclass overrides it.
 */
function overriddenBelow(ctx: CheckContext, cls: ClassRef, name: string): boolean {
  const symbols = ctx.project.symbols;
  if (symbols.hasUnresolvedSubclass(cls, ctx.tracker)) return true;
  return symbols.subclasses(cls, ctx.tracker).some((sub) => {
    trackClass(ctx.tracker, symbols, sub);
    return symbols.classInfo(sub).members.some((m) => m.name === name);
  });
}

/** `name(...)`: a project function, or a class (its constructor). */
function checkPlainCall(ctx: CheckContext, sym: Symbol, call: CallShape, span: Span): void {
  const symbols = ctx.project.symbols;
  if (sym.kind === 'function') {
    if (!symbols.transparentDecorators(sym.file, sym.fn.decorators, ctx.tracker)) return;
    checkAsync(ctx, sym.file, sym.fn, call, span, span);
    checkArguments(ctx, sym.fn, false, call, span, sym.fn.name, functionRelated(sym.file.path, sym.fn));
    return;
  }
  if (sym.kind !== 'class') return;
  const model = symbols.fieldModel(sym.cls, ctx.tracker, FIELD_MODEL_BASES);
  if (model) {
    checkModelConstructor(ctx, model, call, span);
    return;
  }
  const mro = symbols.mro(sym.cls);
  if (!mro) return;
  trackClass(ctx.tracker, symbols, sym.cls);
  const info = symbols.classInfo(sym.cls);
  // With a third-party base, the constructor is the class's own or one we do not read.
  const known = symbols.knownBases(sym.cls).filter((k) => !k.entry.metaclass);
  if (known.length) {
    if (known.some((k) => k.customNew)) return;
    const own = info.members.filter((m) => m.name === '__init__').pop();
    if (info.members.some((m) => m.name === '__new__') || !own || own.method === undefined || info.decorators.length) return;
    const fn = info.methods[own.method];
    if (symbols.transparentDecorators(sym.cls.file, fn.decorators, ctx.tracker)) checkArguments(ctx, fn, true, call, span, `${info.name}()`, functionRelated(sym.cls.file.path, fn));
    return;
  }
  // __new__ and generated constructors other than plain dataclasses are not read here: say nothing.
  if (mro.some((c) => symbols.classInfo(c).members.some((m) => m.name === '__new__'))) return;
  const explicitInit = mro.some((c) => symbols.classInfo(c).members.some((m) => m.name === '__init__'));
  if (!explicitInit && symbols.classInfo(sym.cls).dataclass && mro.every((c) => symbols.classInfo(c).dataclass || !symbols.classInfo(c).members.some((m) => m.field))) {
    checkArguments(ctx, dataclassInit(symbols, mro, span), false, call, span, `${info.name}()`, classRelated(sym.cls, `dataclass '${info.name}'`));
    return;
  }
  if (mro.some((c) => symbols.classInfo(c).decorators.length)) return;
  for (const c of mro) {
    const ci = symbols.classInfo(c);
    const init = ci.members.filter((m) => m.name === '__init__').pop();
    if (!init) continue;
    if (init.method === undefined) return;
    const fn = ci.methods[init.method];
    if (symbols.transparentDecorators(c.file, fn.decorators, ctx.tracker)) checkArguments(ctx, fn, true, call, span, `${info.name}()`, functionRelated(c.file.path, fn));
    return;
  }
  if (info.bases.length === 0) checkArguments(ctx, { name: '__init__', span, params: [], decorators: [], isAsync: false, returns: null }, false, call, span, `${info.name}()`);
}

/**
 * Constructors generated from annotated fields. NamedTuple: fields in order, positional or keyword.
 * Pydantic (and an adapter's `pydanticOrTable` base without `table=True`: SQLModel's): keyword-only; a missing
 * required field fails validation; unknown keywords are dropped silently unless the model forbids extra fields.
 * Table models (`table=True`) skip validation: only positional arguments fail. Whatever may change this (an own `__init__`, validators that
 * run before fields are read, aliases, Pydantic-v1-style optional fields) makes the check say less.
 */
function checkModelConstructor(ctx: CheckContext, model: { kind: FieldModelKind; chain: ClassRef[]; table: boolean }, call: CallShape, span: Span): void {
  const symbols = ctx.project.symbols;
  const infos = model.chain.map((c) => symbols.classInfo(c));
  const what = `${infos[0].name}()`;
  if (infos.some((i) => i.members.some((m) => m.name === '__init__' || m.name === '__new__'))) return;
  if (model.kind === 'namedtuple') {
    if (model.chain.length !== 1) return; // subclasses of a NamedTuple class may define __new__ differently
    const params: ParameterInfo[] = infos[0].members.filter((m) => m.field).map((m) => ({ name: m.name, kind: 'normal', hasDefault: m.field!.hasDefault }));
    checkArguments(ctx, { name: '__new__', span, params, decorators: [], isAsync: false, returns: null }, false, call, span, what);
    return;
  }
  if (call.unpacks) return;
  if (call.positional > 0) {
    ctx.report({
      rule: 'call-signature',
      span,
      message: `${what} takes keyword arguments only, but ${call.positional} positional ${call.positional === 1 ? 'was' : 'were'} given`,
      detail: 'A model is built from its fields by name: the call raises TypeError (or a validation error).',
    });
    return;
  }
  if (model.kind === 'pydanticOrTable' && model.table) return;
  const fields = new Map<string, { required: boolean }>();
  let aliases = false;
  let forbidsExtra = false;
  let validators = false;
  for (const info of [...infos].reverse()) {
    if (info.config) {
      aliases ||= info.config.aliases;
      forbidsExtra = info.config.forbidsExtra;
    }
    if (info.methods.some((fn) => fn.decorators.some((d) => /(^|\.)(model_validator|root_validator|validator)$/.test(d)))) validators = true;
    for (const m of info.members) {
      if (!m.field) {
        if (m.kind !== 'class' && m.kind !== 'attribute') fields.delete(m.name);
        continue;
      }
      if (m.name.startsWith('_')) continue; // private attributes are not fields
      const call = m.callArgs;
      if (call && /(^|\.)Field$/.test(call.callee ?? '')) {
        const keywords = Object.keys(call.keywords);
        if (keywords.some((k) => k === 'alias' || k === 'validation_alias' || k === '**')) aliases = true;
        const hasDefault = (call.positional.length > 0 && call.positional[0] !== '...') || keywords.includes('default') || keywords.includes('default_factory');
        fields.set(m.name, { required: !hasDefault && !m.field.nullable });
      } else fields.set(m.name, { required: !m.field.hasDefault && !m.field.nullable });
    }
  }
  if (aliases) return;
  for (const kw of call.keywords) {
    if (fields.has(kw.name) || !forbidsExtra) continue;
    const suggestion = nearestName(kw.name, [...fields.keys()]);
    ctx.report({
      rule: 'call-signature',
      span: kw.span,
      message: `${what} has no field '${kw.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: 'The model forbids extra fields: validation fails.',
      fixes: suggestion ? [replaceSpanFix(ctx.file.path, kw.span, suggestion, `Change '${kw.name}' to '${suggestion}'`)] : [],
    });
    return;
  }
  if (validators) return;
  const given = new Set(call.keywords.map((k) => k.name));
  const missing = [...fields].filter(([name, f]) => f.required && !given.has(name)).map(([name]) => name);
  if (missing.length) {
    // `emial=` next to a missing `email`: the keyword is the typo.
    const suggestion = missing.length === 1 ? nearestName(missing[0], call.keywords.map((k) => k.name).filter((k) => !fields.has(k))) : null;
    const typo = suggestion ? call.keywords.find((k) => k.name === suggestion) : undefined;
    ctx.report({
      rule: 'call-signature',
      span,
      message: `${what} is missing required field${missing.length > 1 ? 's' : ''} ${missing.map((n) => `'${n}'`).join(', ')}${suggestion ? `; '${suggestion}' is no field` : ''}`,
      detail: `Validation fails when the call runs${suggestion ? `; the keyword '${suggestion}' is no field of the model` : ''}.`,
      fixes: typo ? [replaceSpanFix(ctx.file.path, typo.span, missing[0], `Change '${typo.name}' to '${missing[0]}'`)] : [],
    });
  }
}

/** The `__init__` a dataclass generates: its fields, base classes' first, in definition order. */
function dataclassInit(symbols: Symbols, mro: ClassRef[], span: Span): FunctionInfo {
  const params: ParameterInfo[] = [];
  for (const c of [...mro].reverse()) {
    for (const m of symbols.classInfo(c).members) {
      if (!m.field) continue;
      const existing = params.find((p) => p.name === m.name);
      if (existing) existing.hasDefault = m.field.hasDefault;
      else params.push({ name: m.name, kind: 'normal', hasDefault: m.field.hasDefault });
    }
  }
  return { name: '__init__', span, params, decorators: [], isAsync: false, returns: null };
}

/** Return annotations that are certainly not awaitable. */
const PLAIN_RESULTS = new Set(['int', 'str', 'bool', 'float', 'bytes', 'dict', 'list', 'set', 'tuple']);

/** A coroutine function whose call is dropped or assigned without await; an await on a plain value. */
function checkAsync(ctx: CheckContext, owner: SourceFile, fn: FunctionInfo, call: CallShape, span: Span, rootSpan: Span): void {
  if (fn.asyncGenerator) {
    // Calling an async generator function only makes the generator: iterating it (`async for`) runs it.
    if (call.awaited) {
      ctx.report({
        rule: 'async-mismatch',
        span,
        message: `'${fn.name}' is an async generator: it cannot be awaited`,
        detail: "Its call returns an async generator, and awaiting that raises TypeError: iterate it with 'async for'.",
        related: functionRelated(owner.path, fn),
      });
    }
    return;
  }
  if (fn.isAsync && !call.awaited && call.usage !== 'other') {
    const at = { line: rootSpan[0], character: rootSpan[1] };
    ctx.report({
      rule: 'async-mismatch',
      span,
      message: `'${fn.name}' is a coroutine function called without 'await'`,
      detail: `Without 'await' it never runs${call.usage === 'assigned' ? ', and the variable holds a coroutine object' : ''}.`,
      related: functionRelated(owner.path, fn),
      fixes: call.inAsync ? [{ title: "Add 'await'", edits: [{ file: ctx.file.path, range: { start: at, end: at }, newText: 'await ' }], isPreferred: true, safety: 'unsafe' }] : [],
    });
    return;
  }
  if (!fn.isAsync && call.awaited && fn.returns) {
    const ret = PLAIN_RESULTS.has(fn.returns) ? null : ctx.project.symbols.dotted(owner, fn.returns, ctx.tracker);
    const plain = PLAIN_RESULTS.has(fn.returns) || (ret?.kind === 'class' && ctx.project.symbols.member(ret.cls, '__await__') === null);
    if (plain) ctx.report({ rule: 'async-mismatch', span, message: `'${fn.name}' is not async: its '${fn.returns}' cannot be awaited`, detail: `It returns '${fn.returns}', and awaiting that raises TypeError.`, related: functionRelated(owner.path, fn) });
  }
}

/** What the call breaks and the parameters it is checked against (as written, `self` left out). */
function signatureDetail(params: ParameterInfo[]): string {
  const shown = params.map((p) => (p.kind === 'var-positional' ? `*${p.name}` : p.kind === 'var-keyword' ? `**${p.name}` : p.hasDefault ? `${p.name}=…` : p.name));
  return `The call raises TypeError. Parameters: (${shown.join(', ')}).`;
}

/** A function's parameters as a call sees them (the first one bound, or not), derived once per summary's function. */
interface CallSignature {
  params: ParameterInfo[];
  positional: ParameterInfo[];
  varPositional: boolean;
  varKeyword: boolean;
  byKeyword: ParameterInfo[];
}
/** By function: [called as is, called with its first parameter bound]; null when the first cannot be bound. */
const callSignatures = new WeakMap<FunctionInfo, [CallSignature | null | undefined, CallSignature | null | undefined]>();

function callSignature(fn: FunctionInfo, dropFirst: boolean): CallSignature | null {
  let both = callSignatures.get(fn);
  if (!both) callSignatures.set(fn, (both = [undefined, undefined]));
  const slot = dropFirst ? 1 : 0;
  let signature = both[slot];
  if (signature === undefined) {
    let params: ParameterInfo[] | null = fn.params;
    if (dropFirst) {
      if (!params.length || params[0].kind === 'var-positional' || params[0].kind === 'var-keyword' || params[0].kind === 'keyword-only') params = null;
      else params = params.slice(1);
    }
    signature = params && {
      params,
      positional: params.filter((p) => p.kind === 'positional-only' || p.kind === 'normal'),
      varPositional: params.some((p) => p.kind === 'var-positional'),
      varKeyword: params.some((p) => p.kind === 'var-keyword'),
      byKeyword: params.filter((p) => p.kind === 'normal' || p.kind === 'keyword-only'),
    };
    both[slot] = signature;
  }
  return signature;
}

/** Binds a call's arguments to parameters as Python does; reports the first mismatch. */
function checkArguments(ctx: CheckContext, fn: FunctionInfo, dropFirst: boolean, call: CallShape, span: Span, what: string, related: RelatedSpan[] = []): void {
  if (call.unpacks) return;
  const signature = callSignature(fn, dropFirst);
  if (!signature) return;
  const { params, positional, varPositional, varKeyword, byKeyword } = signature;
  if (call.positional > positional.length && !varPositional) {
    ctx.report({ rule: 'call-signature', span, message: `${what} takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${call.positional} ${call.positional === 1 ? 'was' : 'were'} given`, detail: signatureDetail(params), related });
    return;
  }
  const assigned = new Set(positional.slice(0, call.positional).map((p) => p.name));
  for (const kw of call.keywords) {
    const param = byKeyword.find((p) => p.name === kw.name);
    if (param) {
      if (assigned.has(kw.name)) {
        ctx.report({ rule: 'call-signature', span: kw.span, message: `${what} got multiple values for argument '${kw.name}'`, detail: signatureDetail(params), related });
        return;
      }
      assigned.add(kw.name);
      continue;
    }
    if (varKeyword) continue;
    const suggestion = nearestName(kw.name, byKeyword.filter((p) => !assigned.has(p.name)).map((p) => p.name));
    ctx.report({
      rule: 'call-signature',
      span: kw.span,
      message: `${what} has no parameter '${kw.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      detail: byKeyword.length ? signatureDetail(params) : `${signatureDetail(params)} It takes no keyword arguments.`,
      related,
      fixes: suggestion ? [replaceSpanFix(ctx.file.path, kw.span, suggestion, `Change '${kw.name}' to '${suggestion}'`)] : [],
    });
    return;
  }
  const missing = params.filter((p) => (p.kind === 'positional-only' || p.kind === 'normal' || p.kind === 'keyword-only') && !p.hasDefault && !assigned.has(p.name));
  if (missing.length) {
    ctx.report({
      rule: 'call-signature',
      span,
      message: `${what} is missing required argument${missing.length > 1 ? 's' : ''} ${missing.map((p) => `'${p.name}'`).join(', ')}`,
      detail: signatureDetail(params),
      related,
    });
  }
}

