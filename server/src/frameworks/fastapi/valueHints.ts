// FastAPI's value hints (docs/adapters.md): a parameter `x = Depends(provider)` or `Security(provider)` holds
// what the provider gives. FastAPI calls a plain provider and awaits an async one itself (`injected`): either
// way the parameter holds what its return annotation says.
import type { ValueHintReader } from '../../syntax/factCollectors';
import { childByField } from '../../syntax/parser';

export const fastapiValueHints: ValueHintReader = {
  parameterDefault(value, ctx) {
    if (value.type !== 'call') return undefined;
    const fn = childByField(value, 'function');
    const callee = fn ? ctx.dottedText(fn) : null;
    if (!callee || !/(^|\.)(Depends|Security)$/.test(callee)) return undefined;
    const first = childByField(value, 'arguments')?.children.find((c) => c.named && c.type !== 'comment');
    const provider = first && first.type !== 'keyword_argument' ? ctx.dottedText(first) : null;
    return provider && ctx.isModuleLevel(provider) ? { kind: 'call', callee: provider, injected: true } : undefined;
  },
};
