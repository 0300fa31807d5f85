// What a bound value is known to be (a ValueHint: a class instance, a query's result, an annotation), and what
// such a hint relies on to stay true.
import { childByField, dottedText, type SyntaxNode } from '../parser';
import { annotationClass, atOrBefore, refinedHint, startOf } from '../receivers';
import type { AssignedValueReader, HintContext, MethodChain, QueryReader, RelianceHandle } from '../factCollectors';
import { localImportRoot, localImportRootsOf, type ValueHint } from '../summary';
import { type LocalBinding, type Requirement, Scope, type SelfChain } from './scope';
import { spanOf, twoNames, isName, positionOf } from './nodes';
import { Traversal } from './traversal';

export abstract class ValueHints extends Traversal {

  /**
   * Whether the first name of `dotted` refers to module scope from `scope` (hints are resolved there):
   * `factory()` where `factory` is a parameter or a local must not be read as a module-level function.
   */
  protected isModuleLevelName(dotted: string, scope: Scope): boolean {
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
  protected moduleLevelSpelling(dotted: string, scope: Scope): string | null {
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
  protected returnedHint(parts: string[], call: SyntaxNode, scope: Scope, element: boolean): ValueHint | undefined {
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
      on = refinedHint(list, spanOf(call), this.chainHint);
      requirement = { scope, name: parts[0] };
    }
    if (!on || !this.hintHolds(on)) return undefined;
    // `qs = Article.objects.filter(…)`, then `article = qs.first()`: the chain goes on (what it holds, the adapters say).
    const query = on.kind === 'query' && !on.element ? { root: on.root, links: on.links } : on.kind === 'call' && !on.firstArg && !on.instanceOfResult && !on.awaited && on.callee.split('.').length === 3 ? { root: on.callee.split('.')[0], links: on.callee.split('.').slice(1) } : null;
    const chained = query ? this.chainHint({ root: query.root, links: [...query.links, method], calls: [], element }) : undefined;
    const hint: ValueHint = chained ?? (element ? { kind: 'returned', on, method, element: true } : { kind: 'returned', on, method });
    this.hintRequirements.set(hint, [requirement]);
    return hint;
  }

  /** `hint`, relying on what `from` relies on. */
  protected sameRequirements(hint: ValueHint, from: ValueHint): ValueHint {
    const requires = this.hintRequirements.get(from);
    if (requires) this.hintRequirements.set(hint, requires);
    return hint;
  }

  /** A query walk's view of local variables in `scope` (QueryReader), collecting what it relies on. */
  protected queryReader(scope: Scope): QueryReader & { requires: Requirement[] } {
    const requires: Requirement[] = [];
    return {
      text: this.text,
      requires,
      bindingValue: (node) => {
        const value = this.straightValue(scope, node);
        if (value) requires.push({ scope, name: this.textOf(node) });
        return value;
      },
    };
  }

  /** QueryReader.bindingValue in `scope`: the value of the local `name` read there, if it is assigned in straight-line code only. */
  private straightValue(scope: Scope, name: SyntaxNode): SyntaxNode | null {
    const text = this.textOf(name);
    if (scope.kind !== 'function' || scope.globals.has(text) || scope.nonlocals.has(text)) return null;
    const at = startOf(spanOf(name));
    const last = scope.bindings.get(text)?.filter((b) => b.straight?.value && atOrBefore(b.straight.endsAt, at)).at(-1);
    return last ? last.straight!.value! : null;
  }

  /** queryReader for a collector (VisitContext.assignedValues): its requirements as an opaque handle. */
  protected override assignedValues(scope: Scope): AssignedValueReader {
    const reader = this.queryReader(scope);
    return { text: reader.text, bindingValue: reader.bindingValue, reliance: reader.requires as unknown as RelianceHandle };
  }

  /** Whether a requirement holds over the whole file: one binding, or every binding a statement of the body itself. */
  protected override holds(r: Requirement): boolean {
    const list = r.scope.bindings.get(r.name) ?? [];
    return r.single ? list.length === 1 : list.length > 0 && list.every((b) => b.straight?.value);
  }

  /** Whether a root spelled for a function's own import still stands for that import alone. */
  protected localImportHolds(root: string): boolean {
    const requirement = this.localImportRequirements.get(root);
    return !requirement || this.holds(requirement);
  }

  /** Whether a hint's requirements (and those of the hint it is read from) hold; always, for hints that read no local. */
  protected hintHolds(hint: ValueHint): boolean {
    if (this.invalidHints.has(hint)) return false;
    if (!(this.hintRequirements.get(hint) ?? []).every((r) => this.holds(r))) return false;
    if (this.localImportRequirements.size && !localImportRootsOf(hint).every((root) => this.localImportHolds(root))) return false;
    return hint.kind !== 'returned' || this.hintHolds(hint.on);
  }

  /** Where the adapters' value-hint readers are asked (hintContext reads there), and the assigned values they read. */
  private hintScope: Scope = this.module;
  private hintReliances: Requirement[] | null = null;

  /** The locals' assigned values as the value-hint readers read them (one per walk: a question's reads go to hintReliances). */
  private readonly hintValues: QueryReader = {
    text: this.text,
    bindingValue: (node) => {
      const value = this.straightValue(this.hintScope, node);
      if (value) (this.hintReliances ??= []).push({ scope: this.hintScope, name: this.textOf(node) });
      return value;
    },
  };

  /** What the adapters' value-hint readers may ask (one per walk, aimed at the scope of each question). */
  private readonly hintContext: HintContext = {
    dottedText: (n) => this.dottedText(n),
    isModuleLevel: (dotted) => this.isModuleLevelName(dotted, this.hintScope),
    moduleLevelSpelling: (dotted) => this.moduleLevelSpelling(dotted, this.hintScope),
    assignedValues: () => this.hintValues,
  };

  /**
   * The first hint an adapter's reader gives to one of its questions about `node` (a call's value, with the
   * dotted name it calls; a loop's iterable; a parameter's default), relying on the assigned values it read.
   */
  private askReaders(scope: Scope, question: 'callValue' | 'loopElements' | 'parameterDefault', node: SyntaxNode, callee: string | null = null): ValueHint | undefined {
    for (const reader of this.hintReaders) {
      this.hintScope = scope;
      this.hintReliances = null;
      const hint = question === 'callValue' ? reader.callValue?.(node, this.hintContext, callee) : question === 'loopElements' ? reader.loopElements?.(node, this.hintContext) : reader.parameterDefault?.(node, this.hintContext);
      if (!hint) continue;
      if (this.hintReliances) this.hintRequirements.set(hint, this.hintReliances);
      return hint;
    }
    return undefined;
  }

  /** What a chain of calls holds, as the adapters read it (ValueHintReader.callChain); undefined: none says. */
  protected readonly chainHint = (chain: MethodChain): ValueHint | undefined => {
    for (const reader of this.hintReaders) {
      const hint = reader.callChain?.(chain);
      if (hint) return hint;
    }
    return undefined;
  };

  /** An unannotated parameter's default an adapter reads (`x = Depends(get_service)`: what `get_service` gives). */
  protected defaultValueHint(value: SyntaxNode | undefined, scope: Scope): ValueHint | undefined {
    if (!value || this.hintReaders.length === 0) return undefined;
    return this.askReaders(scope, 'parameterDefault', value);
  }

  /**
   * What a loop's variable holds: what an adapter says its elements are (a SQLAlchemy query or result:
   * `session.scalars(select(User))`), the elements of a chain of calls an adapter reads (a Django queryset:
   * `Model.objects.filter(…)`), of what a function or method returns (`list[User]`), or of a parameter annotated
   * as a collection (`users: list[User]`, not rebound).
   */
  protected override loopElementHint(right: SyntaxNode, scope: Scope): ValueHint | undefined {
    const told = this.askReaders(scope, 'loopElements', right);
    if (told) return told;
    if (right.type === 'call') return this.callChainHint(right, scope, true) ?? this.elementHint(right, scope);
    const element = isName(right) && scope.kind === 'function' ? scope.paramElements.get(this.textOf(right)) : undefined;
    if (!element) return undefined;
    const hint: ValueHint = { kind: 'annotation', type: element };
    this.hintRequirements.set(hint, [{ scope, name: this.textOf(right), single: true }]);
    return hint;
  }

  /** `for x in load_items():` a call of a module-level function: its result's elements. */
  protected elementHint(call: SyntaxNode, scope: Scope): ValueHint | undefined {
    const fn = childByField(call, 'function');
    const callee = fn ? this.dottedText(fn) : null;
    if (!callee) return undefined;
    const spelled = this.moduleLevelSpelling(callee, scope);
    return spelled ? { kind: 'element', callee: spelled } : this.returnedHint(callee.split('.'), call, scope, true);
  }

  /** `name.a(…).b(…)`: the name the calls are made on (null for any other expression). */
  protected callsOn(value: SyntaxNode): string | null {
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
  protected markStraight(scope: Scope, name: string, statement: SyntaxNode, value: SyntaxNode | undefined): void {
    const binding = scope.bindings.get(name)?.at(-1);
    if (!binding) return;
    const [endLine, endColumn] = positionOf(statement.end);
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
  protected override selfChain(value: SyntaxNode, selfName: string | null): SelfChain | null {
    const calls: string[] = [];
    let annotates: string[] | null = [];
    let node: SyntaxNode | undefined = value;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!fn || !attr) break;
      const name = this.textOf(attr);
      calls.unshift(name);
      if (this.queryWords.naming.has(name)) {
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
  protected override dottedText(n: SyntaxNode): string | null {
    return dottedText(n, this.boundTextOf);
  }

  protected readonly boundTextOf = (n: SyntaxNode): string => this.textOf(n);

  /**
   * `Model.objects.filter(…).first()`: calls chained on `Root.attr`, where Root is a module-level name, and what
   * the adapters say it holds (ValueHintReader.callChain). As a value it needs two calls or more (one call is a
   * plain call hint); as a loop's iterable one is enough.
   */
  protected callChainHint(value: SyntaxNode, scope: Scope, element: boolean): ValueHint | undefined {
    const links: string[] = [];
    const calls: SyntaxNode[] = [];
    let node: SyntaxNode | undefined = value;
    while (node?.type === 'call') {
      const fn = childByField(node, 'function');
      const attr = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
      if (!fn || !attr) return undefined;
      links.unshift(this.textOf(attr));
      calls.unshift(node);
      node = childByField(fn, 'object');
    }
    if (node?.type !== 'attribute' || calls.length < (element ? 1 : 2)) return undefined;
    const object = childByField(node, 'object');
    const attr = childByField(node, 'attribute');
    const root = object && isName(object) ? this.moduleLevelSpelling(this.textOf(object), scope) : null;
    if (!root || !attr) return undefined;
    links.unshift(this.textOf(attr));
    return this.chainHint({ root, links, calls, element });
  }

  protected override valueHint(value: SyntaxNode | undefined, scope: Scope): ValueHint | undefined {
    if (!value) return undefined;
    if (value.type === 'call') {
      const fn = childByField(value, 'function');
      const callee = fn ? this.dottedText(fn) : null;
      const told = this.askReaders(scope, 'callValue', value, callee);
      if (told) return told;
      if (!callee) return this.callChainHint(value, scope, false);
      const pair = twoNames(callee);
      const owner = pair ? this.methodOwning(pair[0], scope) : null;
      if (owner && owner.kind === 'method') return { kind: 'selfCall', classIndex: owner.classIndex, method: pair![1] };
      const spelled = this.moduleLevelSpelling(callee, scope);
      if (!spelled) return this.returnedHint(callee.split('.'), value, scope, false);
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


  // Defined by the layers above (see summarize.ts for the order).
  protected abstract functionImport(binding: LocalBinding): boolean;
}
