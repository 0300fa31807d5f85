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
  /** UTF-16 offsets into the source string. */
  start: number;
  end: number;
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
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

/** Anonymous tokens worth keeping: keywords (`async`, `not`, `in`…). Punctuation is dropped. */
function keepAnonymous(type: string): boolean {
  const c = type.charCodeAt(0);
  return (c >= 97 && c <= 122) || c === 95; // a-z or _
}

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
    return { root: convert(tree.walk()) };
  } finally {
    tree.delete();
  }
}

function convert(cursor: ReturnType<import('web-tree-sitter').Tree['walk']>): SyntaxNode {
  try {
    const make = (): SyntaxNode => {
      const s = cursor.startPosition;
      const e = cursor.endPosition;
      return {
        type: cursor.nodeType,
        field: cursor.currentFieldName,
        named: cursor.nodeIsNamed,
        missing: cursor.nodeIsMissing,
        start: cursor.startIndex,
        end: cursor.endIndex,
        startLine: s.row,
        startCol: s.column,
        endLine: e.row,
        endCol: e.column,
        children: [],
      };
    };
    const root = make();
    const stack: SyntaxNode[] = [root];
    // Iterative pre-order walk: deep nesting (generated code) must not overflow the JS stack.
    if (cursor.gotoFirstChild()) {
      for (;;) {
        const parent = stack[stack.length - 1];
        let descended = false;
        if (cursor.nodeIsNamed || cursor.nodeIsMissing || keepAnonymous(cursor.nodeType)) {
          const node = make();
          parent.children.push(node);
          if (cursor.gotoFirstChild()) {
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
