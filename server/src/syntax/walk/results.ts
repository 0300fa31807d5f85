// The walk's results: names and chains resolved once the whole file is read, member references, and the
// FileSummary. Summarizer is the one concrete class of the walk's layers (see state.ts).
import { PYTHON_BUILTINS } from '../../python/builtins';
import { earlyReads } from '../unboundLocals';
import { STDLIB_MODULES } from '../../python/stdlib';
import type { SyntaxNode } from '../parser';
import { refinedHint } from '../receivers';
import { SUMMARY_SCHEMA, localImportRoot, type CallChain, type MemberRef, type UnboundLocal, type ValueHint, type FileSummary, type ModuleAttributeRef, type ModuleBinding, type NameUse } from '../summary';
import { type LocalBinding, type PendingChain, Scope, type Resolution, resolveName, mayBeClass } from './scope';
import { spanOfOffsets, topLevelName, lineOf, positionOf } from './nodes';
import { Expressions } from './expressions';

export class Summarizer extends Expressions {
  // ---- results --------------------------------------------------------------------------------------

  /**
   * Names a function assigns that also name a module-level binding or a builtin, read where they are still
   * unbound (see unboundLocals.ts). Other functions are not walked again.
   */
  protected unboundLocals(): { unboundLocals?: UnboundLocal[] } {
    const out: UnboundLocal[] = [];
    for (const { scope, body, params } of this.functionScopes) {
      const shadowing = new Set([...scope.bindings.keys()].filter((name) => !params.has(name) && !scope.globals.has(name) && !scope.nonlocals.has(name) && (this.module.bindings.has(name) || PYTHON_BUILTINS.has(name))));
      if (!shadowing.size) continue;
      for (const read of earlyReads(body, shadowing, (n) => this.textOf(n))) {
        out.push({ name: read.name, span: spanOfOffsets(read.start, read.end), boundLine: positionOf(read.boundAt)[0], shadows: this.module.bindings.has(read.name) ? 'module' : 'builtin' });
      }
    }
    return out.length ? { unboundLocals: out } : {};
  }

  /**
   * Each scope's name uses, call chains and member chains, kept as the summary keeps them. (A method of its own:
   * finish() is long, and the optimizing compiler, which compiles it again after each deoptimization, compiles
   * this loop apart.)
   */
  protected references(): { globalUses: NameUse[]; moduleAttributeRefs: ModuleAttributeRef[]; memberRefs: MemberRef[]; callChains: CallChain[] } {
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

  protected override finish(root: SyntaxNode): FileSummary {
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
      ...(this.appSettings.size ? { appSettings: [...this.appSettings].map(([name, setting]) => ({ name, ...setting })) } : {}),
      ...(this.runStrings.length ? { runStrings: this.runStrings } : {}),
      ...(this.cryptSchemes.length ? { cryptSchemes: this.cryptSchemes } : {}),
      ...(this.expressionKeys.size ? { expressionKeys: [...this.expressionKeys] } : {}),
      importInsertLine: this.importInsertLine(root),
      ...this.collectedFacts(root),
    };
  }

  /** What the root of a chain (or a called name) is: `self`, a local with a known value, or a module name. */
  protected memberRef(chain: PendingChain, scope: Scope, r: Resolution): MemberRef | null {
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
        const refined = refinedHint(list, chain.rootSpan, this.chainHint);
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
  protected localImportOnly(name: string, scope: Scope): number | null {
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
  protected namesBuiltin(hint: ValueHint): boolean {
    if (hint.kind === 'selfCall' || hint.kind === 'selfAttribute') return false;
    if (hint.kind === 'returned') return this.namesBuiltin(hint.on);
    const dotted = hint.kind === 'call' || hint.kind === 'element' ? hint.callee : hint.kind === 'annotation' ? hint.type : hint.kind === 'query' ? hint.root : hint.kind === 'ormResult' ? hint.entity : hint.target;
    const first = dotted.split('.')[0];
    const bindings = this.module.bindings.get(first);
    if (!bindings) return PYTHON_BUILTINS.has(first);
    return this.importedFromStdlib(bindings);
  }

  /** A binding made by an unguarded import of a project-or-package name (not the standard library's, not `*`). */
  protected override functionImport(binding: LocalBinding): boolean {
    const record = binding.importIndex === undefined ? undefined : this.imports[binding.importIndex];
    return !!record && !record.star && !record.guards.length && !this.importedFromStdlib([binding]);
  }

  protected importedFromStdlib(bindings: LocalBinding[]): boolean {
    return bindings.every((b) => b.importIndex !== undefined && this.imports[b.importIndex].level === 0 && STDLIB_MODULES.has(topLevelName(this.imports[b.importIndex].module)));
  }

  /** The line after the last top-level import; else after the docstring and `from __future__` imports. */
  protected importInsertLine(root: SyntaxNode): number {
    let line = 0;
    let first = true;
    const holdsImport = (n: SyntaxNode): boolean =>
      n.type === 'import_statement' || n.type === 'import_from_statement' || n.children.some(holdsImport);
    for (const c of root.children) {
      if (c.type === 'comment') continue;
      const docstring = first && c.type === 'expression_statement' && c.children[0]?.type === 'string';
      first = false;
      if (docstring || c.type === 'future_import_statement' || c.type === 'import_statement' || c.type === 'import_from_statement') {
        line = lineOf(c.end) + 1;
      } else if (!((c.type === 'if_statement' || c.type === 'try_statement') && holdsImport(c))) {
        break; // imports below the first real statement are not where a reader looks for them
      }
    }
    return line;
  }
}
