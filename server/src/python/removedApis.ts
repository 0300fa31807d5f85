// APIs that a framework version removed (or deprecated in a way that silently stops working), one row an
// API: the distribution whose pinned version decides, the first version without it, and the replacement.

export type RemovedUse =
  /** `from module import name` */
  | { kind: 'import'; module: string; name: string }
  /** `alias.name` where `alias` is the module `module` imported (`from django.db import models`). */
  | { kind: 'module-attribute'; module: string; name: string }
  /**
   * A class attribute assigned `alias.name(...)` (a model field declared with a removed field class); other
   * uses of the name stay valid (Django keeps `NullBooleanField` for historical migrations and isinstance).
   */
  | { kind: 'field-class'; module: string; name: string }
  /** `x.name` where `x = factory(...)` at module level and `factory` is imported from `factoryModule`. */
  | { kind: 'method'; factoryModule: string; factory: string; name: string }
  /** `name = …` in the `class Config:` of a class that subclasses `pydantic.BaseModel` (directly). */
  | { kind: 'pydantic-config'; name: string }
  /**
   * `x.name(…)` where `x` is evidently an instance (`on: 'instance'`) or the class (`'class'`) of a project
   * Pydantic model (a parameter or variable annotated with it, a value it constructs, `self`), and no class
   * of the model's chain defines `name` itself.
   */
  | { kind: 'pydantic-method'; name: string; on: 'instance' | 'class' }
  /** SQLAlchemy's legacy `Query.get`: `session.query(Model).get(id)` and Flask-SQLAlchemy's `Model.query.get(id)` on a project model. */
  | { kind: 'query-get'; name: 'get' }
  /** A module-level assignment of a Django setting in a settings module (`USE_L10N = True`). */
  | {
      kind: 'django-setting';
      name: string;
      /** The value that asks for what the framework now always does: setting it changes nothing (a note, not a warning). */
      alwaysNow?: string;
    };

/** How findings name a distribution (`flask-sqlalchemy` → Flask-SQLAlchemy); others go by their distribution name. */
export const DISTRIBUTION_DISPLAY: Readonly<Record<string, string>> = { 'flask-sqlalchemy': 'Flask-SQLAlchemy', flask: 'Flask', django: 'Django', sqlalchemy: 'SQLAlchemy', pydantic: 'Pydantic', fastapi: 'FastAPI' };

export interface RemovedApi {
  distribution: string;
  version: string;
  use: RemovedUse;
  /** 'removed': fails at import or call; 'ignored': accepted with a warning but no longer has its effect; 'deprecated': still works. */
  status: 'removed' | 'ignored' | 'deprecated';
  replacement: string;
  /** The mechanical fix, where there is one: the name (and module) to import instead, or the config key to write. */
  fix?: { module?: string; name?: string; keepName?: boolean };
  /** 'ignored' without even a warning from the framework. */
  silently?: true;
}

/**
 * A distribution's version that implies another's lowest version (Flask-SQLAlchemy 3.1 requires
 * SQLAlchemy ≥ 2.0.16): a project that pins only the former still runs the latter at least at that version.
 */
export const IMPLIED_MINIMUMS: readonly { distribution: string; version: string; implies: string; impliedVersion: string }[] = [
  { distribution: 'flask-sqlalchemy', version: '3.1', implies: 'sqlalchemy', impliedVersion: '2.0.16' },
];

export const REMOVED_APIS: readonly RemovedApi[] = [
  // Flask 2.3
  { distribution: 'flask', version: '2.3', use: { kind: 'method', factoryModule: 'flask', factory: 'Flask', name: 'before_first_request' }, status: 'removed', replacement: 'run the set-up once where the app is created (in the factory, or under `with app.app_context():`)' },
  { distribution: 'flask', version: '2.3', use: { kind: 'method', factoryModule: 'flask', factory: 'Blueprint', name: 'before_app_first_request' }, status: 'removed', replacement: 'run the set-up once where the app is created' },
  { distribution: 'flask', version: '2.3', use: { kind: 'import', module: 'flask', name: '_app_ctx_stack' }, status: 'removed', replacement: '`flask.g` for data, `flask.current_app` for the app' },
  { distribution: 'flask', version: '2.3', use: { kind: 'import', module: 'flask', name: '_request_ctx_stack' }, status: 'removed', replacement: '`flask.g` and `flask.request`' },
  { distribution: 'flask', version: '2.3', use: { kind: 'import', module: 'flask.json', name: 'JSONEncoder' }, status: 'removed', replacement: 'a `flask.json.provider.DefaultJSONProvider` subclass set as `app.json_provider_class`' },
  { distribution: 'flask', version: '2.3', use: { kind: 'import', module: 'flask.json', name: 'JSONDecoder' }, status: 'removed', replacement: 'a `flask.json.provider.DefaultJSONProvider` subclass set as `app.json_provider_class`' },
  // Flask 3.0
  { distribution: 'flask', version: '3.0', use: { kind: 'import', module: 'flask', name: 'escape' }, status: 'removed', replacement: '`markupsafe.escape`', fix: { module: 'markupsafe' } },
  { distribution: 'flask', version: '3.0', use: { kind: 'import', module: 'flask', name: 'Markup' }, status: 'removed', replacement: '`markupsafe.Markup`', fix: { module: 'markupsafe' } },
  // Django 3.0, 4.0, 5.0
  { distribution: 'django', version: '3.0', use: { kind: 'import', module: 'django.utils', name: 'six' }, status: 'removed', replacement: 'the `six` package, or plain Python 3' },
  { distribution: 'django', version: '3.0', use: { kind: 'import', module: 'django.utils.encoding', name: 'python_2_unicode_compatible' }, status: 'removed', replacement: 'nothing: define `__str__`' },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.conf.urls', name: 'url' }, status: 'removed', replacement: '`django.urls.re_path` (or `path`)', fix: { module: 'django.urls', name: 're_path', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.translation', name: 'ugettext' }, status: 'removed', replacement: '`gettext`', fix: { name: 'gettext', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.translation', name: 'ugettext_lazy' }, status: 'removed', replacement: '`gettext_lazy`', fix: { name: 'gettext_lazy', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.translation', name: 'ugettext_noop' }, status: 'removed', replacement: '`gettext_noop`', fix: { name: 'gettext_noop', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.translation', name: 'ungettext' }, status: 'removed', replacement: '`ngettext`', fix: { name: 'ngettext', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.translation', name: 'ungettext_lazy' }, status: 'removed', replacement: '`ngettext_lazy`', fix: { name: 'ngettext_lazy', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.encoding', name: 'force_text' }, status: 'removed', replacement: '`force_str`', fix: { name: 'force_str', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.encoding', name: 'smart_text' }, status: 'removed', replacement: '`smart_str`', fix: { name: 'smart_str', keepName: true } },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.http', name: 'urlquote' }, status: 'removed', replacement: '`urllib.parse.quote`' },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.utils.http', name: 'urlunquote' }, status: 'removed', replacement: '`urllib.parse.unquote`' },
  { distribution: 'django', version: '4.0', use: { kind: 'import', module: 'django.contrib.postgres.fields', name: 'JSONField' }, status: 'removed', replacement: '`django.db.models.JSONField`', fix: { module: 'django.db.models' } },
  { distribution: 'django', version: '4.0', use: { kind: 'field-class', module: 'django.db.models', name: 'NullBooleanField' }, status: 'removed', replacement: '`BooleanField(null=True)`' },
  { distribution: 'django', version: '5.0', use: { kind: 'import', module: 'django.utils.timezone', name: 'utc' }, status: 'removed', replacement: '`datetime.timezone.utc`' },
  // SQLAlchemy 2.0
  { distribution: 'sqlalchemy', version: '2.0', use: { kind: 'method', factoryModule: 'sqlalchemy', factory: 'create_engine', name: 'execute' }, status: 'removed', replacement: '`with engine.connect() as conn: conn.execute(text(...))`' },
  { distribution: 'sqlalchemy', version: '2.0', use: { kind: 'import', module: 'sqlalchemy.ext.declarative', name: 'declarative_base' }, status: 'deprecated', replacement: '`sqlalchemy.orm.declarative_base` (or a `DeclarativeBase` subclass)', fix: { module: 'sqlalchemy.orm' } },
  // Pydantic 2
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-config', name: 'orm_mode' }, status: 'ignored', replacement: '`from_attributes`', fix: { name: 'from_attributes' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-config', name: 'allow_population_by_field_name' }, status: 'ignored', replacement: '`populate_by_name`', fix: { name: 'populate_by_name' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-config', name: 'anystr_strip_whitespace' }, status: 'ignored', replacement: '`str_strip_whitespace`', fix: { name: 'str_strip_whitespace' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-config', name: 'schema_extra' }, status: 'ignored', replacement: '`json_schema_extra`', fix: { name: 'json_schema_extra' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'import', module: 'pydantic', name: 'validator' }, status: 'deprecated', replacement: '`field_validator` (its signature differs)' },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'import', module: 'pydantic', name: 'root_validator' }, status: 'deprecated', replacement: '`model_validator` (its signature differs)' },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'import', module: 'pydantic', name: 'BaseSettings' }, status: 'removed', replacement: '`pydantic_settings.BaseSettings` (the pydantic-settings package)', fix: { module: 'pydantic_settings' } },
  { distribution: 'django', version: '5.0', use: { kind: 'django-setting', name: 'USE_L10N', alwaysNow: 'True' }, status: 'ignored', replacement: 'nothing: localized formatting is always on; remove the setting', silently: true },
  { distribution: 'sqlalchemy', version: '2.0', use: { kind: 'query-get', name: 'get' }, status: 'deprecated', replacement: '`session.get(Model, id)` (Flask-SQLAlchemy: `db.session.get(Model, id)`)' },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-method', name: 'dict', on: 'instance' }, status: 'deprecated', replacement: '`model_dump()`', fix: { name: 'model_dump' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-method', name: 'json', on: 'instance' }, status: 'deprecated', replacement: '`model_dump_json()`', fix: { name: 'model_dump_json' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-method', name: 'parse_obj', on: 'class' }, status: 'deprecated', replacement: '`model_validate()`', fix: { name: 'model_validate' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-method', name: 'parse_raw', on: 'class' }, status: 'deprecated', replacement: '`model_validate_json()`', fix: { name: 'model_validate_json' } },
  { distribution: 'pydantic', version: '2.0', use: { kind: 'pydantic-method', name: 'from_orm', on: 'class' }, status: 'deprecated', replacement: '`model_validate()` with `from_attributes=True` in the model config', fix: { name: 'model_validate' } },
  // FastAPI
  { distribution: 'fastapi', version: '0.104', use: { kind: 'method', factoryModule: 'fastapi', factory: 'FastAPI', name: 'on_event' }, status: 'deprecated', replacement: 'a `lifespan` context manager passed to `FastAPI(lifespan=...)`' },
];

/** The distributions whose installed version some row (or implied minimum) reads: what lock files are read for. */
export const VERSIONED_DISTRIBUTIONS: ReadonlySet<string> = new Set([...REMOVED_APIS.map((r) => r.distribution), ...IMPLIED_MINIMUMS.flatMap((r) => [r.distribution, r.implies])]);
