// Django's app registry, read from summaries: INSTALLED_APPS (every settings module's, merged), the project's
// app folders (a package holding `models`, `apps.py` or `migrations/`), their labels (AppConfig `label`/`name`,
// else the folder name), where each app's migrations live (MIGRATION_MODULES), and which app a model class
// belongs to (`Meta.app_label` overrides). What cannot be read for certain is left undecided (null).
import { dirname, joinPath } from '../../index/moduleIndex';
import { DependencyTracker, type Project, type SourceFile } from '../../index/project';
import { DJANGO_APPS_KEY } from './indexing';
import type { ClassRef } from '../../index/symbols';
import type { Span } from '../../core/types';
import { djangoFactsOf, type DjangoFacts } from './facts';

export interface DjangoApp {
  /** The app's package folder (`blog`, `src/shop/orders`). */
  dir: string;
  /** Null when several AppConfigs name different labels and nothing tells which one is used. */
  label: string | null;
  /** Listed in some INSTALLED_APPS (by module or AppConfig path). */
  installed: boolean;
  /**
   * Installed by a settings module that is not a test one (`tests/settings.py`, `test_settings.py`…), and not
   * itself under a tests folder: test runners create the tables of apps without migrations themselves.
   */
  installedForDeploy: boolean;
  /** Where its migrations live (a folder key); null when MIGRATION_MODULES disables them; undefined when unknown. */
  migrationsDir: string | null | undefined;
}

export interface InstalledEntry {
  value: string;
  span: Span;
  file: SourceFile;
}

/** Model classes Django registers for certain: those in an app's `models.py`, or imported by `models/__init__.py`. */
/** Paths of test code: test settings, apps under a tests folder. */
const TEST_PATH = /(^|\/)(tests?|testing|test_\w+|\w+_tests?)(\/|\.py$)|(^|\/)\w*test\w*settings\w*\.py$|(^|\/)settings_?test\w*\.py$/;

const MODELS_FILE = /(^|\/)models(\.py|\/__init__\.py)$/;

export class DjangoApps {
  private built = -1;
  private apps = new Map<string, DjangoApp>();
  private entries: InstalledEntry[] = [];
  /** Every INSTALLED_APPS found was one readable list (no conditional or computed parts). */
  private installedCertain = false;
  private migrationModules = new Map<string, string | null>();
  private migrationModulesCertain = true;
  private authUserModel: string | null = null;
  private userModelSet = false;
  private installedWithoutUserModel = false;
  /** Some INSTALLED_APPS entry is neither a project app nor one of Django's own (`django.*`), or the list is not readable. */
  private outsideApps = true;

  constructor(private readonly project: Project) {}

  /** Every INSTALLED_APPS entry of every settings module. */
  installedEntries(tracker: DependencyTracker): InstalledEntry[] {
    this.build(tracker);
    return this.entries;
  }

  /** The project's app folders. */
  allApps(tracker: DependencyTracker): DjangoApp[] {
    this.build(tracker);
    return [...this.apps.values()];
  }

  /** Whether INSTALLED_APPS was read completely (then an app not listed is certainly not installed). */
  installedListCertain(tracker: DependencyTracker): boolean {
    this.build(tracker);
    return this.installedCertain;
  }

  /** The apps with a label (several when labels clash: Django refuses to start, and rules stay silent). */
  appsLabelled(label: string, tracker: DependencyTracker): DjangoApp[] {
    this.build(tracker);
    return [...this.apps.values()].filter((a) => a.label === label);
  }

  /** AUTH_USER_MODEL ("accounts.User") when every settings module agrees on one literal value. */
  userModel(tracker: DependencyTracker): string | null {
    this.build(tracker);
    return this.authUserModel;
  }

  /**
   * The user model's setting: AUTH_USER_MODEL when every settings module that sets it or INSTALLED_APPS sets it
   * to one literal value, Django's default `auth.User` when INSTALLED_APPS was read and no settings module sets
   * it; null when unknown.
   */
  userModelSetting(tracker: DependencyTracker): string | null {
    this.build(tracker);
    if (!this.userModelSet) return this.installedCertain ? 'auth.User' : null;
    // A settings module that lists apps without setting it may run with Django's default (tests, examples).
    return this.installedWithoutUserModel ? null : this.authUserModel;
  }

  /** Whether apps other than the project's and Django's own may be installed (they may relate to any model). */
  installsOutsideApps(tracker: DependencyTracker): boolean {
    this.build(tracker);
    return this.outsideApps;
  }

  /** The app a file belongs to: the innermost app folder above it. */
  appOfFile(path: string, tracker: DependencyTracker): DjangoApp | null {
    this.build(tracker);
    for (let dir = dirname(path); dir !== ''; dir = dirname(dir)) {
      const app = this.apps.get(dir);
      if (app) return app;
    }
    return null;
  }

  /**
   * The app label a model class is registered under, when certain: the class sits in the app's models module
   * (or a `models/` submodule its `__init__` imports), and `Meta.app_label`, if any, is a literal.
   */
  labelOfModel(cls: ClassRef, tracker: DependencyTracker): { app: DjangoApp | null; label: string } | null {
    const facts = djangoFactsOf(cls.file.summary);
    const meta = facts?.models?.find((m) => m.classIndex === cls.index)?.meta;
    if (meta && 'app_label' in meta) {
      const label = meta.app_label;
      if (!label) return null;
      const apps = this.appsLabelled(label, tracker);
      return { app: apps.length === 1 ? apps[0] : null, label };
    }
    if (!this.registeredForCertain(cls.file)) return null;
    const app = this.appOfFile(cls.file.path, tracker);
    return app?.label ? { app, label: app.label } : null;
  }

  private registeredForCertain(file: SourceFile): boolean {
    if (MODELS_FILE.test(file.path)) return true;
    const m = /^(.*\/)?models\/(\w+)\.py$/.exec(file.path);
    if (!m) return false;
    const init = this.project.source(`${m[1] ?? ''}models/__init__.py`);
    return !!init?.summary.imports.some((r) => r.module === m[2] || r.module.endsWith(`.models.${m[2]}`) || (r.level === 1 && r.module === '' && r.names.some((n) => n.name === m[2])));
  }

  /** The folder a module path names, as Django would import it from the settings (`blog.migrations_v2`). */
  private moduleDir(from: SourceFile, dotted: string, scratch: DependencyTracker): string | null {
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(dotted)) return null;
    const target = this.project.resolveModule(from.path, 0, dotted, scratch);
    return target.status === 'found' && target.location.kind !== 'module' && target.location.kind !== 'opaque' ? target.location.key : null;
  }

  private build(tracker: DependencyTracker): void {
    tracker.add(DJANGO_APPS_KEY);
    if (this.built === this.project.generation) return;
    this.built = this.project.generation;
    this.apps = new Map();
    this.entries = [];
    this.migrationModules = new Map();
    this.migrationModulesCertain = true;
    this.authUserModel = null;
    this.userModelSet = false;
    this.installedWithoutUserModel = false;
    this.outsideApps = true;
    // What building looked at is tracked as a whole by DJANGO_APPS_KEY.
    const scratch = new DependencyTracker();
    const settingsFiles: SourceFile[] = [];
    const configsByDir = new Map<string, { file: SourceFile; configs: NonNullable<DjangoFacts['appConfigs']> }>();
    const appDirs = new Set<string>();
    for (const file of this.project.allSources()) {
      const facts = djangoFactsOf(file.summary);
      if (facts?.settings) settingsFiles.push(file);
      const m = /^(.+)\/(?:models\.py|models\/__init__\.py|apps\.py|migrations\/__init__\.py)$/.exec(file.path);
      // (`extras/models/models.py` is a module of the `extras` app's models package, not an app `models`.)
      const modelsOfModels = m !== null && /(^|\/)models$/.test(m[1]) && file.path.endsWith('/models.py');
      if (m && !modelsOfModels && this.project.modules.locate(m[1])?.kind === 'package') appDirs.add(m[1]);
      if (facts?.appConfigs && file.path.endsWith('/apps.py')) configsByDir.set(dirname(file.path), { file, configs: facts.appConfigs });
    }
    let sawInstalled = false;
    let dynamic = false;
    const users = new Set<string>();
    for (const file of settingsFiles) {
      const s = djangoFactsOf(file.summary)!.settings!;
      if (s.installedApps) {
        sawInstalled = true;
        if (s.installedApps.dynamic) dynamic = true;
        for (const e of s.installedApps.entries) this.entries.push({ ...e, file });
      }
      // Test settings often switch migrations off (MIGRATION_MODULES = {"app": None}): that is not where they live.
      if (s.migrationModules && !TEST_PATH.test(file.path)) {
        if (s.migrationModules.dynamic) this.migrationModulesCertain = false;
        for (const e of s.migrationModules.entries) {
          const dir = e.module === null ? null : this.moduleDir(file, e.module, scratch);
          if (e.module !== null && dir === null) this.migrationModulesCertain = false;
          else this.migrationModules.set(e.label, dir);
        }
      }
      if (s.authUserModel) users.add(s.authUserModel.dynamic ? '?' : s.authUserModel.value);
      else if (s.installedApps) this.installedWithoutUserModel = true;
    }
    this.installedCertain = sawInstalled && !dynamic;
    if (users.size === 1 && !users.has('?')) this.authUserModel = [...users][0];
    this.userModelSet = users.size > 0;
    // Which folders INSTALLED_APPS names, and by which AppConfig (when it names one).
    const installedDirs = new Map<string, string | null>();
    const deployDirs = new Set<string>();
    let outside = !this.installedCertain;
    for (const e of this.entries) {
      let dir = this.moduleDir(e.file, e.value, scratch);
      if (dir !== null) installedDirs.set(dir, installedDirs.get(dir) ?? null);
      else {
        const dot = e.value.lastIndexOf('.');
        const module = dot > 0 ? this.project.resolveModule(e.file.path, 0, e.value.slice(0, dot), scratch) : null;
        if (module?.status !== 'found' || !module.location.file?.endsWith('/apps.py')) {
          // Neither a project package nor a project AppConfig: Django's own, or an app from outside.
          if (!/^django\./.test(e.value)) outside = true;
          continue;
        }
        dir = dirname(module.location.key);
        installedDirs.set(dir, e.value.slice(dot + 1));
      }
      if (!TEST_PATH.test(e.file.path) && !TEST_PATH.test(`${dir}/`)) deployDirs.add(dir);
    }
    this.outsideApps = outside;
    for (const dir of installedDirs.keys()) if (this.project.modules.locate(dir)?.kind === 'package') appDirs.add(dir);
    for (const dir of appDirs) {
      const installedConfig = installedDirs.get(dir);
      const label = this.labelOf(dir, configsByDir.get(dir)?.file, configsByDir.get(dir)?.configs ?? [], installedConfig ?? null);
      const app: DjangoApp = { dir, label, installed: installedDirs.has(dir), installedForDeploy: deployDirs.has(dir), migrationsDir: undefined };
      if (label !== null && this.migrationModules.has(label)) app.migrationsDir = this.migrationModules.get(label);
      else if (label !== null && this.migrationModulesCertain) app.migrationsDir = joinPath(dir, 'migrations');
      this.apps.set(dir, app);
    }
  }

  /** An app's label: the AppConfig Django uses (the one INSTALLED_APPS names, else the only or `default` one). */
  private labelOf(dir: string, file: SourceFile | undefined, configs: NonNullable<DjangoFacts['appConfigs']>, named: string | null): string | null {
    const folderLabel = dir.slice(dir.lastIndexOf('/') + 1);
    const labelOfConfig = (c: (typeof configs)[number]) => c.label ?? (c.name ? c.name.slice(c.name.lastIndexOf('.') + 1) : null);
    if (named !== null) {
      const chosen = configs.find((c) => file!.summary.classes[c.classIndex].name === named);
      return chosen ? labelOfConfig(chosen) : null;
    }
    if (configs.length === 0) return folderLabel;
    const defaults = configs.filter((c) => c.default === 'True');
    const candidates = defaults.length ? defaults : configs;
    const labels = new Set(candidates.map(labelOfConfig));
    // One AppConfig (or one default) is chosen automatically (Django 3.2+); with several and none default,
    // Django uses a plain AppConfig for the folder itself.
    if (candidates.length === 1 || labels.size === 1) return [...labels][0];
    return null;
  }
}

const registries = new WeakMap<Project, DjangoApps>();
export function djangoAppsOf(project: Project): DjangoApps {
  let r = registries.get(project);
  if (!r) registries.set(project, (r = new DjangoApps(project)));
  return r;
}
