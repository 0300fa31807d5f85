// unknown-module-attribute: `m.x` where `m` is an imported project module that has no `x`.
import { nearestName } from '../core/nearest';
import type { ModuleLocation } from '../index/moduleIndex';
import type { Guard } from '../syntax/summary';
import { describeModule, replaceSpanFix } from '../rulekit/fixes';
import { bindingRelated, moduleRelated } from '../rulekit/related';
import type { RuleFamily } from '../rulekit/rule';

/** A module's missing attribute raises AttributeError: a test block expecting only other errors fails on it. */
const MODULE_ATTRIBUTE_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['attribute-error', 'type-checking', 'version', 'import-error', 'expects-lookup-error']);

export const moduleAttributes: RuleFamily = {
  rules: [
    {
      id: 'unknown-module-attribute',
      defaultSeverity: 'error',
      summary: '`m.x` on a project module that has no `x`.',
      doc: {
        catches: 'Reading a function, class or variable through a module object when that module never defines it.',
        whyItBreaks: "Python raises AttributeError: module 'm' has no attribute 'x' when the line runs.",
        example: 'from app import services\nservices.billing.charge_card(order)  # billing.py defines charge()',
        fix: 'Use the name the module defines, or define it there.',
      },
    },
  ],
  // Each item is checked from its own context alone (runChecks.ts replays the lists of an edit that touches only items).
  itemsStandAlone: true,
  check(fileCtx) {
    fileCtx.each('moduleAttributeRefs', fileCtx.file.summary.moduleAttributeRefs, (ref, ctx) => {
      const { file, project, tracker } = ctx;
      if (ref.guards.some((g) => MODULE_ATTRIBUTE_GUARDS.has(g))) return;
      let loc: ModuleLocation | null = project.moduleOfRoot(file, ref.root, ref.binding, tracker);
      const readSteps = ref.write ? ref.steps.length - 1 : ref.steps.length;
      for (let i = 0; i < readSteps && loc; i++) {
        const step = ref.steps[i];
        const status = project.nameStatus(loc, step.name, tracker);
        if (status === 'unknown') break;
        if (status === 'no') {
          const suggestion = nearestName(step.name, project.namesOf(loc, tracker));
          const written = [ref.root, ...ref.steps.slice(0, i).map((st) => st.name)].join('.');
          ctx.report({
            rule: 'unknown-module-attribute',
            span: step.span,
            message: `Module '${written}' has no attribute '${step.name}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
            detail: `${describeModule(written, loc)} defines no '${step.name}': reading it raises AttributeError.`,
            related: [...moduleRelated(loc, `'${written}': no '${step.name}' here`), ...(suggestion ? bindingRelated(project, loc.file, suggestion, `'${suggestion}' is here`) : [])],
            fixes: suggestion ? [replaceSpanFix(file.path, step.span, suggestion, `Change '${step.name}' to '${suggestion}'`)] : [],
          });
          break;
        }
        // Follow into a submodule only when the package does not bind that name to something else.
        const source = loc.file ? project.source(loc.file) : undefined;
        const sub = project.submodule(loc, step.name, tracker);
        loc = sub && (!source || !project.isBound(source, step.name)) ? sub : null;
      }
    });
  },
};
