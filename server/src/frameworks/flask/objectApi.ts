// The public attributes of Flask's app and Blueprint objects, for unknown-attribute on the objects a project
// makes (`bp.config`): read with dir() from Flask 2.2 (Debian's), then widened with what later versions added
// and what popular extensions attach (`app.login_manager`): a name missing here would be a false report, so
// the lists err wide. Hints say where what agents reach for on the wrong object actually lives.
import type { FrameworkObjectApi } from '../adapter';

const FLASK_SCAFFOLD = [
  'add_url_rule', 'after_request', 'after_request_funcs', 'before_request', 'before_request_funcs', 'cli', 'context_processor', 'delete', 'endpoint',
  'error_handler_spec', 'errorhandler', 'get', 'get_send_file_max_age', 'has_static_folder', 'import_name', 'jinja_loader', 'json_decoder',
  'json_encoder', 'name', 'open_resource', 'patch', 'post', 'put', 'register_error_handler', 'root_path', 'route', 'send_static_file',
  'static_folder', 'static_url_path', 'teardown_request', 'teardown_request_funcs', 'template_context_processors', 'template_folder',
  'url_default_functions', 'url_defaults', 'url_value_preprocessor', 'url_value_preprocessors', 'view_functions', 'register_blueprint',
];

export const FLASK_OBJECTS: readonly FrameworkObjectApi[] = [
  {
    module: 'flask',
    cls: 'Flask',
    attributes: new Set([
      ...FLASK_SCAFFOLD,
      'aborter', 'aborter_class', 'add_template_filter', 'add_template_global', 'add_template_test', 'app_context', 'app_ctx_globals_class',
      'async_to_sync', 'auto_find_instance_path', 'before_first_request', 'before_first_request_funcs', 'blueprints', 'config', 'config_class',
      'create_global_jinja_loader', 'create_jinja_environment', 'create_url_adapter', 'debug', 'default_config', 'dispatch_request',
      'do_teardown_appcontext', 'do_teardown_request', 'ensure_sync', 'env', 'extensions', 'finalize_request', 'full_dispatch_request',
      'got_first_request', 'handle_exception', 'handle_http_exception', 'handle_url_build_error', 'handle_user_exception', 'inject_url_defaults',
      'instance_path', 'iter_blueprints', 'jinja_env', 'jinja_environment', 'jinja_options', 'json', 'json_provider_class', 'log_exception',
      'logger', 'make_aborter', 'make_config', 'make_default_options_response', 'make_response', 'make_shell_context',
      'open_instance_resource', 'permanent_session_lifetime', 'preprocess_request', 'process_response', 'propagate_exceptions',
      'raise_routing_exception', 'redirect', 'request_class', 'request_context', 'response_class', 'run', 'secret_key',
      'select_jinja_autoescape', 'send_file_max_age_default', 'session_cookie_name', 'session_interface', 'shell_context_processor',
      'shell_context_processors', 'should_ignore_error', 'subdomain_matching', 'teardown_appcontext', 'teardown_appcontext_funcs',
      'template_filter', 'template_global', 'template_test', 'templates_auto_reload', 'test_cli_runner', 'test_cli_runner_class', 'test_client',
      'test_client_class', 'test_request_context', 'testing', 'trap_http_exception', 'update_template_context', 'url_build_error_handlers',
      'url_for', 'url_map', 'url_map_class', 'url_rule_class', 'use_x_sendfile', 'wsgi_app', 'static_host', 'host_matching',
      // attached by extensions
      'login_manager', 'babel_instance', 'redis', 'db', 'celery', 'limiter', 'mail', 'cache', 'sse',
    ]),
  },
  {
    module: 'flask',
    cls: 'Blueprint',
    attributes: new Set([
      ...FLASK_SCAFFOLD,
      'add_app_template_filter', 'add_app_template_global', 'add_app_template_test', 'after_app_request', 'app_context_processor',
      'app_errorhandler', 'app_template_filter', 'app_template_global', 'app_template_test', 'app_url_defaults', 'app_url_value_preprocessor',
      'before_app_first_request', 'before_app_request', 'cli_group', 'deferred_functions', 'make_setup_state', 'record', 'record_once',
      'register', 'subdomain', 'teardown_app_request', 'url_prefix', 'url_values_defaults',
    ]),
    hints: new Map([
      ['config', ': configuration is on the app (`current_app.config`).'],
      ['logger', ': the logger is on the app (`current_app.logger`).'],
      ['run', ': only the Flask app runs (`app.run`).'],
      ['test_client', ': the test client comes from the app (`app.test_client`).'],
      ['teardown_appcontext', ': use `teardown_app_request`, or register it on the app.'],
    ]),
  },
];
