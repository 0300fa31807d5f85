// System packages that install Python modules: Debian/Ubuntu `python3-X` and Alpine `py3-X` are named after
// the module they install (`python3-yaml`, `python3-psycopg2`, `py3-lxml`), with a few exceptions listed here.
// An `apt-get install` of them declares those modules, and nothing else.
import { normalizeDistribution } from './summary';

/** Package-name suffixes whose module (or PyPI distribution) is named otherwise. */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  opencv: ['opencv-python'],
  gdal: ['osgeo'],
  protobuf: ['google'],
  googleapi: ['google-api-python-client', 'googleapiclient'],
  pil: ['pillow'],
  tz: ['pytz'],
  mysqldb: ['mysqlclient'],
  ldap: ['python-ldap'],
  xlib: ['python-xlib'],
};

/** Packages of the interpreter itself and its tools: no third-party module. */
const INTERPRETER_PARTS = new Set(['dev', 'pip', 'venv', 'setuptools', 'wheel', 'distutils', 'tk', 'all', 'all-dev', 'full', 'minimal', 'dbg', 'doc', 'lib2to3']);

/** The distributions a system package `python3-x`/`py3-x` provides (none for other packages). */
export function systemPythonPackage(name: string): string[] {
  const m = /^(?:python3?|py3)-([a-z0-9][a-z0-9.+-]*)$/i.exec(name);
  if (!m) return [];
  const suffix = normalizeDistribution(m[1]);
  if (INTERPRETER_PARTS.has(suffix)) return [];
  return [suffix, ...(OTHER_NAMES[suffix] ?? [])];
}
