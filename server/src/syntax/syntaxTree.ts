// The plain syntax tree the summarizer walks, and what the conversions from tree-sitter's tree share: which
// nodes are kept, walked or dropped, whose field names are read, whose identifiers are handed on.
import type { Language } from 'web-tree-sitter';

export interface SyntaxNode {
  type: string;
  /** Field name in the parent (`name`, `body`, `left`…), or null. */
  field: string | null;
  named: boolean;
  /** True for a node tree-sitter inserted to recover from an error (a missing `)`, say). */
  missing: boolean;
  /** UTF-16 offsets into the source string (lines and columns come from a LineIndex when needed). */
  start: number;
  end: number;
  children: SyntaxNode[];
  /** On the root only: whether the tree holds any ERROR or MISSING node (tree-sitter knows it at no cost). */
  hasError?: boolean;
  /** On the root only: the identifiers handed on as values (handedOnIdentifiers), as start, end pairs in text order. */
  handedOn?: number[];
}

/** Node types whose identifier children are values handed on (`await x`, `f(x)`, `return x`, `yield x`, `[x, y]`). */
export const HANDING_ON: ReadonlySet<string> = new Set(['await', 'argument_list', 'return_statement', 'yield', 'list', 'tuple', 'set', 'expression_list']);

/** Named leaves the summarizer never reads (literals stay: they count as call arguments). */
const SKIPPED_LEAVES: ReadonlySet<string> = new Set([
  'string_start', 'string_end', 'escape_sequence', 'escape_interpolation', 'line_continuation', 'type_conversion',
]);

/** Node types whose children's field names the summarizer reads (see childByField in walk/). */
const FIELD_PARENTS: ReadonlySet<string> = new Set([
  'import_statement', 'aliased_import', 'import_from_statement', 'future_import_statement', 'function_definition',
  'class_definition', 'decorated_definition', 'lambda', 'assignment', 'augmented_assignment', 'named_expression',
  'for_statement', 'for_in_clause', 'as_pattern', 'try_statement', 'if_statement', 'keyword_argument',
  'interpolation', 'attribute', 'call', 'subscript', 'typed_parameter', 'default_parameter',
  'typed_default_parameter', 'type_alias_statement',
]);

/** Named node types that never have children: no probe for them. */
const LEAVES: ReadonlySet<string> = new Set(['identifier', 'comment', 'integer', 'float', 'true', 'false', 'none', 'ellipsis', 'string_content']);

/** Leaves share one (never written) empty children array: a third of all nodes are identifiers. */
export const NO_CHILDREN: SyntaxNode[] = [];

/** Whether the string literal starting at `start` has an f/t prefix (its interpolations hold code). */
export function isTemplateString(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower-case
    if (c === 0x66 || c === 0x74) return true; // f, t
    if (c !== 0x72 && c !== 0x62 && c !== 0x75) return false; // r, b, u prefixes; else the quote
  }
  return false;
}

/** Per-language tables, so that each node costs one wasm call per property instead of a string decode. */
export const enum Treatment {
  /** Anonymous tokens and leaves the summarizer never reads. */
  Drop,
  /** Named nodes that never have children. */
  Leaf,
  /** String literals: walked only when they are f- or t-strings. */
  String,
  Walk,
}

export interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
  /** By type id, what the conversion does with such a node. */
  treatment: Treatment[];
  /** By type id, whether its children's field names are read. */
  readsFields: boolean[];
  /** By type id, whether its identifier children are handed on (HANDING_ON). */
  handsOn: boolean[];
}
const tablesByLanguage = new WeakMap<Language, LanguageTables>();

export function tablesOf(language: Language): LanguageTables {
  let t = tablesByLanguage.get(language);
  if (!t) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(internalized(language.nodeTypeForId(id) ?? 'ERROR'));
      named.push(language.nodeTypeIsNamed(id));
    }
    const treatment = types.map((type, id): Treatment => {
      if (!named[id] || SKIPPED_LEAVES.has(type)) return Treatment.Drop;
      if (LEAVES.has(type)) return Treatment.Leaf;
      return type === 'string' ? Treatment.String : Treatment.Walk;
    });
    const readsFields = types.map((type) => FIELD_PARENTS.has(type));
    const handsOn = types.map((type) => HANDING_ON.has(type));
    t = { types, named, fields: language.fields.map((f) => (f ? internalized(f) : null)), treatment, readsFields, handsOn };
    tablesByLanguage.set(language, t);
  }
  return t;
}

/**
 * The same string, internalized: names decoded from wasm memory are not, so every `n.type === 'call'` in the
 * summarizer and the checks would compare characters; internalized strings compare by identity.
 */
export function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}
