// Django's own models that projects relate to and subclass (django.contrib.auth and contenttypes), shipped
// as data: their fields, relations and the other names their classes and managers offer, as in Django 3.2
// to 5.x (names added by later versions are listed too: a name that some version has is never reported).
// The model graph turns them into models of a virtual file, one class per entry, when their app is installed.
// The table also holds the third-party bases of djangoThirdParty.ts (abstract ones need no app).
import type { RelatedSpan } from '../../core/types';
import type { SourceFile } from '../../index/project';
import type { ClassRef } from '../../index/symbols';
import { emptySummary } from '../../syntax/summarize';
import type { ClassInfo, FileSummary, MemberInfo } from '../../syntax/summary';
import { classRelated } from '../../rulekit/related';
import { DJANGO_FACTS_KEY, type DjangoFacts } from './facts';
import { THIRD_PARTY_MANAGERS, THIRD_PARTY_MODELS } from './thirdParty';

export interface ContribField {
  name: string;
  /** Django's field class (`CharField`, `ManyToManyField`…). */
  type: string;
  /** For relations: the target as `"app.Model"`, or `AUTH_USER_MODEL` for the user model. */
  target?: string;
  related_name?: string;
  related_query_name?: string;
}

export interface ContribModel {
  /** Unique in the table (the name, for Django's own): what `bases` and contribRef name. */
  id?: string;
  name: string;
  /** The app label (`auth`; a third-party package's own, `taggit`). */
  app: string;
  /** A third-party package's INSTALLED_APPS entries (Django's: CONTRIB_APPS); its abstract models need none. */
  installedAs?: string[];
  /** Subclasses may have fields, or attributes, that the table does not list (djangoThirdParty.ts). */
  fieldsOpen?: boolean;
  attributesOpen?: boolean;
  abstract: boolean;
  /** Other entries of this table it inherits from. */
  bases: string[];
  /** The modules that define or re-export it (`django.contrib.auth.models`). */
  modules: string[];
  fields: ContribField[];
  /** Methods, properties and class attributes besides the fields. */
  members: string[];
  /** The managers it declares, with their methods beyond Django's Manager API (null: not listed). */
  managers?: Record<string, string[] | null>;
}

const AUTH_MODELS = ['django.contrib.auth.models'];
const BY_NATURAL_KEY = ['get_by_natural_key', 'aget_by_natural_key', 'use_in_migrations'];
const USER_MANAGER = [...BY_NATURAL_KEY, 'normalize_email', 'make_random_password', 'create_user', 'create_superuser', 'acreate_user', 'acreate_superuser', 'with_perm', '_create_user', '_acreate_user'];
/** Django's user managers (`objects = UserManager()` in a custom user model): plain querysets, these methods besides the Manager API. */
const BASE_USER_MANAGER = ['normalize_email', 'make_random_password', 'get_by_natural_key', 'aget_by_natural_key'];
export const CONTRIB_MANAGERS = new Map<string, string[] | null>([
  ['django.contrib.auth.models.UserManager', USER_MANAGER],
  ['django.contrib.auth.models.BaseUserManager', BASE_USER_MANAGER],
  ['django.contrib.auth.base_user.BaseUserManager', BASE_USER_MANAGER],
  // Third-party managers that return plain querysets of the model (djangoThirdParty.ts).
  ...THIRD_PARTY_MANAGERS,
]);
const PERMISSION_METHODS = ['get_user_permissions', 'get_group_permissions', 'get_all_permissions', 'has_perm', 'has_perms', 'has_module_perms'];

/** A concrete auth model whose manager looks rows up by natural key (Group, Permission). */
function naturalKeyModel(name: string, fields: ContribField[]): ContribModel {
  return { name, app: 'auth', abstract: false, bases: [], modules: AUTH_MODELS, fields, members: ['natural_key'], managers: { objects: BY_NATURAL_KEY } };
}

const DJANGO_CONTRIB: ContribModel[] = [
  {
    name: 'AbstractBaseUser',
    app: 'auth',
    abstract: true,
    bases: [],
    modules: ['django.contrib.auth.base_user', ...AUTH_MODELS],
    fields: [
      { name: 'password', type: 'CharField' },
      { name: 'last_login', type: 'DateTimeField' },
    ],
    members: [
      'is_active', 'REQUIRED_FIELDS', 'get_username', 'clean', 'save', 'natural_key', 'is_anonymous', 'is_authenticated',
      'set_password', 'check_password', 'acheck_password', 'set_unusable_password', 'has_usable_password',
      'get_session_auth_hash', 'get_session_auth_fallback_hash', 'get_email_field_name', 'normalize_username',
      // set on the user by django.contrib.auth.authenticate()
      'backend',
    ],
  },
  {
    name: 'PermissionsMixin',
    app: 'auth',
    abstract: true,
    bases: [],
    modules: AUTH_MODELS,
    fields: [
      { name: 'is_superuser', type: 'BooleanField' },
      { name: 'groups', type: 'ManyToManyField', target: 'auth.Group', related_name: 'user_set', related_query_name: 'user' },
      { name: 'user_permissions', type: 'ManyToManyField', target: 'auth.Permission', related_name: 'user_set', related_query_name: 'user' },
    ],
    members: [...PERMISSION_METHODS, ...PERMISSION_METHODS.map((m) => `a${m}`)],
  },
  {
    name: 'AbstractUser',
    app: 'auth',
    abstract: true,
    bases: ['AbstractBaseUser', 'PermissionsMixin'],
    modules: AUTH_MODELS,
    fields: [
      { name: 'username', type: 'CharField' },
      { name: 'first_name', type: 'CharField' },
      { name: 'last_name', type: 'CharField' },
      { name: 'email', type: 'EmailField' },
      { name: 'is_staff', type: 'BooleanField' },
      { name: 'is_active', type: 'BooleanField' },
      { name: 'date_joined', type: 'DateTimeField' },
    ],
    members: ['username_validator', 'EMAIL_FIELD', 'USERNAME_FIELD', 'REQUIRED_FIELDS', 'clean', 'get_full_name', 'get_short_name', 'email_user'],
    managers: { objects: USER_MANAGER },
  },
  { name: 'User', app: 'auth', abstract: false, bases: ['AbstractUser'], modules: AUTH_MODELS, fields: [], members: [] },
  naturalKeyModel('Group', [
    { name: 'name', type: 'CharField' },
    { name: 'permissions', type: 'ManyToManyField', target: 'auth.Permission' },
  ]),
  naturalKeyModel('Permission', [
    { name: 'name', type: 'CharField' },
    { name: 'content_type', type: 'ForeignKey', target: 'contenttypes.ContentType' },
    { name: 'codename', type: 'CharField' },
  ]),
  {
    name: 'ContentType',
    app: 'contenttypes',
    abstract: false,
    bases: [],
    modules: ['django.contrib.contenttypes.models'],
    fields: [
      { name: 'app_label', type: 'CharField' },
      { name: 'model', type: 'CharField' },
    ],
    members: ['name', 'app_labeled_name', 'model_class', 'get_object_for_this_type', 'get_all_objects_for_this_type', 'natural_key'],
    managers: { objects: [...BY_NATURAL_KEY, 'get_for_model', 'get_for_models', 'get_for_id', 'clear_cache', '_add_to_cache', '_get_opts', '_get_from_cache', '_cache'] },
  },
  {
    // The admin's change log relates to the user model and to ContentType (reverse names `logentry`, `logentry_set`).
    name: 'LogEntry',
    app: 'admin',
    abstract: false,
    bases: [],
    modules: ['django.contrib.admin.models'],
    fields: [
      { name: 'action_time', type: 'DateTimeField' },
      { name: 'user', type: 'ForeignKey', target: 'AUTH_USER_MODEL' },
      { name: 'content_type', type: 'ForeignKey', target: 'contenttypes.ContentType' },
      { name: 'object_id', type: 'TextField' },
      { name: 'object_repr', type: 'CharField' },
      { name: 'action_flag', type: 'PositiveSmallIntegerField' },
      { name: 'change_message', type: 'TextField' },
    ],
    members: ['get_change_message', 'is_addition', 'is_change', 'is_deletion', 'get_edited_object', 'get_admin_url'],
    managers: { objects: ['log_action', 'log_actions', 'use_in_migrations'] },
  },
];

/** Django's contrib models, then the third-party bases real projects use most (djangoThirdParty.ts). */
export const CONTRIB_TABLE: ContribModel[] = [...DJANGO_CONTRIB, ...THIRD_PARTY_MODELS];

/** An entry's id (its name for Django's own). */
export function contribId(m: ContribModel): string {
  return m.id ?? m.name;
}

/** The app each of Django's contrib app labels stands for in INSTALLED_APPS. */
export const CONTRIB_APPS: Record<string, string> = { auth: 'django.contrib.auth', contenttypes: 'django.contrib.contenttypes', admin: 'django.contrib.admin' };

/** The virtual file holding one class per table entry (index = position in CONTRIB_TABLE). */
export const CONTRIB_FILE: SourceFile = { path: '<django.contrib>', summary: contribSummary() };

export function contribRef(id: string): ClassRef | null {
  const index = CONTRIB_TABLE.findIndex((m) => contribId(m) === id);
  return index < 0 ? null : { file: CONTRIB_FILE, index };
}

/** The table entry behind a class reference, when it is one of Django's contrib classes. */
export function contribModelOf(cls: ClassRef): ContribModel | null {
  return cls.file === CONTRIB_FILE ? CONTRIB_TABLE[cls.index] : null;
}

/** Where a model class lives, for messages: its file, or Django's module for the contrib ones. */
export function modelPlace(cls: ClassRef): string {
  const contrib = contribModelOf(cls);
  return contrib ? contrib.modules[0] : cls.file.path;
}

/** A project model's class declaration, as a finding's related place; nothing for Django's own models (they are not in the project). */
export function modelRelated(cls: ClassRef, message: string): RelatedSpan[] {
  return contribModelOf(cls) ? [] : classRelated(cls, message);
}

/** `django.contrib.auth.models.User` (as an import names it) → the entry. */
export function contribByExternalName(external: string): ContribModel | null {
  const dot = external.lastIndexOf('.');
  const module = external.slice(0, dot);
  const name = external.slice(dot + 1);
  return CONTRIB_TABLE.find((m) => m.name === name && m.modules.includes(module)) ?? null;
}

function contribSummary(): FileSummary {
  const span: [number, number, number, number] = [0, 0, 0, 0];
  const classes: ClassInfo[] = CONTRIB_TABLE.map((m) => {
    const members: MemberInfo[] = [
      ...m.fields.map((f) => ({ name: f.name, kind: 'attribute' as const, span })),
      ...m.members.map((name) => ({ name, kind: 'method' as const, span })),
      { name: 'Meta', kind: 'class' as const, span },
      ...Object.keys(m.managers ?? {}).map((name) => ({ name, kind: 'attribute' as const, span })),
    ];
    return { name: m.name, span, topLevel: true, bases: [], keywords: [], decorators: [], members, methods: [], instanceAttributes: [], dataclass: false, dynamic: false, insertLine: 0, indent: '' };
  });
  return {
    ...emptySummary(),
    classes,
    frameworks: { [DJANGO_FACTS_KEY]: { models: CONTRIB_TABLE.map((m, classIndex) => ({ classIndex, meta: m.abstract ? { abstract: 'True' } : undefined, fieldCalls: {} })) } satisfies DjangoFacts },
  };
}
