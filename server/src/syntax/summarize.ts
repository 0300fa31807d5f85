// Turns one file's syntax tree into a FileSummary: imports, module-level bindings, and the names and
// attribute chains that must be resolved against module scope. Python's scoping rules are applied here
// (function, class, lambda, comprehension and type-parameter scopes; global/nonlocal; walrus; match captures),
// so that later stages only ever look names up in module namespaces.
import type { Span } from '../core/types';
import { PYTHON_BUILTINS } from '../python/builtins';
import { earlyReads } from './unboundLocals';
import { STDLIB_MODULES } from '../python/stdlib';
import { childByField, dottedText, handedOnIdentifiers, LineIndex, namedChildren, type SyntaxNode } from './parser';
import { annotationClass, atOrBefore, elementClass, ormElementsEntity, ormResultEntity, refinedHint, relationTarget, startOf, type QueryReader } from './receivers';
import { readRunString, runStringTests, type RunStringTests } from './summarizeRunStrings';
import { expectsLookupErrors } from './expectedRaises';
import { OptionDicts } from './optionDicts';
import { kwargsFlowOf, mergesDicts } from './kwargsFlow';
import { returnsItsArgument } from './returnsArgument';
import { constraintTargets, foreignKeysIn, type LiteralReader } from './foreignKeys';
import { collectorDispatch, valueHintReaders, type FactCollector, type FinishContext, type AssignedValueReader, type HintContext, type RelianceHandle, type ScopeHandle, type ValueHintReader, type VisitContext } from './factCollectors';
import {
  SUMMARY_SCHEMA,
  localImportRoot,
  localImportRootsOf,
  type BindingKind,
  type CallChain,
  type CallShape,
  type ClassInfo,
  type FieldInfo,
  type FunctionInfo,
  type MemberInfo,
  type MemberRef,
  type UnboundLocal,
  type ParameterInfo,
  type ValueHint,
  type FileSummary,
  type Guard,
  type ImportRecord,
  type ModuleAttributeRef,
  type ModuleBinding,
  type RunString,
  type NameUse,
  type SyntaxProblem,
} from './summary';

/** Methods of a `__dict__` that read it (they add no attribute). */
/** A Django model's own field lists (`self._meta.concrete_fields`, `self._meta.get_fields()`). */
const MODEL_FIELD_LISTS = /^(self|cls|self\.__class__|type\(self\))\._meta\.(fields|concrete_fields|local_fields|local_concrete_fields|many_to_many|get_fields\(\))$/;

type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension' | 'typeparams';

interface LocalBinding {
  kind: BindingKind;
  span: Span;
  /** Class-body assignments: where the statement ends (the name is bound from there on, not in its own value). */
  boundFrom?: [number, number];
  importIndex?: number;
  hint?: ValueHint;
  /**
   * Function scopes: an assignment that is a statement of the function body itself (no branch or loop around
   * it), where its statement ends, and for `qs = qs.exclude(…)` the calls it makes on the name's last value.
   */
  straight?: { endsAt: [number, number]; refines?: string[]; value?: SyntaxNode };
  /** `qs = qs.filter(…)` anywhere in the function: the name keeps holding a queryset of what it held. */
  refinesItself?: true;
}

/**
 * What a hint read from a local variable relies on, checked once the whole file is read: the name is bound once
 * in its function (`single`), or every binding of it is a statement of the function body itself.
 */
interface Requirement {
  scope: Scope;
  name: string;
  single?: true;
}

/** A name read; its span is computed in finish() only for the few reads kept (most name module-level names). */
interface PendingUse {
  name: string;
  start: number;
  end: number;
  annotation: boolean;
  guards: Guard[];
}

interface PendingChain {
  root: string;
  rootSpan: Span;
  steps: { name: string; span: Span }[];
  write: boolean;
  guards: Guard[];
  call?: CallShape;
  iteratedBy?: string;
  assignedValue?: Span;
}

/** Keyword arguments of class-level calls whose deletion span is kept (see callArguments). */
const REMOVABLE_KEYWORDS = new Set(['source', 'many']);

/** Builtins that iterate their first argument (a related manager there raises TypeError: not iterable). */
const ITERATING_BUILTINS = new Set(['len', 'list', 'tuple', 'set', 'sorted', 'enumerate', 'iter', 'sum', 'any', 'all', 'min', 'max', 'frozenset', 'reversed']);

/** A method's scope knows its class and what its first parameter is called. */
/** Methods of `self.__dict__` that only read it. */
const READ_ONLY_DICT_METHODS = new Set(['get', 'items', 'keys', 'values', 'copy']);

/**
 * A class whose attributes cannot all be listed: on its instances only (`setattr(self, …)` in a method,
 * `__getattr__`), or on the class object too (`setattr(cls, …)` in a class method).
 */
/** A receiver written `Model`, `models.Model`, `cls` or `x.__class__`: it may be a class (a lower-case name is taken for an instance). */
function mayBeClass(receiver: string[]): boolean {
  return receiver[0] === 'cls' || receiver.some((name) => /^_*[A-Z]/.test(name) || name === '__class__');
}

function markDynamic(cls: ClassInfo, instancesOnly: boolean): void {
  if (!cls.dynamic && instancesOnly) cls.dynamicInstancesOnly = true;
  else if (!instancesOnly) delete cls.dynamicInstancesOnly;
  cls.dynamic = true;
}

interface MethodInfo {
  classIndex: number;
  selfName: string | null;
  kind: 'method' | 'classmethod' | 'staticmethod';
}

class Scope {
  readonly bindings = new Map<string, LocalBinding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly uses: PendingUse[] = [];
  readonly chains: PendingChain[] = [];
  readonly callChains: CallChain[] = [];
  /** Class scopes: the class being summarized. */
  classIndex?: number;
  /** Function scopes of methods. */
  method?: MethodInfo;
  /** Function scopes: an `async def`. */
  isAsync = false;
  /** Function scopes: the body itself yields (a generator function). */
  yields = false;
  /** Function scopes: what each `return` statement returns (undefined: not a call of a module-level name). */
  readonly returnHints: (ValueHint | undefined)[] = [];
  /** Function scopes: the body, whose own statements are not in a branch or loop (isStatementOf). */
  body?: SyntaxNode;
  /** Method scopes: each `return`'s call chain on `self`/`super()`, null for any other value. */
  readonly selfReturns: (SelfChain | null)[] = [];
  /** Function scopes: parameter name → annotated class (for `self.x = x`). */
  readonly paramHints = new Map<string, ValueHint>();
  /** Function scopes: parameter name → the element class of its collection annotation (`users: list[User]`). */
  readonly paramElements = new Map<string, string>();
  /** Loop variables over a Django model's own fields (`for field in self._meta.concrete_fields`). */
  readonly modelFieldVars = new Set<string>();
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}
}

/**
 * Whether `n` is an expression statement of `body` itself (`x = …` directly in a function's body, not in a
 * branch or loop): a child of the body's statement that holds its start (found by halving, not by listing).
 */
function isStatementOf(body: SyntaxNode, n: SyntaxNode): boolean {
  const statements = body.children;
  let low = 0;
  let high = statements.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (statements[mid].start <= n.start) low = mid + 1;
    else high = mid;
  }
  // Statements starting where n does (a zero-width one recovered from an error) are all candidates.
  for (let i = low - 1; i >= 0 && statements[i].start === statements[low - 1].start; i--) {
    if (statements[i].type === 'expression_statement' && statements[i].children.includes(n)) return true;
  }
  return false;
}

/** Where a name used in a scope is looked up at run time. */
type Resolution = { kind: 'global' } | { kind: 'local'; scope: Scope };

function resolveName(name: string, scope: Scope, at?: Span): Resolution {
  let s: Scope | null = scope;
  if (s.kind === 'module') return { kind: 'global' };
  if (s.kind === 'class') {
    // A class body reads a name it binds itself only once bound: before its first binding, and in the value
    // assigned to it (`layout = layout.SimpleLayout(…)`), the read finds the enclosing scope's name.
    const first = s.bindings.get(name)?.[0];
    const from = first?.boundFrom ?? (first ? [first.span[0], first.span[1]] : null);
    if (first && (!at || from![0] < at[0] || (from![0] === at[0] && from![1] <= at[1]))) return { kind: 'local', scope: s };
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
/** What a misspelt field, lookup or queryset method raises, caught by name (a probe, unlike `except Exception:` around a whole body). */
const ORM_ERROR_CATCHERS = new Set(['AttributeError', 'FieldError', 'FieldDoesNotExist', 'TypeError']);
const VERSION_CHECK = /\bsys\s*\.\s*(version_info|version|platform|implementation|hexversion|maxsize)\b|\bPY2\b|\bPY3\b|\bPY3\d+\b|\bPYTHON_VERSION\b|\bplatform\s*\.|\bos\s*\.\s*name\b|\bIS_WINDOWS\b|\bWINDOWS\b|\bsix\s*\./;
const TYPE_CHECKING = /^\s*(typing\s*\.\s*|t\s*\.\s*)?TYPE_CHECKING\s*$|^\s*False\s*$/;
const IGNORE_COMMENT = /#\s*coherence:\s*ignore(?:\[([^\]]*)\])?/;

/** Names every module scope has (module attributes readable as plain names). */

export const MODULE_SCOPE_NAMES: ReadonlySet<string> = new Set(['__name__', '__file__', '__doc__', '__builtins__', '__spec__', '__loader__', '__package__', '__path__', '__annotations__', '__cached__', '__dict__', '__class__']);


/** Class-level options whose strings name model fields (Django model Meta, ModelForm/ModelSerializer Meta, ModelAdmin). */
const FIELD_NAME_OPTIONS = new Set([
  'fields', 'exclude', 'ordering', 'unique_together', 'list_display', 'list_filter', 'search_fields', 'raw_id_fields',
  'readonly_fields', 'autocomplete_fields', 'filter_horizontal', 'filter_vertical', 'date_hierarchy',
  'indexes', 'constraints', 'fieldsets',
]);
/** Queryset methods whose arguments may hold ORM expressions naming fields (CallShape.expressions). */
const QUERYSET_EXPRESSION_METHODS = new Set([
  'filter', 'exclude', 'get', 'get_or_create', 'update_or_create', 'update', 'annotate', 'alias', 'aggregate', 'order_by', 'prefetch_related', 'values', 'values_list',
]);
/** ORM expressions whose string arguments are field paths (or, for Q, whose keywords are lookups). */
const ORM_EXPRESSIONS = new Set([
  'Q', 'F', 'Count', 'Sum', 'Avg', 'Max', 'Min', 'StdDev', 'Variance', 'Prefetch', 'Lower', 'Upper', 'Length', 'Coalesce', 'Greatest', 'Least', 'Trim',
]);
/** Calls that make a subquery of a queryset, where `OuterRef("x")` names the outer queryset's fields. */
const SUBQUERY_WRAPPERS = new Set(['Subquery', 'Exists']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

let lines: LineIndex = new LineIndex('');

/** The node's range; `lines` is the file being summarized (summarize() sets it; it runs synchronously). */
function spanOf(n: SyntaxNode): Span {
  return lines.span(n.start, n.end);
}

/** The range between two offsets of the file being summarized. */
function spanOfOffsets(start: number, end: number): Span {
  return lines.span(start, end);
}

function childrenByField(n: SyntaxNode, field: string): SyntaxNode[] {
  return n.children.filter((c) => c.field === field);
}

/** `a` of `a.b.c`, with no array built. */
function topLevelName(dotted: string): string {
  const dot = dotted.indexOf('.');
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

/** `a.b` as ['a', 'b']; null for one name or more than two (no array built for them, as split would). */
function twoNames(dotted: string): [string, string] | null {
  const dot = dotted.indexOf('.');
  if (dot < 0 || dotted.indexOf('.', dot + 1) >= 0) return null;
  return [dotted.slice(0, dot), dotted.slice(dot + 1)];
}

function isName(n: SyntaxNode): boolean {
  return n.type === 'identifier' || n.type === 'keyword_identifier';
}

// Every Context has every field, made in this order (the walk's contexts share one shape: its hot functions stay
// monomorphic instead of deoptimizing on a context of another shape).
interface Context {
  guards: Guard[];
  /** Inside an `if`/`elif`/`else` branch: what is imported there may be an optional feature. */
  conditional: boolean;
  /** null: not an annotation; 'evaluated' at run time (signatures, module/class variables); 'lazy' otherwise. */
  annotation: null | 'evaluated' | 'lazy';
  inError: boolean;
  /** Inside the module-level `if __name__ == "__main__":` block (runs only when the file runs as a script). */
  underMain: boolean;
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
  private readonly annotatedNames = new Set<string>();
  private wsgiApp: { value: string; span: Span } | undefined;
  private readonly runStrings: RunString[] = [];
  private readonly cryptSchemes: { callee: string; scheme: string; span: Span }[] = [];
  private rawQueries = false;
  private readonly rawQueryModels = new Set<string>();
  /** The same for `annotate(**names)` (computed names), kept apart: a declared `doc: Document` does not take them. */
  private readonly computed = { any: false, models: new Set<string>() };
  private readonly expressionKeys = new Set<string>();
  /** `qs.annotate(**names)` on a parameter annotated `QuerySet[Model]`: the model, once every rebinding of `qs` is known to refine it. */
  private readonly pendingParamRawQueries: { scope: Scope; name: string; model: string; computed: boolean }[] = [];
  /** Hints that read local variables (`u = q.first()`, `x = repo.get()`): what they rely on (see Requirement). */
  private readonly hintRequirements = new Map<ValueHint, Requirement[]>();
  /** Member reads on call results (see noteInlineReceiver). */
  private readonly inlineMemberRefs: MemberRef[] = [];
  /** Attribute targets (by `start:end`) of plain assignments, with the span of the value assigned. */
  private readonly assignedValueAt = new Map<string, Span>();
  /** Attribute expressions (by `start:end`) whose value is iterated where they stand, with what iterates them. */
  private readonly iteratedAt = new Map<string, string>();
  /** Hints whose requirements failed (computed when the file is read). */
  private invalidHints = new Set<ValueHint>();
  /** Roots spelled for a function's own import (`@3:Order`), with what they rely on: that import binds the name alone. */
  private readonly localImportRequirements = new Map<string, Requirement>();
  /** Module-level names assigned once so far, with their string value (null: not a string, or assigned again). */
  private readonly moduleStrings = new Map<string, string | null>();
  private readonly ignores: { line: number; rules: string[] | null }[] = [];
  private readonly classes: ClassInfo[] = [];
  private readonly functions: FunctionInfo[] = [];
  /** Decorators of the definition about to be visited (set by decorated_definition). */
  private pendingDecorators: string[] = [];
  private pendingDecoratorKeywords: (string[] | null)[] = [];
  /** `@admin.register(Article)` on the class being defined. */
  private pendingRegisters: string[] | null = null;
  /** `setattr(obj, "name", …)` with a literal name. */
  private readonly setattrNames: string[] = [];
  /** `setattr(Model, "x", …)`, `setattr(cls, "x", …)`: literal names set on what may be a class. */
  private readonly classSetattrNames: string[] = [];
  /** The call directly under an `await`. */
  private awaitedCall: SyntaxNode | null = null;
  /** Calls whose value is discarded (a statement) or assigned. */
  private readonly callUsage = new Map<SyntaxNode, 'statement' | 'assigned'>();
  /** The bodies of the functions being visited, innermost last. */
  private readonly functionBodies: SyntaxNode[] = [];
  /** Every function's scope with its body and parameters (for reads of locals before their binding). */
  private readonly functionScopes: { scope: Scope; body: SyntaxNode; params: Set<string> }[] = [];
  /** Per function body: the names it awaits, passes as arguments, returns, yields or puts in a collection. */
  private readonly handedOn = new Map<SyntaxNode, Set<string>>();
  /** The tree's handed-on identifiers (parser.ts handedOnIdentifiers): start, end pairs in text order. */
  private handedOnSpans: number[] = [];
  /** Calls inside a method chain already recorded from its outermost call. */
  private readonly chainedCalls = new Set<SyntaxNode>();
  /**
   * Per enclosing `try:` body, what its handlers catch (null: a bare `except:`; handlers that just raise again
   * left out); 'expected' per enclosing `with pytest.raises(…)` (VisitContext.catches). Function bodies nest.
   */
  private readonly handlersAround: ((string[] | null)[] | 'expected')[] = [];
  private readonly catchesAround = (exceptions: ReadonlySet<string>): boolean =>
    this.handlersAround.some((h) => h === 'expected' || h.some((caught) => caught === null || caught.some((e) => exceptions.has(e))));
  private readonly moduleLevelImport = (name: string): ImportRecord | undefined => {
    const binding = this.module.bindings.get(name)?.[0];
    return binding?.importIndex !== undefined ? this.imports[binding.importIndex] : undefined;
  };

  private readonly optionDicts: OptionDicts;
  /** Framework adapters' collectors that apply to this file (null: none). */
  private readonly collectors: ReturnType<typeof collectorDispatch>;
  /** Those of them that asked for nodes, by node type (null: none, the walk dispatches nothing). */
  private readonly nodeDispatch: NonNullable<ReturnType<typeof collectorDispatch>>['byType'] | null;
  /** Which calls' first strings are kept as run strings (the core's callees and programs, and the adapters'). */
  private readonly runStringTests: RunStringTests;
  /** The adapters' value hints (`db = Depends(get_db)`). */
  private readonly hintReaders: readonly ValueHintReader[];
  /** What the shared literal readers (syntax/foreignKeys.ts) need of this file. */
  private readonly literals: LiteralReader = { textOf: (n) => this.textOf(n), stringValue: (n) => this.stringValue(n), spanOf };

  constructor(
    private readonly text: string,
    collectors: readonly FactCollector[],
  ) {
    this.optionDicts = new OptionDicts(text, (v) => this.simpleValue(v));
    this.collectors = collectorDispatch(collectors, text);
    this.nodeDispatch = this.collectors?.byType.size ? this.collectors.byType : null;
    this.runStringTests = runStringTests(collectors);
    this.hintReaders = valueHintReaders(collectors);
  }

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** The value of keyword argument `name` among a call's arguments (`fields=[…]` of `Index(fields=[…])`). */
  private keywordValue(args: readonly SyntaxNode[], name: string): SyntaxNode | undefined {
    const k = args.find((a) => a.type === 'keyword_argument' && this.textOf(childByField(a, 'name') ?? a) === name);
    return k ? childByField(k, 'value') : undefined;
  }

  run(root: SyntaxNode): FileSummary {
    this.handedOnSpans = handedOnIdentifiers(root);
    this.visitChildren(root, this.module, { guards: [], conditional: false, annotation: null, inError: false, underMain: false });
    this.recordErrorsTheWalkSkipped(root);
    return this.finish(root);
  }

  /**
   * The semantic walk visits only the parts of a construct it reads (a function's name, parameters and
   * body), so an ERROR or MISSING node hanging elsewhere (an unclosed bracket whose recovery attaches under
   * the `def`) would go unreported. One iterative pass finds the outermost ones wherever they hang.
   */
  private recordErrorsTheWalkSkipped(root: SyntaxNode): void {
    if (root.hasError === false) return; // the usual case: nothing to look for
    const stack: SyntaxNode[] = [...root.children];
    while (stack.length && this.syntaxErrors.length < 5) {
      const n = stack.pop()!;
      if (n.type === 'ERROR' || n.missing) {
        if (n.type === 'ERROR' && this.isKnownGrammarGap(n)) continue;
        this.hasErrorNodes = true;
        this.recordError(n); // skips spans already reported and known grammar gaps
        continue; // what an ERROR holds is the same error
      }
      for (const c of n.children) stack.push(c);
    }
    this.syntaxErrors.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  }

  // ---- bindings -------------------------------------------------------------------------------------

  private bind(scope: Scope, name: string, kind: BindingKind, span: Span, importIndex?: number, hint?: ValueHint): void {
    let target = scope;
    if (scope.kind !== 'module' && scope.globals.has(name)) target = this.module;
    let list = target.bindings.get(name);
    if (!list) target.bindings.set(name, (list = []));
    const binding: LocalBinding = { kind, span };
    if (importIndex !== undefined) binding.importIndex = importIndex;
    if (hint) binding.hint = hint;
    list.push(binding);
    // Class-body bindings are class attributes (defs and nested classes are recorded by their visitors).
    if (target.kind === 'class' && target.classIndex !== undefined && kind !== 'def' && kind !== 'class') {
      this.classes[target.classIndex].members.push(hint ? { name, kind: 'attribute', span, hint } : { name, kind: 'attribute', span });
    }
  }

  /** Binds every name in an assignment/for/with target; reads in the target (attributes, subscripts) are visited. */
  private bindTarget(n: SyntaxNode, scope: Scope, ctx: Context, kind: BindingKind = 'assign', hint?: ValueHint): void {
    switch (n.type) {
      case 'identifier':
      case 'keyword_identifier':
        this.bind(scope, this.textOf(n), kind, spanOf(n), undefined, hint);
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
        this.recordSelfAttribute(n, scope, hint);
        this.visitAttribute(n, scope, ctx, true);
        return;
      case 'comment':
        return;
      default:
        this.visit(n, scope, ctx);
    }
  }

  /** `self.x = …` inside a method: an instance attribute of the method's class. */
  private recordSelfAttribute(n: SyntaxNode, scope: Scope, hint?: ValueHint): void {
    const object = childByField(n, 'object');
    const attr = childByField(n, 'attribute');
    if (!object || !attr || !isName(object)) return;
    const method = this.methodOwning(this.textOf(object), scope);
    if (!method) return;
    const cls = this.classes[method.classIndex];
    const name = this.textOf(attr);
    if (name === '__dict__') markDynamic(cls, method.kind === 'method');
    cls.instanceAttributes.push(hint ? { name, span: spanOf(attr), hint } : { name, span: spanOf(attr) });
  }

  /** `name` is the variable of a loop over a model's own fields, in `scope` or a scope around it. */
  private loopsOverModelFields(name: string, scope: Scope): boolean {
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      if (s.modelFieldVars.has(name)) return true;
      if (s.bindings.has(name)) return false;
    }
    return false;
  }

  /**
   * `Model.objects….raw(…)` (or `extra(select=…)`, `annotate(**names)`): extra names on that model's instances only (the model graph resolves the name);
   * any other receiver (`qs.raw`, `self.model.objects.raw`): on any model's.
   */
  /** `{"matching_count": Count("tags")}`: a literal name an `annotate(**names)` built elsewhere may give (see expressionKeys). */
  private recordExpressionKey(pair: SyntaxNode): void {
    // (The converted tree gives a pair's children no field names.)
    const [key, value] = namedChildren(pair);
    const callee = value?.type === 'call' ? childByField(value, 'function') : undefined;
    if (key?.type !== 'string' || !callee || !/(^|\.)[A-Z]\w*$/.test(this.textOf(callee))) return;
    const name = /^[uU]?(["'])([A-Za-z_]\w*)\1$/.exec(this.textOf(key));
    if (name) this.expressionKeys.add(name[2]);
  }

  private recordRawQuery(callee: string, scope: Scope, computed = false): void {
    const model = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*?)\.(?:objects|_default_manager|_base_manager)\b/.exec(callee);
    if (model && !/^(self|cls)\b/.test(model[1])) (computed ? this.computed.models : this.rawQueryModels).add(model[1]);
    else {
      // `documents.annotate(**names)` where `documents: QuerySet[Document]` is a parameter: Document's instances only.
      const root = /^[A-Za-z_]\w*/.exec(callee)?.[0];
      const where = root ? resolveName(root, scope) : null;
      const element = where?.kind === 'local' && where.scope.kind === 'function' ? where.scope.paramElements.get(root!) : undefined;
      if (element) this.pendingParamRawQueries.push({ scope: where!.kind === 'local' ? where!.scope : scope, name: root!, model: element, computed });
      else if (computed) this.computed.any = true;
      else this.rawQueries = true;
    }
  }

  /** Settles pendingParamRawQueries: the parameter's one other kind of binding is `qs = qs.<calls>(…)`, else any model's instances. */
  private settleParamRawQueries(): void {
    for (const { scope, name, model, computed } of this.pendingParamRawQueries) {
      const [param, ...rebound] = scope.bindings.get(name) ?? [];
      if (param?.kind === 'other' && rebound.every((b) => b.refinesItself)) (computed ? this.computed.models : this.rawQueryModels).add(model);
      else if (computed) this.computed.any = true;
      else this.rawQueries = true;
    }
  }


  /** The method whose `self` parameter `name` is, seen from `scope` (closures inside the method included). */
  private methodOwning(name: string, scope: Scope): MethodInfo | null {
    for (let s: Scope | null = scope; s && s.kind !== 'module' && s.kind !== 'class'; s = s.parent) {
      if (s.method) return s.method.selfName === name && s.method.kind !== 'staticmethod' ? s.method : null;
      if (s.bindings.has(name)) return null; // rebound in an inner function
    }
    return null;
  }

  // ---- traversal ------------------------------------------------------------------------------------

  private visitChildren(n: SyntaxNode, scope: Scope, ctx: Context): void {
    for (const c of n.children) this.visit(c, scope, ctx);
  }

  private use(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (ctx.inError || ctx.annotation === 'lazy') return;
    const name = this.textOf(n);
    // Builtins and module attributes always answer (finish() would drop the read): not kept at all.
    if (PYTHON_BUILTINS.has(name) || MODULE_SCOPE_NAMES.has(name)) return;
    scope.uses.push({ name, start: n.start, end: n.end, annotation: ctx.annotation === 'evaluated', guards: ctx.guards });
  }

  private visit(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (this.nodeDispatch !== null) this.handToCollectors(n, scope, ctx);
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
      case 'decorated_definition': {
        const decorators: string[] = [];
        this.pendingDecoratorKeywords = [];
        this.pendingRegisters = null;
        for (const c of n.children) {
          if (c.type === 'decorator') {
            const expr = c.children.find((d) => d.named && d.type !== 'comment');
            const target = expr?.type === 'call' ? childByField(expr, 'function') : expr;
            decorators.push((target && this.dottedText(target)) ?? '?');
            // `@dataclass(frozen=True)`: its keyword names ('?' for a positional argument); null when not called.
            const args = expr?.type === 'call' ? childByField(expr, 'arguments') : undefined;
            if (args && /(^|\.)register$/.test(decorators[decorators.length - 1])) {
              const names = args.children.filter((a) => a.named && (isName(a) || a.type === 'attribute')).map((a) => this.dottedText(a)).filter((d): d is string => !!d);
              if (names.length) this.pendingRegisters = names;
            }
            this.pendingDecoratorKeywords.push(
              args ? args.children.filter((a) => a.named && a.type !== 'comment').map((a) => (a.type === 'keyword_argument' ? this.textOf(childByField(a, 'name')!) : '?')) : null,
            );
            this.visit(c, scope, ctx);
          }
        }
        const definition = childByField(n, 'definition');
        if (definition) {
          this.pendingDecorators = decorators;
          this.visit(definition, scope, ctx);
        }
        this.pendingRegisters = null; // a decorated function does not use it
        return;
      }
      case 'return_statement': {
        let fnScope: Scope | null = scope;
        while (fnScope && fnScope.kind !== 'function' && fnScope.kind !== 'module') fnScope = fnScope.parent;
        const value = n.children.find((c) => c.named && c.type !== 'comment');
        if (fnScope?.kind === 'function') fnScope.returnHints.push(value ? this.valueHint(value, scope) : undefined);
        if (fnScope?.kind === 'function' && fnScope.method) fnScope.selfReturns.push(value ? this.selfChain(value, fnScope.method.selfName) : null);
        this.visitChildren(n, scope, ctx);
        return;
      }
      case 'expression_statement':
        for (const c of n.children) if (c.type === 'call') this.callUsage.set(c, 'statement');
        this.visitChildren(n, scope, ctx);
        return;
      case 'yield': {
        let fnScope: Scope | null = scope;
        while (fnScope && fnScope.kind !== 'function' && fnScope.kind !== 'module') fnScope = fnScope.parent;
        if (fnScope?.kind === 'function') fnScope.yields = true;
        this.visitChildren(n, scope, ctx);
        return;
      }
      case 'await':
        for (const c of n.children) {
          if (c.type === 'call') this.awaitedCall = c;
          this.visit(c, scope, ctx);
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
        const right = childByField(n, 'right');
        const element = left && isName(left) && right ? this.loopElementHint(right, scope) : undefined;
        if (right) this.noteIterated(right, 'for');
        if (left) this.bindTarget(left, scope, ctx, 'other', element);
        if (left && isName(left) && right && MODEL_FIELD_LISTS.test(this.textOf(right))) scope.modelFieldVars.add(this.textOf(left));
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
      case 'with_statement': {
        // `with self.assertRaises(NoReverseMatch):` / `pytest.raises(…)`: a failing reverse() is expected there.
        const expectsRaise = n.children.some((c) => c.type === 'with_clause' && /\b(assertRaises\w*|raises)\s*\(/.test(this.textOf(c)));
        // Missing names, attributes and modules are expected only where the test could pass on them.
        const expectsLookupError = expectsRaise && n.children.some((c) => c.type === 'with_clause' && expectsLookupErrors(c, (x) => this.textOf(x)));
        if (expectsRaise) this.handlersAround.push('expected');
        const guards: Guard[] = expectsLookupError ? ['expects-error', 'expects-lookup-error'] : expectsRaise ? ['expects-error'] : [];
        this.visitChildren(n, scope, guards.length ? { ...ctx, guards: [...ctx.guards, ...guards] } : ctx);
        if (expectsRaise) this.handlersAround.pop();
        return;
      }
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
      case 'comparison_operator':
        // `x in a.b` / `x not in a.b`: the right operand is iterated (containment falls back to iteration).
        // (Operator tokens are not in the converted tree: the text between the operands says which it is.)
        for (let i = 1; i < n.children.length; i++) {
          const between = this.text.slice(n.children[i - 1].end, n.children[i].start);
          if (!between.includes('in')) continue; // most operators (`==`, `is`…): no normalising needed
          const operator = between.replace(/\s+/g, ' ').trim();
          if (operator === 'in' || operator === 'not in') this.noteIterated(n.children[i], '`in`');
        }
        this.visitChildren(n, scope, ctx);
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
      case 'pair':
        this.recordExpressionKey(n);
        this.visitChildren(n, scope, ctx);
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

  /** Hands a node to the framework adapters' collectors that asked for its type. */
  private handToCollectors(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const wanting = this.nodeDispatch!.get(n.type);
    if (!wanting) return;
    const at = (this.visitContext ??= this.newVisitContext());
    // One context per file, its per-node fields set again for each node handed (valid during visit() only):
    // objects and closures made per node were a large part of what collecting cost.
    at.scope = scope as unknown as ScopeHandle;
    at.moduleLevel = scope.kind === 'module';
    at.guards = ctx.guards;
    at.inError = ctx.inError;
    at.underMain = ctx.underMain;
    this.visitScope = scope;
    for (const c of wanting) c.file.visit(n, at);
  }

  /** The scope of the node being handed to collectors (VisitContext.assignedValues reads there). */
  private visitScope: Scope | null = null;
  private visitContext: VisitContext | null = null;

  private newVisitContext(): VisitContext {
    return {
      textOf: (x) => this.textOf(x),
      spanOf,
      stringValue: (x) => this.stringValue(x),
      scope: null as unknown as ScopeHandle,
      moduleLevel: false,
      guards: [],
      inError: false,
      catches: this.catchesAround,
      moduleLevelImport: this.moduleLevelImport,
      underMain: false,
      assignedValues: () => this.assignedValues(this.visitScope!),
    };
  }

  /** The facts each collector kept, under its key; only when there are any. */
  private collectedFacts(root: SyntaxNode): { frameworks?: Record<string, unknown> } {
    if (this.collectors === null) return {};
    const frameworks: Record<string, unknown> = {};
    const finish: FinishContext = {
      isModuleLevel: (name: string, handle: ScopeHandle) => resolveName(name, handle as unknown as Scope).kind === 'global',
      stillHolds: (reliance: RelianceHandle) => (reliance as unknown as Requirement[]).every((q) => this.holds(q)),
      root,
      text: this.text,
      spanOf,
      summary: { imports: this.imports, classes: this.classes },
    };
    for (const c of this.collectors.started) {
      const facts = c.file.finish(finish);
      if (facts !== undefined) frameworks[c.key] = facts;
    }
    return Object.keys(frameworks).length ? { frameworks } : {};
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
    // An ERROR directly inside an ERROR over the same text (a stray byte pair at the start, say): one report.
    const span = spanOf(n);
    if (this.syntaxErrors.some((e) => e.span.every((v, i) => v === span[i]))) return;
    let message: string;
    if (n.missing) message = `Syntax error: missing '${n.type}'`;
    else {
      const first = this.textOf(n).trim().split('\n')[0];
      const shown = first.length > 40 ? first.slice(0, 40) + '…' : first;
      message = shown ? `Syntax error: unexpected '${shown}'` : 'Syntax error';
    }
    this.syntaxErrors.push({ span, message });
  }

  /** Valid Python that tree-sitter-python 0.25 cannot parse: must never surface as syntax-error. */
  private isKnownGrammarGap(n: SyntaxNode): boolean {
    // PEP 696 type-parameter defaults (`def f[T = int]()`, `class C[T = str]:`): the ERROR sits in the
    // type parameter list, just before the `=` or over the name and the `=` (`T =`).
    const after = this.text.slice(n.end, n.end + 200);
    const own = this.text.slice(n.start, n.end).trim();
    return (/^\s*=/.test(after) || /^\*{0,2}\w+\s*=$/.test(own)) && /\[[^\]]*$/.test(this.text.slice(Math.max(0, n.start - 200), n.start));
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
        ...(ctx.conditional ? { conditional: true as const } : {}),
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
      ...(ctx.conditional ? { conditional: true as const } : {}),
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
          const type = childByField(p, 'type');
          const annotated = type ? annotationClass(this.textOf(type)) : null;
          const splat = nameNode?.type === 'list_splat_pattern' || nameNode?.type === 'dictionary_splat_pattern';
          let hint: ValueHint | undefined = annotated && !splat ? { kind: 'annotation', type: annotated } : undefined;
          if (!hint && !splat) hint = this.defaultValueHint(childByField(p, 'value'), defining);
          if (first) {
            this.bind(fn, this.textOf(first), 'other', spanOf(first), undefined, hint);
            if (hint) fn.paramHints.set(this.textOf(first), hint);
            const element = type && !splat ? elementClass(this.textOf(type)) : null;
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

  private functionInfo(n: SyntaxNode, name: string, decorators: string[]): FunctionInfo {
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
    const element = ret ? elementClass(this.textOf(ret)) : null;
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
  private isSignaturePreservingDecorator(n: SyntaxNode, wrapped: string): boolean {
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

  /**
   * Whether the first name of `dotted` refers to module scope from `scope` (hints are resolved there):
   * `factory()` where `factory` is a parameter or a local must not be read as a module-level function.
   */
  private isModuleLevelName(dotted: string, scope: Scope): boolean {
    const dot = dotted.indexOf('.');
    const first = dot < 0 ? dotted : dotted.slice(0, dot);
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      // Enclosing class bodies are not visible from functions; the current one is.
      if ((s.kind !== 'class' || s === scope) && (s.bindings.has(first) || s.nonlocals.has(first))) return false;
    }
    return true;
  }

  /**
   * `dotted` spelled so that it resolves from module scope (hints are resolved there), or null: as written when
   * its first name is module-level, else `@<import index>:<name>` when that name is bound once, in an enclosing
   * function, by an import (`from shop.models import Order` inside a function, against a circular import).
   */
  private moduleLevelSpelling(dotted: string, scope: Scope): string | null {
    if (this.isModuleLevelName(dotted, scope)) return dotted;
    const [first, ...rest] = dotted.split('.');
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      if (s.kind === 'class' && s !== scope) continue;
      if (s.nonlocals.has(first) || s.globals.has(first)) return null;
      const list = s.bindings.get(first);
      if (!list) continue;
      if (list.length !== 1 || s.kind !== 'function' || !this.functionImport(list[0])) return null;
      const root = localImportRoot(list[0].importIndex!, first);
      this.localImportRequirements.set(root, { scope: s, name: first, single: true });
      return [root, ...rest].join('.');
    }
    return null;
  }

  /**
   * `repo.get(…)` on a local whose value is known (an annotated parameter, `repo = Repo()`), `self.repo.get(…)`
   * in a method: what that method returns (`element`: its elements); `qs.first()` on a queryset kept in a
   * variable extends the query. Undefined for anything else.
   */
  private returnedHint(parts: string[], call: SyntaxNode, scope: Scope, element: boolean): ValueHint | undefined {
    const method = parts[parts.length - 1];
    if (parts.length === 3) {
      const owner = this.methodOwning(parts[0], scope);
      if (owner?.kind !== 'method') return undefined;
      const on: ValueHint = { kind: 'selfAttribute', classIndex: owner.classIndex, name: parts[1] };
      return element ? { kind: 'returned', on, method, element: true } : { kind: 'returned', on, method };
    }
    if (parts.length !== 2 || scope.kind !== 'function' || scope.globals.has(parts[0]) || scope.nonlocals.has(parts[0])) return undefined;
    const list = scope.bindings.get(parts[0]);
    if (!list?.length) return undefined;
    let on: ValueHint | undefined;
    let requirement: Requirement;
    if (list.length === 1) {
      on = list[0].hint ?? scope.paramHints.get(parts[0]);
      requirement = { scope, name: parts[0], single: true };
    } else {
      on = refinedHint(list, spanOf(call));
      requirement = { scope, name: parts[0] };
    }
    if (!on || !this.hintHolds(on)) return undefined;
    let hint: ValueHint;
    // `qs = Article.objects.filter(…)`, then `article = qs.first()`: the query goes on.
    const query = on.kind === 'query' && !on.element ? { root: on.root, links: on.links } : on.kind === 'call' && !on.firstArg && !on.instanceOfResult && !on.awaited && on.callee.split('.').length === 3 ? { root: on.callee.split('.')[0], links: on.callee.split('.').slice(1) } : null;
    if (query) hint = element ? { kind: 'query', root: query.root, links: [...query.links, method], element: true } : { kind: 'query', root: query.root, links: [...query.links, method] };
    else hint = element ? { kind: 'returned', on, method, element: true } : { kind: 'returned', on, method };
    this.hintRequirements.set(hint, [requirement]);
    return hint;
  }

  /** `hint`, relying on what `from` relies on. */
  private sameRequirements(hint: ValueHint, from: ValueHint): ValueHint {
    const requires = this.hintRequirements.get(from);
    if (requires) this.hintRequirements.set(hint, requires);
    return hint;
  }

  /** A query walk's view of local variables in `scope` (receivers.ts), collecting what it relies on. */
  private queryReader(scope: Scope): QueryReader & { requires: Requirement[] } {
    const requires: Requirement[] = [];
    return {
      text: this.text,
      requires,
      bindingValue: (node) => {
        const name = this.textOf(node);
        if (scope.kind !== 'function' || scope.globals.has(name) || scope.nonlocals.has(name)) return null;
        const at = startOf(spanOf(node));
        const last = scope.bindings.get(name)?.filter((b) => b.straight?.value && atOrBefore(b.straight.endsAt, at)).at(-1);
        if (!last) return null;
        requires.push({ scope, name });
        return last.straight!.value!;
      },
    };
  }

  /** queryReader for a collector (VisitContext.assignedValues): its requirements as an opaque handle. */
  private assignedValues(scope: Scope): AssignedValueReader {
    const reader = this.queryReader(scope);
    return { text: reader.text, bindingValue: reader.bindingValue, reliance: reader.requires as unknown as RelianceHandle };
  }

  /** Whether a requirement holds over the whole file: one binding, or every binding a statement of the body itself. */
  private holds(r: Requirement): boolean {
    const list = r.scope.bindings.get(r.name) ?? [];
    return r.single ? list.length === 1 : list.length > 0 && list.every((b) => b.straight?.value);
  }

  /** Whether a root spelled for a function's own import still stands for that import alone. */
  private localImportHolds(root: string): boolean {
    const requirement = this.localImportRequirements.get(root);
    return !requirement || this.holds(requirement);
  }

  /** Whether a hint's requirements (and those of the hint it is read from) hold; always, for hints that read no local. */
  private hintHolds(hint: ValueHint): boolean {
    if (this.invalidHints.has(hint)) return false;
    if (!(this.hintRequirements.get(hint) ?? []).every((r) => this.holds(r))) return false;
    if (this.localImportRequirements.size && !localImportRootsOf(hint).every((root) => this.localImportHolds(root))) return false;
    return hint.kind !== 'returned' || this.hintHolds(hint.on);
  }

  /** An unannotated parameter's default an adapter reads (`x = Depends(get_service)`: what `get_service` gives). */
  private defaultValueHint(value: SyntaxNode | undefined, scope: Scope): ValueHint | undefined {
    if (!value || this.hintReaders.length === 0) return undefined;
    const ctx: HintContext = { dottedText: (n) => this.dottedText(n), isModuleLevel: (dotted) => this.isModuleLevelName(dotted, scope) };
    for (const reader of this.hintReaders) {
      const hint = reader.parameterDefault?.(value, ctx);
      if (hint) return hint;
    }
    return undefined;
  }

  /**
   * What a loop's variable holds: the elements of a Django query (`Model.objects.filter(…)`), of a SQLAlchemy query
   * or result (`User.query.all()`, `session.scalars(select(User))`), of what a function or method returns
   * (`list[User]`), or of a parameter annotated as a collection (`users: list[User]`, not rebound).
   */
  private loopElementHint(right: SyntaxNode, scope: Scope): ValueHint | undefined {
    const reader = this.queryReader(scope);
    const found = ormElementsEntity(right, reader);
    const entity = found && this.moduleLevelSpelling(found, scope);
    if (entity) {
      const hint: ValueHint = { kind: 'ormResult', entity };
      if (reader.requires.length) this.hintRequirements.set(hint, reader.requires);
      return hint;
    }
    if (right.type === 'call') return this.queryHint(right, scope, true) ?? this.elementHint(right, scope);
    const element = isName(right) && scope.kind === 'function' ? scope.paramElements.get(this.textOf(right)) : undefined;
    if (!element) return undefined;
    const hint: ValueHint = { kind: 'annotation', type: element };
    this.hintRequirements.set(hint, [{ scope, name: this.textOf(right), single: true }]);
    return hint;
  }

  /** `for x in load_items():` a call of a module-level function: its result's elements. */
  private elementHint(call: SyntaxNode, scope: Scope): ValueHint | undefined {
    const fn = childByField(call, 'function');
    const callee = fn ? this.dottedText(fn) : null;
    if (!callee) return undefined;
    const spelled = this.moduleLevelSpelling(callee, scope);
    return spelled ? { kind: 'element', callee: spelled } : this.returnedHint(callee.split('.'), call, scope, true);
  }

  /** `name.a(…).b(…)`: the name the calls are made on (null for any other expression). */
  private callsOn(value: SyntaxNode): string | null {
    let node: SyntaxNode | undefined = value;
    let calls = 0;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      if (fn?.type !== 'attribute') return null;
      node = childByField(fn, 'object');
      calls++;
    }
    return calls && node && isName(node) ? this.textOf(node) : null;
  }

  /** A function-body assignment outside branches and loops: where it ends, and `name = name.a(…).b(…)`'s calls. */
  private markStraight(scope: Scope, name: string, statement: SyntaxNode, value: SyntaxNode | undefined): void {
    const binding = scope.bindings.get(name)?.at(-1);
    if (!binding) return;
    const [endLine, endColumn] = lines.position(statement.end);
    const calls: string[] = [];
    let node: SyntaxNode | undefined = value;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!fn || !attr) break;
      calls.unshift(this.textOf(attr));
      node = childByField(fn, 'object');
    }
    const refines = node && isName(node) && this.textOf(node) === name && calls.length ? calls : undefined;
    binding.straight = refines ? { endsAt: [endLine, endColumn], refines } : { endsAt: [endLine, endColumn] };
    if (value) binding.straight.value = value; // read while the tree lives (query variables); never kept in the summary
  }

  /** `self`, `self.a(…).b(…)`, `super().a(…)`: the calls of a chain on the method's own object, else null. */
  private selfChain(value: SyntaxNode, selfName: string | null): SelfChain | null {
    const calls: string[] = [];
    let annotates: string[] | null = [];
    let node: SyntaxNode | undefined = value;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!fn || !attr) break;
      const name = this.textOf(attr);
      calls.unshift(name);
      if (name === 'annotate' || name === 'alias') {
        for (const a of childByField(node, 'arguments')?.children ?? []) {
          if (a.type === 'keyword_argument') annotates?.push(this.textOf(childByField(a, 'name') ?? a));
          else if (a.type === 'dictionary_splat') annotates = null;
        }
      }
      node = childByField(fn, 'object');
    }
    if (node && isName(node) && selfName !== null && this.textOf(node) === selfName) return { calls, annotates };
    const superCall = node?.type === 'call' ? childByField(node, 'function') : undefined;
    if (superCall && isName(superCall) && this.textOf(superCall) === 'super' && calls.length) return { calls, annotates, super: true };
    return null;
  }

  /** `a.b.c` (identifiers and attributes only) as text, else null. */
  private dottedText(n: SyntaxNode): string | null {
    return dottedText(n, this.boundTextOf);
  }

  private readonly boundTextOf = (n: SyntaxNode): string => this.textOf(n);

  /** What an assigned value holds: a call of a dotted name, or a parameter with an annotated class. */
  /**
   * `Model.objects.filter(…).first()`: calls chained on `Root.attr`, where Root is a module-level name. As a
   * value it needs two calls or more (one call is a plain call hint); as a loop's iterable one is enough.
   */
  private queryHint(value: SyntaxNode, scope: Scope, element: boolean): ValueHint | undefined {
    const links: string[] = [];
    let node: SyntaxNode | undefined = value;
    let calls = 0;
    let prefetches = 0;
    let plainPrefetches = 0;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!fn || !attr) return undefined;
      links.unshift(this.textOf(attr));
      if (links[0] === 'prefetch_related') {
        prefetches++;
        // `prefetch_related("a", "b__c")`: the rows get no name of their own (a Prefetch's to_attr would give one).
        if (namedChildren(childByField(node, 'arguments') ?? node).every((a) => a.type === 'string' || a.type === 'comment')) plainPrefetches++;
      }
      calls++;
      node = childByField(fn, 'object');
    }
    if (node?.type !== 'attribute' || calls < (element ? 1 : 2)) return undefined;
    const object = childByField(node, 'object');
    const attr = childByField(node, 'attribute');
    const root = object && isName(object) ? this.moduleLevelSpelling(this.textOf(object), scope) : null;
    if (!root || !attr) return undefined;
    links.unshift(this.textOf(attr));
    const hint: ValueHint = element ? { kind: 'query', root, links, element } : { kind: 'query', root, links };
    if (prefetches && prefetches === plainPrefetches) hint.plainPrefetch = true;
    return hint;
  }

  private valueHint(value: SyntaxNode | undefined, scope: Scope): ValueHint | undefined {
    if (!value) return undefined;
    if (value.type === 'call') {
      const reader = this.queryReader(scope);
      const found = ormResultEntity(value, reader);
      const entity = found && this.moduleLevelSpelling(found, scope);
      if (entity) {
        const hint: ValueHint = { kind: 'ormResult', entity };
        if (reader.requires.length) this.hintRequirements.set(hint, reader.requires);
        return hint;
      }
      const fn = childByField(value, 'function');
      const callee = fn ? this.dottedText(fn) : null;
      // `objects = PostManager.from_queryset(PostQuerySet)()`: an instance of the manager class it builds.
      const built = fn?.type === 'call' ? this.valueHint(fn, scope) : undefined;
      if (built?.kind === 'call' && built.firstArg && /\.from_queryset$/.test(built.callee)) return { ...built, instanceOfResult: true };
      if (!callee) return this.queryHint(value, scope, false);
      const pair = twoNames(callee);
      const owner = pair ? this.methodOwning(pair[0], scope) : null;
      if (owner && owner.kind === 'method') return { kind: 'selfCall', classIndex: owner.classIndex, method: pair![1] };
      const spelled = this.moduleLevelSpelling(callee, scope);
      if (!spelled) return this.returnedHint(callee.split('.'), value, scope, false);
      if (/(^|\.)get_object_or_404$|\.from_queryset$/.test(callee)) {
        const first = childByField(value, 'arguments')?.children.find((c) => c.named && c.type !== 'comment');
        const written = first && (isName(first) || first.type === 'attribute') ? this.dottedText(first) : null;
        const firstArg = written && this.moduleLevelSpelling(written, scope);
        if (firstArg) return { kind: 'call', callee: spelled, firstArg };
      }
      return { kind: 'call', callee: spelled };
    }
    if (value.type === 'await') {
      const inner = value.children.find((c) => c.named);
      const hint = inner ? this.valueHint(inner, scope) : undefined;
      // What a coroutine gives once awaited: the async function's (or method's) annotation.
      if (hint?.kind === 'call' && !hint.firstArg && !hint.instanceOfResult && !hint.injected) return this.sameRequirements({ ...hint, awaited: true }, hint);
      if (hint?.kind === 'selfCall' || hint?.kind === 'returned') return this.sameRequirements({ ...hint, awaited: true }, hint);
      return hint;
    }
    if (isName(value) && scope.paramHints.has(this.textOf(value))) return scope.paramHints.get(this.textOf(value));
    if (value.type === 'attribute') {
      // `repo = self.repo` in a method: the class's attribute.
      const written = this.dottedText(value);
      const pair = written ? twoNames(written) : null;
      const owner = pair ? this.methodOwning(pair[0], scope) : null;
      if (owner?.kind === 'method') return { kind: 'selfAttribute', classIndex: owner.classIndex, name: pair![1] };
    }
    if (isName(value) || value.type === 'attribute') {
      const written = this.dottedText(value);
      const target = written && this.moduleLevelSpelling(written, scope);
      return target ? { kind: 'alias', target } : undefined;
    }
    // `Service = Annotated[ArticleService, Depends(...)]`, `MaybeUser = User | None`: a type alias.
    if (value.type === 'subscript' || value.type === 'binary_operator') {
      const type = annotationClass(this.textOf(value));
      return type ? { kind: 'annotation', type } : undefined;
    }
    return undefined;
  }

  private visitClass(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
      insertLine: lines.line(n.end) + 1,
      indent: body ? ' '.repeat(lines.position(body.start)[1]) : '    ',
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
        const built = c.type === 'call' ? this.valueHint(c, scope) : undefined;
        if (built?.kind === 'call' && built.firstArg && /\.from_queryset$/.test(built.callee)) {
          (info.builtBases ??= []).push({ index: info.bases.length - 1, manager: built.callee.slice(0, -'.from_queryset'.length), queryset: built.firstArg });
        }
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

  private visitLambda(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = this.newScope('lambda', scope);
    const params = childByField(n, 'parameters');
    if (params) this.visitParameters(params, scope, scope, fn, ctx);
    const body = childByField(n, 'body');
    if (body) this.visit(body, fn, ctx);
  }

  /** `for x in a.b`, `len(a.b)`, `y in a.b`: remembered for the member reference `a.b` will make. */
  private noteIterated(n: SyntaxNode, by: string): void {
    if (n.type === 'attribute') this.iteratedAt.set(`${n.start}:${n.end}`, by);
  }

  private visitComprehension(n: SyntaxNode, scope: Scope, ctx: Context): void {
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

  /** passlib's `CryptContext(schemes=["bcrypt", …])`: each literal scheme (the backends some need are separate packages). */
  private recordCryptSchemes(callee: string, args: SyntaxNode | undefined): void {
    const list = this.keywordValue(args?.children ?? [], 'schemes');
    if (list?.type !== 'list' && list?.type !== 'tuple') return;
    for (const item of list.children) {
      const scheme = item.type === 'string' ? this.stringValue(item) : null;
      if (scheme) this.cryptSchemes.push({ callee, scheme, span: spanOf(item) });
    }
  }

  /** Whether the innermost function being visited hands the value of `name` on anywhere in its body. */
  private handedOnInFunction(name: string): boolean {
    const body = this.functionBodies[this.functionBodies.length - 1];
    if (!body) return false;
    let names = this.handedOn.get(body);
    if (!names) this.handedOn.set(body, (names = this.handedOnNames(body)));
    return names.has(name);
  }

  /** The names under `body` handed on (see handedOnInFunction): those of the tree's handed-on identifiers within it. */
  private handedOnNames(body: SyntaxNode): Set<string> {
    const spans = this.handedOnSpans;
    const names = new Set<string>();
    let low = 0;
    let high = spans.length >> 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (spans[mid << 1] < body.start) low = mid + 1;
      else high = mid;
    }
    for (let i = low << 1; i < spans.length && spans[i] < body.end; i += 2) names.add(this.text.slice(spans[i], spans[i + 1]));
    return names;
  }

  private visitAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const left = childByField(n, 'left');
    const right = childByField(n, 'right');
    const type = childByField(n, 'type');
    // A coroutine kept in a variable that is later awaited, passed on (`gather(a, b)`, `create_task(c)`) or
    // returned is used as one; only one the function never hands on holds a coroutine where a value was meant.
    // Stored in an attribute or an item, it is handed on too.
    if (right?.type === 'call') {
      const handedOn = !left || left.type === 'attribute' || left.type === 'subscript' || (left.type === 'identifier' && this.handedOnInFunction(this.textOf(left)));
      if (!handedOn) this.callUsage.set(right, 'assigned');
    }
    if (left) {
      if (scope.kind === 'module' && isName(left) && this.textOf(left) === '__all__') this.readDunderAll(right, 'set');
      if (scope.kind === 'module' && isName(left)) this.moduleStrings.set(this.textOf(left), right?.type === 'string' && !this.moduleStrings.has(this.textOf(left)) ? this.stringValue(right) : null);
      if (scope.kind === 'class' && isName(left) && this.textOf(left) === 'model_config' && scope.classIndex !== undefined && right) this.readModelConfig(this.classes[scope.classIndex], this.textOf(right));
      if (scope.kind === 'class' && isName(left) && this.textOf(left) === '__slots__' && scope.classIndex !== undefined) this.readSlots(right, scope.classIndex);
      if (scope.kind === 'module' && right?.type === 'string' && isName(left) && this.textOf(left) === 'wsgi_app') {
        const value = this.stringValue(right);
        const [sl, sc, el, ec] = spanOf(right);
        if (value && /^[\w.]+:[\w.]+(\(.*\))?$/.test(value) && sl === el) this.wsgiApp = { value, span: [sl, sc + 1, el, ec - 1] };
      }
      if ((scope.kind === 'class' || scope.kind === 'module') && isName(left)) this.optionDicts.note(scope, this.textOf(left), right);
      // An annotation names the class; else a single call shows it (`repo = OrderRepository()`).
      const annotated = type ? annotationClass(this.textOf(type)) : null;
      const hint: ValueHint | undefined = annotated ? { kind: 'annotation', type: annotated } : right?.type === 'assignment' ? undefined : this.valueHint(right, scope);
      // `article.tags = [tag]`: where the value is, for a fix that rewrites the assignment (`article.tags.set([tag])`).
      if (left.type === 'attribute' && right && right.type !== 'assignment' && right.type !== 'expression_list') this.assignedValueAt.set(`${left.start}:${left.end}`, spanOf(right));
      this.bindTarget(left, scope, ctx, 'assign', left.type === 'identifier' || left.type === 'attribute' ? hint : undefined);
      if (scope.kind === 'function' && isName(left) && right && this.callsOn(right) === this.textOf(left)) scope.bindings.get(this.textOf(left))!.at(-1)!.refinesItself = true;
      if (scope.body && isName(left) && isStatementOf(scope.body, n)) this.markStraight(scope, this.textOf(left), n, right);
      if (scope.kind === 'class' && isName(left)) {
        const list = scope.bindings.get(this.textOf(left));
        if (list?.length) list[list.length - 1].boundFrom = lines.position(n.end);
      }
      // `x: Mapped[int] = (mapped_column(…))`, parenthesised to wrap a long line, is the call.
      const called = right?.type === 'parenthesized_expression' && right.children.filter((c) => c.named && c.type !== 'comment').length === 1 ? right.children.find((c) => c.named && c.type !== 'comment') : right;
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && called?.type === 'call') {
        const member = this.classes[scope.classIndex].members[this.classes[scope.classIndex].members.length - 1];
        if (member?.name === this.textOf(left)) {
          member.callArgs = this.callArguments(called, scope);
          const foreignKeys = foreignKeysIn(called, 0, this.literals);
          if (foreignKeys.length) member.callArgs.foreignKeys = foreignKeys;
          // relationship("Order", back_populates="customer"): where its strings are, for go-to-definition.
          if (/(^|\.)(relationship|Relationship)$/.test(member.callArgs.callee ?? '')) {
            const spans: Record<string, Span> = {};
            const args = (childByField(called, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment');
            if (args[0]?.type === 'string') spans['0'] = spanOf(args[0]);
            for (const a of args) {
              const v = a.type === 'keyword_argument' ? childByField(a, 'value') : undefined;
              if (v?.type === 'string') spans[this.textOf(childByField(a, 'name') ?? a)] = spanOf(v);
            }
            if (Object.keys(spans).length) member.callArgs.stringSpans = { ...member.callArgs.stringSpans, ...spans };
          }
          // A column's type as written (`String(50)`, `db.Integer`): what a generated migration declares.
          if (/(^|\.)(Column|mapped_column)$/.test(member.callArgs.callee ?? '')) {
            const type = (childByField(called, 'arguments')?.children ?? []).find((a) => a.named && a.type !== 'comment' && a.type !== 'string' && a.type !== 'keyword_argument' && !/ForeignKey/.test(this.textOf(a)));
            if (type && (type.type === 'call' || type.type === 'attribute' || type.type === 'identifier')) member.callArgs.typeText = this.textOf(type);
          }
        }
      }
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && MAPPING_DUNDERS.has(this.textOf(left))) {
        const cls = this.classes[scope.classIndex];
        // `__tablename__ = AUDIT_TABLE` names a string constant of the module assigned once before the class.
        const constant = right && isName(right) ? (this.moduleStrings.get(this.textOf(right)) ?? null) : null;
        (cls.dunders ??= {})[this.textOf(left)] = right ? (this.stringValue(right) ?? constant ?? (right.type === 'true' ? 'True' : right.type === 'false' ? 'False' : null)) : null;
      }
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && this.textOf(left) === '__table_args__' && right && (right.type === 'tuple' || right.type === 'parenthesized_expression')) {
        // `__table_args__ = (ForeignKeyConstraint([…], ["t.c"]), {…})`: the items are read like a call's arguments.
        const targets = right.children.filter((c) => c.type === 'call' && /(^|\.)ForeignKeyConstraint$/.test(this.textOf(childByField(c, 'function') ?? c))).flatMap((c) => constraintTargets(c, this.literals));
        if (targets.length) this.classes[scope.classIndex].tableForeignKeys = targets;
      }
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && right && FIELD_NAME_OPTIONS.has(this.textOf(left))) {
        const member = this.classes[scope.classIndex].members[this.classes[scope.classIndex].members.length - 1];
        const strings = this.optionStrings(this.textOf(left), right);
        if (member?.name === this.textOf(left) && strings.length) member.strings = strings;
        const lookups = this.textOf(left) === 'constraints' ? this.constraintLookups(right) : [];
        if (member?.name === this.textOf(left) && lookups.length) member.lookups = lookups;
      }
      if (type && scope.kind === 'class' && scope.classIndex !== undefined && isName(left)) {
        const cls = this.classes[scope.classIndex];
        const member = cls.members[cls.members.length - 1];
        const annotationText = this.textOf(type);
        if (/^\s*(typing\.)?ClassVar\b/.test(annotationText)) {
          // not a field
        } else if (/^\s*(dataclasses\.)?KW_ONLY\b/.test(annotationText)) cls.dataclass = false; // keyword-only fields follow
        else if (member?.name === this.textOf(left)) member.field = this.fieldInfo(annotationText, right);
      }
    }
    if (type) {
      // Local-variable annotations in functions are never evaluated; module and class ones are.
      const annotation = scope.kind === 'module' || scope.kind === 'class' ? 'evaluated' : 'lazy';
      this.visitChildren(type, scope, { ...ctx, annotation });
    }
    if (right) this.visit(right, scope, ctx);
  }

  /**
   * The field names an option lists: its string literals, or for `indexes`/`constraints` those of each
   * `Index(fields=[…])`/`UniqueConstraint(fields=[…])`, and for `fieldsets` those of each `{"fields": (…)}`.
   */
  private optionStrings(option: string, value: SyntaxNode): { value: string; span: Span }[] {
    const items = value.type === 'list' || value.type === 'tuple' ? value.children.filter((c) => c.named && c.type !== 'comment') : [];
    if (option === 'indexes' || option === 'constraints') {
      return items.flatMap((call) => {
        const list = call.type === 'call' ? this.keywordValue(childByField(call, 'arguments')?.children ?? [], 'fields') : undefined;
        return list ? this.stringLiterals(list, 0) : [];
      });
    }
    if (option === 'fieldsets') {
      return items.flatMap((set) => {
        const options = set.type === 'tuple' || set.type === 'list' ? set.children.filter((c) => c.named && c.type !== 'comment')[1] : undefined;
        // A pair's key and value are its two named children (the syntax tree keeps no field names on pairs).
        const pairs = options?.type === 'dictionary' ? options.children.filter((p) => p.type === 'pair').map((p) => p.children.filter((c) => c.named)) : [];
        const list = pairs.find(([key]) => key && this.stringValue(key) === 'fields')?.[1];
        return list ? this.stringLiterals(list, 1) : [];
      });
    }
    return this.stringLiterals(value, 1);
  }

  /** `CheckConstraint(check=Q(price__gt=0) & Q(…))`, `UniqueConstraint(…, condition=Q(…))`: the Q keywords' names. */
  private constraintLookups(value: SyntaxNode): { name: string; span: Span }[] {
    const out: { name: string; span: Span }[] = [];
    const walk = (n: SyntaxNode, inQ: boolean, depth: number): void => {
      if (depth > 40) return;
      if (n.type === 'keyword_argument') {
        const name = childByField(n, 'name');
        const key = name ? this.textOf(name) : '';
        if (inQ && name) out.push({ name: key, span: spanOf(name) });
        const v = childByField(n, 'value');
        // Only the condition's Q objects name lookups (not `name=`, `fields=`, a Q's values).
        if (v && (inQ ? false : key === 'check' || key === 'condition')) walk(v, false, depth + 1);
        return;
      }
      if (n.type === 'call') {
        const { last } = this.calleeOf(n);
        const args = childByField(n, 'arguments');
        if (last === 'Q' && args) for (const a of args.children) walk(a, true, depth + 1);
        else if (args && /Constraint$/.test(last ?? '')) for (const a of args.children) if (a.type === 'keyword_argument') walk(a, false, depth + 1);
        else if (childByField(n, 'function')?.type === 'attribute') walk(childByField(childByField(n, 'function')!, 'object')!, false, depth + 1);
        return;
      }
      for (const c of n.children) if (c.named) walk(c, inQ, depth + 1);
    };
    walk(value, false, 0);
    return out;
  }

  /** The string literals of a string, list or tuple (nested `depth` levels more), with the spans of their contents. */
  private stringLiterals(n: SyntaxNode, depth: number): { value: string; span: Span }[] {
    if (n.type === 'string') {
      const m = /^([rRuU]?)("|')([^"'\\\n]*)\2$/.exec(this.textOf(n));
      const [sl, sc] = spanOf(n);
      // One-line literals without escapes: the contents start after the prefix and the quote.
      return m ? [{ value: m[3], span: [sl, sc + m[1].length + 1, sl, sc + m[1].length + 1 + m[3].length] }] : [];
    }
    if ((n.type === 'list' || n.type === 'tuple' || n.type === 'parenthesized_expression') && depth >= 0) {
      return n.children.filter((c) => c.named).flatMap((c) => this.stringLiterals(c, c.type === 'string' ? depth : depth - 1));
    }
    return [];
  }

  /** A call's arguments as string values or dotted names (null for anything else). */
  /** A string's contents, a dotted name, True/False/...; null for anything else. */
  private simpleValue(v: SyntaxNode | undefined): string | null {
    const literals: Record<string, string> = { true: 'True', false: 'False', ellipsis: '...' };
    return !v ? null : v.type === 'string' ? this.stringValue(v) : (this.dottedText(v) ?? literals[v.type] ?? null);
  }

  private callArguments(call: SyntaxNode, scope: Scope): NonNullable<MemberInfo['callArgs']> {
    const fn = childByField(call, 'function');
    const out: NonNullable<MemberInfo['callArgs']> = { callee: fn ? this.dottedText(fn) : null, positional: [], keywords: {} };
    const valueOf = (v: SyntaxNode | undefined) => this.simpleValue(v);
    const args = (childByField(call, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment');
    args.forEach((a, i) => {
      if (a.type === 'keyword_argument') {
        const k = childByField(a, 'name');
        const key = k ? this.textOf(k) : null; // sliced once: read up to five times below
        // `source=`/`many=`: what removing the argument deletes (with the comma before it, or after it when first),
        // for the quick fixes of serializer-misconfigured.
        if (key !== null && REMOVABLE_KEYWORDS.has(key)) {
          const [from, to] = i > 0 ? [args[i - 1].end, a.end] : [a.start, args[1]?.start ?? a.end];
          (out.keywordDeletions ??= {})[key] = spanOfOffsets(from, to);
        }
        const v = childByField(a, 'value');
        // `backref=backref("posts", lazy=…)`: the name it adds is what the ORM rules read.
        const backref = key === 'backref' && v?.type === 'call' && /(^|\.)backref$/.test(this.textOf(childByField(v, 'function') ?? v));
        if (backref) out.keywords.backref = valueOf((childByField(v!, 'arguments')?.children ?? []).find((c) => c.named && c.type !== 'comment'));
        else if (key !== null) out.keywords[key] = valueOf(v);
        // A serializer field's `source="author.name"` and a relation's `to="app.Model"`: where the string is,
        // for the rules that walk it and for go-to-definition.
        if (key !== null && v?.type === 'string' && (key === 'source' || key === 'to')) (out.stringSpans ??= {})[key] = spanOf(v);
      } else if (a.type === 'dictionary_splat') {
        const unpacked = this.unpackedOptions(a, scope);
        if (unpacked) Object.assign(out.keywords, unpacked);
        else out.keywords['**'] = null;
      } else if (a.type === 'list_splat') out.keywords['**'] = null;
      else {
        if (a.type === 'string') {
          (out.stringArgs ??= []).push(out.positional.length);
          (out.stringSpans ??= {})[String(out.positional.length)] = spanOf(a);
        }
        out.positional.push(valueOf(a));
      }
    });
    return out;
  }

  /** `**opts` where `opts` is a literal dict of the class body or module (syntax/optionDicts.ts): its keywords. */
  private unpackedOptions(splat: SyntaxNode, scope: Scope): Record<string, string | null> | null {
    const named = splat.children.filter((c) => c.named && c.type !== 'comment');
    if (named.length !== 1 || !isName(named[0])) return null;
    const name = this.textOf(named[0]);
    const scopes: { scope: object; binds: boolean }[] = [];
    for (let s: Scope | null = scope; s; s = s.parent) scopes.push({ scope: s, binds: s.bindings.has(name) });
    return this.optionDicts.lookup(scopes, name);
  }

  /** A class-level annotated name; a call as its value is in the member's callArgs (`Field(..., alias=…)`). */
  private fieldInfo(annotation: string, value: SyntaxNode | undefined): FieldInfo {
    const field: FieldInfo = { hasDefault: !!value };
    if (/\b(Optional|Any|None)\b/.test(annotation)) field.nullable = true;
    // The related class of an ORM relationship: `Mapped[List["Post"]]`, or SQLModel's `Optional["Team"] = Relationship()`.
    const callee = value?.type === 'call' ? this.textOf(childByField(value, 'function') ?? value) : '';
    if (/^\s*(\w+\.)?Mapped\[/.test(annotation) || /(^|\.)(relationship|Relationship)$/.test(callee)) {
      const target = relationTarget(annotation);
      if (target) field.target = target;
      if (target && /\b(List|list|Set|set|Sequence|FrozenSet|frozenset|Dict|dict|Iterable|Collection|WriteOnlyMapped|DynamicMapped)\[/.test(annotation)) field.collection = true;
    }
    return field;
  }


  /** What a Pydantic model configuration says about the constructor: extra fields forbidden, aliases in play. */
  private readModelConfig(cls: ClassInfo, text: string): void {
    cls.config = {
      forbidsExtra: /\bextra\s*=\s*(['"]forbid['"]|Extra\.forbid)/.test(text),
      // Anything but a literal "forbid"/"ignore" (the default) may let instances carry extra attributes.
      allowsExtra: /\bextra\s*=\s*(?!['"](forbid|ignore)['"]|Extra\.(forbid|ignore)\b)/.test(text),
      aliases: /alias_generator|populate_by_name|validate_by_name|allow_population_by_field_name/.test(text),
    };
  }

  /** `__slots__ = ("a", "b")`: instance attributes; any other form: unknown attributes. */
  private readSlots(value: SyntaxNode | undefined, classIndex: number): void {
    const cls = this.classes[classIndex];
    const items = value && (value.type === 'list' || value.type === 'tuple' || value.type === 'parenthesized_expression') ? value.children.filter((c) => c.named && c.type !== 'comment') : value?.type === 'string' ? [value] : null;
    const names = items?.map((c) => this.stringValue(c));
    if (!names || names.some((x) => x === null)) markDynamic(cls, true);
    else for (const name of names) cls.instanceAttributes.push({ name: name!, span: spanOf(value!) });
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

  /**
   * A handler whose block ends with a `raise` and holds no return, break or continue: 'again' when it raises what
   * it caught (a bare `raise`, or `raise e` of its own `as e`), 'other' for another exception; null otherwise.
   */
  private alwaysRaises(handler: SyntaxNode): 'again' | 'other' | null {
    const block = handler.children.filter((c) => c.type === 'block').pop();
    const last = block?.children.filter((c) => c.named && c.type !== 'comment').pop();
    if (!block || last?.type !== 'raise_statement') return null;
    const exits = (n: SyntaxNode): boolean => n.type === 'return_statement' || n.type === 'break_statement' || n.type === 'continue_statement' || n.children.some(exits);
    if (exits(block)) return null;
    const raised = last.children.filter((c) => c.named && c.type !== 'comment');
    const alias = handler.children.find((c) => c.type === 'as_pattern')?.children.find((c) => c.field === 'alias');
    return raised.length === 0 || (raised.length === 1 && alias && this.textOf(raised[0]) === this.textOf(alias).trim()) ? 'again' : 'other';
  }

  private visitTry(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const extra: Guard[] = [];
    const handled: (string[] | null)[] = [];
    for (const handler of n.children) {
      if (handler.type !== 'except_clause' && handler.type !== 'except_group_clause') continue;
      const caught = this.caughtExceptions(handler);
      // `except Exception: rollback(); raise` lets every error through; `except Exception as e: raise ApiError() from e`
      // translates every error: neither is a fallback for a missing name (`except AttributeError: raise …` is one).
      const raises = this.alwaysRaises(handler);
      if (raises === 'again' || (raises === 'other' && (caught === null || caught.every((e) => e === 'Exception' || e === 'BaseException')))) continue;
      if (caught === null || caught.some((e) => IMPORT_ERROR_CATCHERS.has(e))) extra.push('import-error');
      if (caught === null || caught.some((e) => NAME_ERROR_CATCHERS.has(e))) extra.push('name-error');
      if (caught === null || caught.some((e) => ATTRIBUTE_ERROR_CATCHERS.has(e))) extra.push('attribute-error');
      if (caught?.some((e) => ORM_ERROR_CATCHERS.has(e))) extra.push('orm-error');
      handled.push(caught);
    }
    const guarded: Context = extra.length ? { ...ctx, guards: [...ctx.guards, ...extra] } : ctx;
    for (const c of n.children) {
      if (c.field === 'body') {
        if (handled.length) this.handlersAround.push(handled);
        this.visit(c, scope, guarded);
        if (handled.length) this.handlersAround.pop();
      } else this.visit(c, scope, ctx);
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
    else if (/\b(hasattr|getattr)\s*\(/.test(condText)) consequenceGuard = 'attribute-error'; // (and 'orm-error': withGuard)
    // `if os.path.exists("hc/local_settings.py"):` — an optional module the project does not ship.
    else if (/\b(exists|isfile|is_file|find_spec|find_loader)\s*\(/.test(condText)) consequenceGuard = 'import-error';
    const withGuard = (g: Guard | null): Context => (g ? { ...ctx, conditional: true, guards: [...ctx.guards, g, ...(g === 'attribute-error' ? ['orm-error' as const] : [])] } : { ...ctx, conditional: true });
    const mainBlock = scope.kind === 'module' && /^\s*__name__\s*==\s*['"]__main__['"]\s*$/.test(condText);
    for (const c of n.children) {
      if (c === condition) this.visit(c, scope, ctx);
      else if (c.field === 'consequence' && mainBlock) {
        this.visit(c, scope, { ...withGuard(consequenceGuard), underMain: true });
      } else if (c.field === 'consequence') this.visit(c, scope, withGuard(consequenceGuard));
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

  /** `a.b.c`: `a` is read; the chain is checked against what `a` is (a module, a project class or instance). */
  private visitAttribute(n: SyntaxNode, scope: Scope, ctx: Context, write: boolean, call?: CallShape): void {
    const steps: { name: string; span: Span }[] = [];
    let cur: SyntaxNode | undefined = n;
    while (cur && cur.type === 'attribute') {
      const attr = childByField(cur, 'attribute');
      if (attr) steps.push({ name: this.textOf(attr), span: spanOf(attr) });
      cur = childByField(cur, 'object');
    }
    steps.reverse(); // collected from the last attribute back to the root
    if (!cur) return;
    if (isName(cur)) {
      // `self.__dict__.update(...)`: the class's attributes cannot be listed (reading it, `'slug' in
      // self.__dict__` or `self.__dict__.get(…)`, adds none).
      if (steps[0]?.name === '__dict__' && !this.onlyReadsDict(n, steps)) {
        const method = this.methodOwning(this.textOf(cur), scope);
        // `self.__dict__["name"] = …` (past a custom __setattr__) sets that one name.
        const literal = steps.length === 1 ? /^\s*\[\s*(['"])([A-Za-z_]\w*)\1\s*\]\s*=(?!=)/.exec(this.text.slice(n.end, n.end + 120)) : null;
        if (method && literal) this.classes[method.classIndex].instanceAttributes.push({ name: literal[2], span: spanOf(n) });
        else if (method) markDynamic(this.classes[method.classIndex], method.kind === 'method');
      }
      this.use(cur, scope, ctx);
      if (!ctx.inError && steps.length) {
        const chain: PendingChain = { root: this.textOf(cur), rootSpan: spanOf(cur), steps, write, guards: ctx.guards };
        if (call) chain.call = call;
        const iteratedBy = this.iteratedAt.size ? this.iteratedAt.get(`${n.start}:${n.end}`) : undefined;
        if (iteratedBy && !call && !write) chain.iteratedBy = iteratedBy;
        const assignedValue = write && this.assignedValueAt.size ? this.assignedValueAt.get(`${n.start}:${n.end}`) : undefined;
        if (assignedValue) chain.assignedValue = assignedValue;
        scope.chains.push(chain);
      }
    } else {
      if (cur.type === 'call' && !ctx.inError && steps.length) this.noteInlineReceiver(cur, scope, ctx, steps, write, call);
      this.visit(cur, scope, ctx);
    }
  }

  /** `'slug' in self.__dict__`, `self.__dict__.get(…)`: a read of `__dict__` (`n`, with `steps` from its root) that sets no name. */
  private onlyReadsDict(n: SyntaxNode, steps: { name: string }[]): boolean {
    return (steps.length === 1 && /\bin\s*$/.test(this.text.slice(Math.max(0, n.start - 12), n.start))) || READ_ONLY_DICT_METHODS.has(steps[1]?.name ?? '');
  }

  /**
   * `OIDCProvider().get_url()`, `get_user(db, 1).name`, `db.session.get(User, 1).nmae`, `repo.get(1).name`: a member
   * read on what a call evidently gives (a class, a function's or method's annotation, an ORM result). Chains of
   * Django queryset calls are left to their own rules.
   */
  private noteInlineReceiver(call: SyntaxNode, scope: Scope, ctx: Context, steps: { name: string; span: Span }[], write: boolean, shape?: CallShape): void {
    const hint = this.valueHint(call, scope);
    const plainCall = hint?.kind === 'call' && !hint.firstArg && !hint.instanceOfResult && hint.callee.split('.').length < 3;
    if (!hint || !(plainCall || hint.kind === 'returned' || hint.kind === 'selfCall' || hint.kind === 'ormResult')) return;
    const ref: MemberRef = { receiver: { kind: 'local', hint }, rootSpan: spanOf(call), steps, write, guards: ctx.guards };
    if (shape) ref.call = shape;
    this.inlineMemberRefs.push(ref);
  }

  private callShape(call: SyntaxNode, args: SyntaxNode | undefined, scope: Scope): CallShape {
    let fnScope: Scope | null = scope;
    while (fnScope && fnScope.kind !== 'function' && fnScope.kind !== 'module') fnScope = fnScope.parent;
    const shape: CallShape = {
      positional: 0,
      keywords: [],
      unpacks: false,
      awaited: this.awaitedCall === call,
      usage: this.callUsage.get(call) ?? 'other',
      inAsync: fnScope?.isAsync ?? false,
    };
    if (args && args.type !== 'argument_list') shape.positional = 1; // f(x for x in y)
    // Only calls that pass string literals keep them, and only calls with keywords their first name (what
    // the ORM rules read: `order_by("-x")`, `get_object_or_404(Model, pk=…)`); the rest would only weigh.
    const strings: NonNullable<CallShape['strings']> = [];
    let anyString = false;
    let firstArg: SyntaxNode | null = null;
    for (const a of args?.type === 'argument_list' ? args.children : []) {
      if (!a.named || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = childByField(a, 'name');
        if (k) shape.keywords.push({ name: this.textOf(k), span: spanOf(k) });
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') shape.unpacks = true;
      else {
        shape.positional++;
        if (shape.positional === 1 && (a.type === 'identifier' || a.type === 'attribute')) firstArg = a;
        const value = a.type === 'string' ? this.stringValue(a) : null;
        strings.push(value === null ? null : { value, span: spanOf(a) });
        if (value !== null) anyString = true;
      }
    }
    if (anyString) shape.strings = strings;
    if (firstArg && shape.keywords.length) {
      const dotted = this.dottedText(firstArg);
      if (dotted) shape.firstName = dotted;
    }
    const fn = childByField(call, 'function');
    const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
    if (args && method && QUERYSET_EXPRESSION_METHODS.has(this.textOf(method))) {
      const expressions = this.ormExpressions(args.children);
      if (expressions.length) shape.expressions = expressions;
    }
    return shape;
  }

  /**
   * `Q(author__name=…)`, `F("likes")`, `Count("comments")`, `Prefetch("tags")` in a queryset method's
   * arguments, at any depth of operators and expression calls, but not inside other calls (a subquery's
   * `Comment.objects.filter(…)` names another model's fields).
   */
  private ormExpressions(nodes: readonly SyntaxNode[], out: NonNullable<CallShape['expressions']> = []): NonNullable<CallShape['expressions']> {
    for (const c of nodes) {
      if (!c.named || c.type === 'comment' || c.type === 'lambda') continue;
      if (c.type === 'call') {
        const { fn, callee, last } = this.calleeOf(c);
        const args = childByField(c, 'arguments');
        if (callee && last && ORM_EXPRESSIONS.has(last) && args?.type === 'argument_list') {
          const keywords: { name: string; span: Span }[] = [];
          const strings: { value: string; span: Span }[] = [];
          for (const a of args.children) {
            if (a.type === 'keyword_argument') {
              const k = childByField(a, 'name');
              if (k) keywords.push({ name: this.textOf(k), span: spanOf(k) });
            } else if (a.type === 'string') {
              const value = this.stringValue(a);
              if (value !== null) strings.push({ value, span: spanOf(a) });
            }
          }
          out.push({ callee, keywords, strings });
          this.ormExpressions(args.children, out);
        } else if (callee && last && SUBQUERY_WRAPPERS.has(last) && args) {
          this.outerRefs(args.children, out);
        } else if (fn?.type === 'attribute') {
          // `F("views").desc()`, `Q(a=1) & Q(b=2)`: the object the method is called on.
          const object = childByField(fn, 'object');
          if (object) this.ormExpressions([object], out);
        }
        continue;
      }
      this.ormExpressions(c.children, out);
    }
    return out;
  }

  /** A call's function node, its dotted name and that name's last segment (null/undefined when not dotted). */
  private calleeOf(call: SyntaxNode): { fn: SyntaxNode | undefined; callee: string | null; last: string | undefined } {
    const fn = childByField(call, 'function');
    const callee = fn ? this.dottedText(fn) : null;
    return { fn, callee, last: callee?.slice(callee.lastIndexOf('.') + 1) };
  }

  /**
   * `OuterRef("pk")` inside a `Subquery(…)`/`Exists(…)` of a queryset method's arguments: a path of the outer
   * queryset's model (recorded like `F`). Nested subqueries refer to the query around them: not followed.
   */
  private outerRefs(nodes: readonly SyntaxNode[], out: NonNullable<CallShape['expressions']>): void {
    for (const c of nodes) {
      if (!c.named || c.type === 'comment' || c.type === 'lambda') continue;
      if (c.type === 'call') {
        const { callee, last } = this.calleeOf(c);
        if (last && SUBQUERY_WRAPPERS.has(last)) continue;
        if (callee && last === 'OuterRef') {
          const first = childByField(c, 'arguments')?.children.find((a) => a.named && a.type !== 'comment');
          const value = first?.type === 'string' ? this.stringValue(first) : null;
          if (first && value !== null) out.push({ callee, keywords: [], strings: [{ value, span: spanOf(first) }] });
          continue;
        }
      }
      this.outerRefs(c.children, out);
    }
  }

  /**
   * `Root.attr.a(...).b(...)`: the links from a plain name, through a plain attribute, into two or more
   * calls (a queryset chain from a manager; see FileSummary.callChains). Other chains are not recorded.
   */
  private recordCallChain(outer: SyntaxNode, outerShape: CallShape, scope: Scope, ctx: Context): void {
    // First the shape of the expression, without allocating call shapes: most attribute calls are no chain.
    const steps: { attr: SyntaxNode; call: SyntaxNode | null }[] = [];
    let cur: SyntaxNode | undefined = outer;
    let call: SyntaxNode | null = null;
    while (cur) {
      if (cur.type === 'call') {
        if (call) return; // f()() : not a method chain
        call = cur;
        cur = childByField(cur, 'function');
      } else if (cur.type === 'attribute') {
        const attr = childByField(cur, 'attribute');
        if (!attr) return;
        steps.push({ attr, call });
        call = null;
        cur = childByField(cur, 'object');
      } else break;
    }
    steps.reverse(); // collected from the outer call back to the root
    if (!cur || !isName(cur) || call || steps.length < 3 || steps[0].call || steps.slice(1).some((st) => !st.call)) return;
    const links = steps.map(({ attr, call: c }) => ({
      name: this.textOf(attr),
      span: spanOf(attr),
      ...(c ? { call: c === outer ? outerShape : this.callShape(c, childByField(c, 'arguments'), scope) } : {}),
    }));
    for (const st of steps) if (st.call && st.call !== outer) this.chainedCalls.add(st.call);
    scope.callChains.push({ root: this.textOf(cur), rootSpan: spanOf(cur), links, guards: ctx.guards });
  }

  private visitCall(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = childByField(n, 'function');
    const args = childByField(n, 'arguments');
    if (fn) {
      const callee = this.textOf(fn);
      const runString = this.runStringTests.callee.test(callee) ? readRunString(callee, args, (c) => this.textOf(c), spanOf, this.runStringTests) : null;
      if (runString) this.runStrings.push(runString);
      if (callee === 'globals' || callee === 'exec' || callee === 'execfile') this.dynamicGlobals = true;
      else if ((callee === 'vars' || callee === 'locals') && scope.kind === 'module') this.dynamicGlobals = true;
      else if (/(^|\.)install$/.test(callee) && /gettext|translation/i.test(callee + this.textOf(n))) this.installsGettext = true;
      else if (/\.(annotate|alias)$/.test(callee)) {
        for (const a of args?.children ?? []) {
          const key = a.type === 'keyword_argument' ? childByField(a, 'name') : undefined;
          if (key) this.annotatedNames.add(this.textOf(key));
          else if (a.type === 'dictionary_splat') this.recordRawQuery(callee, scope, true); // `annotate(**exprs)`: names unknown
        }
      } else if (/(^|\.)Prefetch$/.test(callee)) {
        // `Prefetch("articles", to_attr="article_list")`: the instances get that attribute (a list).
        for (const a of args?.children ?? []) {
          const key = a.type === 'keyword_argument' ? childByField(a, 'name') : undefined;
          const value = key && this.textOf(key) === 'to_attr' ? childByField(a, 'value') : undefined;
          const name = value ? this.stringValue(value) : null;
          if (name) this.annotatedNames.add(name);
        }
        // (Django's `raw()` takes the SQL: `Tokenizer.raw()` of another library is none.)
      } else if (/\.raw$/.test(callee) && args?.children.some((a) => a.named && a.type !== 'comment')) this.recordRawQuery(callee, scope);
      else if (/\.extra$/.test(callee)) {
        // Only `extra(select=…)` (its first parameter) gives instances names; `where=`/`tables=`/`order_by=` do not.
        const argsList = (args?.children ?? []).filter((a) => a.named && a.type !== 'comment');
        const selects = argsList.some((a) => a.type === 'dictionary_splat' || a.type === 'list_splat' || (a.type !== 'keyword_argument' && argsList.indexOf(a) === 0) || (a.type === 'keyword_argument' && this.textOf(childByField(a, 'name') ?? a) === 'select'));
        if (selects) this.recordRawQuery(callee, scope);
      }
      else if (/(^|\.)CryptContext$/.test(callee)) this.recordCryptSchemes(callee, args);
      else if (callee === '__all__.extend' || callee === '__all__.append') {
        if (scope.kind === 'module') this.readDunderAll(args?.children.find((c) => c.named && c.type !== 'comment'), callee.endsWith('extend') ? 'extend' : 'append');
      } else if (callee === 'setattr' || callee === 'vars') {
        // setattr(self, name, …) / vars(self): the class's attributes cannot be listed; `setattr(self, "slug", …)`
        // with a literal name is `self.slug = …`.
        const [first, second] = args?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
        const literal = second ? this.stringValue(second) : null;
        if (callee === 'setattr' && literal) this.setattrNames.push(literal);
        if (callee === 'setattr' && literal && first && mayBeClass(this.textOf(first).split('.'))) this.classSetattrNames.push(literal);
        const method = first && isName(first) ? this.methodOwning(this.textOf(first), scope) : null;
        // `setattr(self, field.attname, …)` in `for field in self._meta.fields`: sets a field the model has.
        const fieldVar = callee === 'setattr' && second?.type === 'attribute' ? /^(\w+)\.(name|attname)$/.exec(this.textOf(second)) : null;
        const setsOwnField = fieldVar !== null && this.loopsOverModelFields(fieldVar[1], scope);
        if (method && callee === 'setattr' && literal && /^[A-Za-z_]\w*$/.test(literal)) this.classes[method.classIndex].instanceAttributes.push({ name: literal, span: spanOf(second!) });
        else if (method && !setsOwnField) markDynamic(this.classes[method.classIndex], method.kind === 'method');
      }
      const shape = ctx.inError ? undefined : this.callShape(n, args, scope);
      const firstArg = args?.children.find((c) => c.named && c.type !== 'comment');
      if (isName(fn) && ITERATING_BUILTINS.has(callee) && firstArg && !this.module.bindings.has(callee)) this.noteIterated(firstArg, `${callee}()`);
      if (shape && fn.type === 'attribute' && !this.chainedCalls.has(n)) this.recordCallChain(n, shape, scope, ctx);
      if (fn.type === 'attribute') this.visitAttribute(fn, scope, ctx, false, shape);
      else {
        this.visit(fn, scope, ctx);
        if (shape && isName(fn)) scope.chains.push({ root: callee, rootSpan: spanOf(fn), steps: [], write: false, guards: ctx.guards, call: shape });
      }
    }
    if (args) this.visit(args, scope, ctx);
    // (`sys.modules[__name__]` anywhere in the file is found once, in finish: not in every call's text.)
  }

  // ---- results --------------------------------------------------------------------------------------

  /**
   * Names a function assigns that also name a module-level binding or a builtin, read where they are still
   * unbound (see unboundLocals.ts). Other functions are not walked again.
   */
  private unboundLocals(): { unboundLocals?: UnboundLocal[] } {
    const out: UnboundLocal[] = [];
    for (const { scope, body, params } of this.functionScopes) {
      const shadowing = new Set([...scope.bindings.keys()].filter((name) => !params.has(name) && !scope.globals.has(name) && !scope.nonlocals.has(name) && (this.module.bindings.has(name) || PYTHON_BUILTINS.has(name))));
      if (!shadowing.size) continue;
      for (const read of earlyReads(body, shadowing, (n) => this.textOf(n))) {
        out.push({ name: read.name, span: spanOfOffsets(read.start, read.end), boundLine: lines.position(read.boundAt)[0], shadows: this.module.bindings.has(read.name) ? 'module' : 'builtin' });
      }
    }
    return out.length ? { unboundLocals: out } : {};
  }

  /**
   * Each scope's name uses, call chains and member chains, kept as the summary keeps them. (A method of its own:
   * finish() is long, and the optimizing compiler, which compiles it again after each deoptimization, compiles
   * this loop apart.)
   */
  private references(): { globalUses: NameUse[]; moduleAttributeRefs: ModuleAttributeRef[]; memberRefs: MemberRef[]; callChains: CallChain[] } {
    const globalUses: NameUse[] = [];
    const moduleAttributeRefs: ModuleAttributeRef[] = [];
    const memberRefs: MemberRef[] = [];
    const callChains: CallChain[] = [];
    const moduleScope = this.module.bindings;
    for (const scope of this.scopes) {
      for (const u of scope.uses) {
        // Only names that module scope and builtins (left out by use()) do not answer are kept: the rest can never be undefined.
        if (moduleScope.has(u.name)) continue;
        if (resolveName(u.name, scope).kind === 'global') globalUses.push({ name: u.name, span: spanOfOffsets(u.start, u.end), annotation: u.annotation, guards: u.guards });
      }
      for (const chain of scope.callChains) {
        const r = resolveName(chain.root, scope);
        // `Order.objects.filter(…)` where a function's own import binds `Order` alone: its root names that import
        // (localImportRoot), so every rule resolves it through that import and never through a module-level name.
        const importIndex = r.kind === 'local' ? this.localImportOnly(chain.root, r.scope) : null;
        if (r.kind === 'global') callChains.push(chain);
        else if (importIndex !== null) callChains.push({ ...chain, root: localImportRoot(importIndex, chain.root) });
      }
      for (const chain of scope.chains) {
        const r = resolveName(chain.root, scope, chain.rootSpan);
        const member = this.memberRef(chain, scope, r);
        if (member) memberRefs.push(member);
        if (!chain.steps.length) continue;
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
    return { globalUses, moduleAttributeRefs, memberRefs, callChains };
  }

  private finish(root: SyntaxNode): FileSummary {
    this.settleParamRawQueries();
    this.invalidHints = new Set([...this.hintRequirements.keys()].filter((h) => !this.hintHolds(h)));
    for (const cls of this.classes) for (const a of cls.instanceAttributes) if (a.hint && !this.hintHolds(a.hint)) delete a.hint;
    const { globalUses, moduleAttributeRefs, memberRefs, callChains } = this.references();
    for (const ref of this.inlineMemberRefs) if (ref.receiver.kind === 'local' && this.hintHolds(ref.receiver.hint) && !this.namesBuiltin(ref.receiver.hint)) memberRefs.push(ref);
    const moduleBindings: ModuleBinding[] = [];
    for (const [name, list] of this.module.bindings) {
      for (const b of list) {
        const binding: ModuleBinding = { name, kind: b.kind, span: b.span };
        if (b.importIndex !== undefined) binding.importIndex = b.importIndex;
        if (b.hint) binding.hint = b.hint;
        moduleBindings.push(binding);
      }
    }
    // (The substring test first: a regex search of every file's whole text costs more.)
    if (this.text.includes('modules') && /sys\s*\.\s*modules\s*\[\s*__name__\s*\]/.test(this.text)) this.dynamicGlobals = true;
    // The attributes written through chains, in the order of the chains (a chain's last step is the one written).
    const attributeWrites = new Set<string>();
    const classAttributeWrites = new Set<string>();
    for (const scope of this.scopes) {
      for (const c of scope.chains) {
        if (!c.write) continue;
        const written = c.steps[c.steps.length - 1].name;
        attributeWrites.add(written);
        const receiver = [c.root]; // the chain without the attribute written
        for (let i = 0; i < c.steps.length - 1; i++) receiver.push(c.steps[i].name);
        if (mayBeClass(receiver)) classAttributeWrites.add(written);
      }
    }
    for (const name of this.setattrNames) attributeWrites.add(name);
    for (const name of this.classSetattrNames) classAttributeWrites.add(name);
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
      classes: this.classes,
      functions: this.functions,
      memberRefs,
      attributeWrites: [...attributeWrites],
      classAttributeWrites: [...classAttributeWrites],
      ignores: this.ignores,
      ...this.unboundLocals(),
      installsGettext: this.installsGettext,
      ...(callChains.length ? { callChains } : {}),
      ...(this.annotatedNames.size ? { annotatedNames: [...this.annotatedNames] } : {}),
      ...(this.wsgiApp ? { wsgiApp: this.wsgiApp } : {}),
      ...(this.runStrings.length ? { runStrings: this.runStrings } : {}),
      ...(this.cryptSchemes.length ? { cryptSchemes: this.cryptSchemes } : {}),
      ...(this.rawQueries ? { rawQueries: true } : {}),
      ...(this.rawQueryModels.size ? { rawQueryModels: [...this.rawQueryModels] } : {}),
      ...(this.computed.any ? { computedNames: true } : {}),
      ...(this.computed.models.size ? { computedNameModels: [...this.computed.models] } : {}),
      ...(this.expressionKeys.size ? { expressionKeys: [...this.expressionKeys] } : {}),
      importInsertLine: this.importInsertLine(root),
      ...this.collectedFacts(root),
    };
  }

  /** What the root of a chain (or a called name) is: `self`, a local with a known value, or a module name. */
  private memberRef(chain: PendingChain, scope: Scope, r: Resolution): MemberRef | null {
    let receiver: MemberRef['receiver'] | null = null;
    if (r.kind === 'global') {
      const list = this.module.bindings.get(chain.root);
      // Names imported from the standard library (or made by it) can never reach a project class or function.
      const external = !list || this.importedFromStdlib(list) || (list.length === 1 && list[0].hint !== undefined && this.namesBuiltin(list[0].hint));
      if (!external) receiver = { kind: 'global', name: chain.root };
    } else {
      const list = r.scope.bindings.get(chain.root);
      const method = this.methodOwning(chain.root, scope);
      if (method && r.scope.method === method && list?.length === 1) {
        // `self.x` read where this class itself defines x: nothing to check (unless typing goes deeper).
        const cls = this.classes[method.classIndex];
        const first = chain.steps[0]?.name;
        const local = first !== undefined && (cls.members.some((m) => m.name === first) || cls.instanceAttributes.some((a) => a.name === first));
        // (Kept when the value is iterated or assigned: related-manager-misuse judges `for t in self.tags`.)
        if (local && chain.steps.length === 1 && !chain.call && !chain.iteratedBy && !chain.write) return null;
        receiver = { kind: 'self', classIndex: method.classIndex, classObject: method.kind === 'classmethod' };
      }
      else if (list?.length === 1 && list[0].hint && this.hintHolds(list[0].hint) && !this.namesBuiltin(list[0].hint)) receiver = { kind: 'local', hint: list[0].hint };
      else if (this.localImportOnly(chain.root, r.scope) !== null) receiver = { kind: 'global', name: localImportRoot(this.localImportOnly(chain.root, r.scope)!, chain.root) };
      else if (list && list.length > 1 && r.scope === scope) {
        // (Read where it is bound: a nested function may run after any of the rebindings.)
        const refined = refinedHint(list, chain.rootSpan);
        if (refined && this.hintHolds(refined) && !this.namesBuiltin(refined)) receiver = { kind: 'local', hint: refined };
      }
    }
    if (!receiver) return null;
    const ref: MemberRef = { receiver, rootSpan: chain.rootSpan, steps: chain.steps, write: chain.write, guards: chain.guards };
    if (chain.call) ref.call = chain.call;
    if (chain.iteratedBy) ref.iteratedBy = chain.iteratedBy;
    if (chain.assignedValue) ref.assignedValue = chain.assignedValue;
    return ref;
  }

  /**
   * The import index of `from m import name` when it is the name's only binding in function scope `scope`
   * (unguarded, not the standard library's): `def f(): from blog.models import Article` (a local import, often
   * to break an import cycle).
   */
  private localImportOnly(name: string, scope: Scope): number | null {
    if (scope.kind !== 'function') return null;
    const list = scope.bindings.get(name);
    const index = list?.length === 1 && list[0].kind === 'import' ? list[0].importIndex : undefined;
    const record = index !== undefined ? this.imports[index] : undefined;
    // (A module-level binding of the name does not matter: the local one hides it in the whole function.)
    if (!record || record.kind !== 'from' || !this.functionImport(list![0])) return null;
    return index!;
  }

  /**
   * `x: int`, `x = dict()`, `log = logging.getLogger()`: a builtin (not rebound at module level) or a name
   * imported from the standard library can never lead to a project class.
   */
  private namesBuiltin(hint: ValueHint): boolean {
    if (hint.kind === 'selfCall' || hint.kind === 'selfAttribute') return false;
    if (hint.kind === 'returned') return this.namesBuiltin(hint.on);
    const dotted = hint.kind === 'call' || hint.kind === 'element' ? hint.callee : hint.kind === 'annotation' ? hint.type : hint.kind === 'query' ? hint.root : hint.kind === 'ormResult' ? hint.entity : hint.target;
    const first = dotted.split('.')[0];
    const bindings = this.module.bindings.get(first);
    if (!bindings) return PYTHON_BUILTINS.has(first);
    return this.importedFromStdlib(bindings);
  }

  /** A binding made by an unguarded import of a project-or-package name (not the standard library's, not `*`). */
  private functionImport(binding: LocalBinding): boolean {
    const record = binding.importIndex === undefined ? undefined : this.imports[binding.importIndex];
    return !!record && !record.star && !record.guards.length && !this.importedFromStdlib([binding]);
  }

  private importedFromStdlib(bindings: LocalBinding[]): boolean {
    return bindings.every((b) => b.importIndex !== undefined && this.imports[b.importIndex].level === 0 && STDLIB_MODULES.has(topLevelName(this.imports[b.importIndex].module)));
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

/** `collectors`: the framework adapters' (syntax/factCollectors.ts), composed by the caller. */
export function summarize(root: SyntaxNode, text: string, collectors: readonly FactCollector[] = []): FileSummary {
  lines = new LineIndex(text);
  try {
    return new Summarizer(text, collectors).run(root);
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
    classes: [],
    functions: [],
    memberRefs: [],
    attributeWrites: [],
    ignores: [],
    installsGettext: false,
    importInsertLine: 0,
  };
}

/** How a method's decorators make it behave. */
/** Class-level names that tell how SQLAlchemy maps a class. */
const MAPPING_DUNDERS = new Set(['__tablename__', '__abstract__', '__table__', '__bind_key__']);

function memberKindOf(decorators: string[]): 'method' | 'classmethod' | 'staticmethod' | 'property' {
  for (const d of decorators) {
    const last = d.slice(d.lastIndexOf('.') + 1);
    if (last === 'staticmethod') return 'staticmethod';
    if (last === 'classmethod') return 'classmethod';
    if (last === 'property' || last === 'cached_property' || last === 'setter' || last === 'getter' || last === 'deleter') return 'property';
  }
  return 'method';
}


/** One `return`'s chain on `self` or `super()` (see FunctionInfo.selfChains). */
interface SelfChain {
  calls: string[];
  annotates: string[] | null;
  super?: true;
}

function keptSelf(returns: SelfChain[]): NonNullable<FunctionInfo['selfChains']> {
  const annotates = returns.some((r) => r.annotates === null) ? null : [...new Set(returns.flatMap((r) => r.annotates!))];
  return { chains: returns.map((r) => (r.super ? { calls: r.calls, super: true as const } : { calls: r.calls })), annotates };
}


