// The walk's bottom layer: everything one file's walk keeps while it runs (the Summarizer's fields, in one class so
// every walk has one shape), and how names are bound in a scope. The layers above, in order: traversal.ts,
// valueHints.ts, definitions.ts, statements.ts, expressions.ts, results.ts (the one concrete class, Summarizer).
import type { Span } from '../../core/types';
import { childByField, namedChildren, type SyntaxNode } from '../parser';
import { runStringTests, type RunStringTests } from '../summarizeRunStrings';
import { OptionDicts } from '../optionDicts';
import { collectionAnnotations, type CollectionAnnotation } from '../receivers';
import { classMemberReading, type ClassMemberReading, type MemberLiteralReader } from '../classMemberReaders';
import { classHeaderReading, type ClassHeaderReading } from '../classHeaderReaders';
import { apiErrorNames, appSettingNames, classDunderNames, classOptionReaders, collectorDispatch, ownAttributeLists, queryExpressionSets, type QueryExpressionSets, valueHintReaders, type ClassOptionReader, type FactCollector, type OwnAttributeLists, type ParameterHandle, type ValueHintReader, type VisitContext } from '../factCollectors';
import type { BindingKind, CallShape, ClassInfo, FunctionInfo, MemberRef, ValueHint, ImportRecord, RunString, SyntaxProblem } from '../summary';
import { type LocalBinding, type Requirement, type MethodInfo, Scope, resolveName, type Context, markDynamic } from './scope';
import { spanOf, isName } from './nodes';

export abstract class SummarizerState {
  protected readonly module = new Scope('module', null);
  protected readonly scopes: Scope[] = [this.module];
  protected readonly imports: ImportRecord[] = [];
  protected readonly syntaxErrors: SyntaxProblem[] = [];
  protected hasErrorNodes = false;
  protected futureAnnotations = false;
  protected dunderAll: { names: string[]; dynamic: boolean } | null = null;
  protected hasModuleGetattr = false;
  protected dynamicGlobals = false;
  protected installsGettext = false;
  /** Module-level app references by the adapters' setting names (`wsgi_app = "pkg.wsgi:app"`): the last one of each. */
  protected readonly appSettings = new Map<string, { value: string; span: Span }>();
  protected readonly runStrings: RunString[] = [];
  protected readonly cryptSchemes: { callee: string; scheme: string; span: Span }[] = [];
  protected readonly expressionKeys = new Set<string>();
  /** Hints that read local variables (`u = q.first()`, `x = repo.get()`): what they rely on (see Requirement). */
  protected readonly hintRequirements = new Map<ValueHint, Requirement[]>();
  /** Member reads on call results (see noteInlineReceiver). */
  protected readonly inlineMemberRefs: MemberRef[] = [];
  /** Attribute targets (by `start:end`) of plain assignments, with the span of the value assigned. */
  protected readonly assignedValueAt = new Map<string, Span>();
  /** Attribute expressions (by `start:end`) whose value is iterated where they stand, with what iterates them. */
  protected readonly iteratedAt = new Map<string, string>();
  /** Hints whose requirements failed (computed when the file is read). */
  protected invalidHints = new Set<ValueHint>();
  /** Roots spelled for a function's own import (`@3:Order`), with what they rely on: that import binds the name alone. */
  protected readonly localImportRequirements = new Map<string, Requirement>();
  /** Module-level names assigned once so far, with their string value (null: not a string, or assigned again). */
  protected readonly moduleStrings = new Map<string, string | null>();
  protected readonly ignores: { line: number; rules: string[] | null }[] = [];
  protected readonly classes: ClassInfo[] = [];
  protected readonly functions: FunctionInfo[] = [];
  /** Decorators of the definition about to be visited (set by decorated_definition). */
  protected pendingDecorators: string[] = [];
  protected pendingDecoratorKeywords: (string[] | null)[] = [];
  /** What a decorator of the class being defined registers it for, as an adapter reads it (FactCollector.classHeaders). */
  protected pendingRegisters: string[] | null = null;
  /** `setattr(obj, "name", …)` with a literal name. */
  protected readonly setattrNames: string[] = [];
  /** `setattr(Model, "x", …)`, `setattr(cls, "x", …)`: literal names set on what may be a class. */
  protected readonly classSetattrNames: string[] = [];
  /** The call directly under an `await`. */
  protected awaitedCall: SyntaxNode | null = null;
  /** Calls whose value is discarded (a statement) or assigned. */
  protected readonly callUsage = new Map<SyntaxNode, 'statement' | 'assigned'>();
  /** The bodies of the functions being visited, innermost last. */
  protected readonly functionBodies: SyntaxNode[] = [];
  /** Every function's scope with its body and parameters (for reads of locals before their binding). */
  protected readonly functionScopes: { scope: Scope; body: SyntaxNode; params: Set<string> }[] = [];
  /** Per function body: the names it awaits, passes as arguments, returns, yields or puts in a collection. */
  protected readonly handedOn = new Map<SyntaxNode, Set<string>>();
  /** The tree's handed-on identifiers (parser.ts handedOnIdentifiers): start, end pairs in text order. */
  protected handedOnSpans: number[] = [];
  /** Calls inside a method chain already recorded from its outermost call. */
  protected readonly chainedCalls = new Set<SyntaxNode>();
  /**
   * Per enclosing `try:` body, what its handlers catch (null: a bare `except:`; handlers that just raise again
   * left out); 'expected' per enclosing `with pytest.raises(…)` (VisitContext.catches). Function bodies nest.
   */
  protected readonly handlersAround: ((string[] | null)[] | 'expected')[] = [];
  protected readonly catchesAround = (exceptions: ReadonlySet<string>): boolean =>
    this.handlersAround.some((h) => h === 'expected' || h.some((caught) => caught === null || caught.some((e) => exceptions.has(e))));
  protected readonly moduleLevelImport = (name: string): ImportRecord | undefined => {
    const binding = this.module.bindings.get(name)?.[0];
    return binding?.importIndex !== undefined ? this.imports[binding.importIndex] : undefined;
  };

  protected readonly optionDicts: OptionDicts;
  /** Framework adapters' collectors that apply to this file (null: none). */
  protected readonly collectors: ReturnType<typeof collectorDispatch>;
  /** Those of them that asked for nodes, by node type (null: none, the walk dispatches nothing). */
  protected readonly nodeDispatch: NonNullable<ReturnType<typeof collectorDispatch>>['byType'] | null;
  /** Which calls' first strings are kept as run strings (the core's callees and programs, and the adapters'). */
  protected readonly runStringTests: RunStringTests;
  /** The adapters' value hints (`db = Depends(get_db)`). */
  /** The adapters' lists of an instance's own attributes (`self._meta.fields`). */
  protected readonly attributeLists: readonly OwnAttributeLists[];
  /** What the adapters' APIs raise on a wrong call, caught by name around a probe (`FieldError`). */
  protected readonly apiErrors: ReadonlySet<string>;
  /** The module-level names whose app references the adapters' config files read (`wsgi_app`). */
  protected readonly appSettingNames: ReadonlySet<string>;
  /** The class-level names the adapters keep in ClassInfo.dunders (`__tablename__`). */
  protected readonly classDunders: ReadonlySet<string>;
  /** The adapters' readers of class-level values, by the names they read (`fields = [...]`). */
  protected readonly classOptions: ReadonlyMap<string, ClassOptionReader>;
  /** The adapters' query-expression words (`filter(…)`'s `F("likes")`, `Exists(…)`'s `OuterRef("pk")`). */
  protected readonly queryWords: QueryExpressionSets;
  protected readonly hintReaders: readonly ValueHintReader[];
  /** Collection annotations whose subscript is the element class: Python's and the adapters' (`QuerySet[Device]`). */
  protected readonly collectionAnnotations: CollectionAnnotation;
  /** What the adapters' class-member readers need of this file to read literals. */
  protected readonly literals: MemberLiteralReader = { textOf: (n) => this.textOf(n), stringValue: (n) => this.stringValue(n), spanOf, argumentValue: (n) => this.simpleValue(n) };
  /** The adapters' readings of class members (`mapped_column(ForeignKey(…))`, `__table_args__`). */
  protected readonly memberReading: ClassMemberReading;
  /** The adapters' readings of class headers (`@admin.register(Article)`, `Manager.from_queryset(QS)`). */
  protected readonly headerReading: ClassHeaderReading;

  /** The scope of the node being handed to collectors (VisitContext.assignedValues reads there). */
  protected visitScope: Scope | null = null;
  protected visitContext: VisitContext | null = null;

  constructor(
    protected readonly text: string,
    collectors: readonly FactCollector[],
  ) {
    this.optionDicts = new OptionDicts(text, (v) => this.simpleValue(v));
    this.collectors = collectorDispatch(collectors, text);
    this.nodeDispatch = this.collectors?.byType.size ? this.collectors.byType : null;
    this.runStringTests = runStringTests(collectors);
    this.hintReaders = valueHintReaders(collectors);
    this.attributeLists = ownAttributeLists(collectors);
    this.apiErrors = apiErrorNames(collectors);
    this.appSettingNames = appSettingNames(collectors);
    this.classDunders = classDunderNames(collectors);
    this.memberReading = classMemberReading(collectors);
    this.headerReading = classHeaderReading(collectors);
    this.classOptions = classOptionReaders(collectors);
    this.queryWords = queryExpressionSets(collectors);
    this.collectionAnnotations = collectionAnnotations(collectors);
  }

  protected textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** The value of keyword argument `name` among a call's arguments (`fields=[…]` of `Index(fields=[…])`). */
  protected keywordValue(args: readonly SyntaxNode[], name: string): SyntaxNode | undefined {
    const k = args.find((a) => a.type === 'keyword_argument' && this.textOf(childByField(a, 'name') ?? a) === name);
    return k ? childByField(k, 'value') : undefined;
  }

  // ---- bindings -------------------------------------------------------------------------------------

  protected bind(scope: Scope, name: string, kind: BindingKind, span: Span, importIndex?: number, hint?: ValueHint): void {
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
  protected bindTarget(n: SyntaxNode, scope: Scope, ctx: Context, kind: BindingKind = 'assign', hint?: ValueHint): void {
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
  protected recordSelfAttribute(n: SyntaxNode, scope: Scope, hint?: ValueHint): void {
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

  /** The list of own attributes `name` loops over, in `scope` or a scope around it (null: none). */
  protected ownAttributeListOf(name: string, scope: Scope): OwnAttributeLists | null {
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      const list = s.ownAttributeVars.get(name);
      if (list) return list;
      if (s.bindings.has(name)) return null;
    }
    return null;
  }

  /**
   * `{"matching_count": Count("tags")}`: a literal name an `annotate(**names)` built elsewhere may give (see
   * expressionKeys), where an adapter's QueryExpressionWords.keyedExpressions says the value is an expression.
   */
  protected recordExpressionKey(pair: SyntaxNode): void {
    const keyed = this.queryWords.keyedExpressions;
    if (keyed.length === 0) return;
    // (The converted tree gives a pair's children no field names.)
    const [key, value] = namedChildren(pair);
    const callee = value?.type === 'call' ? childByField(value, 'function') : undefined;
    if (key?.type !== 'string' || !callee) return;
    const written = this.textOf(callee);
    if (!keyed.some((pattern) => pattern.test(written))) return;
    const name = /^[uU]?(["'])([A-Za-z_]\w*)\1$/.exec(this.textOf(key));
    if (name) this.expressionKeys.add(name[2]);
  }

  /** VisitContext.parameterElement: `name`, read in `scope`, as a collection parameter of an enclosing function. */
  protected parameterElement(name: string, scope: Scope): { element: string; parameter: ParameterHandle } | undefined {
    const where = resolveName(name, scope);
    const element = where.kind === 'local' && where.scope.kind === 'function' ? where.scope.paramElements.get(name) : undefined;
    return element && where.kind === 'local' ? { element, parameter: { scope: where.scope, name } as unknown as ParameterHandle } : undefined;
  }

  /** FinishContext.onlyRefined: the parameter's one other kind of binding is `qs = qs.<calls>(…)`. */
  protected onlyRefined(handle: ParameterHandle): boolean {
    const { scope, name } = handle as unknown as { scope: Scope; name: string };
    const [param, ...rebound] = scope.bindings.get(name) ?? [];
    return param?.kind === 'other' && rebound.every((b) => b.refinesItself);
  }


  /** The method whose `self` parameter `name` is, seen from `scope` (closures inside the method included). */
  protected methodOwning(name: string, scope: Scope): MethodInfo | null {
    for (let s: Scope | null = scope; s && s.kind !== 'module' && s.kind !== 'class'; s = s.parent) {
      if (s.method) return s.method.selfName === name && s.method.kind !== 'staticmethod' ? s.method : null;
      if (s.bindings.has(name)) return null; // rebound in an inner function
    }
    return null;
  }


  // Defined by the layers above (see summarize.ts for the order).
  protected abstract visit(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract simpleValue(v: SyntaxNode | undefined): string | null;
  protected abstract stringValue(n: SyntaxNode): string | null;
  protected abstract visitAttribute(n: SyntaxNode, scope: Scope, ctx: Context, write: boolean, call?: CallShape): void;
}
