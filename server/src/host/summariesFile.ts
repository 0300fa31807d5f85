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
import { DEFERRED_FIELDS, deferFields, deferredText, mentionsIn, type DeferredRange, type WatchedWords } from '../syntax/lazyFields';
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
  const entries: Header['sources'] = [];
  for (const [key, summary] of sources) {
    const eager: Record<string, unknown> = {};
    const ranges: number[] = [];
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
    entries.push([key, eager as Partial<FileSummary>, ranges]);
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, id, watched: [...watched], sources: entries, projectFiles: [...projectFiles] } satisfies Header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return [length, header, ...texts];
}

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
