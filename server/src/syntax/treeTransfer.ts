// A syntax tree as numbers, to hand from the thread that parsed a file to the one that summarizes it: a worker
// that only parses spares the summarizing one the parse, and only the summarizing one compiles the summarizer's
// hot code (V8 optimizes per thread; see host/summarizerPool.ts, staged workers). Both threads load the same
// grammar, so a node's type and field travel as the grammar's ids. The parsing thread writes them straight from
// wasm memory (encodingBuilder: no SyntaxNode is made there), or from a tree the cursor converted (encodeTree);
// a string the grammar does not list travels with the tree.
import type { LanguageTables, SyntaxNode } from './syntaxTree';
import { NO_CHILDREN } from './syntaxTree';
import { NO_FIELD, type TreeBuilder } from './treeMemory';

/** A tree in transit: six numbers per node in pre-order (type, field, flags, start, end, child count). */
export interface EncodedTree {
  nodes: Int32Array;
  /** Type strings (then field names) the grammar's tables lack, numbered on from their lengths. */
  extraTypes: string[];
  extraFields: string[];
  hasError?: boolean;
  handedOn?: number[];
}

const NODE_WIDTH = 6;
const NAMED = 1;
const MISSING = 2;
/** The type id tree-sitter gives ERROR nodes, which the grammar's type table does not list. */
const ERROR_TYPE = 0xffff;

/** Grows as needed, one per thread: a tree is written here, then copied out at its length. */
let scratch = new Int32Array(1 << 16);

/** Writes a node's six numbers at `at` (the scratch grows when full); `children` may be counted on later. */
function writeNode(at: number, typeId: number, fieldId: number, named: boolean, missing: boolean, start: number, end: number, children: number): void {
  if (at + NODE_WIDTH > scratch.length) {
    const bigger = new Int32Array(Math.max(scratch.length * 2, at + NODE_WIDTH));
    bigger.set(scratch);
    scratch = bigger;
  }
  scratch[at] = typeId;
  scratch[at + 1] = fieldId;
  scratch[at + 2] = (named ? NAMED : 0) | (missing ? MISSING : 0);
  scratch[at + 3] = start;
  scratch[at + 4] = end;
  scratch[at + 5] = children;
}

const encodingBuilders = new WeakMap<LanguageTables, TreeBuilder<number, EncodedTree>>();

/** For treeMemory.ts readTreeFromMemory: the tree written as numbers, a node's handle its offset there. */
export function encodingBuilder(tables: LanguageTables): TreeBuilder<number, EncodedTree> {
  let builder = encodingBuilders.get(tables);
  if (!builder) {
    const { named } = tables;
    let at = 0;
    const write = (typeId: number, fieldId: number, missing: boolean, start: number, end: number): number => {
      writeNode(at, typeId, fieldId, named[typeId] ?? true, missing, start, end, 0);
      at += NODE_WIDTH;
      return at - NODE_WIDTH;
    };
    builder = {
      // The root's field is the table's first entry, as the object conversion gives it.
      root: (typeId, start, end) => {
        at = 0;
        return write(typeId, 0, false, start, end);
      },
      child: (parent, typeId, fieldId, missing, start, end) => {
        const node = write(typeId, fieldId, missing, start, end);
        scratch[parent + 5]++;
        return node;
      },
      finish: (_root, handedOn) => ({ nodes: scratch.slice(0, at), extraTypes: [], extraFields: [], handedOn }),
    };
    encodingBuilders.set(tables, builder);
  }
  return builder;
}

interface Codes {
  type: Map<string, number>;
  field: Map<string, number>;
}
const codesByTables = new WeakMap<LanguageTables, Codes>();

function codesOf(tables: LanguageTables): Codes {
  let codes = codesByTables.get(tables);
  if (!codes) {
    const type = new Map<string, number>();
    tables.types.forEach((t, id) => {
      if (!type.has(t)) type.set(t, id);
    });
    type.set('ERROR', ERROR_TYPE);
    const field = new Map<string, number>();
    tables.fields.forEach((f, id) => {
      if (f !== null && !field.has(f)) field.set(f, id);
    });
    codesByTables.set(tables, (codes = { type, field }));
  }
  return codes;
}

/** A converted tree as encodingBuilder writes one (a tree the memory reader could not read). */
export function encodeTree(root: SyntaxNode, tables: LanguageTables): EncodedTree {
  const codes = codesOf(tables);
  const extraTypes: string[] = [];
  const extraFields: string[] = [];
  let at = 0;
  const encode = (n: SyntaxNode): void => {
    let type = codes.type.get(n.type);
    if (type === undefined) {
      let extra = extraTypes.indexOf(n.type);
      if (extra < 0) extra = extraTypes.push(n.type) - 1;
      type = tables.types.length + extra;
    }
    let field = NO_FIELD;
    if (n.field !== null) {
      const known = codes.field.get(n.field);
      if (known !== undefined) field = known;
      else {
        let extra = extraFields.indexOf(n.field);
        if (extra < 0) extra = extraFields.push(n.field) - 1;
        field = tables.fields.length + extra;
      }
    }
    writeNode(at, type, field, n.named, n.missing, n.start, n.end, n.children.length);
    at += NODE_WIDTH;
    for (const child of n.children) encode(child);
  };
  encode(root);
  return { nodes: scratch.slice(0, at), extraTypes, extraFields, hasError: root.hasError, handedOn: root.handedOn };
}

/** The tree that was encoded, with the same property order (one hidden class) and shared empty child lists. */
export function decodeTree(encoded: EncodedTree, tables: LanguageTables): SyntaxNode {
  const { nodes, extraTypes, extraFields } = encoded;
  const { types, fields } = tables;
  let at = 0;
  const decode = (): SyntaxNode => {
    const type = nodes[at];
    const field = nodes[at + 1];
    const flags = nodes[at + 2];
    const node: SyntaxNode = {
      // ERROR's id (0xffff) is in neither list, as with the object conversion's `types[id] ?? 'ERROR'`.
      type: types[type] ?? extraTypes[type - types.length] ?? 'ERROR',
      field: field === NO_FIELD ? null : (fields[field] ?? extraFields[field - fields.length] ?? null),
      named: (flags & NAMED) !== 0,
      missing: (flags & MISSING) !== 0,
      start: nodes[at + 3],
      end: nodes[at + 4],
      children: NO_CHILDREN,
    };
    const count = nodes[at + 5];
    at += NODE_WIDTH;
    if (count > 0) {
      const children = new Array<SyntaxNode>(count);
      for (let i = 0; i < count; i++) children[i] = decode();
      node.children = children;
    }
    return node;
  };
  const root = decode();
  if (encoded.handedOn !== undefined) root.handedOn = encoded.handedOn;
  if (encoded.hasError !== undefined) root.hasError = encoded.hasError;
  return root;
}
