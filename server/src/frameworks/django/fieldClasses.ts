// What the class of a model's field is (Django's, a third-party package's, or a project subclass of either), and
// whether a manager comes from a third-party package: read by the model graph, the migration rules and the lookups.
import type { DependencyTracker, SourceFile } from '../../index/project';
import type { ClassRef, Symbols } from '../../index/symbols';
import type { MemberInfo } from '../../syntax/summary';
import { CONTRIB_MANAGERS, contribModelOf } from './contrib';
import { THIRD_PARTY_FIELDS, THIRD_PARTY_MANAGERS, type OutsideFieldClass } from './thirdParty';

const RELATION_FIELDS = new Set(['ForeignKey', 'OneToOneField', 'ManyToManyField']);

/** What a model field's class is: `models.ForeignKey` → relation, `models.CharField` → plain, else unknown. */
export function fieldClass(symbols: Symbols, file: SourceFile, m: MemberInfo, scratch: DependencyTracker): FieldClass {
  // The callee of the assigned call (also under an annotation: `title: str = models.CharField(...)`).
  const callee = m.callArgs?.callee ?? (m.hint?.kind === 'call' ? m.hint.callee : null);
  if (m.kind !== 'attribute' || !m.callArgs || !callee) return null;
  const external = symbols.externalName(file, callee) ?? '';
  const known = outsideFieldClass(external);
  if (known !== undefined) return known;
  if (/(^|\.)(as_manager|from_queryset)$/.test(callee)) return null;
  const sym = symbols.dotted(file, callee, scratch);
  return sym?.kind === 'class' ? projectFieldClass(symbols, sym.cls, scratch) : { kind: 'unknown' };
}

/**
 * Whether `Model.<name>` is a manager of a third-party package (declared by a table's base, or a class of
 * THIRD_PARTY_MANAGERS): its querysets have methods beyond Django's (`live()`, `get_cached_trees()`).
 */
export function thirdPartyManager(symbols: Symbols, model: { chain: ClassRef[] }, name: string): boolean {
  for (const cls of model.chain) {
    const contrib = contribModelOf(cls);
    if (contrib) {
      if (contrib.managers && name in contrib.managers) return contrib.installedAs !== undefined;
      continue;
    }
    const declared = symbols.classInfo(cls).members.find((m) => m.name === name);
    if (!declared) continue;
    const callee = declared.hint?.kind === 'call' ? declared.hint.callee : null;
    return !!callee && THIRD_PARTY_MANAGERS.has(symbols.externalName(cls.file, callee) ?? '');
  }
  return false;
}

type FieldClass = OutsideFieldClass | null;

/** A class outside the project by its import name: Django's fields, managers, third-party fields; undefined when not known. */
function outsideFieldClass(external: string): FieldClass | undefined {
  const django = /^django\.db\.models(?:\.fields(?:\.related)?)?\.(\w+)$/.exec(external);
  if (django && RELATION_FIELDS.has(django[1])) return { kind: 'relation', type: django[1] };
  if (django && /Field$/.test(django[1])) return { kind: 'plain', type: django[1] };
  if (django) return null; // Django's Manager and other non-field classes
  if (CONTRIB_MANAGERS.has(external)) return null; // objects = UserManager(), TreeManager()
  if (/^django\.db\.models\.(manager\.)?(Base)?Manager$|^django\.db\.models\.(query\.)?QuerySet$/.test(external)) return null;
  const generic = /^django\.contrib\.contenttypes\.fields\.(GenericForeignKey|GenericRelation)$/.exec(external);
  // Generic relations have no column (no migration): `unknown` to the migration rules, read by their type here.
  if (generic) return { kind: 'unknown', type: generic[1] };
  return THIRD_PARTY_FIELDS.get(external);
}

/**
 * A project class used as a field's class: what the Django or third-party class it subclasses is (a
 * `TaggableManager` subclass is a field whatever its name); a field class that contributes itself its own way
 * (`contribute_to_class`) is of unknown kind. Classes named like managers with nothing known above them are no fields.
 */
function projectFieldClass(symbols: Symbols, cls: ClassRef, scratch: DependencyTracker, depth = 0): FieldClass {
  const info = symbols.classInfo(cls);
  const ownWay = info.methods.some((m) => m.name === 'contribute_to_class');
  for (const base of info.bases) {
    if (base === '?' || depth > 6) continue;
    let found: FieldClass | undefined;
    const sym = symbols.dotted(cls.file, base, scratch);
    if (sym?.kind === 'class') {
      found = projectFieldClass(symbols, sym.cls, scratch, depth + 1);
      if (found?.kind === 'unknown' && !found.type) found = undefined; // nothing known up there
    } else if (!sym) {
      const external = symbols.externalName(cls.file, base);
      if (external) found = outsideFieldClass(external);
    }
    if (found === null) return null;
    // (A subclass of Django's CharField may register lookups of its own: its lookups are not judged.)
    if (found) return ownWay ? { kind: 'unknown' } : found.kind === 'plain' ? (found.companion ? { kind: 'plain', companion: found.companion } : { kind: 'plain' }) : found;
  }
  if (/(Manager|QuerySet)$/.test(info.name)) return null;
  return { kind: 'unknown' };
}

/**
 * The target a project relation field class gives itself when the model's call names none
 * (`StatusField()` whose `__init__` does `kwargs.setdefault("to", Status)`): the class whose file it is written in, and the text.
 */
export function defaultTarget(symbols: Symbols, file: SourceFile, m: MemberInfo, scratch: DependencyTracker): { cls: ClassRef; text: string } | null {
  const callee = m.callArgs?.callee ?? (m.hint?.kind === 'call' ? m.hint.callee : null);
  const sym = callee ? symbols.dotted(file, callee, scratch) : null;
  let cls = sym?.kind === 'class' ? sym.cls : null;
  for (let depth = 0; cls && depth < 6; depth++) {
    const info = symbols.classInfo(cls);
    const init = info.methods.find((f) => f.name === '__init__');
    const text = init?.kwargsFlow?.defaults?.to;
    if (text) return { cls, text };
    if (init) return null;
    const base = info.bases[0] && info.bases[0] !== '?' ? symbols.dotted(cls.file, info.bases[0], scratch) : null;
    cls = base?.kind === 'class' ? base.cls : null;
  }
  return null;
}
