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
  /** On the root only: whether the tree holds any ERROR or MISSING node (tree-sitter knows it at no cost). */
  hasError?: boolean;
  /** On the root only: the identifiers handed on as values (handedOnIdentifiers), as start, end pairs in text order. */
  handedOn?: number[];
}

/** Node types whose identifier children are values handed on (`await x`, `f(x)`, `return x`, `yield x`, `[x, y]`). */
export const HANDING_ON: ReadonlySet<string> = new Set(['await', 'argument_list', 'return_statement', 'yield', 'list', 'tuple', 'set', 'expression_list']);

/**
 * The identifiers under `root` whose values are handed on: children of HANDING_ON nodes and keyword arguments'
 * values, as start, end pairs in text order. The conversion lists them as it goes (root.handedOn); this walk
 * is for a tree that lacks the list.
 */
export function handedOnIdentifiers(root: SyntaxNode): number[] {
  if (root.handedOn) return root.handedOn;
  const found: number[] = [];
  const walk = (n: SyntaxNode): void => {
    const handsOn = HANDING_ON.has(n.type);
    for (const c of n.children) {
      if (c.children.length) walk(c);
      else if (c.type === 'identifier' && (handsOn || (n.type === 'keyword_argument' && c.field === 'value'))) found.push(c.start, c.end);
    }
  };
  walk(root);
  return found;
}

/** The child in `field` of the grammar (`function`, `arguments`, `name`…), if any. */
export function childByField(n: SyntaxNode, field: string): SyntaxNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

/** `a.b.c` (identifiers and attributes only) as text, else null. */
export function dottedText(n: SyntaxNode, textOf: (n: SyntaxNode) => string): string | null {
  if (n.type === 'identifier' || n.type === 'keyword_identifier') return textOf(n);
  if (n.type === 'attribute') {
    const object = childByField(n, 'object');
    const attr = childByField(n, 'attribute');
    const left = object ? dottedText(object, textOf) : null;
    return left && attr ? `${left}.${textOf(attr)}` : null;
  }
  return null;
}

/** The named children, comments left out. */
export function namedChildren(n: SyntaxNode): SyntaxNode[] {
  return n.children.filter((c) => c.named && c.type !== 'comment');
}

/** Finds a file shipped with the extension: walks up from this file to a folder holding one of `relatives`. */
export function findAsset(...relatives: string[]): string {
  let dir = __dirname;
  for (;;) {
    for (const relative of relatives) {
      const candidate = path.join(dir, relative);
      if (fs.existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Coherence: cannot find ${relatives.join(' or ')} above ${__dirname}`);
    dir = parent;
  }
}

let parserPromise: Promise<Parser> | undefined;

/**
 * The wasm functions behind web-tree-sitter's TreeCursor. Its JS wrapper copies the cursor into the wasm
 * transfer buffer and back around every call (8 memory accesses through a generic setValue/getValue); the
 * conversion below makes 4-6 calls per node, so it keeps the cursor in the buffer and calls the functions
 * directly: the conversion takes half the time. Null (and the public API used) if this build lacks them.
 */
interface RawCursorCalls {
  gotoFirstChild(tree: number): number;
  gotoNextSibling(tree: number): number;
  gotoParent(tree: number): number;
  typeId(tree: number): number;
  fieldId(tree: number): number;
  isMissing(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  /** The current Int32Array view of wasm memory (replaced when memory grows). */
  heap(): Int32Array;
  transferBuffer: number;
}
let rawCursorCalls: RawCursorCalls | null = null;

function rawCursorCallsOf(m: Record<string, unknown>): RawCursorCalls | null {
  const fn = (name: string) => (typeof m[name] === 'function' ? (m[name] as (tree: number) => number) : null);
  const calls = {
    gotoFirstChild: fn('_ts_tree_cursor_goto_first_child_wasm'),
    gotoNextSibling: fn('_ts_tree_cursor_goto_next_sibling_wasm'),
    gotoParent: fn('_ts_tree_cursor_goto_parent_wasm'),
    typeId: fn('_ts_tree_cursor_current_node_type_id_wasm'),
    fieldId: fn('_ts_tree_cursor_current_field_id_wasm'),
    isMissing: fn('_ts_tree_cursor_current_node_is_missing_wasm'),
    startIndex: fn('_ts_tree_cursor_start_index_wasm'),
    endIndex: fn('_ts_tree_cursor_end_index_wasm'),
  };
  const init = fn('_ts_init'); // idempotent: returns the transfer buffer's address
  if (!init || !(m.HEAP32 instanceof Int32Array) || Object.values(calls).some((f) => f === null)) return null;
  return { ...(calls as { [K in keyof typeof calls]: (tree: number) => number }), heap: () => m.HEAP32 as Int32Array, transferBuffer: init(0) };
}

/** Whether this web-tree-sitter build exposes the raw cursor calls (tests assert it for the pinned version). */
export function rawCursorCallsAvailable(): boolean {
  return rawCursorCalls !== null;
}

/** Test hook: convert through the public TreeCursor API even when the raw calls are available. */
export function useRawCursorCalls(enabled: boolean): void {
  rawCursorEnabled = enabled;
}
// COHERENCE_PUBLIC_CURSOR=1 forces the public API (to compare, or should a web-tree-sitter build misbehave).
let rawCursorEnabled = process.env.COHERENCE_PUBLIC_CURSOR !== '1';

/** The thread's parser; the grammar is loaded on first use, and a parser broken by a wasm fault is replaced. */
export function getParser(): Promise<Parser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      // The extension ships web-tree-sitter's own file; the CLI package (scripts/pack-cli.js) a copy beside the grammar.
      const runtimeWasm = findAsset(path.join('node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), path.join('grammars', 'web-tree-sitter.wasm'));
      // Emscripten builds the wasm module onto the options object it is given: keep it for the raw cursor calls.
      const moduleObject: Record<string, unknown> = { locateFile: () => runtimeWasm };
      await Parser.init(moduleObject);
      rawCursorCalls = rawCursorCallsOf(moduleObject);
      const language = await Language.load(findAsset(path.join('grammars', 'tree-sitter-python.wasm')));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return parserPromise;
}

/**
 * A wasm fault inside a parse ("memory access out of bounds": tree-sitter-python's indentation scanner on
 * some inputs indented hundreds of levels deep, found by the fuzzer) leaves that parser failing on every
 * later file. The thread drops it and parses on with a fresh one (the module and the grammar stay usable).
 */
export function replaceBrokenParser(broken: Parser): Parser {
  const language = broken.language!;
  try {
    broken.delete();
  } catch {
    // it is broken: freeing it may fail too
  }
  const fresh = new Parser();
  fresh.setLanguage(language);
  parserPromise = Promise.resolve(fresh);
  return fresh;
}

/** Named leaves the summarizer never reads (literals stay: they count as call arguments). */
const SKIPPED_LEAVES: ReadonlySet<string> = new Set([
  'string_start', 'string_end', 'escape_sequence', 'escape_interpolation', 'line_continuation', 'type_conversion',
]);

export interface ParseResult {
  root: SyntaxNode | null;
  /** Set when parsing was abandoned (time budget exceeded, nesting too deep); root is then null. */
  abandoned?: string;
}

/**
 * The deepest syntax tree the summarizer walks. Its visitor recurses a few frames per level and overflows
 * the default stack near 1,000-1,500 levels (less before the JIT warms up; 400 run with less than half of
 * it). Written code stays far below: CPython refuses 200 nested brackets and 100 indentation levels, and
 * tree-sitter's indentation scanner loses track past 512 (false undefined names); only generated code with
 * chains of hundreds of operators or method calls comes near. Deeper files are not analysed (a note says so).
 */
export const MAX_TREE_DEPTH = 400;

/**
 * Parses `text` and converts the tree. `budgetMs` bounds pathological inputs: when exceeded the parse is
 * cancelled and the file is treated as unparsed (never a crash, never a hang).
 */
export function parseToSyntaxTree(parser: Parser, text: string, budgetMs = 5000, maxDepth = MAX_TREE_DEPTH): ParseResult {
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
    const hasErrors = tree.rootNode.hasError; // before the walk: it uses the transfer buffer too
    const cursor = tree.walk();
    const raw = rawCursorEnabled ? rawCursorCalls : null;
    const walker = raw ? rawWalker(raw, (tree as unknown as { 0: number })[0], cursor) : cursor;
    try {
      const root = convert(walker, parser.language!, hasErrors, text, maxDepth);
      if (root) root.hasError = hasErrors;
      return root ? { root } : { root: null, abandoned: `its syntax tree nests deeper than ${maxDepth} levels` };
    } finally {
      if (raw) restoreCursor(raw, cursor);
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

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
const enum Treatment {
  /** Anonymous tokens and leaves the summarizer never reads. */
  Drop,
  /** Named nodes that never have children. */
  Leaf,
  /** String literals: walked only when they are f- or t-strings. */
  String,
  Walk,
}

interface LanguageTables {
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

function tablesOf(language: Language): LanguageTables {
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
function internalized(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

type Cursor = ReturnType<import('web-tree-sitter').Tree['walk']>;

/** The part of TreeCursor the conversion uses. */
interface Walker {
  readonly nodeTypeId: number;
  readonly currentFieldId: number;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** A Walker over the raw calls; the cursor's handle stays in the transfer buffer for the whole walk. */
function rawWalker(raw: RawCursorCalls, tree: number, cursor: Cursor): Walker {
  const handle = cursor as unknown as Record<0 | 1 | 2 | 3, number>;
  const heap = raw.heap();
  const at = raw.transferBuffer >> 2;
  for (let i = 0; i < 4; i++) heap[at + i] = handle[i as 0 | 1 | 2 | 3];
  return {
    get nodeTypeId() {
      return raw.typeId(tree);
    },
    get currentFieldId() {
      return raw.fieldId(tree);
    },
    get nodeIsMissing() {
      return raw.isMissing(tree) === 1;
    },
    get startIndex() {
      return raw.startIndex(tree);
    },
    get endIndex() {
      return raw.endIndex(tree);
    },
    gotoFirstChild: () => raw.gotoFirstChild(tree) === 1,
    gotoNextSibling: () => raw.gotoNextSibling(tree) === 1,
    gotoParent: () => raw.gotoParent(tree) === 1,
  };
}

/** Copies the handle back from the transfer buffer, so that deleting the cursor frees what the walk used. */
function restoreCursor(raw: RawCursorCalls, cursor: Cursor): void {
  const handle = cursor as unknown as Record<0 | 1 | 2 | 3, number>;
  const heap = raw.heap();
  const at = raw.transferBuffer >> 2;
  for (let i = 0; i < 4; i++) handle[i as 0 | 1 | 2 | 3] = heap[at + i];
}

/**
 * One cursor pass over the tree. Anonymous tokens (keywords, punctuation) are dropped, except the MISSING
 * ones tree-sitter inserts to recover from errors, which are only looked for when the tree has errors.
 * Null as soon as the converted tree gets deeper than `maxDepth` (the rest is not converted).
 */
function convert(cursor: Walker, language: Language, hasErrors: boolean, text: string, maxDepth: number): SyntaxNode | null {
  const { types, named, fields, treatment, readsFields, handsOn } = tablesOf(language);
  const handedOn: number[] = [];
  const make = (typeId: number, parentTypeId: number, missing: boolean): SyntaxNode => ({
    type: types[typeId] ?? 'ERROR', // ERROR has no entry in the type table (its id is 65535)
    // Reading a field costs a wasm call: only parents whose fields the summarizer reads pay it.
    field: parentTypeId < 0 || readsFields[parentTypeId] ? (fields[cursor.currentFieldId] ?? null) : null,
    named: named[typeId] ?? true,
    missing,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: NO_CHILDREN,
  });
  const rootTypeId = cursor.nodeTypeId;
  const root = make(rootTypeId, -1, false);
  root.handedOn = handedOn;
  const stack: SyntaxNode[] = [root];
  const stackTypeIds: number[] = [rootTypeId];
  // Iterative pre-order walk: deep nesting (generated code) must not overflow the JS stack.
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const typeId = cursor.nodeTypeId;
    const how = treatment[typeId] ?? Treatment.Walk; // ERROR nodes are walked
    const missing = hasErrors && cursor.nodeIsMissing;
    let descended = false;
    if (how !== Treatment.Drop || missing) {
      const parent = stack[stack.length - 1];
      const node = make(typeId, stackTypeIds[stackTypeIds.length - 1], missing);
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(node);
      if (node.type === 'identifier' && (handsOn[stackTypeIds[stackTypeIds.length - 1]] || (parent.type === 'keyword_argument' && node.field === 'value'))) handedOn.push(node.start, node.end);
      // Tokens have no children: skipping the probe saves a wasm round trip per identifier. Plain string
      // literals are read from the source text (see walk/), only f- and t-strings are walked.
      const walk = how === Treatment.Walk || (how === Treatment.String && isTemplateString(text, node.start));
      if (walk && cursor.gotoFirstChild()) {
        if (stack.length >= maxDepth) return null;
        stack.push(node);
        stackTypeIds.push(typeId);
        descended = true;
      }
    }
    if (descended) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length === 1) return root;
      stack.pop();
      stackTypeIds.pop();
    }
  }
}

export { LineIndex } from '../core/lineEnds';
