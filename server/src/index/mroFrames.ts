// The pieces of an MRO computation (index/symbols.ts's Symbols.mro): a class in progress, a cached answer, and
// the module keys an unknown answer rests on.
import type { ResolvedKnownBase } from '../python/knownBases';
import { moduleKeyOf } from './moduleIndex';
import type { ClassRef } from './sources';

/** One class of an MRO computation in progress (see Symbols.mro). */
export interface MroFrame {
  cls: ClassRef;
  key: string;
  /** The module keys its own resolution read. */
  keys: Set<string>;
  /** Its project bases, resolved, in order. */
  bases: ClassRef[];
  /** Its third-party bases that the known-bases table lists (their attributes are known). */
  known: ResolvedKnownBase[];
  /** The next base whose MRO is needed. */
  next: number;
  /** Unknown already: dynamic, a base that is no project class, a cycle. */
  failed: boolean;
}
/** A class's cached MRO (null: unknown), the module keys computing it read, and (when unknown) what it rests on. */
export interface MroEntry {
  mro: ClassRef[] | null;
  keys: Set<string>;
  known: ResolvedKnownBase[];
  unknownKeys?: string[];
}

/** The module keys an unknown MRO rests on: its own resolution's, and its bases' (their MROs' classes, or what theirs rest on). */
export function hierarchyKeys(frame: MroFrame, entryOf: (base: ClassRef) => MroEntry | undefined): string[] {
  const keys = new Set(frame.keys);
  for (const base of frame.bases) {
    const entry = entryOf(base);
    for (const k of entry?.unknownKeys ?? entry?.keys ?? []) keys.add(k);
    for (const c of entry?.mro ?? []) for (const k of ownModuleKeys(c)) keys.add(k);
  }
  return [...keys];
}

/** The module keys of a known MRO: its classes' modules and what computing each one's step read (`readKeysOf`). */
export function knownMroKeys(mro: readonly ClassRef[], readKeysOf: (c: ClassRef) => Iterable<string> | undefined): string[] {
  const keys = new Set<string>();
  for (const c of mro) {
    for (const k of ownModuleKeys(c)) keys.add(k);
    for (const k of readKeysOf(c) ?? []) keys.add(k);
  }
  return [...keys];
}

/** A class's module key (none for a file no import can name). */
export function ownModuleKeys(cls: ClassRef): string[] {
  const key = moduleKeyOf(cls.file.path);
  return key === null ? [] : [key];
}
