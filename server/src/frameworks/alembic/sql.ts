// The schema changes that SQL run by a migration makes (`op.execute("ALTER TABLE users ADD COLUMN bio text")`),
// read by keywords, never parsed in full: only statements that create, rename or drop tables and columns
// matter here (data changes, indexes, types, constraints, defaults change no column set). The statements may sit
// in PL/pgSQL `DO $$ … $$` blocks, so they are looked for anywhere in the text. A statement whose table or
// column cannot be read is an 'unknown' change scoped to what it names.
import type { AlembicOp } from './revisionFacts';

/** What an f-string placeholder (`{table}`) becomes in the SQL text: a name we cannot know. */
export const UNKNOWN_NAME = '\u0000';

const NAME = String.raw`[\w$"\`\[\]\u0000.]+`;
/** Words that follow ADD / DROP in ALTER TABLE without naming a column. */
const NOT_COLUMNS = new Set(['constraint', 'primary', 'unique', 'foreign', 'check', 'index', 'key', 'exclude', 'fulltext', 'spatial', 'default', 'not', 'partition', 'identity', 'expression', 'generated', 'period', 'system']);
/** ALTER TABLE actions that change no column set. */
const NEUTRAL_ACTIONS = /^(alter|modify|owner|set|reset|enable|disable|validate|cluster|inherit|no|replica|force|attach|detach|engine|convert|default|auto_increment|character|charset|collate|comment|row_format|of|not|drop\s+(constraint|default|index|primary|foreign|key|check|not)|add\s+(constraint|primary|unique|foreign|check|index|key|exclude|fulltext|spatial)|rename\s+(constraint|index|key))\b/i;

/** A table or column name as written (quotes and schema dropped), or null when it is built at run time. */
function nameOf(raw: string | undefined): string | null {
  if (!raw || raw.includes(UNKNOWN_NAME)) return null;
  const last = raw.split('.').pop()!.replace(/^["`[]|["`\]]$/g, '');
  return /^[A-Za-z_][\w$]*$/.test(last) ? last : null;
}

/** Top-level comma-separated parts (commas inside parentheses belong to their part). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The statements of a SQL text: comments removed, split on `;`, PL/pgSQL keywords around them left in place. */
function statements(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** A statement inside a SQL literal (`EXECUTE IMMEDIATE 'alter table …'`) ends before the literal's closing quote. */
function unquoted(statement: string, from: number, rest: string): string {
  return (statement.slice(0, from).match(/'/g)?.length ?? 0) % 2 === 1 ? rest.replace(/'\s*$/, '') : rest;
}

/** The schema changes of SQL text. */
export function ddlOps(sql: string): AlembicOp[] {
  const ops: AlembicOp[] = [];
  for (const statement of statements(sql)) {
    let m: RegExpExecArray | null;
    const alter = new RegExp(String.raw`\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${NAME})\s*\*?\s+(.*)$`, 'i');
    if ((m = alter.exec(statement))) {
      alterTable(nameOf(m[1]), unquoted(statement, m.index, m[2]), ops);
      continue;
    }
    const create = new RegExp(String.raw`\bcreate\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(temp\s+|temporary\s+|unlogged\s+)?(table|view|materialized\s+view)\s+(?:if\s+not\s+exists\s+)?(${NAME})\s*(.*)$`, 'i');
    if ((m = create.exec(statement))) {
      if (m[1]) continue; // a temporary table is gone when the session ends
      const table = nameOf(m[3]);
      if (table === null) ops.push({ op: 'unknown' });
      else ops.push(/^table$/i.test(m[2]) ? createTable(table, unquoted(statement, m.index, m[4])) : { op: 'create_table', table, columns: [], open: true });
      continue;
    }
    if ((m = /\bdrop\s+(?:table|view|materialized\s+view)\s+(?:if\s+exists\s+)?(.*)$/i.exec(statement))) {
      for (const raw of splitTopLevel(m[1].replace(/\s+(cascade|restrict)\s*$/i, ''))) {
        const table = nameOf(raw.split(/\s+/)[0]);
        ops.push(table === null ? { op: 'unknown' } : { op: 'drop_table', table });
      }
      continue;
    }
    if ((m = new RegExp(String.raw`\brename\s+table\s+(${NAME})\s+to\s+(${NAME})`, 'i').exec(statement))) {
      const [from, to] = [nameOf(m[1]), nameOf(m[2])];
      ops.push(from !== null && to !== null ? { op: 'rename_table', table: from, to } : from !== null ? { op: 'unknown', table: from } : { op: 'unknown' });
      continue;
    }
    // `SELECT … INTO new_table FROM …` creates a table (INSERT INTO does not; INTO after FROM is PL/pgSQL's variable).
    if ((m = new RegExp(String.raw`\bselect\b(?:(?!\bfrom\b)[^;])*?\binto\s+(?:(?:temp|temporary|unlogged|table)\s+)*(${NAME})`, 'i').exec(statement)) && !/\binsert\s+into\b/i.test(statement)) {
      const table = nameOf(m[1]);
      ops.push(table === null ? { op: 'unknown' } : { op: 'create_table', table, columns: [], open: true });
    }
  }
  return ops;
}

/** `CREATE TABLE t (a int, b text, PRIMARY KEY (a))`: its columns; open when they come from elsewhere (AS, LIKE, INHERITS). */
function createTable(table: string, rest: string): AlembicOp {
  const m = /^\((.*)\)\s*(.*)$/.exec(rest);
  if (!m || /\b(inherits|partition\s+of|as)\b/i.test(m[2]) || /^\s*as\b/i.test(rest)) return { op: 'create_table', table, columns: [], open: true };
  const columns: string[] = [];
  let open = false;
  for (const part of splitTopLevel(m[1])) {
    const first = part.split(/\s+/)[0];
    if (/^like$/i.test(first)) open = true;
    if (NOT_COLUMNS.has(first.toLowerCase()) || /^like$/i.test(first)) continue;
    const column = nameOf(first);
    if (column === null) open = true;
    else columns.push(column);
  }
  return { op: 'create_table', table, columns, open };
}

function alterTable(table: string | null, actions: string, ops: AlembicOp[]): void {
  for (const action of splitTopLevel(actions)) {
    if (NEUTRAL_ACTIONS.test(action)) continue;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(String.raw`^rename\s+to\s+(${NAME})`, 'i').exec(action))) {
      const to = nameOf(m[1]);
      ops.push(table !== null && to !== null ? { op: 'rename_table', table, to } : table !== null ? { op: 'unknown', table } : { op: 'unknown' });
      continue;
    }
    if ((m = new RegExp(String.raw`^(?:rename(?:\s+column)?|change(?:\s+column)?)\s+(${NAME})\s+(?:to\s+)?(${NAME})`, 'i').exec(action))) {
      const [from, to] = [nameOf(m[1]), nameOf(m[2])];
      if (table !== null && from !== null && to !== null) ops.push({ op: 'rename_column', table, column: from, to });
      else if (table !== null) ops.push({ op: 'unknown', table });
      else ops.push(...[from, to].filter((c): c is string => c !== null).map((column) => ({ op: 'unknown' as const, column })), ...(from === null || to === null ? [{ op: 'unknown' as const }] : []));
      continue;
    }
    if ((m = /^(add|drop)\s*\((.*)\)$/i.exec(action))) {
      // Oracle: `ADD (a clob, b int)`, `DROP (a, b)`.
      for (const part of splitTopLevel(m[2])) alterTable(table, `${m[1]} column ${part}`, ops);
      continue;
    }
    if ((m = new RegExp(String.raw`^(add|drop)(?:\s+column)?(?:\s+if\s+(?:not\s+)?exists)?\s+(${NAME})`, 'i').exec(action))) {
      const column = nameOf(m[2]);
      const op = m[1].toLowerCase() === 'add' ? 'add_column' : 'drop_column';
      if (table !== null && column !== null) ops.push({ op, table, column });
      else if (table !== null) ops.push({ op: 'unknown', table });
      else ops.push(column !== null ? { op: 'unknown', column } : { op: 'unknown' });
      continue;
    }
    ops.push(table !== null ? { op: 'unknown', table } : { op: 'unknown' });
  }
}
