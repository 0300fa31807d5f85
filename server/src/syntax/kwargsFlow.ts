// Where a method's `**kwargs` dict goes: which literal keys the body takes out of it, and which calls it is
// handed to (spread or as an argument). A queryset override of `filter()`/`get()`… whose dict reaches Django's
// method this way keeps lookup checking for every key it does not name (frameworks/django/lookupOverrides.ts).
// A key the body could treat specially without naming it (the dict iterated, copied, stored, a computed key)
// makes the flow `open`.
import { childByField, namedChildren, type SyntaxNode } from './parser';
import type { KwargsFlow, KwargsPass } from './summary';

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition']);
/** `kwargs.pop("x")`, `kwargs.get("x")`, `kwargs.setdefault("x", …)`: the key is named. */
const KEYED_METHODS = new Set(['pop', 'get', 'setdefault']);

export function kwargsFlowOf(fn: SyntaxNode, param: string, text: string): KwargsFlow {
  const flow: KwargsFlow = { keys: [], passes: [] };
  const textOf = (n: SyntaxNode) => text.slice(n.start, n.end);
  // A plain string literal's contents (no f-string, no escapes: names are plain words).
  const literal = (n: SyntaxNode | undefined): string | null => {
    const m = n?.type === 'string' ? /^[uUrR]?("|')([\w-]*)\1$/.exec(textOf(n)) : null;
    return m ? m[2] : null;
  };
  const addKey = (n: SyntaxNode | undefined): void => {
    const key = literal(n);
    if (key === null) flow.open = true;
    else if (!flow.keys.includes(key)) flow.keys.push(key);
  };
  // Parents of the node being visited, nearest last.
  const path: SyntaxNode[] = [];
  const parentOf = (depth: number) => path[path.length - 1 - depth];

  /** Where the result of `call` (which was handed the dict) goes; `up`: how many ancestors above it are on `path`. */
  const passTo = (call: SyntaxNode, spread: boolean, up: number): void => {
    const callee = childByField(call, 'function');
    let parent = parentOf(up);
    while (parent?.type === 'parenthesized_expression') parent = parentOf(++up);
    const result: KwargsPass['result'] =
      parent?.type === 'expression_statement' ? 'discarded'
      : parent?.type === 'return_statement' ? 'returned'
      : parent?.type === 'assignment' && call.field === 'right' && childByField(parent, 'left')?.type === 'identifier' && textOf(childByField(parent, 'left')!) === param ? 'dict'
      : parent?.type === 'dictionary_splat' ? 'spread'
      : 'other';
    flow.passes.push({ callee: callee ? textOf(callee).replace(/\s+/g, '') : '?', spread, result });
    // `super().filter(**self.helper(**kwargs))`: what the helper returns is handed on.
    if (result === 'spread' && parentOf(up + 1)?.type === 'argument_list' && parentOf(up + 2)?.type === 'call') passTo(parentOf(up + 2), true, up + 3);
  };

  const use = (id: SyntaxNode): void => {
    const parent = parentOf(0);
    if (!parent) return;
    if (parent.type === 'attribute' && id.field === 'object') {
      const method = childByField(parent, 'attribute');
      const call = parentOf(1);
      const name = method ? textOf(method) : '';
      if (call?.type === 'call' && parent.field === 'function' && KEYED_METHODS.has(name)) {
        const [key, value] = namedChildren(childByField(call, 'arguments')!);
        addKey(key);
        // `kwargs.setdefault("to", Status)`: a field class that gives its relation's target itself.
        const given = literal(key);
        if (name === 'setdefault' && given !== null && value && /^(identifier|attribute|string)$/.test(value.type)) {
          const text = value.type === 'string' ? literal(value) : textOf(value);
          if (text !== null) (flow.defaults ??= {})[given] = text;
        }
      }
      else if (!(call?.type === 'call' && parent.field === 'function' && name === 'update')) flow.open = true;
      return;
    }
    if (parent.type === 'subscript' && id.field === 'value') return addKey(childByField(parent, 'subscript'));
    if (parent.type === 'comparison_operator') {
      const operands = namedChildren(parent);
      if (operands.length === 2 && operands[1] === id && /\bin\b/.test(text.slice(operands[0].end, id.start))) return addKey(operands[0]);
      flow.open = true;
      return;
    }
    if (parent.type === 'dictionary_splat' && parentOf(1)?.type === 'argument_list' && parentOf(2)?.type === 'call') return passTo(parentOf(2), true, 3);
    if (parent.type === 'argument_list' && parentOf(1)?.type === 'call') return passTo(parentOf(1), false, 2);
    if (parent.type === 'return_statement') {
      flow.returned = true;
      return;
    }
    // `kwargs = helper(kwargs)` / `kwargs = {**kwargs, "x": 1}`: the new dict still holds the caller's keys.
    if (parent.type === 'assignment' && id.field === 'left') {
      const right = childByField(parent, 'right');
      if (!right || !mentions(right)) flow.open = true;
      return;
    }
    if (parent.type === 'dictionary_splat' && parentOf(1)?.type === 'dictionary') {
      const assignment = parentOf(2);
      if (assignment?.type === 'assignment' && childByField(assignment, 'left') && textOf(childByField(assignment, 'left')!) === param) return;
    }
    flow.open = true;
  };
  const mentions = (n: SyntaxNode): boolean => (n.type === 'identifier' ? textOf(n) === param : n.children.some(mentions));

  const walk = (n: SyntaxNode): void => {
    if (flow.open) return;
    if (NESTED_SCOPES.has(n.type)) {
      if (mentions(n)) flow.open = true;
      return;
    }
    if (n.type === 'identifier') {
      if (textOf(n) === param) use(n);
      return;
    }
    if (n.type === 'global_statement' || n.type === 'nonlocal_statement') return;
    // `x.kwargs` names an attribute, and `f(kwargs=…)` a keyword: only their other parts are uses.
    const skip = n.type === 'attribute' ? 'attribute' : n.type === 'keyword_argument' ? 'name' : null;
    path.push(n);
    for (const c of n.children) if (c.field !== skip || skip === null) walk(c);
    path.pop();
  };
  const body = childByField(fn, 'body');
  if (body) walk(body);
  return flow;
}

/**
 * Whether a function only merges dicts it is given: every `return` is a dict display of `**param` spreads and
 * literal-keyed pairs (`return {**d1, **d2}`), and no parameter is changed (no `d[k] = …`, `del`, `d.pop(…)`).
 * Passing the `**kwargs` dict through it keeps every key the caller gave.
 */
export function mergesDicts(fn: SyntaxNode, params: string[], text: string): boolean {
  const body = childByField(fn, 'body');
  if (!body) return false;
  const textOf = (n: SyntaxNode) => text.slice(n.start, n.end);
  let returns = 0;
  const returnOk = (r: SyntaxNode): boolean => {
    const value = namedChildren(r)[0];
    if (value?.type !== 'dictionary') return false;
    return namedChildren(value).every((c) => {
      if (c.type === 'dictionary_splat') {
        const inner = namedChildren(c)[0];
        return inner?.type === 'identifier' && params.includes(textOf(inner));
      }
      return c.type === 'pair' && childByField(c, 'key')?.type === 'string';
    });
  };
  const changes = (n: SyntaxNode): boolean => {
    if (NESTED_SCOPES.has(n.type)) return false;
    if (n.type === 'return_statement') {
      returns++;
      if (!returnOk(n)) return true;
    }
    if ((n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'delete_statement') && /^(subscript|attribute)$/.test((childByField(n, 'left') ?? namedChildren(n)[0])?.type ?? '')) return true;
    if (n.type === 'delete_statement') return true;
    if (n.type === 'call') {
      const callee = childByField(n, 'function');
      if (callee?.type === 'attribute' && /^(pop|popitem|update|clear|setdefault)$/.test(textOf(childByField(callee, 'attribute')!))) return true;
    }
    return n.children.some(changes);
  };
  return !changes(body) && returns > 0;
}
