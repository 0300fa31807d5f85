// Django's class options that name model fields (model Meta, ModelForm/ModelSerializer Meta, ModelAdmin):
// `fields = ["title"]`, `ordering`, `list_display`…, and the lookups of Meta `constraints`' conditions. The
// walk hands it each class-level assignment of a name it lists (FactCollector.classOptions) and keeps what it
// reads in the class member (MemberInfo.strings, .lookups), which the field and model rules read.
import type { Span } from '../../core/types';
import type { ClassOptionReader, LiteralContext } from '../../syntax/factCollectors';
import { childByField, dottedText, type SyntaxNode } from '../../syntax/parser';

/** Class-level options whose strings name model fields (Django model Meta, ModelForm/ModelSerializer Meta, ModelAdmin). */
const FIELD_NAME_OPTIONS = [
  'fields', 'exclude', 'ordering', 'unique_together', 'list_display', 'list_filter', 'search_fields', 'raw_id_fields',
  'readonly_fields', 'autocomplete_fields', 'filter_horizontal', 'filter_vertical', 'date_hierarchy',
  'indexes', 'constraints', 'fieldsets',
];

/** The value of keyword argument `name` among a call's arguments (`fields=[…]` of `Index(fields=[…])`). */
function keywordValue(args: readonly SyntaxNode[], name: string, ctx: LiteralContext): SyntaxNode | undefined {
  const k = args.find((a) => a.type === 'keyword_argument' && ctx.textOf(childByField(a, 'name') ?? a) === name);
  return k ? childByField(k, 'value') : undefined;
}

/**
 * The field names an option lists: its string literals, or for `indexes`/`constraints` those of each
 * `Index(fields=[…])`/`UniqueConstraint(fields=[…])`, and for `fieldsets` those of each `{"fields": (…)}`.
 */
function optionStrings(option: string, value: SyntaxNode, ctx: LiteralContext): { value: string; span: Span }[] {
  const items = value.type === 'list' || value.type === 'tuple' ? value.children.filter((c) => c.named && c.type !== 'comment') : [];
  if (option === 'indexes' || option === 'constraints') {
    return items.flatMap((call) => {
      const list = call.type === 'call' ? keywordValue(childByField(call, 'arguments')?.children ?? [], 'fields', ctx) : undefined;
      return list ? stringLiterals(list, 0, ctx) : [];
    });
  }
  if (option === 'fieldsets') {
    return items.flatMap((set) => {
      const options = set.type === 'tuple' || set.type === 'list' ? set.children.filter((c) => c.named && c.type !== 'comment')[1] : undefined;
      // A pair's key and value are its two named children (the syntax tree keeps no field names on pairs).
      const pairs = options?.type === 'dictionary' ? options.children.filter((p) => p.type === 'pair').map((p) => p.children.filter((c) => c.named)) : [];
      const list = pairs.find(([key]) => key && ctx.stringValue(key) === 'fields')?.[1];
      return list ? stringLiterals(list, 1, ctx) : [];
    });
  }
  return stringLiterals(value, 1, ctx);
}

/** `CheckConstraint(check=Q(price__gt=0) & Q(…))`, `UniqueConstraint(…, condition=Q(…))`: the Q keywords' names. */
function constraintLookups(value: SyntaxNode, ctx: LiteralContext): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const walk = (n: SyntaxNode, inQ: boolean, depth: number): void => {
    if (depth > 40) return;
    if (n.type === 'keyword_argument') {
      const name = childByField(n, 'name');
      const key = name ? ctx.textOf(name) : '';
      if (inQ && name) out.push({ name: key, span: ctx.spanOf(name) });
      const v = childByField(n, 'value');
      // Only the condition's Q objects name lookups (not `name=`, `fields=`, a Q's values).
      if (v && (inQ ? false : key === 'check' || key === 'condition')) walk(v, false, depth + 1);
      return;
    }
    if (n.type === 'call') {
      const fn = childByField(n, 'function');
      const callee = fn ? dottedText(fn, ctx.textOf) : null;
      const last = callee?.slice(callee.lastIndexOf('.') + 1);
      const args = childByField(n, 'arguments');
      if (last === 'Q' && args) for (const a of args.children) walk(a, true, depth + 1);
      else if (args && /Constraint$/.test(last ?? '')) for (const a of args.children) if (a.type === 'keyword_argument') walk(a, false, depth + 1);
      else if (childByField(n, 'function')?.type === 'attribute') walk(childByField(childByField(n, 'function')!, 'object')!, false, depth + 1);
      return;
    }
    for (const c of n.children) if (c.named) walk(c, inQ, depth + 1);
  };
  walk(value, false, 0);
  return out;
}

/** The string literals of a string, list or tuple (nested `depth` levels more), with the spans of their contents. */
function stringLiterals(n: SyntaxNode, depth: number, ctx: LiteralContext): { value: string; span: Span }[] {
  if (n.type === 'string') {
    const m = /^([rRuU]?)("|')([^"'\\\n]*)\2$/.exec(ctx.textOf(n));
    const [sl, sc] = ctx.spanOf(n);
    // One-line literals without escapes: the contents start after the prefix and the quote.
    return m ? [{ value: m[3], span: [sl, sc + m[1].length + 1, sl, sc + m[1].length + 1 + m[3].length] }] : [];
  }
  if ((n.type === 'list' || n.type === 'tuple' || n.type === 'parenthesized_expression') && depth >= 0) {
    return n.children.filter((c) => c.named).flatMap((c) => stringLiterals(c, c.type === 'string' ? depth : depth - 1, ctx));
  }
  return [];
}

export const djangoClassOptions: ClassOptionReader = {
  names: FIELD_NAME_OPTIONS,
  read: (name, value, ctx) => ({ strings: optionStrings(name, value, ctx), lookups: name === 'constraints' ? constraintLookups(value, ctx) : [] }),
};
