// `def register(cls): registry[cls.__name__] = cls; return cls`: a decorator that hands back what it got,
// unchanged, so a class it decorates keeps exactly the attributes it declares.
import { childByField, type SyntaxNode } from './parser';

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition']);

/**
 * Whether the function `fn` (one parameter, `param`) returns `param` on every path and never changes it: every
 * `return` is `return param`, the body ends with one, and `param` is otherwise only read (`param.x` not called,
 * assigned or deleted) or stored as the value of a subscript assignment (`registry[key] = param`). Passing it to
 * a call (`setattr(param, …)`, `other(param)`), calling its methods, aliasing it or nesting scopes all say no.
 */
export function returnsItsArgument(fn: SyntaxNode, param: string, text: string): boolean {
  const body = childByField(fn, 'body');
  const statements = body?.children.filter((c) => c.named && c.type !== 'comment') ?? [];
  const last = statements[statements.length - 1];
  if (!body || !last || !isReturnOf(last, param, text)) return false;
  const textOf = (n: SyntaxNode) => text.slice(n.start, n.end);
  // Ancestors of the node being looked at, nearest last.
  const path: SyntaxNode[] = [];
  const allowed = (use: SyntaxNode): boolean => {
    const parent = path[path.length - 1];
    if (parent.type === 'return_statement') return true;
    if (parent.type === 'assignment') return use.field === 'right' && childByField(parent, 'left')?.type === 'subscript';
    if (parent.type === 'attribute' && use.field === 'object') {
      // Climb the attribute/subscript chain read off the parameter: its top must be a plain read.
      let i = path.length - 1;
      let top = path[i];
      while (i > 0 && (path[i - 1].type === 'attribute' || path[i - 1].type === 'subscript') && top.field === (path[i - 1].type === 'attribute' ? 'object' : 'value')) top = path[--i];
      const outer = path[i - 1];
      if (!outer) return false;
      if (outer.type === 'call' && top.field === 'function') return false;
      if ((outer.type === 'assignment' || outer.type === 'augmented_assignment') && top.field === 'left') return false;
      return outer.type !== 'delete_statement' && outer.type !== 'pattern_list' && outer.type !== 'tuple_pattern';
    }
    return false;
  };
  const walk = (n: SyntaxNode): boolean => {
    if (NESTED_SCOPES.has(n.type) || n.type === 'global_statement' || n.type === 'nonlocal_statement') return false;
    if (n.type === 'return_statement' && !isReturnOf(n, param, text)) return false;
    if (n.type === 'identifier' && textOf(n) === param && !allowed(n)) return false;
    if (n.type === 'attribute') {
      // `x.param` names an attribute, not the parameter: only the object side is a use.
      const object = childByField(n, 'object');
      path.push(n);
      const ok = !object || walk(object);
      path.pop();
      return ok;
    }
    if (n.type === 'keyword_argument' || n.type === 'string') return n.type === 'string' || walkChildren(n, (c) => c.field !== 'name');
    return walkChildren(n, () => true);
  };
  const walkChildren = (n: SyntaxNode, include: (c: SyntaxNode) => boolean): boolean => {
    path.push(n);
    const ok = n.children.every((c) => !include(c) || walk(c));
    path.pop();
    return ok;
  };
  return walkChildren(body, () => true);
}

function isReturnOf(st: SyntaxNode, param: string, text: string): boolean {
  const value = st.type === 'return_statement' ? st.children.filter((c) => c.named && c.type !== 'comment') : [];
  return value.length === 1 && value[0].type === 'identifier' && text.slice(value[0].start, value[0].end) === param;
}
