// The files the project's own linters and type checkers leave out (the exclude lists of their configs): still
// indexed, not reported on, except migrations (projects leave those out for their style, while a dangling
// reference in one still breaks the deploy).
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import type { FileSummary } from '../syntax/summary';
import { readLintExclusions, type LintExclusions } from '../workspace/lintExcludes';
import { heldKey } from './lastRun';

export class LintScope {
  /** The project's linter/type-checker configs (pyproject.toml, ruff.toml, pyrightconfig.json…). */
  configs = new Set<string>();
  /** Their content keys as last read (part of what the findings depend on). */
  keys = new Map<string, string>();
  private exclusions: LintExclusions = { excludedBy: () => null, notes: [] };
  private readonly excludedMemo = new Map<string, string | null>();

  /** Reads the configs' exclude lists again (`read`: a config's text, or why it was not read); returns the notes. */
  read(read: (rel: string) => string | { unread: string } | undefined): string[] {
    this.keys = new Map();
    this.exclusions = readLintExclusions([...this.configs].sort(), (rel) => {
      // Unreadable configs are noted where they are read as manifests.
      const text = read(rel);
      if (text !== undefined) this.keys.set(rel, heldKey(undefined, text));
      return typeof text === 'string' ? text : undefined;
    });
    this.excludedMemo.clear();
    return this.exclusions.notes;
  }

  /** The config whose exclude list covers `rel`, or null. */
  excludedFrom(rel: string): string | null {
    let source = this.excludedMemo.get(rel);
    if (source === undefined) this.excludedMemo.set(rel, (source = this.exclusions.excludedBy(rel)));
    return source;
  }

  /** Whether findings in `rel` (summarized as `summary`) are not reported. */
  unreported(rel: string, summary: FileSummary | undefined): boolean {
    if (!this.excludedFrom(rel)) return false;
    return !(summary && FRAMEWORK_ADAPTERS.some((a) => a.isMigration?.(summary)));
  }

  /** What to say of the files among `paths` not reported on: one note per config. */
  notesOnUnreported(paths: Iterable<string>, summaryOf: (rel: string) => FileSummary | undefined): string[] {
    const bySource = new Map<string, number>();
    for (const rel of paths) {
      if (!this.unreported(rel, summaryOf(rel))) continue;
      const source = this.excludedFrom(rel)!;
      bySource.set(source, (bySource.get(source) ?? 0) + 1);
    }
    return [...bySource].map(([source, n]) => `not reporting findings in ${n} Python file(s) that ${source} leaves out (they are still indexed)`);
  }
}
