// Statements that bind or guard: assignments (module strings, `__all__`, class fields and options), try/except,
// if (version checks, TYPE_CHECKING, `__main__`) and match patterns.
import { childByField, type SyntaxNode } from '../parser';
import { annotationClass } from '../receivers';
import type { CalledMember, FieldMember } from '../classMemberReaders';
import type { ClassInfo, FieldInfo, MemberInfo, ValueHint, Guard } from '../summary';
import { Scope, type Context, markDynamic } from './scope';
import { spanOf, spanOfOffsets, isName, positionOf } from './nodes';
import { Definitions } from './definitions';

/** Keyword arguments of class-level calls whose deletion span is kept (see callArguments). */
const REMOVABLE_KEYWORDS = new Set(['source', 'many']);

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

const IMPORT_ERROR_CATCHERS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

const NAME_ERROR_CATCHERS = new Set(['NameError', 'Exception', 'BaseException']);

const ATTRIBUTE_ERROR_CATCHERS = new Set(['AttributeError', 'Exception', 'BaseException']);

const VERSION_CHECK = /\bsys\s*\.\s*(version_info|version|platform|implementation|hexversion|maxsize)\b|\bPY2\b|\bPY3\b|\bPY3\d+\b|\bPYTHON_VERSION\b|\bplatform\s*\.|\bos\s*\.\s*name\b|\bIS_WINDOWS\b|\bWINDOWS\b|\bsix\s*\./;

const TYPE_CHECKING = /^\s*(typing\s*\.\s*|t\s*\.\s*)?TYPE_CHECKING\s*$|^\s*False\s*$/;

export abstract class Statements extends Definitions {
  // ---- statements -----------------------------------------------------------------------------------

  /** passlib's `CryptContext(schemes=["bcrypt", …])`: each literal scheme (the backends some need are separate packages). */
  protected recordCryptSchemes(callee: string, args: SyntaxNode | undefined): void {
    const list = this.keywordValue(args?.children ?? [], 'schemes');
    if (list?.type !== 'list' && list?.type !== 'tuple') return;
    for (const item of list.children) {
      const scheme = item.type === 'string' ? this.stringValue(item) : null;
      if (scheme) this.cryptSchemes.push({ callee, scheme, span: spanOf(item) });
    }
  }

  /** Whether the innermost function being visited hands the value of `name` on anywhere in its body. */
  protected handedOnInFunction(name: string): boolean {
    const body = this.functionBodies[this.functionBodies.length - 1];
    if (!body) return false;
    let names = this.handedOn.get(body);
    if (!names) this.handedOn.set(body, (names = this.handedOnNames(body)));
    return names.has(name);
  }

  /** The names under `body` handed on (see handedOnInFunction): those of the tree's handed-on identifiers within it. */
  protected handedOnNames(body: SyntaxNode): Set<string> {
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

  protected override visitAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
      if (scope.kind === 'module' && right?.type === 'string' && isName(left) && this.appSettingNames.has(this.textOf(left))) {
        const value = this.stringValue(right);
        const [sl, sc, el, ec] = spanOf(right);
        if (value && /^[\w.]+:[\w.]+(\(.*\))?$/.test(value) && sl === el) this.appSettings.set(this.textOf(left), { value, span: [sl, sc + 1, el, ec - 1] });
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
        if (list?.length) list[list.length - 1].boundFrom = positionOf(n.end);
      }
      // `x: Mapped[int] = (mapped_column(…))`, parenthesised to wrap a long line, is the call.
      const called = right?.type === 'parenthesized_expression' && right.children.filter((c) => c.named && c.type !== 'comment').length === 1 ? right.children.find((c) => c.named && c.type !== 'comment') : right;
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && called?.type === 'call') {
        const member = this.classes[scope.classIndex].members[this.classes[scope.classIndex].members.length - 1];
        if (member?.name === this.textOf(left)) {
          member.callArgs = this.callArguments(called, scope);
          for (const read of this.memberReading.memberCalls) read(called, member as CalledMember, this.literals);
        }
      }
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && this.classDunders.has(this.textOf(left))) {
        const cls = this.classes[scope.classIndex];
        // `__tablename__ = AUDIT_TABLE` names a string constant of the module assigned once before the class.
        const constant = right && isName(right) ? (this.moduleStrings.get(this.textOf(right)) ?? null) : null;
        (cls.dunders ??= {})[this.textOf(left)] = right ? (this.stringValue(right) ?? constant ?? (right.type === 'true' ? 'True' : right.type === 'false' ? 'False' : null)) : null;
      }
      const assignmentReaders = scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && right ? this.memberReading.assignments.get(this.textOf(left)) : undefined;
      if (assignmentReaders) for (const read of assignmentReaders) read(this.textOf(left), right!, this.classes[scope.classIndex!], this.literals);
      if (scope.kind === 'class' && scope.classIndex !== undefined && isName(left) && right && this.classOptions.has(this.textOf(left))) {
        // `fields = ["title", "author"]`: what an adapter reads of the value (FactCollector.classOptions).
        const member = this.classes[scope.classIndex].members[this.classes[scope.classIndex].members.length - 1];
        if (member?.name === this.textOf(left)) {
          const { strings, lookups } = this.classOptions.get(member.name)!.read(member.name, right, this.literals);
          if (strings?.length) member.strings = strings;
          if (lookups?.length) member.lookups = lookups;
        }
      }
      if (type && scope.kind === 'class' && scope.classIndex !== undefined && isName(left)) {
        const cls = this.classes[scope.classIndex];
        const member = cls.members[cls.members.length - 1];
        const annotationText = this.textOf(type);
        if (/^\s*(typing\.)?ClassVar\b/.test(annotationText)) {
          // not a field
        } else if (/^\s*(dataclasses\.)?KW_ONLY\b/.test(annotationText)) cls.dataclass = false; // keyword-only fields follow
        else if (member?.name === this.textOf(left)) {
          member.field = this.fieldInfo(annotationText, right);
          for (const read of this.memberReading.annotatedMembers) read(annotationText, right, member as FieldMember, this.literals);
        }
      }
    }
    if (type) {
      // Local-variable annotations in functions are never evaluated; module and class ones are.
      const annotation = scope.kind === 'module' || scope.kind === 'class' ? 'evaluated' : 'lazy';
      this.visitChildren(type, scope, { ...ctx, annotation });
    }
    if (right) this.visit(right, scope, ctx);
  }

  /** A call's arguments as string values or dotted names (null for anything else). */
  /** A string's contents, a dotted name, True/False/...; null for anything else. */
  protected override simpleValue(v: SyntaxNode | undefined): string | null {
    const literals: Record<string, string> = { true: 'True', false: 'False', ellipsis: '...' };
    return !v ? null : v.type === 'string' ? this.stringValue(v) : (this.dottedText(v) ?? literals[v.type] ?? null);
  }

  protected callArguments(call: SyntaxNode, scope: Scope): NonNullable<MemberInfo['callArgs']> {
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
        if (key !== null) out.keywords[key] = valueOf(v);
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
  protected unpackedOptions(splat: SyntaxNode, scope: Scope): Record<string, string | null> | null {
    const named = splat.children.filter((c) => c.named && c.type !== 'comment');
    if (named.length !== 1 || !isName(named[0])) return null;
    const name = this.textOf(named[0]);
    const scopes: { scope: object; binds: boolean }[] = [];
    for (let s: Scope | null = scope; s; s = s.parent) scopes.push({ scope: s, binds: s.bindings.has(name) });
    return this.optionDicts.lookup(scopes, name);
  }

  /**
   * A class-level annotated name; a call as its value is in the member's callArgs (`Field(..., alias=…)`), and the
   * adapters' annotatedMember readers add what else the annotation says (a relationship's class).
   */
  protected fieldInfo(annotation: string, value: SyntaxNode | undefined): FieldInfo {
    const field: FieldInfo = { hasDefault: !!value };
    if (/\b(Optional|Any|None)\b/.test(annotation)) field.nullable = true;
    return field;
  }


  /** What a Pydantic model configuration says about the constructor: extra fields forbidden, aliases in play. */
  protected override readModelConfig(cls: ClassInfo, text: string): void {
    cls.config = {
      forbidsExtra: /\bextra\s*=\s*(['"]forbid['"]|Extra\.forbid)/.test(text),
      // Anything but a literal "forbid"/"ignore" (the default) may let instances carry extra attributes.
      allowsExtra: /\bextra\s*=\s*(?!['"](forbid|ignore)['"]|Extra\.(forbid|ignore)\b)/.test(text),
      aliases: /alias_generator|populate_by_name|validate_by_name|allow_population_by_field_name/.test(text),
    };
  }

  /** `__slots__ = ("a", "b")`: instance attributes; any other form: unknown attributes. */
  protected readSlots(value: SyntaxNode | undefined, classIndex: number): void {
    const cls = this.classes[classIndex];
    const items = value && (value.type === 'list' || value.type === 'tuple' || value.type === 'parenthesized_expression') ? value.children.filter((c) => c.named && c.type !== 'comment') : value?.type === 'string' ? [value] : null;
    const names = items?.map((c) => this.stringValue(c));
    if (!names || names.some((x) => x === null)) markDynamic(cls, true);
    else for (const name of names) cls.instanceAttributes.push({ name: name!, span: spanOf(value!) });
  }

  protected override visitAugmentedAssignment(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
  protected readDunderAll(value: SyntaxNode | undefined, mode: 'set' | 'extend' | 'append'): void {
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
  protected override stringValue(n: SyntaxNode): string | null {
    if (n.type !== 'string') return null;
    const m = /^([rRbBuU]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(this.textOf(n));
    return m ? m[3] : null;
  }

  protected override visitAsPattern(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
  protected alwaysRaises(handler: SyntaxNode): 'again' | 'other' | null {
    const block = handler.children.filter((c) => c.type === 'block').pop();
    const last = block?.children.filter((c) => c.named && c.type !== 'comment').pop();
    if (!block || last?.type !== 'raise_statement') return null;
    const exits = (n: SyntaxNode): boolean => n.type === 'return_statement' || n.type === 'break_statement' || n.type === 'continue_statement' || n.children.some(exits);
    if (exits(block)) return null;
    const raised = last.children.filter((c) => c.named && c.type !== 'comment');
    const alias = handler.children.find((c) => c.type === 'as_pattern')?.children.find((c) => c.field === 'alias');
    return raised.length === 0 || (raised.length === 1 && alias && this.textOf(raised[0]) === this.textOf(alias).trim()) ? 'again' : 'other';
  }

  protected override visitTry(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
      if (caught?.some((e) => this.apiErrors.has(e))) extra.push('api-error');
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
  protected caughtExceptions(handler: SyntaxNode): string[] | null {
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

  protected override visitIf(n: SyntaxNode, scope: Scope, ctx: Context): void {
    const condition = childByField(n, 'condition');
    const condText = condition ? this.textOf(condition) : '';
    let consequenceGuard: Guard | null = null;
    let alternativeGuard: Guard | null = null;
    if (TYPE_CHECKING.test(condText)) consequenceGuard = 'type-checking';
    else if (/^\s*not\s+(typing\s*\.\s*)?TYPE_CHECKING\s*$/.test(condText)) alternativeGuard = 'type-checking';
    else if (VERSION_CHECK.test(condText)) consequenceGuard = alternativeGuard = 'version';
    else if (/\b(hasattr|getattr)\s*\(/.test(condText)) consequenceGuard = 'attribute-error'; // (and 'api-error': withGuard)
    // `if os.path.exists("hc/local_settings.py"):` — an optional module the project does not ship.
    else if (/\b(exists|isfile|is_file|find_spec|find_loader)\s*\(/.test(condText)) consequenceGuard = 'import-error';
    const withGuard = (g: Guard | null): Context => (g ? { ...ctx, conditional: true, guards: [...ctx.guards, g, ...(g === 'attribute-error' ? ['api-error' as const] : [])] } : { ...ctx, conditional: true });
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

  protected override visitMatch(n: SyntaxNode, scope: Scope, ctx: Context): void {
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
  protected visitPattern(n: SyntaxNode, scope: Scope, ctx: Context): void {
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

}
