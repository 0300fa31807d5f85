// Small pieces of real-looking text per file kind that mutators insert: they steer mutations to the
// constructs each reader looks for (imports, entry points, requirement lines, globs, model wiring).
import type { ProjectFileKind } from '../../server/out/index/projectFileSummary';
/** Every kind of file the core reads: a new project-file kind must get snippets here (the Record below says so). */
export type FileKind = 'python' | ProjectFileKind;

const PYTHON = [
  'from . import *',
  'from .. import models',
  'from .models import Order as Order, Customer',
  'import app.café',
  '__all__ = ["create_app", 1, *extra]',
  'class A(A): pass',
  'class B(Base, metaclass=Meta): pass',
  'def f(a, /, b, *args, c, d=1, **kw): ...',
  'x: "Undefined" = 1',
  'from __future__ import annotations',
  'try:\n    import foo\nexcept ImportError:\n    foo = None',
  'async def g():\n    return await f()',
  'match x:\n    case {"a": 1, **rest}: pass\n    case [1, *_]: pass',
  'type X[T] = list[T]',
  'def f[T = int](): pass',
  'except* ValueError:',
  "f'{x!r:>{width}} {f\"{y}\"}'",
  'global g',
  'print(undefined_name)',
  'author = models.ForeignKey("self", on_delete=models.CASCADE, related_name="+")',
  'class Meta:\n    ordering = ["-id"]\n    unique_together = [("a", "b")]',
  'Article.objects.filter(author__name__icontains="x").select_related("author").order_by("-created")',
  'customer = relationship("Order", back_populates="customer", secondary="order_tags")',
  'id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)',
  'if TYPE_CHECKING:\n    from app.models import Y',
  '@app.route("/<int:x>", endpoint="detail")',
  "url_for('orders.index')",
  'reverse("blog:detail", args=[1])',
  "path('', views.index, name='home')",
  "INSTALLED_APPS = ['django.contrib.auth', 'blog.apps.BlogConfig']",
  "ROOT_URLCONF = 'project.urls'",
  "migrations.AddField(model_name='article', name='x', field=models.IntegerField())",
  "dependencies = [('blog', '0001_initial')]",
  'down_revision = "1a2b3c4d5e6f"',
  'app.include_router(router, prefix="/api")',
  'router = APIRouter()',
  'exec("x = 1")',
  'globals()["y"] = 2',
  'def __getattr__(name): return name',
  'self.repo.get(id).items[0].name.upper()',
  'super().__init__(*args, **kwargs)',
  'with open(p) as f, lock:',
  'lambda *a, **k: (yield)',
  '\\',
];

const REQUIREMENTS = [
  '-r requirements.txt',
  '-r ../requirements/base.txt',
  '-c constraints.txt',
  '-e .',
  'django>=4.2,<5',
  'flask[async,dotenv]==3.0.0',
  'git+https://example.com/y.git#egg=z',
  'pkg @ file:///tmp/pkg',
  'sqlalchemy~=2.0 ; python_version < "3.13"',
  'psycopg[binary] \\\n    --hash=sha256:00ff',
  '--index-url https://example.com/simple',
];

const TOML = [
  '[tool.coherence]\nexclude = ["**/gen/**"]',
  'exclude = ["**/{gen,build}/**", "[a-z]*_pb2.py", "!keep.py"]',
  '[tool.coherence]\nsource-roots = ["..", "src", "lib/{a,b}"]',
  '[tool.coherence.rules]\nundefined-name = "off"\nunknown-attribute = 3',
  '[tool.poetry.dependencies]\npython = "^3.11"\ndjango = {version = "^4.2", extras = ["argon2"]}',
  '[tool.poetry]\npackages = [{ include = "svc", from = "services" }]',
  '[project]\ndependencies = ["flask>=2", "sqlalchemy[asyncio]"]',
  'dynamic = ["dependencies", "version"]',
  '[project.scripts]\nrun = "app.main:run"',
  '[project.optional-dependencies]\ndev = ["pytest"]',
  '[tool.setuptools.packages.find]\nwhere = ["src"]',
  '[tool.pytest.ini_options]\npythonpath = ["tests"]',
  'a = { b = { c = [1, [2, [3]]] } }',
  'key = """\nmulti\nline"""',
  "[[tool.x]]\nname = 'y'",
];

const SETUP_CFG = [
  '[options]\npackage_dir =\n    = src',
  'install_requires =\n    flask\n    sqlalchemy>=2',
  '[options.entry_points]\nconsole_scripts =\n    x = a.b:c',
  '[options.packages.find]\nwhere = lib',
  '[section',
  'key',
  '= value',
  '; comment',
  '[[x]]',
];

const DOCKERFILE = [
  'CMD gunicorn app:app',
  'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]',
  'ENTRYPOINT ["python", "-m", "app"]',
  'WORKDIR /app/src',
  'COPY . /app',
  'COPY --from=build /app /srv',
  'RUN pip install -r requirements.txt "django>=4.2"',
  'ENV FLASK_APP=app.main DJANGO_SETTINGS_MODULE=project.settings',
  'ARG APP=app.main:app',
  'RUN cd backend && \\\n    python manage.py migrate',
  'FROM python:3.12-slim AS base',
  'RUN <<EOF\npython -m app.worker\nEOF',
  'SHELL ["/bin/bash", "-c"]',
];

const PROCFILE = [
  'web: gunicorn app.wsgi:application --log-file -',
  'worker: celery -A proj worker',
  'release: python manage.py migrate',
  'api: uvicorn app.main:app --app-dir src --port $PORT',
  'clock: cd jobs && python -m scheduler',
];

const COMPOSE = [
  '    command: gunicorn app:app',
  '    command: ["python", "-m", "app.worker"]',
  '    entrypoint: sh -c "cd src && uvicorn main:app"',
  '    environment:\n      - FLASK_APP=app.main',
  '    working_dir: /app/backend',
  '    volumes:\n      - ./a.py:/app/b.py',
  'x-anchor: &anchor\n  command: python -m app',
  '  <<: *anchor',
  '  svc: *anchor',
  '!!python/object:os.system',
  '? complex key\n: value',
  '---\n...',
];

const SHELL = [
  'cd src',
  'export FLASK_APP=app',
  'exec gunicorn "app:create_app()"',
  'python -m app.worker',
  'if [ -n "$X" ]; then\n  uvicorn a:b\nfi',
  '(cd backend && python manage.py runserver)',
  'f() { python x.py; }',
  'cat <<EOF\npython -m y\nEOF',
  'python "$(dirname "$0")/run.py"',
  'case "$1" in\n  a) flask --app app run ;;\nesac',
  'for i in 1 2; do python -m app.task; done',
  'APP=app.main:app uvicorn "$APP"',
];

const TEMPLATE = ["{{ url_for('orders.detail', order_id=1) }}", "{% url 'home' %}", '{% url "ns:name" arg as u %}', '{{', '{%', '{#', "{{ url_for(endpoint) }}"];

const LOCK = ['[[package]]\nname = "django"\nversion = "4.2.0"', '{"default": {"flask": {"version": "==3.0.0"}}}', 'version = 1'];

const ALEMBIC = ['sqlalchemy.url = mysql+pymysql://u:p@h/db', 'script_location = %(here)s/migrations', '[alembic]', 'sqlalchemy.url = ${DATABASE_URL}'];

const INI = ['[uwsgi]\nmodule = app.wsgi:application', 'callable = app', 'wsgi-file = app/wsgi.py', '[program:web]\ncommand=gunicorn app:app', 'environment=FLASK_APP="app:create_app()"', '[Service]\nExecStart=/venv/bin/uvicorn main:app', 'mount = /=app:app'];

const DOTENV = ['FLASK_APP=app:create_app', 'FLASK_APP="pkg.wsgi:app"', 'export FLASK_APP=app', 'FLASK_APP=${X}', '# FLASK_APP=old'];

const MAKEFILE = ['run:\n\tgunicorn app:app', 'serve:\n\tuvicorn main:app --reload', '.ONESHELL:', 'export FLASK_APP=app', 'x:\n\t$(PY) -m flask run', 'install:\n\tpip install -r requirements.txt'];

export const SNIPPETS: Record<FileKind, readonly string[]> = {
  python: PYTHON,
  requirements: REQUIREMENTS,
  pyproject: TOML,
  'setup-cfg': SETUP_CFG,
  'setup-py': ['install_requires=["a", *EXTRA]', 'entry_points={"console_scripts": ["x=a:b"]}', ...PYTHON.slice(0, 12)],
  pipfile: TOML,
  conda: ['  - pip:\n      - flask', '  - django=4.2', 'name: x'],
  dockerfile: DOCKERFILE,
  procfile: PROCFILE,
  compose: COMPOSE,
  shell: SHELL,
  template: TEMPLATE,
  lock: LOCK,
  'alembic-ini': ALEMBIC,
  ini: INI,
  dotenv: DOTENV,
  makefile: MAKEFILE,
};

/** Whitespace that is not space, tab or LF: each reader must treat it as something, never loop on it. */
export const ODD_WHITESPACE = ['\x0b', '\x0c', '\u00a0', '\u2028', '\u2029', '\r', '\r\n', '\u0085', '\u1680', '\u2000', '\u200b', '\u3000', '\ufeff', '\t'];

/**
 * Other interesting characters. U+DC80..U+DCFF stand for raw bytes 0x80..0xFF on disk (Python's
 * surrogateescape): invalid UTF-8 and UTF-16 byte-order marks. Other lone surrogates reach the core only
 * through an editor overlay (a file on disk cannot hold them).
 */
export const ODD_CHARS = ['\0', '\ud800', '\udfff', '\udcff\udcfe', '\udcfe\udcff', '\udc80', '\udcc3', '\ud83d\ude00', 'é', 'e\u0301', '\u202e', '\\', '\\\n', '"', "'", '"""', "'''", '#', ':', '=', '$', '`', '(', ')', '[', ']', '{', '}', '<', '>', '|', '&', ';', '*', '**', '.', ',', '@', '%', '-', '\n', '\n\n', ' ', '    '];
