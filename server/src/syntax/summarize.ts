// Turns one file's syntax tree into a FileSummary: imports, module-level bindings, and the names and
// attribute chains that must be resolved against module scope. Python's scoping rules are applied here
// (function, class, lambda, comprehension and type-parameter scopes; global/nonlocal; walrus; match captures),
// so that later stages only ever look names up in module namespaces.
//
// The walk is one class built in layers, one file each under walk/ (each extends the one below; a method a lower
// layer calls but a higher one defines is declared abstract below it): state.ts (the fields, bindings),
// traversal.ts (visit, collectors, errors, imports), valueHints.ts, definitions.ts (functions, classes),
// statements.ts (assignments, try/if/match), expressions.ts (attributes, calls) and results.ts, whose
// Summarizer is the one concrete class (one shape for every walk).
import { LineIndex, type SyntaxNode } from './parser';
import type { FactCollector } from './factCollectors';
import { SUMMARY_SCHEMA, type FileSummary } from './summary';
import { setLineIndex } from './walk/nodes';
import { Summarizer } from './walk/results';

/** `collectors`: the framework adapters' (syntax/factCollectors.ts), composed by the caller. */
export function summarize(root: SyntaxNode, text: string, collectors: readonly FactCollector[] = []): FileSummary {
  setLineIndex(new LineIndex(text));
  try {
    return new Summarizer(text, collectors).run(root);
  } finally {
    setLineIndex(new LineIndex(''));
  }
}

export function emptySummary(reason?: string): FileSummary {
  return {
    schema: SUMMARY_SCHEMA,
    ...(reason ? { unparsed: reason } : {}),
    syntaxErrors: [],
    hasErrorNodes: false,
    futureAnnotations: false,
    imports: [],
    moduleBindings: [],
    dunderAll: null,
    hasModuleGetattr: false,
    dynamicGlobals: false,
    globalUses: [],
    moduleAttributeRefs: [],
    classes: [],
    functions: [],
    memberRefs: [],
    attributeWrites: [],
    ignores: [],
    installsGettext: false,
    importInsertLine: 0,
  };
}
