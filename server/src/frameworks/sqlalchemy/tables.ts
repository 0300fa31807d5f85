// SQLAlchemy Core tables assigned at module level (`tags = Table("tags", metadata, Column("id", …))`): their
// name, columns and foreign keys, read by the SQLAlchemy collector (facts.ts) from the walk's assignments.
import { childByField, dottedText, type SyntaxNode } from '../../syntax/parser';
import type { LiteralReader } from '../../syntax/classMemberReaders';
import { constraintTargets, foreignKeysIn } from './foreignKeys';
import type { SqlTable } from './readFacts';

const TABLE_CALLEE = /(^|\.)Table$/;

/** `variable = <right>` at module level: the table, when `right` is a `Table(…)` call with a literal name. */
export function sqlTableOf(variable: string, right: SyntaxNode, read: LiteralReader): SqlTable | null {
  if (right.type !== 'call' || !TABLE_CALLEE.test(read.textOf(childByField(right, 'function') ?? right))) return null;
  return readSqlTable(variable, right, read);
}

/** `tags = Table("tags", metadata, Column("id", Integer), …)`: its name, columns and foreign keys. */
function readSqlTable(variable: string, call: SyntaxNode, read: LiteralReader): SqlTable | null {
  const args = (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment');
  const name = args[0] ? read.stringValue(args[0]) : null;
  if (name === null) return null;
  const table: SqlTable = { variable, table: name, columns: [], open: false, span: read.spanOf(args[0]), foreignKeys: [], mappedColumns: [], callee: read.textOf(childByField(call, 'function') ?? call) };
  const metadata = args[1] && (args[1].type === 'identifier' || args[1].type === 'attribute') ? dottedText(args[1], read.textOf) : null;
  if (metadata) table.metadata = metadata;
  for (const a of args.slice(1)) {
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') table.open = true;
    else if (a.type === 'keyword_argument') {
      const k = childByField(a, 'name');
      if (k && /^(autoload|autoload_with|extend_existing|keep_existing)$/.test(read.textOf(k))) table.open = true;
    } else if (a.type === 'call') {
      const callee = read.textOf(childByField(a, 'function') ?? a);
      if (/(^|\.)mapped_column$/.test(callee)) table.mappedColumns.push(read.spanOf(childByField(a, 'function') ?? a));
      if (/(^|\.)ForeignKeyConstraint$/.test(callee)) table.foreignKeys.push(...constraintTargets(a, read));
      if (!/(^|\.)(Column|mapped_column)$/.test(callee)) continue;
      const first = (childByField(a, 'arguments')?.children ?? []).find((c) => c.named && c.type !== 'comment');
      const column = first ? read.stringValue(first) : null;
      if (column === null) table.open = true;
      else table.columns.push(column);
      table.foreignKeys.push(...foreignKeysIn(a, 0, read));
    }
  }
  return table;
}
