// Class decorators that hand the class back as it is declared: the well-known ones by name, and project
// functions written `def deco(cls): …; return cls` that never change their argument (FunctionInfo.returnsItsArgument).
import type { ClassInfo, FunctionInfo } from '../syntax/summary';
import type { DependencyTracker } from './dependencyTracker';
import type { ClassRef, SourceFile } from './sources';

/** What the test asks of the resolver (Symbols answers it; a parameter so that this file, below it, needs nothing of it). */
export interface DecoratorLookups {
  classInfo(ref: ClassRef): ClassInfo;
  externalName(file: SourceFile, dotted: string): string | null;
  dotted(file: SourceFile, dotted: string, tracker: DependencyTracker): { kind: string; fn?: FunctionInfo } | null;
}

/**
 * Whether every decorator of `cls` keeps the class as declared: one of `known` (by its qualified name), or a
 * project function used bare (`@deco`, not `@deco(…)`: a factory's result is another function) that returns
 * its argument unchanged and has no decorators of its own.
 */
export function decoratorsKeepClass(symbols: DecoratorLookups, cls: ClassRef, known: ReadonlySet<string>, tracker: DependencyTracker): boolean {
  const info = symbols.classInfo(cls);
  return info.decorators.every((d, i) => {
    if (known.has(symbols.externalName(cls.file, d) ?? '')) return true;
    if (d === '?' || !info.bareDecorators?.includes(i)) return false;
    const target = symbols.dotted(cls.file, d, tracker);
    return target?.kind === 'function' && target.fn?.returnsItsArgument === true && target.fn.decorators.length === 0;
  });
}
