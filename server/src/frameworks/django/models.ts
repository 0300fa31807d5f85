// The Django model graph, read from summaries: which project classes are models, their fields (own and
// inherited), relations with their targets, and the reverse relations other models add. A model whose
// fields cannot all be known (a base outside the project, a related_name built at run time) is "open":
// rules say nothing about names it may have.
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { DJANGO_APPS_KEY, DJANGO_MODELS_KEY, djangoSurfaceOf } from './indexing';
import { Symbols, type ClassRef } from '../../index/symbols';
import { SurfaceBuild, type SurfaceChange } from '../../index/surfaceBuild';
import { GraphReads } from '../../index/graphKeep';
import type { MemberInfo } from '../../syntax/summary';
import { djangoAppsOf } from './apps';
import { CONTRIB_APPS, CONTRIB_TABLE, contribByExternalName, contribId, contribModelOf, contribRef, type ContribModel } from './contrib';
import { defaultTarget, fieldClass } from './fieldClasses';
import { djangoFactsOf } from './facts';
import { interpolate, isStringTarget, relationClashes, relationOptions, type OwnRelation, type RelationClash, type RelationDecl } from './relations';

export interface ModelField {
  name: string;
  /** `relation`: forward ForeignKey/OneToOne/ManyToMany; `reverse`: added by another model's relation. */
  kind: 'plain' | 'relation' | 'reverse' | 'unknown';
  /** Django's field class for plain fields (`CharField`), when it is one of Django's own. */
  type?: string;
  /** The related model for relations, null when it is not a project model (or not known). */
  target?: ClassRef | null;
}

export interface DjangoModel {
  cls: ClassRef;
  name: string;
  /** Every name a lookup may start with: fields, `pk`, `id`, `<fk>_id`, reverse relations. */
  fields: Map<string, ModelField>;
  open: boolean;
  /**
   * A base of the model or of its ancestors is neither a model we know nor a project class (a third-party
   * model base no table lists): only what the project's classes declare is judged.
   */
  unknownBase: boolean;
  /** The model and its model ancestors, nearest first (where managers are declared). */
  chain: ClassRef[];
  /** Every base of the model and its ancestors is a model (or Model itself): no mixin adds attributes. */
  mixinFree: boolean;
  /** The project classes among its ancestors that are no models (mixins): their members are the instances' too. */
  mixins: ClassRef[];
  /** Own relation fields whose reverse accessor or query name collides with another relation's (E304/E305). */
  clashes: RelationClash[];
  /** Own relation fields whose target is a bare model name (`"Autor"`) that no project class has, or an `"app.Model"` of no such app. */
  danglingTargets: DanglingTarget[];
  /**
   * Reverse accessors other models' relations add to instances (`author.articles`, `author.comment_set`), own
   * and inherited, with the model they lead to.
   */
  accessors: Map<string, ReverseAccessor>;
  /**
   * Instances may have attributes no summary shows: a relation of unknown kind points at the model (its
   * accessor is not known), or it is the user model, which third-party apps relate to.
   */
  attributesOpen: boolean;
  /**
   * Apps outside the project may add reverse relations to it (Django's contrib models and the user model,
   * when such apps are installed): a name that is no forward field may still be one.
   */
  reverseOpen: boolean;
}

export interface DanglingTarget {
  field: MemberInfo;
  target: string;
  /** `"app.Model"` with the wrong app label: how the models of that name are labelled. */
  labels?: string[];
  /** Django's User, swapped out for this AUTH_USER_MODEL. */
  swappedFor?: string;
}

/** A reverse accessor: the model whose relation adds it, and whether it is a manager (else one instance: one-to-one). */
export interface ReverseAccessor {
  source: ClassRef;
  many: boolean;
  /** The relation field of `source` that adds it (none for the accessor a multi-table child adds). */
  field?: string;
}

/** The models of Django's contrib apps, by app label (a relation to `"auth.Grup"` names none of them). */
export const CONTRIB_MODELS = new Map<string, string[]>([
  ['auth', ['User', 'Group', 'Permission']],
  ['contenttypes', ['ContentType']],
  ['sites', ['Site']],
  ['admin', ['LogEntry']],
  ['sessions', ['Session']],
  ['redirects', ['Redirect']],
  ['flatpages', ['FlatPage']],
]);
/** A forward relation that reads as a related manager (`article.tags.all()`), not as one instance. */
export function isManyRelation(field: ModelField): boolean {
  return field.type === 'ManyToManyField' || field.type === 'GenericRelation';
}

const MODEL_ROOTS = new Set(['django.db.models.Model', 'django.db.models.base.Model']);
export { fieldClass, thirdPartyManager } from './fieldClasses';

const graphs = new WeakMap<Project, DjangoModels>();
/** The project's model graph (one per project, rebuilt lazily). */
export function djangoModelsOf(project: Project): DjangoModels {
  let g = graphs.get(project);
  if (!g) graphs.set(project, (g = new DjangoModels(project)));
  return g;
}

/**
 * The model graph of a project, rebuilt after any change but a body edit of a file none of its classes are in
 * (index/surfaceBuild.ts: it reads surfaces alone) and the surface changes keepAcross accepts. Typing in a view of
 * saleor rebuilt it each keystroke (~55 ms).
 */
export class DjangoModels {
  /** Whether to build again; holds the files of its models, their ancestors and mixins, relation targets. */
  private readonly version: SurfaceBuild;
  private models = new Map<string, DjangoModel>();
  /** The same models by file path, then class index: modelOf builds no key string (checks ask it at every reference). */
  private modelsByPath = new Map<string, Map<number, DjangoModel>>();
  private lookupsRegistered = false;
  private annotated = new Set<string>();
  private anyInstanceName = false;
  /** Models (class keys) whose instances raw SQL gives names of its own (`Model.objects.raw(…)`), with their model ancestors. */
  private rawModels = new Set<string>();
  /** The same for names computed at run time (`annotate(**names)`): on any model's instances, on these models'. */
  private anyComputedName = false;
  private computedModels = new Set<string>();
  private expressionKeys = new Set<string>();
  private withExpressionKeys: Set<string> | null = null;
  /** `labelled()`'s answers during one build (they depend on the build's labels and names only). */
  private labelledMemo = new Map<string, ClassRef | null | 'ambiguous'>();
  private labelledElsewhereMemo = new Map<string, boolean>();
  private registrations: Map<string, ClassRef[]> | null = null;
  /** Django's contrib models (CONTRIB_TABLE names) the installed apps provide. */
  private contribActive = new Set<string>();
  /** App labels of models, when certain (class key → label). */
  private labels = new Map<string, string | null>();
  /** The model AUTH_USER_MODEL names (Django's User by default), when known. */
  private userModel: ClassRef | null = null;
  /** AUTH_USER_MODEL when it swaps out Django's User (auth installed). */
  private swappedFor: string | null = null;
  /** Models that reverse query names built at run time (or an ambiguous target) may reach. */
  private openNames = new Set<string>();
  /** What the last build read (keepAcross, unaffectedBy). */
  private readonly reads = new GraphReads(djangoSurfaceOf);

  constructor(private readonly project: Project) {
    this.version = new SurfaceBuild(project, 'django-models', (changes) => this.keepAcross(changes));
  }

  /** The model a class is, or null when it is none (or not known to be one). */
  modelOf(cls: ClassRef, tracker: DependencyTracker): DjangoModel | null {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    return this.modelsByPath.get(cls.file.path)?.get(cls.index) ?? null;
  }

  /**
   * The model `dotted` names in `file`: a project model class, one of Django's contrib models imported from
   * Django, or the user model behind `get_user_model()` / `settings.AUTH_USER_MODEL`.
   */
  modelNamed(file: SourceFile, dotted: string, tracker: DependencyTracker): DjangoModel | null {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    const sym = this.project.symbols.dotted(file, dotted, tracker);
    if (sym?.kind === 'class') return this.modelOf(sym.cls, tracker);
    if (sym) return null;
    const outside = this.outsideModel(file, dotted, tracker);
    return outside ? this.modelOf(outside, tracker) : null;
  }

  /** The AUTH_USER_MODEL that swaps out Django's User, when `dotted` in `file` names Django's User (imported from Django). */
  swappedUser(file: SourceFile, dotted: string, tracker: DependencyTracker): string | null {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY);
    this.build();
    if (!this.swappedFor || this.project.symbols.dotted(file, dotted, tracker)) return null;
    return this.outsideModel(file, dotted, tracker) === null && contribByExternalName(this.project.symbols.externalName(file, dotted) ?? '')?.name === 'User' ? this.swappedFor : null;
  }

  /** `"blog.Article"` where every model named Article has a known label and none is `blog` (Django: fields.E300). */
  private labelledElsewhere(label: string, name: string, byName: Map<string, ClassRef[]>): boolean {
    const memoKey = `${label}\0${name}`;
    const known = this.labelledElsewhereMemo.get(memoKey);
    if (known !== undefined) return known;
    const candidates = byName.get(name) ?? [];
    const answer = candidates.length > 0 && candidates.every((c) => this.labels.get(Symbols.key(c))) && !candidates.some((c) => this.labels.get(Symbols.key(c)) === label);
    this.labelledElsewhereMemo.set(memoKey, answer);
    return answer;
  }

  /** The names of the project's models (for did-you-mean). */
  modelNames(tracker: DependencyTracker): string[] {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    // (Third-party abstract bases are no relation targets.)
    return [...new Set([...this.models.values()].filter((m) => !contribModelOf(m.cls)?.installedAs).map((m) => m.name))];
  }

  /** Whether the project registers lookups or transforms of its own (`Field.register_lookup`). */
  customLookups(tracker: DependencyTracker): boolean {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    return this.lookupsRegistered;
  }

  /**
   * Names instances may carry besides the model's own: every `annotate(x=…)`/`alias(x=…)` keyword of the
   * project (an annotated instance may reach any code typed with the model); null when raw SQL or computed
   * names can add any. `declared`: a value declared the model (`doc: Document`), a contract that names
   * computed at run time (`annotate(**names)`) are no part of (django-stubs reports them too) unless the name
   * is written where expressions are built (`{"matching_count": Count("tags")}`): code reads other computed
   * names through getattr, not as written attributes.
   */
  instanceExtras(tracker: DependencyTracker, model: DjangoModel, declared = false): Set<string> | null {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    const key = Symbols.key(model.cls);
    if (this.anyInstanceName || this.rawModels.has(key)) return null;
    if (!(this.anyComputedName || this.computedModels.has(key))) return this.annotated;
    // Computed names a declared value may carry: those written as keys where expressions are built.
    return declared ? (this.withExpressionKeys ??= new Set([...this.annotated, ...this.expressionKeys])) : null;
  }

  /** The models `admin.site.register(Model, Options)` calls anywhere in the project register the options class for. */
  registeredWith(options: ClassRef, tracker: DependencyTracker): ClassRef[] {
    tracker.add(DJANGO_MODELS_KEY);
    tracker.add(DJANGO_APPS_KEY); // labels, INSTALLED_APPS and AUTH_USER_MODEL shape the graph
    this.build();
    if (!this.registrations) {
      this.registrations = new Map();
      const scratch = new DependencyTracker();
      for (const file of this.project.allSources()) {
        for (const r of djangoFactsOf(file.summary)?.registrations ?? []) {
          const optionsSym = this.project.symbols.dotted(file, r.options, scratch);
          const modelSym = this.project.symbols.dotted(file, r.model, scratch);
          if (optionsSym?.kind !== 'class' || modelSym?.kind !== 'class') continue;
          const key = Symbols.key(optionsSym.cls);
          this.registrations.set(key, [...(this.registrations.get(key) ?? []), modelSym.cls]);
        }
      }
    }
    return this.registrations.get(Symbols.key(options)) ?? [];
  }

  private build(): void {
    const state = this.version.check();
    if (state === 'current') return;
    this.registrations = null; // (lazily read from every file, with any class a registration names)
    if (state === 'kept') return;
    // Every key the build reads reaches the tracker keepAcross compares with what changed.
    this.reads.record(this.project, () => this.buildGraph());
  }

  /**
   * Whether the graph is still right after these surface changes (of files it holds no class of): each changed a
   * file's module-level functions or values alone, with nothing the build read (the module, a name it looked for
   * among definers) nor what makes a model (DJANGO_MODELS_KEY and DJANGO_APPS_KEY's facts, the file's classes and the
   * bindings their definitions name). Adding a function to a view or a service of saleor rebuilt it (~55 ms).
   */
  private keepAcross(changes: readonly SurfaceChange[]): boolean {
    return changes.every((c) => !c.frameworkKeys.has(DJANGO_MODELS_KEY) && this.unaffectedBy(c));
  }

  /**
   * Whether the built graph is still right after `change` (graphUnaffectedBy, the file's Django facts alike, the apps
   * unchanged). DJANGO_MODELS_KEY is then not noted: adding a function to a file of saleor that imports `Q` re-checked
   * the 3,885 files that read the graph.
   */
  unaffectedBy(change: SurfaceChange): boolean {
    return !change.frameworkKeys.has(DJANGO_APPS_KEY) && this.reads.unaffectedBy(change, (path) => this.version.holds(path));
  }

  private buildGraph(): void {
    this.labelledMemo = new Map();
    this.labelledElsewhereMemo = new Map();
    this.models = new Map();
    this.modelsByPath = new Map();
    this.lookupsRegistered = [...this.project.allSources()].some((f) => djangoFactsOf(f.summary)?.registersLookups);
    this.annotated = new Set([...this.project.allSources()].flatMap((f) => djangoFactsOf(f.summary)?.annotatedNames ?? []));
    // (Raw SQL in a migration's RunPython reaches historical models only.)
    this.anyInstanceName = [...this.project.allSources()].some((f) => djangoFactsOf(f.summary)?.rawQueries && !djangoFactsOf(f.summary)?.migration);
    this.rawModels = new Set();
    this.anyComputedName = [...this.project.allSources()].some((f) => djangoFactsOf(f.summary)?.computedNames && !djangoFactsOf(f.summary)?.migration);
    this.computedModels = new Set();
    this.expressionKeys = new Set([...this.project.allSources()].flatMap((f) => f.summary.expressionKeys ?? []));
    this.withExpressionKeys = null;
    // (A migration's RunPython adds to historical models only.)
    const fieldsAddedAtRunTime = [...this.project.allSources()].some((f) => djangoFactsOf(f.summary)?.addsModelFields && !djangoFactsOf(f.summary)?.migration);
    const symbols = this.project.symbols;
    // The graph as a whole is tracked by DJANGO_MODELS_KEY for its readers; what building it looked at decides
    // whether it survives a surface change (keepAcross).
    const scratch = this.reads.tracker;
    // 0. Django's contrib models, when their app is installed (the concrete User only when it is the user model).
    const apps = djangoAppsOf(this.project);
    const installed = apps.installedEntries(scratch).map((e) => e.value);
    const userSetting = apps.userModelSetting(scratch);
    const installs = (app: string) => installed.some((v) => v === app || v.startsWith(`${app}.apps.`));
    // Third-party abstract bases need no app; their concrete models (wagtail's Page) exist when it is installed.
    const active = (m: ContribModel) => (m.installedAs ? m.abstract || m.installedAs.some(installs) : installs(CONTRIB_APPS[m.app]));
    this.contribActive = new Set(CONTRIB_TABLE.filter(active).map(contribId));
    if (userSetting !== 'auth.User') this.contribActive.delete('User');
    this.openNames = new Set();
    this.labels = new Map();
    this.swappedFor = null;
    // 1. Which classes are models (their bases reach django.db.models.Model through project classes).
    type Status = { model: boolean; open: boolean; bases: ClassRef[]; unknownBase?: boolean };
    const status = new Map<string, Status>();
    const classify = (cls: ClassRef, depth = 0): Status => {
      const key = Symbols.key(cls);
      const known = status.get(key);
      if (known) return known;
      const result: Status = { model: false, open: false, bases: [] };
      status.set(key, result); // cycles end here
      const info = symbols.classInfo(cls);
      // (`setattr(self, …)`, `__getattr__` add attributes, not fields: see attributesOpen.)
      if (info.keywords.some((k) => k !== 'metaclass')) result.open = true;
      for (const base of info.bases) {
        const external = base === '?' ? null : symbols.externalName(cls.file, base);
        if (external && MODEL_ROOTS.has(external)) {
          result.model = true;
          continue;
        }
        if (external === 'builtins.object') continue;
        const contrib = external ? contribByExternalName(external) : null;
        if (contrib && this.contribActive.has(contribId(contrib))) {
          result.model = true;
          result.bases.push(contribRef(contribId(contrib))!);
          continue;
        }
        const sym = base === '?' || depth > 8 ? null : symbols.dotted(cls.file, base, scratch);
        if (sym?.kind !== 'class') {
          result.open = true; // a base outside the project may be a model with fields of its own
          continue;
        }
        const parent = classify(sym.cls, depth + 1);
        if (parent.model) result.model = true;
        if (parent.open) result.open = true;
        if (parent.unknownBase) result.unknownBase = true;
        result.bases.push(sym.cls);
      }
      // django-mptt's tree columns renamed (`class MPTTMeta: left_attr = "lft2"`): the table does not list them.
      if (result.model && renamesTreeFields(cls)) result.open = true;
      // Only bases outside the project and the tables, and Django model fields of its own: a model whose base
      // may add anything (open), but whose own fields, relations and migrations are still judged.
      const declaresField = (m: MemberInfo) => ['plain', 'relation'].includes(fieldClass(symbols, cls.file, m, scratch)?.kind ?? '');
      if (!result.model && result.open && info.members.some(declaresField)) {
        result.model = true;
        result.unknownBase = true;
      }
      return result;
    };
    const classes: ClassRef[] = [];
    if (!this.project.importsPackage('django', new DependencyTracker())) return; // (its readers record the graph's key)
    for (const file of this.project.allSources()) file.summary.classes.forEach((_, index) => classes.push({ file, index }));
    for (const cls of classes) classify(cls);
    const modelRefs = classes.filter((c) => status.get(Symbols.key(c))?.model);
    const contribRefs = [...this.contribActive].map((name) => contribRef(name)!);
    for (const c of contribRefs) status.set(Symbols.key(c), { model: true, open: false, bases: contribModelOf(c)!.bases.filter((b) => this.contribActive.has(b)).map((b) => contribRef(b)!) });
    const byName = new Map<string, ClassRef[]>();
    for (const c of modelRefs) {
      const name = symbols.classInfo(c).name;
      byName.set(name, [...(byName.get(name) ?? []), c]);
    }
    // App labels: the registry's (AppConfig label or name, else the folder), and the folder of every models module.
    const registryLabels = new Set<string>(apps.allApps(scratch).flatMap((a) => (a.label ? [a.label] : [])));
    const appLabels = new Set(registryLabels);
    // A label that is no project app's may be an outside app's, unless only Django's and the project's are installed.
    const certainLabel = (label: string) => registryLabels.has(label) || !apps.installsOutsideApps(scratch);
    for (const c of modelRefs) {
      const parts = c.file.path.replace(/\/(__init__)?\.py$|\.py$/, '').split('/');
      let i = parts.lastIndexOf('models');
      while (i > 0 && parts[i - 1] === 'models') i--; // app/models/models.py
      if (i > 0) appLabels.add(parts[i - 1]);
    }
    this.labels = new Map(modelRefs.map((c) => [Symbols.key(c), apps.labelOfModel(c, scratch)?.label ?? null]));
    for (const c of contribRefs) this.labels.set(Symbols.key(c), contribModelOf(c)!.app);
    this.userModel = null;
    const swappedFor = userSetting !== null && userSetting !== 'auth.User' && CONTRIB_TABLE.some((m) => m.app === 'auth' && this.contribActive.has(contribId(m))) ? userSetting : null;
    this.swappedFor = swappedFor;
    if (userSetting) {
      const user = this.labelled(userSetting, byName);
      this.userModel = user === 'ambiguous' ? null : user;
    }
    // 2. Own fields, and relation targets.
    const own = new Map<string, { fields: Map<string, ModelField>; open: boolean; hasPrimaryKey: boolean; dangling: DanglingTarget[]; relations: OwnRelation[] }>();
    const classNames = new Set(classes.map((c) => symbols.classInfo(c).name));
    for (const cls of contribRefs) {
      const fields = new Map<string, ModelField>();
      const relations: OwnRelation[] = [];
      for (const f of contribModelOf(cls)!.fields) {
        if (!f.target) {
          // (A GenericForeignKey has no column and takes no lookups.)
          fields.set(f.name, f.type === 'GenericForeignKey' ? { name: f.name, kind: 'unknown' } : { name: f.name, kind: 'plain', type: f.type });
          continue;
        }
        // (`self` on an abstract entry, django-treenode's `tn_parent`, is each concrete subclass: see reverse relations.)
        const target = f.target === 'AUTH_USER_MODEL' ? this.userModel : f.target === 'self' ? cls : f.target === '?' ? null : this.labelled(f.target, byName);
        const resolved = target === 'ambiguous' ? null : target;
        fields.set(f.name, { name: f.name, kind: 'relation', type: f.type, target: resolved });
        if (f.type !== 'ManyToManyField') fields.set(`${f.name}_id`, { name: `${f.name}_id`, kind: 'plain', type: 'ForeignKeyId' });
        const kw: Record<string, string | null> = {};
        if (f.related_name) kw.related_name = f.related_name;
        if (f.related_query_name) kw.related_query_name = f.related_query_name;
        const member = symbols.classInfo(cls).members.find((m) => m.name === f.name)!;
        relations.push({ field: member, kind: 'relation', type: f.type, targetText: f.target, target: resolved, kw });
      }
      own.set(Symbols.key(cls), { fields, open: contribModelOf(cls)!.fieldsOpen === true, hasPrimaryKey: false, dangling: [], relations });
    }
    for (const cls of modelRefs) {
      const info = symbols.classInfo(cls);
      const fields = new Map<string, ModelField>();
      const open = status.get(Symbols.key(cls))!.open;
      let hasPrimaryKey = false;
      const dangling: DanglingTarget[] = [];
      const relations: OwnRelation[] = [];
      for (const m of info.members) {
        const fc = fieldClass(symbols, cls.file, m, scratch);
        if (!fc) continue;
        if (m.callArgs?.keywords.primary_key === 'True') hasPrimaryKey = true;
        if (fc.kind === 'plain') {
          fields.set(m.name, { name: m.name, kind: 'plain', type: fc.type });
          if (fc.companion) {
            // (A name given by argument, `currency_field_name=…`, is not followed: the model's names are then open.)
            const named = m.callArgs && !(fc.companion.nameKeyword in m.callArgs.keywords) && !('**' in m.callArgs.keywords) ? `${m.name}${fc.companion.suffix}` : null;
            if (named) fields.set(named, { name: named, kind: 'plain' });
            else this.openNames.add(Symbols.key(cls));
          }
          continue;
        }
        if (fc.type === 'GenericForeignKey') {
          // A GenericForeignKey: an attribute of instances, no column and no lookups (Django's FieldError).
          fields.set(m.name, { name: m.name, kind: 'unknown' });
          continue;
        }
        // Relations, and fields of other classes that may be relations (modelcluster's ParentalKey…).
        const written = m.callArgs!.positional[0] ?? m.callArgs!.keywords.to ?? null;
        const given = written === null && !m.callArgs!.positional.length && !('to' in m.callArgs!.keywords) && !('**' in m.callArgs!.keywords) ? defaultTarget(symbols, cls.file, m, scratch) : null;
        const targetText = written ?? given?.text ?? null;
        const target = this.target(given ? given.cls : cls, targetText, byName, scratch);
        // A bare name ("Autor") is a model of the same app, which is the project's: one no class has is gone.
        const literal = isStringTarget(m);
        // "app.Model" with an app of the project's own (a folder whose models module defines models): same.
        const labelled = targetText ? /^(\w+)\.([A-Za-z_]\w*)$/.exec(targetText) : null;
        const ownApp = labelled !== null && appLabels.has(labelled[1]) && !CONTRIB_MODELS.has(labelled[1]);
        // Django's User when AUTH_USER_MODEL names another model: swapped out (fields.E301).
        if (fc.kind === 'relation' && swappedFor && targetText && (literal ? /^auth\.user$/i.test(targetText) : contribByExternalName(symbols.externalName(cls.file, targetText) ?? '')?.name === 'User')) {
          dangling.push({ field: m, target: targetText, swappedFor });
        } else if (fc.kind === 'relation' && literal && targetText && targetText !== 'self') {
          if (/^[A-Za-z_]\w*$/.test(targetText) && !classNames.has(targetText)) dangling.push({ field: m, target: targetText });
          else if (ownApp && !classNames.has(labelled![2])) dangling.push({ field: m, target: targetText });
          else if (ownApp && certainLabel(labelled![1]) && this.labelledElsewhere(labelled![1], labelled![2], byName)) dangling.push({ field: m, target: targetText, labels: (byName.get(labelled![2]) ?? []).map((c) => `${this.labels.get(Symbols.key(c))}.${labelled![2]}`) });
          else if (labelled && !ownApp && CONTRIB_MODELS.has(labelled[1]) && !CONTRIB_MODELS.get(labelled[1])!.includes(labelled[2])) dangling.push({ field: m, target: targetText });
        }
        if (target === 'ambiguous') for (const c of byName.get(lastSegment(targetText!)) ?? []) this.openNames.add(Symbols.key(c));
        const resolved = target === 'ambiguous' ? null : target;
        if (fc.type === 'GenericRelation') fields.set(m.name, { name: m.name, kind: 'relation', type: fc.type, target: resolved });
        else if (fc.kind === 'unknown') {
          fields.set(m.name, { name: m.name, kind: 'unknown' });
          fields.set(`${m.name}_id`, { name: `${m.name}_id`, kind: 'unknown' });
        } else {
          fields.set(m.name, { name: m.name, kind: 'relation', type: fc.type, target: resolved });
          if (fc.type === 'ForeignKey' || fc.type === 'OneToOneField') fields.set(`${m.name}_id`, { name: `${m.name}_id`, kind: 'plain', type: 'ForeignKeyId' });
        }
        relations.push({ field: m, kind: fc.type === 'GenericRelation' ? 'relation' : fc.kind, type: fc.type, targetText, target: resolved, kw: relationOptions(m, fc.type) });
      }
      own.set(Symbols.key(cls), { fields, open, hasPrimaryKey, dangling, relations });
    }
    // Reverse relations: each concrete model adds those of its own fields and of the fields it copies from
    // abstract ancestors, named after itself (`<model>_set`, `%(class)s`, `%(app_label)s`).
    const reverse: { target: ClassRef; name: string; source: ClassRef | null }[] = [];
    const accessorsOf = new Map<string, [string, ReverseAccessor][]>();
    const accessorsUnknown = new Set<string>();
    /** Targets of relations whose reverse query name may be given at run time: any name may be one. */
    const reverseUnknown = new Set<string>();
    const relations: RelationDecl[] = [];
    const copiedFrom = (cls: ClassRef, seen = new Set<string>()): ClassRef[] => {
      if (seen.has(Symbols.key(cls))) return [];
      seen.add(Symbols.key(cls));
      return [cls, ...status.get(Symbols.key(cls))!.bases.filter((b) => status.get(Symbols.key(b))?.model && isAbstract(b)).flatMap((b) => copiedFrom(b, seen))];
    };
    const copied = new Set<string>();
    // Every INSTALLED_APPS entry is a project app found on disk or one of Django's: an app not listed is not installed.
    const installedCertain = apps.installedListCertain(scratch) && !apps.installsOutsideApps(scratch);
    for (const cls of [...contribRefs, ...modelRefs]) {
      if (isAbstract(cls)) continue;
      for (const a of copiedFrom(cls)) copied.add(Symbols.key(a));
      // A model of an app no INSTALLED_APPS lists is never registered: its relations add nothing.
      if (installedCertain && !contribModelOf(cls) && apps.labelOfModel(cls, scratch)?.app?.installed === false) continue;
      const owner = symbols.classInfo(cls).name.toLowerCase();
      const label = this.labels.get(Symbols.key(cls)) ?? null;
      const closed = status.get(Symbols.key(cls))!.open === false;
      // A field a nearer class declares again replaces the abstract ancestor's (Django 1.10+).
      const declaredNearer = new Set<string>();
      for (const a of copiedFrom(cls)) {
        const relationsOfA = (own.get(Symbols.key(a))?.relations ?? []).filter((r) => !declaredNearer.has(r.field.name));
        for (const m of symbols.classInfo(a).members) declaredNearer.add(m.name);
        for (const r of relationsOfA) {
          const kw = { ...r.kw };
          for (const option of ['related_name', 'related_query_name']) {
            const value = kw[option];
            if (value?.includes('%(')) kw[option] = interpolate(value, owner, label);
          }
          if (r.kind === 'relation' && r.targetText && closed && r.type !== 'GenericRelation') {
            const targetKey = r.target ? Symbols.key(r.target) : r.targetText === 'self' ? Symbols.key(cls) : `text:${r.targetText}`;
            const self = r.targetText === 'self' || (r.target !== null && (Symbols.key(r.target) === Symbols.key(cls) || Symbols.key(r.target) === Symbols.key(a)));
            relations.push({ cls, declaredIn: a, field: r.field, type: r.type!, targetKey, targetName: r.target ? symbols.classInfo(r.target).name : lastSegment(r.targetText), self, kw });
          }
          // `"self"` in an abstract model's field is each concrete model.
          const target = r.target && Symbols.key(r.target) === Symbols.key(a) ? cls : r.target;
          if (!target) continue;
          const related = 'related_name' in kw ? kw.related_name : undefined;
          if (r.type === 'GenericRelation') {
            // No reverse accessor; lookups from the target only through an explicit related_query_name.
            const query = kw.related_query_name;
            if (query === null || query?.includes('%(')) this.openNames.add(Symbols.key(target));
            else if (query !== undefined) reverse.push({ target, name: query, source: cls });
            continue;
          }
          if (r.kind !== 'relation' || related === null || related?.includes('%(')) accessorsUnknown.add(Symbols.key(target));
          else if (!related?.endsWith('+')) {
            const accessor = related ?? (r.type === 'OneToOneField' ? owner : `${owner}_set`);
            accessorsOf.set(Symbols.key(target), [...(accessorsOf.get(Symbols.key(target)) ?? []), [accessor, { source: cls, many: r.type !== 'OneToOneField', field: r.field.name }]]);
          }
          const query = 'related_query_name' in kw ? kw.related_query_name : 'related_name' in kw ? kw.related_name : owner;
          // A field class of our own way of contributing (nautobot's ForeignKeyWithAutoRelatedName) may name it at run time.
          if (r.kind !== 'relation' && !('related_query_name' in kw) && !('related_name' in kw)) reverseUnknown.add(Symbols.key(target));
          if (query === null || query.includes('%(')) this.openNames.add(Symbols.key(target));
          // Walk on through the reverse relation only when the field is certainly one of Django's relations.
          else if (!query.endsWith('+')) reverse.push({ target, name: query, source: r.kind === 'relation' ? cls : null });
        }
      }
    }
    // An abstract model no project model inherits may be inherited outside the project (a reusable app's
    // base): the names its relations give their targets are unknown.
    for (const cls of modelRefs) {
      if (!isAbstract(cls) || copied.has(Symbols.key(cls))) continue;
      for (const r of own.get(Symbols.key(cls))?.relations ?? []) {
        if (!r.target || Symbols.key(r.target) === Symbols.key(cls)) continue;
        this.openNames.add(Symbols.key(r.target));
        accessorsUnknown.add(Symbols.key(r.target));
      }
    }
    const clashes = relationClashes(relations, symbols, (targetKey) => own.get(targetKey)?.fields);
    // 3. Models: inherited fields, implicit keys, reverse relations and parent links.
    const reverseOf = new Map<string, ModelField[]>();
    const addReverse = (target: ClassRef, field: ModelField) => {
      const key = Symbols.key(target);
      reverseOf.set(key, [...(reverseOf.get(key) ?? []), field]);
    };
    for (const r of reverse) addReverse(r.target, { name: r.name, kind: 'reverse', target: r.source });
    for (const cls of [...contribRefs, ...modelRefs]) {
      for (const base of status.get(Symbols.key(cls))!.bases) {
        if (!status.get(Symbols.key(base))?.model) continue;
        // Multi-table inheritance: the parent reaches the child by its lower-cased name (an abstract parent
        // has no table and no such link).
        if (isAbstract(base)) continue;
        addReverse(base, { name: symbols.classInfo(cls).name.toLowerCase(), kind: 'reverse', target: cls });
        accessorsOf.set(Symbols.key(base), [...(accessorsOf.get(Symbols.key(base)) ?? []), [symbols.classInfo(cls).name.toLowerCase(), { source: cls, many: false }]]);
      }
    }
    const ancestors = (cls: ClassRef, seen = new Set<string>()): ClassRef[] => {
      const key = Symbols.key(cls);
      if (seen.has(key)) return [];
      seen.add(key);
      return [cls, ...status.get(key)!.bases.filter((b) => status.get(Symbols.key(b))?.model).flatMap((b) => ancestors(b, seen))];
    };
    // Non-model project classes among the bases (a closed model's mixins resolve to project classes or object).
    const mixinsOf = (chain: ClassRef[]): ClassRef[] => {
      const found = new Map<string, ClassRef>();
      const visit = (c: ClassRef) => {
        for (const b of status.get(Symbols.key(c))?.bases ?? []) {
          if (status.get(Symbols.key(b))?.model || found.has(Symbols.key(b))) continue;
          found.set(Symbols.key(b), b);
          visit(b);
        }
      };
      chain.forEach(visit);
      return [...found.values()];
    };
    // Apps outside the project may relate to Django's contrib models and to the user model, adding reverse
    // accessors and query names no summary shows.
    const outsideApps = apps.installsOutsideApps(scratch);
    for (const cls of [...contribRefs, ...modelRefs]) {
      const info = symbols.classInfo(cls);
      const fields = new Map<string, ModelField>();
      let open = this.openNames.has(Symbols.key(cls)) || fieldsAddedAtRunTime;
      let hasPrimaryKey = false;
      for (const a of ancestors(cls).reverse()) {
        const o = own.get(Symbols.key(a));
        if (!o) {
          open = true;
          continue;
        }
        if (o.open) open = true;
        if (o.hasPrimaryKey) hasPrimaryKey = true;
        // `ForeignKey("self")` declared in an abstract ancestor leads to this model (an abstract model has no rows).
        const selfOf = (f: ModelField) => f.kind === 'relation' && a !== cls && f.target && Symbols.key(f.target) === Symbols.key(a) && isAbstract(a) && !isAbstract(cls);
        for (const [n, f] of o.fields) fields.set(n, selfOf(f) ? { ...f, target: cls } : f);
        for (const f of reverseOf.get(Symbols.key(a)) ?? []) {
          const known = fields.get(f.name);
          if (!known) fields.set(f.name, f);
          // Two models give it the same query name (alternatives such as a test app's user model): where it leads is unknown.
          else if (known.kind === 'reverse' && known.target && f.target && Symbols.key(known.target) !== Symbols.key(f.target)) fields.set(f.name, { ...known, target: null });
        }
        if (this.openNames.has(Symbols.key(a))) open = true;
        if (a !== cls && !isAbstract(a)) {
          const ptr = `${symbols.classInfo(a).name.toLowerCase()}_ptr`;
          fields.set(ptr, { name: ptr, kind: 'relation', target: a });
          fields.set(`${ptr}_id`, { name: `${ptr}_id`, kind: 'plain', type: 'ForeignKeyId' });
        }
      }
      fields.set('pk', { name: 'pk', kind: 'plain', type: 'AutoField' });
      if (!hasPrimaryKey && !fields.has('id')) fields.set('id', { name: 'id', kind: 'plain', type: 'AutoField' });
      const chain = ancestors(cls);
      const accessors = new Map(chain.flatMap((a) => accessorsOf.get(Symbols.key(a)) ?? []).reverse());
      // An accessor two models add (only one of them can be installed): unknown, like the names it may lead to.
      const ambiguous = chain.flatMap((a) => (accessorsOf.get(Symbols.key(a)) ?? []).filter(([name, { source }], i, list) => list.some(([other, o], j) => j !== i && other === name && Symbols.key(o.source) !== Symbols.key(source))));
      for (const [name] of ambiguous) accessors.delete(name);
      const ambiguousAccessor = ambiguous.length > 0;
      const isUserModel = chain.some((a) => symbols.classInfo(a).members.some((m) => m.name === 'USERNAME_FIELD')) || (this.userModel !== null && Symbols.key(this.userModel) === Symbols.key(cls));
      // (A multi-table child of a concrete one, such as wagtail's Page, reaches its parent's reverse relations.)
      const reverseOpen = (outsideApps && (isUserModel || chain.some((a) => contribModelOf(a) !== null && !contribModelOf(a)!.abstract))) || chain.some((a) => reverseUnknown.has(Symbols.key(a)));
      // Third-party apps relate to the user model (AUTH_USER_MODEL), adding accessors of their own.
      const mixins = mixinsOf(chain);
      const attributesOpen = reverseOpen || ambiguousAccessor || [...chain, ...mixins].some((a) => symbols.classInfo(a).dynamic || contribModelOf(a)?.attributesOpen) || chain.some((a) => accessorsUnknown.has(Symbols.key(a))) || (isUserModel && contribModelOf(cls) === null);
      const mixinFree = chain.every((a) => status.get(Symbols.key(a))!.bases.every((b) => status.get(Symbols.key(b))?.model));
      const model: DjangoModel = { cls, name: info.name, fields, open, unknownBase: chain.some((a) => status.get(Symbols.key(a))?.unknownBase === true), chain, mixinFree, mixins, danglingTargets: own.get(Symbols.key(cls))?.dangling ?? [], clashes: clashes.get(Symbols.key(cls)) ?? [], accessors, attributesOpen, reverseOpen };
      this.models.set(Symbols.key(cls), model);
      for (const c of [cls, ...chain, ...mixins]) this.hold(c);
      for (const f of fields.values()) if (f.target) this.hold(f.target);
      for (const a of accessors.values()) this.hold(a.source);
      let inFile = this.modelsByPath.get(cls.file.path);
      if (!inFile) this.modelsByPath.set(cls.file.path, (inFile = new Map()));
      inFile.set(cls.index, model);
    }
    // `Model.objects.raw(…)`: names of its own on that model's instances (which are its ancestors' too); a
    // name that is no project model (a variable, an import from outside): on any model's.
    for (const file of this.project.allSources()) {
      const facts = djangoFactsOf(file.summary);
      if (facts?.migration) continue;
      for (const [dotted, computed] of [...(facts?.rawQueryModels ?? []).map((d) => [d, false] as const), ...(facts?.computedNameModels ?? []).map((d) => [d, true] as const)]) {
        const sym = symbols.dotted(file, dotted, scratch);
        const model = sym?.kind === 'class' ? this.models.get(Symbols.key(sym.cls)) : undefined;
        const keys = computed ? this.computedModels : this.rawModels;
        if (!model) {
          if (computed) this.anyComputedName = true;
          else this.anyInstanceName = true;
        } else {
          for (const a of model.chain) keys.add(Symbols.key(a));
          // (A `QuerySet[Model]` parameter may hold a subclass's queryset.)
          for (const sub of symbols.subclasses(model.cls, scratch)) keys.add(Symbols.key(sub));
        }
      }
    }
  }

  private hold(cls: ClassRef): void {
    if (!contribModelOf(cls)) this.version.hold(cls);
  }

  /** A relation's target: "self", "Model", "app.Model", a dotted name, `settings.AUTH_USER_MODEL`; 'ambiguous' when several match. */
  private target(from: ClassRef, text: string | null, byName: Map<string, ClassRef[]>, tracker: DependencyTracker): ClassRef | null | 'ambiguous' {
    if (!text) return null;
    if (text === 'self') return from;
    const symbols = this.project.symbols;
    if (/^[A-Za-z_][\w.]*$/.test(text)) {
      const sym = symbols.dotted(from.file, text, tracker);
      if (sym?.kind === 'class') return sym.cls;
      if (!sym) {
        const outside = this.outsideModel(from.file, text, tracker);
        if (outside !== undefined) return outside;
      }
    }
    return this.labelled(text, byName);
  }

  /**
   * A model named as `"app.Model"` (the app's label decides when every candidate's label is known) or
   * `"Model"`; Django's contrib models by their label.
   */
  private labelled(text: string, byName: Map<string, ClassRef[]>): ClassRef | null | 'ambiguous' {
    // The same target string is written by many models (a thousand same-named classes made this quadratic).
    const known = this.labelledMemo.get(text);
    if (known !== undefined) return known;
    const answer = this.labelledNow(text, byName);
    this.labelledMemo.set(text, answer);
    return answer;
  }

  private labelledNow(text: string, byName: Map<string, ClassRef[]>): ClassRef | null | 'ambiguous' {
    const m = /^(\w+)\.(\w+)$/.exec(text);
    // Django's app, when it is installed (a project app may take its label when it is not).
    if (m && m[1] in CONTRIB_APPS && CONTRIB_TABLE.some((c) => c.app === m[1] && this.contribActive.has(contribId(c)))) {
      const ref = contribRef(m[2]);
      return ref && this.contribActive.has(m[2]) && contribModelOf(ref)!.app === m[1] && !contribModelOf(ref)!.abstract ? ref : null;
    }
    // A third-party package's model (`"taggit.Tag"`): the table's, when its app is installed; else not a project model.
    const thirdParty = m ? CONTRIB_TABLE.find((c) => c.installedAs && c.app === m[1] && c.name === m[2] && !c.abstract) : undefined;
    if (thirdParty) return this.contribActive.has(contribId(thirdParty)) ? contribRef(contribId(thirdParty)) : null;
    const candidates = byName.get(lastSegment(text)) ?? [];
    if (m && candidates.every((c) => this.labels.get(Symbols.key(c)))) {
      const matching = candidates.filter((c) => this.labels.get(Symbols.key(c)) === m[1]);
      return matching.length === 1 ? matching[0] : matching.length > 1 ? 'ambiguous' : null;
    }
    if (candidates.length === 1) return candidates[0];
    return candidates.length > 1 ? 'ambiguous' : null;
  }

  /**
   * What a name that is no project class stands for, when it is a model: one of Django's contrib models
   * imported from Django (directly or through project modules), `settings.AUTH_USER_MODEL`, or a name bound
   * to `get_user_model()`. Undefined when it is none of these (null: one of these, but not a known model).
   */
  private outsideModel(file: SourceFile, dotted: string, tracker: DependencyTracker, depth = 0): ClassRef | null | undefined {
    const symbols = this.project.symbols;
    const dot = dotted.indexOf('.');
    const first = dot < 0 ? dotted : dotted.slice(0, dot);
    const segmented = dot >= 0; // more than one segment (no array built: models are looked up at every reference)
    const bindings = this.project.bindingsOf(file, first);
    if (bindings.length !== 1 || depth > 8) return undefined;
    const binding = bindings[0];
    if (binding.kind === 'assign') {
      const hint = binding.hint;
      if (segmented || hint?.kind !== 'call' || hint.firstArg) return undefined;
      if (/^django\.contrib\.auth\.(get_user_model)$/.test(symbols.externalName(file, hint.callee) ?? '')) return this.userModel;
      return undefined;
    }
    if (binding.kind !== 'import') return undefined;
    const record = file.summary.imports[binding.importIndex!];
    if (!record || record.guards.length) return undefined;
    const target = this.project.resolveImport(file.path, record, tracker);
    if (target.status === 'found' && record.kind === 'from' && !segmented) {
      // Re-exported by a project module (`from accounts.models import User`).
      const item = record.names.find((n) => (n.alias ?? n.name) === first);
      const source = target.location.file ? this.project.source(target.location.file) : undefined;
      return item && source && this.project.isBound(source, item.name) ? this.outsideModel(source, item.name, tracker, depth + 1) : undefined;
    }
    if (target.status === 'found') return undefined;
    const external = symbols.externalName(file, dotted) ?? '';
    if (/^django\.conf\.settings\.AUTH_USER_MODEL$/.test(external)) return this.userModel;
    const entry = contribByExternalName(external);
    if (!entry) return undefined;
    return this.contribActive.has(contribId(entry)) ? contribRef(contribId(entry)) : null;
  }
}

/** A nested `class MPTTMeta` setting one of django-mptt's `*_attr` names. */
function renamesTreeFields(cls: ClassRef): boolean {
  const meta = cls.file.summary.classes[cls.index].members.find((m) => m.name === 'MPTTMeta' && m.nested !== undefined);
  return !!meta && cls.file.summary.classes[meta.nested!].members.some((m) => /_attr$/.test(m.name) && m.name !== 'parent_attr');
}

/** `class Meta: abstract = True` in the class itself (Django does not pass `abstract` on to subclasses). */
function isAbstract(cls: ClassRef): boolean {
  return djangoFactsOf(cls.file.summary)?.models?.find((m) => m.classIndex === cls.index)?.meta?.abstract === 'True';
}

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
}

