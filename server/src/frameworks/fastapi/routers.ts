// unused-router: a FastAPI `APIRouter` with routes that nothing includes (`include_router`, `mount`, a run
// file serving it): its routes answer 404. Any include whose router is not evident (a loop variable, getattr,
// a call) or any use of `.routes` makes the project's router wiring dynamic: then nothing is said.
import type { RuleFamily } from '../../rulekit/rule';
import { moduleKeyOf, type ModuleLocation } from '../../index/moduleIndex';
import { LAYOUT_KEY, type DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { projectTopNames } from '../../rulekit/declaredDependencies';
import { isImported } from '../../rulekit/frameworkObjects';
import { FASTAPI_ROUTERS_KEY, routerUsesOf, type RouterUse } from './routerUses';

/** Decorators (`@router.get(...)`) and calls (`router.add_api_route(...)`) that give a router routes. */
const ROUTE_DECORATORS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'trace', 'api_route', 'websocket', 'route', 'websocket_route']);
const ROUTE_CALLS = new Set(['add_api_route', 'add_api_websocket_route', 'add_route', 'add_websocket_route', 'include_router']);

export const fastapiRouterChecks: RuleFamily = {
  rules: [
    {
      id: 'unused-router',
      defaultSeverity: 'information',
      summary: 'A FastAPI APIRouter with routes that no include_router (or mount, or run file) in the project includes.',
      doc: {
        catches: 'A router module written with routes whose router is never passed to `app.include_router(...)` (nor to another router that is), so none of its routes is served.',
        whyItBreaks: 'Requests to its paths answer 404 Not Found, and the routes are missing from the OpenAPI docs.',
        example: 'router = APIRouter(prefix="/orders")  # main.py includes users.router and items.router only',
        fix: 'Include it: `app.include_router(orders.router)` where the app (or a parent router) is built.',
      },
    },
  ],
  check(ctx) {
    const { file, project, tracker } = ctx;
    const routers = file.summary.moduleBindings.filter((b) => b.kind === 'assign' && b.hint?.kind === 'call' && isImported(file, b.hint.callee, 'fastapi', 'APIRouter'));
    if (!routers.length) return;
    tracker.add(FASTAPI_ROUTERS_KEY);
    tracker.add(LAYOUT_KEY);
    const withRoutes = routers.filter((b) => project.bindingsOf(file, b.name).length === 1 && routeCount(file, b.name) > 0);
    if (!withRoutes.length) return;
    const included = includedHere(project, file, tracker);
    if (!included) return;
    for (const b of withRoutes) {
      // `users_router = r = APIRouter()`, `users_router = r`: the same router under other names.
      const sameObject = file.summary.moduleBindings.filter((o) => o.kind === 'assign' && (o.span[0] === b.span[0] || (o.hint?.kind === 'alias' && o.hint.target === b.name)));
      if (sameObject.some((o) => included.has(o.name))) continue;
      const routes = routeCount(file, b.name);
      ctx.report({
        rule: 'unused-router',
        span: b.span,
        message: `APIRouter '${b.name}' is never included: its ${routes} route${routes === 1 ? '' : 's'} answer 404`,
        detail: 'No `include_router(...)` or `mount(...)` of the project passes it, so the app never serves its routes.',
      });
    }
  },
};

/** How many routes a router gets in its own file (decorated functions, route calls). */
function routeCount(file: SourceFile, name: string): number {
  const decorated = file.summary.functions.filter((f) => f.decorators.some((d) => d.startsWith(name + '.') && ROUTE_DECORATORS.has(d.slice(name.length + 1)))).length;
  const calls = file.summary.memberRefs.filter((r) => r.receiver.kind === 'global' && r.receiver.name === name && r.call && r.steps.length === 1 && ROUTE_CALLS.has(r.steps[0].name)).length;
  return decorated + calls;
}

/**
 * The names of `file`'s routers that some include (or a run file) names; null when the project's router
 * wiring is not evident (an include of a router that cannot be followed, `.routes` read anywhere).
 */
function includedHere(project: Project, file: SourceFile, tracker: DependencyTracker): Set<string> | null {
  const names = new Set<string>();
  let includes = 0;
  for (const { source, include } of routerUses(project)) {
    if (include.method === 'include_router') includes++;
    if (include.router === null) {
      if (include.method === 'include_router') return null;
      continue; // `app.mount("/static", StaticFiles(...))`: not a router
    }
    const target = moduleLevelName(project, source, include.router, tracker, 0);
    if (target === 'unknown' && include.method !== 'mount') return null;
    if (typeof target === 'object' && target.path === file.path) names.add(target.name);
  }
  // A project that includes no router anywhere is not wired here (a library, a partial project): nothing to say.
  if (includes === 0) return null;
  // `uvicorn api.orders:router`: a run file serving the router itself.
  for (const [, projectFile] of project.allProjectFiles()) {
    for (const ref of projectFile.references) if (ref.kind === 'module-attr' && ref.attr && file.path.replace(/(\/__init__)?\.py$/, '').replace(/\//g, '.').endsWith(ref.target)) names.add(ref.attr);
  }
  return names;
}

const usesByProject = new WeakMap<Project, { generation: number; uses: { source: SourceFile; include: RouterUse }[] }>();

/** Every router include and `.routes` read of the project: one pass over the summaries per project generation, not one per router file. */
function routerUses(project: Project): { source: SourceFile; include: RouterUse }[] {
  const memo = usesByProject.get(project);
  if (memo?.generation === project.generation) return memo.uses;
  const uses = [...project.allSources()].flatMap((source) => routerUsesOf(source.summary).map((include) => ({ source, include })));
  usesByProject.set(project, { generation: project.generation, uses });
  return uses;
}

type Target = { path: string; name: string } | 'external' | 'unknown';

/** The module-level assignment a dotted name of `file` stands for, following imports through project modules. */
function moduleLevelName(project: Project, file: SourceFile, dotted: string, tracker: DependencyTracker, depth: number): Target {
  if (depth > 8) return 'unknown';
  const [first, ...rest] = dotted.split('.');
  const key = moduleKeyOf(file.path);
  if (key !== null) tracker.add(key); // its bindings are read: an edit of them re-checks the router's file
  const bindings = project.bindingsOf(file, first);
  if (bindings.length !== 1) return 'unknown';
  const b = bindings[0];
  if (b.kind === 'assign') return rest.length === 0 ? { path: file.path, name: first } : 'unknown';
  if (b.kind !== 'import' || b.importIndex === undefined) return 'unknown';
  const record = file.summary.imports[b.importIndex];
  if (!record || record.guards.length) return 'unknown';
  // An import that does not resolve is another package's router, unless the project has a folder or module
  // of that name (then it is ours, reached through a layout this index does not follow: unknown).
  const unresolved = (): Target => (projectTopNames(project).has(record.module.split('.')[0]) || record.level > 0 ? 'unknown' : 'external');
  if (record.kind === 'import') {
    if (project.resolveModule(file.path, 0, record.module, tracker).status === 'unknown') return unresolved();
    const loc = project.moduleOfRoot(file, first, 'global', tracker);
    return loc ? inModule(project, loc, rest, tracker, depth) : 'unknown';
  }
  const item = record.names.find((n) => (n.alias ?? n.name) === first);
  const target = item ? project.resolveImport(file.path, record, tracker) : null;
  if (target?.status === 'unknown') return unresolved();
  if (!item || target?.status !== 'found') return 'unknown';
  return inModule(project, target.location, [item.name, ...rest], tracker, depth);
}

function inModule(project: Project, loc: ModuleLocation, path: string[], tracker: DependencyTracker, depth: number): Target {
  if (!path.length) return 'unknown'; // a module is no router
  const source = loc.file ? project.source(loc.file) : undefined;
  if (source && project.isBound(source, path[0])) return moduleLevelName(project, source, path.join('.'), tracker, depth + 1);
  const sub = project.submodule(loc, path[0], tracker);
  return sub ? inModule(project, sub, path.slice(1), tracker, depth + 1) : 'unknown';
}
