// A mapped class's members as SQLAlchemy reads them (the collector's classMembers part, syntax/classMemberReaders.ts):
// a column's foreign keys and type as written, where a relationship's strings are, the class a relationship's
// annotation names, and the ForeignKeyConstraint targets of `__table_args__`. They are kept in the core's records of
// the class (MemberInfo.callArgs and .field, ClassInfo.tableForeignKeys), read by the model graph (models.ts), the
// model rules, navigation and the core's surface.
import { childByField, type SyntaxNode } from '../../syntax/parser';
import type { ClassMemberReader, MemberLiteralReader } from '../../syntax/classMemberReaders';
import type { Span } from '../../core/types';
import { splitTopLevel } from '../../syntax/receivers';
import { constraintTargets, foreignKeysIn } from './foreignKeys';

const RELATIONSHIP_CALLEE = /(^|\.)(relationship|Relationship)$/;
const COLUMN_CALLEE = /(^|\.)(Column|mapped_column)$/;
const BACKREF_CALLEE = /(^|\.)backref$/;
const CONSTRAINT_CALLEE = /(^|\.)ForeignKeyConstraint$/;
const MAPPED_ANNOTATION = /^\s*(\w+\.)?Mapped\[/;
const COLLECTION_ANNOTATION = /\b(List|list|Set|set|Sequence|FrozenSet|frozenset|Dict|dict|Iterable|Collection|WriteOnlyMapped|DynamicMapped)\[/;

export const sqlalchemyClassMembers: ClassMemberReader = {
  memberCall(call, member, read) {
    const callArgs = member.callArgs;
    const foreignKeys = foreignKeysIn(call, 0, read);
    if (foreignKeys.length) callArgs.foreignKeys = foreignKeys;
    // relationship("Order", back_populates="customer"): where its strings are, for go-to-definition.
    if (RELATIONSHIP_CALLEE.test(callArgs.callee ?? '')) {
      const spans: Record<string, Span> = {};
      const args = (childByField(call, 'arguments')?.children ?? []).filter((a) => a.named && a.type !== 'comment');
      if (args[0]?.type === 'string') spans['0'] = read.spanOf(args[0]);
      for (const a of args) {
        const v = a.type === 'keyword_argument' ? childByField(a, 'value') : undefined;
        if (v?.type === 'string') spans[read.textOf(childByField(a, 'name') ?? a)] = read.spanOf(v);
      }
      if (Object.keys(spans).length) callArgs.stringSpans = { ...callArgs.stringSpans, ...spans };
    }
    // `backref=backref("posts", lazy=…)`: the name it adds is what the ORM rules read (the core keeps null for a call).
    const backref = callArgs.keywords.backref === null ? backrefCall(call, read) : undefined;
    if (backref) callArgs.keywords.backref = read.argumentValue((childByField(backref, 'arguments')?.children ?? []).find((c) => c.named && c.type !== 'comment'));
    // A column's type as written (`String(50)`, `db.Integer`): what a generated migration declares.
    if (COLUMN_CALLEE.test(callArgs.callee ?? '')) {
      const type = (childByField(call, 'arguments')?.children ?? []).find((a) => a.named && a.type !== 'comment' && a.type !== 'string' && a.type !== 'keyword_argument' && !/ForeignKey/.test(read.textOf(a)));
      if (type && (type.type === 'call' || type.type === 'attribute' || type.type === 'identifier')) callArgs.typeText = read.textOf(type);
    }
  },
  annotatedMember(annotation, value, member, read) {
    // The related class of an ORM relationship: `Mapped[List["Post"]]`, or SQLModel's `Optional["Team"] = Relationship()`.
    const callee = value?.type === 'call' ? read.textOf(childByField(value, 'function') ?? value) : '';
    if (!MAPPED_ANNOTATION.test(annotation) && !RELATIONSHIP_CALLEE.test(callee)) return;
    const target = relationTarget(annotation);
    if (target) member.field.target = target;
    if (target && COLLECTION_ANNOTATION.test(annotation)) member.field.collection = true;
  },
  classAssignments: ['__table_args__'],
  classAssignment(_name, value, cls, read) {
    if (value.type !== 'tuple' && value.type !== 'parenthesized_expression') return;
    // `__table_args__ = (ForeignKeyConstraint([…], ["t.c"]), {…})`: the items are read like a call's arguments.
    const targets = value.children.filter((c) => c.type === 'call' && CONSTRAINT_CALLEE.test(read.textOf(childByField(c, 'function') ?? c))).flatMap((c) => constraintTargets(c, read));
    if (targets.length) cls.tableForeignKeys = targets;
  },
};

/** The `backref(…)` call a call's `backref=` keyword passes, if it passes one. */
function backrefCall(call: SyntaxNode, read: MemberLiteralReader): SyntaxNode | undefined {
  for (const a of childByField(call, 'arguments')?.children ?? []) {
    const name = a.type === 'keyword_argument' ? childByField(a, 'name') : undefined;
    const value = name && read.textOf(name) === 'backref' ? childByField(a, 'value') : undefined;
    if (value?.type === 'call' && BACKREF_CALLEE.test(read.textOf(childByField(value, 'function') ?? value))) return value;
  }
  return undefined;
}

/** The class a relationship's annotation names: `Mapped[List["Post"]]`, `Optional["Team"]`, `list["Hero"]` → the class. */
function relationTarget(annotation: string): string | null {
  let t = annotation.trim();
  for (let guard = 0; guard < 8; guard++) {
    if (/^(['"]).*\1$/s.test(t)) {
      t = t.slice(1, -1).trim();
      continue;
    }
    const m = /^(?:\w+\.)?(Mapped|List|list|Set|set|Optional|DynamicMapped|WriteOnlyMapped|Sequence|FrozenSet|frozenset)\[(.*)\]$/s.exec(t);
    if (m) {
      t = m[2].trim();
      continue;
    }
    const union = splitTopLevel(t, '|').filter((x) => x !== 'None');
    if (union.length === 1 && union[0] !== t) {
      t = union[0];
      continue;
    }
    break;
  }
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(t) && t !== 'None' ? t : null;
}
