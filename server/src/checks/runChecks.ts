// Runs every rule family on one file and turns findings into Diagnostics: severity settings applied,
// `# coherence: ignore[...]` honoured, dependencies recorded for incremental re-checks.
import { relatedLocation, spanToRange, type Diagnostic, type SeveritySetting } from '../core/types';
import { DependencyTracker, type Project, type SourceFile } from '../index/project';
import { RULE_FAMILIES, RULES } from './registry';
import type { CheckContext, Finding } from './rule';
import type { IgnoreComment } from '../syntax/summary';

export type RuleSeverities = Record<string, SeveritySetting>;

/** One item's findings and the dependency keys its check looked at. */
interface ItemResult {
  findings: Finding[];
  keys: string[];
}

/**
 * Per file version (a new SourceFile misses), the per-item results of its last check, by list kind. Recorded
 * only when the file is re-checked for other files' changes: recording checks each item with an empty name
 * memo (so that its keys are complete), which a cold check of every file need not pay.
 */
const itemResults = new WeakMap<SourceFile, Map<string, (ItemResult | undefined)[]>>();

/** Whether the current version of `path` has its per-item results recorded (its next re-check for other files' changes is fast). */
export function hasItemResults(project: Project, path: string): boolean {
  const file = project.source(path);
  return !!file && itemResults.has(file);
}

/**
 * Checks one file. `changedKeys`: the dependency keys whose answers changed since its last check, when
 * the file itself did not change (omitted: everything may have changed).
 */
export function checkFile(project: Project, path: string, severities: RuleSeverities, changedKeys?: ReadonlySet<string>): Diagnostic[] {
  const file = project.source(path);
  if (!file) return [];
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  const report = (f: Finding) => findings.push(f);
  let cache = changedKeys ? itemResults.get(file) : undefined;
  if (changedKeys && !cache) itemResults.set(file, (cache = new Map()));
  const each = <T>(kind: string, items: readonly T[], check: (item: T, itemCtx: CheckContext) => void): void => {
    if (!cache) {
      for (const item of items) check(item, ctx);
      return;
    }
    let results = cache.get(kind);
    if (!results) cache.set(kind, (results = []));
    items.forEach((item, i) => {
      const last = results![i];
      if (last && !last.keys.some((k) => changedKeys!.has(k))) {
        for (const k of last.keys) tracker.add(k);
        findings.push(...last.findings);
        return;
      }
      const itemTracker = new DependencyTracker();
      const own: Finding[] = [];
      project.symbols.beginFile(); // an empty memo: every key this item depends on reaches its tracker
      check(item, { ...ctx, tracker: itemTracker, report: (f) => own.push(f) });
      for (const k of itemTracker.keys) tracker.add(k);
      findings.push(...own);
      results![i] = { findings: own, keys: [...itemTracker.keys] };
    });
  };
  const ctx: CheckContext = { file, project, tracker, report, each };
  project.symbols.beginFile();
  for (const family of RULE_FAMILIES) {
    try {
      family.check(ctx);
    } catch (e) {
      // One rule's bug must not take down the others (nor the server): say nothing rather than guess.
      console.error(`coherence: rule family ${family.rules.map((r) => r.id).join('/')} failed on ${path}: ${(e as Error).stack ?? e}`);
      if (cache) itemResults.delete(file); // half-recorded results must not be reused
    }
  }
  project.recordDependencies(path, tracker);
  return toDiagnostics(path, findings, file.summary.ignores, severities);
}

/** Checks a project file that is not Python (manifest, Dockerfile, Procfile, compose file, shell script). */
export function checkProjectFile(project: Project, path: string, severities: RuleSeverities): Diagnostic[] {
  const summary = project.projectFile(path);
  if (!summary || project.source(path)) return [];
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  for (const family of RULE_FAMILIES) {
    if (!family.checkProjectFile) continue;
    try {
      family.checkProjectFile({ path, summary, project, tracker, report: (f) => findings.push(f) });
    } catch (e) {
      console.error(`coherence: rule family ${family.rules.map((r) => r.id).join('/')} failed on ${path}: ${(e as Error).stack ?? e}`);
    }
  }
  project.recordDependencies(path, tracker);
  return toDiagnostics(path, findings, summary.ignores, severities);
}

/** Findings to Diagnostics: severity settings applied, `# coherence: ignore[...]` honoured. */
function toDiagnostics(path: string, findings: Finding[], ignoreComments: readonly IgnoreComment[], severities: RuleSeverities): Diagnostic[] {
  const ignores = new Map<number, string[] | null>();
  for (const ig of ignoreComments) {
    const prev = ignores.get(ig.line);
    ignores.set(ig.line, prev === null || ig.rules === null ? null : [...(prev ?? []), ...ig.rules]);
  }
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const meta = RULES.get(f.rule);
    const setting = severities[f.rule] ?? f.severity ?? meta?.defaultSeverity ?? 'error';
    if (setting === 'off') continue;
    if (ignores.has(f.span[0])) {
      const rules = ignores.get(f.span[0]);
      if (rules === null || rules!.includes(f.rule)) continue;
    }
    out.push({
      file: path,
      range: spanToRange(f.span),
      severity: setting,
      code: f.rule,
      message: f.message,
      ...(f.detail ? { detail: f.detail } : {}),
      ...(f.related?.length ? { related: f.related.map(relatedLocation) } : {}),
      fixes: f.fixes ?? [],
    });
  }
  return out;
}
