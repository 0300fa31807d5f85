// `common_args = {"back_populates": "group", "cascade": "all"}` in a class body or module, then
// `relationship("Tool", **common_args)`: the unpacked options are as readable as written-out keywords, as long
// as the dict is a literal with string keys, bound once and never changed in place.
import type { SyntaxNode } from './parser';

type Values = Record<string, string | null>;

/** A name bound once: its value, read as options on the first lookup (`values`); null when bound more than once. */
type Binding = { right: SyntaxNode | undefined; values?: Values | null } | null;

export class OptionDicts {
  /** Per scope (class body or module): name → its binding (read as a literal's keys and values when looked up). */
  private readonly byScope = new WeakMap<object, Map<string, Binding>>();

  constructor(
    private readonly text: string,
    /** A value as callArgs shows it: a string's contents, a dotted name, True/False; null otherwise. */
    private readonly valueOf: (n: SyntaxNode) => string | null,
  ) {}

  /** `name = right` in `scope` (a class body or the module). */
  note(scope: object, name: string, right: SyntaxNode | undefined): void {
    let names = this.byScope.get(scope);
    if (!names) this.byScope.set(scope, (names = new Map()));
    // Read on lookup only: few files unpack `**name`, and reading searches the whole text for changes to it.
    names.set(name, names.has(name) ? null : { right });
  }

  /** The options `**name` unpacks, read from `scopes` (nearest first, up to the one binding the name); null when unknown. */
  lookup(scopes: { scope: object; binds: boolean }[], name: string): Values | null {
    for (const { scope, binds } of scopes) {
      const found = this.byScope.get(scope)?.get(name);
      if (found === null) return null; // bound more than once
      if (found !== undefined) return found.values === undefined ? (found.values = this.literal(name, found.right)) : found.values;
      if (binds) return null; // bound there, but not as a literal we saw
    }
    return null;
  }

  private literal(name: string, right: SyntaxNode | undefined): Values | null {
    if (right?.type !== 'dictionary') return null;
    const escaped = name.replace(/[$]/g, '\\$');
    // `opts["backref"] = …`, `opts.update(…)`, `opts |= …`, `del opts[…]` anywhere in the file: not what is written.
    if (new RegExp(`(^|[^\\w.])${escaped}\\s*(\\[[^\\]]*\\]\\s*=(?!=)|\\|=|\\.(update|setdefault|pop|popitem|clear|__setitem__)\\s*\\()|\\bdel\\s+${escaped}\\s*\\[`, 'm').test(this.text)) return null;
    const values: Values = {};
    for (const pair of right.children) {
      if (!pair.named || pair.type === 'comment') continue;
      if (pair.type !== 'pair') return null; // `**other`, comprehensions
      const [key, value, ...rest] = pair.children.filter((c) => c.named && c.type !== 'comment');
      if (rest.length) return null;
      const keyText = key?.type === 'string' ? /^(["'])(\w+)\1$/.exec(this.text.slice(key.start, key.end))?.[2] : undefined;
      if (!keyText || !value) return null;
      values[keyText] = this.valueOf(value);
    }
    return values;
  }
}
