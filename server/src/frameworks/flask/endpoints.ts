// Flask blueprint endpoints, read from the code: `bp = Blueprint("shop", __name__)` at module level and
// module-level functions decorated with `@bp.route(...)`/`@bp.get(...)`… give `shop.<function>`. A blueprint
// is open (any endpoint may exist) when something registers endpoints we cannot read: `endpoint=`,
// `add_url_rule`, a nested or renamed registration, a class-based view; the whole graph is unknown when a
// blueprint is made where we cannot see its name, or a Flask REST/admin extension registers endpoints.
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { isImported, madeBy } from '../../rulekit/frameworkObjects';

export interface FlaskEndpoints {
  /** Every blueprint name was read (else an unknown name proves nothing). */
  complete: boolean;
  /** Blueprint name → its endpoints' function names, or null when it is open. */
  blueprints: Map<string, Set<string> | null>;
  /** Module keys of the files the graph was read from (dependency keys for incremental re-checks). */
  files: string[];
}

const ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'delete', 'patch']);
/** Extensions that register endpoints of their own (class-based resources, admin views…). */
const ENDPOINT_EXTENSIONS = /^(flask_restful|flask_restx|flask_restplus|flask_smorest|flask_classful|flask_admin|flask_appbuilder|flask_openapi3|apiflask|flask_rebar)(\.|$)/;

const memo = new WeakMap<Project, { generation: number; value: FlaskEndpoints }>();

export function flaskEndpoints(project: Project): FlaskEndpoints {
  const cached = memo.get(project);
  if (cached && cached.generation === project.generation) return cached.value;
  const value = collect(project);
  memo.set(project, { generation: project.generation, value });
  return value;
}

function collect(project: Project): FlaskEndpoints {
  const out: FlaskEndpoints = { complete: true, blueprints: new Map(), files: [] };
  const scratch = new DependencyTracker();
  const open = (name: string) => out.blueprints.set(name, null);
  const flaskFiles = [...project.allSources()].filter((s) => s.summary.imports.some((r) => r.level === 0 && (r.module === 'flask' || r.module.startsWith('flask.') || ENDPOINT_EXTENSIONS.test(r.module))));
  for (const source of flaskFiles) {
    out.files.push(source.path.replace(/(\/__init__)?\.pyi?$/, ''));
    const s = source.summary;
    if (s.imports.some((r) => r.level === 0 && ENDPOINT_EXTENSIONS.test(r.module))) out.complete = false;
    if (s.unparsed || s.hasErrorNodes) out.complete = false;
    // Blueprints made here: module-level `name = Blueprint("literal", …)`; any other use of Blueprint is unreadable.
    const blueprintAliases = s.imports.flatMap((r) => (r.kind === 'from' && r.module === 'flask' ? r.names.filter((n) => n.name === 'Blueprint').map((n) => n.alias ?? n.name) : []));
    const madeLines = new Set<number>();
    for (const b of s.moduleBindings) {
      if (b.kind !== 'assign' || b.hint?.kind !== 'call' || !isImported(source, b.hint.callee, 'flask', 'Blueprint')) continue;
      const call = s.memberRefs.find((r) => r.receiver.kind === 'global' && r.steps.length === 0 && r.rootSpan[0] === b.span[0] && r.call);
      const literal = call?.call?.strings?.[0]?.value;
      madeLines.add(b.span[0]);
      if (!literal) out.complete = false;
      else if (!out.blueprints.has(literal)) out.blueprints.set(literal, new Set());
      else open(literal); // two blueprints of one name: Flask refuses, or one is registered renamed
    }
    for (const use of s.globalUses) if (blueprintAliases.includes(use.name) && !madeLines.has(use.span[0])) out.complete = false;
  }
  // Routes, and what opens a blueprint, now that every blueprint's name is known.
  for (const source of flaskFiles) {
    const s = source.summary;
    const nameOf = blueprintNames(project, source, scratch);
    for (const ref of s.memberRefs) {
      if (ref.receiver.kind !== 'global' || ref.steps.length !== 1) continue;
      const method = ref.steps[0].name;
      const bp = nameOf(ref.receiver.name);
      if (method === 'register_blueprint') {
        if (ref.call?.keywords.some((k) => k.name === 'name')) out.complete = false; // registered under another name
        if (bp !== undefined) out.complete = false; // nested blueprints: endpoints get the parent's prefix
      }
      if (bp === undefined || bp === null) continue;
      if (method === 'add_url_rule' || (ROUTE_DECORATORS.has(method) && ref.call?.keywords.some((k) => k.name === 'endpoint'))) open(bp);
    }
    const decorated = new Map<string, number>();
    for (const f of s.functions) {
      for (const d of f.decorators) {
        const dot = d.lastIndexOf('.');
        if (dot < 0 || !ROUTE_DECORATORS.has(d.slice(dot + 1))) continue;
        const bp = nameOf(d.slice(0, dot));
        if (!bp) continue;
        out.blueprints.get(bp)?.add(f.name);
        decorated.set(bp, (decorated.get(bp) ?? 0) + 1);
      }
    }
    // A route registered where we do not see the function (inside a function, on a method): open.
    const routeCalls = new Map<string, number>();
    for (const ref of s.memberRefs) {
      if (ref.receiver.kind !== 'global' || ref.steps.length !== 1 || !ROUTE_DECORATORS.has(ref.steps[0].name)) continue;
      const bp = nameOf(ref.receiver.name);
      if (bp) routeCalls.set(bp, (routeCalls.get(bp) ?? 0) + 1);
    }
    for (const [bp, n] of routeCalls) if (n > (decorated.get(bp) ?? 0)) open(bp);
    // Class-based views registered anywhere: their endpoint names are not function names.
    if (s.memberRefs.some((r) => r.steps.some((st) => st.name === 'as_view'))) out.complete = false;
  }
  return out;
}

/** name → the blueprint name it holds (undefined: no blueprint; null: a blueprint whose name is unknown). */
function blueprintNames(project: Project, source: SourceFile, tracker: DependencyTracker): (name: string) => string | null | undefined {
  const cache = new Map<string, string | null | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let result: string | null | undefined;
    if (madeBy(project, source, name, 'flask', 'Blueprint', tracker)) {
      const own = source.summary.moduleBindings.find((b) => b.name === name && b.kind === 'assign');
      const home = own ? source : importedFrom(project, source, name, tracker);
      const binding = home?.summary.moduleBindings.find((b) => b.kind === 'assign' && b.name === (own ? name : importedName(source, name)));
      const call = binding && home!.summary.memberRefs.find((r) => r.receiver.kind === 'global' && r.steps.length === 0 && r.rootSpan[0] === binding.span[0] && r.call);
      result = call?.call?.strings?.[0]?.value ?? null;
    }
    cache.set(name, result);
    return result;
  };
}

function importedName(source: SourceFile, name: string): string {
  for (const r of source.summary.imports) {
    const item = r.kind === 'from' ? r.names.find((n) => (n.alias ?? n.name) === name) : undefined;
    if (item) return item.name;
  }
  return name;
}

function importedFrom(project: Project, source: SourceFile, name: string, tracker: DependencyTracker): SourceFile | undefined {
  for (const r of source.summary.imports) {
    if (r.kind !== 'from' || !r.names.some((n) => (n.alias ?? n.name) === name)) continue;
    const target = project.resolveImport(source.path, r, tracker);
    if (target.status === 'found' && target.location.file) return project.source(target.location.file);
  }
  return undefined;
}
