// What the summarizer's walk offers a framework adapter: the nodes of the types it asks for, as the walk
// visits them, and a place in the summary for what it collects (FileSummary.frameworks[key]). The walk
// names no framework: adapters are handed to summarize() by whoever composes them (the host).
import type { Span } from '../core/types';
import type { SyntaxNode } from './parser';
import type { ClassMemberReader } from './classMemberReaders';
import type { ClassHeaderReader } from './classHeaderReaders';
import type { FileSummary, Guard, ImportRecord, ValueHint } from './summary';

/** A scope of the file being walked, opaque to collectors: handed back to ask how a name resolves there. */
export type ScopeHandle = { readonly __scope: unique symbol };

/** What a reading of assigned values relied on, opaque to collectors: handed back to ask whether it still holds. */
export type RelianceHandle = { readonly __reliance: unique symbol };

/** A function's parameter, opaque to collectors: handed back to ask whether the function only refines it. */
export type ParameterHandle = { readonly __parameter: unique symbol };

/** How a reading of queries and values sees the file: its text, and what a local variable holds where it is read. */
export interface QueryReader {
  readonly text: string;
  /**
   * `q` read at `name`: the value of its binding there when every binding of `q` is a statement of the function
   * body itself (`q = session.query(A)`, `q = q.join(B)`); null when the name is anything else.
   */
  bindingValue(name: SyntaxNode): SyntaxNode | null;
}

/**
 * The values the enclosing function's locals were assigned before the node (`q = session.query(A)` for `q`),
 * where every binding of the name is a plain statement of the body; what it read is noted in `reliance`.
 */
export interface AssignedValueReader extends QueryReader {
  readonly reliance: RelianceHandle;
}

/** What a collector is told about a node besides the node itself: valid during visit() only (the walk reuses it). */
export interface VisitContext {
  textOf(n: SyntaxNode): string;
  spanOf(n: SyntaxNode): Span;
  /** A string literal's value (prefixes and quotes left out); null for anything else. */
  stringValue(n: SyntaxNode): string | null;
  /** The scope the node is in (for FinishContext.isModuleLevel once every binding of the file is known). */
  scope: ScopeHandle;
  /** The node is directly in module scope (not in a function, class, lambda or comprehension). */
  moduleLevel: boolean;
  /** How the enclosing code is protected (try/except ImportError, TYPE_CHECKING, pytest.raises…). */
  guards: readonly Guard[];
  /** The node is inside code the parser could not read (an ERROR node's recovery). */
  inError: boolean;
  /**
   * Whether a failure of the node is handled around it: an enclosing `try:` body has a handler (one that does
   * not just raise again) catching one of these exceptions or everything (a bare `except:`), or an enclosing
   * `with pytest.raises(…)` / `self.assertRaises(…)` expects a raise. Unlike guards, a function defined in such a body counts as inside it.
   */
  catches(exceptions: ReadonlySet<string>): boolean;
  /** The import statement that bound `name` at module level first, as far as the walk has read; undefined: none. */
  moduleLevelImport(name: string): ImportRecord | undefined;
  /** The node is in the module's `if __name__ == "__main__":` block (with moduleLevel: runs only when the file runs as a script). */
  underMain: boolean;
  /** A reader of the locals' assigned values, as they stand at the node (FinishContext.stillHolds: whether they still do). */
  assignedValues(): AssignedValueReader;
  /**
   * When `name`, read at the node, is a parameter of an enclosing function annotated as a collection: its element
   * class as written (`documents: QuerySet[Document]` → `Document`), and the parameter (FinishContext.onlyRefined).
   */
  parameterElement(name: string): { element: string; parameter: ParameterHandle } | undefined;
}

/** What a collector may ask once the whole file has been walked. */
export interface FinishContext {
  /** Whether `name`, read in `scope`, is the module-level name (no function, lambda or comprehension binds it). */
  isModuleLevel(name: string, scope: ScopeHandle): boolean;
  /** Whether every assigned value an AssignedValueReader read holds over the whole file (no other binding of the name). */
  stillHolds(reliance: RelianceHandle): boolean;
  /** Whether the function binds the parameter again only to refine what it holds (`qs = qs.filter(…)`), if at all. */
  onlyRefined(parameter: ParameterHandle): boolean;
  /**
   * The file's tree and text, for a collector that reads the tree on its own once the walk is done (a pass over
   * a few statement kinds is cheaper than being handed every node); valid only during finish().
   */
  readonly root: SyntaxNode;
  readonly text: string;
  spanOf(n: SyntaxNode): Span;
  /** What the walk found that such a pass builds on: the file's imports and classes, as the summary holds them. */
  readonly summary: Pick<FileSummary, 'imports' | 'classes'>;
}

/** One file's collection: fed the nodes it asked for, then asked for its facts (undefined: nothing to keep). */
export interface FileFactCollector {
  visit(node: SyntaxNode, ctx: VisitContext): void;
  finish(ctx: FinishContext): unknown;
}

/**
 * The syntax part of a framework adapter. Its facts must be plain data (summaries are cached as JSON and sent
 * between threads) and hold no node.
 */
export interface FactCollector {
  /** The key its facts are stored under in FileSummary.frameworks. */
  readonly key: string;
  /**
   * Node types it wants (`call`, `subscript`, `assignment`…): those the walk visits as statements and
   * expressions. Definitions' names, parameters and import statements are not handed over: the summary holds
   * them already (functions, classes, imports). None: it costs nothing per node.
   */
  readonly nodeTypes?: readonly string[];
  /** A cheap test of the file's text; false leaves the file out of the walk's dispatch altogether. */
  appliesTo?(text: string): boolean;
  /**
   * A cheap test of the file's text for the nodes alone: false starts the collection without handing it any
   * node (its finish still runs: a collector that also reads the tree after the walk).
   */
  wantsNodesOf?(text: string): boolean;
  /**
   * The node types it wants of this file, where that depends on the text (a subset of nodeTypes: a common
   * type wanted only for a rare word keeps the walk's dispatch flat elsewhere); absent: nodeTypes.
   */
  nodeTypesOf?(text: string): readonly string[];
  /**
   * A file's collection, given the file's text (for cheap tests of which of its readers to start); absent for
   * an adapter that reads only the core's summary (it is never started).
   */
  start?(text: string): FileFactCollector;
  /**
   * Fields of its facts kept as text in the summary cache until something reads them (syntax/lazyFields.ts):
   * long per-reference lists that only the file's own check reads. Their order is the cache file's.
   */
  readonly deferredFields?: readonly string[];
  /**
   * Its share of the run calls kept in FileSummary.runStrings, for its project-file part to read: callee names
   * whose first argument may name what they start (`Config` of `uvicorn.Config("pkg.asgi:app")`), and the
   * programs that make a command string worth keeping (`gunicorn` in `c.run("gunicorn app:app")`).
   */
  readonly runStrings?: RunStringWords;
  /**
   * Module-level names whose string value names an app as `pkg.module:attr` (`wsgi_app = "pkg.wsgi:app"`), for
   * its project-file part's Python config files: kept in FileSummary.appSettings in every file, since a run file
   * may load any file as one (`gunicorn -c deploy/prod.py`).
   */
  readonly appSettings?: readonly string[];
  /** What values of its API hold, where the core's own hints cannot tell (`db = Depends(get_db)`). */
  readonly valueHints?: ValueHintReader;
  /**
   * How its instances list their own attributes (`self._meta.fields`): `setattr(self, item.name, …)` in a loop
   * over such a list sets an attribute the class has, so the class's attributes can still be listed.
   */
  readonly ownAttributeLists?: OwnAttributeLists;
  /**
   * What a wrong call of its API raises (a misspelt field's `FieldError`): an `except` naming one of them marks
   * the calls of its `try:` body as probes (Guard 'api-error'), which its rules leave alone.
   */
  readonly apiErrors?: readonly string[];
  /**
   * The words of its query expressions, read into a call's CallShape.expressions: the query methods whose
   * arguments may hold them (`filter`), the expression calls whose strings and keywords name fields (`F`, `Q`),
   * the calls that make a subquery (`Exists`) and the references out of one to the query around it (`OuterRef`).
   */
  readonly queryExpressions?: QueryExpressionWords;
  /**
   * Class-level names that tell how it maps a class (`__tablename__`): their values (a string, a module's string
   * constant, True/False, else null) are kept in the class's ClassInfo.dunders, which its rules read.
   */
  readonly classDunders?: readonly string[];
  /**
   * How it reads a class's members (`mapped_column(ForeignKey("users.id"))`, `Mapped[List["Post"]]`, `__table_args__`): what it reads is
   * added to the core's records of the member or class (syntax/classMemberReaders.ts). Asked in every file.
   */
  readonly classMembers?: ClassMemberReader;
  /**
   * How it reads a class's header (`@admin.register(Article)`, `class M(Manager.from_queryset(QS))`): kept in the
   * core's ClassInfo.registers and .builtBases (syntax/classHeaderReaders.ts). Asked in every file.
   */
  readonly classHeaders?: ClassHeaderReader;
  /**
   * Class-level assignments it reads for what their values name (`fields = ["title", "author"]`): the walk hands
   * it the value of each one of a name it lists and keeps what it reads in the class member (MemberInfo.strings,
   * .lookups), which its rules read.
   */
  readonly classOptions?: ClassOptionReader;
  /**
   * Generic collection types of its API whose subscript is the element class (`QuerySet` of `QuerySet[Device]`),
   * read beside Python's own (`list[Device]`) in parameter and return annotations (ParameterInfo's element class,
   * FunctionInfo.returnsElement, VisitContext.parameterElement). Asked in every file.
   */
  readonly collectionTypes?: readonly string[];
  /**
   * Names its index part looks for in every file's deferred lists (`routes` in `router.routes`): noted when a
   * summary is cached, so that loading need not parse the lists to look (syntax/lazyFields.ts mayMention).
   */
  readonly watchedWords?: readonly string[];
}

/**
 * An adapter's value hints (ValueHint, resolved across files at check time like the core's): what values of its
 * API hold, where the core's own readings (a call of a dotted name, an annotation, an alias) cannot tell. Each
 * question is asked of the adapters in their order; the first answer wins. The hint kinds are the core's (a typed
 * receiver is a core idea: `query`, `ormResult` are read by the adapters' rules); which calls make them is the
 * adapters'.
 */
export interface ValueHintReader {
  /** Asked for the default value of a parameter with no annotation; undefined: no hint. */
  parameterDefault?(value: SyntaxNode, ctx: HintContext): ValueHint | undefined;
  /**
   * Asked first for a call whose value the walk keeps (assigned, returned, awaited, or read as a receiver:
   * `u = session.get(User, 1)`), before the core's own reading of it; `callee`: the dotted name it calls
   * (`session.get`), null when it calls anything else (a call's result, a method of a chain). Undefined: the
   * core reads it.
   */
  callValue?(call: SyntaxNode, ctx: HintContext, callee: string | null): ValueHint | undefined;
  /** Asked first for a `for` loop's iterable (`for u in session.scalars(select(User))`): what each element holds. */
  loopElements?(iterable: SyntaxNode, ctx: HintContext): ValueHint | undefined;
  /**
   * A chain of method calls on a module-level name's attribute (`Model.objects.filter(…).first()`, read as a
   * value with two calls or more, as a loop's iterable with one), or one kept in a variable and called on
   * (`qs.first()`): what it holds. The core reads the chain as names; undefined: no hint.
   */
  callChain?(chain: MethodChain): ValueHint | undefined;
}

/** A chain of method calls from a module-level name's attribute, as callChain is handed it. */
export interface MethodChain {
  /** The name the chain starts from, spelled so that it resolves from module scope. */
  readonly root: string;
  /** The attribute read on the root, then each method called, in order (`objects`, `filter`, `first`). */
  readonly links: readonly string[];
  /**
   * The calls where the chain is read as written (`calls[i]` calls `links[i + 1]`); empty for a chain that goes
   * on through a variable holding one (`qs = Model.objects.all()`, then `qs.first()`), whose calls are elsewhere.
   */
  readonly calls: readonly SyntaxNode[];
  /** Read as a loop's iterable: the chain's elements. */
  readonly element: boolean;
}

/** What a value-hint reader may ask of the summarizer about where the value is (valid during the question only). */
export interface HintContext {
  /** The dotted name an expression spells (`deps.get_db`), else null. */
  dottedText(n: SyntaxNode): string | null;
  /** Whether a dotted name read here starts with the module-level binding (no enclosing scope rebinds it). */
  isModuleLevel(dotted: string): boolean;
  /**
   * `dotted` spelled so that it resolves from module scope (hints are resolved there): as written when its first
   * name is module-level, or through a function's own import of that name; null: neither.
   */
  moduleLevelSpelling(dotted: string): string | null;
  /**
   * A reader of the locals' assigned values as they stand (`q = session.query(User)` for `q`): a hint read
   * through it relies on what it read, and is dropped when one of those locals is bound otherwise too.
   */
  assignedValues(): QueryReader;
}

const hintReadersOf = new WeakMap<readonly FactCollector[], readonly ValueHintReader[]>();

/** The collectors' value-hint readers (built once per list of collectors). */
export function valueHintReaders(collectors: readonly FactCollector[]): readonly ValueHintReader[] {
  let readers = hintReadersOf.get(collectors);
  if (!readers) hintReadersOf.set(collectors, (readers = collectors.flatMap((c) => (c.valueHints ? [c.valueHints] : []))));
  return readers;
}

/** Lists of an instance's own attributes (FactCollector.ownAttributeLists). */
export interface OwnAttributeLists {
  /** Tested against a loop's iterable as written (`self._meta.concrete_fields`). */
  readonly lists: RegExp;
  /** The attributes of a listed item that hold an attribute's name (`name` of `field.name`). */
  readonly nameAttributes: readonly string[];
}

const attributeListsOf = new WeakMap<readonly FactCollector[], readonly OwnAttributeLists[]>();

/** The collectors' lists of own attributes (built once per list of collectors). */
export function ownAttributeLists(collectors: readonly FactCollector[]): readonly OwnAttributeLists[] {
  let lists = attributeListsOf.get(collectors);
  if (!lists) attributeListsOf.set(collectors, (lists = collectors.flatMap((c) => (c.ownAttributeLists ? [c.ownAttributeLists] : []))));
  return lists;
}

const apiErrorsOf = new WeakMap<readonly FactCollector[], ReadonlySet<string>>();

/** The exceptions the collectors' APIs raise on a wrong call (built once per list of collectors). */
export function apiErrorNames(collectors: readonly FactCollector[]): ReadonlySet<string> {
  let names = apiErrorsOf.get(collectors);
  if (!names) apiErrorsOf.set(collectors, (names = new Set(collectors.flatMap((c) => c.apiErrors ?? []))));
  return names;
}

const appSettingsOf = new WeakMap<readonly FactCollector[], ReadonlySet<string>>();

/** The module-level names whose app references the walk keeps in FileSummary.appSettings (built once per list of collectors). */
export function appSettingNames(collectors: readonly FactCollector[]): ReadonlySet<string> {
  let names = appSettingsOf.get(collectors);
  if (!names) appSettingsOf.set(collectors, (names = new Set(collectors.flatMap((c) => c.appSettings ?? []))));
  return names;
}

const classDundersOf = new WeakMap<readonly FactCollector[], ReadonlySet<string>>();

/** The class-level names the collectors keep in ClassInfo.dunders (built once per list of collectors). */
export function classDunderNames(collectors: readonly FactCollector[]): ReadonlySet<string> {
  let names = classDundersOf.get(collectors);
  if (!names) classDundersOf.set(collectors, (names = new Set(collectors.flatMap((c) => c.classDunders ?? []))));
  return names;
}

/** What a reader of class-level values may ask of the walk about the file being read. */
export type LiteralContext = Pick<VisitContext, 'textOf' | 'spanOf' | 'stringValue'>;

/** A reader of class-level assignments (FactCollector.classOptions). */
export interface ClassOptionReader {
  /** The class-level names whose values it reads (`fields`, `ordering`). */
  readonly names: readonly string[];
  /** What the value assigned to `name` names: string literals (each with its contents' span), lookup paths (a keyword's name and span). */
  read(name: string, value: SyntaxNode, ctx: LiteralContext): ClassOptionReading;
}

/** What a class-level value names (kept in MemberInfo.strings and .lookups when not empty). */
export interface ClassOptionReading {
  strings?: { value: string; span: Span }[];
  lookups?: { name: string; span: Span }[];
}

const optionReadersOf = new WeakMap<readonly FactCollector[], ReadonlyMap<string, ClassOptionReader>>();

/** The collectors' class-option readers by the names they read, the first adapter's for a name two list (built once per list of collectors). */
export function classOptionReaders(collectors: readonly FactCollector[]): ReadonlyMap<string, ClassOptionReader> {
  let readers = optionReadersOf.get(collectors);
  if (!readers) {
    const byName = new Map<string, ClassOptionReader>();
    for (const c of collectors) for (const name of c.classOptions?.names ?? []) if (!byName.has(name)) byName.set(name, c.classOptions!);
    optionReadersOf.set(collectors, (readers = byName));
  }
  return readers;
}

export interface QueryExpressionWords {
  readonly methods: readonly string[];
  /** Query methods whose keywords name new fields of the rows (`annotate(n=Count("tags"))`): FunctionInfo.selfChains' annotates. */
  readonly naming?: readonly string[];
  /**
   * The callees (as written) of a dict's values that make it a dict of expressions (`{"n": Count("tags")}`), whose
   * literal keys an `**names` built elsewhere may give those methods: kept in every file's FileSummary.expressionKeys.
   */
  readonly keyedExpressions?: RegExp;
  readonly expressions: readonly string[];
  readonly subqueries: readonly string[];
  readonly outerReferences: readonly string[];
}

/** The collectors' query-expression words, each kind as one set (QueryExpressionWords). */
export interface QueryExpressionSets {
  readonly methods: ReadonlySet<string>;
  readonly naming: ReadonlySet<string>;
  readonly keyedExpressions: readonly RegExp[];
  readonly expressions: ReadonlySet<string>;
  readonly subqueries: ReadonlySet<string>;
  readonly outerReferences: ReadonlySet<string>;
}

const queryWordsOf = new WeakMap<readonly FactCollector[], QueryExpressionSets>();

/** The collectors' query-expression words (built once per list of collectors). */
export function queryExpressionSets(collectors: readonly FactCollector[]): QueryExpressionSets {
  let sets = queryWordsOf.get(collectors);
  if (!sets) {
    const words = collectors.flatMap((c) => (c.queryExpressions ? [c.queryExpressions] : []));
    sets = {
      methods: new Set(words.flatMap((w) => w.methods)),
      naming: new Set(words.flatMap((w) => w.naming ?? [])),
      keyedExpressions: words.flatMap((w) => (w.keyedExpressions ? [w.keyedExpressions] : [])),
      expressions: new Set(words.flatMap((w) => w.expressions)),
      subqueries: new Set(words.flatMap((w) => w.subqueries)),
      outerReferences: new Set(words.flatMap((w) => w.outerReferences)),
    };
    queryWordsOf.set(collectors, sets);
  }
  return sets;
}

export interface RunStringWords {
  readonly callees: readonly string[];
  readonly programs: readonly string[];
  /** Keywords of its run calls that move where modules are found (`app_dir=`): such a call is not read. */
  readonly placingKeywords?: readonly string[];
}

/** The facts collector `key` stored for a file, if any. */
export function factsOf<F>(summary: FileSummary | null | undefined, key: string): F | undefined {
  return summary?.frameworks?.[key] as F | undefined;
}

/** The collectors that apply to a file, by node type; null when none does (the walk then dispatches nothing). */
export function collectorDispatch(collectors: readonly FactCollector[], text: string): { byType: Map<string, { key: string; file: FileFactCollector }[]>; started: { key: string; file: FileFactCollector }[] } | null {
  if (collectors.length === 0) return null;
  const byType = new Map<string, { key: string; file: FileFactCollector }[]>();
  const started: { key: string; file: FileFactCollector }[] = [];
  for (const c of collectors) {
    if (!c.start || (c.appliesTo && !c.appliesTo(text))) continue;
    const entry = { key: c.key, file: c.start(text) };
    started.push(entry);
    if (c.wantsNodesOf && !c.wantsNodesOf(text)) continue;
    for (const type of c.nodeTypesOf?.(text) ?? c.nodeTypes ?? []) {
      const list = byType.get(type);
      if (list) list.push(entry);
      else byType.set(type, [entry]);
    }
  }
  return started.length ? { byType, started } : null;
}
