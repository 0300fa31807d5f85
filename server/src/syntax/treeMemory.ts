// Converts a tree-sitter tree by reading it straight from wasm memory: no wasm call per node. It yields what
// the TreeCursor conversion (parser.ts `convert`) yields, by the rules of the C TreeCursor that
// web-tree-sitter 0.27.1 was built from (lib/src/tree_cursor.c, subtree.h, language.h, parser.h; the sources
// ship in its web-tree-sitter.wasm.map): the same hidden-node flattening, aliases, field walk, extras, MISSING
// and ERROR nodes, byte offsets and public type ids. The layout is checked against the public API when the
// language's tables are read, and the parser compares a whole conversion with the cursor's before using it;
// anything unexpected throws, and the caller converts with the cursor instead.
import type { Language } from 'web-tree-sitter';
import { isTemplateString, LanguageTables, NO_CHILDREN, SyntaxNode, Treatment } from './syntaxTree';

/** Views of the wasm memory; Emscripten replaces them when the memory grows, so they are read per tree. */
export interface HeapViews {
  u8: Uint8Array;
  u16: Uint16Array;
  u32: Uint32Array;
}

/** A reader of the module's current memory views, or null if this build does not expose them. */
export function heapViewsOf(m: Record<string, unknown>): (() => HeapViews) | null {
  const exposed = () => m.HEAPU8 instanceof Uint8Array && m.HEAPU16 instanceof Uint16Array && m.HEAPU32 instanceof Uint32Array;
  if (!exposed()) return null;
  return () => {
    if (!exposed()) throw new Error('wasm memory views are gone');
    return { u8: m.HEAPU8 as Uint8Array, u16: m.HEAPU16 as Uint16Array, u32: m.HEAPU32 as Uint32Array };
  };
}

/** Thrown when the memory holds something this reader does not know: the thread goes back to the cursor. */
export class UnknownTreeLayout extends Error {}

/**
 * Thrown for a tree the cursor walks differently from the flattening here: a hidden node whose count of
 * visible children is not zero but under which none is found (the cursor then stops on the hidden node).
 * Summarize_children keeps that count exact, so this is not expected; the file is converted with the cursor.
 */
export class CursorOnlyTree extends Error {}

/**
 * What the reader makes of the nodes it finds, a parent before its children and children in order: SyntaxNode
 * objects (convertFromMemory), or numbers for another thread (syntax/treeTransfer.ts, encodingBuilder).
 */
export interface TreeBuilder<N, R> {
  root(typeId: number, start: number, end: number): N;
  /** `fieldId`: the field's id in the grammar's field table; NO_FIELD where the summarizer reads none. */
  child(parent: N, typeId: number, fieldId: number, missing: boolean, start: number, end: number): N;
  finish(root: N, handedOn: number[]): R;
}

/** A node whose field the summarizer does not read (its parent's type is not in FIELD_PARENTS), or an extra's. */
export const NO_FIELD = -1;

const objectBuilders = new WeakMap<LanguageTables, TreeBuilder<SyntaxNode, SyntaxNode>>();

/** SyntaxNode objects, as the cursor conversion makes them (one builder per language: its calls stay monomorphic). */
export function objectBuilder(tables: LanguageTables): TreeBuilder<SyntaxNode, SyntaxNode> {
  let builder = objectBuilders.get(tables);
  if (!builder) {
    const { types, named, fields } = tables;
    const node = (typeId: number, fieldId: number, missing: boolean, start: number, end: number): SyntaxNode => ({
      type: types[typeId] ?? 'ERROR', // ERROR has no entry in the type table (its id is 65535)
      field: fieldId === NO_FIELD ? null : (fields[fieldId] ?? null),
      named: named[typeId] ?? true,
      missing,
      start,
      end,
      children: NO_CHILDREN,
    });
    builder = {
      // The root's field is the table's first entry (none), as the cursor conversion gives it.
      root: (typeId, start, end) => node(typeId, 0, false, start, end),
      child: (parent, typeId, fieldId, missing, start, end) => {
        const child = node(typeId, fieldId, missing, start, end);
        if (parent.children === NO_CHILDREN) parent.children = [];
        parent.children.push(child);
        return child;
      },
      finish: (root, handedOn) => {
        root.handedOn = handedOn;
        return root;
      },
    };
    objectBuilders.set(tables, builder);
  }
  return builder;
}

/** `struct TSLanguage` (parser.h, ABI 14 and 15 share this prefix), wasm32 offsets. */
const LANGUAGE = {
  abiVersion: 0,
  symbolCount: 4,
  aliasCount: 8,
  productionIdCount: 28,
  fieldCount: 32,
  maxAliasSequenceLength: 36,
  symbolNames: 56,
  fieldNames: 60,
  fieldMapSlices: 64,
  fieldMapEntries: 68,
  symbolMetadata: 72,
  publicSymbolMap: 76,
  aliasSequences: 84,
} as const;
const KNOWN_ABI_VERSIONS: ReadonlySet<number> = new Set([14, 15]);

/** `struct TSTree` (tree.h): the root Subtree (8 bytes), then the language pointer. */
const TREE_LANGUAGE = 8;

/**
 * `SubtreeHeapData` (subtree.h), wasm32 offsets; a Subtree slot is 8 bytes, a pointer when bit 0 is clear.
 * (Const enums: the hot loop reads literal offsets.)
 */
const enum HEAP {
  padding = 4, // Length.bytes
  size = 16, // Length.bytes
  childCount = 36,
  symbol = 40,
  flags = 44, // visible, named, extra, fragile_left, fragile_right, has_changes, has_external_tokens, has_external_scanner_state_change
  flags2 = 45, // depends_on_column, is_missing, is_keyword
  visibleChildCount = 48,
  productionId = 66,
}
/** `SubtreeInlineData` (little-endian): bit 0 is_inline, then visible, named, extra, has_changes, is_missing… */
const enum INLINE {
  symbol = 1,
  paddingBytes = 6,
  sizeBytes = 7,
}
const SUBTREE_SIZE = 8;
const ERROR_SYMBOL = 0xffff;

/** The language's tables the cursor reads, copied out of wasm memory once per language. */
export interface MemoryLanguageTables {
  address: number;
  /** By symbol (aliases included), the public symbol the cursor reports. */
  publicSymbols: Uint16Array;
  /** production_id * maxAliasSequenceLength + structural child index → alias symbol or 0. */
  aliasSequences: Uint16Array;
  maxAliasSequenceLength: number;
  productionIdCount: number;
  fieldCount: number;
  /** By production_id: first entry and entry count in the field map. */
  fieldMapStart: Uint16Array;
  fieldMapLength: Uint16Array;
  fieldMapFieldId: Uint16Array;
  fieldMapChildIndex: Uint8Array;
  fieldMapInherited: Uint8Array;
}

function cString(u8: Uint8Array, address: number): string | null {
  if (address === 0) return null;
  let end = address;
  while (end < u8.length && u8[end] !== 0) end++;
  if (end >= u8.length) throw new UnknownTreeLayout('unterminated string');
  return Buffer.from(u8.buffer, u8.byteOffset + address, end - address).toString('utf8');
}

/**
 * Reads the tables of `language` (at `address` in wasm memory) and checks what can be checked against the
 * public API: counts, every symbol's name and metadata, every field name, and that each public symbol has
 * the name of the symbol it stands for. Null if anything differs (an unknown layout).
 */
export function readLanguageTables(heap: HeapViews, address: number, language: Language): MemoryLanguageTables | null {
  try {
    const { u8, u16, u32 } = heap;
    const word = (offset: number) => u32[(address + offset) >>> 2];
    if (address === 0 || address % 4 !== 0 || address + 96 > u8.length) return null;
    const abi = word(LANGUAGE.abiVersion);
    if (!KNOWN_ABI_VERSIONS.has(abi) || abi !== language.abiVersion) return null;
    const symbolTotal = word(LANGUAGE.symbolCount) + word(LANGUAGE.aliasCount);
    const fieldCount = word(LANGUAGE.fieldCount);
    if (symbolTotal !== language.nodeTypeCount || fieldCount !== language.fields.length - 1 || symbolTotal >= ERROR_SYMBOL - 1) return null;
    const productionIdCount = word(LANGUAGE.productionIdCount);
    const maxAliasSequenceLength = u16[(address + LANGUAGE.maxAliasSequenceLength) >>> 1];

    const names = word(LANGUAGE.symbolNames);
    const metadata = word(LANGUAGE.symbolMetadata);
    const publicMap = word(LANGUAGE.publicSymbolMap);
    if (names % 4 || publicMap % 2 || !names || !metadata || !publicMap) return null;
    const symbolNames: (string | null)[] = [];
    for (let id = 0; id < symbolTotal; id++) {
      const name = cString(u8, u32[(names >>> 2) + id]);
      if (name !== language.nodeTypeForId(id)) return null;
      symbolNames.push(name);
      const visible = u8[metadata + 3 * id] === 1;
      const named = u8[metadata + 3 * id + 1] === 1;
      if (visible !== language.nodeTypeIsVisible(id) || (visible && named) !== language.nodeTypeIsNamed(id)) return null;
    }
    const publicSymbols = u16.slice(publicMap >>> 1, (publicMap >>> 1) + symbolTotal);
    for (let id = 0; id < symbolTotal; id++) {
      if (publicSymbols[id] >= symbolTotal || symbolNames[publicSymbols[id]] !== symbolNames[id]) return null;
    }

    const aliases = word(LANGUAGE.aliasSequences);
    const aliasLength = productionIdCount * maxAliasSequenceLength;
    if (aliasLength > 0 && (!aliases || aliases % 2)) return null;
    const aliasSequences = aliasLength > 0 ? u16.slice(aliases >>> 1, (aliases >>> 1) + aliasLength) : new Uint16Array(0);
    for (const alias of aliasSequences) if (alias >= symbolTotal) return null;

    const fieldNames = word(LANGUAGE.fieldNames);
    const fieldMapStart = new Uint16Array(productionIdCount);
    const fieldMapLength = new Uint16Array(productionIdCount);
    let entryCount = 0;
    if (fieldCount > 0) {
      if (!fieldNames || fieldNames % 4) return null;
      for (let id = 1; id <= fieldCount; id++) {
        if (cString(u8, u32[(fieldNames >>> 2) + id]) !== language.fields[id]) return null;
      }
      const slices = word(LANGUAGE.fieldMapSlices);
      if (!slices || slices % 2) return null;
      for (let production = 0; production < productionIdCount; production++) {
        fieldMapStart[production] = u16[(slices >>> 1) + 2 * production];
        fieldMapLength[production] = u16[(slices >>> 1) + 2 * production + 1];
        entryCount = Math.max(entryCount, fieldMapStart[production] + fieldMapLength[production]);
      }
    }
    const entries = word(LANGUAGE.fieldMapEntries);
    if (entryCount > 0 && (!entries || entries % 2)) return null;
    const fieldMapFieldId = new Uint16Array(entryCount);
    const fieldMapChildIndex = new Uint8Array(entryCount);
    const fieldMapInherited = new Uint8Array(entryCount);
    for (let i = 0; i < entryCount; i++) {
      // TSFieldMapEntry: uint16 field_id, uint8 child_index, bool inherited
      fieldMapFieldId[i] = u16[(entries + 4 * i) >>> 1];
      fieldMapChildIndex[i] = u8[entries + 4 * i + 2];
      fieldMapInherited[i] = u8[entries + 4 * i + 3];
      if (fieldMapFieldId[i] === 0 || fieldMapFieldId[i] > fieldCount || fieldMapInherited[i] > 1) return null;
    }
    return {
      address,
      publicSymbols,
      aliasSequences,
      maxAliasSequenceLength,
      productionIdCount,
      fieldCount,
      fieldMapStart,
      fieldMapLength,
      fieldMapFieldId,
      fieldMapChildIndex,
      fieldMapInherited,
    };
  } catch {
    return null;
  }
}

/**
 * The SyntaxNode tree of the tree at `tree` (a TSTree pointer), as parser.ts `convert` makes it from a
 * TreeCursor walk: the same nodes, fields, offsets, `handedOn` list and field order; null as soon as a walked
 * node with a visible child sits `maxDepth` levels deep. The tree must stay alive and unedited meanwhile.
 *
 * The cursor's walk, restated: a visible node's children are its subtree's children in order, where a child
 * is visible if its subtree is or (when not extra) its parent's alias sequence names an alias for its
 * structural index; a hidden child with visible children stands for those children (flattened), any other
 * hidden child is skipped. A node's field is that of its structural index in its parent's field map
 * (non-inherited entries), else that of the hidden parent it was flattened out of, and so on up to the
 * first visible ancestor; extras have none. Type ids are public symbols of the alias, else of the symbol.
 */
export function convertFromMemory(...read: TreeInMemory): SyntaxNode | null {
  return readTreeFromMemory(objectBuilder(read[2]), ...read);
}

/** A tree to read: the memory's views and the language's tables, the TSTree pointer, what the conversion needs. */
type TreeInMemory = [heap: HeapViews, memory: MemoryLanguageTables, tables: LanguageTables, tree: number, hasErrors: boolean, text: string, maxDepth: number];

/** convertFromMemory's walk, handing each node to `builder` (the same nodes, in the same order). */
export function readTreeFromMemory<N, R>(builder: TreeBuilder<N, R>, ...[heap, memory, tables, tree, hasErrors, text, maxDepth]: TreeInMemory): R | null {
  const { u8, u16, u32 } = heap;
  const { types, fields, treatment, readsFields, handsOn } = tables;
  const { publicSymbols, aliasSequences, maxAliasSequenceLength, productionIdCount } = memory;
  const { fieldMapStart, fieldMapLength, fieldMapFieldId, fieldMapChildIndex, fieldMapInherited } = memory;
  const hasFieldMap = memory.fieldCount > 0;
  if (u32[(tree + TREE_LANGUAGE) >>> 2] !== memory.address) throw new UnknownTreeLayout('the tree holds another language');

  const publicType = (symbol: number): number => {
    if (symbol === ERROR_SYMBOL) return symbol;
    if (symbol >= publicSymbols.length) throw new UnknownTreeLayout(`symbol ${symbol}`);
    return publicSymbols[symbol];
  };
  /** ts_language_field_map + the cursor's search: the non-inherited field of a structural child, or 0. */
  const fieldAt = (production: number, structuralIndex: number): number => {
    if (!hasFieldMap) return 0;
    const end = fieldMapStart[production] + fieldMapLength[production];
    for (let k = fieldMapStart[production]; k < end; k++) {
      if (fieldMapInherited[k] === 0 && fieldMapChildIndex[k] === structuralIndex) return fieldMapFieldId[k];
    }
    return 0;
  };
  const productionOf = (data: number): number => {
    const production = u16[(data + HEAP.productionId) >>> 1];
    if (production >= productionIdCount) throw new UnknownTreeLayout(`production id ${production}`);
    return production;
  };

  // The root: ts_tree_root_node, positioned after its padding, no alias, no field, never MISSING.
  const rootInline = (u8[tree] & 1) === 1;
  const rootData = rootInline ? 0 : u32[tree >>> 2];
  const rootPosition = rootInline ? u8[tree + INLINE.paddingBytes] : u32[(rootData + HEAP.padding) >>> 2];
  const rootSize = rootInline ? u8[tree + INLINE.sizeBytes] : u32[(rootData + HEAP.size) >>> 2];
  const rootType = publicType(rootInline ? u8[tree + INLINE.symbol] : u16[(rootData + HEAP.symbol) >>> 1]);
  const handedOn: number[] = [];
  const root = builder.root(rootType, rootPosition >>> 1, (rootPosition + rootSize) >>> 1);
  const rootChildCount = rootInline ? 0 : u32[(rootData + HEAP.childCount) >>> 2];
  if (rootChildCount === 0) return builder.finish(root, handedOn);
  const textLength = text.length;

  // One frame per subtree whose children are being gone through: a visible node's own frame (it owns the
  // nodes found in it and in the hidden frames above it), or a hidden node's, flattened into its owner's.
  const frameData: number[] = [];
  const frameCount: number[] = [];
  const frameIndex: number[] = [];
  const frameStructural: number[] = [];
  const framePosition: number[] = [];
  const frameProduction: number[] = [];
  /** The field a child gets from the hidden frames it was flattened out of, when its own map has none. */
  const frameInheritedField: number[] = [];
  const frameOwner: number[] = [];
  /** Hidden frames: how many visible nodes had been found when the frame began. */
  const frameFoundBefore: number[] = [];
  // Owner frames: the node, its type id, and whether it was descended into (it has a visible child).
  const ownerNode: N[] = [];
  const ownerType: number[] = [];
  const ownerEntered: boolean[] = [];
  let top = -1;
  const pushFrame = (data: number, count: number, position: number, inheritedField: number, owner: number, foundBefore: number): void => {
    top++;
    frameData[top] = data;
    frameCount[top] = count;
    frameIndex[top] = 0;
    frameStructural[top] = 0;
    framePosition[top] = position;
    frameProduction[top] = productionOf(data);
    frameInheritedField[top] = inheritedField;
    frameOwner[top] = owner < 0 ? top : owner;
    frameFoundBefore[top] = foundBefore;
  };
  pushFrame(rootData, rootChildCount, rootPosition, 0, -1, 0);
  ownerNode[0] = root;
  ownerType[0] = rootType;
  ownerEntered[0] = true;
  /** The converted nodes open above the current one, as `convert`'s stack counts them (the root included). */
  let depth = 1;
  let found = 0;

  for (;;) {
    const index = frameIndex[top];
    const count = frameCount[top];
    if (index === count) {
      if (frameOwner[top] === top) {
        if (top === 0) return builder.finish(root, handedOn);
        if (ownerEntered[top]) depth--;
      } else if (found === frameFoundBefore[top]) {
        throw new CursorOnlyTree('a hidden node with visible children yields none');
      }
      top--;
      continue;
    }
    // ts_tree_cursor_child_iterator_next: children are stored just before their parent's heap data.
    const data = frameData[top];
    const slot = data - (count - index) * SUBTREE_SIZE;
    const position = framePosition[top];
    const structural = frameStructural[top];
    const bits = u8[slot];
    const inline = (bits & 1) === 1;
    const childData = inline ? 0 : u32[slot >>> 2];
    const flags = inline ? bits >> 1 : u8[childData + HEAP.flags]; // bit 0 visible, bit 2 extra (after the shift)
    const extra = (flags & 4) !== 0;
    const size = inline ? u8[slot + INLINE.sizeBytes] : u32[(childData + HEAP.size) >>> 2];
    let alias = 0;
    if (!extra) {
      const production = frameProduction[top];
      if (production !== 0) {
        const at = production * maxAliasSequenceLength + structural;
        if (at >= aliasSequences.length) throw new UnknownTreeLayout('alias sequence overrun');
        alias = aliasSequences[at];
      }
      frameStructural[top] = structural + 1;
    }
    frameIndex[top] = index + 1;
    let nextPosition = position + size;
    if (index + 1 < count) {
      const next = slot + SUBTREE_SIZE;
      nextPosition += (u8[next] & 1) === 1 ? u8[next + INLINE.paddingBytes] : u32[(u32[next >>> 2] + HEAP.padding) >>> 2];
    }
    framePosition[top] = nextPosition;
    const childCount = inline ? 0 : u32[(childData + HEAP.childCount) >>> 2];

    if ((flags & 1) === 0 && alias === 0) {
      // Hidden: flattened when it has visible children, else skipped (as the cursor's steps do).
      if (childCount > 0 && u32[(childData + HEAP.visibleChildCount) >>> 2] > 0) {
        const inheritedField = extra ? 0 : fieldAt(frameProduction[top], structural) || frameInheritedField[top];
        pushFrame(childData, childCount, position, inheritedField, frameOwner[top], found);
      }
      continue;
    }

    found++;
    const owner = frameOwner[top];
    if (!ownerEntered[owner]) {
      // `convert` went down into the owner: the depth cap applies there.
      if (depth >= maxDepth) return null;
      ownerEntered[owner] = true;
      depth++;
    }
    const typeId = publicType(alias || (inline ? u8[slot + INLINE.symbol] : u16[(childData + HEAP.symbol) >>> 1]));
    const how = treatment[typeId] ?? Treatment.Walk; // ERROR nodes are walked
    const missing = hasErrors && (inline ? (bits & 32) !== 0 : (u8[childData + HEAP.flags2] & 2) !== 0);
    if (how === Treatment.Drop && !missing) continue;
    const parent = ownerNode[owner];
    const parentType = ownerType[owner];
    const end = (position + size) >>> 1;
    if (end > textLength) throw new UnknownTreeLayout('a node ends after the text');
    const fieldId = readsFields[parentType] ? (extra ? 0 : fieldAt(frameProduction[top], structural) || frameInheritedField[top]) : NO_FIELD;
    const start = position >>> 1;
    const node = builder.child(parent, typeId, fieldId, missing, start, end);
    // Types and fields are the tables' internalized strings: these compare by identity.
    if (types[typeId] === 'identifier' && (handsOn[parentType] || (types[parentType] === 'keyword_argument' && fields[fieldId] === 'value'))) handedOn.push(start, end);
    const walk = how === Treatment.Walk || (how === Treatment.String && isTemplateString(text, start));
    if (walk && childCount > 0) {
      pushFrame(childData, childCount, position, 0, -1, found);
      ownerNode[top] = node;
      ownerType[top] = typeId;
      ownerEntered[top] = false;
    }
  }
}
