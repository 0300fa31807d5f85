// FastAPI's APIRouter as a base: a class built on it has known attributes instead of an unknown base
// (IndexedFramework.knownBases; the core's table, python/knownBases.ts, says how entries are read). Read with `dir()`
// of the class and of an instance from FastAPI 0.92 (Debian 12).
import type { KnownBase } from '../../python/knownBases';

const FASTAPI_ROUTER = [
  'add_api_route', 'add_api_websocket_route', 'add_event_handler', 'add_route', 'add_websocket_route', 'api_route', 'delete', 'get', 'head', 'host',
  'include_router', 'lifespan', 'mount', 'not_found', 'on_event', 'options', 'patch', 'post', 'put', 'route', 'shutdown', 'startup', 'trace',
  'url_path_for', 'websocket', 'websocket_route', 'middleware_stack',
  // set by the constructor
  'callbacks', 'default', 'default_response_class', 'dependencies', 'dependency_overrides_provider', 'deprecated', 'generate_unique_id_function',
  'include_in_schema', 'lifespan_context', 'on_shutdown', 'on_startup', 'prefix', 'redirect_slashes', 'responses', 'route_class', 'routes', 'tags',
];

export const FASTAPI_KNOWN_BASES: readonly KnownBase[] = [
  { names: ['fastapi.APIRouter', 'fastapi.routing.APIRouter'], members: FASTAPI_ROUTER },
];
