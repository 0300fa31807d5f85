/**
 * Receivers: what annotations and straight-line assignments say a value is, for every framework. Pure helpers
 * of the summarizer's walk (walk/): annotation text → class names, and chains of calls kept in variables,
 * refined statement by statement. (What an ORM call returns is its adapter's value-hint part.)
 */
import type { Span } from '../core/types';
import type { FactCollector, MethodChain } from './factCollectors';
import type { ValueHint } from './summary';

/** Splits `a, b[c, d], e` at top-level commas (or another separator). */
export function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/**
 * The class an annotation names, as a dotted name: `"User"`, `Optional[User]`, `User | None`,
 * `Annotated[User, Depends(get_user)]` all name `User`; containers, unions of classes and the rest name none.
 */
export function annotationClass(annotation: string): string | null {
  let t = annotation.trim();
  for (let guard = 0; guard < 8; guard++) {
    if (/^(['"]).*\1$/s.test(t)) t = t.slice(1, -1).trim();
    const m = /^(?:typing\.|t\.)?(Optional|Annotated|Union)\[(.*)\]$/s.exec(t);
    if (m) {
      const parts = splitTopLevel(m[2], ',');
      t = m[1] === 'Annotated' ? parts[0] : parts.filter((x) => x !== 'None').length === 1 ? parts.filter((x) => x !== 'None')[0] : '';
      continue;
    }
    const union = splitTopLevel(t, '|').filter((x) => x !== 'None');
    if (union.length === 1 && union[0] !== t) {
      t = union[0];
      continue;
    }
    break;
  }
  return /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(t) && t !== 'None' ? t : null;
}

/** A function-scope binding as refinedHint reads it (walk/scope.ts' LocalBinding). */
export interface StraightBinding {
  hint?: ValueHint;
  straight?: { endsAt: [number, number]; refines?: string[] };
}

/**
 * `qs = Model.objects.filter(…)` then `qs = qs.exclude(…)` in the function body itself (no branch or loop
 * rebinds it): what the name holds where `at` reads it, as the chain of calls from the first value (what
 * `chainHint`, the adapters' reading of a chain, makes of it); undefined otherwise.
 */
export function refinedHint(bindings: StraightBinding[], at: Span, chainHint: (chain: MethodChain) => ValueHint | undefined): ValueHint | undefined {
  if (!bindings.every((b) => b.straight)) return undefined;
  const [first, ...rest] = bindings;
  const hint = first.hint;
  const base = hint?.kind === 'query' && !hint.element ? { root: hint.root, links: hint.links } : hint?.kind === 'call' && !hint.firstArg && !hint.instanceOfResult && hint.callee.split('.').length === 3 ? { root: hint.callee.split('.')[0], links: hint.callee.split('.').slice(1) } : null;
  if (!base || rest.some((b) => !b.straight!.refines)) return undefined;
  const before = (end: [number, number]) => end[0] < at[0] || (end[0] === at[0] && end[1] <= at[1]);
  if (!before(first.straight!.endsAt)) return undefined;
  const links = [...base.links, ...rest.filter((b) => before(b.straight!.endsAt)).flatMap((b) => b.straight!.refines!)];
  return chainHint({ root: base.root, links, calls: [], element: false });
}

/** Python's generic collections whose subscript is the element class (an adapter adds its API's: FactCollector.collectionTypes). */
const CORE_COLLECTION_TYPES = ['list', 'List', 'Sequence', 'Iterable', 'Iterator', 'Generator', 'set', 'Set', 'frozenset', 'FrozenSet', 'tuple', 'Tuple'];

/** A collection annotation of the core's types and the adapters': the type's name, its subscript (elementClass). */
export type CollectionAnnotation = RegExp;

const collectionAnnotationOf = new WeakMap<readonly FactCollector[], CollectionAnnotation>();

function collectionAnnotation(names: readonly string[]): CollectionAnnotation {
  const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:[\\w.]+\\.)?(${[...new Set(names)].map(escape).join('|')})\\[(.*)\\]$`, 's');
}

/** The core's own (summarize() without adapters is called with a new empty list each time). */
const CORE_COLLECTION_ANNOTATION = collectionAnnotation(CORE_COLLECTION_TYPES);

/** The collection annotations the walk reads element classes from, with the adapters' types; built once per list of collectors. */
export function collectionAnnotations(collectors: readonly FactCollector[]): CollectionAnnotation {
  let pattern = collectors.length === 0 ? CORE_COLLECTION_ANNOTATION : collectionAnnotationOf.get(collectors);
  if (!pattern) {
    const added = collectors.flatMap((c) => c.collectionTypes ?? []);
    collectionAnnotationOf.set(collectors, (pattern = added.length ? collectionAnnotation([...CORE_COLLECTION_TYPES, ...added]) : CORE_COLLECTION_ANNOTATION));
  }
  return pattern;
}

/**
 * The element class of a collection annotation: `list[Device]`, `Iterator["Device"]`, `tuple[Device, ...]`, and
 * an adapter's collection types (`collections`: collectionAnnotations).
 */
export function elementClass(annotation: string, collections: CollectionAnnotation): string | null {
  const text = annotation.trim().replace(/^(['"])(.*)\1$/s, '$2').trim();
  const m = collections.exec(text);
  if (!m) return null;
  const parts = splitTopLevel(m[2], ',');
  // tuple[Device, Device] holds two things; a Generator's first argument is what it yields.
  if ((m[1] === 'tuple' || m[1] === 'Tuple') && !(parts.length === 2 && parts[1] === '...')) return null;
  if (parts.length !== 1 && m[1] !== 'Generator' && m[1] !== 'tuple' && m[1] !== 'Tuple') return null;
  return annotationClass(parts[0]);
}

/** Whether a position comes at or before another: `[line, column]` pairs. */
export function atOrBefore(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

/** The start of a span as a position. */
export function startOf(span: Span): [number, number] {
  return [span[0], span[1]];
}
