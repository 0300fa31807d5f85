// When a graph read from file surfaces alone (the ORM model graphs) must be built again (#17). Typing inside a
// function body changes no surface: such a graph is still right after it, unless it holds classes of the edited
// file, whose members' places it hands out (the file's previous version's). Those it holds are its to name. A graph
// may also say which surface changes leave it right (keepAcross): Project logs what each one was (SurfaceLog).
import type { SurfaceChange } from './frameworkParts';
import type { ClassRef, SourceFile } from './sources';

export type { SurfaceChange };

/** The last surface changes, by the surface generation each one made. */
export class SurfaceLog {
  private readonly entries: { generation: number; change: SurfaceChange }[] = [];
  generation = 0;

  constructor(private readonly limit = 32) {}

  add(change: SurfaceChange): void {
    this.entries.push({ generation: ++this.generation, change });
    if (this.entries.length > this.limit) this.entries.shift();
  }

  /** The last change logged. */
  latest(): SurfaceChange | null {
    return this.entries.length ? this.entries[this.entries.length - 1].change : null;
  }

  /** The changes after surface generation `since`, oldest first; null when some were dropped already. */
  since(since: number): SurfaceChange[] | null {
    if (since >= this.generation) return [];
    if (!this.entries.length || this.entries[0].generation > since + 1) return null;
    return this.entries.filter((e) => e.generation > since).map((e) => e.change);
  }
}

/** What of the project a SurfaceBuild reads (index/project.ts's Project). */
export interface SurfaceVersions {
  /** Bumped on every change. */
  readonly generation: number;
  /** Bumped on every change but a body edit (an edit that keeps its file's surface). */
  readonly surfaceGeneration: number;
  source(path: string): SourceFile | undefined;
  /** The surface changes after surface generation `since` (null: not all of them are known any more). */
  surfaceChangesSince(since: number): readonly SurfaceChange[] | null;
}

/** Builds since the process started, by graph name, and surface changes a graph was kept across (tests count them). */
export const surfaceBuildWork = new Map<string, number>();
export const surfaceKeepWork = new Map<string, number>();

export class SurfaceBuild {
  private generation = -1;
  private surfaceGeneration = -1;
  /** The files the graph's classes are in, as the versions it read. */
  private readonly held = new Map<string, SourceFile>();

  /**
   * `name`: the graph's, for surfaceBuildWork. `keepAcross`: whether the graph is still right after these surface
   * changes, none of them of a file it holds (omitted: never).
   */
  constructor(
    private readonly project: SurfaceVersions,
    private readonly name: string,
    private readonly keepAcross?: (changes: readonly SurfaceChange[]) => boolean,
  ) {}

  /**
   * 'current': nothing changed since the last call; 'kept': only changes the graph is still right after (body edits
   * of files it holds no class of, and those keepAcross accepts); 'stale': build the graph again, holding its classes
   * anew (the files held so far are forgotten).
   */
  check(): 'current' | 'kept' | 'stale' {
    const { generation, surfaceGeneration } = this.project;
    if (this.generation === generation) return 'current';
    this.generation = generation;
    if (this.holdsCurrentFiles()) {
      if (this.surfaceGeneration === surfaceGeneration) return 'kept';
      const changes = this.keepAcross ? this.project.surfaceChangesSince(this.surfaceGeneration) : null;
      if (changes && this.keepAcross!(changes)) {
        this.surfaceGeneration = surfaceGeneration;
        surfaceKeepWork.set(this.name, (surfaceKeepWork.get(this.name) ?? 0) + 1);
        return 'kept';
      }
    }
    this.surfaceGeneration = surfaceGeneration;
    this.held.clear();
    surfaceBuildWork.set(this.name, (surfaceBuildWork.get(this.name) ?? 0) + 1);
    return 'stale';
  }

  /** Whether the graph holds a class of the file at `path`. */
  holds(path: string): boolean {
    return this.held.has(path);
  }

  /** The graph holds `cls` (a project class: its file's version is the one read). */
  hold(cls: ClassRef): void {
    this.held.set(cls.file.path, cls.file);
  }

  private holdsCurrentFiles(): boolean {
    for (const [path, file] of this.held) if (this.project.source(path) !== file) return false;
    return true;
  }
}
