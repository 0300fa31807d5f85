// Edits whose incremental re-check disagreed with a fresh check (found by bench/src/editsAgree.ts, issue #17):
// after each, the editor's diagnostics equal a fresh load's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setRacyMarginForTests } from '../../server/out/host/lastRun';
import { SummaryCache } from '../../server/out/host/summaryCache';
import { Workspace } from '../../server/out/host/workspace';
import { diagnosticsText } from '../support/replay';
import { FIXTURES } from '../support/fixtures';
import { resumedRun } from '../support/resumedRun';
import { copyToTemp, projectOf, removeTemp } from '../support/tempProject';


describe('edits that a fresh check sees alike', () => {
  let dir = '';
  let ws: Workspace | undefined;
  afterEach(async () => {
    await ws?.dispose();
    removeTemp(dir);
  });

  /** Loads and checks the project in `root`, the one the test edits (`dir`, `ws`). */
  async function checkedAt(root: string): Promise<void> {
    dir = root;
    ws = await Workspace.load({ root });
    ws.checkAll();
  }

  /** Writes (or with null deletes) `rel`, applies it to `ws`, and compares `files` with a fresh load. */
  async function step(rel: string, text: string | null, files: string[]): Promise<string> {
    const full = path.join(dir, rel);
    const existed = fs.existsSync(full);
    if (text === null) fs.rmSync(full);
    else fs.writeFileSync(full, text);
    await ws!.applyChanges([{ path: rel, kind: text === null ? 'deleted' : existed ? 'changed' : 'created' }]);
    const fresh = await Workspace.load({ root: dir });
    fresh.checkAll();
    try {
      assert.strictEqual(diagnosticsText(ws!, files), diagnosticsText(fresh, files), `after ${text === null ? 'deleting' : 'writing'} ${rel}`);
    } finally {
      await fresh.dispose();
    }
    return diagnosticsText(ws!, files);
  }

  it('re-checks framework rules when the last file importing the framework goes and comes back', async () => {
    const MODELS = 'from sqlalchemy import Column, Integer\nfrom sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n\n\nclass Org(Base):\n    __tablename__ = "orgs"\n    id = Column(Integer, primary_key=True)\n';
    const QUERIES = 'from app.models import Org\n\n\ndef read(session):\n    return session.query(Org).order_by(Org.display).all()\n';
    await checkedAt(projectOf({ 'app/__init__.py': '', 'app/models.py': MODELS, 'app/queries.py': QUERIES }));
    const files = ['app/queries.py'];
    assert.match(diagnosticsText(ws!, files), /unknown-model-field/);
    // Without models.py no file imports sqlalchemy: its rules say nothing, reading nothing of models.py.
    await step('app/models.py', null, files);
    assert.match(await step('app/models.py', MODELS, files), /unknown-model-field/);
  });

  it('does not index a file in a hidden folder, which listing the folder never finds', async () => {
    await checkedAt(projectOf({ 'app/__init__.py': 'def run():\n    pass\n', '.github/workflows/ci.yml': 'on: push\n' }));
    const files = ['.github/scripts/release.py', '.hidden.py'];
    fs.mkdirSync(path.join(dir, '.github', 'scripts'));
    await step('.github/scripts/release.py', 'from app import missing_name\n', files);
    await step('.hidden.py', 'from app import missing_name\n', files);
    assert.deepStrictEqual(ws!.currentDiagnostics(), []);
  });

  const revision = (id: string, down: string) => `import sqlalchemy as sa\nfrom alembic import op\n\nrevision = "${id}"\ndown_revision = ${down}\n\n\ndef upgrade():\n    pass\n`;
  const ALEMBIC = {
    'alembic.ini': '[alembic]\nscript_location = migrations\n',
    'migrations/env.py': 'from alembic import context\n',
    'migrations/versions/0001_a.py': revision('aa11', 'None'),
    'migrations/versions/0002_b.py': revision('bb22', '"aa11"'),
    'migrations/versions/0002_c.py': revision('cc33', '"aa11"'),
    'migrations/versions/0003_merge.py': revision('dd44', '("bb22", "cc33")'),
    'migrations/versions/0004_d.py': revision('ee55', '"dd44"'),
  };
  const REVISIONS = Object.keys(ALEMBIC).filter((f) => f.includes('/versions/'));

  it('re-checks the revisions when a revision file, which no import can name, is deleted', async () => {
    await checkedAt(projectOf(ALEMBIC));
    assert.match(await step('migrations/versions/0003_merge.py', null, REVISIONS), /names no revision 'dd44'/);
  });

  it('re-checks them too in a CLI run that resumes the last one', async () => {
    dir = projectOf(ALEMBIC);
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-key-'));
    setRacyMarginForTests(Number.MAX_SAFE_INTEGER);
    const run = async (cache: SummaryCache | undefined) => {
      const r = await resumedRun(dir, cache);
      return { found: r.found, resumed: r.resumed !== null };
    };
    try {
      const cache = new SummaryCache({ dir: path.join(dir, '.coherence_cache'), keyDir, identity: 'agree', log: () => {} });
      await run(cache);
      fs.rmSync(path.join(dir, 'migrations/versions/0003_merge.py'));
      const warm = await run(cache);
      assert.ok(warm.resumed, 'the run resumed the last one');
      assert.match(warm.found, /names no revision 'dd44'/);
      assert.strictEqual(warm.found, (await run(undefined)).found);
    } finally {
      setRacyMarginForTests(2000);
      removeTemp(keyDir);
    }
  });

  it('re-checks aiohttp key reads when what an application is handed to stops or starts resolving', async () => {
    const DB = 'def setup_db(application):\n    application["db"] = object()\n';
    const APP = 'from aiohttp import web\n\nfrom blog.db import setup_db\n\n\ndef create_app():\n    app = web.Application()\n    setup_db(app)\n    return app\n';
    const VIEWS = 'from aiohttp import web\n\n\nasync def index(request):\n    return web.json_response({"db": str(request.app["db"]), "engine": str(request.app["engine"])})\n';
    await checkedAt(projectOf({ 'blog/__init__.py': '', 'blog/db.py': DB, 'blog/app.py': APP, 'blog/views.py': VIEWS }));
    const files = ['blog/views.py'];
    assert.match(diagnosticsText(ws!, files), /'engine' is never set/);
    // setup_db no longer resolves: it may set any key, so no read is judged.
    assert.doesNotMatch(await step('blog/db.py', DB.replace('def setup_db', 'def setup_database'), files), /never set/);
    assert.match(await step('blog/db.py', DB, files), /'engine' is never set/);
    // The same through the importing file's own import.
    assert.doesNotMatch(await step('blog/app.py', APP.replace('from blog.db import', 'from blog import'), files), /never set/);
    assert.match(await step('blog/app.py', APP, files), /'engine' is never set/);
  });

  it('re-checks reverse() names when a package an include() names loses its __init__.py', async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'url-names')));
    const files = ['blog/views.py'];
    assert.match(diagnosticsText(ws!, files), /'shop:chart'/);
    // include("shop.urls") now reaches a namespace package's module: its names are not read, so none is judged.
    assert.doesNotMatch(await step('shop/__init__.py', null, files), /'shop:chart'/);
  });

  it("re-checks what Django's app registry answered when an app folder loses its __init__.py", async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'user-alternatives')));
    const files = ['users/services.py'];
    assert.match(diagnosticsText(ws!, files), /'badge'/);
    // samples/ is no app folder any more: whether its SampleUser registers is not certain, so user__badge is not judged.
    assert.doesNotMatch(await step('samples/__init__.py', null, files), /'badge'/);
  });

  it('re-checks the import suggestions for an undefined name when a file starts or stops defining it', async () => {
    const NOTIFY = 'class Notifier:\n    pass\n';
    await checkedAt(projectOf({ 'app/__init__.py': '', 'app/notify.py': NOTIFY, 'app/services.py': 'def send():\n    return Notifier()\n' }));
    const files = ['app/services.py'];
    assert.match(diagnosticsText(ws!, files), /import it from 'app.notify'/);
    assert.doesNotMatch(await step('app/notify.py', null, files), /import it from/);
    assert.match(await step('app/notify.py', NOTIFY, files), /import it from 'app.notify'/);
    assert.doesNotMatch(await step('app/notify.py', 'class Notifier_renamed:\n    pass\n', files), /import it from/);
  });

  it('moves the related places of a dependent file whose findings point into the edited file', async () => {
    const MODELS = 'class Ticket:\n    pass\n\n\nclass TicketStatus:\n    OPEN = 1\n';
    await checkedAt(projectOf({ 'app/__init__.py': '', 'app/models.py': MODELS, 'app/views.py': 'from app.models import Ticket\n\n\ndef show():\n    return Ticket, TicketStatus.OPEN\n' }));
    const files = ['app/views.py'];
    // An import added above the class moves it down a line and changes what models.py shows (views.py depends on it).
    await step('app/models.py', `import os\n${MODELS}`, files);
    await step('app/models.py', MODELS, files);
  });

  it("re-checks a missing module's did-you-mean when a module is added to or removed from its folder", async () => {
    await checkedAt(projectOf({ 'app/__init__.py': '', 'main.py': 'import app.cafee\n' }));
    const files = ['main.py'];
    assert.doesNotMatch(diagnosticsText(ws!, files), /did you mean/);
    assert.match(await step('app/cafe.py', 'VALUE = 1\n', files), /did you mean 'app.cafe'/);
    assert.doesNotMatch(await step('app/cafe.py', null, files), /did you mean/);
  });

  it("re-checks where a missing module was looked for when its package's __init__.py goes", async () => {
    await checkedAt(projectOf({ 'plugin/__init__.py': '', 'plugin/resources.py': 'from .servicez import run\n', 'plugin/services.py': 'def run():\n    pass\n' }));
    const files = ['plugin/resources.py'];
    assert.match(diagnosticsText(ws!, files), /plugin\/__init__.py/);
    assert.doesNotMatch(await step('plugin/__init__.py', null, files), /plugin\/__init__.py/);
  });

  it("re-checks a class's attributes when a base two modules up stops deriving from a third-party class", async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'django-scale-seen-instances')));
    const files = ['catalog/queries.py'];
    const models = fs.readFileSync(path.join(dir, 'catalog/models.py'), 'utf8');
    // A first edit makes queries.py a dependent re-checked item by item (its per-item results recorded).
    await step('catalog/models.py', models.replace('class Product(TrackedModel)', 'class Product(object)'), files);
    await step('catalog/models.py', models, files);
    // Product's MRO was unknown (models.Model is no project class): it rests on mixins.py, which makes it known.
    const mixins = fs.readFileSync(path.join(dir, 'shop/models/mixins.py'), 'utf8');
    assert.match(await step('shop/models/mixins.py', mixins.replace('TrackedModel(models.Model)', 'TrackedModel(object)'), files), /'Product' has no attribute 'objects'/);
  });

  it('re-checks the members of a class when the module of its class decorator goes', async () => {
    const REGISTRY = 'def registered(cls):\n    return cls\n';
    await checkedAt(projectOf({
      'app/__init__.py': '',
      'app/registry.py': REGISTRY,
      'app/services.py': 'from app.registry import registered\n\n\n@registered\nclass Mailer:\n    def send(self, to):\n        return to\n',
      'app/queries.py': 'from app.services import Mailer\n\n\ndef run():\n    return Mailer().sned("a")\n',
    }));
    const files = ['app/queries.py'];
    assert.match(diagnosticsText(ws!, files), /'sned'/);
    // The decorator no longer resolves: it may return anything, so Mailer's members are unknown.
    assert.doesNotMatch(await step('app/registry.py', null, files), /'sned'/);
    assert.match(await step('app/registry.py', REGISTRY, files), /'sned'/);
  });

  it("re-checks Django model readers when a models package's __init__ stops importing one of its modules", async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'migrations')));
    const files = ['shop/models/product.py'];
    assert.match(diagnosticsText(ws!, files), /'Product.sku' is added by no migration/);
    const init = fs.readFileSync(path.join(dir, 'shop/models/__init__.py'), 'utf8');
    // product.py's classes no longer register for certain (nothing imports them from the package): not judged.
    assert.doesNotMatch(await step('shop/models/__init__.py', init.replace('from .product import', 'from . import'), files), /'Product.sku'/);
    assert.match(await step('shop/models/__init__.py', init, files), /'Product.sku' is added by no migration/);
  });

  it('re-checks the files of a folder whose __init__.py goes or comes (their top package, and so where their imports start, changes)', async () => {
    await checkedAt(projectOf({ 'web/proj/__init__.py': '', 'web/proj/celery.py': 'app = None\n', 'web/proj/tasks.py': 'from celery import Celery\n\nCelery()\n' }));
    const files = ['web/proj/tasks.py'];
    // In the package proj, `celery` is the installed Celery (not judged).
    assert.doesNotMatch(diagnosticsText(ws!, files), /Celery/);
    // Without its __init__.py, tasks.py runs as a script of web/proj/: `celery` is its neighbour, which has no Celery.
    assert.match(await step('web/proj/__init__.py', null, files), /Celery/);
    assert.doesNotMatch(await step('web/proj/__init__.py', '', files), /Celery/);
  });

  it('re-checks the migration state of an app whose MIGRATION_MODULES folder gains a module, or one there stops parsing', async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'migrations-uncertain')));
    const files = ['billing/models.py', 'legacy/models.py'];
    const judged = /'Invoice.due' is added by no migration/;
    assert.match(diagnosticsText(ws!, files), judged);
    // billing's migrations live in billing/db_migrations/ (no `migrations/` in the path): a module there that does
    // not parse may hold any migration, and the state is no longer judged.
    assert.doesNotMatch(await step('billing/db_migrations/probe.py', 'from .0001_initial import Migration\n', files), judged);
    assert.match(await step('billing/db_migrations/probe.py', null, files), judged);
    // A module there without a Migration that starts or stops parsing; then the migration itself.
    assert.match(await step('billing/db_migrations/helpers.py', 'X = 1\n', files), judged);
    assert.doesNotMatch(await step('billing/db_migrations/helpers.py', 'X = (\n', files), judged);
    assert.match(await step('billing/db_migrations/helpers.py', 'X = 1\n', files), judged);
    const initial = fs.readFileSync(path.join(dir, 'billing/db_migrations/0001_initial.py'), 'utf8');
    assert.doesNotMatch(await step('billing/db_migrations/0001_initial.py', initial + '\nX = (\n', files), judged);
    assert.match(await step('billing/db_migrations/0001_initial.py', initial, files), judged);
  });

  it("re-checks what Django's app registry answered when the AppConfig INSTALLED_APPS names is renamed", async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'migrations')));
    const files = ['blog/models.py'];
    const judged = /'Author.email' is added by no migration/;
    assert.match(diagnosticsText(ws!, files), judged);
    // 'blog.apps.BlogConfig' names no class any more: blog's label, and so its migrations, are unknown.
    const apps = fs.readFileSync(path.join(dir, 'blog/apps.py'), 'utf8');
    assert.doesNotMatch(await step('blog/apps.py', apps.replace('class BlogConfig', 'class BlogConfigRenamed'), files), judged);
    assert.match(await step('blog/apps.py', apps, files), judged);
  });

  it('re-checks reverse() names when the name a url module passes as patterns is bound otherwise, there or in the module it comes from', async () => {
    await checkedAt(copyToTemp(path.join(FIXTURES, 'django', 'url-names')));
    const files = ['blog/views.py'];
    const judged = /No URL namespace 'blgo'/;
    assert.match(diagnosticsText(ws!, files), judged);
    // `admin` shadowed after its import: `admin.site.urls` is no longer Django's admin, but patterns of a library
    // that may declare any namespace (the file's surface is the same: `admin` is bound either way).
    const urls = fs.readFileSync(path.join(dir, 'site_config/urls.py'), 'utf8');
    assert.doesNotMatch(await step('site_config/urls.py', urls + '\nadmin = None\n', files), judged);
    assert.match(await step('site_config/urls.py', urls, files), judged);
    // A list of patterns imported from a project module: the project's while that module binds it.
    const including = urls.replace('from blog import views as blog_views', 'from blog import views as blog_views\nfrom pages.lists import extra').replace('urlpatterns = [', 'urlpatterns = [\n    path("extra/", include(extra)),');
    assert.match(await step('pages/lists.py', 'extra = []\n', files), judged);
    assert.match(await step('site_config/urls.py', including, files), judged);
    assert.doesNotMatch(await step('pages/lists.py', 'other = []\n', files), judged);
    assert.match(await step('pages/lists.py', 'extra = []\n', files), judged);
  });

  it('re-checks the files of a folder whose __init__.py comes while it cannot be read (present, contents unknown)', async () => {
    await checkedAt(projectOf({ 'web/proj/celery.py': 'app = None\n', 'web/proj/tasks.py': 'from celery import Celery\n\nCelery()\n' }));
    const files = ['web/proj/tasks.py'];
    // A script of web/proj/: `celery` is its neighbour, which has no Celery.
    assert.match(diagnosticsText(ws!, files), /Celery/);
    // A NUL byte: the file is not read, but it is there, and proj/ is a package (`celery` the installed one).
    assert.doesNotMatch(await step('web/proj/__init__.py', 'x = 1\0\n', files), /Celery/);
    assert.match(await step('web/proj/__init__.py', null, files), /Celery/);
  });
});

