// The layout of summaries.bin (inside its signature): a JSON header holding each summary without its deferred
// fields (syntax/lazyFields.ts), then those fields' JSON texts one after the other, addressed from the header
// by offset. Loading parses the header only; a deferred field is parsed when read, and written again as the
// bytes it was read from while nobody has read it.
//   [u32 LE: header length][header JSON][deferred fields' JSON texts]
// Each deferred text also carries which watched words it holds (lazyFields.ts), found once when it is written;
// the header lists the words (the adapters', frameworks/adapters.ts) those bits refer to.
// Framework adapters' deferred fact fields (FactCollector.deferredFields) are numbered after the core's.
import { FRAMEWORK_ADAPTERS, WATCHED_WORDS } from '../frameworks/adapters';
import type { ProjectFileSummary } from '../index/projectFileSummary';
import { DEFERRED_FIELDS, deferFields, deferredText, mentionsIn, type DeferredField, type DeferredRange, type WatchedWords } from '../syntax/lazyFields';
import type { FileSummary } from '../syntax/summary';

const FORMAT = 3;
const DEFERRED = new Set<string>(DEFERRED_FIELDS);
/** [adapter key, field] of each adapter's deferred field; its number is DEFERRED_FIELDS.length + its index. */
const FRAMEWORK_DEFERRED: readonly [string, string][] = FRAMEWORK_ADAPTERS.flatMap((a) => (a.deferredFields ?? []).map((f): [string, string] => [a.key, f]));
/** Adapter key → its deferred field → the field's number. */
const FRAMEWORK_DEFERRED_BY_KEY = new Map<string, Map<string, number>>();
FRAMEWORK_DEFERRED.forEach(([key, field], i) => {
  if (!FRAMEWORK_DEFERRED_BY_KEY.has(key)) FRAMEWORK_DEFERRED_BY_KEY.set(key, new Map());
  FRAMEWORK_DEFERRED_BY_KEY.get(key)!.set(field, DEFERRED_FIELDS.length + i);
});

interface Header {
  format: number;
  /** Names this version of summaries.bin: an added-summaries file belongs to one. */
  id: string;
  /** The watched words, in the order of the bits below. */
  watched: string[];
  /** Key, the summary without its deferred fields, then [field index, offset, length, watched words]… of those it has. */
  sources: [string, Partial<FileSummary>, number[]][];
  projectFiles: [string, ProjectFileSummary][];
}

export interface SummariesContents {
  id: string;
  sources: Map<string, FileSummary>;
  projectFiles: Map<string, ProjectFileSummary>;
}

/** The file's bytes as consecutive chunks (written one after the other: joining 56 MB first cost more than writing it). */
export function encodeSummaries(id: string, sources: Iterable<[string, FileSummary]>, projectFiles: Iterable<[string, ProjectFileSummary]>, watched: WatchedWords = WATCHED_WORDS): Buffer[] {
  const texts: Buffer[] = [];
  let offset = 0;
  // The header's JSON, joined by hand: a summary handed over as JSON (handOverJson) gives its eager part as bytes.
  const header: Buffer[] = [];
  let headerLength = 0;
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const bytes = Buffer.from(pending, 'utf8');
    header.push(bytes);
    headerLength += bytes.length;
    pending = '';
  };
  const addBytes = (bytes: Buffer) => {
    flush();
    header.push(bytes);
    headerLength += bytes.length;
  };
  pending = `{"format":${FORMAT},"id":${JSON.stringify(id)},"watched":${JSON.stringify([...watched])},"sources":[`;
  let first = true;
  for (const [key, summary] of sources) {
    const ranges: number[] = [];
    pending += `${first ? '' : ','}[${JSON.stringify(key)},`;
    first = false;
    const handed = handedOver.get(summary);
    if (handed) {
      handedOver.delete(summary); // written once: its bytes are not kept alive after
      const sameWords = watched === WATCHED_WORDS || (watched.length === WATCHED_WORDS.length && watched.every((w, i) => w === WATCHED_WORDS[i]));
      for (const [index, , valueStart, valueEnd, , mentions] of handed.fields) {
        const text = handed.bytes.subarray(valueStart, valueEnd);
        ranges.push(index, offset, text.length, sameWords ? mentions : mentionsIn(text, watched));
        texts.push(text);
        offset += text.length;
      }
      // The eager part: the JSON without the deferred fields' cuts.
      let at = 0;
      for (const [start, end] of handed.fields.map((f) => [f[1], f[4]]).sort((a, b) => a[0] - b[0])) {
        if (start > at) addBytes(handed.bytes.subarray(at, start));
        at = end;
      }
      addBytes(handed.bytes.subarray(at));
    } else {
      const eager: Record<string, unknown> = {};
      const defer = (index: number, owner: object, field: string) => {
        // Unread since loaded: the same bytes again, not parsed and serialized.
        const raw = deferredText(owner, field);
        const value = raw ? undefined : (owner as Record<string, unknown>)[field];
        const text = raw?.text ?? (value === undefined ? undefined : Buffer.from(JSON.stringify(value), 'utf8'));
        if (!text) return;
        const sameWords = raw && raw.watched.length === watched.length && raw.watched.every((w, i) => w === watched[i]);
        ranges.push(index, offset, text.length, raw && sameWords ? raw.mentions : mentionsIn(text, watched));
        texts.push(text);
        offset += text.length;
      };
      for (const field of Object.keys(summary)) {
        if (DEFERRED.has(field)) defer(DEFERRED_FIELDS.indexOf(field as (typeof DEFERRED_FIELDS)[number]), summary, field);
        else eager[field] = (summary as unknown as Record<string, unknown>)[field];
      }
      // After the core's texts, whatever the order of the summary's keys: a summary read back writes the same bytes.
      if (summary.frameworks) eager.frameworks = eagerFrameworkFacts(summary.frameworks, defer);
      pending += JSON.stringify(eager);
    }
    pending += `,${JSON.stringify(ranges)}]`;
  }
  // As JSON.stringify of a Header gives it.
  pending += `],"projectFiles":${JSON.stringify([...projectFiles])}}`;
  flush();
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerLength);
  return [length, ...header, ...texts];
}

/**
 * A summary's JSON (UTF-8) as a pool worker hands it over, and where each deferred field's text is in it: the
 * cache writes those texts, and the rest as the eager part, from these bytes instead of serializing the summary
 * again (on the main thread, in the last phase of a cold run, while the other core idles). Bytes, not a string:
 * they cross threads without a copy and stay out of the garbage collector's young generation while kept.
 */
export interface HandedOverJson {
  bytes: Buffer;
  /**
   * Per deferred field, in the order encodeSummaries writes them, as byte offsets: its number, the cut that
   * removes it from the JSON (key, value and one comma), its value's range and the watched words in it (bit i:
   * WATCHED_WORDS[i]).
   */
  fields: [index: number, cutStart: number, valueStart: number, valueEnd: number, cutEnd: number, mentions: number][];
}

/** Summaries handed over as JSON, until the cache writes them (only those the host asked to keep, see keepHandedOver). */
const handedOver = new WeakMap<object, HandedOverJson>();

/** Lets the next encodeSummaries write `summary` (parsed from `handed.json`, never changed since) from its JSON. */
export function keepHandedOver(summary: FileSummary, handed: HandedOverJson): void {
  handedOver.set(summary, handed);
}

/**
 * The summary's JSON (what JSON.stringify gives, as UTF-8) and where its deferred fields are in it: written by
 * hand, two levels deep (the summary, and the adapters' facts with deferred fields).
 */
export function handOverJson(summary: FileSummary): HandedOverJson {
  const parts: string[] = [];
  let length = 0;
  const write = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const core: HandedOverJson['fields'] = [];
  const byAdapter = new Map<string, HandedOverJson['fields']>();
  /** Writes `object`; `nested` writes a field's value itself (returning true), `numberOf` numbers its deferred fields. */
  const writeObject = (object: Record<string, unknown>, numberOf: (field: string) => number | undefined, out: HandedOverJson['fields'], nested?: (field: string, value: unknown) => boolean) => {
    write('{');
    let written = 0;
    // A deferred field with no field kept before it in its object: the comma after it goes with it.
    let takesNextComma: HandedOverJson['fields'][number] | null = null;
    for (const field of Object.keys(object)) {
      const value = object[field];
      const key = JSON.stringify(field) + ':';
      const number = numberOf(field);
      if (number === undefined && nested && value && typeof value === 'object' && !Array.isArray(value)) {
        const commaAt = length;
        if (written++ > 0) write(',');
        const before = parts.length;
        write(key);
        if (!nested(field, value)) {
          parts.length = before;
          length -= key.length;
          write(key + JSON.stringify(value));
        }
        if (takesNextComma && commaAt < length) takesNextComma[4] = commaAt + 1;
        takesNextComma = null;
        continue;
      }
      const text = JSON.stringify(value);
      if (text === undefined) continue;
      const commaAt = length;
      const first = written++ === 0;
      if (!first) write(',');
      const keyAt = length;
      write(key);
      const valueStart = length;
      write(text);
      if (number === undefined) {
        if (takesNextComma) takesNextComma[4] = commaAt + 1;
        takesNextComma = null;
        continue;
      }
      let bits = 0;
      WATCHED_NEEDLES.forEach((needle, i) => {
        if (i < 31 && text.includes(needle)) bits |= 1 << i;
      });
      if (first || takesNextComma) {
        if (takesNextComma) takesNextComma[4] = commaAt + 1;
        takesNextComma = [number, keyAt, valueStart, length, length, bits];
        out.push(takesNextComma);
      } else out.push([number, commaAt, valueStart, length, length, bits]);
    }
    write('}');
  };
  writeObject(summary as unknown as Record<string, unknown>, (field) => (DEFERRED.has(field) ? DEFERRED_FIELDS.indexOf(field as DeferredField) : undefined), core, (field, value) => {
    if (field !== 'frameworks') return false;
    writeObject(value as Record<string, unknown>, () => undefined, [], (adapter, facts) => {
      const numbers = FRAMEWORK_DEFERRED_BY_KEY.get(adapter);
      if (!numbers) return false;
      const out: HandedOverJson['fields'] = [];
      byAdapter.set(adapter, out);
      writeObject(facts as Record<string, unknown>, (f) => numbers.get(f), out);
      return true;
    });
    return true;
  });
  // The adapters' fields after the core's, in the adapters' order (as encodeSummaries writes them).
  const fields = [...core];
  for (const adapter of FRAMEWORK_DEFERRED_BY_KEY.keys()) fields.push(...(byAdapter.get(adapter) ?? []));
  const json = parts.join('');
  // Its own memory (not a slice of Buffer's shared pool): it is transferred to the main thread.
  const bytes = TEXT_ENCODER.encode(json);
  if (bytes.length !== json.length) {
    // Not all ASCII: the offsets so far count UTF-16 units (each at a boundary of JSON's own punctuation).
    for (const f of fields) for (let i = 1; i <= 4; i++) f[i] = Buffer.byteLength(json.slice(0, f[i]), 'utf8');
  }
  return { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), fields };
}

const TEXT_ENCODER = new TextEncoder();

const WATCHED_NEEDLES = WATCHED_WORDS.map((w) => JSON.stringify(w));

/** The adapters' facts without their deferred fields, which `defer` writes. */
function eagerFrameworkFacts(frameworks: Record<string, unknown>, defer: (index: number, owner: object, field: string) => void): Record<string, unknown> {
  let out = frameworks;
  for (const [key, fields] of FRAMEWORK_DEFERRED_BY_KEY) {
    const facts = frameworks[key] as Record<string, unknown> | undefined;
    if (!facts) continue;
    const eager: Record<string, unknown> = {};
    for (const field of Object.keys(facts)) {
      const index = fields.get(field);
      if (index === undefined) eager[field] = facts[field];
      else defer(index, facts, field);
    }
    if (out === frameworks) out = { ...frameworks };
    out[key] = eager;
  }
  return out;
}

/** The contents, or why they are unusable. `body` is kept (referenced by the deferred fields) until they are all read. */
export function decodeSummaries(body: Buffer): SummariesContents | { unusable: string } {
  if (body.length < 4) return { unusable: 'too short' };
  const headerEnd = 4 + body.readUInt32LE(0);
  if (headerEnd > body.length) return { unusable: 'header past the end' };
  let header: Header;
  try {
    header = JSON.parse(body.toString('utf8', 4, headerEnd)) as Header;
  } catch (e) {
    return { unusable: (e as Error).message };
  }
  if (header?.format !== FORMAT || typeof header.id !== 'string' || !Array.isArray(header.watched) || !Array.isArray(header.sources) || !Array.isArray(header.projectFiles)) return { unusable: 'another format' };
  const sources = new Map<string, FileSummary>();
  for (const [key, summary, ranges] of header.sources) {
    const deferred = new Map<object, Map<string, DeferredRange>>();
    for (let i = 0; i + 3 < ranges.length; i += 4) {
      const start = headerEnd + ranges[i + 1];
      const end = start + ranges[i + 2];
      const adapterField = FRAMEWORK_DEFERRED[ranges[i] - DEFERRED_FIELDS.length];
      const field = DEFERRED_FIELDS[ranges[i]] ?? adapterField?.[1];
      const owner = DEFERRED_FIELDS[ranges[i]] ? summary : (summary.frameworks?.[adapterField?.[0] ?? ''] as object | undefined);
      if (!field || !owner || end > body.length) return { unusable: 'a field past the end' };
      if (!deferred.has(owner)) deferred.set(owner, new Map());
      deferred.get(owner)!.set(field, [start, end, ranges[i + 3]]);
    }
    for (const [owner, fields] of deferred) deferFields(owner, body, fields, header.watched);
    sources.set(key, summary as FileSummary);
  }
  return { id: header.id, sources, projectFiles: new Map(header.projectFiles) };
}
