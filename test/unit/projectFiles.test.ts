// Project files that are not Python: what their readers take from them, and incremental re-checks when
// they (or the Python files they point at) change.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { minimumVersion, readPyproject, readRequirementsFile, readSetupPy } from '../../server/out/manifests/declarations';
import { summarizeProjectFile } from '../../server/out/host/projectFiles';
import { projectFileKind } from '../../server/out/frameworks/adapters';
import { copyToTemp, removeTemp } from '../support/tempProject';

const targets = (text: string, kind: Parameters<typeof summarizeProjectFile>[1], file = 'x') =>
  summarizeProjectFile(file, kind, text).references.map((r) => `${r.kind} ${r.target}${r.attr ? ':' + r.attr : ''} @${r.span[0]}:${r.span[1]}`);

describe('project files', () => {
  it('knows which paths are project files', () => {
    const kinds = ['requirements.txt', 'requirements/prod.txt', 'dev-requirements.in', 'backend/pyproject.toml', 'Pipfile', 'Dockerfile', 'docker/api.Dockerfile', 'Dockerfile.prod', 'Procfile', 'compose.yaml', 'docker-compose.override.yml', 'scripts/run.sh', 'setup.py', 'notes.txt', 'app/main.py'].map(projectFileKind);
    assert.deepStrictEqual(kinds, ['requirements', 'requirements', 'requirements', 'pyproject', 'pipfile', 'dockerfile', 'dockerfile', 'dockerfile', 'procfile', 'compose', 'compose', 'shell', 'setup-py', null, null]);
  });

  it('reads requirements files: comments, continuations, options, includes, URLs and pins', () => {
    const text = '# top\nFlask[async]==2.3.3 \\\n    --hash=sha256:abc\n-r base.txt\n-e .\n-e git+https://example.org/x.git#egg=private_lib\n--index-url https://example.org\nSQLAlchemy>=2.0,<3 ; python_version >= "3.8"\nrequests  # comment\nhttps://example.org/pkg.tar.gz\n';
    const d = readRequirementsFile('sub/requirements.txt', text);
    assert.deepStrictEqual(
      d.requirements.map((r) => [r.name, r.extras.join(','), r.minVersion ?? '']),
      [['flask', 'async', '2.3.3'], ['private-lib', '', ''], ['sqlalchemy', '', '2.0'], ['requests', '', '']],
    );
    assert.deepStrictEqual(d.includes, ['sub/base.txt']);
    assert.strictEqual(d.unreadableDeclarations, true, 'a URL without a name declares an unknown distribution');
    assert.deepStrictEqual(d.insertion, { format: 'requirements', line: 10, character: 0, before: '', after: '\n' });
  });

  it('takes the lowest version a specifier allows', () => {
    assert.deepStrictEqual(['==2.3.1', '>=2.0,<3', '~=4.2', '^1.10', '>2', '!=1.0', '2.*', '*', ''].map(minimumVersion), ['2.3.1', '2.0', '4.2', '1.10', undefined, undefined, '2', undefined, undefined]);
  });

  it('takes the one version an exact pin allows, and none from ranges', () => {
    const text = 'Django==5.2.1\nflask===3.0\nsqlalchemy==2.*\npydantic>=2.0\nfastapi>=0.110,<1\n';
    assert.deepStrictEqual(readRequirementsFile('requirements.txt', text).requirements.map((r) => [r.name, r.exactVersion ?? '']), [['django', '5.2.1'], ['flask', '3.0'], ['sqlalchemy', ''], ['pydantic', ''], ['fastapi', '']]);
  });

  it('reads pyproject tables and finds where a new PEP 621 dependency goes', () => {
    const text = '[project]\nname = "x"\ndependencies = [\n    "fastapi>=0.110",\n    "uvicorn[standard]",  # server\n]\n\n[project.optional-dependencies]\ndev = ["pytest"]\n\n[tool.poetry.group.test.dependencies]\nfactory-boy = "^3.3"\n';
    const d = readPyproject('pyproject.toml', text);
    assert.deepStrictEqual(d.requirements.map((r) => r.name), ['fastapi', 'uvicorn', 'pytest', 'factory-boy']);
    assert.deepStrictEqual(d.insertion, { format: 'pep621', line: 4, character: 24, before: '\n    ', after: ',' });
    assert.deepStrictEqual(readPyproject('pyproject.toml', 'dependencies = [').problem?.startsWith('not valid TOML'), true);
  });

  it('reads literal install_requires of setup.py, and calls the rest unreadable', () => {
    assert.deepStrictEqual(readSetupPy('setup(install_requires=["flask>=2", "click"])').requirements.map((r) => r.name), ['flask', 'click']);
    assert.strictEqual(readSetupPy('setup(install_requires=deps())').unreadableDeclarations, true);
  });

  it('reads Dockerfile commands: last CMD per stage, exec and shell form, ENTRYPOINT with CMD, ENV', () => {
    const text = [
      'FROM python:3.12 AS build',
      'CMD ["python", "-m", "app.build"]',
      'FROM python:3.12',
      'ENV FLASK_APP=web.app',
      'CMD gunicorn old:app',
      'ENTRYPOINT ["gunicorn", "-w", "2"]',
      'CMD ["app.main:create_app()"]',
    ].join('\n');
    assert.deepStrictEqual(targets(text, 'dockerfile'), ['module web.app @3:14', 'module app.build @1:21', 'module-attr app.main:create_app @6:6']);
  });

  it('reads compose commands in every YAML form, and survives bad YAML', () => {
    const text = 'services:\n  a:\n    command: >\n      uvicorn app.main:app\n      --reload\n  b:\n    command: ["sh", "-c", "cd src && python -m app.worker"]\n  c:\n    entrypoint: "gunicorn \'pkg.wsgi:application\'"\n';
    assert.deepStrictEqual(targets(text, 'compose'), ['module-attr app.main:app @3:14', 'module app.worker @6:47', 'module-attr pkg.wsgi:application @8:27']);
    assert.deepStrictEqual(targets('services: [unclosed', 'compose'), []);
  });

  it('reads the pins of lock files that removed-api needs, and nothing else of them', () => {
    const poetry = '[[package]]\nname = "Flask"\nversion = "3.0.3"\n\n[[package]]\nname = "requests"\nversion = "2.31.0"\n\n[[package]]\nname = "pydantic"\nversion = "2.6.1"\n';
    assert.deepStrictEqual(summarizeProjectFile('poetry.lock', 'lock', poetry).locked, [{ name: 'flask', version: '3.0.3' }, { name: 'pydantic', version: '2.6.1' }]);
    const pipfile = JSON.stringify({ _meta: {}, default: { django: { version: '==5.0.1' }, six: { version: '==1.16.0' } }, develop: { 'Flask-SQLAlchemy': { version: '==3.1.1' }, odd: { git: 'x' } } });
    assert.deepStrictEqual(summarizeProjectFile('Pipfile.lock', 'lock', pipfile).locked, [{ name: 'django', version: '5.0.1' }, { name: 'flask-sqlalchemy', version: '3.1.1' }]);
    assert.ok(summarizeProjectFile('Pipfile.lock', 'lock', '{broken').problem);
    assert.deepStrictEqual(['poetry.lock', 'sub/uv.lock', 'Pipfile.lock', 'x.lock'].map(projectFileKind), ['lock', 'lock', 'lock', null]);
  });

  it('reads where commands run: cd, --app-dir, --chdir, and a WORKDIR one COPY fills', () => {
    const cwd = (text: string, kind: Parameters<typeof summarizeProjectFile>[1]) => summarizeProjectFile('x', kind, text).references.map((r) => `${r.target} in ${r.cwd?.dir ?? '?'}`);
    assert.deepStrictEqual(cwd('cd api\nuvicorn main:app\ncd ../worker && python -m jobs\n(cd x)\nuvicorn main:app\n', 'shell'), ['main in ?', 'jobs in ?', 'main in ?']);
    assert.deepStrictEqual(cwd('cd api\nuvicorn main:app\ncd ../worker && python -m jobs\n', 'shell'), ['main in api', 'jobs in worker']);
    assert.deepStrictEqual(cwd('a: gunicorn --chdir src app:app\nb: uvicorn --app-dir=src/x app:app\nc: gunicorn --chdir /abs app:app\n', 'procfile'), ['app in src', 'app in src/x', 'app in ?']);
    assert.deepStrictEqual(cwd('FROM p\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nWORKDIR /app/src\nCMD ["uvicorn", "main:app"]\n', 'dockerfile'), ['main in src']);
    assert.deepStrictEqual(cwd('FROM p\nCOPY src/ /srv\nWORKDIR /srv\nENV PYTHONPATH=/srv\nCMD ["uvicorn", "main:app"]\n', 'dockerfile'), ['main in ?']);
    assert.deepStrictEqual(cwd('FROM p\nCOPY src/ /srv\nCOPY lib/ /srv/lib/\nWORKDIR /srv\nCMD ["uvicorn", "main:app"]\n', 'dockerfile'), ['main in ?']);
  });

  it('reads shell scripts: wrappers, exported variables, options that take values', () => {
    const text = '#!/bin/sh\nset -e\nexport FLASK_APP="app:create_app()"\nexec poetry run uvicorn --port 80 --app-dir src main:app\ngunicorn -k uvicorn.workers.UvicornWorker --bind "$HOST" proj.asgi:application\npython "$SCRIPT"\n';
    assert.deepStrictEqual(targets(text, 'shell'), ['module-attr app:create_app @2:18', 'module-attr main:app @3:48', 'module-attr proj.asgi:application @4:57']);
  });
});

describe('incremental re-checks of project files agree with a fresh check', () => {
  const all = (ws: Workspace, files: string[]) => JSON.stringify(files.map((f) => [f, ws.diagnosticsOf(f)]));

  async function replay(fixture: string, steps: [string, string | null, string | null][]): Promise<void> {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', ...(fixture.includes('/') ? fixture.split('/') : ['manifests', fixture])));
    const ws = await Workspace.load({ root: dir });
    try {
      const initialFiles = [...ws.checkAll().keys()];
      let sawChange = false;
      for (const [rel, from, to] of steps) {
        const full = path.join(dir, rel);
        const before = JSON.stringify(initialFiles.map((f) => ws.diagnosticsOf(f)));
        let kind: 'created' | 'changed' | 'deleted' = 'changed';
        if (to === null) {
          fs.rmSync(full);
          kind = 'deleted';
        } else if (from === null) {
          fs.mkdirSync(path.dirname(full), { recursive: true });
          fs.writeFileSync(full, to);
          kind = 'created';
        } else {
          const text = fs.readFileSync(full, 'utf8');
          assert.ok(text.includes(from), `${rel} contains ${JSON.stringify(from)}`);
          fs.writeFileSync(full, text.replace(from, to));
        }
        await ws.applyChanges([{ path: rel, kind }]);
        const fresh = await Workspace.load({ root: dir });
        const files = [...fresh.checkAll().keys()].sort();
        try {
          assert.strictEqual(all(ws, files), all(fresh, files), `after ${kind} ${rel}`);
        } finally {
          await fresh.dispose();
        }
        if (JSON.stringify(initialFiles.map((f) => ws.diagnosticsOf(f))) !== before) sawChange = true;
      }
      assert.ok(sawChange, 'the edits changed diagnostics');
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  }

  it('when run files, the modules they start and the manifests change', async () => {
    await replay('entrypoints', [
      ['app/main.py', 'app = FastAPI()', 'application = FastAPI()'], // Procfile's app.main:application now resolves, others break
      ['requirements.txt', 'mlflow==2.12.1\n', ''], // the Procfile's mlflow.server:app is no longer provided
      ['app/cli.py', null, 'def main() -> None:\n    pass\n'], // [project.scripts] shop-admin now resolves
      ['app/tasks.py', '', null], // celery tasks module deleted
      ['Procfile', 'python mange.py', 'python manage.py'], // the run file itself
      ['app/main.py', 'application = FastAPI()', 'app = FastAPI()'],
    ]);
  });

  it('when the folder a command runs in, gunicorn configs and setup.py entry points change', async () => {
    await replay('entrypoints-cwd', [
      ['backend/worker.py', null, 'app = None\n'], // the backend folder now has a worker module: cd/--app-dir/WORKDIR references resolve
      ['Procfile', 'uvicorn --app-dir backend main:app', 'uvicorn --app-dir src main:app'], // the run file itself
      ['backend/worker.py', '', null],
    ]);
    await replay('entrypoints-config', [
      ['shop/wsgi.py', 'application = Flask(__name__)', 'aplication = Flask(__name__)'], // gunicorn.conf.py now resolves, gunicorn_prod.py breaks
      ['shop/cli.py', 'def admin()', 'def admn()'], // setup.py's shop-admin now resolves
      ['shop/seed.py', null, 'def main() -> None:\n    pass\n'],
      ['Procfile', 'deploy/web_server.py', 'deploy/notes.py'], // gunicorn -c now loads notes.py: its wsgi_app is judged, web_server.py's no longer
    ]);
  });

  it('when uWSGI, supervisor, Makefile and poe entry points, the modules they start and uvicorn.run() strings change', async () => {
    await replay('entrypoints-configs', [
      ['app/wsgi.py', 'application = create_app()\napp = application', 'aplication = create_app()\napp = aplication'], // uwsgi.ini's aplication now resolves, uwsgi-default.ini breaks
      ['deploy/uwsgi-callable.ini', 'module = app.wsgii', 'module = app.wsgi'], // the run file itself
      ['Makefile', 'cp config/template.py generated_conf.py', 'true'], // generated_conf is no longer made: tasks.py's and the Makefile's references break
      ['app/serve.py', '"api.asgi:ap"', '"api.asgi:app"'], // the Python string itself
      ['api/asgi.py', 'app = FastAPI()', 'ap = FastAPI()'], // pyproject's poe task now resolves, serve.py breaks
      ['.flaskenv', 'app.wsgii', 'app.wsgi'],
    ]);
  });

  it('when run files copy or mount Python files elsewhere, or no longer', async () => {
    await replay('placed-files', [
      ['docker-compose.yml', '      - ./deploy/web.py:/srv/mysite/web_docker.py\n', ''], // the web_docker module is no longer made (the worker's mount remains)
      ['Dockerfile', ' && cp docker/config.py mysite/config.py', ''], // docker/config.py now runs where it sits: its relative import breaks
      ['docker-compose.yml', '      - .:/srv\n', '      - .:/srv\n      - ./deploy/web.py:/srv/mysite/web_docker.py\n'],
    ]);
  });

  it('when routers are included, or no longer', async () => {
    await replay('wiring/unused-router', [
      ['api/main.py', 'app.include_router(api_v1)', 'app.include_router(api_v1)\n    from api.routes import orders\n    app.include_router(orders.router)'],
      ['api/routes/admin.py', 'v1.include_router(admin_router)', 'pass'], // admin_router is now included by nothing
      ['api/routes/tags.py', 'tags_router = r = APIRouter', 'tags_router = APIRouter()\nr = APIRouter'], // main.py includes another router now: an edit of bindings only
      ['api/main.py', 'app.include_router(users.router)', 'pass'],
      ['api/routes/health.py', 'from fastapi import', 'from api.routes import users\n\nROUTES = list(users.router.routes)\nfrom fastapi import'], // routes read by hand, in a file with no include: the router counts as used again
    ]);
  });

  it('when settings strings, pins and models change', async () => {
    await replay('undeclared-settings-strings', [
      ['requirements.txt', 'PyMySQL==1.1.0', 'PyMySQL==1.1.0\ndjango-cors-headers==4.3.1\npsycopg2-binary==2.9.9'], // corsheaders, postgresql and postgresql:// now declared
      ['site_conf/settings.py', '"django.db.backends.mysql"', '"django.db.backends.oracle"'], // the settings file itself
      ['requirements.txt', 'passlib==1.7.4', 'passlib[bcrypt]==1.7.4'],
    ]);
    await replay('removed-api-query-get', [
      ['requirements.txt', 'Flask-SQLAlchemy==3.1.1', 'Flask-SQLAlchemy==3.0.5'], // no longer implies SQLAlchemy 2: silent
      ['requirements.txt', 'Flask-SQLAlchemy==3.0.5', 'Flask-SQLAlchemy==3.0.5\nSQLAlchemy==2.0.30'],
      ['shop/models.py', 'class Product(db.Model):', 'class Product:'], // no longer a model: silent
    ]);
  });

  it('when manifests declare what the code imports', async () => {
    await replay('undeclared-requirements', [
      ['requirements.txt', 'python-dotenv', 'python-dotenv\nPyYAML==6.0.1\nrequests'],
      ['requirements-dev.txt', 'pytest==8.0.0', 'pytest==8.0.0\nemail-validator'],
      ['requirements-dev.txt', '', null], // an include that no longer exists: declarations unknown, silent
    ]);
  });

  it('when Flask routes and the templates that link to them change', async () => {
    await replay('wiring/flask-url-for', [
      ['shop/views.py', 'def product_detail(id):', 'def product_details(id):'], // the misspelt url_for is now right, the others break
      ['templates/shop/index.html', "url_for('shop.cart')", "url_for('shop.index')"], // the template itself
      ['auth/__init__.py', ', endpoint="signin"', ''], // auth's endpoints are now only its function names
      ['shop/views.py', 'def product_details(id):', 'def product_detail(id):'],
    ]);
  });
});
