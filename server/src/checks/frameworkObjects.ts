// unknown-attribute on framework objects the project creates (`app = FastAPI()`, `router = APIRouter()`,
// `app = Flask(__name__)`, `bp = Blueprint(...)`): an attribute or method the object does not have, like
// `router.exception_handler` (exception handlers live on the app). The rule's metadata is in members.ts; the
// objects and their attributes are the adapters' tables (FrameworkAdapter.objectApis).
import { nearestName } from '../core/nearest';
import type { FrameworkObjectApi } from '../frameworks/adapter';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { madeBy } from '../rulekit/frameworkObjects';
import { DependencyTracker } from '../index/project';
import type { RuleFamily } from '../rulekit/rule';

const FRAMEWORK_OBJECTS: readonly FrameworkObjectApi[] = FRAMEWORK_ADAPTERS.flatMap((a) => a.objectApis ?? []);

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
    const seen = new Map<string, { kind: FrameworkObjectApi | null; keys: string[] }>();
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
      const hint = kind.hints?.get(step.name);
      if (!suggestion && !hint) return;
      ctx.report({
        rule: 'unknown-attribute',
        span: step.span,
        message: `${kind.cls} '${name}' has no attribute '${step.name}'${hint ? '' : `; did you mean '${suggestion}'?`}`,
        detail: `'${name}' is ${/^[AEIOU]/.test(kind.cls) ? 'an' : 'a'} ${kind.cls} object, which has no '${step.name}'${hint ?? ': the access raises AttributeError.'}`,
      });
    });
  },
};
