// Turns one file's syntax tree into a FileSummary: imports, module-level bindings, and the names and
// attribute chains that must be resolved against module scope. Python's scoping rules are applied here
// (function, class, lambda, comprehension and type-parameter scopes; global/nonlocal; walrus; match captures),
// so that later stages only ever look names up in module namespaces.
import type { Span } from '../core/types';
import { PYTHON_BUILTINS } from '../python/builtins';
import { LineIndex, type SyntaxNode } from './parser';
import {
  SUMMARY_SCHEMA,
  type BindingKind,
  type FileSummary,
  type Guard,
  type ImportRecord,
  type ModuleAttributeRef,
  type ModuleBinding,
  type NameUse,
  type SyntaxProblem,
} from './summary';

type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension' | 'typeparams';

interface LocalBinding {
  kind: BindingKind;
  span: Span;
  importIndex?: number;
}

interface PendingUse {
  name: string;
  span: Span;
  annotation: boolean;
  guards: Guard[];
}

interface PendingChain {
  root: string;
  steps: { name: string; span: Span }[];
  write: boolean;
  guards: Guard[];
}

class Scope {
  readonly bindings = new Map<string, LocalBinding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly uses: PendingUse[] = [];
  readonly chains: PendingChain[] = [];
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}
}

/** Where a name used in a scope is looked up at run time. */
type Resolution = { kind: 'global' } | { kind: 'local'; scope: Scope };

function resolveName(name: string, scope: Scope): Resolution {
  let s: Scope | null = scope;
  if (s.kind === 'module') return { kind: 'global' };
  if (s.kind === 'class') {
    if (s.bindings.has(name)) return { kind: 'local', scope: s };
    s = s.parent;
  }
  while (s) {
    if (s.kind === 'module') return { kind: 'global' };
    if (s.kind !== 'class') {
      if (s.globals.has(name)) return { kind: 'global' };
      if (s.nonlocals.has(name) || s.bindings.has(name)) return { kind: 'local', scope: s };
    }
    s = s.parent;
  }
  return { kind: 'global' };
}

const IMPORT_ERROR_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);
const NAME_ERROR_CATCHERS = new Set(['NameError', 'Exception', 'BaseException']);
const ATTRIBUTE_ERROR_CATCHERS = new Set(['AttributeError', 'Exception', 'BaseException']);
const VERSION_CHECK = /\bsys\s*\.\s*(version_info|version|platform|implementation|hexversion|maxsize)\b|\bPY2\b|\bPY3\b|\bPY3\d+\b|\bPYTHON_VERSION\b|\bplatform\s*\.|\bos\s*\.\s*name\b|\bIS_WINDOWS\b|\bWINDOWS\b|\bsix\s*\./;
const TYPE_CHECKING = /^\s*(typing\s*\.\s*|t\s*\.\s*)?TYPE_CHECKING\s*$|^\s*False\s*$/;
const IGNORE_COMMENT = /#\s*coherence:\s*ignore(?:\[([^\]]*)\])?/;

/** Names every module scope has (module attributes readable as plain names). */
export const MODULE_SCOPE_NAMES: ReadonlySet<string> = new Set(['__name__', '__file__', '__doc__', '__builtins__', '__spec__', '__loader__', '__package__', '__path__', '__annotations__', '__cached__', '__dict__', '__class__']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

let lines: LineIndex = new LineIndex('');

/** The node's range; `lines` is the file being summarized (summarize() sets it; it runs synchronously). */
function spanOf(n: SyntaxNode): Span {
  const [sl, sc] = lines.position(n.start);
  const [el, ec] = lines.position(n.end);
  return [sl, sc, el, ec];
}

function childByField(n: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

function childrenByField(n: SyntaxNode, field: string): SyntaxNode[] {
  return n.children.filter((c) => c.field === field);
}

function isName(n: SyntaxNode): boolean {
  return n.type === 'identifier' || n.type === 'keyword_identifier';
}

interface Context {
  guards: Guard[];
  /** null: not an annotation; 'evaluated' at run time (signatures, module/class variables); 'lazy' otherwise. */
  annotation: null | 'evaluated' | 'lazy';
  inError: boolean;
}

class Summarizer {
  private readonly module = new Scope('module', null);
  private readonly scopes: Scope[] = [this.module];
  private readonly imports: ImportRecord[] = [];
  private readonly syntaxErrors: SyntaxProblem[] = [];
  private hasErrorNodes = false;
  private futureAnnotations = false;
  private dunderAll: { names: string[]; dynamic: boolean } | null = null;
  private hasModuleGetattr = false;
  private dynamicGlobals = false;
  private installsGettext = false;
  private readonly ignores: { line: number; rules: string[] | null }[] = [];

  constructor(private readonly text: string) {}

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  run(root: SyntaxNode): FileSummary {
    this.visitChildren(root, this.module, { guards: [], annotation: null, inError: false });
    return this.finish(root);
  }

  // ---- bindings -------------------------------------------------------------------------------------

  private bind(scope: Scope, name: string, kind: BindingKind, span: Span, importIndex?: number): void {
    let target = scope;
    if (scope.kind !== 'module' && scope.globals.has(name)) target = this.module;
    let list = target.bindings.get(name);
    if (!list) target.bindings.set(name, (list = []));
    list.push(importIndex === undefined ? { kind, span } : { kind, span, importIndex });
  }

  /** Binds every name in an assignment/for/with target; reads in the target (attributes, subscripts) are visited. */
  private bindTarget(n: SyntaxNode, scope: Scope, ctx: Context, kind: BindingKind = 'assign'): void {
    switch (n.type) {
      case 'identifier':
      case 'keyword_identifier':
        this.bind(scope, this.textOf(n), kind, spanOf(n));
        return;
      case 'tuple':
      case 'list':
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'list_splat':
      case 'expression_list':
      case 'as_pattern_target':
        for (const c of n.children) if (c.named) this.bindTarget(c, scope, ctx, kind);
        return;
      case 'attribute':
        this.visitAttribute(n, scope, ctx, true);
        return;
      case 'comment':
        return;
      default:
        this.visit(n, scope, ctx);
    }
  }

  // ---- traversal ------------------------------------------------------------------------------------

  private visitChildren(n: SyntaxNode, scope: Scope, ctx: Context): void {
    for (const c of n.children) this.visit(c, scope, ctx);
  }

  private use(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (ctx.inError || ctx.annotation === 'lazy') return;
    scope.uses.push({ name: this.textOf(n), span: spanOf(n), annotation: ctx.annotation === 'evaluated', guards: ctx.guards });
  }

  private visit(n: SyntaxNode, scope: Scope, ctx: Context): void {
    switch (n.type) {
      case 'identifier':
      case 'keyword_identifier':
        this.use(n, scope, ctx);
        return;
      case 'comment':
        this.visitComment(n);
        return;
      case 'ERROR':
        this.hasErrorNodes = true;
        this.recordError(n);
        this.visitChildren(n, scope, { ...ctx, inError: true });
        return;
      case 'import_statement':
        this.visitImport(n, scope, ctx);
        return;
      case 'import_from_statement':
        this.visitImportFrom(n, scope, ctx);
        return;
      case 'future_import_statement':
        for (const c of childrenByField(n, 'name')) {
          const name = c.type === 'aliased_import' ? childByField(c, 'name') : c;
          if (name && this.textOf(name) === 'annotations') this.futureAnnotations = true;
        }
        return;
      case 'function_definition':
        this.visitFunction(n, scope, ctx);
        return;
      case 'class_definition':
        this.visitClass(n, scope, ctx);
        return;
      case 'lambda':
        this.visitLambda(n, scope, ctx);
        return;
      case 'assignment':
        this.visitAssignment(n, scope, ctx);
        return;
      case 'augmented_assignment':
        this.visitAugmentedAssignment(n, scope, ctx);
        return;
      case 'named_expression': {
        let target = scope;
        while (target.kind === 'comprehension' && target.parent) target = target.parent;
        const name = childByField(n, 'name');
        if (name) this.bind(target, this.textOf(name), 'other', spanOf(name));
        const value = childByField(n, 'value');
        if (value) this.visit(value, scope, ctx);
        return;
      }
      case 'for_statement': {
        const left = childByField(n, 'left');
        if (left) this.bindTarget(left, scope, ctx, 'other');
        for (const c of n.children) if (c !== left) this.visit(c, scope, ctx);
        return;
      }
      case 'as_pattern':
        this.visitAsPattern(n, scope, ctx);
        return;
      case 'try_statement':
        this.visitTry(n, scope, ctx);
        return;
      case 'if_statement':
        this.visitIf(n, scope, ctx);
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of n.children) {
          if (!isName(c)) continue;
          const name = this.textOf(c);
          if (n.type === 'global_statement') {
            if (scope.kind !== 'module') scope.globals.add(name);
          } else scope.nonlocals.add(name);
        }
        return;
      case 'match_statement':
        this.visitMatch(n, scope, ctx);
        return;
      case 'type_alias_statement':
        this.visitTypeAlias(n, scope, ctx);
        return;
      case 'attribute':
        this.visitAttribute(n, scope, ctx, false);
        return;
      case 'call':
        this.visitCall(n, scope, ctx);
        return;
      case 'keyword_argument': {
        const value = childByField(n, 'value');
        if (value) this.visit(value, scope, ctx);
        return;
      }
      case 'type':
        // Annotations: evaluated at run time in signatures and module/class variables unless postponed.
        this.visitChildren(n, scope, ctx.annotation ? ctx : { ...ctx, annotation: 'evaluated' });
        return;
      case 'string':
      case 'concatenated_string':
        for (const c of n.children) if (c.type === 'interpolation' || c.type === 'string') this.visit(c, scope, ctx);
        return;
      case 'interpolation':
        for (const c of n.children) if (c.field === 'expression' || c.type === 'format_specifier') this.visit(c, scope, ctx);
        return;
      case 'format_specifier':
        for (const c of n.children) if (c.type === 'format_expression') this.visitChildren(c, scope, ctx);
        return;
      case 'dotted_name':
        // Outside imports (decorators of old grammars, patterns): the first segment is a read.
        if (n.children[0] && isName(n.children[0])) this.use(n.children[0], scope, ctx);
        return;
      default:
        if (COMPREHENSIONS.has(n.type)) {
          this.visitComprehension(n, scope, ctx);
          return;
        }
        if (n.missing) this.recordError(n);
        this.visitChildren(n, scope, ctx);
    }
  }

  private visitComment(n: SyntaxNode): void {
    const m = IGNORE_COMMENT.exec(this.textOf(n));
    if (!m) return;
    const rules = m[1] === undefined ? null : m[1].split(',').map((r) => r.trim()).filter(Boolean);
    this.ignores.push({ line: lines.line(n.start), rules });
  }

  private recordError(n: SyntaxNode): void {
    if (this.syntaxErrors.length >= 5) return;
    if (n.type === 'ERROR' && this.isKnownGrammarGap(n)) return;
    let message: string;
    if (n.missing) message = `Syntax error: missing '${n.type}'`;
    else {
      const first = this.textOf(n).trim().split('\n')[0];
      const shown = first.length > 40 ? first.slice(0, 40) + '…' : first;
      message = shown ? `Syntax error: unexpected '${shown}'` : 'Syntax error';
    }
    this.syntaxErrors.push({ span: spanOf(n), message });
  }

  /** Valid Python that tree-sitter-python 0.25 cannot parse: must never surface as syntax-error. */
  private isKnownGrammarGap(n: SyntaxNode): boolean {
    // PEP 696 type-parameter defaults (`def f[T = int]()`, `class C[T = str]:`): the ERROR sits in the
    // type parameter list, just before the `=`.
    const after = this.text.slice(n.end, n.end + 200);
    return /^\s*=/.test(after) && /\[[^\]]*$/.test(this.text.slice(Math.max(0, n.start - 200), n.start));
  }

  // ---- imports --------------------------------------------------------------------------------------

  private dottedSegments(n: SyntaxNode): { text: string; spans: Span[] } {
    const parts = n.children.filter(isName);
    return { text: parts.map((p) => this.textOf(p)).join('.'), spans: parts.map(spanOf) };
  }

  private visitImport(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (ctx.inError) return;
    for (const item of childrenByField(n, 'name')) {
      const dotted = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      const aliasNode = item.type === 'aliased_import' ? childByField(item, 'alias') : undefined;
      if (!dotted || dotted.type !== 'dotted_name') continue;
      const { text, spans } = this.dottedSegments(dotted);
      const alias = aliasNode ? this.textOf(aliasNode) : null;
      const index = this.imports.length;
      this.imports.push({
        kind: 'import',
        module: text,
        level: 0,
        moduleSpan: spanOf(dotted),
        segmentSpans: spans,
        alias,
        names: [],
        star: false,
        guards: ctx.guards,
        topLevel: scope.kind === 'module',
        lastNameEnd: null,
      });
      const bound = alias ?? text.split('.')[0];
      this.bind(scope, bound, 'import', aliasNode ? spanOf(aliasNode) : spans[0], index);
    }
  }

  private visitImportFrom(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (ctx.inError) return;
    const moduleNode = childByField(n, 'module_name');
    if (!moduleNode) return;
    let level = 0;
    let module = '';
    let segmentSpans: Span[] = [];
    if (moduleNode.type === 'relative_import') {
      for (const c of moduleNode.children) {
        if (c.type === 'import_prefix') level = this.textOf(c).replace(/\s/g, '').length;
        else if (c.type === 'dotted_name') ({ text: module, spans: segmentSpans } = this.dottedSegments(c));
      }
    } else ({ text: module, spans: segmentSpans } = this.dottedSegments(moduleNode));
    const index = this.imports.length;
    const record: ImportRecord = {
      kind: 'from',
      module,
      level,
      moduleSpan: spanOf(moduleNode),
      segmentSpans,
      alias: null,
      names: [],
      star: n.children.some((c) => c.type === 'wildcard_import'),
      guards: ctx.guards,
      topLevel: scope.kind === 'module',
      lastNameEnd: null,
    };
    for (const item of childrenByField(n, 'name')) {
      const nameNode = item.type === 'aliased_import' ? childByField(item, 'name') : item;
      const aliasNode = item.type === 'aliased_import' ? childByField(item, 'alias') : undefined;
      if (!nameNode) continue;
      const name = this.textOf(nameNode);
      const alias = aliasNode ? this.textOf(aliasNode) : null;
      record.names.push({ name, alias, span: spanOf(nameNode) });
      record.lastNameEnd = lines.position(item.end);
      this.bind(scope, alias ?? name, 'import', spanOf(aliasNode ?? nameNode), index);
    }
    this.imports.push(record);
  }

  // ---- definitions ----------------------------------------------------------------------------------

  private typeParamScope(n: SyntaxNode, scope: Scope): Scope {
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

  private firstName(n: SyntaxNode): SyntaxNode | undefined {
    if (isName(n)) return n;
    for (const c of n.children) {
      const found = this.firstName(c);
      if (found) return found;
    }
    return undefined;
  }

  private newScope(kind: ScopeKind, parent: Scope): Scope {
    const s = new Scope(kind, parent);
    this.scopes.push(s);
    return s;
  }

  private annotationContext(ctx: Context): Context {
    return { ...ctx, annotation: 'evaluated' };
  }

  private visitFunction(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const nameNode = childByField(n, 'name');
    if (nameNode) {
      const name = this.textOf(nameNode);
      this.bind(scope, name, 'def', spanOf(nameNode));
      if (name === '__getattr__' && scope.kind === 'module') this.hasModuleGetattr = true;
    }
    const outer = this.typeParamScope(n, scope);
    const fn = this.newScope('function', outer);
    const params = childByField(n, 'parameters');
    if (params) this.visitParameters(params, scope, outer, fn, ctx);
    const ret = childByField(n, 'return_type');
    if (ret) this.visitChildren(ret, outer, this.annotationContext(ctx));
    const body = childByField(n, 'body');
    // The body runs later, under its own guards only: an enclosing `try: … except ImportError` does not guard it.
    if (body) this.visitChildren(body, fn, { guards: [], annotation: null, inError: ctx.inError });
  }

  /** Defaults are evaluated in the defining scope, annotations in the (type-parameter) scope, names bound in `fn`. */
  private visitParameters(params: SyntaxNode, defining: Scope, annotations: Scope, fn: Scope, ctx: Context): void {
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
          if (first) this.bind(fn, this.textOf(first), 'other', spanOf(first));
          const type = childByField(p, 'type');
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

  private visitClass(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const nameNode = childByField(n, 'name');
    if (nameNode) this.bind(scope, this.textOf(nameNode), 'class', spanOf(nameNode));
    const outer = this.typeParamScope(n, scope);
    const supers = childByField(n, 'superclasses');
    if (supers) this.visitChildren(supers, outer, ctx);
    const cls = this.newScope('class', outer);
    for (const implicit of ['__module__', '__qualname__', '__doc__']) cls.bindings.set(implicit, [{ kind: 'other', span: [0, 0, 0, 0] }]);
    const body = childByField(n, 'body');
    if (body) this.visitChildren(body, cls, { ...ctx, annotation: null });
  }

  private visitLambda(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = this.newScope('lambda', scope);
    const params = childByField(n, 'parameters');
    if (params) this.visitParameters(params, scope, scope, fn, ctx);
    const body = childByField(n, 'body');
    if (body) this.visit(body, fn, ctx);
  }

  private visitComprehension(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const comp = this.newScope('comprehension', scope);
    let first = true;
    for (const c of n.children) {
      if (c.type === 'for_in_clause') {
        const left = childByField(c, 'left');
        if (left) this.bindTarget(left, comp, ctx, 'other');
        // The first iterable is evaluated in the enclosing scope (it is why class variables work there).
        for (const r of childrenByField(c, 'right')) this.visit(r, first ? scope : comp, ctx);
        first = false;
      }
    }
    for (const c of n.children) if (c.type !== 'for_in_clause') this.visit(c, comp, ctx);
  }

  private visitTypeAlias(n: SyntaxNode, scope: Scope, ctx: Context): void {
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

  // ---- statements -----------------------------------------------------------------------------------

  private visitAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const left = childByField(n, 'left');
    const right = childByField(n, 'right');
    const type = childByField(n, 'type');
    if (left) {
      if (scope.kind === 'module' && isName(left) && this.textOf(left) === '__all__') this.readDunderAll(right, 'set');
      this.bindTarget(left, scope, ctx);
    }
    if (type) {
      // Local-variable annotations in functions are never evaluated; module and class ones are.
      const annotation = scope.kind === 'module' || scope.kind === 'class' ? 'evaluated' : 'lazy';
      this.visitChildren(type, scope, { ...ctx, annotation });
    }
    if (right) this.visit(right, scope, ctx);
  }

  private visitAugmentedAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const left = childByField(n, 'left');
    const right = childByField(n, 'right');
    if (left && isName(left)) {
      if (scope.kind === 'module' && this.textOf(left) === '__all__') this.readDunderAll(right, 'extend');
      this.use(left, scope, ctx);
      this.bind(scope, this.textOf(left), 'assign', spanOf(left));
    } else if (left?.type === 'attribute') {
      this.visitAttribute(left, scope, ctx, true);
    } else if (left) this.visit(left, scope, ctx);
    if (right) this.visit(right, scope, ctx);
  }

  /** Reads `__all__ = [...]`, `__all__ += [...]`, `__all__.extend([...])`, `__all__.append("x")`. */
  private readDunderAll(value: SyntaxNode | undefined, mode: 'set' | 'extend' | 'append'): void {
    const names: string[] = [];
    let readable = !!value;
    if (value && mode === 'append') {
      const s = this.stringValue(value);
      if (s === null) readable = false;
      else names.push(s);
    } else if (value && (value.type === 'list' || value.type === 'tuple' || value.type === 'parenthesized_expression')) {
      for (const c of value.children) {
        if (!c.named || c.type === 'comment') continue;
        const s = this.stringValue(c);
        if (s === null) readable = false;
        else names.push(s);
      }
    } else readable = false;
    if (mode === 'set' || !this.dunderAll) this.dunderAll = { names, dynamic: !readable };
    else {
      this.dunderAll.names.push(...names);
      if (!readable) this.dunderAll.dynamic = true;
    }
  }

  /** The value of a plain string literal (`"x"`, `'x'`, `r"x"`); null for f-strings and anything else. */
  private stringValue(n: SyntaxNode): string | null {
    if (n.type !== 'string') return null;
    const m = /^([rRbBuU]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(this.textOf(n));
    return m ? m[3] : null;
  }

  private visitAsPattern(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const alias = childByField(n, 'alias');
    for (const c of n.children) {
      if (c === alias) this.bindTarget(c, scope, ctx, 'other');
      else if (c.named) this.visit(c, scope, ctx);
    }
  }

  private visitTry(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const extra: Guard[] = [];
    for (const handler of n.children) {
      if (handler.type !== 'except_clause' && handler.type !== 'except_group_clause') continue;
      const caught = this.caughtExceptions(handler);
      if (caught === null || caught.some((e) => IMPORT_ERROR_CATCHERS.has(e))) extra.push('import-error');
      if (caught === null || caught.some((e) => NAME_ERROR_CATCHERS.has(e))) extra.push('name-error');
      if (caught === null || caught.some((e) => ATTRIBUTE_ERROR_CATCHERS.has(e))) extra.push('attribute-error');
    }
    const guarded: Context = extra.length ? { ...ctx, guards: [...ctx.guards, ...extra] } : ctx;
    for (const c of n.children) {
      if (c.field === 'body') this.visit(c, scope, guarded);
      else this.visit(c, scope, ctx);
    }
  }

  /** Exception class names an `except` clause names (last dotted segment); null for a bare `except:`. */
  private caughtExceptions(handler: SyntaxNode): string[] | null {
    const exprs = handler.children.filter((c) => c.named && c.type !== 'block' && c.type !== 'comment');
    if (exprs.length === 0) return null;
    const names: string[] = [];
    const collect = (e: SyntaxNode): void => {
      if (e.type === 'as_pattern') {
        const first = e.children.find((c) => c.named && c.field !== 'alias');
        if (first) collect(first);
      } else if (isName(e)) names.push(this.textOf(e));
      else if (e.type === 'attribute') {
        const attr = childByField(e, 'attribute');
        if (attr) names.push(this.textOf(attr));
      } else for (const c of e.children) if (c.named) collect(c);
    };
    for (const e of exprs) collect(e);
    return names;
  }

  private visitIf(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const condition = childByField(n, 'condition');
    const condText = condition ? this.textOf(condition) : '';
    let consequenceGuard: Guard | null = null;
    let alternativeGuard: Guard | null = null;
    if (TYPE_CHECKING.test(condText)) consequenceGuard = 'type-checking';
    else if (/^\s*not\s+(typing\s*\.\s*)?TYPE_CHECKING\s*$/.test(condText)) alternativeGuard = 'type-checking';
    else if (VERSION_CHECK.test(condText)) consequenceGuard = alternativeGuard = 'version';
    else if (/\b(hasattr|getattr)\s*\(/.test(condText)) consequenceGuard = 'attribute-error';
    const withGuard = (g: Guard | null): Context => (g ? { ...ctx, guards: [...ctx.guards, g] } : ctx);
    for (const c of n.children) {
      if (c === condition) this.visit(c, scope, ctx);
      else if (c.field === 'consequence') this.visit(c, scope, withGuard(consequenceGuard));
      else if (c.field === 'alternative') {
        // An `elif` with its own version check guards itself; otherwise it inherits the `if`'s guard.
        this.visit(c, scope, withGuard(alternativeGuard));
      } else this.visit(c, scope, ctx);
    }
  }

  private visitMatch(n: SyntaxNode, scope: Scope, ctx: Context): void {
    for (const c of n.children) {
      if (c.type === 'block') {
        for (const clause of c.children) {
          if (clause.type !== 'case_clause') {
            this.visit(clause, scope, ctx);
            continue;
          }
          for (const part of clause.children) {
            if (part.type === 'case_pattern') this.visitPattern(part, scope, ctx);
            else this.visit(part, scope, ctx);
          }
        }
      } else this.visit(c, scope, ctx);
    }
  }

  /** Match patterns: bare names capture (bind), dotted names and class names read. */
  private visitPattern(n: SyntaxNode, scope: Scope, ctx: Context): void {
    switch (n.type) {
      case 'case_pattern':
        for (const c of n.children) this.visitPattern(c, scope, ctx);
        return;
      case 'class_pattern':
        for (const c of n.children) {
          if (c.type === 'dotted_name') {
            if (c.children[0] && isName(c.children[0])) this.use(c.children[0], scope, ctx);
          } else this.visitPattern(c, scope, ctx);
        }
        return;
      case 'keyword_pattern': {
        // `x=pattern`: the keyword is an attribute name, not a read.
        let first = true;
        for (const c of n.children) {
          if (first && isName(c)) {
            first = false;
            continue;
          }
          this.visitPattern(c, scope, ctx);
        }
        return;
      }
      case 'splat_pattern':
      case 'as_pattern':
        for (const c of n.children) {
          if (isName(c)) {
            const name = this.textOf(c);
            if (name !== '_') this.bind(scope, name, 'other', spanOf(c));
          } else this.visitPattern(c, scope, ctx);
        }
        return;
      case 'dotted_name': {
        // A bare name captures; a dotted one (`Color.RED`) is a value pattern that reads its first segment.
        const parts = n.children.filter(isName);
        if (parts.length === 1) {
          const name = this.textOf(parts[0]);
          if (name !== '_') this.bind(scope, name, 'other', spanOf(parts[0]));
        } else if (parts.length > 1) this.use(parts[0], scope, ctx);
        return;
      }
      case 'identifier':
      case 'keyword_identifier': {
        const name = this.textOf(n);
        if (name !== '_') this.bind(scope, name, 'other', spanOf(n));
        return;
      }
      default:
        if (n.type.endsWith('_pattern') || n.type === 'union_pattern') {
          for (const c of n.children) this.visitPattern(c, scope, ctx);
        } else this.visit(n, scope, ctx);
    }
  }

  // ---- expressions ----------------------------------------------------------------------------------

  /** `a.b.c`: `a` is read; when `a` is bound by an import the chain is checked against that module. */
  private visitAttribute(n: SyntaxNode, scope: Scope, ctx: Context, write: boolean): void {
    const steps: { name: string; span: Span }[] = [];
    let cur: SyntaxNode | undefined = n;
    while (cur && cur.type === 'attribute') {
      const attr = childByField(cur, 'attribute');
      if (attr) steps.unshift({ name: this.textOf(attr), span: spanOf(attr) });
      cur = childByField(cur, 'object');
    }
    if (!cur) return;
    if (isName(cur)) {
      this.use(cur, scope, ctx);
      if (!ctx.inError && steps.length) scope.chains.push({ root: this.textOf(cur), steps, write, guards: ctx.guards });
    } else this.visit(cur, scope, ctx);
  }

  private visitCall(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = childByField(n, 'function');
    const args = childByField(n, 'arguments');
    if (fn) {
      const callee = this.textOf(fn);
      if (callee === 'globals' || callee === 'exec' || callee === 'execfile') this.dynamicGlobals = true;
      else if ((callee === 'vars' || callee === 'locals') && scope.kind === 'module') this.dynamicGlobals = true;
      else if (/(^|\.)install$/.test(callee) && /gettext|translation/i.test(callee + this.textOf(n))) this.installsGettext = true;
      else if (callee === '__all__.extend' || callee === '__all__.append') {
        if (scope.kind === 'module') this.readDunderAll(args?.children.find((c) => c.named && c.type !== 'comment'), callee.endsWith('extend') ? 'extend' : 'append');
      }
      if (fn.type === 'attribute') this.visitAttribute(fn, scope, ctx, false);
      else this.visit(fn, scope, ctx);
    }
    if (args) this.visit(args, scope, ctx);
    if (/sys\s*\.\s*modules\s*\[\s*__name__\s*\]/.test(this.textOf(n))) this.dynamicGlobals = true;
  }

  // ---- results --------------------------------------------------------------------------------------

  private finish(root: SyntaxNode): FileSummary {
    const globalUses: NameUse[] = [];
    const moduleAttributeRefs: ModuleAttributeRef[] = [];
    const moduleScope = this.module.bindings;
    for (const scope of this.scopes) {
      for (const u of scope.uses) {
        // Only names that module scope and builtins do not answer are kept: the rest can never be undefined.
        if (moduleScope.has(u.name) || PYTHON_BUILTINS.has(u.name) || MODULE_SCOPE_NAMES.has(u.name)) continue;
        if (resolveName(u.name, scope).kind === 'global') globalUses.push(u);
      }
      for (const chain of scope.chains) {
        const r = resolveName(chain.root, scope);
        let binding: 'global' | number;
        if (r.kind === 'global') {
          // Only roots that module scope binds by imports alone can be modules.
          const list = moduleScope.get(chain.root);
          if (!list || list.some((b) => b.importIndex === undefined)) continue;
          binding = 'global';
        } else {
          const list = r.scope.bindings.get(chain.root);
          if (!list || list.length !== 1 || list[0].importIndex === undefined) continue;
          binding = list[0].importIndex;
        }
        moduleAttributeRefs.push({ root: chain.root, binding, steps: chain.steps, write: chain.write, guards: chain.guards });
      }
    }
    const moduleBindings: ModuleBinding[] = [];
    for (const [name, list] of this.module.bindings) {
      for (const b of list) moduleBindings.push(b.importIndex === undefined ? { name, kind: b.kind, span: b.span } : { name, kind: b.kind, span: b.span, importIndex: b.importIndex });
    }
    if (/sys\s*\.\s*modules\s*\[\s*__name__\s*\]/.test(this.text)) this.dynamicGlobals = true;
    return {
      schema: SUMMARY_SCHEMA,
      syntaxErrors: this.syntaxErrors,
      hasErrorNodes: this.hasErrorNodes,
      futureAnnotations: this.futureAnnotations,
      imports: this.imports,
      moduleBindings,
      dunderAll: this.dunderAll,
      hasModuleGetattr: this.hasModuleGetattr,
      dynamicGlobals: this.dynamicGlobals,
      globalUses,
      moduleAttributeRefs,
      ignores: this.ignores,
      installsGettext: this.installsGettext,
      importInsertLine: this.importInsertLine(root),
    };
  }

  /** The line after the last top-level import; else after the docstring and `from __future__` imports. */
  private importInsertLine(root: SyntaxNode): number {
    let line = 0;
    let first = true;
    const holdsImport = (n: SyntaxNode): boolean =>
      n.type === 'import_statement' || n.type === 'import_from_statement' || n.children.some(holdsImport);
    for (const c of root.children) {
      if (c.type === 'comment') continue;
      const docstring = first && c.type === 'expression_statement' && c.children[0]?.type === 'string';
      first = false;
      if (docstring || c.type === 'future_import_statement' || c.type === 'import_statement' || c.type === 'import_from_statement') {
        line = lines.line(c.end) + 1;
      } else if (!((c.type === 'if_statement' || c.type === 'try_statement') && holdsImport(c))) {
        break; // imports below the first real statement are not where a reader looks for them
      }
    }
    return line;
  }
}

export function summarize(root: SyntaxNode, text: string): FileSummary {
  lines = new LineIndex(text);
  try {
    return new Summarizer(text).run(root);
  } finally {
    lines = new LineIndex('');
  }
}

export function emptySummary(reason?: string): FileSummary {
  return {
    schema: SUMMARY_SCHEMA,
    ...(reason ? { unparsed: reason } : {}),
    syntaxErrors: [],
    hasErrorNodes: false,
    futureAnnotations: false,
    imports: [],
    moduleBindings: [],
    dunderAll: null,
    hasModuleGetattr: false,
    dynamicGlobals: false,
    globalUses: [],
    moduleAttributeRefs: [],
    ignores: [],
    installsGettext: false,
    importInsertLine: 0,
  };
}
