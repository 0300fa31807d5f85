// Loads web-tree-sitter and the Python grammar once per thread, and turns source text into a SyntaxNode tree.
// The wasm tree is converted in one cursor pass and deleted at once, so no wasm memory outlives a parse and
// later stages work on plain objects. The tree is read from wasm memory where the layout is known and checked
// (treeMemory.ts, no wasm call per node), else driven through raw wasm calls, else through the public API.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import { HANDING_ON, NO_CHILDREN, SyntaxNode, tablesOf, Treatment, isTemplateString } from './syntaxTree';
import { convertFromMemory, CursorOnlyTree, HeapViews, heapViewsOf, MemoryLanguageTables, objectBuilder, readLanguageTables, readTreeFromMemory, type TreeBuilder } from './treeMemory';
import { encodeTree, encodingBuilder, type EncodedTree } from './treeTransfer';
import { dropKeptTrees, freeTree, keepTree, takeTreeFor } from './keptTrees';

export { HANDING_ON } from './syntaxTree';
export type { SyntaxNode } from './syntaxTree';

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

/** The wasm memory's current views, when this build exposes them (for the memory reader). */
let heapViews: (() => HeapViews) | null = null;

/** Test hook: convert by reading wasm memory (when it passed its checks), or through the cursor calls. */
export function useTreeMemory(enabled: boolean): void {
  treeMemoryEnabled = enabled;
}
// COHERENCE_TREE_MEMORY=0 converts through the cursor calls; COHERENCE_PUBLIC_CURSOR=1 implies it.
let treeMemoryEnabled = process.env.COHERENCE_TREE_MEMORY !== '0' && process.env.COHERENCE_PUBLIC_CURSOR !== '1';

/**
 * Per language: the tables read from wasm memory once they passed the self-check, or null when the
 * memory reader is off for this thread (unknown layout, a mismatch, or an error while reading a tree).
 */
const memoryTablesByLanguage = new WeakMap<Language, MemoryLanguageTables | null>();

/** The wasm memory's views, once the parser is loaded (for tests that read a tree's memory themselves). */
export function wasmHeapViews(): HeapViews | null {
  return heapViews ? heapViews() : null;
}

/** Whether trees of `parser`'s language are converted by reading wasm memory (tests assert it). */
export function treeMemoryInUse(parser: Parser): boolean {
  return treeMemoryEnabled && memoryTablesOf(parser) !== null;
}

/** Python text that gives the self-check aliases, fields through hidden nodes, extras, long tokens, ERROR and MISSING nodes. */
const SELF_CHECK_TEXT = [
  '# coding: utf-8',
  'from . import (a as b, c)  # déjà 🐍',
  'import x.y as z',
  '@decorator(key=value)',
  'class C[T](Base, metaclass=M):',
  '    """doc"""',
  '    field: int = 1',
  `    ${'long_name_'.repeat(30)} = f"{x!r:>{width}}" + t"{y}" + rb'\\x00'`,
  '    async def m(self, a, /, *args, b=2, **kw) -> T:',
  '        global g',
  '        match a:',
  '            case [1, *rest] | {"k": v} if v: pass',
  '            case Point(x=0) as p: return p',
  '        with open(f) as h, lock: yield from h',
  '        return [i async for i in aiter() if i], {k: v for k, v in d.items()}, lambda q=1: q',
  '',
  '',
  '',
  '    ' + ' '.repeat(300) + 'x = (1 +  # comment',
  '         2) \\',
  '        if a else b',
  'try:',
  '    pass',
  'except* (E, F) as e:',
  '    raise X from e',
  'finally:',
  '    del a[1:2, ...], b.c',
  'type Alias[K] = dict[K, "x"]',
  'print(a, *b, k=c, **d)',
  'for q in :',
  '    pass',
  'def broken(:',
  '    x = [1,',
  'while True: (',
  'print "old"',
  'y = ',
].join('\n');

function memoryTablesOf(parser: Parser): MemoryLanguageTables | null {
  const language = parser.language!;
  let tables = memoryTablesByLanguage.get(language);
  if (tables === undefined) {
    tables = heapViews ? checkedMemoryTables(parser, language, heapViews) : null;
    memoryTablesByLanguage.set(language, tables);
  }
  return tables;
}

/** Reads the language's tables, then converts SELF_CHECK_TEXT both ways: the tables only if all is the same. */
function checkedMemoryTables(parser: Parser, language: Language, views: () => HeapViews): MemoryLanguageTables | null {
  try {
    const tables = readLanguageTables(views(), (language as unknown as { 0: number })[0], language);
    if (!tables) return null;
    const fromMemory = convertParsed(parser, SELF_CHECK_TEXT, MAX_TREE_DEPTH, tables);
    const fromCursor = convertParsed(parser, SELF_CHECK_TEXT, MAX_TREE_DEPTH, null);
    return fromMemory && JSON.stringify(fromMemory) === JSON.stringify(fromCursor) ? tables : null;
  } catch {
    return null;
  }
}

/** Parses `text` without a budget and converts it with the memory reader (given tables) or the cursor. */
function convertParsed(parser: Parser, text: string, maxDepth: number, tables: MemoryLanguageTables | null): SyntaxNode | null {
  const tree = parser.parse(text);
  if (!tree) throw new Error('self-check parse failed');
  try {
    const hasErrors = tree.rootNode.hasError;
    const language = parser.language!;
    const root = tables
      ? convertFromMemory(heapViews!(), tables, tablesOf(language), treeAddress(tree), hasErrors, text, maxDepth)
      : convertWithCursor(tree, language, hasErrors, text, maxDepth);
    if (root) root.hasError = hasErrors;
    return root;
  } finally {
    tree.delete();
  }
}

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
      heapViews = heapViewsOf(moduleObject);
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
  dropKeptTrees();
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
export function parseToSyntaxTree(parser: Parser, text: string, budgetMs = 5000, maxDepth = MAX_TREE_DEPTH, treeKey?: string): ParseResult {
  const read = parseAndRead(parser, text, budgetMs, maxDepth, (tree, hasErrors) => {
    const root = readTree(parser, tree, hasErrors, text, maxDepth, objectBuilder(tablesOf(parser.language!)), (cursorRoot) => cursorRoot);
    if (root) root.hasError = hasErrors;
    return root;
  }, treeKey);
  return typeof read === 'string' ? { root: null, abandoned: read } : { root: read };
}

type Tree = import('web-tree-sitter').Tree;

/** The parse of `text` (from `oldTree`, edited to match it, when given), cancelled (null, the parser reset) past `budgetMs`. */
function parseWithin(parser: Parser, text: string, budgetMs: number, oldTree: Tree | null = null): Tree | null {
  const deadline = Date.now() + budgetMs;
  let cancelled = false;
  const tree = parser.parse(text, oldTree, {
    progressCallback: () => {
      if (Date.now() > deadline) cancelled = true;
      return cancelled as unknown as void; // returning true cancels (web-tree-sitter's typing says void)
    },
  });
  if (!tree) parser.reset();
  return tree;
}

function treeAddress(tree: Tree): number {
  return (tree as unknown as { 0: number })[0];
}

/**
 * parseToSyntaxTree for a tree another thread will summarize (syntax/treeTransfer.ts): written as numbers
 * straight from wasm memory when the memory reader is in use, else converted through the cursor and encoded.
 */
export function parseToEncodedTree(parser: Parser, text: string, budgetMs = 5000, maxDepth = MAX_TREE_DEPTH): { tree: EncodedTree | null; abandoned?: string } {
  const tables = tablesOf(parser.language!);
  const read = parseAndRead(parser, text, budgetMs, maxDepth, (tree, hasErrors) => {
    const encoded = readTree(parser, tree, hasErrors, text, maxDepth, encodingBuilder(tables), (cursorRoot) => encodeTree(cursorRoot, tables));
    return encoded && { ...encoded, hasError: hasErrors };
  });
  return typeof read === 'string' ? { tree: null, abandoned: read } : { tree: read };
}

/**
 * `read` of the parsed tree, or why there is none: the time budget ran out, or nesting too deep (null). With a
 * `treeKey` (an edited file's path), the parse starts from the tree kept under it and the new tree is kept in its
 * place (syntax/keptTrees.ts); otherwise the tree is deleted after.
 */
function parseAndRead<R>(parser: Parser, text: string, budgetMs: number, maxDepth: number, read: (tree: Tree, hasErrors: boolean) => R | null, treeKey?: string): R | string {
  const oldTree = treeKey === undefined ? undefined : takeTreeFor(treeKey, parser, text);
  let tree: Tree | null;
  try {
    tree = parseWithin(parser, text, budgetMs, oldTree);
  } finally {
    if (oldTree) freeTree(oldTree);
  }
  if (!tree) return `parsing took longer than ${budgetMs} ms`;
  let kept = false;
  try {
    const hasErrors = tree.rootNode.hasError; // before the walk: it uses the transfer buffer too
    const result = read(tree, hasErrors);
    if (result === null) return `its syntax tree nests deeper than ${maxDepth} levels`;
    kept = treeKey !== undefined && keepTree(treeKey, parser, text, tree);
    return result;
  } finally {
    if (!kept) tree.delete();
  }
}

/**
 * The tree as `builder` makes it, read through wasm memory when that is in use; on any error there, through the
 * cursor for good (`fromCursor` makes the builder's result of the cursor's tree).
 */
function readTree<N, R>(parser: Parser, tree: Tree, hasErrors: boolean, text: string, maxDepth: number, builder: TreeBuilder<N, R>, fromCursor: (root: SyntaxNode) => R): R | null {
  const language = parser.language!;
  const tables = treeMemoryEnabled ? memoryTablesOf(parser) : null;
  if (tables) {
    try {
      return readTreeFromMemory(builder, heapViews!(), tables, tablesOf(language), treeAddress(tree), hasErrors, text, maxDepth);
    } catch (e) {
      // Memory this reader does not know: a wrong tree is worse than a slow one, so the thread stops using it.
      if (!(e instanceof CursorOnlyTree)) memoryTablesByLanguage.set(language, null);
    }
  }
  const root = convertWithCursor(tree, language, hasErrors, text, maxDepth);
  return root && fromCursor(root);
}

/** One pass of a wasm TreeCursor: the raw calls when available and enabled, else the public API. */
function convertWithCursor(tree: Tree, language: Language, hasErrors: boolean, text: string, maxDepth: number): SyntaxNode | null {
  const cursor = tree.walk();
  const raw = rawCursorEnabled ? rawCursorCalls : null;
  const walker = raw ? rawWalker(raw, treeAddress(tree), cursor) : cursor;
  try {
    return convert(walker, language, hasErrors, text, maxDepth);
  } finally {
    if (raw) restoreCursor(raw, cursor);
    cursor.delete();
  }
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
