// Loads web-tree-sitter and the Python grammar once per thread, and turns source text into a SyntaxNode tree.
// The wasm tree is converted in one TreeCursor pass (2-3x faster than node.children) and deleted at once, so
// no wasm memory outlives a parse and later stages work on plain objects.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

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
}

/** Finds a file shipped with the extension: walks up from this file to a folder holding `relative`. */
export function findAsset(relative: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Coherence: cannot find ${relative} above ${__dirname}`);
    dir = parent;
  }
}

let parserPromise: Promise<Parser> | undefined;

/** The thread's parser; the grammar is loaded on first use. */
export function getParser(): Promise<Parser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      const runtimeWasm = findAsset(path.join('node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'));
      await Parser.init({ locateFile: () => runtimeWasm });
      const language = await Language.load(findAsset(path.join('grammars', 'tree-sitter-python.wasm')));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return parserPromise;
}

/** Named leaves the summarizer never reads (literals stay: they count as call arguments). */
const SKIPPED_LEAVES: ReadonlySet<string> = new Set([
  'string_start', 'string_end', 'escape_sequence', 'escape_interpolation', 'line_continuation', 'type_conversion',
]);

export interface ParseResult {
  root: SyntaxNode | null;
  /** Set when parsing was abandoned (time budget exceeded); root is then null. */
  abandoned?: string;
}

/**
 * Parses `text` and converts the tree. `budgetMs` bounds pathological inputs: when exceeded the parse is
 * cancelled and the file is treated as unparsed (never a crash, never a hang).
 */
export function parseToSyntaxTree(parser: Parser, text: string, budgetMs = 5000): ParseResult {
  const deadline = Date.now() + budgetMs;
  let cancelled = false;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      if (Date.now() > deadline) cancelled = true;
      return cancelled as unknown as void; // returning true cancels (web-tree-sitter's typing says void)
    },
  });
  if (!tree) {
    parser.reset();
    return { root: null, abandoned: `parsing took longer than ${budgetMs} ms` };
  }
  try {
    return { root: convert(tree.walk(), parser.language!, tree.rootNode.hasError, text) };
  } finally {
    tree.delete();
  }
}

/** Node types whose children's field names the summarizer reads (see childByField in summarize.ts). */
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
const NO_CHILDREN: SyntaxNode[] = [];

/** Whether the string literal starting at `start` has an f/t prefix (its interpolations hold code). */
function isTemplateString(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower-case
    if (c === 0x66 || c === 0x74) return true; // f, t
    if (c !== 0x72 && c !== 0x62 && c !== 0x75) return false; // r, b, u prefixes; else the quote
  }
  return false;
}

/** Per-language tables, so that each node costs one wasm call per property instead of a string decode. */
interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
}
const tablesByLanguage = new WeakMap<Language, LanguageTables>();

function tablesOf(language: Language): LanguageTables {
  let t = tablesByLanguage.get(language);
  if (!t) {
    const types: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      types.push(language.nodeTypeForId(id) ?? 'ERROR');
      named.push(language.nodeTypeIsNamed(id));
    }
    t = { types, named, fields: language.fields.map((f) => f ?? null) };
    tablesByLanguage.set(language, t);
  }
  return t;
}

type Cursor = ReturnType<import('web-tree-sitter').Tree['walk']>;

/**
 * One cursor pass over the tree. Anonymous tokens (keywords, punctuation) are dropped, except the MISSING
 * ones tree-sitter inserts to recover from errors, which are only looked for when the tree has errors.
 */
function convert(cursor: Cursor, language: Language, hasErrors: boolean, text: string): SyntaxNode {
  const { types, named, fields } = tablesOf(language);
  try {
    // ERROR has no entry in the type table (its id is 65535).
    const make = (typeId: number, parentType: string | null, missing: boolean): SyntaxNode => ({
      type: types[typeId] ?? 'ERROR',
      // Reading a field costs a wasm call: only parents whose fields the summarizer reads pay it.
      field: parentType === null || FIELD_PARENTS.has(parentType) ? (fields[cursor.currentFieldId] ?? null) : null,
      named: named[typeId] ?? true,
      missing,
      start: cursor.startIndex,
      end: cursor.endIndex,
      children: NO_CHILDREN,
    });
    const root = make(cursor.nodeTypeId, null, false);
    const stack: SyntaxNode[] = [root];
    // Iterative pre-order walk: deep nesting (generated code) must not overflow the JS stack.
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const parent = stack[stack.length - 1];
        let descended = false;
        const typeId = cursor.nodeTypeId;
        const type = types[typeId];
        const isNamed = type === undefined || named[typeId];
        const missing = hasErrors && cursor.nodeIsMissing;
        if ((isNamed && !SKIPPED_LEAVES.has(type)) || missing) {
          const node = make(typeId, parent.type, missing);
          if (parent.children === NO_CHILDREN) parent.children = [];
          parent.children.push(node);
          // Tokens have no children: skipping the probe saves a wasm round trip per identifier. Plain string
          // literals are read from the source text (see summarize.ts), only f- and t-strings are walked.
          const walk = !LEAVES.has(type) && (type !== 'string' || isTemplateString(text, node.start));
          if (walk && cursor.gotoFirstChild()) {
            stack.push(node);
            descended = true;
          }
        }
        if (descended) continue;
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent() || stack.length === 1) return root;
          stack.pop();
        }
      }
    }
    return root;
  } finally {
    cursor.delete();
  }
}

/** Maps UTF-16 offsets to 0-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  position(offset: number): [number, number] {
    const line = this.line(offset);
    return [line, offset - this.starts[line]];
  }
}
