// The layout of summaries.bin (inside its signature): a JSON header holding each summary without its deferred
// fields (syntax/lazyFields.ts), then those fields' JSON texts one after the other, addressed from the header
// by offset. Loading parses the header only; a deferred field is parsed when read, and written again as the
// bytes it was read from while nobody has read it.
//   [u32 LE: header length][header JSON][deferred fields' JSON texts]
// Each deferred text also carries which watched words it holds (lazyFields.ts), found once when it is written;
// the header lists the words (the adapters', frameworks/adapters.ts) those bits refer to.
import { WATCHED_WORDS } from '../frameworks/adapters';
import type { ProjectFileSummary } from '../manifests/summary';
import { DEFERRED_FIELDS, deferFields, deferredText, mentionsIn, type DeferredField, type DeferredRange, type WatchedWords } from '../syntax/lazyFields';
import type { FileSummary } from '../syntax/summary';

const FORMAT = 3;
const DEFERRED = new Set<string>(DEFERRED_FIELDS);

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
    for (const field of Object.keys(summary)) {
      if (!DEFERRED.has(field)) {
        eager[field] = (summary as unknown as Record<string, unknown>)[field];
        continue;
      }
      // Unread since loaded: the same bytes again, not parsed and serialized.
      const raw = deferredText(summary, field as DeferredField);
      const value = raw ? undefined : (summary as unknown as Record<string, unknown>)[field];
      const text = raw?.text ?? (value === undefined ? undefined : Buffer.from(JSON.stringify(value), 'utf8'));
      if (!text) continue;
      const sameWords = raw && raw.watched.length === watched.length && raw.watched.every((w, i) => w === watched[i]);
      ranges.push(DEFERRED_FIELDS.indexOf(field as DeferredField), offset, text.length, raw && sameWords ? raw.mentions : mentionsIn(text, watched));
      texts.push(text);
      offset += text.length;
    }
    entries.push([key, eager as Partial<FileSummary>, ranges]);
  }
  const header = Buffer.from(JSON.stringify({ format: FORMAT, id, watched: [...watched], sources: entries, projectFiles: [...projectFiles] } satisfies Header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return [length, header, ...texts];
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
    const deferred = new Map<DeferredField, DeferredRange>();
    for (let i = 0; i + 3 < ranges.length; i += 4) {
      const start = headerEnd + ranges[i + 1];
      const end = start + ranges[i + 2];
      const field = DEFERRED_FIELDS[ranges[i]];
      if (!field || end > body.length) return { unusable: 'a field past the end' };
      deferred.set(field, [start, end, ranges[i + 3]]);
    }
    deferFields(summary, body, deferred, header.watched);
    sources.set(key, summary as FileSummary);
  }
  return { id: header.id, sources, projectFiles: new Map(header.projectFiles) };
}
