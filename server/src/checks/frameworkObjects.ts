// unknown-attribute on framework objects the project creates (`app = FastAPI()`, `router = APIRouter()`,
// `app = Flask(__name__)`, `bp = Blueprint(...)`): an attribute or method the object does not have, like
// `router.exception_handler` (exception handlers live on the app). The rule's metadata is in members.ts.
import { nearestName } from '../core/nearest';
import { madeBy } from '../frameworks/frameworkObjects';
import { DependencyTracker } from '../index/project';
import { FRAMEWORK_OBJECTS } from '../python/frameworkApi';
import type { RuleFamily } from './rule';

/** Where what agents reach for on the wrong object actually lives. */
const HINTS: Record<string, string> = {
  'APIRouter.exception_handler': ': exception handlers are registered on the FastAPI app (`app.exception_handler`).',
  'APIRouter.add_exception_handler': ': exception handlers are registered on the FastAPI app (`app.add_exception_handler`).',
  'APIRouter.middleware': ': middleware is added to the FastAPI app (`app.middleware`).',
  'APIRouter.add_middleware': ': middleware is added to the FastAPI app (`app.add_middleware`).',
  'Blueprint.config': ': configuration is on the app (`current_app.config`).',
  'Blueprint.logger': ': the logger is on the app (`current_app.logger`).',
  'Blueprint.run': ': only the Flask app runs (`app.run`).',
  'Blueprint.test_client': ': the test client comes from the app (`app.test_client`).',
  'Blueprint.teardown_appcontext': ': use `teardown_app_request`, or register it on the app.',
  'FastAPI.register_blueprint': ': FastAPI includes routers (`app.include_router`).',
  'APIRouter.state': ': state is on the app (`request.app.state`).',
};

/** Names any object has. */
const OBJECT_ATTRIBUTES = new Set(['__class__', '__dict__', '__doc__', '__module__', '__init__', '__call__', '__repr__', '__str__']);

export const frameworkObjectChecks: RuleFamily = {
  rules: [],
  check(fileCtx) {
    const summary = fileCtx.file.summary;
    // Only files that import a framework can hold one of its objects, directly or through a project import.
    if (!summary.memberRefs.some((r) => r.receiver.kind === 'global' && r.steps.length > 0)) return;
    // Per receiver name: the framework object it holds, and the dependency keys of that answer, which every
    // reference through the name depends on (one item each: an edit re-derives only those that read it).
    const seen = new Map<string, { kind: (typeof FRAMEWORK_OBJECTS)[number] | null; keys: string[] }>();
    fileCtx.each('frameworkObjectRefs', summary.memberRefs, (ref, ctx) => {
      if (ref.receiver.kind !== 'global' || ref.write || ref.guards.length) return;
      const step = ref.steps[0];
      if (!step || step.name.startsWith('_') || OBJECT_ATTRIBUTES.has(step.name) || ctx.project.symbols.written().has(step.name)) return;
      const name = ref.receiver.name;
      let held = seen.get(name);
      if (!held) {
        const tracker = new DependencyTracker();
        const kind = FRAMEWORK_OBJECTS.find((o) => madeBy(ctx.project, ctx.file, name, o.module, o.cls, tracker)) ?? null;
        seen.set(name, (held = { kind, keys: [...tracker.keys] }));
      }
      for (const key of held.keys) ctx.tracker.add(key);
      const kind = held.kind;
      if (!kind || kind.attributes.has(step.name)) return;
      // New versions add methods (FastAPI 0.14x's `app.frontend`): a name that is neither a known misuse
      // nor a near miss of a real attribute may be one of them, and is left alone.
      const suggestion = nearestName(step.name, kind.attributes);
      if (!suggestion && !HINTS[`${kind.cls}.${step.name}`]) return;
      ctx.report({
        rule: 'unknown-attribute',
        span: step.span,
        message: `${kind.cls} '${name}' has no attribute '${step.name}'${HINTS[`${kind.cls}.${step.name}`] ? '' : `; did you mean '${suggestion}'?`}`,
        detail: `'${name}' is ${/^[AEIOU]/.test(kind.cls) ? 'an' : 'a'} ${kind.cls} object, which has no '${step.name}'${HINTS[`${kind.cls}.${step.name}`] ?? ': the access raises AttributeError.'}`,
      });
    });
  },
};
