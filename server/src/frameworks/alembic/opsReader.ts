// The schema changes of an Alembic migration function (upgrade() and the helpers it may call), read from the
// tree: `op.create_table("t", sa.Column("c", …))`, `op.add_column`, `op.drop_column`, `op.alter_column(…,
// new_column_name=…)`, `op.rename_table`, `op.drop_table`, the same inside `with op.batch_alter_table("t") as b:`,
// and DDL run as SQL (`op.execute("ALTER TABLE …")`, `conn.execute(text(…))`). Names may be literals, constants
// of the file, or the variable of a `for` loop over literal strings (`for table in ("a", "b"):`), which applies
// the change to each. What cannot be read is 'unknown', scoped to the table or column it names when one of the
// two is readable: a gap makes unknown only what it could change.
import { childByField, namedChildren, type SyntaxNode } from '../../syntax/parser';
import { ddlOps, UNKNOWN_NAME } from './sql';
import type { AlembicOp } from './revisionFacts';

/** `t = "users"` and `TABLES = ("a", "b")` assigned once: the strings a name stands for. */
type Constants = Map<string, string[] | null>;

const COLUMN = /(^|\.)Column$/;
/** create_table arguments that add no column. */
const CONSTRAINT = /(^|\.)(PrimaryKeyConstraint|ForeignKeyConstraint|UniqueConstraint|CheckConstraint|Index|Computed|Identity)$/;
/** SQL text wrappers: `sa.text("…")`, `sqlalchemy.sql.text("…")`, `DDL("…")`. */
const SQL_WRAPPERS = /(^|\.)(text|DDL)$/;

export class AlembicOpsReader {
  private readonly moduleConstants: Constants;

  constructor(
    private readonly text: string,
    root: SyntaxNode,
  ) {
    this.moduleConstants = new Map();
    this.collectConstants(root, this.moduleConstants, false);
  }

  private textOf(n: SyntaxNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** The schema changes of one function body, in the order written. */
  read(body: SyntaxNode): AlembicOp[] {
    const ops: AlembicOp[] = [];
    const locals: Constants = new Map(this.moduleConstants);
    this.collectConstants(body, locals, true);
    this.walk(body, { constants: locals, batches: new Map(), columns: this.columnVariables(body, locals) }, ops, 0);
    return ops;
  }

  /** Names assigned exactly once (in `scope`, not in nested functions) to a string or a tuple/list of strings. */
  private collectConstants(scope: SyntaxNode, into: Constants, deep: boolean): void {
    const seen = new Set<string>();
    const visit = (n: SyntaxNode, depth: number): void => {
      if (depth > 40) return;
      if (n.type === 'assignment' || n.type === 'augmented_assignment') {
        const left = childByField(n, 'left');
        if (left?.type === 'identifier') {
          const name = this.textOf(left);
          const values = n.type === 'assignment' && !seen.has(name) ? this.literalStrings(childByField(n, 'right')) : null;
          // A name bound again (or bound to something else) stands for nothing we know.
          into.set(name, seen.has(name) ? null : values);
          seen.add(name);
        }
      }
      if ((n.type === 'function_definition' || n.type === 'class_definition') && depth > 0) return;
      if (deep || depth < 2) for (const c of n.children) visit(c, depth + 1);
    };
    visit(scope, 0);
  }

  /** `id_column = sa.Column("id", …)` (in each branch): the column a local name holds; null when it may hold anything else. */
  private columnVariables(body: SyntaxNode, constants: Constants): Map<string, string[] | null> {
    const out = new Map<string, string[] | null>();
    const scope: Scope = { constants, batches: new Map(), columns: new Map() };
    const visit = (n: SyntaxNode, depth: number): void => {
      if (depth > 40 || n.type === 'function_definition' || n.type === 'class_definition') return;
      if (n.type === 'assignment' || n.type === 'augmented_assignment') {
        const left = childByField(n, 'left');
        if (left?.type === 'identifier') {
          const name = this.textOf(left);
          const column = n.type === 'assignment' ? this.columnName(childByField(n, 'right'), scope) : null;
          const before = out.get(name);
          out.set(name, column?.length === 1 && (before === undefined || before?.[0] === column[0]) ? column : null);
        } else if (left) for (const name of identifiersIn(left, this.text)) out.set(name, null);
      }
      for (const c of n.children) visit(c, depth + 1);
    };
    for (const c of body.children) visit(c, 0);
    return out;
  }

  /** A string literal, or a tuple/list of them: their values; else null. */
  private literalStrings(n: SyntaxNode | undefined): string[] | null {
    if (!n) return null;
    if (n.type === 'string') {
      const v = this.plainString(n);
      return v === null ? null : [v];
    }
    if (n.type === 'tuple' || n.type === 'list' || n.type === 'parenthesized_expression') {
      const items = namedChildren(n).map((c) => (c.type === 'string' ? this.plainString(c) : null));
      return items.length && items.every((x) => x !== null) ? (items as string[]) : null;
    }
    return null;
  }

  /** A string literal without interpolations (no f-string placeholders), else null. */
  private plainString(n: SyntaxNode): string | null {
    if (n.type !== 'string') return null;
    const m = /^([rRbBuU]{0,2})("""|'''|"|')([\s\S]*)\2$/.exec(this.textOf(n));
    return m ? m[3] : null;
  }

  /** The strings a name-like argument stands for: a literal, a constant, a loop variable. */
  private names(n: SyntaxNode | undefined, scope: Scope): string[] | null {
    if (!n) return null;
    if (n.type === 'string') {
      const v = this.plainString(n);
      return v === null ? null : [v];
    }
    if (n.type === 'identifier') return scope.constants.get(this.textOf(n)) ?? null;
    return null;
  }

  /**
   * SQL text as written: string literals (f-string placeholders become UNKNOWN_NAME), implicit concatenations,
   * `text("…")`, and constants holding one string. null when it is not text we can see.
   */
  private sqlText(n: SyntaxNode | undefined, scope: Scope, depth = 0): string | null {
    if (!n || depth > 4) return null;
    if (n.type === 'string') {
      const quote = /^[rRbBuUfF]{0,2}("""|'''|"|')/.exec(this.textOf(n));
      if (!quote) return null;
      let out = '';
      let at = n.start + quote[0].length;
      for (const c of n.children) {
        if (c.type !== 'interpolation') continue;
        out += this.text.slice(at, c.start) + UNKNOWN_NAME;
        at = c.end;
      }
      return out + this.text.slice(at, Math.max(at, n.end - quote[1].length));
    }
    if (n.type === 'concatenated_string') {
      const parts = namedChildren(n).map((c) => this.sqlText(c, scope, depth + 1));
      return parts.every((p) => p !== null) ? parts.join('') : null;
    }
    if (n.type === 'parenthesized_expression') return this.sqlText(namedChildren(n)[0], scope, depth + 1);
    if (n.type === 'identifier') {
      const values = scope.constants.get(this.textOf(n));
      return values?.length === 1 ? values[0] : null;
    }
    if (n.type === 'call' && SQL_WRAPPERS.test(this.textOf(childByField(n, 'function') ?? n))) return this.sqlText(positional(n)[0], scope, depth + 1);
    return null;
  }

  private walk(n: SyntaxNode, scope: Scope, ops: AlembicOp[], depth: number): void {
    if (depth > 60) return;
    if (n.type === 'for_statement') {
      // `for table in ("project", "project_template"):` applies the body to each.
      const left = childByField(n, 'left');
      const right = childByField(n, 'right');
      const values = left?.type === 'identifier' ? (this.literalStrings(right) ?? (right?.type === 'identifier' ? (scope.constants.get(this.textOf(right)) ?? null) : null)) : null;
      const constants = new Map(scope.constants);
      if (left?.type === 'identifier') constants.set(this.textOf(left), values);
      else if (left) for (const name of identifiersIn(left, this.text)) constants.set(name, null);
      const inner: Scope = { ...scope, constants };
      for (const c of n.children) this.walk(c, c === right ? scope : inner, ops, depth + 1);
      return;
    }
    if (n.type === 'as_pattern') {
      const value = n.children.find((c) => c.named && c.field !== 'alias');
      const alias = childByField(n, 'alias');
      const fn = value?.type === 'call' ? this.textOf(childByField(value, 'function') ?? value) : '';
      if (value && alias && /(^|\.)batch_alter_table$/.test(fn)) scope.batches.set(this.textOf(alias).trim(), this.names(positional(value)[0], scope));
    }
    if (n.type === 'call') this.readCall(n, scope, ops);
    for (const c of n.children) this.walk(c, scope, ops, depth + 1);
  }

  private columnName(n: SyntaxNode | undefined, scope: Scope): string[] | null {
    return n?.type === 'call' && COLUMN.test(this.textOf(childByField(n, 'function') ?? n)) ? this.names(positional(n)[0], scope) : null;
  }

  private readCall(n: SyntaxNode, scope: Scope, ops: AlembicOp[]): void {
    const fn = childByField(n, 'function');
    if (fn?.type !== 'attribute') return;
    const object = childByField(fn, 'object');
    const method = this.textOf(childByField(fn, 'attribute') ?? fn);
    const owner = object ? this.textOf(object) : '';
    const all = (childByField(n, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment');
    const args = all.filter((x) => x.type !== 'keyword_argument');
    if (method === 'execute') {
      // `op.execute(…)`, `connection.execute(text(…))`, `op.get_bind().execute(…)`: DDL in SQL changes the schema.
      const sql = this.sqlText(args[0], scope);
      if (sql !== null) ops.push(...ddlOps(sql));
      return;
    }
    const inBatch = scope.batches.has(owner);
    if (owner !== 'op' && !inBatch) return;
    // In a batch block the table is implied: the arguments shift by one.
    const tables = inBatch ? scope.batches.get(owner)! : this.names(args[0], scope);
    const rest = inBatch ? args : args.slice(1);
    const each = (f: (table: string) => AlembicOp) => {
      for (const table of tables!) ops.push(f(table));
    };
    switch (method) {
      case 'create_table': {
        if (tables === null) {
          ops.push({ op: 'unknown' });
          break;
        }
        const columns: string[] = [];
        let open = false;
        for (const x of rest) {
          const c = x.type === 'identifier' ? (scope.columns.get(this.textOf(x)) ?? null) : this.columnName(x, scope);
          if (c?.length === 1) columns.push(c[0]);
          // Anything else than a constraint or an index may be a column we cannot name (`*columns`, a helper's result).
          else if (!(x.type === 'call' && CONSTRAINT.test(this.textOf(childByField(x, 'function') ?? x)))) open = true;
        }
        each((table) => ({ op: 'create_table', table, columns, open }));
        break;
      }
      case 'drop_table':
        if (tables === null) ops.push({ op: 'unknown' });
        else each((table) => ({ op: 'drop_table', table }));
        break;
      case 'rename_table': {
        const to = this.names(rest[0], scope);
        if (tables === null) ops.push({ op: 'unknown' });
        else each((table) => (to?.length === 1 ? { op: 'rename_table', table, to: to[0] } : { op: 'unknown', table }));
        break;
      }
      case 'add_column':
      case 'drop_column': {
        const columns = method === 'add_column' ? this.columnName(rest[0], scope) : this.names(rest[0], scope);
        this.columnChange(method, tables, columns, ops);
        break;
      }
      case 'alter_column': {
        const renamed = keywordValue(all, 'new_column_name', this.text);
        if (!renamed) break;
        const column = this.names(rest[0], scope);
        const to = this.names(renamed, scope);
        if (tables === null) ops.push(column?.length === 1 && to?.length === 1 ? { op: 'unknown', column: column[0] } : { op: 'unknown' });
        else each((table) => (column?.length === 1 && to?.length === 1 ? { op: 'rename_column', table, column: column[0], to: to[0] } : { op: 'unknown', table }));
        break;
      }
      default:
        break;
    }
  }

  /** add_column / drop_column over every table and column named; what is not readable is unknown where it could act. */
  private columnChange(op: 'add_column' | 'drop_column', tables: string[] | null, columns: string[] | null, ops: AlembicOp[]): void {
    if (tables === null && columns === null) ops.push({ op: 'unknown' });
    else if (tables === null) for (const column of columns!) ops.push({ op: 'unknown', column });
    else if (columns === null) for (const table of tables) ops.push({ op: 'unknown', table });
    else for (const table of tables) for (const column of columns) ops.push({ op, table, column });
  }
}

interface Scope {
  constants: Constants;
  /** `with op.batch_alter_table(…) as batch_op:` aliases and the tables they change (null: not readable). */
  batches: Map<string, string[] | null>;
  /** Local names holding one Column (see columnVariables). */
  columns: Map<string, string[] | null>;
}

function positional(call: SyntaxNode): SyntaxNode[] {
  return (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument');
}

function keywordValue(args: readonly SyntaxNode[], name: string, text: string): SyntaxNode | undefined {
  const k = args.find((a) => {
    const key = a.type === 'keyword_argument' ? childByField(a, 'name') : undefined;
    return key && text.slice(key.start, key.end) === name;
  });
  return k ? childByField(k, 'value') : undefined;
}

function identifiersIn(n: SyntaxNode, text: string): string[] {
  if (n.type === 'identifier') return [text.slice(n.start, n.end)];
  return n.children.flatMap((c) => identifiersIn(c, text));
}
