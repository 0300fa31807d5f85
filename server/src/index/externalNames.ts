// The fully qualified name a name of a file stands for when it is imported from outside the project (`Enum` →
// `enum.Enum`): what Symbols asks for known bases and decorators (index/symbols.ts's externalName). It reads
// summaries only, no tracker.
import { parseLocalImportRoot } from '../syntax/summary';
import { DependencyTracker } from './dependencyTracker';
import type { ProjectLookups, SourceFile } from './sources';

export class ExternalNames {
  /** Answers since the last clear (Symbols clears it on every beginFile and change). */
  private readonly memo = new Map<SourceFile, Map<string, string | null>>();

  constructor(private readonly project: ProjectLookups, private readonly maxDepth: number) {}

  clear(): void {
    // (Only when there is something to drop: clearing a Map allocates a new table, and this runs per checked item.)
    if (this.memo.size) this.memo.clear();
  }

  /** The fully qualified name of an imported outside name (`Enum` → `enum.Enum`), for known bases and decorators. */
  get(file: SourceFile, dotted: string): string | null {
    let memo = this.memo.get(file);
    if (!memo) this.memo.set(file, (memo = new Map()));
    let name = memo.get(dotted);
    if (name === undefined) memo.set(dotted, (name = this.resolveExternalName(file, dotted, 0)));
    return name;
  }

  private resolveExternalName(file: SourceFile, dotted: string, depth: number): string | null {
    const [root, ...rest] = dotted.split('.');
    const local = parseLocalImportRoot(root);
    const first = local?.name ?? root;
    const bindings = local ? [{ kind: 'import' as const, importIndex: local.importIndex }] : this.project.bindingsOf(file, first);
    if (bindings.length === 0) {
      // `from ipam.constants import *` where constants.py imports `Q` from Django: that module's name for it.
      const viaStar = depth < this.maxDepth ? this.starExternalName(file, first, dotted, depth) : null;
      if (viaStar !== undefined) return viaStar;
      return rest.length === 0 ? `builtins.${first}` : null;
    }
    if (bindings.length !== 1 || bindings[0].kind !== 'import') return null;
    const record = file.summary.imports[bindings[0].importIndex!];
    if (!record || record.level > 0) return null;
    if (record.kind === 'import') return record.alias ? [record.module, ...rest].join('.') : dotted;
    const item = record.names.find((n) => (n.alias ?? n.name) === first);
    return item ? [record.module, item.name, ...rest].join('.') : null;
  }

  /**
   * The outside name `first` stands for when only a project module's star import binds it (undefined when none
   * does, null when it cannot be told). (Read without tracking: the file imports those modules, so it is
   * re-checked when their surface changes.)
   */
  private starExternalName(file: SourceFile, first: string, dotted: string, depth: number): string | null | undefined {
    const stars = file.summary.imports.filter((r) => r.star && r.topLevel);
    const scratch = new DependencyTracker();
    for (let i = stars.length - 1; i >= 0; i--) {
      if (stars[i].guards.length) return null;
      const target = this.project.resolveImport(file.path, stars[i], scratch);
      if (target.status !== 'found') continue; // an outside module's star import: as before, not followed
      const exported = this.project.starExportStatus(target.location, first, scratch);
      if (exported === 'unknown') return null;
      if (exported === 'no') continue;
      const source = target.location.file ? this.project.source(target.location.file) : undefined;
      return source && source !== file ? this.resolveExternalName(source, dotted, depth + 1) : null;
    }
    return undefined;
  }
}
