// What the summarizer's walk offers an adapter that reads a class's members its own way (FactCollector.classMembers):
// each class-level `name = call(…)`, with the member the core has made of it, each class-level field (`name: T`,
// `name: T = value`) once the core has read its annotation, and each class-level assignment of a name the adapter
// lists, with the class. The adapter adds what it reads to the core's records (MemberInfo.callArgs,
// ClassInfo), where the rules and the core's surface read them; the walk names no framework.
import type { Span } from '../core/types';
import type { SyntaxNode } from './parser';
import type { ClassInfo, FieldInfo, MemberInfo } from './summary';

/** What reading a literal argument needs of the file (a VisitContext has it, and so does the walk). */
export interface LiteralReader {
  textOf(n: SyntaxNode): string;
  /** A string literal's value (prefixes and quotes left out); null for anything else. */
  stringValue(n: SyntaxNode): string | null;
  spanOf(n: SyntaxNode): Span;
}

/** What a class-member reader is handed: a LiteralReader that also reads an argument's value as the core keeps it. */
export interface MemberLiteralReader extends LiteralReader {
  /** An argument's value as in callArgs: a string's contents, a dotted name, True/False/...; null for anything else. */
  argumentValue(n: SyntaxNode | undefined): string | null;
}

/** A class member made by a call, once the core has read the call's arguments. */
export type CalledMember = MemberInfo & { callArgs: NonNullable<MemberInfo['callArgs']> };

/** Asked for each class-level `name = call(…)` (a parenthesised call too): what else the call says of the member. */
export type MemberCallReader = (call: SyntaxNode, member: CalledMember, read: MemberLiteralReader) => void;

/** A class-level annotated name the core counts as a field (not a ClassVar), once it has read its default and None. */
export type FieldMember = MemberInfo & { field: FieldInfo };

/** Asked for each class-level field, with its annotation as written and its value if any: what they say of the field. */
export type AnnotatedMemberReader = (annotation: string, value: SyntaxNode | undefined, member: FieldMember, read: MemberLiteralReader) => void;

/** Asked for each class-level `name = value` of a name its adapter lists: what the value says of the class. */
export type ClassAssignmentReader = (name: string, value: SyntaxNode, cls: ClassInfo, read: MemberLiteralReader) => void;

/** An adapter's reading of class members (FactCollector.classMembers); asked in every file, whatever its appliesTo says. */
export interface ClassMemberReader {
  /** Adds to member.callArgs what the call says besides its arguments (a column's type as written). */
  readonly memberCall?: MemberCallReader;
  /** Adds to member.field what the annotation and value say besides a default and None (a relationship's class). */
  readonly annotatedMember?: AnnotatedMemberReader;
  /** Class-level names whose assignments it reads (`__table_args__`), with classAssignment. */
  readonly classAssignments?: readonly string[];
  readonly classAssignment?: ClassAssignmentReader;
}

/** The adapters' class-member readers, composed for the walk. */
export interface ClassMemberReading {
  /** Asked in the adapters' order for each class-level `name = call(…)`; empty: the walk asks nothing. */
  readonly memberCalls: readonly MemberCallReader[];
  /** Asked in the adapters' order for each class-level field; empty: the walk asks nothing. */
  readonly annotatedMembers: readonly AnnotatedMemberReader[];
  /** The readers of each listed class-level name's assignments. */
  readonly assignments: ReadonlyMap<string, readonly ClassAssignmentReader[]>;
}

const readingOf = new WeakMap<readonly object[], ClassMemberReading>();

/** The collectors' class-member readers (built once per list of collectors). */
export function classMemberReading(collectors: readonly { readonly classMembers?: ClassMemberReader }[]): ClassMemberReading {
  let reading = readingOf.get(collectors);
  if (reading) return reading;
  const readers = collectors.flatMap((c) => (c.classMembers ? [c.classMembers] : []));
  const assignments = new Map<string, ClassAssignmentReader[]>();
  for (const r of readers) {
    for (const name of r.classAssignment ? (r.classAssignments ?? []) : []) {
      const list = assignments.get(name);
      if (list) list.push(r.classAssignment!);
      else assignments.set(name, [r.classAssignment!]);
    }
  }
  reading = {
    memberCalls: readers.flatMap((r) => (r.memberCall ? [r.memberCall] : [])),
    annotatedMembers: readers.flatMap((r) => (r.annotatedMember ? [r.annotatedMember] : [])),
    assignments,
  };
  readingOf.set(collectors, reading);
  return reading;
}
