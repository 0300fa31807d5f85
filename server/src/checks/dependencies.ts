// undeclared-dependency: a third-party import that no manifest of the project declares.
import type { Span } from '../core/types';
import { declaredDependencies, distributionFor, projectTopNames, providesImport, type DeclaredDependencies } from '../rulekit/declaredDependencies';
import { LAYOUT_KEY, MANIFESTS_KEY, type Project, type SourceFile } from '../index/project';
import { FEATURE_EXTRAS, PASSLIB_BACKENDS } from '../python/distributions';
import { isImported } from '../rulekit/frameworkObjects';
import { STDLIB_MODULES } from '../python/stdlib';
import { INSTALLED_ONLY_IF_REQUIRED, innerSpan, isToolingFile, UNDECLARED_DEPENDENCY, undeclaredFinding, WORKS_ONLY_IF_REQUIRED, type RequiredPackage, type RequiredPackagesPart } from '../rulekit/requiredPackages';
import type { CheckContext, Finding, RuleFamily } from '../rulekit/rule';

/** The family, with the adapters' parts (checks/registry.ts hands them in, in the adapters' order). */
export function dependencyChecks(parts: readonly RequiredPackagesPart[]): RuleFamily {
  return {
    rules: [UNDECLARED_DEPENDENCY],
    checkProjectFile(ctx) {
      const required = parts.flatMap((p) => p.ofProjectFile?.(ctx.summary) ?? []);
      if (!required.length) return;
      ctx.tracker.add(MANIFESTS_KEY);
      const deps = declaredDependencies(ctx.project);
      if (deps.readable) reportRequired(ctx.project, null, required, deps, new Set(), ctx.path, ctx.report, ctx.tracker);
    },
    check(fileCtx) {
      const { file, project } = fileCtx;
      if (file.path.endsWith('.pyi')) return; // stubs import typing-only packages
      fileCtx.tracker.add(MANIFESTS_KEY);
      if (isToolingFile(project, file.path)) return;
      const deps = declaredDependencies(project);
      if (!deps.readable) return;
      fileCtx.tracker.add(LAYOUT_KEY);
      const topNames = projectTopNames(project);
      fileCtx.each('dependency-imports', file.summary.imports, (record, ctx) => {
        ctx.tracker.add(MANIFESTS_KEY);
        ctx.tracker.add(LAYOUT_KEY);
        // Imports under a guard or an `if`, inside functions or classes are often optional features: not ours to judge.
        if (record.level > 0 || !record.module || record.guards.length || record.conditional || !record.topLevel) return;
        const top = record.module.split('.')[0];
        if (STDLIB_MODULES.has(top) || topNames.has(top)) return;
        if (project.resolveModule(file.path, 0, record.module, ctx.tracker).status !== 'unknown') return;
        if (providesImport(deps, top)) {
          if (record.kind === 'from') checkFeatureExtras(record.module, record.names, deps, file.path, ctx.report);
          return;
        }
        const dist = distributionFor(top);
        const message = `'${top}' is imported but no manifest declares '${dist}'`;
        const detail = `No requirements file or pyproject declares '${dist}'${dist !== top ? ` (the distribution of '${top}')` : ''}`;
        ctx.report(undeclaredFinding(deps, file.path, record.segmentSpans[0] ?? record.moduleSpan, dist, message, detail, 'a fresh install will not have it.', INSTALLED_ONLY_IF_REQUIRED));
      });
      for (const part of parts) if (part.ofFile) reportRequired(project, file, part.ofFile(file), deps, topNames, file.path, fileCtx.report, fileCtx.tracker);
      checkPasslibBackends(fileCtx, deps);
    },
  };
}

/** The required packages no manifest declares (nor the project has: a module of its own at the imported path). */
function reportRequired(project: Project, file: SourceFile | null, required: readonly RequiredPackage[], deps: DeclaredDependencies, topNames: ReadonlySet<string>, path: string, report: CheckContext['report'], tracker: CheckContext['tracker']): void {
  for (const r of required) {
    if (r.orProjectModule && r.modules.some((m) => topNames.has(m))) continue;
    if (file && r.importedPath && project.resolveModule(file.path, 0, r.importedPath, tracker).status !== 'unknown') continue;
    if (r.modules.some((m) => providesImport(deps, m))) continue;
    report(undeclaredFinding(deps, path, r.span, r.distribution, r.message, r.subject, r.breaks, r.importedAtStart ? INSTALLED_ONLY_IF_REQUIRED : WORKS_ONLY_IF_REQUIRED));
  }
}

/** passlib `CryptContext(schemes=["bcrypt"])`: the bcrypt backend is the `bcrypt` package (`passlib[bcrypt]`). */
function checkPasslibBackends(ctx: CheckContext, deps: DeclaredDependencies): void {
  for (const use of ctx.file.summary.cryptSchemes ?? []) {
    const backend = PASSLIB_BACKENDS[use.scheme];
    if (!backend || !isImported(ctx.file, use.callee, 'passlib.context', 'CryptContext') || !providesImport(deps, 'passlib') || providesImport(deps, backend.module)) continue;
    const dist = distributionFor(backend.module);
    ctx.report(undeclaredFinding(deps, ctx.file.path, innerSpan(use.span), dist, `The '${use.scheme}' scheme needs '${dist}', which no manifest declares`, `The '${use.scheme}' scheme needs '${dist}' (or '${backend.extra}') installed`, 'passlib raises MissingBackendError at the first hash or verify.'));
  }
}

/** `from pydantic import EmailStr` needs email-validator (or pydantic[email]) installed too. */
function checkFeatureExtras(module: string, names: { name: string; span: Span }[], deps: DeclaredDependencies, path: string, report: (f: Finding) => void): void {
  for (const feature of FEATURE_EXTRAS) {
    if (feature.module !== module) continue;
    const item = names.find((n) => n.name === feature.name);
    if (!item || providesImport(deps, feature.needs)) continue;
    const dist = distributionFor(feature.needs);
    report(undeclaredFinding(deps, path, item.span, dist, `'${feature.name}' needs '${dist}', which no manifest declares`, `'${feature.name}' needs '${dist}' (or '${feature.extra}') installed`, 'using it raises ImportError.'));
  }
}

