// The walk's model of Python's scopes: a Scope per module, class, function, lambda, comprehension and type-parameter
// list, with its bindings and the uses and attribute chains still to be resolved, and how a name resolves from one.
import type { Span } from '../../core/types';
import type { SyntaxNode } from '../parser';
import type { OwnAttributeLists } from '../factCollectors';
import type { BindingKind, CallChain, CallShape, ClassInfo, ValueHint, Guard } from '../summary';

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension' | 'typeparams';

export interface LocalBinding {
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
export interface Requirement {
  scope: Scope;
  name: string;
  single?: true;
}

/** A name read; its span is computed in finish() only for the few reads kept (most name module-level names). */
export interface PendingUse {
  name: string;
  start: number;
  end: number;
  annotation: boolean;
  guards: Guard[];
}

export interface PendingChain {
  root: string;
  rootSpan: Span;
  steps: { name: string; span: Span }[];
  write: boolean;
  guards: Guard[];
  call?: CallShape;
  iteratedBy?: string;
  assignedValue?: Span;
}

/** A method's scope knows its class and what its first parameter is called. */
export interface MethodInfo {
  classIndex: number;
  selfName: string | null;
  kind: 'method' | 'classmethod' | 'staticmethod';
}

export class Scope {
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
  /** Loop variables over a list of an instance's own attributes (FactCollector.ownAttributeLists), with the list. */
  readonly ownAttributeVars = new Map<string, OwnAttributeLists>();
  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {}
}

/** Where a name used in a scope is looked up at run time. */
export type Resolution = { kind: 'global' } | { kind: 'local'; scope: Scope };

export function resolveName(name: string, scope: Scope, at?: Span): Resolution {
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

/** One `return`'s chain on `self` or `super()` (see FunctionInfo.selfChains). */
export interface SelfChain {
  calls: string[];
  annotates: string[] | null;
  super?: true;
}

// Every Context has every field, made in this order (the walk's contexts share one shape: its hot functions stay
// monomorphic instead of deoptimizing on a context of another shape).
export interface Context {
  guards: Guard[];
  /** Inside an `if`/`elif`/`else` branch: what is imported there may be an optional feature. */
  conditional: boolean;
  /** null: not an annotation; 'evaluated' at run time (signatures, module/class variables); 'lazy' otherwise. */
  annotation: null | 'evaluated' | 'lazy';
  inError: boolean;
  /** Inside the module-level `if __name__ == "__main__":` block (runs only when the file runs as a script). */
  underMain: boolean;
}

/** A receiver written `Model`, `models.Model`, `cls` or `x.__class__`: it may be a class (a lower-case name is taken for an instance). */
export function mayBeClass(receiver: string[]): boolean {
  return receiver[0] === 'cls' || receiver.some((name) => /^_*[A-Z]/.test(name) || name === '__class__');
}

/**
 * A class whose attributes cannot all be listed: on its instances only (`setattr(self, …)` in a method,
 * `__getattr__`), or on the class object too (`setattr(cls, …)` in a class method).
 */
export function markDynamic(cls: ClassInfo, instancesOnly: boolean): void {
  if (!cls.dynamic && instancesOnly) cls.dynamicInstancesOnly = true;
  else if (!instancesOnly) delete cls.dynamicInstancesOnly;
  cls.dynamic = true;
}
