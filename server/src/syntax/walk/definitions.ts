// Definitions: functions with their parameters and decorators, classes, lambdas, comprehensions and type aliases.
import { childByField, type SyntaxNode } from '../parser';
import { annotationClass, elementClass } from '../receivers';
import { kwargsFlowOf, mergesDicts } from '../kwargsFlow';
import { returnsItsArgument } from '../returnsArgument';
import { builtBaseOf } from '../classHeaderReaders';
import type { BuiltBase, ClassInfo, FunctionInfo, ParameterInfo, ValueHint } from '../summary';
import { type ScopeKind, Scope, type SelfChain, type Context, markDynamic } from './scope';
import { spanOf, childrenByField, isName, lineOf, positionOf } from './nodes';
import { ValueHints } from './valueHints';

/** How a method's decorators make it behave. */
function memberKindOf(decorators: string[]): 'method' | 'classmethod' | 'staticmethod' | 'property' {
  for (const d of decorators) {
    const last = d.slice(d.lastIndexOf('.') + 1);
    if (last === 'staticmethod') return 'staticmethod';
    if (last === 'classmethod') return 'classmethod';
    if (last === 'property' || last === 'cached_property' || last === 'setter' || last === 'getter' || last === 'deleter') return 'property';
  }
  return 'method';
}

function keptSelf(returns: SelfChain[]): NonNullable<FunctionInfo['selfChains']> {
  const annotates = returns.some((r) => r.annotates === null) ? null : [...new Set(returns.flatMap((r) => r.annotates!))];
  return { chains: returns.map((r) => (r.super ? { calls: r.calls, super: true as const } : { calls: r.calls })), annotates };
}

export abstract class Definitions extends ValueHints {
  // ---- definitions ----------------------------------------------------------------------------------

  protected typeParamScope(n: SyntaxNode, scope: Scope): Scope {
    const params = childByField(n, 'type_parameters');
    if (!params) return scope;
    const tp = this.newScope('typeparams', scope);
    for (const p of params.children) {
      // `T`, `T: bound`, `*Ts`, `**P`: the first identifier is bound; bounds are lazily evaluated.
      const first = this.firstName(p);
      if (first) this.bind(tp, this.textOf(first), 'other', spanOf(first));
    }
    return tp;
  }

  protected firstName(n: SyntaxNode): SyntaxNode | undefined {
    if (isName(n)) return n;
    for (const c of n.children) {
      const found = this.firstName(c);
      if (found) return found;
    }
    return undefined;
  }

  protected newScope(kind: ScopeKind, parent: Scope): Scope {
    const s = new Scope(kind, parent);
    this.scopes.push(s);
    return s;
  }

  protected annotationContext(ctx: Context): Context {
    return { ...ctx, annotation: 'evaluated' };
  }

  protected override visitFunction(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const decorators = this.pendingDecorators;
    this.pendingDecorators = [];
    const nameNode = childByField(n, 'name');
    const name = nameNode ? this.textOf(nameNode) : '';
    const info = this.functionInfo(n, name, decorators);
    if (nameNode) {
      this.bind(scope, name, 'def', spanOf(nameNode));
      if (name === '__getattr__' && scope.kind === 'module') this.hasModuleGetattr = true;
    }
    const outer = this.typeParamScope(n, scope);
    const fn = this.newScope('function', outer);
    fn.isAsync = info.isAsync;
    if (scope.kind === 'module' && nameNode) this.functions.push(info);
    if (scope.kind === 'class' && scope.classIndex !== undefined && nameNode) {
      const cls = this.classes[scope.classIndex];
      const kind = memberKindOf(decorators);
      cls.methods.push(info);
      cls.members.push({ name, kind, span: spanOf(nameNode), method: cls.methods.length - 1 });
      // Instance lookups only: reading the class object goes through its metaclass.
      if (name === '__getattr__' || name === '__getattribute__') markDynamic(cls, true);
      const first = info.params[0];
      const methodKind = kind === 'classmethod' || kind === 'staticmethod' ? kind : 'method';
      fn.method = { classIndex: scope.classIndex, selfName: first && first.kind !== 'var-positional' && first.kind !== 'var-keyword' ? first.name : null, kind: methodKind };
    }
    const params = childByField(n, 'parameters');
    if (params) this.visitParameters(params, scope, outer, fn, ctx);
    const ret = childByField(n, 'return_type');
    if (ret) this.visitChildren(ret, outer, this.annotationContext(ctx));
    const body = childByField(n, 'body');
    fn.body = body;
    // The body runs later, under its own guards only: an enclosing `try: … except ImportError` does not guard it.
    if (body) {
      this.functionBodies.push(body);
      this.visitChildren(body, fn, { guards: [], conditional: false, annotation: null, inError: ctx.inError, underMain: false });
      this.functionBodies.pop();
    }
    if (body) this.functionScopes.push({ scope: fn, body, params: new Set(info.params.map((p) => p.name)) });
    if (info.isAsync && fn.yields) info.asyncGenerator = true;
    if (fn.method && fn.selfReturns.length && fn.selfReturns.every((r) => r !== null)) info.selfChains = keptSelf(fn.selfReturns as SelfChain[]);
    const returned = fn.returnHints;
    if (!info.returns && returned.length && returned.every((h) => h?.kind === 'call' && h.callee === (returned[0] as { callee: string }).callee)) {
      info.returnsCall = (returned[0] as { callee: string }).callee;
    }
  }

  /** Defaults are evaluated in the defining scope, annotations in the (type-parameter) scope, names bound in `fn`. */
  protected visitParameters(params: SyntaxNode, defining: Scope, annotations: Scope, fn: Scope, ctx: Context): void {
    for (const p of params.children) {
      switch (p.type) {
        case 'identifier':
        case 'keyword_identifier':
          this.bind(fn, this.textOf(p), 'other', spanOf(p));
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern':
        case 'tuple_pattern': {
          const first = this.firstName(p);
          if (first) this.bind(fn, this.textOf(first), 'other', spanOf(first));
          break;
        }
        case 'typed_parameter':
        case 'default_parameter':
        case 'typed_default_parameter': {
          const nameNode = childByField(p, 'name') ?? p.children.find((c) => c.type !== 'type' && c.named);
          const first = nameNode ? this.firstName(nameNode) : undefined;
          const type = childByField(p, 'type');
          const annotated = type ? annotationClass(this.textOf(type)) : null;
          const splat = nameNode?.type === 'list_splat_pattern' || nameNode?.type === 'dictionary_splat_pattern';
          let hint: ValueHint | undefined = annotated && !splat ? { kind: 'annotation', type: annotated } : undefined;
          if (!hint && !splat) hint = this.defaultValueHint(childByField(p, 'value'), defining);
          if (first) {
            this.bind(fn, this.textOf(first), 'other', spanOf(first), undefined, hint);
            if (hint) fn.paramHints.set(this.textOf(first), hint);
            const element = type && !splat ? elementClass(this.textOf(type), this.collectionAnnotations) : null;
            if (element) fn.paramElements.set(this.textOf(first), element);
          }
          if (type) this.visitChildren(type, annotations, this.annotationContext(ctx));
          const value = childByField(p, 'value');
          if (value) this.visit(value, defining, ctx);
          break;
        }
        default:
          break; // separators, comments
      }
    }
  }

  protected functionInfo(n: SyntaxNode, name: string, decorators: string[]): FunctionInfo {
    const params: ParameterInfo[] = [];
    let keywordOnly = false;
    for (const p of childByField(n, 'parameters')?.children ?? []) {
      switch (p.type) {
        case 'positional_separator':
          for (const q of params) if (q.kind === 'normal') q.kind = 'positional-only';
          break;
        case 'keyword_separator':
          keywordOnly = true;
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const id = this.firstName(p);
          params.push({ name: id ? this.textOf(id) : '', kind: p.type === 'list_splat_pattern' ? 'var-positional' : 'var-keyword', hasDefault: false });
          if (p.type === 'list_splat_pattern') keywordOnly = true;
          break;
        }
        case 'identifier':
        case 'typed_parameter':
        case 'default_parameter':
        case 'typed_default_parameter': {
          const inner = p.type === 'typed_parameter' ? p.children.find((c) => c.named && c.type !== 'type') : undefined;
          if (inner && (inner.type === 'list_splat_pattern' || inner.type === 'dictionary_splat_pattern')) {
            const id = this.firstName(inner);
            params.push({ name: id ? this.textOf(id) : '', kind: inner.type === 'list_splat_pattern' ? 'var-positional' : 'var-keyword', hasDefault: false });
            if (inner.type === 'list_splat_pattern') keywordOnly = true;
            break;
          }
          const id = this.firstName(p);
          params.push({ name: id ? this.textOf(id) : '', kind: keywordOnly ? 'keyword-only' : 'normal', hasDefault: p.type === 'default_parameter' || p.type === 'typed_default_parameter' });
          break;
        }
        default:
          break;
      }
    }
    const ret = childByField(n, 'return_type');
    const info: FunctionInfo = {
      name,
      span: spanOf(childByField(n, 'name') ?? n),
      params,
      decorators,
      isAsync: this.text.startsWith('async', n.start),
      returns: ret ? annotationClass(this.textOf(ret)) : null,
    };
    const element = ret ? elementClass(this.textOf(ret), this.collectionAnnotations) : null;
    if (element) info.returnsElement = element;
    if (params.length === 1 && params[0].kind === 'normal' && this.isSignaturePreservingDecorator(n, params[0].name)) info.preservesSignature = true;
    if (params.length === 1 && params[0].kind === 'normal' && returnsItsArgument(n, params[0].name, this.text)) info.returnsItsArgument = true;
    // Queryset overrides and their helpers (`def filter(self, *args, **kwargs)`); dict-merging helpers.
    const kwargsParam = params.find((p) => p.kind === 'var-keyword');
    if (kwargsParam && (params[0]?.name === 'self' || params[0]?.name === 'cls')) info.kwargsFlow = kwargsFlowOf(n, kwargsParam.name, this.text);
    else if (!kwargsParam && params.length > 1 && this.text.slice(n.start, n.end).includes('{**') && mergesDicts(n, params.map((p) => p.name), this.text)) info.mergesDicts = true;
    return info;
  }

  /**
   * `def deco(fn):` whose body defines `@wraps(fn) def wrapper(*args, **kwargs): … fn(*args, **kwargs) …` and
   * returns `wrapper`: calling the decorated function binds arguments exactly as calling `fn` would.
   */
  protected isSignaturePreservingDecorator(n: SyntaxNode, wrapped: string): boolean {
    const statements = childByField(n, 'body')?.children ?? [];
    let wrapper: string | null = null;
    for (const st of statements) {
      if (st.type !== 'decorated_definition') continue;
      const decorator = st.children.find((c) => c.type === 'decorator')?.children.find((c) => c.named && c.type !== 'comment');
      const callee = decorator?.type === 'call' ? childByField(decorator, 'function') : undefined;
      const args = decorator?.type === 'call' ? (childByField(decorator, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment') : [];
      if (!callee || !/^(functools\.)?wraps$/.test(this.dottedText(callee) ?? '') || args.length !== 1 || this.textOf(args[0]) !== wrapped) continue;
      if (st.children.filter((c) => c.type === 'decorator').length !== 1) continue;
      const def = childByField(st, 'definition');
      if (def?.type !== 'function_definition') continue;
      const params = (childByField(def, 'parameters')?.children ?? []).filter((p) => p.named && p.type !== 'comment');
      const star = params[0]?.type === 'list_splat_pattern' ? this.firstName(params[0]) : undefined;
      const starStar = params[1]?.type === 'dictionary_splat_pattern' ? this.firstName(params[1]) : undefined;
      if (params.length !== 2 || !star || !starStar) continue;
      const forwards = `${wrapped}(*${this.textOf(star)}, **${this.textOf(starStar)})`;
      const body = childByField(def, 'body');
      if (body && this.textOf(body).replace(/\s+/g, '').includes(forwards.replace(/\s+/g, ''))) wrapper = this.textOf(childByField(def, 'name')!);
    }
    return !!wrapper && statements.some((st) => st.type === 'return_statement' && st.children.length === 1 && this.textOf(st.children[0]) === wrapper);
  }
  protected override visitClass(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const decorators = this.pendingDecorators;
    const decoratorKeywords = this.pendingDecoratorKeywords;
    const registers = this.pendingRegisters;
    this.pendingDecorators = [];
    this.pendingDecoratorKeywords = [];
    this.pendingRegisters = null;
    // A dataclass whose generated __init__ takes its fields in order (no init=False, kw_only, positional options).
    const dataclassAt = decorators.findIndex((d) => d === 'dataclass' || d.endsWith('.dataclass'));
    const readableOptions = new Set(['frozen', 'order', 'eq', 'repr', 'unsafe_hash', 'slots', 'match_args', 'weakref_slot']);
    const dataclass = dataclassAt >= 0 && (decoratorKeywords[dataclassAt] ?? []).every((k) => readableOptions.has(k));
    const nameNode = childByField(n, 'name');
    const name = nameNode ? this.textOf(nameNode) : '';
    const supers = childByField(n, 'superclasses');
    const body = childByField(n, 'body');
    const index = this.classes.length;
    const info: ClassInfo = {
      name,
      span: nameNode ? spanOf(nameNode) : spanOf(n),
      topLevel: scope.kind === 'module',
      bases: [],
      keywords: [],
      decorators,
      members: [],
      methods: [],
      instanceAttributes: [],
      dataclass,
      dynamic: false,
      insertLine: lineOf(n.end) + 1,
      indent: body ? ' '.repeat(positionOf(body.start)[1]) : '    ',
    };
    for (const c of supers?.children ?? []) {
      if (c.type === 'keyword_argument') {
        const k = childByField(c, 'name');
        if (k) info.keywords.push(this.textOf(k));
        const value = childByField(c, 'value');
        if (k && value && this.textOf(k) === 'metaclass') info.metaclass = this.dottedText(value) ?? '?';
      } else if (c.type === 'list_splat' || c.type === 'dictionary_splat') info.bases.push('?');
      else if (c.type === 'call' && /(^|\.)with_metaclass$/.test(this.dottedText(childByField(c, 'function') ?? c) ?? '')) {
        // `six.with_metaclass(Meta, Base)`: the bases after the metaclass, as `class X(Base, metaclass=Meta)` has.
        const [, ...bases] = (childByField(c, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment');
        info.keywords.push('metaclass');
        for (const b of bases) info.bases.push(b.type === 'keyword_argument' || b.type.endsWith('splat') ? '?' : (this.dottedText(b) ?? '?'));
      } else if (c.named && c.type !== 'comment') {
        info.bases.push(this.dottedText(c.type === 'subscript' ? (childByField(c, 'value') ?? c) : c) ?? '?');
        const built = c.type === 'call' && this.headerReading.builtBases.length ? this.builtBase(c, scope) : undefined;
        if (built) (info.builtBases ??= []).push({ index: info.bases.length - 1, builder: built.builder, argument: built.argument });
      }
    }
    if (registers) info.registers = registers;
    const bare = decoratorKeywords.flatMap((k, i) => (k === null ? [i] : []));
    if (bare.length) info.bareDecorators = bare;
    this.classes.push(info);
    // Pydantic v1's `class Config:` inside a model configures the model.
    if (name === 'Config' && scope.kind === 'class' && scope.classIndex !== undefined && body) this.readModelConfig(this.classes[scope.classIndex], this.textOf(body));
    if (nameNode) this.bind(scope, name, 'class', spanOf(nameNode));
    if (scope.kind === 'class' && scope.classIndex !== undefined && nameNode) {
      this.classes[scope.classIndex].members.push({ name, kind: 'class', span: spanOf(nameNode), nested: index });
    }
    const outer = this.typeParamScope(n, scope);
    if (supers) this.visitChildren(supers, outer, ctx);
    const cls = this.newScope('class', outer);
    cls.classIndex = index;
    for (const implicit of ['__module__', '__qualname__', '__doc__']) cls.bindings.set(implicit, [{ kind: 'other', span: [0, 0, 0, 0] }]);
    if (body) this.visitChildren(body, cls, { ...ctx, annotation: null });
  }

  /**
   * A base written as a call of a dotted name with a class as first argument (`Manager.from_queryset(ArticleQuerySet)`),
   * both as the module spells them: the base the adapters say it builds (FactCollector.classHeaders).
   */
  protected builtBase(call: SyntaxNode, scope: Scope): BuiltBase | undefined {
    const fn = childByField(call, 'function');
    const written = fn ? this.dottedText(fn) : null;
    const callee = written && this.moduleLevelSpelling(written, scope);
    if (!callee) return undefined;
    const first = childByField(call, 'arguments')?.children.find((a) => a.named && a.type !== 'comment');
    const argument = first && (isName(first) || first.type === 'attribute') ? this.dottedText(first) : null;
    const firstArg = argument && this.moduleLevelSpelling(argument, scope);
    return firstArg ? builtBaseOf(this.headerReading, callee, firstArg) : undefined;
  }

  protected override visitLambda(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = this.newScope('lambda', scope);
    const params = childByField(n, 'parameters');
    if (params) this.visitParameters(params, scope, scope, fn, ctx);
    const body = childByField(n, 'body');
    if (body) this.visit(body, fn, ctx);
  }

  /** `for x in a.b`, `len(a.b)`, `y in a.b`: remembered for the member reference `a.b` will make. */
  protected override noteIterated(n: SyntaxNode, by: string): void {
    if (n.type === 'attribute') this.iteratedAt.set(`${n.start}:${n.end}`, by);
  }

  protected override visitComprehension(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const comp = this.newScope('comprehension', scope);
    let first = true;
    for (const c of n.children) {
      if (c.type === 'for_in_clause') {
        const left = childByField(c, 'left');
        if (left) this.bindTarget(left, comp, ctx, 'other');
        // The first iterable is evaluated in the enclosing scope (it is why class variables work there).
        for (const r of childrenByField(c, 'right')) {
          this.noteIterated(r, 'a comprehension');
          this.visit(r, first ? scope : comp, ctx);
        }
        first = false;
      }
    }
    for (const c of n.children) if (c.type !== 'for_in_clause') this.visit(c, comp, ctx);
  }

  protected override visitTypeAlias(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const left = childByField(n, 'left');
    const nameNode = left ? this.firstName(left) : undefined;
    if (nameNode) this.bind(scope, this.textOf(nameNode), 'assign', spanOf(nameNode));
    // `type X[T] = …` values are evaluated lazily: references are not run-time reads.
    const tp = this.newScope('typeparams', scope);
    const generic = left?.children.find((c) => c.type === 'generic_type');
    for (const c of generic?.children ?? []) {
      if (c.type === 'type_parameter') for (const t of c.children) {
        const first = this.firstName(t);
        if (first) this.bind(tp, this.textOf(first), 'other', spanOf(first));
      }
    }
    const right = childByField(n, 'right');
    if (right) this.visitChildren(right, tp, { ...ctx, annotation: 'lazy' });
  }


  // Defined by the layers above (see summarize.ts for the order).
  protected abstract readModelConfig(cls: ClassInfo, text: string): void;
}
