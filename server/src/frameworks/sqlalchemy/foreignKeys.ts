// SQLAlchemy's `ForeignKey("t.c")` and `ForeignKeyConstraint([…], ["t.c"])` among a call's arguments: read for a
// mapped class's members (classMembers.ts: `mapped_column(ForeignKey(…))`, `__table_args__`) and for Core tables
// (tables.ts).
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { ForeignKeyRef } from '../../syntax/summary';
import type { LiteralReader } from '../../syntax/classMemberReaders';

/** `ForeignKey("t.c")` calls among a call's arguments (nested ones too: `Column(Integer, ForeignKey(…))`). */
export function foreignKeysIn(call: SyntaxNode, depth: number, read: LiteralReader): ForeignKeyRef[] {
  const out: ForeignKeyRef[] = [];
  if (depth > 3) return out;
  for (const a of childByField(call, 'arguments')?.children ?? []) {
    const value = a.type === 'keyword_argument' ? childByField(a, 'value') : a;
    if (value?.type !== 'call') continue;
    const callee = read.textOf(childByField(value, 'function') ?? value);
    if (/(^|\.)ForeignKey$/.test(callee)) {
      const first = (childByField(value, 'arguments')?.children ?? []).find((c) => c.named && c.type !== 'comment');
      const target = first ? read.stringValue(first) : null;
      if (first && target !== null) out.push({ target, span: read.spanOf(first) });
    } else if (/(^|\.)ForeignKeyConstraint$/.test(callee)) out.push(...constraintTargets(value, read));
    else out.push(...foreignKeysIn(value, depth + 1, read));
  }
  return out;
}

/** `ForeignKeyConstraint(["a_id"], ["a.id"])`: the referenced columns, written "table.column". */
export function constraintTargets(call: SyntaxNode, read: LiteralReader): ForeignKeyRef[] {
  const refcolumns = (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named && c.type !== 'comment' && c.type !== 'keyword_argument')[1];
  if (!refcolumns || (refcolumns.type !== 'list' && refcolumns.type !== 'tuple')) return [];
  const out: ForeignKeyRef[] = [];
  for (const item of refcolumns.children) {
    const target = item.type === 'string' ? read.stringValue(item) : null;
    if (target !== null) out.push({ target, span: read.spanOf(item) });
  }
  return out;
}
