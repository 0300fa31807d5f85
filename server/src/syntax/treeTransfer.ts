// A syntax tree as numbers, to hand from the thread that parsed a file to the one that summarizes it: a worker
// that only parses spares the summarizing one the parse, and only the summarizing one compiles the summarizer's
// hot code (V8 optimizes per thread; see host/summarizerPool.ts, staged workers). Both threads load the same
// grammar, so a node's type and field travel as the grammar's ids; a string the grammar does not list (the
// conversion's 'ERROR') travels with the tree.
import type { LanguageTables, SyntaxNode } from './syntaxTree';
import { NO_CHILDREN } from './syntaxTree';

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
    // Field 0 stands for none: the grammar's field ids start at 1.
    const field = new Map<string, number>();
    tables.fields.forEach((f, id) => {
      if (f !== null && id > 0 && !field.has(f)) field.set(f, id);
    });
    codesByTables.set(tables, (codes = { type, field }));
  }
  return codes;
}

let scratch = new Int32Array(1 << 16);

export function encodeTree(root: SyntaxNode, tables: LanguageTables): EncodedTree {
  const codes = codesOf(tables);
  const extraTypes: string[] = [];
  const extraFields: string[] = [];
  let at = 0;
  const encode = (n: SyntaxNode): void => {
    if (at + NODE_WIDTH > scratch.length) {
      const grown = new Int32Array(scratch.length * 2);
      grown.set(scratch);
      scratch = grown;
    }
    let type = codes.type.get(n.type);
    if (type === undefined) {
      let extra = extraTypes.indexOf(n.type);
      if (extra < 0) extra = extraTypes.push(n.type) - 1;
      type = tables.types.length + extra;
    }
    let field = 0;
    if (n.field !== null) {
      const known = codes.field.get(n.field);
      if (known !== undefined) field = known;
      else {
        let extra = extraFields.indexOf(n.field);
        if (extra < 0) extra = extraFields.push(n.field) - 1;
        field = tables.fields.length + extra;
      }
    }
    scratch[at] = type;
    scratch[at + 1] = field;
    scratch[at + 2] = (n.named ? NAMED : 0) | (n.missing ? MISSING : 0);
    scratch[at + 3] = n.start;
    scratch[at + 4] = n.end;
    scratch[at + 5] = n.children.length;
    at += NODE_WIDTH;
    for (const child of n.children) encode(child);
  };
  encode(root);
  return { nodes: scratch.slice(0, at), extraTypes, extraFields, hasError: root.hasError, handedOn: root.handedOn };
}

/** The tree encodeTree was given, with the same property order (one hidden class) and shared empty child lists. */
export function decodeTree(encoded: EncodedTree, tables: LanguageTables): SyntaxNode {
  const { nodes, extraTypes, extraFields } = encoded;
  const { types, fields } = tables;
  let at = 0;
  const decode = (): SyntaxNode => {
    const type = nodes[at];
    const field = nodes[at + 1];
    const flags = nodes[at + 2];
    const node: SyntaxNode = {
      type: type < types.length ? types[type] : extraTypes[type - types.length],
      field: field === 0 ? null : field < fields.length ? fields[field] : extraFields[field - fields.length],
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
