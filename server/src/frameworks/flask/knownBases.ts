// Flask's bases and those of its extensions (flask-login, Flask-RESTful, Flask-RESTX): a class built on them has
// known attributes instead of an unknown base (IndexedFramework.knownBases; the core's table, python/knownBases.ts,
// says how entries are read). Read with `dir()` of the class and of an instance from flask-login 0.6.2 and Flask 2.2
// (Debian 12), with the names other versions add (Flask 2.2's `init_every_request`).
import type { KnownBase } from '../../python/knownBases';

const FLASK_LOGIN_USER = ['get_id', 'is_active', 'is_anonymous', 'is_authenticated'];
const FLASK_VIEW = ['as_view', 'decorators', 'dispatch_request', 'init_every_request', 'methods', 'provide_automatic_options'];

export const FLASK_KNOWN_BASES: readonly KnownBase[] = [
  { names: ['flask_login.UserMixin', 'flask_login.mixins.UserMixin'], members: FLASK_LOGIN_USER },
  { names: ['flask_login.AnonymousUserMixin', 'flask_login.mixins.AnonymousUserMixin'], members: FLASK_LOGIN_USER },
  { names: ['flask.views.View'], members: FLASK_VIEW },
  { names: ['flask.views.MethodView'], members: FLASK_VIEW },
  { names: ['flask_restful.Resource'], bases: ['flask.views.MethodView'], members: ['representations', 'method_decorators'] },
  { names: ['flask_restx.Resource', 'flask_restx.resource.Resource'], bases: ['flask.views.MethodView'], members: ['representations', 'method_decorators', 'api', 'endpoint', 'validate_payload'] },
];
