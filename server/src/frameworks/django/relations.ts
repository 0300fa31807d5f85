// How a Django model's relation fields are declared, and what names they give the models they point at: a
// relation's options (the positional ones named), whether and where its target is written as a string,
// `related_name` templates filled in per model, and the reverse accessors and query names two relations give
// one target (Django's fields.E302–E305). The model graph (models.ts) reads them when it builds.
import { Symbols, type ClassRef } from '../../index/symbols';
import type { Span } from '../../core/types';
import type { MemberInfo } from '../../syntax/summary';

/** A relation field of a model class as declared (or of Django's contrib classes, from the table). */
export interface OwnRelation {
  field: MemberInfo;
  /** `unknown`: a field class outside Django that may be a relation. */
  kind: 'relation' | 'unknown';
  type?: string;
  targetText: string | null;
  target: ClassRef | null;
  kw: Record<string, string | null>;
}

/** `related_name="%(app_label)s_%(class)s_tags"` for one concrete model; kept (unknown) when the label is not. */
export function interpolate(value: string, owner: string, label: string | null): string {
  const known: Record<string, string | null> = { class: owner, model_name: owner, app_label: label?.toLowerCase() ?? null };
  return value.replace(/%\((\w+)\)s/g, (whole, key: string) => known[key] ?? whole);
}

/** A relation field as declared, for the clash check. */
export interface RelationDecl {
  /** The concrete model the relation belongs to (its name makes the default accessor). */
  cls: ClassRef;
  /** The class whose body declares the field (an abstract ancestor of `cls`, or `cls`): where clashes are reported. */
  declaredIn: ClassRef;
  field: MemberInfo;
  type: string;
  /** The target model's class key, or `text:<as written>` for one outside the project. */
  targetKey: string;
  targetName: string;
  self: boolean;
  kw: Record<string, string | null>;
}

export interface RelationClash {
  field: MemberInfo;
  /** `accessor` (E304: `target.<name>`) or `query` (E305: lookups through `<name>`). */
  kind: 'accessor' | 'query';
  name: string;
  targetName: string;
  /** `Model.field` of the relation it collides with. */
  other: string;
}

/**
 * Reverse accessors and query names that two relations to the same model give it (Django's fields.E304 and
 * E305): the default `<model>_set` of two foreign keys from one model to the same target, a `related_name`
 * used twice, a query name equal to another relation's accessor. Names built at run time (`%(class)s`) or hidden (`+`) take no part.
 */
export function relationClashes(relations: RelationDecl[], symbols: Symbols, fieldsOf: (targetKey: string) => ReadonlyMap<string, unknown> | undefined): Map<string, RelationClash[]> {
  const out = new Map<string, RelationClash[]>();
  const byTarget = new Map<string, { decl: RelationDecl; accessor: string | null; query: string | null }[]>();
  for (const decl of relations) {
    const owner = symbols.classInfo(decl.cls).name.toLowerCase();
    const related = 'related_name' in decl.kw ? decl.kw.related_name : undefined;
    if (related === null || related?.includes('%(')) continue; // computed: unknown
    // A symmetrical many-to-many to itself has no reverse accessor.
    if (decl.type === 'ManyToManyField' && decl.self && decl.kw.symmetrical !== 'False') continue;
    const hidden = related?.endsWith('+') ?? false;
    const accessor = hidden ? null : (related ?? (decl.type === 'OneToOneField' ? owner : `${owner}_set`));
    const queryKw = 'related_query_name' in decl.kw ? decl.kw.related_query_name : undefined;
    if (queryKw === null || queryKw?.includes('%(')) continue;
    const query = hidden ? null : (queryKw ?? related ?? owner);
    const list = byTarget.get(decl.targetKey) ?? [];
    list.push({ decl, accessor, query });
    byTarget.set(decl.targetKey, list);
  }
  const reported = new Set<RelationDecl['field']>(); // one clash per field, the first found
  const add = (decl: RelationDecl, clash: RelationClash) => {
    if (reported.has(decl.field)) return;
    reported.add(decl.field);
    const key = Symbols.key(decl.declaredIn);
    const entries = out.get(key) ?? [];
    entries.push(clash);
    out.set(key, entries);
  };
  for (const [targetKey, list] of byTarget) {
    // fields.E302/E303: the reverse accessor or query name is a field of the target model itself.
    const targetFields = fieldsOf(targetKey);
    for (const a of list) {
      const taken = (name: string | null) => name !== null && !name.endsWith('_id') && targetFields?.has(name) === true;
      if (taken(a.accessor)) add(a.decl, { field: a.decl.field, kind: 'accessor', name: a.accessor!, targetName: a.decl.targetName, other: `the field ${a.decl.targetName}.${a.accessor}` });
      else if (taken(a.query)) add(a.decl, { field: a.decl.field, kind: 'query', name: a.query!, targetName: a.decl.targetName, other: `the field ${a.decl.targetName}.${a.query}` });
    }
    // The relations by reverse accessor, in order: each relation meets only those that share a name with it
    // (thousands of relations to one target were a quadratic walk).
    const byAccessor = new Map<string, number[]>();
    list.forEach((x, i) => {
      if (x.accessor !== null) byAccessor.set(x.accessor, [...(byAccessor.get(x.accessor) ?? []), i]);
    });
    for (const a of list) {
      // Two concrete subclasses of one abstract model with a fixed related_name: alternatives (an app fork, a
      // swappable model's sample) are seldom installed together; unknown.
      const first = (name: string | null) => (name === null ? undefined : byAccessor.get(name)?.find((i) => list[i] !== a && list[i].decl.field !== a.decl.field));
      // As Django compares (fields.E304, E305): accessor with accessor, and this query name with the other's accessor.
      const byAccessorClash = first(a.accessor);
      const byQueryClash = first(a.query);
      const index = Math.min(byAccessorClash ?? Infinity, byQueryClash ?? Infinity);
      if (index === Infinity) continue;
      const b = list[index];
      const clash = a.accessor !== null && a.accessor === b.accessor ? ('accessor' as const) : ('query' as const);
      const other = `${symbols.classInfo(b.decl.cls).name}.${b.decl.field.name}`;
      add(a.decl, { field: a.decl.field, kind: clash, name: clash === 'accessor' ? a.accessor! : a.query!, targetName: a.decl.targetName, other });
    }
  }
  return out;
}

/**
 * A relation's keyword options with the positional ones named: `ManyToManyField(Tag, "gift_cards")` passes
 * related_name second, `ForeignKey(User, CASCADE, "posts")` third (Django's signatures).
 */
const POSITIONAL_OPTIONS: Record<string, string[]> = {
  ForeignKey: ['to', 'on_delete', 'related_name', 'related_query_name'],
  ManyToManyField: ['to', 'related_name', 'related_query_name'],
  OneToOneField: ['to', 'on_delete', 'to_field'],
};
export function relationOptions(m: MemberInfo, type: string | undefined): Record<string, string | null> {
  const { positional, keywords } = m.callArgs!;
  const names = POSITIONAL_OPTIONS[type ?? ''] ?? [];
  if (positional.length <= 1) return keywords;
  const options = { ...keywords };
  positional.forEach((value, i) => {
    if (i > 0) options[names[i] ?? `#${i}`] = value;
  });
  return options;
}

/** Whether the relation's target was written as a string, first or as `to=` (callArgs keep strings and names alike). */
export function isStringTarget(m: MemberInfo): boolean {
  const args = m.callArgs;
  if (!args) return false;
  if (args.positional.length) return !!args.positional[0] && !!args.stringArgs?.includes(0);
  return !!args.keywords.to && !!args.stringSpans?.to;
}

/** Where a relation's target string is written (`ForeignKey("app.Model")` or `to="app.Model"`). */
export function targetStringSpan(m: MemberInfo): Span | undefined {
  const spans = m.callArgs?.stringSpans;
  return m.callArgs?.positional.length ? spans?.['0'] : spans?.to;
}
