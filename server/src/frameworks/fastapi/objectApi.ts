// The public attributes of FastAPI's app and APIRouter objects, for unknown-attribute on the objects a
// project makes (`router.exception_handler`): read with dir() from FastAPI 0.92 and Starlette 0.26 (Debian's),
// then widened with what later versions added: a name missing here would be a false report, so the lists err
// wide. Hints say where what agents reach for on the wrong object actually lives.
import type { FrameworkObjectApi } from '../adapter';

export const FASTAPI_OBJECTS: readonly FrameworkObjectApi[] = [
  {
    module: 'fastapi',
    cls: 'FastAPI',
    attributes: new Set([
      'add_api_route', 'add_api_websocket_route', 'add_event_handler', 'add_exception_handler', 'add_middleware', 'add_route', 'add_websocket_route',
      'api_route', 'build_middleware_stack', 'contact', 'debug', 'delete', 'dependency_overrides', 'description', 'docs_url', 'exception_handler',
      'exception_handlers', 'extra', 'get', 'head', 'host', 'include_router', 'license_info', 'middleware', 'middleware_stack', 'mount', 'on_event',
      'openapi', 'openapi_schema', 'openapi_tags', 'openapi_url', 'openapi_version', 'options', 'patch', 'post', 'put', 'redoc_url', 'root_path',
      'root_path_in_servers', 'route', 'router', 'routes', 'servers', 'setup', 'state', 'swagger_ui_init_oauth', 'swagger_ui_oauth2_redirect_url',
      'swagger_ui_parameters', 'terms_of_service', 'title', 'trace', 'url_path_for', 'user_middleware', 'version', 'websocket', 'websocket_route',
      // later versions
      'webhooks', 'separate_input_output_schemas', 'openapi_external_docs', 'summary', 'lifespan', 'generate_unique_id_function',
    ]),
    hints: new Map([
      ['register_blueprint', ': FastAPI includes routers (`app.include_router`).'],
    ]),
  },
  {
    module: 'fastapi',
    cls: 'APIRouter',
    attributes: new Set([
      'add_api_route', 'add_api_websocket_route', 'add_event_handler', 'add_route', 'add_websocket_route', 'api_route', 'callbacks', 'default',
      'default_response_class', 'delete', 'dependencies', 'dependency_overrides_provider', 'deprecated', 'generate_unique_id_function', 'get', 'head',
      'host', 'include_in_schema', 'include_router', 'lifespan', 'lifespan_context', 'mount', 'not_found', 'on_event', 'on_shutdown', 'on_startup',
      'options', 'patch', 'post', 'prefix', 'put', 'redirect_slashes', 'responses', 'route', 'route_class', 'routes', 'shutdown', 'startup', 'tags',
      'trace', 'url_path_for', 'websocket', 'websocket_route',
      // later versions
      'app', 'middleware_stack', 'strict_content_type', 'matches', 'websocket_matches',
    ]),
    hints: new Map([
      ['exception_handler', ': exception handlers are registered on the FastAPI app (`app.exception_handler`).'],
      ['add_exception_handler', ': exception handlers are registered on the FastAPI app (`app.add_exception_handler`).'],
      ['middleware', ': middleware is added to the FastAPI app (`app.middleware`).'],
      ['add_middleware', ': middleware is added to the FastAPI app (`app.add_middleware`).'],
      ['state', ': state is on the app (`request.app.state`).'],
    ]),
  },
];
