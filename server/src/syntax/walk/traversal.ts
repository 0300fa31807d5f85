// The walk itself: which node is visited how, the framework collectors' dispatch, syntax errors and ignore
// comments, and import statements.
import type { Span } from '../../core/types';
import { PYTHON_BUILTINS } from '../../python/builtins';
import { childByField, handedOnIdentifiers, type SyntaxNode } from '../parser';
import { expectsLookupErrors } from '../expectedRaises';
import { registeredFor, type ClassHeaderContext } from '../classHeaderReaders';
import type { FinishContext, AssignedValueReader, ParameterHandle, RelianceHandle, ScopeHandle, VisitContext } from '../factCollectors';
import type { ValueHint, FileSummary, Guard, ImportRecord } from '../summary';
import { type Requirement, Scope, resolveName, type SelfChain, type Context } from './scope';
import { spanOf, childrenByField, isName, lineOf, positionOf } from './nodes';
import { SummarizerState } from './state';


const IGNORE_COMMENT = /#\s*coherence:\s*ignore(?:\[([^\]]*)\])?/;

/** Names every module scope has (module attributes readable as plain names). */

export const MODULE_SCOPE_NAMES: ReadonlySet<string> = new Set(['__name__', '__file__', '__doc__', '__builtins__', '__spec__', '__loader__', '__package__', '__path__', '__annotations__', '__cached__', '__dict__', '__class__']);

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

export abstract class Traversal extends SummarizerState {
  /** What the adapters' class-header readers need of this file. */
  protected readonly headerContext: ClassHeaderContext = { textOf: (n) => this.textOf(n), dottedText: (n) => this.dottedText(n) };

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
  protected recordErrorsTheWalkSkipped(root: SyntaxNode): void {
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

  // ---- traversal ------------------------------------------------------------------------------------

  protected visitChildren(n: SyntaxNode, scope: Scope, ctx: Context): void {
    for (const c of n.children) this.visit(c, scope, ctx);
  }

  protected use(n: SyntaxNode, scope: Scope, ctx: Context): void {
    if (ctx.inError || ctx.annotation === 'lazy') return;
    const name = this.textOf(n);
    // Builtins and module attributes always answer (finish() would drop the read): not kept at all.
    if (PYTHON_BUILTINS.has(name) || MODULE_SCOPE_NAMES.has(name)) return;
    scope.uses.push({ name, start: n.start, end: n.end, annotation: ctx.annotation === 'evaluated', guards: ctx.guards });
  }

  protected override visit(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
        const definition = childByField(n, 'definition');
        // What a class decorator registers the class for, as the adapters read it (FactCollector.classHeaders).
        const readsRegistrations = definition?.type === 'class_definition' && this.headerReading.registrations.length > 0;
        for (const c of n.children) {
          if (c.type === 'decorator') {
            const expr = c.children.find((d) => d.named && d.type !== 'comment');
            const target = expr?.type === 'call' ? childByField(expr, 'function') : expr;
            decorators.push((target && this.dottedText(target)) ?? '?');
            // `@dataclass(frozen=True)`: its keyword names ('?' for a positional argument); null when not called.
            const args = expr?.type === 'call' ? childByField(expr, 'arguments') : undefined;
            if (args && readsRegistrations) this.pendingRegisters = registeredFor(this.headerReading, decorators[decorators.length - 1], args, this.headerContext) ?? this.pendingRegisters;
            this.pendingDecoratorKeywords.push(
              args ? args.children.filter((a) => a.named && a.type !== 'comment').map((a) => (a.type === 'keyword_argument' ? this.textOf(childByField(a, 'name')!) : '?')) : null,
            );
            this.visit(c, scope, ctx);
          }
        }
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
        if (left && isName(left) && right && this.attributeLists.length) {
          const iterable = this.textOf(right);
          const list = this.attributeLists.find((l) => l.lists.test(iterable));
          if (list) scope.ownAttributeVars.set(this.textOf(left), list);
        }
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
  protected handToCollectors(n: SyntaxNode, scope: Scope, ctx: Context): void {
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

  protected newVisitContext(): VisitContext {
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
      parameterElement: (name) => this.parameterElement(name, this.visitScope!),
    };
  }

  /** The facts each collector kept, under its key; only when there are any. */
  protected collectedFacts(root: SyntaxNode): { frameworks?: Record<string, unknown> } {
    if (this.collectors === null) return {};
    const frameworks: Record<string, unknown> = {};
    const finish: FinishContext = {
      isModuleLevel: (name: string, handle: ScopeHandle) => resolveName(name, handle as unknown as Scope).kind === 'global',
      stillHolds: (reliance: RelianceHandle) => (reliance as unknown as Requirement[]).every((q) => this.holds(q)),
      onlyRefined: (parameter: ParameterHandle) => this.onlyRefined(parameter),
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

  protected visitComment(n: SyntaxNode): void {
    const m = IGNORE_COMMENT.exec(this.textOf(n));
    if (!m) return;
    const rules = m[1] === undefined ? null : m[1].split(',').map((r) => r.trim()).filter(Boolean);
    this.ignores.push({ line: lineOf(n.start), rules });
  }

  protected recordError(n: SyntaxNode): void {
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
  protected isKnownGrammarGap(n: SyntaxNode): boolean {
    // PEP 696 type-parameter defaults (`def f[T = int]()`, `class C[T = str]:`): the ERROR sits in the
    // type parameter list, just before the `=` or over the name and the `=` (`T =`).
    const after = this.text.slice(n.end, n.end + 200);
    const own = this.text.slice(n.start, n.end).trim();
    return (/^\s*=/.test(after) || /^\*{0,2}\w+\s*=$/.test(own)) && /\[[^\]]*$/.test(this.text.slice(Math.max(0, n.start - 200), n.start));
  }

  // ---- imports --------------------------------------------------------------------------------------

  protected dottedSegments(n: SyntaxNode): { text: string; spans: Span[] } {
    const parts = n.children.filter(isName);
    return { text: parts.map((p) => this.textOf(p)).join('.'), spans: parts.map(spanOf) };
  }

  protected visitImport(n: SyntaxNode, scope: Scope, ctx: Context): void {
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

  protected visitImportFrom(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
      record.lastNameEnd = positionOf(item.end);
      this.bind(scope, alias ?? name, 'import', spanOf(aliasNode ?? nameNode), index);
    }
    this.imports.push(record);
  }


  // Defined by the layers above (see summarize.ts for the order).
  protected abstract assignedValues(scope: Scope): AssignedValueReader;
  protected abstract holds(r: Requirement): boolean;
  protected abstract loopElementHint(right: SyntaxNode, scope: Scope): ValueHint | undefined;
  protected abstract selfChain(value: SyntaxNode, selfName: string | null): SelfChain | null;
  protected abstract dottedText(n: SyntaxNode): string | null;
  protected abstract valueHint(value: SyntaxNode | undefined, scope: Scope): ValueHint | undefined;
  protected abstract visitFunction(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitClass(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitLambda(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract noteIterated(n: SyntaxNode, by: string): void;
  protected abstract visitComprehension(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitTypeAlias(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitAugmentedAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitAsPattern(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitTry(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitIf(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitMatch(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract visitCall(n: SyntaxNode, scope: Scope, ctx: Context): void;
  protected abstract finish(root: SyntaxNode): FileSummary;
}
