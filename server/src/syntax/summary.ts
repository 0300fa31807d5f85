// FileSummary: everything later stages need from one file, as plain data (no tree). Summaries are cached by
// content hash, sent between threads by structured clone, and compared to decide what an edit invalidates.
import type { Span } from '../core/types';

export const SUMMARY_SCHEMA = 1;

/** How an import (or a name use) is protected against failing at run time. */
export type Guard =
  | 'import-error' // inside `try:` whose handlers catch ImportError/ModuleNotFoundError (or broader)
  | 'name-error' // inside `try:` whose handlers catch NameError (or broader)
  | 'type-checking' // under `if TYPE_CHECKING:` (never runs)
  | 'version' // under a version/platform check (`sys.version_info`, `sys.platform`, `PY2`…)
  | 'attribute-error'; // inside `try:` catching AttributeError (or broader), or under `if hasattr(…)`

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
}

export type BindingKind = 'import' | 'def' | 'class' | 'assign' | 'other';

export interface ModuleBinding {
  name: string;
  kind: BindingKind;
  span: Span;
  /** For kind 'import': index into FileSummary.imports. */
  importIndex?: number;
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
  ignores: IgnoreComment[];
  /** `gettext.install()` or `<translation>.install()`: `_` becomes a builtin. */
  installsGettext: boolean;
  /** Where a new top-level import goes: the line after the last top-level import (or docstring/future imports). */
  importInsertLine: number;
}
