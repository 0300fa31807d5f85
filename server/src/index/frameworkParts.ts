// What the project index asks of a framework adapter: its part of a file's surface, when a file's change
// changes its graph (the dependency key it publishes), and the graph itself, built from summaries. The index
// names no framework: adapters are handed to the Project by whoever composes them (the host).
import type { FileSummary } from '../syntax/summary';
import type { Project } from './project';

export interface IndexedFramework<Graph = unknown> {
  /** The adapter's key (as its collector's: FileSummary.frameworks[key]). */
  readonly key: string;
  /**
   * What other files can see of this one through the adapter, without positions; an edit that keeps it (and
   * the rest of the surface) re-checks only the file itself. Default: its facts with every `span` left out.
   */
  surfaceOf?(summary: FileSummary): unknown;
  /**
   * The dependency key every check that consulted the graph records (`#aiohttp-app-keys`), and what of one
   * file the graph reads: when that changes, every file that recorded the key is re-checked.
   */
  readonly graphKey?: string;
  graphInputOf?(summary: FileSummary): string;
  /**
   * The graph reads every file's surface and the project's layout (models reach their base through any
   * module): any surface change and any file added or removed re-checks every file that recorded `graphKey`.
   */
  readonly recheckOnAnySurfaceChange?: boolean;
  /** The graph, from every summary of the project (rules read it through Project.frameworkGraph). */
  buildGraph?(project: Project): Graph;
}

/** An adapter's part of a file's surface (null when the file has no facts of it). */
export function frameworkSurface(summary: FileSummary, adapter: IndexedFramework): unknown {
  const facts = summary.frameworks?.[adapter.key];
  if (adapter.surfaceOf) return adapter.surfaceOf(summary);
  return facts === undefined ? null : JSON.stringify(facts, (k, v) => (k === 'span' ? undefined : v));
}
