// Library classes a project's classes are built on, shipped as data (like the other library APIs here): a class
// built on them has known attributes instead of an unknown base. The core lists Python's own and the
// libraries no framework owns (built-in exceptions, `abc.ABCMeta`, unittest, Pydantic, pydantic-settings,
// marshmallow); framework adapters add theirs (IndexedFramework.knownBases) and knownBaseTable composes them.
// Read from the libraries themselves (`dir()` of the class and of an instance): Pydantic 1.10.4 and 2.13,
// pydantic-settings 2.x, marshmallow 3.18 (Debian 12, plus a PyPI Pydantic 2); names other versions add or drop
// (marshmallow 2's `strict`, Pydantic's v1 and v2 method sets) are listed too: a name some supported version has is
// never reported. Python's built-in exceptions and unittest's TestCase are listed from `dir()` of each class (3.11)
// plus later additions. Names starting with `_` are the libraries' internals, which change between releases: they
// count as provided.

export interface KnownBase {
  /** The fully qualified names it is imported by (re-exports included). */
  names: string[];
  /** Entries (by their first name, in the composed table: the core's or any adapter's) whose names it has too. */
  bases?: string[];
  /** Methods, properties, class attributes, and the attributes its constructor or the framework sets on instances. */
  members: string[];
  /** Column attributes it adds to a mapped class (an ORM's mixins). */
  columns?: string[];
  /** Its `__new__` may return an instance of another class (a serializer's `many=True` making a list serializer). */
  customNew?: boolean;
  /** A metaclass (`metaclass=abc.ABCMeta`): its names are those of the class objects it makes. */
  metaclass?: boolean;
  /** An ORM's root: an adapter's model graph reads the classes built on it, not the member check. */
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

const CORE_KNOWN_BASES: readonly KnownBase[] = [
  ...Object.entries(BUILTIN_EXCEPTIONS).map(([name, extra]) => ({ names: [`builtins.${name}`], members: ['args', 'with_traceback', 'add_note', ...extra] })),
  { names: ['abc.ABCMeta'], members: ['register'], metaclass: true },
  { names: ['unittest.TestCase', 'unittest.case.TestCase'], members: UNITTEST_CASE },
  { names: ['unittest.IsolatedAsyncioTestCase', 'unittest.async_case.IsolatedAsyncioTestCase'], bases: ['unittest.TestCase'], members: ['addAsyncCleanup', 'asyncSetUp', 'asyncTearDown', 'enterAsyncContext'] },
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
];

export interface ResolvedKnownBase {
  entry: KnownBase;
  /** Its names and its bases' names. */
  members: Set<string>;
  columns: Set<string>;
  /** It or one of its bases has a custom `__new__`. */
  customNew: boolean;
}

/** Fully qualified name → its entry, resolved (see knownBaseTable). */
export type KnownBaseTable = ReadonlyMap<string, ResolvedKnownBase>;

/**
 * The core's entries and the adapters' (`parts`, in their order), resolved over all of them: an entry has its
 * bases' names wherever they are listed. An entry whose bases are not all listed (an adapter's, composed without
 * the adapter that lists its base) is left out: a class built on it has an unknown base, and stays silent. The
 * first entry listing a name keeps it. Build it once per set of adapters: lookups are hot.
 */
export function knownBaseTable(parts: readonly (readonly KnownBase[])[]): KnownBaseTable {
  const entries = [...CORE_KNOWN_BASES, ...parts.flat()];
  const byFirstName = new Map<string, KnownBase>();
  for (const entry of entries) if (!byFirstName.has(entry.names[0])) byFirstName.set(entry.names[0], entry);
  const resolved = new Map<KnownBase, Omit<ResolvedKnownBase, 'entry'> | null>();
  const resolve = (entry: KnownBase, depth: number): Omit<ResolvedKnownBase, 'entry'> | null => {
    if (resolved.has(entry)) return resolved.get(entry)!;
    const members = new Set(entry.members);
    const columns = new Set(entry.columns ?? []);
    let customNew = !!entry.customNew;
    for (const b of entry.bases ?? []) {
      const base = byFirstName.get(b);
      const inherited = base && depth <= 8 ? resolve(base, depth + 1) : null;
      if (!inherited) {
        resolved.set(entry, null);
        return null;
      }
      for (const m of inherited.members) members.add(m);
      for (const c of inherited.columns) columns.add(c);
      customNew ||= inherited.customNew;
    }
    const result = { members, columns, customNew };
    resolved.set(entry, result);
    return result;
  };
  const table = new Map<string, ResolvedKnownBase>();
  for (const entry of entries) {
    const found = resolve(entry, 0);
    if (!found) continue;
    const known = { entry, ...found };
    for (const name of entry.names) if (!table.has(name)) table.set(name, known);
  }
  return table;
}

/** Whether a known base has `name`: one of its listed names, or an internal (`_x`) name of the library. */
export function knownBaseProvides(base: ResolvedKnownBase, name: string): boolean {
  return name.startsWith('_') || base.members.has(name) || base.columns.has(name);
}
