// Django apps and migrations, read off the app registry (frameworks/django/apps.ts) and the replayed
// migrations (frameworks/django/migrations.ts):
// - missing-migration: a concrete model or field of an installed app that the app's migrations never create
//   (what `makemigrations --check` catches), or a model of an app with no migrations folder at all;
// - migration-reference: a migration depending on a migration that does not exist, or an operation naming a
//   model or field that does not exist at that point;
// - unknown-app: an INSTALLED_APPS entry inside the project's own packages that names no module or AppConfig,
//   and ROOT_URLCONF naming a missing project module.
import { nearestName } from '../../core/nearest';
import type { Fix, RelatedSpan } from '../../core/types';
import { djangoAppsOf, type DjangoApp } from './apps';
import { djangoMigrationsOf, type AppMigrations } from './migrations';
import { contribModelOf } from './contrib';
import { djangoModelsOf, fieldClass } from './models';
import { joinPath, moduleKeyOf } from '../../index/moduleIndex';
import { DependencyTracker } from '../../index/project';
import type { ClassRef } from '../../index/symbols';
import type { MemberInfo } from '../../syntax/summary';
import { djangoFactsOf, type MigrationDependency } from './facts';
import { describeModule } from '../../rulekit/fixes';
import { moduleRelated } from '../../rulekit/related';
import { MIGRATION_REFERENCE, MISSING_MIGRATION } from '../../rulekit/ormRules';
import type { CheckContext, RuleFamily, RuleMeta } from '../../rulekit/rule';

export const UNKNOWN_APP: RuleMeta = {
  id: 'unknown-app',
  defaultSeverity: 'error',
  summary: "An INSTALLED_APPS entry or ROOT_URLCONF naming a module or AppConfig of the project's own packages that does not exist.",
  doc: {
    catches: '`"blog.apps.BlogConfg"` when blog/apps.py defines `BlogConfig`; `"accounts"` when the app folder is `account/`; `ROOT_URLCONF = "config.url"` when the module is config/urls.py. Entries of packages outside the project are not judged.',
    whyItBreaks: "Django fails at start-up: ImportError/ModuleNotFoundError from django.setup() (\"Module 'blog.apps' does not contain a 'BlogConfg' class\"), or at the first request for ROOT_URLCONF.",
    example: 'INSTALLED_APPS = [\n    "django.contrib.admin",\n    "blog.apps.BlogConfg",\n]',
    fix: 'Name the module or AppConfig class that exists (the message suggests the nearest one).',
  },
};

/** Django itself and the ecosystem's common apps: entries naming them are never judged. */
const KNOWN_THIRD_PARTY = new Set([
  'django', 'rest_framework', 'corsheaders', 'django_extensions', 'debug_toolbar', 'crispy_forms', 'crispy_bootstrap5',
  'crispy_bootstrap4', 'crispy_tailwind', 'allauth', 'storages', 'celery', 'django_celery_beat', 'django_celery_results',
  'channels', 'daphne', 'taggit', 'mptt', 'treebeard', 'guardian', 'oauth2_provider', 'rest_framework_simplejwt', 'drf_yasg',
  'drf_spectacular', 'drf_spectacular_sidecar', 'import_export', 'django_filters', 'widget_tweaks', 'compressor', 'whitenoise',
  'wagtail', 'modelcluster', 'haystack', 'reversion', 'simple_history', 'polymorphic', 'easy_thumbnails', 'sorl', 'ckeditor',
  'ckeditor_uploader', 'tinymce', 'markdownx', 'django_countries', 'phonenumber_field', 'djmoney', 'graphene_django',
  'social_django', 'two_factor', 'django_otp', 'axes', 'silk', 'constance', 'django_rq', 'dj_rest_auth', 'rest_auth', 'knox',
  'anymail', 'webpack_loader', 'django_browser_reload', 'tailwind', 'health_check', 'versatileimagefield', 'imagekit',
  'cacheops', 'cachalot', 'django_tables2', 'django_htmx', 'template_partials', 'formtools', 'localflavor', 'parler',
  'modeltranslation', 'rosetta', 'admin_interface', 'colorfield', 'grappelli', 'jazzmin', 'jet', 'suit', 'filer', 'cms',
  'menus', 'sekizai', 'django_q', 'huey', 'django_elasticsearch_dsl', 'rest_framework_gis', 'leaflet', 'djgeojson',
  'nested_admin', 'adminsortable2', 'ordered_model', 'solo', 'dbbackup', 'django_cleanup', 'post_office', 'mailer',
  'notifications', 'actstream', 'rules', 'hijack', 'impersonate', 'django_user_agents', 'sass_processor', 'pipeline',
  'django_select2', 'dal', 'dal_select2', 'csp', 'defender', 'oscar', 'django_tables2', 'django_json_widget', 'markdownify',
  'django_comments', 'django_summernote', 'martor', 'mdeditor', 'import_export_celery', 'auditlog', 'waffle', 'robots',
  'sitetree', 'watson', 'django_prometheus', 'explorer', 'djangoql', 'django_admin_listfilter_dropdown', 'rangefilter',
  'drf_api_logger', 'corsheaders', 'oauth2_provider', 'organizations', 'invitations', 'avatar', 'pinax', 'el_pagination',
  'pure_pagination', 'bootstrap4', 'bootstrap5', 'django_bootstrap5', 'bootstrap3', 'django_tenants', 'tenant_schemas',
  'django_json_ld', 'meta', 'django_ckeditor_5', 'unfold', 'simple_history', 'maintenance_mode', 'django_countries',
]);

export const djangoMigrationChecks: RuleFamily = {
  rules: [MISSING_MIGRATION, MIGRATION_REFERENCE, UNKNOWN_APP],
  check(fileCtx) {
    const s = fileCtx.file.summary;
    if (s.unparsed || s.hasErrorNodes || !fileCtx.project.importsPackage('django', fileCtx.tracker)) return;
    if (djangoFactsOf(s)?.settings) checkSettings(fileCtx);
    if (djangoFactsOf(s)?.migration) checkMigration(fileCtx);
    if (s.classes.length && s.imports.some((r) => r.module === 'django.db' || r.module.startsWith('django.'))) {
      fileCtx.each('djangoModelMigrations', s.classes.map((_, index) => index), (index, ctx) => checkModel(ctx, index));
    }
  },
};

// ---- unknown-app -------------------------------------------------------------------------------------

function checkSettings(ctx: CheckContext): void {
  const settings = djangoFactsOf(ctx.file.summary)!.settings!;
  for (const entry of settings.installedApps?.entries ?? []) {
    const missing = missingModule(ctx, entry.value, 'INSTALLED_APPS entry');
    if (missing) ctx.report({ rule: 'unknown-app', span: entry.span, ...missing });
  }
  const urlconf = settings.rootUrlconf;
  if (urlconf && !urlconf.dynamic) {
    const missing = missingModule(ctx, urlconf.value, 'ROOT_URLCONF', true);
    if (missing) ctx.report({ rule: 'unknown-app', span: urlconf.span, ...missing });
  }
}

/** Why a dotted module (or `module.AppConfigClass`) of the project's own packages does not exist; null when it does or is not ours. */
function missingModule(ctx: CheckContext, dotted: string, what: string, moduleOnly = false): { message: string; detail: string; related?: RelatedSpan[] } | null {
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted)) return null;
  const { project, tracker, file } = ctx;
  const segments = dotted.split('.');
  const target = project.resolveModule(file.path, 0, dotted, tracker);
  if (target.status === 'found') return null;
  if (target.status === 'unknown') {
    // Outside the project: third-party, unless it is one letter away from one of the project's own apps.
    if (segments.length !== 1 || moduleOnly || KNOWN_THIRD_PARTY.has(segments[0])) return null;
    // App folders importable by their own name from here: top-level, or one level into a source root
    // (netbox's `netbox/users/` is `users`).
    const names = new Map<string, string>();
    for (const app of djangoAppsOf(project).allApps(tracker)) {
      const name = app.dir.slice(app.dir.lastIndexOf('/') + 1);
      const r = project.resolveModule(file.path, 0, name, tracker);
      if (r.status === 'found' && r.location.key === app.dir) names.set(name, app.dir);
    }
    const near = nearestName(dotted, [...names.keys()]);
    return near
      ? {
          message: `${what} '${dotted}' not found; did you mean '${near}'?`,
          detail: `'${dotted}' names no module of the project (nor a known third-party app); the project's app folder is '${names.get(near)}/': Django fails at start-up (ModuleNotFoundError).`,
        }
      : null;
  }
  const { parent, missingAt } = target;
  const missing = segments[missingAt];
  if (missingAt === segments.length - 1 && !moduleOnly) {
    // `blog.apps.BlogConfig`: the last segment may be a class of the module.
    const status = project.nameStatus(parent, missing, tracker);
    if (status !== 'no') return null;
    const source = parent.file ? project.source(parent.file) : undefined;
    const classes = source?.summary.classes.filter((c) => c.topLevel).map((c) => c.name) ?? [];
    const near = nearestName(missing, [...classes, ...project.modules.childNames(parent.key, tracker)]);
    const written = segments.slice(0, missingAt).join('.');
    return {
      message: `${what} '${dotted}' not found${near ? `; did you mean '${[written, near].join('.')}'?` : ''}`,
      detail: `${describeModule(written, parent)} has no module or AppConfig class '${missing}': Django fails at start-up.`,
      related: moduleRelated(parent, `'${written}': no '${missing}' here`),
    };
  }
  const written = segments.slice(0, missingAt).join('.');
  const near = nearestName(missing, project.namesOf(parent, tracker));
  return {
    message: `${what} '${dotted}' not found${near ? `; did you mean '${[written, near, ...segments.slice(missingAt + 1)].join('.')}'?` : ''}`,
    detail: `${describeModule(written, parent)} has no module '${missing}': Django fails at start-up (ModuleNotFoundError).`,
    related: moduleRelated(parent, `'${written}': no '${missing}' here`),
  };
}

// ---- migration-reference -----------------------------------------------------------------------------

function checkMigration(ctx: CheckContext): void {
  const { project, tracker, file } = ctx;
  const own = djangoMigrationsOf(project).ofMigrationFile(file.path, tracker);
  if (!own) return;
  const apps = djangoAppsOf(project);
  if (!own.app.installed && apps.installedListCertain(tracker)) return; // never migrated (a fork, a test app)
  for (const p of own.problems) if (p.file === file.path) ctx.report({ rule: 'migration-reference', span: p.span, message: p.message, ...(p.detail ? { detail: p.detail } : {}) });
  const migration = djangoFactsOf(file.summary)!.migration!;
  // Same-app dependencies are judged with the app's graph (own.problems); run_before is not part of it.
  const crossApp = migration.dependencies.filter((d) => 'app' in d && d.app !== own.label && d.name !== '__first__' && d.name !== '__latest__');
  for (const d of crossApp) checkNamedMigration(ctx, own, d, 'Dependency', '');
  // run_before = [("other", "0002_x")]: Django's loader fails on a node it cannot find (NodeNotFoundError).
  for (const d of migration.runBefore ?? []) checkNamedMigration(ctx, own, d, 'run_before entry', ": Django's migration loader raises NodeNotFoundError");
}

/** Reports a (app, name) pair naming no migration of a project app whose migration names are all known. */
function checkNamedMigration(ctx: CheckContext, own: AppMigrations, d: MigrationDependency, what: string, consequence: string): void {
  if (!('app' in d)) return;
  const { project, tracker } = ctx;
  const labelled = d.app === own.label ? [own.app] : djangoAppsOf(project).appsLabelled(d.app, tracker);
  if (labelled.length !== 1) return; // another project's or a third-party app (or clashing labels)
  const other = djangoMigrationsOf(project).ofApp(labelled[0], tracker);
  if (!other?.namesCertain || other.files.has(d.name) || other.replaced.has(d.name)) return;
  const near = nearestName(d.name, other.files.keys());
  ctx.report({
    rule: 'migration-reference',
    span: d.span,
    message: `${what} names no migration '${d.app}.${d.name}'${near ? `; did you mean '${near}'?` : ''}`,
    detail: `App '${d.app}' (${labelled[0].migrationsDir}/) has no migration '${d.name}'${consequence || ": Django's migration loader raises NodeNotFoundError"}.`,
  });
}

// ---- missing-migration -------------------------------------------------------------------------------

/** Django's abstract models outside the project whose subclasses are concrete models of the project. */
const ABSTRACT_DJANGO_BASES = new Set([
  'django.contrib.auth.models.AbstractUser',
  'django.contrib.auth.models.AbstractBaseUser',
  'django.contrib.auth.base_user.AbstractBaseUser',
  'django.contrib.auth.models.PermissionsMixin',
]);

function metaOf(cls: ClassRef): Record<string, string | null> | undefined {
  return djangoFactsOf(cls.file.summary)?.models?.find((m) => m.classIndex === cls.index)?.meta;
}

/** A model of the project's graph, or a subclass of one of Django's abstract user models. */
function isModelClass(ctx: CheckContext, cls: ClassRef): boolean {
  if (djangoModelsOf(ctx.project).modelOf(cls, ctx.tracker)) return true;
  return ctx.project.symbols.classInfo(cls).bases.some((b) => ABSTRACT_DJANGO_BASES.has(ctx.project.symbols.externalName(cls.file, b) ?? ''));
}

function checkModel(ctx: CheckContext, index: number): void {
  const { project, tracker, file } = ctx;
  const cls: ClassRef = { file, index };
  const info = file.summary.classes[index];
  if (!info.topLevel || djangoFactsOf(file.summary)?.conditionalClasses?.includes(index)) return;
  if (!isModelClass(ctx, cls)) return;
  const meta = metaOf(cls);
  // Abstract, proxy, unmanaged and swappable models (or Meta options not literal): not judged here.
  for (const option of ['abstract', 'proxy', 'managed', 'swappable']) if (meta && option in meta && meta[option] !== (option === 'managed' ? 'True' : 'False')) return;
  // A child without its own option inherits an abstract parent's Meta (or subclasses it): not followed.
  const model = djangoModelsOf(project).modelOf(cls, tracker);
  for (const ancestor of model?.chain.slice(1) ?? []) {
    tracker.add(moduleKeyOf(ancestor.file.path) ?? ancestor.file.path); // its Meta is read here
    const inherited = metaOf(ancestor);
    if (inherited && ['proxy', 'managed', 'swappable', 'app_label'].some((o) => o in inherited && !(meta && o in meta))) return;
  }
  const apps = djangoAppsOf(project);
  const placed = apps.labelOfModel(cls, tracker);
  const app = placed?.app;
  if (!placed || !app || app.label !== placed.label) return;
  if (!app.installed && apps.installedListCertain(tracker)) return; // not installed: Django never sees it
  const migrations = djangoMigrationsOf(project).ofApp(app, tracker);
  if (!migrations) {
    if (app.installedForDeploy && app.migrationsDir && noMigrationsFolder(ctx, app) && keepsMigrations(ctx)) {
      ctx.report({
        rule: 'missing-migration',
        span: info.span,
        message: `Model '${info.name}' has no migration: app '${placed.label}' has no migrations folder`,
        detail: `App '${placed.label}' (${app.dir}/) has no migrations folder, so migrate never creates the table of '${info.name}': run makemigrations ${placed.label}.`,
      });
    }
    return;
  }
  if (!migrations.state) return;
  const state = migrations.state.get(info.name.toLowerCase());
  // A base outside the project we know nothing of may make it unmanaged or a proxy: judged only once migrated.
  if (!state && model?.unknownBase) return;
  if (!state) {
    ctx.report({
      rule: 'missing-migration',
      span: info.span,
      message: `Model '${info.name}' is created by no migration`,
      detail: `No migration of app '${placed.label}' (${app.migrationsDir}/) creates it, so its table does not exist after migrate: run makemigrations ${placed.label}.`,
    });
    return;
  }
  if (!state.fields) return;
  // (After an operation the replay reported, such as a RemoveField of a misspelt name, what is left is that report's.)
  if (!migrations.problems.length) reportDroppedFields(ctx, cls, state.fields, placed.label, app.migrationsDir ?? app.dir);
  for (const { member, inheritedFrom } of declaredFields(ctx, cls, 0)) {
    if (state.fields.has(member.name)) continue;
    // Inherited fields are reported on the concrete model (the abstract model's own file has no migration).
    const fix = inheritedFrom ? null : createMigrationFix(ctx, migrations, info.name, member);
    ctx.report({
      rule: 'missing-migration',
      span: inheritedFrom ? info.span : member.span,
      message: `Field '${info.name}.${member.name}' is added by no migration`,
      detail: `${inheritedFrom ? `Inherited from '${inheritedFrom}', it` : 'It'} is added by no migration of app '${placed.label}' (${app.migrationsDir}/): the table has no such column (run makemigrations ${placed.label}).`,
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
}

/**
 * Some app of the project has its migrations folder: the project keeps migrations in the repository (many
 * git-ignore them all and run makemigrations at deploy; then a missing folder is no defect).
 */
/**
 * Fields the migrations create that the model no longer declares (a field deleted without its RemoveField):
 * the column stays, and inserts fail once it is NOT NULL without a database default; `makemigrations --check`
 * fails. Judged only where every name the model has is known: no base outside the project, and no class of
 * its chain or mixins binding the name in any way (a field made by a helper call, a property, a method).
 */
function reportDroppedFields(ctx: CheckContext, cls: ClassRef, migrated: Set<string>, label: string, where: string): void {
  const { project, tracker } = ctx;
  const model = djangoModelsOf(project).modelOf(cls, tracker);
  if (!model || model.open || model.unknownBase || model.chain.some((a) => contribModelOf(a) !== null)) return;
  const classes = [...model.chain, ...model.mixins];
  for (const c of classes) tracker.add(moduleKeyOf(c.file.path) ?? c.file.path);
  const bound = (name: string) => classes.some((c) => {
    const info = project.symbols.classInfo(c);
    return info.dynamic || info.members.some((m) => m.name === name) || info.methods.some((m) => m.name === name);
  });
  const info = project.symbols.classInfo(cls);
  for (const name of [...migrated].sort()) {
    // (`_order` comes with Meta.order_with_respect_to; `id` is the implicit key.)
    if (name === '_order' || name === 'id' || model.fields.has(name) || bound(name)) continue;
    ctx.report({
      rule: 'missing-migration',
      span: info.span,
      message: `Field '${info.name}.${name}' is dropped from the model but not from the migrations`,
      detail: `The migrations of app '${label}' (${where}/) create it, so the column stays, and inserts fail when it is NOT NULL without a database default: run makemigrations ${label} to remove it.`,
    });
  }
}

function keepsMigrations(ctx: CheckContext): boolean {
  const migrations = djangoMigrationsOf(ctx.project);
  return djangoAppsOf(ctx.project).allApps(ctx.tracker).some((a) => migrations.ofApp(a, ctx.tracker) !== null);
}

/** The app's migrations folder is certainly absent: no module or folder at its place. */
function noMigrationsFolder(ctx: CheckContext, app: DjangoApp): boolean {
  const dir = app.migrationsDir!;
  ctx.tracker.add(dir);
  return dir === joinPath(app.dir, 'migrations') && ctx.project.modules.locate(dir) === null && !ctx.project.modules.hasDirectory(dir);
}

/** A field a concrete model's table has by declaration; `inheritedFrom`: the abstract model declaring it. */
interface DeclaredField {
  member: MemberInfo;
  inheritedFrom?: string;
}

/**
 * The model fields (Django's own field classes) a concrete model's table has by declaration: its own, and
 * those of abstract project models it inherits that nothing nearer redefines.
 */
function declaredFields(ctx: CheckContext, cls: ClassRef, depth: number, shadowed = new Set<string>()): DeclaredField[] {
  const { project, tracker } = ctx;
  const symbols = project.symbols;
  const info = symbols.classInfo(cls);
  const scratch = new DependencyTracker();
  const out: DeclaredField[] = [];
  for (const m of info.members) {
    if (shadowed.has(m.name)) continue;
    const fc = fieldClass(symbols, cls.file, m, scratch);
    if (fc && fc.kind !== 'unknown') out.push({ member: m });
  }
  if (depth > 6) return out;
  const names = new Set([...shadowed, ...info.members.map((m) => m.name), ...info.methods.map((m) => m.name)]);
  for (const base of info.bases) {
    if (base === '?') continue;
    const sym = symbols.dotted(cls.file, base, tracker);
    if (sym?.kind !== 'class') continue;
    const meta = metaOf(sym.cls);
    if (meta?.abstract !== 'True' || !djangoModelsOf(project).modelOf(sym.cls, tracker)) continue;
    const parent = symbols.classInfo(sym.cls).name;
    for (const f of declaredFields(ctx, sym.cls, depth + 1, names)) {
      if (!out.some((o) => o.member.name === f.member.name)) out.push({ member: f.member, inheritedFrom: f.inheritedFrom ?? parent });
    }
  }
  return out;
}

/**
 * "Create migration for Article.x": a new migration after the app's only leaf adding the field with the
 * model's own call, when that call needs nothing but `models` (and literals) to be copied as it is.
 */
function createMigrationFix(ctx: CheckContext, migrations: AppMigrations, model: string, field: MemberInfo): Fix | null {
  const owner = ctx.file.summary.classes.findIndex((c) => c.members.includes(field));
  if (migrations.leaves.length !== 1 || migrations.problems.length || owner < 0) return null;
  const facts = djangoFactsOf(ctx.file.summary)?.models?.find((m) => m.classIndex === owner);
  let call = facts?.fieldCalls[field.name];
  if (!call) return null;
  const callee = call.slice(0, call.indexOf('(')).trim();
  if (!callee.startsWith('models.')) {
    if (ctx.project.symbols.externalName(ctx.file, callee)?.startsWith('django.db.models.') !== true || callee.includes('.')) return null;
    call = `models.${call}`;
  }
  // A relation's target as a migration names it: a project model class becomes "label.Model"; the user
  // model through settings needs the settings import and a swappable dependency.
  let swappable = false;
  let otherDependency: string | null = null;
  const target = firstArgument(call);
  if (target && /^[A-Za-z_][\w.]*$/.test(target.text)) {
    if (target.text === 'settings.AUTH_USER_MODEL' && ctx.project.symbols.externalName(ctx.file, 'settings') === 'django.conf.settings') swappable = true;
    else if (isUserModelCall(ctx, target.text)) {
      // `User = get_user_model()`: in a migration, the swappable setting.
      swappable = true;
      call = `${call.slice(0, target.start)}settings.AUTH_USER_MODEL${call.slice(target.end)}`;
    } else {
      const sym = ctx.project.symbols.dotted(ctx.file, target.text, ctx.tracker);
      if (sym?.kind !== 'class' || !isModelClass(ctx, sym.cls)) return null;
      const placed = djangoAppsOf(ctx.project).labelOfModel(sym.cls, ctx.tracker);
      if (!placed) return null;
      if (placed.label !== migrations.label) {
        // The other app's table must exist first: depend on its last migration, as makemigrations does.
        const other = placed.app ? djangoMigrationsOf(ctx.project).ofApp(placed.app, ctx.tracker) : null;
        if (other?.leaves.length !== 1) return null;
        otherDependency = `("${placed.label}", "${other.leaves[0]}")`;
      }
      call = `${call.slice(0, target.start)}"${placed.label}.${ctx.project.symbols.classInfo(sym.cls).name}"${call.slice(target.end)}`;
    }
  }
  if (!copiesAsIs(swappable ? call.replace('settings.AUTH_USER_MODEL', '""') : call)) return null;
  const leaf = migrations.leaves[0];
  const numbers = [...migrations.files.keys()].map((n) => /^(\d+)_/.exec(n)).filter((m) => m).map((m) => Number(m![1]));
  const next = String((numbers.length ? Math.max(...numbers) : 0) + 1).padStart(4, '0');
  const path = `${migrations.app.migrationsDir}/${next}_${model.toLowerCase()}_${field.name.toLowerCase()}.py`;
  if (ctx.project.source(path)) return null;
  const text = [
    ...(swappable ? ['from django.conf import settings'] : []),
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    '',
    '    dependencies = [',
    ...(swappable ? ['        migrations.swappable_dependency(settings.AUTH_USER_MODEL),'] : []),
    ...(otherDependency ? [`        ${otherDependency},`] : []),
    `        ("${migrations.label}", "${leaf}"),`,
    '    ]',
    '',
    '    operations = [',
    '        migrations.AddField(',
    `            model_name="${model.toLowerCase()}",`,
    `            name="${field.name}",`,
    `            field=${oneLine(call)},`,
    '        ),',
    '    ]',
    '',
  ].join('\n');
  return {
    title: `Create migration for '${model}.${field.name}' (${path})`,
    edits: [{ file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text, createsFile: true }],
    safety: 'unsafe',
  };
}

/** A call written over several lines, on one: `F(\n  a,\n  b,\n)` → `F(a, b)`. */
function oneLine(call: string): string {
  return call.replace(/\(\s*\n\s*/g, '(').replace(/,?\s*\n\s*\)/g, ')').replace(/\s*\n\s*/g, ' ');
}

/** `name` is bound once, at module level, to `get_user_model()`. */
function isUserModelCall(ctx: CheckContext, name: string): boolean {
  const bindings = ctx.project.bindingsOf(ctx.file, name);
  const hint = bindings.length === 1 ? bindings[0].hint : undefined;
  return hint?.kind === 'call' && /^django\.contrib\.auth\.(get_user_model)$/.test(ctx.project.symbols.externalName(ctx.file, hint.callee) ?? '');
}

/** The first positional argument of a call's text (null when there is none, or it is a keyword argument). */
function firstArgument(call: string): { start: number; end: number; text: string } | null {
  const open = call.indexOf('(');
  let depth = 0;
  let end = call.length - 1;
  for (let i = open + 1; i < call.length; i++) {
    const c = call[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        end = i;
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      end = i;
      break;
    }
  }
  const raw = call.slice(open + 1, end);
  const text = raw.trim();
  if (!text || /^\w+\s*=[^=]/.test(text) || text.startsWith('*')) return null;
  const start = open + 1 + raw.indexOf(text);
  return { start, end: start + text.length, text };
}

/** A field call whose names are only `models.…`, keyword names and literals (it means the same in a migration). */
function copiesAsIs(call: string): boolean {
  const code = call.replace(/([rRbBuU]{0,2})("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')/g, '""');
  if (/[fF]""/.test(code) || code.includes('lambda')) return false;
  const names = code.match(/(?<![\w.])[A-Za-z_]\w*(?![\w])(?!\s*=[^=])/g) ?? [];
  return names.every((n) => n === 'models' || n === 'True' || n === 'False' || n === 'None');
}
