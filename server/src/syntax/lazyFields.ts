// Summary fields read back from the cache only when something reads them (issue #17: a run after one edit
// loads every summary, but indexing reads few of their per-reference lists: parsing them all, and collecting
// the garbage of the objects, was most of that run). A deferred field is an accessor on the summary itself, so
// readers, spreads and JSON.stringify see a plain summary; its first read parses its JSON text and makes it a
// plain value again.
import type { FileSummary } from './summary';

/**
 * The fields kept as text until read: the largest per-reference lists, which only the file's own check (and
 * a few indexing passes, see mayMention) read. Their order is the cache file's: changing it changes the format.
 */
export const DEFERRED_FIELDS = ['memberRefs', 'moduleAttributeRefs', 'functions', 'callChains', 'globalUses', 'unboundLocals', 'joinedReads', 'asyncLazyReads'] as const;
export type DeferredField = (typeof DEFERRED_FIELDS)[number];

/**
 * Watched words: names indexing looks for in every file's deferred lists (mayMention), given by the adapters
 * (FactCollector.watchedWords: FastAPI's `routes`). Whether a text holds each is noted when it is written, so
 * that loading need not search it; the list they were noted against travels with them (at most 31 words).
 */
export type WatchedWords = readonly string[];

/** A deferred field's JSON text: [start, end) in the buffer, and which watched words it holds (bit i: watched[i]). */
export type DeferredRange = [start: number, end: number, mentions: number];

/** Where a summary's deferred fields still unread are: byte ranges of JSON text in one buffer. */
interface Deferred {
  buffer: Buffer;
  ranges: Map<string, DeferredRange>;
  /** The words the ranges' mention bits refer to. */
  watched: WatchedWords;
}

const deferredOf = new WeakMap<object, Deferred>();

/**
 * Defers `ranges` (field → [start, end) of its JSON in `buffer`) on `summary` (or on a framework adapter's facts
 * object in it, FactCollector.deferredFields): each is parsed on its first read.
 * A summary from a damaged buffer fails on that read; the buffer is signed, so only a bug could make it so.
 */
export function deferFields(summary: object, buffer: Buffer, ranges: Map<string, DeferredRange>, watched: WatchedWords): void {
  if (ranges.size === 0) return;
  deferredOf.set(summary, { buffer, ranges, watched });
  for (const field of ranges.keys()) {
    Object.defineProperty(summary, field, {
      configurable: true,
      enumerable: true,
      get() {
        return settle(this as object, field, JSON.parse(rawText(this as object, field)!));
      },
      set(value: unknown) {
        settle(this as object, field, value);
      },
    });
  }
}

function settle(summary: object, field: string, value: unknown): unknown {
  const deferred = deferredOf.get(summary);
  deferred?.ranges.delete(field);
  if (deferred?.ranges.size === 0) deferredOf.delete(summary); // the buffer is no longer needed for it
  Object.defineProperty(summary, field, { configurable: true, enumerable: true, writable: true, value });
  return value;
}

/** The JSON text of a field still deferred (what the cache writes again as it is), else undefined. */
function rawText(summary: object, field: string): string | undefined {
  const raw = rawBytes(summary, field);
  return raw?.toString('utf8');
}

export function rawBytes(summary: object, field: string): Buffer | undefined {
  return deferredText(summary, field)?.text;
}

/** A field still deferred: its JSON text and which watched words it holds (of `watched`). */
export function deferredText(summary: object, field: string): { text: Buffer; mentions: number; watched: WatchedWords } | undefined {
  const deferred = deferredOf.get(summary);
  const range = deferred?.ranges.get(field);
  return range && { text: deferred!.buffer.subarray(range[0], range[1]), mentions: range[2], watched: deferred!.watched };
}

const jsonNeedles = new Map<string, Buffer>();

/**
 * False only when the field is still deferred and its text holds no `json` (a piece of JSON as JSON.stringify
 * writes it, `"write":true`): then its parsed value holds none either, and a reader looking for it need not
 * parse the text (a run after one edit would parse every file's list to find the few that hold it).
 */
export function mayHoldJson(summary: object, field: DeferredField, json: string): boolean {
  const deferred = deferredText(summary, field);
  if (!deferred) return true;
  let needle = jsonNeedles.get(json);
  if (!needle) jsonNeedles.set(json, (needle = Buffer.from(json, 'utf8')));
  return deferred.text.includes(needle);
}

const needlesOf = new WeakMap<WatchedWords, Buffer[]>();

/** Which watched words a JSON text holds (bit i: watched[i]). */
export function mentionsIn(text: Buffer, watched: WatchedWords): number {
  let needles = needlesOf.get(watched);
  if (!needles) needlesOf.set(watched, (needles = watched.map((w) => Buffer.from(JSON.stringify(w), 'utf8'))));
  let bits = 0;
  needles.forEach((needle, i) => {
    if (i < 31 && text.includes(needle)) bits |= 1 << i;
  });
  return bits;
}

/**
 * False only when the field is still deferred and its text holds no `"word"`: then no string in it equals
 * `word`, and a reader looking for that name need not parse it (indexing looks for `.routes` reads in every file).
 */
export function mayMention(summary: Partial<FileSummary>, field: DeferredField, word: string): boolean {
  const deferred = deferredText(summary, field);
  const bit = deferred ? deferred.watched.indexOf(word) : -1;
  // A word not watched when the text was written may be in it.
  return !deferred || bit < 0 || bit >= 31 || (deferred.mentions & (1 << bit)) !== 0;
}
