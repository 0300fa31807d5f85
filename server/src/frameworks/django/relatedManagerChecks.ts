// related-manager-misuse: a many-valued relation on a model instance (`article.tags`, `author.article_set`)
// is a related manager, not a collection. Iterating it (`for t in article.tags`, `len(...)`, `x in ...`)
// raises TypeError ("'ManyRelatedManager' object is not iterable"), and assigning it (`article.tags = [...]`)
// raises TypeError ("Direct assignment to the forward side of a many-to-many set is prohibited").
// Only relations the model evidently has are judged: the receiver's model is evident (see djangoFields.ts),
// the name is one of its many-to-many fields or many-valued reverse accessors, and no class of the model
// declares a member of that name that could stand in for it.
import type { Fix, Span } from '../../core/types';
import { isManyRelation, type DjangoModel } from './models';
import type { MemberRef } from '../../syntax/summary';
import { forwardInstance, modelSteps, receiverModel, type TypedModel } from './fieldChecks';
import { MODEL_GUARDS } from './querysets';
import { replaceSpanFix } from '../../rulekit/fixes';
import type { CheckContext, RuleFamily, RuleMeta } from '../../rulekit/rule';

export const RELATED_MANAGER_MISUSE: RuleMeta = {
  id: 'related-manager-misuse',
  defaultSeverity: 'error',
  summary: 'A many-to-many or reverse relation used as a list: iterated, measured or assigned instead of going through its manager',
  doc: {
    catches: 'Iterating, `len()`, `list()`, `in` or assigning a related manager: a `ManyToManyField`, a `GenericRelation` or a reverse ForeignKey/many-to-many accessor read on a model instance.',
    whyItBreaks: "Those attributes are managers, not collections: iterating one raises `TypeError: 'ManyRelatedManager' object is not iterable`; assigning one raises `TypeError: Direct assignment to the forward side of a many-to-many set is prohibited. Use tags.set() instead.`",
    example: 'for tag in article.tags:  # TypeError\n    ...\narticle.tags = [python, django]  # TypeError',
    fix: 'Iterate `article.tags.all()` (count with `.count()`, test with `.filter(pk=x.pk).exists()`); replace the members with `article.tags.set([...])`.',
  },
};

export const djangoRelatedManagerChecks: RuleFamily = {
  rules: [RELATED_MANAGER_MISUSE],
  check(ctx) {
    const s = ctx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !ctx.project.importsPackage('django', ctx.tracker)) return;
    const candidates = s.memberRefs.filter((ref) => (ref.iteratedBy || (ref.write && !ref.call)) && !ref.guards.some((g) => MODEL_GUARDS.has(g)));
    ctx.each('djangoRelatedManagers', candidates, (ref, refCtx) => checkRef(refCtx, ref));
  },
};

function checkRef(ctx: CheckContext, ref: MemberRef): void {
  const last = ref.steps[ref.steps.length - 1];
  if (!last) return;
  const typed = ownerOfLastStep(ctx, ref);
  if (!typed?.instance) return;
  const relation = manyRelation(ctx, typed.model, last.name);
  if (!relation) return;
  const owner = typed.model.name;
  if (ref.write) {
    const side = relation === 'forward' ? 'the forward side of a many-to-many set' : 'the reverse side of a related set';
    const fixes = ref.assignedValue ? [setFix(ctx.file.path, last.span, ref.assignedValue, last.name)] : [];
    ctx.report({ rule: RELATED_MANAGER_MISUSE.id, span: last.span, message: `'${owner}.${last.name}' is a related manager: use ${last.name}.set(...)`, detail: `Direct assignment to ${side} raises TypeError.`, fixes });
    return;
  }
  ctx.report({
    rule: RELATED_MANAGER_MISUSE.id,
    span: last.span,
    message: `'${owner}.${last.name}' is a related manager, not iterable: use ${last.name}.all()`,
    detail: `A related manager is no collection: ${ref.iteratedBy} raises TypeError.`,
    fixes: [allFix(ctx.file.path, last.span, last.name)],
  });
}

/** The model instance the last step of the reference is read on (its receiver, or the forward relations before it). */
function ownerOfLastStep(ctx: CheckContext, ref: MemberRef): TypedModel | null {
  if (ref.steps.length === 1) return receiverModel(ctx, ref);
  const steps = modelSteps(ctx, ref);
  const beforeLast = ref.write ? steps[steps.length - 1] : steps[steps.length - 2];
  // Every step before the last must have been walked on an evident model.
  if (!beforeLast || steps.indexOf(beforeLast) !== ref.steps.length - 2) return null;
  return forwardInstance(ctx, beforeLast.typed, beforeLast.step.name);
}

/** `forward` for a many-to-many field (or GenericRelation), `reverse` for a many-valued reverse accessor, else null. */
function manyRelation(ctx: CheckContext, model: DjangoModel, name: string): 'forward' | 'reverse' | null {
  const field = model.fields.get(name);
  const kind = field?.kind === 'relation' && isManyRelation(field) ? 'forward' : field === undefined || field.kind === 'reverse' ? (model.accessors.get(name)?.many ? 'reverse' : null) : null;
  if (!kind) return null;
  // A member of that name declared by a class of the model other than the field itself (a property, a method
  // of a mixin) may be what the instance really has: say nothing.
  // (The field's own declaration is a class-level assignment: only a forward field may have one.)
  const symbols = ctx.project.symbols;
  for (const cls of [...model.chain, ...model.mixins]) {
    const info = symbols.classInfo(cls);
    if (info.members.some((m) => m.name === name && (kind === 'reverse' || m.kind !== 'attribute'))) return null;
    if (info.instanceAttributes.some((a) => a.name === name)) return null;
  }
  return kind;
}

function allFix(file: string, span: Span, name: string): Fix {
  return replaceSpanFix(file, [span[2], span[3], span[2], span[3]], '.all()', `Iterate ${name}.all()`);
}

/** `article.tags = [tag]` → `article.tags.set([tag])`: ` = ` becomes `.set(`, and `)` closes after the value. */
function setFix(file: string, name: Span, value: Span, attribute: string): Fix {
  // Unsafe: set() writes to the database at once, where the assignment was meant to change the object.
  const fix = replaceSpanFix(file, [name[2], name[3], value[0], value[1]], '.set(', `Use ${attribute}.set(...)`, 'unsafe');
  const close = replaceSpanFix(file, [value[2], value[3], value[2], value[3]], ')', '');
  return { ...fix, edits: [...fix.edits, ...close.edits] };
}
