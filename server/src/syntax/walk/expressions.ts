// Expressions: attribute chains, calls and their shapes (arguments, ORM expressions), and chains of calls.
import type { Span } from '../../core/types';
import { childByField, type SyntaxNode } from '../parser';
import { readRunString } from '../summarizeRunStrings';
import type { CallShape, MemberRef } from '../summary';
import { type PendingChain, Scope, type Context, mayBeClass, markDynamic } from './scope';
import { spanOf, isName } from './nodes';
import { Statements } from './statements';

/** Builtins that iterate their first argument (a related manager there raises TypeError: not iterable). */
const ITERATING_BUILTINS = new Set(['len', 'list', 'tuple', 'set', 'sorted', 'enumerate', 'iter', 'sum', 'any', 'all', 'min', 'max', 'frozenset', 'reversed']);

/** Methods of `self.__dict__` that only read it. */
const READ_ONLY_DICT_METHODS = new Set(['get', 'items', 'keys', 'values', 'copy']);

export abstract class Expressions extends Statements {
  // ---- expressions ----------------------------------------------------------------------------------

  /** `a.b.c`: `a` is read; the chain is checked against what `a` is (a module, a project class or instance). */
  protected override visitAttribute(n: SyntaxNode, scope: Scope, ctx: Context, write: boolean, call?: CallShape): void {
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
  protected onlyReadsDict(n: SyntaxNode, steps: { name: string }[]): boolean {
    return (steps.length === 1 && /\bin\s*$/.test(this.text.slice(Math.max(0, n.start - 12), n.start))) || READ_ONLY_DICT_METHODS.has(steps[1]?.name ?? '');
  }

  /**
   * `OIDCProvider().get_url()`, `get_user(db, 1).name`, `db.session.get(User, 1).nmae`, `repo.get(1).name`: a member
   * read on what a call evidently gives (a class, a function's or method's annotation, an ORM result). Chains of
   * Django queryset calls are left to their own rules.
   */
  protected noteInlineReceiver(call: SyntaxNode, scope: Scope, ctx: Context, steps: { name: string; span: Span }[], write: boolean, shape?: CallShape): void {
    const hint = this.valueHint(call, scope);
    const plainCall = hint?.kind === 'call' && !hint.firstArg && !hint.instanceOfResult && hint.callee.split('.').length < 3;
    if (!hint || !(plainCall || hint.kind === 'returned' || hint.kind === 'selfCall' || hint.kind === 'ormResult')) return;
    const ref: MemberRef = { receiver: { kind: 'local', hint }, rootSpan: spanOf(call), steps, write, guards: ctx.guards };
    if (shape) ref.call = shape;
    this.inlineMemberRefs.push(ref);
  }

  protected callShape(call: SyntaxNode, args: SyntaxNode | undefined, scope: Scope): CallShape {
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
    if (args && method && this.queryWords.methods.has(this.textOf(method))) {
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
  protected ormExpressions(nodes: readonly SyntaxNode[], out: NonNullable<CallShape['expressions']> = []): NonNullable<CallShape['expressions']> {
    for (const c of nodes) {
      if (!c.named || c.type === 'comment' || c.type === 'lambda') continue;
      if (c.type === 'call') {
        const { fn, callee, last } = this.calleeOf(c);
        const args = childByField(c, 'arguments');
        if (callee && last && this.queryWords.expressions.has(last) && args?.type === 'argument_list') {
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
        } else if (callee && last && this.queryWords.subqueries.has(last) && args) {
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
  protected calleeOf(call: SyntaxNode): { fn: SyntaxNode | undefined; callee: string | null; last: string | undefined } {
    const fn = childByField(call, 'function');
    const callee = fn ? this.dottedText(fn) : null;
    return { fn, callee, last: callee?.slice(callee.lastIndexOf('.') + 1) };
  }

  /**
   * `OuterRef("pk")` inside a `Subquery(…)`/`Exists(…)` of a queryset method's arguments: a path of the outer
   * queryset's model (recorded like `F`). Nested subqueries refer to the query around them: not followed.
   */
  protected outerRefs(nodes: readonly SyntaxNode[], out: NonNullable<CallShape['expressions']>): void {
    for (const c of nodes) {
      if (!c.named || c.type === 'comment' || c.type === 'lambda') continue;
      if (c.type === 'call') {
        const { callee, last } = this.calleeOf(c);
        if (last && this.queryWords.subqueries.has(last)) continue;
        if (callee && last && this.queryWords.outerReferences.has(last)) {
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
  protected recordCallChain(outer: SyntaxNode, outerShape: CallShape, scope: Scope, ctx: Context): void {
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

  protected override visitCall(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const fn = childByField(n, 'function');
    const args = childByField(n, 'arguments');
    if (fn) {
      const callee = this.textOf(fn);
      const runString = this.runStringTests.callee.test(callee) ? readRunString(callee, args, (c) => this.textOf(c), spanOf, this.runStringTests) : null;
      if (runString) this.runStrings.push(runString);
      if (callee === 'globals' || callee === 'exec' || callee === 'execfile') this.dynamicGlobals = true;
      else if ((callee === 'vars' || callee === 'locals') && scope.kind === 'module') this.dynamicGlobals = true;
      else if (/(^|\.)install$/.test(callee) && /gettext|translation/i.test(callee + this.textOf(n))) this.installsGettext = true;
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
        // `setattr(self, field.attname, …)` in `for field in self._meta.fields`: sets an attribute the class has.
        const itemAttribute = callee === 'setattr' && second?.type === 'attribute' ? /^(\w+)\.(\w+)$/.exec(this.textOf(second)) : null;
        const setsOwnField = itemAttribute !== null && !!this.ownAttributeListOf(itemAttribute[1], scope)?.nameAttributes.includes(itemAttribute[2]);
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
}
