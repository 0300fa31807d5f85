// The aiohttp graph: which keys the project's code sets on applications, read from every file's facts. It is
// complete only when every key set is evident: a key computed at run time (`app[f"db_{i}"]`, `app.update(cfg)`,
// a name that is not an AppKey), an application handed to code outside the project (`aiohttp_jinja2.setup(app)`
// sets keys of its own) or a file we could not read make every key unknown.
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import type { Span } from '../../core/types';
import type { IndexedFramework } from '../../index/frameworkParts';
import { moduleKeyOf } from '../../index/moduleIndex';
import { factsOf } from '../../syntax/factCollectors';
import type { FileSummary } from '../../syntax/summary';
import { AIOHTTP_KEY, type AiohttpFacts } from './facts';

/** Dependency key of every check that consulted the aiohttp graph. */
export const AIOHTTP_GRAPH_KEY = '#aiohttp-app-keys';

export interface AiohttpGraph {
  /** Every key set on an application is known (else an unknown key proves nothing). */
  complete: boolean;
  /** Literal keys set, with where (file, span of the key). */
  keys: Map<string, { file: string; span: Span }[]>;
  /** Names of AppKeys set (`app[DB_KEY] = …`). */
  keyNames: Set<string>;
  /** Module-level names bound to `AppKey(…)` anywhere in the project. */
  appKeys: Set<string>;
  /** The keys building it read (resolving what applications are handed to): whoever reads it reads them too. */
  readKeys: string[];
}

export function aiohttpFactsOf(summary: FileSummary | null | undefined): AiohttpFacts | undefined {
  return factsOf<AiohttpFacts>(summary, AIOHTTP_KEY);
}

/** What of one file the graph reads (an edit that changes it re-checks every file that read the graph). */
export function aiohttpGraphInput(summary: FileSummary): string {
  const f = aiohttpFactsOf(summary);
  const unreadable = !!summary.unparsed || summary.hasErrorNodes;
  if (!f) return unreadable ? 'unreadable' : '';
  return JSON.stringify([unreadable, f.keyWrites?.map((w) => w.key) ?? null, f.keyNameWrites ?? null, f.computedKeyWrite ?? false, f.appKeys ?? null, f.appsHandedTo ?? null]);
}

export function buildAiohttpGraph(project: Project): AiohttpGraph {
  const graph: AiohttpGraph = { complete: true, keys: new Map(), keyNames: new Set(), appKeys: new Set(), readKeys: [] };
  const scratch = new DependencyTracker();
  const namedWrites: string[] = [];
  for (const source of project.allSources()) {
    const s = source.summary;
    if (s.unparsed || s.hasErrorNodes) graph.complete = false; // keys it sets cannot be read
    const f = aiohttpFactsOf(s);
    if (!f) continue;
    for (const w of f.keyWrites ?? []) {
      const list = graph.keys.get(w.key);
      if (list) list.push({ file: source.path, span: w.span });
      else graph.keys.set(w.key, [{ file: source.path, span: w.span }]);
    }
    for (const k of f.appKeys ?? []) graph.appKeys.add(k);
    namedWrites.push(...(f.keyNameWrites ?? []));
    if (f.computedKeyWrite) graph.complete = false;
    for (const callee of f.appsHandedTo ?? []) if (!keepsKeysKnown(project, source, callee, scratch)) graph.complete = false;
    // What a callee's name resolves to also hangs on this file's imports (a changed import changes its surface).
    const ownKey = f.appsHandedTo?.length ? moduleKeyOf(source.path) : null;
    if (ownKey !== null) scratch.add(ownKey);
  }
  for (const name of namedWrites) {
    if (graph.appKeys.has(name)) graph.keyNames.add(name);
    else graph.complete = false; // `app[DB] = …` where DB may hold any string
  }
  graph.readKeys = [...scratch.keys];
  return graph;
}

/**
 * An application handed to `callee` keeps its keys evident when the callee is the project's own (its body is
 * read like any other), aiohttp's, or a builtin; anything else may set keys of its own.
 */
function keepsKeysKnown(project: Project, source: SourceFile, callee: string, tracker: DependencyTracker): boolean {
  if (callee === '?') return false;
  const symbol = project.symbols.dotted(source, callee, tracker);
  if (symbol && symbol.kind !== 'module') return true;
  const external = project.symbols.externalName(source, callee);
  return !!external && (external.startsWith('aiohttp.') || external.startsWith('builtins.'));
}

/** The index part of the aiohttp adapter (rules ask the project for its graph through it). */
export const aiohttpIndexing: IndexedFramework<AiohttpGraph, Project> = {
  key: AIOHTTP_KEY,
  graphKey: AIOHTTP_GRAPH_KEY,
  graphInputOf: aiohttpGraphInput,
  buildGraph: buildAiohttpGraph,
};
