// FastAPI's part of undeclared-dependency: a WebSocket route (`@app.websocket(...)` on a FastAPI app or
// APIRouter) served by uvicorn declared without `[standard]`. The rule and what a finding says are the core's
// (checks/dependencies.ts); when the core's family judges a file, this one judges it too.
import type { CheckContext, RuleFamily } from '../../rulekit/rule';
import { isToolingFile, UNDECLARED_DEPENDENCY, undeclaredFinding } from '../../rulekit/requiredPackages';
import { declaredDependencies, providesImport, type DeclaredDependencies } from '../../rulekit/declaredDependencies';
import { madeBy } from '../../rulekit/frameworkObjects';
import { LAYOUT_KEY, MANIFESTS_KEY } from '../../index/project';

export const fastapiWebSocketChecks: RuleFamily = {
  rules: [UNDECLARED_DEPENDENCY],
  check(ctx) {
    // The core family's conditions, in its order (stubs, tooling files, manifests not readable: silent).
    if (ctx.file.path.endsWith('.pyi')) return;
    ctx.tracker.add(MANIFESTS_KEY);
    if (isToolingFile(ctx.project, ctx.file.path)) return;
    const deps = declaredDependencies(ctx.project);
    if (!deps.readable) return;
    ctx.tracker.add(LAYOUT_KEY);
    checkWebSocketServer(ctx, deps);
  },
};

/** `@app.websocket(...)` served by uvicorn installed without `[standard]` (nor websockets/wsproto): no WebSocket support. */
function checkWebSocketServer(ctx: CheckContext, deps: DeclaredDependencies): void {
  if (!deps.names.has('uvicorn') || deps.extras.has('uvicorn[standard]') || ['websockets', 'wsproto'].some((m) => providesImport(deps, m))) return;
  if (['hypercorn', 'daphne', 'granian'].some((s) => deps.names.has(s))) return; // another server may serve it
  for (const ref of ctx.file.summary.memberRefs) {
    if (ref.receiver.kind !== 'global' || ref.steps[0]?.name !== 'websocket' || ref.steps.length !== 1 || ref.guards.length) continue;
    const name = ref.receiver.name;
    if (!madeBy(ctx.project, ctx.file, name, 'fastapi', 'FastAPI', ctx.tracker) && !madeBy(ctx.project, ctx.file, name, 'fastapi', 'APIRouter', ctx.tracker)) continue;
    ctx.report(undeclaredFinding(deps, ctx.file.path, ref.steps[0].span, 'websockets', `WebSocket route, but uvicorn is declared without '[standard]'`, `Neither 'uvicorn[standard]' nor 'websockets' is declared: uvicorn then refuses WebSocket upgrades ("No supported WebSocket library detected").`));
  }
}
