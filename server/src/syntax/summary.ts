// FileSummary: everything later stages need from one file, as plain data (no tree). Summaries are cached by
// content hash, sent between threads by structured clone, and compared to decide what an edit invalidates.
import type { Span } from '../core/types';

export const SUMMARY_SCHEMA = 37;

/**
 * A hint's root name bound by an import inside a function (`from shop.models import Order` against a circular
 * import): `@<index in imports>:<name>`, which no Python name can be, resolved through that import record.
 */
export function localImportRoot(importIndex: number, name: string): string {
  return `@${importIndex}:${name}`;
}

/** `@3:Order` → the import index and the name; null for any other name. */
export function parseLocalImportRoot(root: string): { importIndex: number; name: string } | null {
  if (root.charCodeAt(0) !== 64) return null; // not `@`: every plain name (name lookups ask millions of times)
  const m = /^@(\d+):(\w+)$/.exec(root);
  return m ? { importIndex: Number(m[1]), name: m[2] } : null;
}

/** The local-import roots a hint (or anything holding hints) names. */
export function localImportRootsOf(value: unknown): string[] {
  return JSON.stringify(value).match(/@\d+:\w+/g) ?? [];
}

/** How an import (or a name use) is protected against failing at run time. */
export type Guard =
  | 'import-error' // inside `try:` whose handlers catch ImportError/ModuleNotFoundError (or broader)
  | 'name-error' // inside `try:` whose handlers catch NameError (or broader)
  | 'type-checking' // under `if TYPE_CHECKING:` (never runs)
  | 'version' // under a version/platform check (`sys.version_info`, `sys.platform`, `PY2`…)
  | 'attribute-error' // inside `try:` catching AttributeError (or broader), or under `if hasattr(…)`
  | 'api-error' // …catching by name what the adapters list as their API's errors (FactCollector.apiErrors: what a wrong call raises), or under `if hasattr(…)`
  | 'expects-error' // inside `with pytest.raises(…)` / `with self.assertRaises(…)`: the test expects it to fail
  | 'expects-lookup-error'; // …and it may expect what a missing name, attribute or module raises (expectedRaises.ts)

export interface ImportedName {
  name: string;
  alias: string | null;
  span: Span;
}

export interface ImportRecord {
  /** `import a.b` (one record per dotted name) or `from a.b import x, y`. */
  kind: 'import' | 'from';
  /** Dotted module path as written, without the leading dots ('' for `from . import x`). */
  module: string;
  /** Number of leading dots of a relative import (0 for absolute). */
  level: number;
  /** Range of the module path as written (dots included). */
  moduleSpan: Span;
  /** Spans of each segment of `module` (for diagnostics on the first missing segment). */
  segmentSpans: Span[];
  /** For `import a.b as c`: 'c'; for `import a.b`: null (binds 'a'). */
  alias: string | null;
  /** For `from` imports: the imported names; empty for star imports. */
  names: ImportedName[];
  star: boolean;
  guards: Guard[];
  /** True when the statement is in module scope (not in a function or class body). */
  topLevel: boolean;
  /** `from m import (a, b)`: where a new name can be appended (after the last name). */
  lastNameEnd: [number, number] | null;
  /** Inside an `if` branch (an optional feature, perhaps: `if settings.USE_S3: import boto3`). */
  conditional?: true;
}

export type BindingKind = 'import' | 'def' | 'class' | 'assign' | 'other';

export interface ModuleBinding {
  name: string;
  kind: BindingKind;
  span: Span;
  /** For kind 'import': index into FileSummary.imports. */
  importIndex?: number;
  /** For assignments: what the value is (`service = UserService()`). */
  hint?: ValueHint;
}

export interface NameUse {
  name: string;
  span: Span;
  /** Inside an annotation that the interpreter evaluates (not a local-variable annotation). */
  annotation: boolean;
  guards: Guard[];
}

export interface AttributeStep {
  name: string;
  span: Span;
}

/** `root.a.b` where `root` is bound by an import; checked against the imported module's namespace. */
export interface ModuleAttributeRef {
  root: string;
  /** 'global': root resolves to module scope; otherwise the index of the single local import binding it. */
  binding: 'global' | number;
  steps: AttributeStep[];
  /** `root.a = …` / `del root.a` / `root.a += …`: the last step is written, not read. */
  write: boolean;
  guards: Guard[];
}

export interface IgnoreComment {
  line: number;
  /** null: every rule on that line. */
  rules: string[] | null;
}

export interface SyntaxProblem {
  span: Span;
  message: string;
}

export interface DunderAll {
  names: string[];
  /** True when `__all__` is built in a way we cannot read (then star imports export every public name). */
  dynamic: boolean;
}

export interface FileSummary {
  schema: number;
  /** Set when the file could not be parsed at all (too slow); everything else is then empty. */
  unparsed?: string;
  /** Syntax errors worth reporting (grammar gaps for valid Python are filtered out). */
  syntaxErrors: SyntaxProblem[];
  /** Any ERROR node at all: names bound in the broken region are unknown, so the file's exports are uncertain. */
  hasErrorNodes: boolean;
  /** `from __future__ import annotations`: annotations are strings, never evaluated. */
  futureAnnotations: boolean;
  imports: ImportRecord[];
  moduleBindings: ModuleBinding[];
  dunderAll: DunderAll | null;
  /** Module-level `def __getattr__`: any attribute may exist. */
  hasModuleGetattr: boolean;
  /** `globals()`, `exec`, module-level `vars()`/`locals()`, `sys.modules[__name__]`: names may appear unseen. */
  dynamicGlobals: boolean;
  /** Names used where nothing in the file's local scopes binds them: resolved against module scope. */
  globalUses: NameUse[];
  moduleAttributeRefs: ModuleAttributeRef[];
  /** Every class, module-level and nested (nested ones are members of their outer class). */
  classes: ClassInfo[];
  /** Module-level functions. */
  functions: FunctionInfo[];
  memberRefs: MemberRef[];
  /**
   * Method chains from a module-level name through a plain attribute into two or more calls:
   * `Article.objects.filter(...).order_by("-x")` (a single call is a MemberRef).
   */
  callChains?: CallChain[];
  /** Names of attributes written on anything (`obj.x = …`, `setattr(obj, "x", …)`): they may exist anywhere. */
  attributeWrites: string[];
  /** Those of them written on what may be a class (`Model.x = …`, `cls.x = …`, `setattr(Model, "x", …)`): the rest are set on instances. */
  classAttributeWrites?: string[];
  ignores: IgnoreComment[];
  /** Reads of a function's local name that run before the function binds it (UnboundLocalError), when it shadows a module-level name or a builtin. */
  unboundLocals?: UnboundLocal[];
  /** `gettext.install()` or `<translation>.install()`: `_` becomes a builtin. */
  installsGettext: boolean;
  /** Literal first arguments of calls that may start something (`uvicorn.run("pkg.asgi:app")`, `c.run("gunicorn …")`). */
  runStrings?: RunString[];
  /**
   * Module-level app references of the names the adapters' config files read (FactCollector.appSettings:
   * `wsgi_app = "pkg.module:app"`), the last of each name, with the span of the string's contents.
   */
  appSettings?: { name: string; value: string; span: Span }[];
  /** passlib `CryptContext(schemes=[…])` literal schemes, with the callee as written (`bcrypt` needs the bcrypt package). */
  cryptSchemes?: { callee: string; scheme: string; span: Span }[];
  /** String keys of dict displays whose value is an expression class's call (`{"matching_count": Count("tags")}`, the adapters' QueryExpressionWords.keyedExpressions): names such an `annotate(**names)` may give. */
  expressionKeys?: string[];
  /** Where a new top-level import goes: the line after the last top-level import (or docstring/future imports). */
  importInsertLine: number;
  /** Framework adapters' facts (syntax/factCollectors.ts), by adapter key; only adapters that found any. */
  frameworks?: Record<string, unknown>;
}

// ---- classes, functions and member references (attributes and calls on project objects) -------------

/** What a name or attribute holds, as far as its definition shows (resolved across files at check time). */
export type ValueHint =
  /**
   * `x = pkg.Cls(...)` / `x = make_thing(...)`: the callee as a dotted name; for `get_object_or_404(Model, …)`
   * also the first argument (the model whose instance it returns), and for `Manager.from_queryset(QuerySet)`
   * the queryset class (`instanceOfResult`: the class it returns is called, `….from_queryset(QuerySet)()`).
   * `injected`: a framework calls the callee itself, awaiting it when it is async (an adapter's value hint).
   */
  | { kind: 'call'; callee: string; firstArg?: string; instanceOfResult?: true; awaited?: true; injected?: true }
  /**
   * `x = Model.objects.filter(…).first()` (two calls or more) / `for x in Model.objects.filter(…)` (`element`):
   * a chain of calls from `root.links[0]`, as names (Django querysets; the model's instance or its elements).
   * `plainPrefetch`: its `prefetch_related(…)` calls take string literals only (no `Prefetch(…, to_attr=…)` names rows).
   */
  | { kind: 'query'; root: string; links: string[]; element?: boolean; plainPrefetch?: true }
  /** `x: Cls` / parameter `x: Cls`: the annotation's class as a dotted name (Optional/Annotated/quotes peeled). */
  | { kind: 'annotation'; type: string }
  /** `Alias = pkg.Thing`: the same object under another name. */
  | { kind: 'alias'; target: string }
  /** `x = self.load_item()` in a method (not a class method): what that method of the class (by index) returns. */
  | { kind: 'selfCall'; classIndex: number; method: string; awaited?: true }
  /**
   * `x = repo.get(…)`, `x = self.repo.get(…)`, `x = await svc.load(…)`: what method `method` of the object `on`
   * describes returns, by its return annotation (`element`: the elements of it, `for x in repo.list():`).
   */
  | { kind: 'returned'; on: ValueHint; method: string; awaited?: true; element?: true }
  /** `self.repo` in a method: the class's (by index) attribute of that name. */
  | { kind: 'selfAttribute'; classIndex: number; name: string }
  /** `for x in load_items():` the elements of what a module-level function (as a dotted name) returns. */
  | { kind: 'element'; callee: string }
  /** `session.get(User, id)`, `User.query.filter_by(…).first()`, `session.scalars(select(User)).one()`: an instance of the entity. */
  | { kind: 'ormResult'; entity: string };

export interface ParameterInfo {
  name: string;
  kind: 'positional-only' | 'normal' | 'keyword-only' | 'var-positional' | 'var-keyword';
  hasDefault: boolean;
}

export interface FunctionInfo {
  name: string;
  span: Span;
  params: ParameterInfo[];
  /** Decorators as dotted names (`app.get` for `@app.get("/")`); '?' for one that is not a dotted name. */
  decorators: string[];
  isAsync: boolean;
  /** An `async def` whose own body yields: its call returns an async generator (iterated, never awaited). */
  asyncGenerator?: true;
  /** The return annotation's class as a dotted name, if it names one. */
  returns: string | null;
  /** The element class of a collection the return annotation names (`list[Device]`, `QuerySet[Device]`, `Iterable["Device"]`). */
  returnsElement?: string;
  /** Without an annotation: the callee every `return` statement calls (`return ArticleService(repo)`). */
  returnsCall?: string;
  /**
   * Methods whose every `return` is `self` or a call chain on `self` or `super()` (`return self.filter(x=1)`,
   * `return super().get_queryset().annotate(n=Count("x"))`): each chain's calls in order, and the names its
   * `annotate()`/`alias()` calls give (the adapters' QueryExpressionWords.naming; null when one is not literal,
   * `**kwargs`). Querysets keep their model through them.
   */
  selfChains?: { chains: { calls: string[]; super?: true }[]; annotates: string[] | null };
  /**
   * A decorator that keeps the signature of what it decorates: `def deco(fn)` returning a
   * `@functools.wraps(fn)` wrapper that takes `*args, **kwargs` and passes them all to `fn`.
   */
  preservesSignature?: boolean;
  /** A method's `**kwargs` dict: the literal keys it takes out and the calls it is handed to (syntax/kwargsFlow.ts). */
  kwargsFlow?: KwargsFlow;
  /** A function whose every return merges dicts it was given (`return {**d1, **d2}`) and that changes none. */
  mergesDicts?: true;
  /** `def deco(cls): …; return cls` that never changes its one argument (syntax/returnsArgument.ts): a class it decorates stays as declared. */
  returnsItsArgument?: true;
}

/** Where a `**kwargs` dict goes (FunctionInfo.kwargsFlow). */
export interface KwargsFlow {
  /** Literal keys the body reads, pops, tests or sets (`kwargs.pop("prefix")`, `"x" in kwargs`). */
  keys: string[];
  /** Calls handed the dict (`super().filter(**kwargs)`, `merge(kwargs, {…})`) and where their result goes. */
  passes: KwargsPass[];
  /** `kwargs.setdefault("to", Status)`: the value given for a key the caller left out, as written (a dotted name or a string's contents). */
  defaults?: Record<string, string>;
  /** The dict itself is returned. */
  returned?: true;
  /** Used in a way that may treat keys it does not name (iterated, copied, stored, a computed key). */
  open?: true;
}
export interface KwargsPass {
  callee: string;
  spread: boolean;
  result: 'discarded' | 'returned' | 'dict' | 'spread' | 'other';
}

export type MemberKind = 'method' | 'classmethod' | 'staticmethod' | 'property' | 'attribute' | 'class';

export interface MemberInfo {
  name: string;
  kind: MemberKind;
  span: Span;
  /** Index into ClassInfo.methods for methods, class methods, static methods and properties. */
  method?: number;
  hint?: ValueHint;
  /** For kind 'class': index into FileSummary.classes of the nested class. */
  nested?: number;
  /** An annotated class-level name (`x: int = 0`): a dataclass field; whether it has a default. */
  field?: FieldInfo;
  /**
   * A class-level name assigned a call (`author = models.ForeignKey("User", related_name="posts")`): the
   * positional arguments (string value, dotted name, `True`/`False`/`...`, else null; `stringArgs`: which were string literals; `stringSpans`: string literals' spans, quotes included, by positional index (`'0'`) or keyword name)
   * and keyword arguments (likewise).
   */
  callArgs?: { callee: string | null; positional: (string | null)[]; keywords: Record<string, string | null>; stringArgs?: number[]; foreignKeys?: ForeignKeyRef[]; typeText?: string; stringSpans?: Record<string, Span>; keywordDeletions?: Record<string, Span> };
  /**
   * A class-level option an adapter reads (FactCollector.classOptions: Django's `fields = ["title", "author"]`,
   * `list_display`, `ordering`…): the string literals its value names, each with the span of its contents.
   */
  strings?: { value: string; span: Span }[];
  /** …and the lookup paths it names (Django's Meta `constraints`: the keywords of the `Q(…)` in each `check=`/`condition=`). */
  lookups?: { name: string; span: Span }[];
}

/** `ForeignKey("users.id")` inside a column's arguments: the target as written, and the string's span. */
export interface ForeignKeyRef {
  target: string;
  span: Span;
}

export interface FieldInfo {
  hasDefault: boolean;
  /** The class a relationship annotation names (`Mapped[List["Post"]]`, `Optional["Team"]` on a Relationship): `Post`. */
  target?: string;
  /** The annotation wraps the class in a collection (`Mapped[List["Post"]]`): the attribute is no single instance. */
  collection?: boolean;
  /** The annotation admits None (`Optional[X]`, `X | None`, `Any`): Pydantic v1 made such fields optional. */
  nullable?: boolean;
}

/**
 * A base a call makes from classes (`Manager.from_queryset(ArticleQuerySet)`), both as dotted names as the module
 * spells them: the class whose method builds it (`Manager`) and the class given to it (`ArticleQuerySet`).
 */
export interface BuiltBase {
  builder: string;
  argument: string;
}

export interface ClassInfo {
  name: string;
  span: Span;
  /** Only module-level classes can be imported; nested ones are reached through their outer class. */
  topLevel: boolean;
  /** Positional bases as dotted names; '?' for a base that is not one (a call, a subscript of a call…). */
  bases: string[];
  /**
   * Bases a call on a class builds from another class (`Manager.from_queryset(QuerySet)`; each '?' in `bases`), by
   * position, as an adapter's FactCollector.classHeaders reads them.
   */
  builtBases?: ({ index: number } & BuiltBase)[];
  /** `metaclass=…` or any other class keyword (they change how the class is built). */
  keywords: string[];
  /** The `metaclass=` value as a dotted name ('?' when it is none). */
  metaclass?: string;
  decorators: string[];
  members: MemberInfo[];
  methods: FunctionInfo[];
  /** `self.x = …` anywhere in the class's methods. */
  instanceAttributes: { name: string; span: Span; hint?: ValueHint }[];
  /** `@dataclass` (or with options that keep the generated `__init__` readable: frozen, order, eq…). */
  dataclass: boolean;
  /** Indexes of the decorators written without a call (`@deco`, not `@deco(…)`). */
  bareDecorators?: number[];
  /** `@admin.register(Article, Page)`: what a class decorator registers the class for, as an adapter reads it (FactCollector.classHeaders). */
  registers?: string[];
  /** `__getattr__`, `__getattribute__`, `setattr(self, …)`, `self.__dict__`, unreadable `__slots__`: any attribute may exist. */
  dynamic: boolean;
  /** `dynamic` only for instances (`setattr(self, …)`, `self.__dict__`, `__getattr__`): the class object's attributes are still known. */
  dynamicInstancesOnly?: boolean;
  /** `ForeignKeyConstraint([…], ["table.column", …])` in `__table_args__`. */
  tableForeignKeys?: ForeignKeyRef[];
  /** Class-level `__tablename__`, `__abstract__`, `__table__`: a literal string, `True`/`False`, else null. */
  dunders?: Record<string, string | null>;
  /** Model configuration read from `model_config = ConfigDict(...)` or a nested `class Config` (Pydantic). */
  config?: { forbidsExtra: boolean; aliases: boolean; allowsExtra?: boolean };
  /** Where a new method goes: after the last line of the body, with the body's indentation. */
  insertLine: number;
  indent: string;
}

export interface UnboundLocal {
  name: string;
  span: Span;
  /** 0-based line of the function's first binding of the name. */
  boundLine: number;
  /** What the local hides: a module-level name of this file, or a builtin. */
  shadows: 'module' | 'builtin';
}

/** The receiver of a member reference, as far as this file shows. */
export type Receiver =
  /** `self` in a method (`cls` in a class method: the class object). */
  | { kind: 'self'; classIndex: number; classObject: boolean }
  /** A name bound exactly once in its function scope, with what it holds. */
  | { kind: 'local'; hint: ValueHint }
  /**
   * A name resolved at module scope (its module bindings tell what it is), or bound only by a function-local
   * `from m import Name`: then `name` is that import's root (localImportRoot), resolved through it.
   */
  | { kind: 'global'; name: string };

export interface CallShape {
  positional: number;
  keywords: { name: string; span: Span }[];
  /** `*args` or `**kwargs` in the call: the arguments cannot be counted. */
  unpacks: boolean;
  awaited: boolean;
  /** How the call's value is used: a statement of its own, the value of an assignment, or anything else. */
  usage: 'statement' | 'assigned' | 'other';
  /** The call is inside an `async def` (where `await` may be added; it goes before the receiver). */
  inAsync: boolean;
  /**
   * Positional arguments that are plain string literals: their value and the span of the literal (quotes
   * included), else null; absent when no positional argument is a string literal.
   */
  strings?: ({ value: string; span: Span } | null)[];
  /** With keyword arguments: the first positional argument as a dotted name (`get_object_or_404(Article, pk=…)`). */
  firstName?: string;
  /**
   * Queryset methods only (`filter`, `annotate`, `order_by`…): ORM expressions in the arguments (`Q(…)`,
   * `F("x")`, `Count("x")`, `Prefetch("x")`), with their keyword names and string arguments (quotes included).
   */
  expressions?: { callee: string; keywords: { name: string; span: Span }[]; strings: { value: string; span: Span }[] }[];
}

export interface CallChain {
  /** A dotted name, or the root of a function-local import (localImportRoot; see Receiver). */
  root: string;
  rootSpan: Span;
  links: { name: string; span: Span; call?: CallShape }[];
  guards: Guard[];
}

/** `recv.a.b` (read, written or called) or `name(...)`: checked against project classes and functions. */
export interface MemberRef {
  receiver: Receiver;
  /** Span of the receiver name itself (for a call of a plain name). */
  rootSpan: Span;
  steps: AttributeStep[];
  write: boolean;
  guards: Guard[];
  call?: CallShape;
  /** The reference's value is iterated where it is read: `for`, a comprehension, `len()`/`list()`…, `in`. */
  iteratedBy?: string;
  /** A write by a plain assignment (`article.tags = [tag]`): the span of the value assigned. */
  assignedValue?: Span;
}

/**
 * A call's literal first argument that may start a server or command: one string (`list: false`), or the
 * words of a list (`["gunicorn", "app:app"]`; `text: null` for a word that is not a literal). Spans cover the
 * strings' contents.
 */
export interface RunString {
  callee: string;
  words: { text: string | null; span: Span }[];
  list: boolean;
}
