// When a graph read from file surfaces alone (the ORM model graphs) must be built again (#17). Typing inside a
// function body changes no surface: such a graph is still right after it, unless it holds classes of the edited
// file, whose members' places it hands out (the file's previous version's). Those it holds are its to name.
import type { ClassRef, SourceFile } from './sources';

/** What of the project a SurfaceBuild reads (index/project.ts's Project). */
export interface SurfaceVersions {
  /** Bumped on every change. */
  readonly generation: number;
  /** Bumped on every change but a body edit (an edit that keeps its file's surface). */
  readonly surfaceGeneration: number;
  source(path: string): SourceFile | undefined;
}

/** Builds since the process started, by graph name (tests count them: a body edit elsewhere builds none). */
export const surfaceBuildWork = new Map<string, number>();

export class SurfaceBuild {
  private generation = -1;
  private surfaceGeneration = -1;
  /** The files the graph's classes are in, as the versions it read. */
  private readonly held = new Map<string, SourceFile>();

  /** `name`: the graph's, for surfaceBuildWork. */
  constructor(
    private readonly project: SurfaceVersions,
    private readonly name: string,
  ) {}

  /**
   * 'current': nothing changed since the last call; 'kept': only body edits of files the graph holds no class of;
   * 'stale': build the graph again, holding its classes anew (the files held so far are forgotten).
   */
  check(): 'current' | 'kept' | 'stale' {
    const { generation, surfaceGeneration } = this.project;
    if (this.generation === generation) return 'current';
    this.generation = generation;
    if (this.surfaceGeneration === surfaceGeneration && this.holdsCurrentFiles()) return 'kept';
    this.surfaceGeneration = surfaceGeneration;
    this.held.clear();
    surfaceBuildWork.set(this.name, (surfaceBuildWork.get(this.name) ?? 0) + 1);
    return 'stale';
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
