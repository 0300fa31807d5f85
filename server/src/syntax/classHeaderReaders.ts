// What the summarizer's walk offers an adapter that reads a class's header its own way (FactCollector.classHeaders):
// each decorator called with arguments on a class (`@admin.register(Article)`: what it registers the class for) and
// each base written as a call that the core reads as a call with a class argument (`Manager.from_queryset(QS)`: the
// base it builds from that class). What the adapter reads is kept in the core's records of the class
// (ClassInfo.registers, ClassInfo.builtBases), where its rules and the core's surface read them; the walk names no framework.
import type { SyntaxNode } from './parser';
import type { BuiltBase } from './summary';

/** What reading a class decorator's arguments needs of the file. */
export interface ClassHeaderContext {
  textOf(n: SyntaxNode): string;
  /** The dotted name an expression spells (`admin.Article`), else null. */
  dottedText(n: SyntaxNode): string | null;
}

/**
 * Asked for each decorator called with arguments on a class (`decorator`: its callee as a dotted name, `args`: the
 * argument list): the dotted names it registers the class for (kept in ClassInfo.registers); undefined or empty: none.
 */
export type ClassRegistrationReader = (decorator: string, args: SyntaxNode, ctx: ClassHeaderContext) => string[] | undefined;

/**
 * Asked for each base written as a call of `callee` whose first argument is a class (both as the module spells
 * them): the base that call builds, kept in ClassInfo.builtBases; undefined: none it knows.
 */
export type BuiltBaseReader = (callee: string, firstArg: string) => BuiltBase | undefined;

/** An adapter's reading of class headers (FactCollector.classHeaders); asked in every file, whatever its appliesTo says. */
export interface ClassHeaderReader {
  readonly registeredBy?: ClassRegistrationReader;
  readonly builtBase?: BuiltBaseReader;
}

/** The adapters' class-header readers, composed for the walk (each list empty: the walk asks nothing). */
export interface ClassHeaderReading {
  readonly registrations: readonly ClassRegistrationReader[];
  readonly builtBases: readonly BuiltBaseReader[];
}

const readingOf = new WeakMap<readonly object[], ClassHeaderReading>();

/** The collectors' class-header readers (built once per list of collectors). */
export function classHeaderReading(collectors: readonly { readonly classHeaders?: ClassHeaderReader }[]): ClassHeaderReading {
  let reading = readingOf.get(collectors);
  if (reading) return reading;
  const readers = collectors.flatMap((c) => (c.classHeaders ? [c.classHeaders] : []));
  reading = {
    registrations: readers.flatMap((r) => (r.registeredBy ? [r.registeredBy] : [])),
    builtBases: readers.flatMap((r) => (r.builtBase ? [r.builtBase] : [])),
  };
  readingOf.set(collectors, reading);
  return reading;
}

/** What the first reader that knows the decorator registers the class for; undefined: none does. */
export function registeredFor(reading: ClassHeaderReading, decorator: string, args: SyntaxNode, ctx: ClassHeaderContext): string[] | undefined {
  for (const read of reading.registrations) {
    const names = read(decorator, args, ctx);
    if (names?.length) return names;
  }
  return undefined;
}

/** The base the first reader that knows the call says it builds; undefined: none does. */
export function builtBaseOf(reading: ClassHeaderReading, callee: string, firstArg: string): BuiltBase | undefined {
  for (const read of reading.builtBases) {
    const built = read(callee, firstArg);
    if (built) return built;
  }
  return undefined;
}
