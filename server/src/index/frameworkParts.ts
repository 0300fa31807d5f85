// What the project index asks of a framework adapter: its part of a file's surface, when a file's change
// changes its graph (the dependency keys it publishes), the graph itself, built from summaries, and the
// folders it runs the project from (source roots), the library bases it knows. The index names no framework:
// adapters are handed to the Project by whoever composes them (the host).
import { knownBaseTable, type KnownBase, type KnownBaseTable } from '../python/knownBases';
import type { FileSummary } from '../syntax/summary';

/** `Index`: what buildGraph reads (index/project.ts's Project; a parameter so that this file, below it, needs nothing of it). */
export interface IndexedFramework<Graph = unknown, Index = unknown> {
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
  /** A surface change of one file the built graph says it is still right after: `graphKey` is then not noted (by recheckOnAnySurfaceChange or a dependency key part). */
  graphUnaffectedBy?(index: Index, change: SurfaceChange): boolean;
  /** The graph, from every summary of the project (rules read it through Project.frameworkGraph). */
  buildGraph?(project: Index): Graph;
  /**
   * Dependency keys whose change one input string per file cannot say: a key that follows every surface
   * change of some files, or the files' paths (which folders hold what). Checked on every change of a file.
   */
  readonly dependencyKeys?: readonly DependencyKeyPart[];
  /**
   * A folder the framework runs the project from, given by a file's path (a `manage.py`'s folder): a source
   * root while that file exists; null for other files.
   */
  sourceRootOf?(path: string): string | null;
  /**
   * Its bases (full dotted names) whose classes get a constructor made from their annotated fields
   * (Symbols.fieldModel), beside the core's (NamedTuple, Pydantic's BaseModel), and how it takes them.
   */
  readonly fieldModelBases?: ReadonlyMap<string, FieldModelKind>;
  /**
   * Its libraries' classes that project classes are built on (a web framework's class-based view), with the names they
   * provide (python/knownBases.ts): a class built on one has known attributes instead of an unknown base. Their
   * `bases` may name the core's entries or any adapter's; the Project composes them with the core's (knownBasesOf).
   */
  readonly knownBases?: readonly KnownBase[];
}

/**
 * How a constructor made from a class's annotated fields takes them (checks/members.ts judges the calls):
 * `namedtuple`: in order, positional or keyword; `pydantic`: by keyword, validated; `pydanticOrTable`: as
 * `pydantic`, unless the class says `table=True` (a table model: not validated, only positional ones fail).
 */
export type FieldModelKind = 'namedtuple' | 'pydantic' | 'pydanticOrTable';

/** One file's change as the index sees it. */
/** One change of the project's surfaces, as graphs kept across changes judge it (index/surfaceBuild.ts, index/graphKeep.ts). */
export interface SurfaceChange {
  /** The file whose surface changed; null when files came or went, or the layout, a marker or a manifest changed. */
  readonly path: string | null;
  readonly before: FileSummary | null;
  readonly after: FileSummary | null;
  /** Framework keys noted as changed since dependents were last asked, this change's among them (a superset). */
  readonly frameworkKeys: ReadonlySet<string>;
}

export interface FileChange {
  readonly path: string;
  /** Its summary before and after (undefined/null: the file was or is absent, or has no readable contents). */
  readonly before: FileSummary | undefined;
  readonly after: FileSummary | null;
  /** Whether its surface changed (always, when either side has no summary). */
  readonly surfaceChanged: boolean;
}

/** A dependency key, and which changes of a file change the graph behind it. */
export interface DependencyKeyPart {
  readonly key: string;
  changedBy(change: FileChange): boolean;
}

const knownBaseTables = new WeakMap<readonly IndexedFramework[], KnownBaseTable>();

/** The core's known bases and the adapters' (IndexedFramework.knownBases): one table per list of adapters, built once. */
export function knownBasesOf(adapters: readonly IndexedFramework[]): KnownBaseTable {
  let table = knownBaseTables.get(adapters);
  if (!table) knownBaseTables.set(adapters, (table = knownBaseTable(adapters.map((a) => a.knownBases ?? []))));
  return table;
}

/** An adapter's part of a file's surface (null when the file has no facts of it). */
export function frameworkSurface(summary: FileSummary, adapter: IndexedFramework): unknown {
  const facts = summary.frameworks?.[adapter.key];
  if (adapter.surfaceOf) return adapter.surfaceOf(summary);
  return facts === undefined ? null : JSON.stringify(facts, (k, v) => (k === 'span' ? undefined : v));
}
