// Runs every rule family on one file and turns findings into Diagnostics: severity settings applied,
// `# coherence: ignore[...]` honoured, dependencies recorded for incremental re-checks.
import { spanToRange, type Diagnostic, type SeveritySetting } from '../core/types';
import { DependencyTracker, type Project } from '../index/project';
import { RULE_FAMILIES, RULES } from './registry';
import type { Finding } from './rule';

export type RuleSeverities = Record<string, SeveritySetting>;

export function checkFile(project: Project, path: string, severities: RuleSeverities): Diagnostic[] {
  const file = project.source(path);
  if (!file) return [];
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  project.symbols.beginFile();
  for (const family of RULE_FAMILIES) {
    try {
      family.check({ file, project, tracker, report: (f) => findings.push(f) });
    } catch (e) {
      // One rule's bug must not take down the others (nor the server): say nothing rather than guess.
      console.error(`coherence: rule family ${family.rules.map((r) => r.id).join('/')} failed on ${path}: ${(e as Error).stack ?? e}`);
    }
  }
  project.recordDependencies(path, tracker);
  const ignores = new Map<number, string[] | null>();
  for (const ig of file.summary.ignores) {
    const prev = ignores.get(ig.line);
    ignores.set(ig.line, prev === null || ig.rules === null ? null : [...(prev ?? []), ...ig.rules]);
  }
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const meta = RULES.get(f.rule);
    const setting = severities[f.rule] ?? meta?.defaultSeverity ?? 'error';
    if (setting === 'off') continue;
    if (ignores.has(f.span[0])) {
      const rules = ignores.get(f.span[0]);
      if (rules === null || rules!.includes(f.rule)) continue;
    }
    out.push({ file: path, range: spanToRange(f.span), severity: setting, code: f.rule, message: f.message, fixes: f.fixes ?? [] });
  }
  return out;
}
