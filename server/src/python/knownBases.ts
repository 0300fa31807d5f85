// The common third-party bases and mixins of Flask, FastAPI, SQLAlchemy, Pydantic, marshmallow and Django REST
// framework classes, shipped as data (like djangoThirdParty.ts for Django's models): a class built on them has
// known attributes instead of an unknown base. Read from the libraries themselves (`dir()` of the class and of an
// instance): flask-login 0.6.2, Flask 2.2, Flask-SQLAlchemy 3.0.3, SQLAlchemy 1.4.46, Pydantic 1.10.4 and 2.13,
// pydantic-settings 2.x, SQLModel 0.0.8, marshmallow 3.18, FastAPI 0.92, DRF 3.14 (Debian 12, plus a PyPI
// Pydantic 2); names other versions add or drop (marshmallow 2's `strict`, Flask 2.2's `init_every_request`,
// Pydantic's v1 and v2 method sets) are listed too: a name some supported version has is never reported.
// Python's built-in exceptions and unittest's TestCase are listed from `dir()` of each class (3.11) plus later additions.
// Names starting with `_` are the libraries' internals, which change between releases: they count as provided.

export interface KnownBase {
  /** The fully qualified names it is imported by (re-exports included). */
  names: string[];
  /** Entries (by their first name) whose names it has too. */
  bases?: string[];
  /** Methods, properties, class attributes, and the attributes its constructor or the framework sets on instances. */
  members: string[];
  /** Column attributes it adds to a mapped class (SQLAlchemy mixins). */
  columns?: string[];
  /** Its `__new__` may return an instance of another class (DRF's `Serializer(many=True)` is a ListSerializer). */
  customNew?: boolean;
  /** A metaclass (`metaclass=abc.ABCMeta`): its names are those of the class objects it makes. */
  metaclass?: boolean;
  /** A SQLAlchemy/SQLModel root: the model graph (frameworks/sqlalchemy/models.ts) reads classes built on it, not the member check. */
  orm?: boolean;
}

/** `dir(unittest.TestCase)` (Python 3.11), with the aliases 3.12 dropped (`assertEquals`, `failUnless`…) and 3.12's `assertNoLogs` and `enterContext`. */
const UNITTEST_CASE = [
  'addClassCleanup', 'addCleanup', 'addTypeEqualityFunc', 'assertAlmostEqual', 'assertAlmostEquals', 'assertCountEqual', 'assertDictContainsSubset',
  'assertDictEqual', 'assertEqual', 'assertEquals', 'assertFalse', 'assertGreater', 'assertGreaterEqual', 'assertIn', 'assertIs', 'assertIsInstance',
  'assertIsNone', 'assertIsNot', 'assertIsNotNone', 'assertLess', 'assertLessEqual', 'assertListEqual', 'assertLogs', 'assertMultiLineEqual',
  'assertNoLogs', 'assertNotAlmostEqual', 'assertNotAlmostEquals', 'assertNotEqual', 'assertNotEquals', 'assertNotIn', 'assertNotIsInstance',
  'assertNotRegex', 'assertNotRegexpMatches', 'assertRaises', 'assertRaisesRegex', 'assertRaisesRegexp', 'assertRegex', 'assertRegexpMatches',
  'assertSequenceEqual', 'assertSetEqual', 'assertTrue', 'assertTupleEqual', 'assertWarns', 'assertWarnsRegex', 'assert_', 'countTestCases', 'debug',
  'defaultTestResult', 'doClassCleanups', 'doCleanups', 'enterClassContext', 'enterContext', 'fail', 'failIf', 'failIfAlmostEqual', 'failIfEqual',
  'failUnless', 'failUnlessAlmostEqual', 'failUnlessEqual', 'failUnlessRaises', 'failureException', 'id', 'longMessage', 'maxDiff', 'run', 'setUp',
  'setUpClass', 'shortDescription', 'skipTest', 'subTest', 'tearDown', 'tearDownClass',
];
const FLASK_LOGIN_USER = ['get_id', 'is_active', 'is_anonymous', 'is_authenticated'];
const FLASK_VIEW = ['as_view', 'decorators', 'dispatch_request', 'init_every_request', 'methods', 'provide_automatic_options'];
const PYDANTIC_V1 = ['Config', 'construct', 'copy', 'dict', 'fields', 'from_orm', 'json', 'parse_file', 'parse_obj', 'parse_raw', 'schema', 'schema_json', 'update_forward_refs', 'validate'];
const PYDANTIC_V2 = [
  'model_computed_fields', 'model_config', 'model_construct', 'model_copy', 'model_dump', 'model_dump_json', 'model_extra', 'model_fields',
  'model_fields_set', 'model_json_schema', 'model_parametrized_name', 'model_post_init', 'model_rebuild', 'model_validate', 'model_validate_json',
  'model_validate_strings',
];
const MARSHMALLOW_SCHEMA = [
  'Meta', 'OPTIONS_CLASS', 'TYPE_MAPPING', 'dict_class', 'dump', 'dumps', 'error_messages', 'from_dict', 'get_attribute', 'handle_error', 'load',
  'loads', 'on_bind_field', 'opts', 'set_class', 'validate',
  // set by the constructor
  'context', 'declared_fields', 'dump_fields', 'dump_only', 'exclude', 'fields', 'load_fields', 'load_only', 'many', 'only', 'ordered', 'partial', 'unknown',
  // marshmallow 2
  'strict', 'prefix', 'extra', 'accessor', 'error_handler',
];
const DJANGO_VIEW = ['as_view', 'dispatch', 'http_method_names', 'http_method_not_allowed', 'options', 'setup', 'view_is_async', 'request', 'args', 'kwargs', 'head'];
const DRF_API_VIEW = [
  'allowed_methods', 'authentication_classes', 'check_object_permissions', 'check_permissions', 'check_throttles', 'content_negotiation_class',
  'default_response_headers', 'determine_version', 'finalize_response', 'get_authenticate_header', 'get_authenticators', 'get_content_negotiator',
  'get_exception_handler', 'get_exception_handler_context', 'get_format_suffix', 'get_parser_context', 'get_parsers', 'get_permissions',
  'get_renderer_context', 'get_renderers', 'get_throttles', 'get_view_description', 'get_view_name', 'handle_exception', 'initial',
  'initialize_request', 'metadata_class', 'parser_classes', 'perform_authentication', 'perform_content_negotiation', 'permission_classes',
  'permission_denied', 'raise_uncaught_exception', 'renderer_classes', 'schema', 'settings', 'throttle_classes', 'throttled', 'versioning_class',
  // set while a request is handled
  'headers', 'format_kwarg', 'response', 'csrf_exempt',
];
const DRF_GENERIC = [
  'filter_backends', 'filter_queryset', 'get_object', 'get_paginated_response', 'get_queryset', 'get_serializer', 'get_serializer_class',
  'get_serializer_context', 'lookup_field', 'lookup_url_kwarg', 'paginate_queryset', 'pagination_class', 'paginator', 'queryset', 'serializer_class',
];
/** ViewSetMixin.as_view sets the action map and the router's initkwargs on every instance. */
const DRF_VIEWSET = ['get_extra_action_url_map', 'get_extra_actions', 'reverse_action', 'action', 'action_map', 'basename', 'detail', 'suffix', 'name', 'description'];
const DRF_FIELD = [
  'bind', 'context', 'default_empty_html', 'default_error_messages', 'default_validators', 'fail', 'get_attribute', 'get_default', 'get_initial',
  'get_validators', 'get_value', 'initial', 'root', 'run_validation', 'run_validators', 'to_internal_value', 'to_representation',
  'validate_empty_values', 'validators',
  // set by the constructor and bind()
  'allow_null', 'default', 'error_messages', 'field_name', 'help_text', 'label', 'parent', 'partial', 'read_only', 'required', 'source',
  'source_attrs', 'style', 'write_only',
];
const DRF_BASE_SERIALIZER = ['create', 'data', 'errors', 'is_valid', 'many_init', 'save', 'update', 'validated_data', 'instance', 'initial_data'];
const DRF_SERIALIZER = ['fields', 'get_fields', 'validate', 'Meta'];
const DRF_MODEL_SERIALIZER = [
  'build_field', 'build_nested_field', 'build_property_field', 'build_relational_field', 'build_standard_field', 'build_unknown_field',
  'build_url_field', 'get_default_field_names', 'get_extra_kwargs', 'get_field_names', 'get_unique_for_date_validators',
  'get_unique_together_validators', 'get_uniqueness_extra_kwargs', 'include_extra_kwargs', 'serializer_choice_field', 'serializer_field_mapping',
  'serializer_related_field', 'serializer_related_to_field', 'serializer_url_field', 'url_field_name',
];
const FASTAPI_ROUTER = [
  'add_api_route', 'add_api_websocket_route', 'add_event_handler', 'add_route', 'add_websocket_route', 'api_route', 'delete', 'get', 'head', 'host',
  'include_router', 'lifespan', 'mount', 'not_found', 'on_event', 'options', 'patch', 'post', 'put', 'route', 'shutdown', 'startup', 'trace',
  'url_path_for', 'websocket', 'websocket_route', 'middleware_stack',
  // set by the constructor
  'callbacks', 'default', 'default_response_class', 'dependencies', 'dependency_overrides_provider', 'deprecated', 'generate_unique_id_function',
  'include_in_schema', 'lifespan_context', 'on_shutdown', 'on_startup', 'prefix', 'redirect_slashes', 'responses', 'route_class', 'routes', 'tags',
];

/** Python's built-in exceptions (3.8–3.13): what each adds to BaseException's `args`, `with_traceback`, `add_note`. */
const OS_ERROR = ['characters_written', 'errno', 'filename', 'filename2', 'strerror', 'winerror'];
const SYNTAX_ERROR = ['end_lineno', 'end_offset', 'filename', 'lineno', 'msg', 'offset', 'print_file_and_line', 'text'];
const UNICODE_ERROR = ['encoding', 'end', 'object', 'reason', 'start'];
const EXCEPTION_GROUP = ['derive', 'exceptions', 'message', 'split', 'subgroup'];
const IMPORT_ERROR = ['msg', 'name', 'path', 'name_from'];
const BUILTIN_EXCEPTIONS: Record<string, string[]> = {
  ...Object.fromEntries(
    [
      'ArithmeticError', 'AssertionError', 'BaseException', 'BufferError', 'BytesWarning', 'DeprecationWarning', 'EOFError', 'EncodingWarning',
      'Exception', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'ImportWarning', 'IndexError', 'KeyError', 'KeyboardInterrupt',
      'LookupError', 'MemoryError', 'NotImplementedError', 'OverflowError', 'PendingDeprecationWarning', 'PythonFinalizationError',
      'RecursionError', 'ReferenceError', 'ResourceWarning', 'RuntimeError', 'RuntimeWarning', 'StopAsyncIteration', 'SyntaxWarning',
      'SystemError', 'TypeError', 'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError', 'UnicodeError',
    ].map((name) => [name, []]),
  ),
  ...Object.fromEntries(
    [
      'OSError', 'EnvironmentError', 'IOError', 'BlockingIOError', 'BrokenPipeError', 'ChildProcessError', 'ConnectionAbortedError',
      'ConnectionError', 'ConnectionRefusedError', 'ConnectionResetError', 'FileExistsError', 'FileNotFoundError', 'InterruptedError',
      'IsADirectoryError', 'NotADirectoryError', 'PermissionError', 'ProcessLookupError', 'TimeoutError',
    ].map((name) => [name, OS_ERROR]),
  ),
  ...Object.fromEntries(['SyntaxError', 'IndentationError', 'TabError'].map((name) => [name, SYNTAX_ERROR])),
  ...Object.fromEntries(['UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeTranslateError'].map((name) => [name, UNICODE_ERROR])),
  ...Object.fromEntries(['BaseExceptionGroup', 'ExceptionGroup'].map((name) => [name, EXCEPTION_GROUP])),
  ImportError: IMPORT_ERROR,
  ModuleNotFoundError: IMPORT_ERROR,
  AttributeError: ['name', 'obj'],
  NameError: ['name'],
  UnboundLocalError: ['name'],
  StopIteration: ['value'],
  SystemExit: ['code'],
};

export const KNOWN_BASES: KnownBase[] = [
  ...Object.entries(BUILTIN_EXCEPTIONS).map(([name, extra]) => ({ names: [`builtins.${name}`], members: ['args', 'with_traceback', 'add_note', ...extra] })),
  { names: ['abc.ABCMeta'], members: ['register'], metaclass: true },
  { names: ['unittest.TestCase', 'unittest.case.TestCase'], members: UNITTEST_CASE },
  { names: ['unittest.IsolatedAsyncioTestCase', 'unittest.async_case.IsolatedAsyncioTestCase'], bases: ['unittest.TestCase'], members: ['addAsyncCleanup', 'asyncSetUp', 'asyncTearDown', 'enterAsyncContext'] },
  { names: ['flask_login.UserMixin', 'flask_login.mixins.UserMixin'], members: FLASK_LOGIN_USER },
  { names: ['flask_login.AnonymousUserMixin', 'flask_login.mixins.AnonymousUserMixin'], members: FLASK_LOGIN_USER },
  { names: ['flask.views.View'], members: FLASK_VIEW },
  { names: ['flask.views.MethodView'], members: FLASK_VIEW },
  { names: ['flask_restful.Resource'], bases: ['flask.views.MethodView'], members: ['representations', 'method_decorators'] },
  { names: ['flask_restx.Resource', 'flask_restx.resource.Resource'], bases: ['flask.views.MethodView'], members: ['representations', 'method_decorators', 'api', 'endpoint', 'validate_payload'] },
  { names: ['fastapi.APIRouter', 'fastapi.routing.APIRouter'], members: FASTAPI_ROUTER },
  {
    names: ['pydantic.BaseModel', 'pydantic.main.BaseModel', 'pydantic.v1.BaseModel', 'pydantic.v1.main.BaseModel'],
    members: [...PYDANTIC_V1, ...PYDANTIC_V2],
  },
  { names: ['pydantic.RootModel', 'pydantic.root_model.RootModel'], bases: ['pydantic.BaseModel'], members: ['root'] },
  {
    names: ['pydantic_settings.BaseSettings', 'pydantic_settings.main.BaseSettings', 'pydantic.BaseSettings', 'pydantic.env_settings.BaseSettings', 'pydantic.v1.BaseSettings', 'pydantic.v1.env_settings.BaseSettings'],
    bases: ['pydantic.BaseModel'],
    members: ['settings_customise_sources'],
  },
  { names: ['marshmallow.Schema', 'marshmallow.schema.Schema'], members: MARSHMALLOW_SCHEMA },
  // Django REST framework (Django's View first: DRF's views are Django class-based views).
  { names: ['django.views.View', 'django.views.generic.View', 'django.views.generic.base.View'], members: DJANGO_VIEW },
  { names: ['rest_framework.views.APIView'], bases: ['django.views.View'], members: DRF_API_VIEW },
  { names: ['rest_framework.generics.GenericAPIView'], bases: ['rest_framework.views.APIView'], members: DRF_GENERIC },
  { names: ['rest_framework.mixins.CreateModelMixin'], members: ['create', 'get_success_headers', 'perform_create'] },
  { names: ['rest_framework.mixins.ListModelMixin'], members: ['list'] },
  { names: ['rest_framework.mixins.RetrieveModelMixin'], members: ['retrieve'] },
  { names: ['rest_framework.mixins.UpdateModelMixin'], members: ['partial_update', 'perform_update', 'update'] },
  { names: ['rest_framework.mixins.DestroyModelMixin'], members: ['destroy', 'perform_destroy'] },
  { names: ['rest_framework.generics.CreateAPIView'], bases: ['rest_framework.mixins.CreateModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['post'] },
  { names: ['rest_framework.generics.ListAPIView'], bases: ['rest_framework.mixins.ListModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['get'] },
  { names: ['rest_framework.generics.RetrieveAPIView'], bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['get'] },
  { names: ['rest_framework.generics.DestroyAPIView'], bases: ['rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['delete'] },
  { names: ['rest_framework.generics.UpdateAPIView'], bases: ['rest_framework.mixins.UpdateModelMixin', 'rest_framework.generics.GenericAPIView'], members: ['put', 'patch'] },
  {
    names: ['rest_framework.generics.ListCreateAPIView'],
    bases: ['rest_framework.mixins.ListModelMixin', 'rest_framework.mixins.CreateModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'post'],
  },
  {
    names: ['rest_framework.generics.RetrieveUpdateAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'put', 'patch'],
  },
  {
    names: ['rest_framework.generics.RetrieveDestroyAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'delete'],
  },
  {
    names: ['rest_framework.generics.RetrieveUpdateDestroyAPIView'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin', 'rest_framework.mixins.DestroyModelMixin', 'rest_framework.generics.GenericAPIView'],
    members: ['get', 'put', 'patch', 'delete'],
  },
  { names: ['rest_framework.viewsets.ViewSetMixin'], members: [...DRF_VIEWSET, 'as_view', 'initialize_request'] },
  { names: ['rest_framework.viewsets.ViewSet'], bases: ['rest_framework.viewsets.ViewSetMixin', 'rest_framework.views.APIView'], members: [] },
  { names: ['rest_framework.viewsets.GenericViewSet'], bases: ['rest_framework.viewsets.ViewSetMixin', 'rest_framework.generics.GenericAPIView'], members: [] },
  {
    names: ['rest_framework.viewsets.ReadOnlyModelViewSet'],
    bases: ['rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.ListModelMixin', 'rest_framework.viewsets.GenericViewSet'],
    members: [],
  },
  {
    names: ['rest_framework.viewsets.ModelViewSet'],
    bases: [
      'rest_framework.mixins.CreateModelMixin', 'rest_framework.mixins.RetrieveModelMixin', 'rest_framework.mixins.UpdateModelMixin',
      'rest_framework.mixins.DestroyModelMixin', 'rest_framework.mixins.ListModelMixin', 'rest_framework.viewsets.GenericViewSet',
    ],
    members: [],
  },
  { names: ['rest_framework.fields.Field', 'rest_framework.serializers.Field'], members: DRF_FIELD },
  { names: ['rest_framework.serializers.BaseSerializer'], bases: ['rest_framework.fields.Field'], members: DRF_BASE_SERIALIZER, customNew: true },
  { names: ['rest_framework.serializers.Serializer'], bases: ['rest_framework.serializers.BaseSerializer'], members: DRF_SERIALIZER },
  { names: ['rest_framework.serializers.ModelSerializer'], bases: ['rest_framework.serializers.Serializer'], members: DRF_MODEL_SERIALIZER },
  { names: ['rest_framework.serializers.HyperlinkedModelSerializer'], bases: ['rest_framework.serializers.ModelSerializer'], members: [] },
  {
    names: ['rest_framework.serializers.ListSerializer'],
    bases: ['rest_framework.serializers.BaseSerializer'],
    members: ['child', 'allow_empty', 'max_length', 'min_length', 'many', 'get_initial', 'validate', 'run_child_validation'],
  },
  // SQLAlchemy: roots of the model graph, and mixins it accepts on mapped classes.
  {
    names: ['sqlalchemy.orm.DeclarativeBase', 'sqlalchemy.orm.DeclarativeBaseNoMeta', 'sqlalchemy.orm.decl_api.DeclarativeBase', 'sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta'],
    members: ['metadata', 'registry'],
    orm: true,
  },
  { names: ['sqlalchemy.ext.asyncio.AsyncAttrs'], members: ['awaitable_attrs'] },
  { names: ['sqlalchemy_utils.Timestamp', 'sqlalchemy_utils.models.Timestamp'], members: [], columns: ['created', 'updated'] },
  // Flask-SQLAlchemy's `db.Model` (named by the extension object, not by import: see frameworks/sqlalchemy/models.ts).
  { names: ['flask_sqlalchemy.model.Model', 'flask_sqlalchemy.Model'], bases: ['sqlalchemy.orm.DeclarativeBase'], members: ['query', 'query_class'], orm: true },
  {
    names: ['sqlmodel.SQLModel', 'sqlmodel.main.SQLModel'],
    bases: ['pydantic.BaseModel'],
    members: ['metadata', 'sqlmodel_update'],
    orm: true,
  },
];

export interface ResolvedKnownBase {
  entry: KnownBase;
  /** Its names and its bases' names. */
  members: Set<string>;
  columns: Set<string>;
  /** It or one of its bases has a custom `__new__`. */
  customNew: boolean;
}

const byName = new Map<string, ResolvedKnownBase>();
{
  const resolve = (entry: KnownBase, depth: number): Omit<ResolvedKnownBase, 'entry'> => {
    const members = new Set(entry.members);
    const columns = new Set(entry.columns ?? []);
    let customNew = !!entry.customNew;
    for (const b of entry.bases ?? []) {
      const base = KNOWN_BASES.find((e) => e.names[0] === b);
      if (!base || depth > 8) throw new Error(`knownBases: unknown base '${b}'`);
      const inherited = resolve(base, depth + 1);
      for (const m of inherited.members) members.add(m);
      for (const c of inherited.columns) columns.add(c);
      customNew ||= inherited.customNew;
    }
    return { members, columns, customNew };
  };
  for (const entry of KNOWN_BASES) {
    const resolved = { entry, ...resolve(entry, 0) };
    for (const name of entry.names) byName.set(name, resolved);
  }
}

/** The table entry of a fully qualified base name (`flask_login.UserMixin`), with every name it provides. */
export function knownBase(qualifiedName: string): ResolvedKnownBase | undefined {
  return byName.get(qualifiedName);
}

/** Whether a known base has `name`: one of its listed names, or an internal (`_x`) name of the library. */
export function knownBaseProvides(base: ResolvedKnownBase, name: string): boolean {
  return name.startsWith('_') || base.members.has(name) || base.columns.has(name);
}
