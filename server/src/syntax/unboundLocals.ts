// Reads of a function's local name that certainly run before any assignment of it: Python makes a name local
// to the whole function as soon as the function assigns it anywhere, so `Article = Article.objects.get(…)` after
// `from .models import Article` raises UnboundLocalError. Only reads that run whenever the function runs are
// judged: the statements of the body itself (and of `with` blocks), an `if`'s first condition, a loop's
// iterable, each up to the first statement that may bind the name; never branches, loops' bodies, `try`
// blocks, nested functions, lambdas, comprehensions or the right side of `and`/`or`/`if … else`.
import { childByField, type SyntaxNode } from './parser';

export interface EarlyRead {
  name: string;
  /** UTF-16 offsets of the read. */
  start: number;
  end: number;
  /** Where the first binding of the name in the function starts (offset). */
  boundAt: number;
}

/** Node types that bind names or whose identifiers are not reads the walk can order: skipped as a whole. */
const NOT_READS = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'global_statement', 'nonlocal_statement', 'delete_statement', 'function_definition', 'class_definition', 'decorated_definition', 'lambda', 'type', 'match_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** The reads of `names` (names the function binds) that run before any binding of them. */
export function earlyReads(body: SyntaxNode, names: ReadonlySet<string>, textOf: (n: SyntaxNode) => string): EarlyRead[] {
  const out: EarlyRead[] = [];
  const firstBinding = bindingOffsets(body, names, textOf);
  const reported = new Set<string>();
  const note = (id: SyntaxNode) => {
    const name = textOf(id);
    const boundAt = firstBinding.get(name);
    // A binding before the read (in any branch before it, or earlier in the same statement) may have run.
    if (boundAt === undefined || boundAt < id.start || reported.has(name)) return;
    reported.add(name);
    out.push({ name, start: id.start, end: id.end, boundAt });
  };
  const readsIn = (n: SyntaxNode) => collectReads(n, note);
  const statements = (block: SyntaxNode): boolean => {
    for (const st of block.children) if (!statement(st)) return false;
    return true;
  };
  // Returns false once a statement may leave the straight line (return, raise…): what follows may not run.
  const statement = (st: SyntaxNode): boolean => {
    switch (st.type) {
      case 'expression_statement':
      case 'return_statement':
      case 'assert_statement':
      case 'raise_statement':
        readsIn(st);
        return st.type !== 'return_statement' && st.type !== 'raise_statement';
      case 'if_statement': {
        const condition = childByField(st, 'condition');
        if (condition) readsIn(condition);
        return true;
      }
      case 'for_statement': {
        const right = childByField(st, 'right');
        if (right) readsIn(right);
        return true;
      }
      case 'while_statement': {
        const condition = st.children.find((c) => c.type !== 'block' && c.type !== 'else_clause' && c.type !== 'comment');
        if (condition) readsIn(condition);
        return true;
      }
      case 'with_statement': {
        const clause = st.children.find((c) => c.type === 'with_clause');
        // A context manager may swallow the error (`suppress`, `assertRaises`, `pytest.raises`).
        if (!clause || /suppress|raises|Raises/.test(textOf(clause))) return true;
        readsIn(clause);
        const block = st.children.find((c) => c.type === 'block');
        return block ? statements(block) : true;
      }
      default:
        return true;
    }
  };
  statements(body);
  return out;
}

/** Identifiers read by an expression or simple statement, in evaluation order as far as it matters here. */
function collectReads(n: SyntaxNode, note: (id: SyntaxNode) => void): void {
  if (NOT_READS.has(n.type)) return;
  switch (n.type) {
    case 'identifier':
      note(n);
      return;
    case 'attribute': {
      const object = childByField(n, 'object');
      if (object) collectReads(object, note);
      return;
    }
    case 'keyword_argument': {
      const value = childByField(n, 'value');
      if (value) collectReads(value, note);
      return;
    }
    case 'assignment': {
      // `x: T = v`: the annotation of a local is never evaluated; the targets are bindings (their subscripts
      // and attribute objects are reads, but ordering them against the value gains nothing).
      const value = childByField(n, 'right');
      if (value) collectReads(value, note);
      return;
    }
    case 'augmented_assignment': {
      // `n += 1` reads n first.
      for (const c of n.children) collectReads(c, note);
      return;
    }
    case 'boolean_operator':
    case 'conditional_expression': {
      // Only the first operand always runs (for `a if c else b`, the condition `c` does, in the middle).
      const first = n.type === 'conditional_expression' ? n.children.filter((c) => c.named && c.type !== 'comment')[1] : n.children.find((c) => c.named && c.type !== 'comment');
      if (first) collectReads(first, note);
      return;
    }
    case 'named_expression':
      // `(x := …)` binds in the middle of an expression: leave the statement alone.
      return;
    case 'as_pattern': {
      // `with open(p) as handle`: the target after `as` is bound, not read.
      const value = n.children.find((c) => c.named && c.field !== 'alias' && c.type !== 'as_pattern_target' && c.type !== 'comment');
      if (value) collectReads(value, note);
      return;
    }
    default:
      for (const c of n.children) collectReads(c, note);
  }
}

/**
 * For each of `names`, the earliest offset from which an occurrence of it in the body may have bound it: the end
 * of its simple statement (`x = x + 1` binds x once the value is read), of a `for` header, a `with` clause, an
 * `if`/`while` condition or an import. Occurrences anywhere else (nested definitions, comprehensions, `match`,
 * `except`, walrus) count from where their construct starts, which only ever silences a read.
 */
function bindingOffsets(body: SyntaxNode, names: ReadonlySet<string>, textOf: (n: SyntaxNode) => string): Map<string, number> {
  const first = new Map<string, number>();
  const record = (n: SyntaxNode, at: number): void => {
    if (n.type === 'identifier') {
      const name = textOf(n);
      if (names.has(name) && at < (first.get(name) ?? Infinity)) first.set(name, at);
      return;
    }
    for (const c of n.children) record(c, n.type === 'named_expression' ? Math.min(at, n.start) : at);
  };
  const statements = (block: SyntaxNode): void => {
    for (const st of block.children) statement(st);
  };
  const statement = (st: SyntaxNode): void => {
    switch (st.type) {
      case 'block':
        return statements(st);
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
      case 'with_statement':
      case 'try_statement': {
        // The header (condition, iterable and target, context managers) binds once it is evaluated; each
        // block's statements are statements of their own; every other clause counts from its start.
        const header = st.children.filter((c) => c.type !== 'block' && !/_clause$/.test(c.type) || c.type === 'with_clause');
        const headerEnd = Math.max(st.start, ...header.map((c) => c.end));
        for (const c of header) record(c, headerEnd);
        for (const c of st.children) {
          if (c.type === 'block') statements(c);
          else if (/_clause$/.test(c.type) && c.type !== 'with_clause') clause(c);
        }
        return;
      }
      case 'expression_statement':
      case 'return_statement':
      case 'assert_statement':
      case 'raise_statement':
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
      case 'delete_statement':
        return record(st, st.end);
      default:
        // Definitions, `match`, anything else: from where it starts.
        return record(st, st.start);
    }
  };
  const clause = (c: SyntaxNode): void => {
    for (const part of c.children) {
      if (part.type === 'block') statements(part);
      else record(part, c.start);
    }
  };
  statements(body);
  return first;
}
