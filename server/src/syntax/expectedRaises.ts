// `with self.assertRaises(…)` / `with pytest.raises(…)`: whether the block expects a failure that a missing
// name, attribute or module could be. A missing one raises AttributeError, NameError or ImportError: when the
// block expects only other exceptions (`ValueError`), or checks a message those errors never have
// (`assertRaisesRegex(Exception, "LLM index update failed.")`), the test fails on it as on any other line.
import { childByField, type SyntaxNode } from './parser';

/** Calls that expect their block to raise. */
const EXPECTING_CALL = /(^|\.)(assertRaises\w*|raises)$/;

/**
 * Builtin exceptions that catch none of AttributeError, NameError, ImportError (nor their subclasses). A
 * name outside this list (Exception, a project or library class) may catch them.
 */
const UNRELATED_BUILTINS = new Set([
  'ValueError', 'TypeError', 'KeyError', 'IndexError', 'LookupError', 'RuntimeError', 'NotImplementedError',
  'ZeroDivisionError', 'ArithmeticError', 'OverflowError', 'AssertionError', 'OSError', 'IOError',
  'FileNotFoundError', 'FileExistsError', 'PermissionError', 'IsADirectoryError', 'NotADirectoryError',
  'TimeoutError', 'ConnectionError', 'StopIteration', 'StopAsyncIteration', 'UnicodeError',
  'UnicodeDecodeError', 'UnicodeEncodeError', 'RecursionError', 'MemoryError', 'KeyboardInterrupt', 'SystemExit',
]);

/**
 * Words of the messages AttributeError, NameError, UnboundLocalError, ImportError and ModuleNotFoundError
 * have (CPython 3.8–3.14), around the quoted names they carry.
 */
const MESSAGE_WORDS = new Set(
  (
    "module has no attribute object type partially initialized most likely due to a circular import did you mean " +
    'name is not defined free variable referenced before assignment in enclosing scope cannot access local where ' +
    'it associated with value from unknown location no named halted none sys.modules or'
  ).split(' '),
);

/**
 * Whether a `with` statement's clause expects an exception that a missing name, attribute or module could
 * raise and satisfy: false only when every expecting call surely expects something else.
 */
export function expectsLookupErrors(clause: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const calls: SyntaxNode[] = [];
  const collect = (n: SyntaxNode): void => {
    if (n.type === 'call') {
      const fn = childByField(n, 'function');
      if (fn && EXPECTING_CALL.test(textOf(fn))) calls.push(n);
    }
    for (const c of n.children) if (c.named) collect(c);
  };
  collect(clause);
  if (calls.length === 0) return /\b(assertRaises\w*|raises)\s*\(/.test(textOf(clause)); // written some other way
  return calls.some((call) => callMayExpectLookupErrors(call, textOf));
}

function callMayExpectLookupErrors(call: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const args = childByField(call, 'arguments')?.children.filter((a) => a.named && a.type !== 'comment') ?? [];
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const keyword = (name: string) => {
    const k = args.find((a) => a.type === 'keyword_argument' && textOf(childByField(a, 'name') ?? a) === name);
    return k ? childByField(k, 'value') : undefined;
  };
  const expected = positional[0] ?? keyword('expected_exception');
  if (!expected) return true;
  if (!onlyUnrelatedBuiltins(expected, textOf)) {
    // assertRaisesRegex / assertRaisesMessage (Django: a substring) / pytest's match=.
    const fn = textOf(childByField(call, 'function')!);
    const message = /assertRaises(Regexp?|Regex|Message)$/.test(fn) ? (positional[1] ?? keyword('expected_regex') ?? keyword('expected_message')) : /(^|\.)raises$/.test(fn) ? keyword('match') : undefined;
    const text = message ? plainString(message, textOf) : null;
    return text === null || mayMatchLookupMessage(text);
  }
  return false;
}

/** `ValueError`, `(KeyError, TypeError)`: builtins that catch no lookup error. */
function onlyUnrelatedBuiltins(n: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  if (n.type === 'identifier') return UNRELATED_BUILTINS.has(textOf(n));
  if (n.type === 'tuple' || n.type === 'parenthesized_expression') {
    const items = n.children.filter((c) => c.named && c.type !== 'comment');
    return items.length > 0 && items.every((c) => onlyUnrelatedBuiltins(c, textOf));
  }
  return false;
}

/** A one-line string literal without escapes or interpolation: its text. */
function plainString(n: SyntaxNode, textOf: (n: SyntaxNode) => string): string | null {
  if (n.type !== 'string') return null;
  const m = /^([rRuU]?)("|')([^\n\\{}]*)\2$/.exec(textOf(n));
  return m ? m[3] : null;
}

/**
 * Whether a pattern (a regex or a substring) could match such a message. Names in those messages are quoted
 * identifiers or dotted paths, so words between two spaces of a match are the messages' own words: a pattern
 * with an inner word that is none of them cannot match. Regex syntax beyond `.` is not judged.
 */
function mayMatchLookupMessage(pattern: string): boolean {
  if (/[[\](){}*+?|^$]/.test(pattern)) return true;
  const words = pattern.split(' ');
  if (words.length < 3) return true;
  return words.slice(1, -1).every((w) => w === '' || /['"]/.test(w) || MESSAGE_WORDS.has(w.toLowerCase().replace(/[.:;,]+$/, '')));
}
