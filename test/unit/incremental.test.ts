// Incremental re-checks in-process: an edit must re-check exactly the files whose answers it can change,
// including answers that hang on other files indirectly (which subclasses a class has).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh, type FileEdit } from '../support/replay';
import { copyToTemp, projectOf, removeTemp } from '../support/tempProject';


const codes = (ws: Workspace, file: string) => ws.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line + 1}`);

/** A project of `files`, checked, then `edits` replayed against fresh loads: the states of `watched` (see replayAgainstFresh). */
async function replayOn(files: Record<string, string>, watched: string[], edits: FileEdit[]): Promise<string[]> {
  const root = projectOf(files);
  const ws = await Workspace.load({ root });
  try {
    ws.checkAll();
    return await replayAgainstFresh(ws, root, watched, edits);
  } finally {
    await ws.dispose();
    removeTemp(root);
  }
}

/** How many diagnostics the one watched file has in each state. */
const countsIn = (states: string[]) => states.map((s) => (JSON.parse(s) as [string, unknown[]][])[0][1].length);

describe('incremental re-checks', () => {
  const REPO = 'class Repo:\n    def get(self, key):\n        return key\n';
  const SERVICE = 'from base import Repo\n\n\ndef load(repo: Repo):\n    return repo.fetch_all()\n';
  const PLAIN = 'class Other:\n    def fetch_all(self):\n        return []\n';
  const SUBCLASS = 'from base import Repo\n\n\nclass Other(Repo):\n    def fetch_all(self):\n        return []\n';
  let dir = '';
  let ws: Workspace;

  beforeEach(async () => {
    dir = projectOf({ 'base.py': REPO, 'service.py': SERVICE, 'other.py': PLAIN });
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });

  it('re-checks users of a class when another file starts or stops subclassing it', async () => {
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
    // `repo` may now be an Other, which has fetch_all: silent, in a file the edit did not touch.
    let changed = await ws.setOverlay('other.py', SUBCLASS);
    assert.ok(changed.has('service.py'), 'service.py is re-checked');
    assert.deepStrictEqual(codes(ws, 'service.py'), []);
    changed = await ws.setOverlay('other.py', PLAIN);
    assert.ok(changed.has('service.py'));
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
  });

  it('re-checks them when a subclass appears in a new file or its file is deleted', async () => {
    fs.writeFileSync(path.join(dir, 'sub.py'), SUBCLASS);
    await ws.applyChanges([{ path: 'sub.py', kind: 'created' }]);
    assert.deepStrictEqual(codes(ws, 'service.py'), []);
    fs.rmSync(path.join(dir, 'sub.py'));
    await ws.applyChanges([{ path: 'sub.py', kind: 'deleted' }]);
    assert.deepStrictEqual(codes(ws, 'service.py'), ['unknown-attribute@5']);
  });

  it('re-derives inherited members when a base two files up changes', async () => {
    const states = await replayOn(
      {
        'a.py': 'class A:\n    def ping(self):\n        return 1\n',
        'b.py': 'from a import A\n\n\nclass B(A):\n    pass\n',
        'c.py': 'from b import B\n\n\nclass C(B):\n    pass\n',
        'use.py': 'from c import C\n\nobj = C()\nobj.ping()\nobj.pong()\n',
      },
      ['use.py'],
      [
        ['a.py', 'def ping(self)', 'def pong(self)'],
        ['c.py', 'pass', 'def ping(self):\n        return 2'],
        ['a.py', 'def pong(self)', 'def ping(self)'],
        ['c.py', 'def ping(self):\n        return 2', 'pass'],
      ],
    );
    assert.ok(states.some((s) => s !== states[0]), 'the edits changed what use.py reports');
    assert.strictEqual(states[states.length - 1], states[0]);
  });

  it('re-checks the importers of a name when the module-scope import that binds it moves to another module', async () => {
    const states = await replayOn(
      {
        'pkg/__init__.py': '',
        'pkg/a.py': 'class X:\n    def foo(self):\n        return 1\n',
        'pkg/b.py': 'class X:\n    def bar(self):\n        return 2\n',
        'pkg/m.py': 'from .a import X\n',
        'main.py': 'from pkg.m import X\n\n\ndef use():\n    return X().foo()\n',
      },
      ['main.py'],
      [
        ['pkg/m.py', 'from .a import X', 'from .b import X'],
        ['pkg/m.py', 'from .b import X', 'from .a import X'],
      ],
    );
    assert.deepStrictEqual(countsIn(states), [0, 1, 0]);
  });

  it('re-checks the readers of a module attribute when another file starts or stops writing it', async () => {
    const states = await replayOn(
      {
        'config.py': 'DEBUG = False\n',
        'boot.py': 'import config\n',
        'reader.py': 'import config\n\n\ndef verbose():\n    return config.VERBOSE\n',
      },
      ['reader.py'],
      [
        ['boot.py', 'import config\n', 'import config\n\nconfig.VERBOSE = True\n'],
        ['boot.py', 'config.VERBOSE = True', 'config.QUIET = True'],
        ['writer.py', '', 'import config\n\nconfig.VERBOSE = 1\n'],
      ],
    );
    assert.deepStrictEqual(countsIn(states), [1, 0, 1, 0]);
  });

  it('does not re-check files an edit cannot affect', async () => {
    const changed = await ws.setOverlay('other.py', PLAIN.replace('return []', 'return [1]'));
    assert.deepStrictEqual([...changed.keys()], ['other.py']);
  });
});

describe('incremental re-checks agree with a fresh check', () => {
  // Each step edits one file on disk; after each, the incrementally updated workspace (which re-derives
  // only the items of dependents that looked at what changed) must report exactly what a fresh load does.
  const steps: FileEdit[] = [
    ['app/repositories/article_repository.py', 'def list_all(', 'def list_every('],
    ['app/domain/models.py', '    author_id: int\n', ''],
    ['app/services/article_service.py', 'def create_article(self, author_id: int, title: str)', 'def create_article(self, title: str)'],
    ['app/repositories/article_repository.py', 'def list_every(', 'def list_all('],
    ['app/domain/models.py', '    title: str\n', '    title: str\n    author_id: int\n'],
    ['app/services/article_service.py', 'def create_article(self, title: str)', 'def create_article(self, author_id: int, title: str)'],
  ];

  /** Copies a fixture, checks it, replays the edits against fresh loads; returns the states (initial first). */
  async function replayFixture(fixture: string, edits: FileEdit[], extraFiles: string[] = []): Promise<{ states: string[]; ws: Workspace }> {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', fixture));
    const ws = await Workspace.load({ root: dir });
    try {
      const files = [...ws.checkAll().keys(), ...extraFiles].sort();
      return { states: await replayAgainstFresh(ws, dir, files, edits), ws };
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  }

  it('after each of a series of edits that break and repair the layers', async () => {
    const { states } = await replayFixture('layers/clean-architecture-fastapi', steps);
    assert.ok(states.some((s) => s !== states[0]), 'the edits changed diagnostics in other files');
    assert.strictEqual(states[states.length - 1], states[0], 'the last edits restore the start');
  });

  it('after edits of Django models that other files query', async () => {
    const { states } = await replayFixture('django/lookups', [
      ['blog/models.py', '    title = models.CharField(max_length=200)\n', ''],
      ['blog/models.py', '    name = models.CharField(max_length=100)\n', '    name = models.CharField(max_length=100)\n    title = models.CharField(max_length=10)\n'],
    ]);
    const countIn = (state: string) => (JSON.parse(state) as [string, unknown[]][]).find(([f]) => f === 'blog/services.py')![1].length;
    assert.ok(countIn(states[1]) > countIn(states[0]), 'removing Article.title lit up the queries in services.py');
  });

  it('after edits of a queryset class that a from_queryset manager in another module is built from', async () => {
    const { states } = await replayFixture('django/lookups', [
      ['blog/managers.py', '    def visible(self):', '    def visble(self):'],
      ['blog/managers.py', '    def visble(self):', '    def visible(self):'],
    ]);
    const inRuntime = (state: string) => (JSON.parse(state) as [string, { message: string }[]][]).find(([f]) => f === 'check_runtime.py')?.[1].map((d) => d.message).join('\n') ?? '';
    assert.ok(!/no attribute 'visble'/.test(inRuntime(states[1])), 'a queryset that defines visble makes Review.objects.visble() valid');
    assert.ok(/no attribute 'visible'/.test(inRuntime(states[1])), 'and the look-alike Review.objects.visible() unknown');
    assert.strictEqual(states[2], states[0], 'the repair restores the start');
  });

  it('after edits of urls modules that other files reverse() names from, and of included modules', async () => {
    const { states } = await replayFixture(
      'django/url-names',
      [
        // A file without patterns that imports a pattern function under another name: names become unknown.
        ['blog/aliases.py', '', 'from django.urls import path as route\n'],
        ['blog/aliases.py', 'path as route', 'path'],
        ['blog/urls.py', 'name="detail"', 'name="detial"'],
        ['site_config/urls.py', '("shop.urls", "shop")', '("shop.urls", "store")'],
        ['blog/urls.py', 'app_name = "blog"', 'app_name = "weblog"'],
        ['site_config/urls.py', '    path("accounts/",', '    path("tiny/", include("tinymce.urls")),\n    path("accounts/",'],
        ['site_config/urls.py', 'include("blog.urls")', 'include("blog.urlz")'],
        ['blog/urlz.py', '', 'from django.urls import path\n\nurlpatterns = [path("", lambda request: None, name="hom")]\n'],
      ],
      ['blog/urlz.py', 'blog/aliases.py'],
    );
    states.slice(1).forEach((s, i) => assert.notStrictEqual(s, states[i], `edit ${i + 1} changed the diagnostics`));
  });

  // Edits in one file that change what other files' model attributes, option lists and admin registrations mean.
  const crossFileEdits: Record<string, FileEdit[]> = {
    'model-fields': [
      ['blog/models.py', '    email = models.EmailField()\n', '    email = models.EmailField()\n    emial = models.EmailField(default="")\n'],
      ['blog/models.py', 'related_name="articles"', 'related_name="posts"'],
      ['blog/services.py', '.select_related("author"):', '.select_related("author").annotate(bodyy=Count("comment")):'],
      ['blog/models.py', '    emial = models.EmailField(default="")\n', ''],
      ['blog/models.py', '    def live(self):', '    def lve(self):\n        return self\n\n    def live(self):'],
      ['blog/services.py', 'def related_filter(author: Author):', 'def related_filter(author: Article):'],
    ],
    options: [
      ['blog/admin_site.py', 'blog_site.register(Tag, TagAdmin)', 'blog_site.register(Author, TagAdmin)'],
      ['blog/models.py', '    name = models.CharField(max_length=30)\n', '    name = models.CharField(max_length=30)\n    slug = models.SlugField(default="")\n'],
      ['blog/admin_site.py', 'blog_site.register(Author, TagAdmin)', 'blog_site.register(Tag, TagAdmin)'],
      ['blog/forms.py', '"notify"]', '"notify", "emial"]'],
    ],
    // The user model, app labels and installed apps change what relations and lookups in other files reach.
    'custom-user': [
      ['config/settings.py', 'AUTH_USER_MODEL = "people.Member"', 'AUTH_USER_MODEL = "auth.User"'],
      ['apps/accounts/apps.py', 'label = "people"', 'label = "accounts"'],
      ['config/settings.py', 'AUTH_USER_MODEL = "auth.User"', 'AUTH_USER_MODEL = "accounts.Member"'],
    ],
    'user-alternatives': [['settings.py', '"users"]', '"users", "samples"]']],
    'user-open': [
      ['settings.py', '    "rest_framework",\n    "rest_framework.authtoken",\n', ''],
      ['settings.py', '    "django.contrib.auth",\n', ''],
    ],
  };
  for (const [fixture, edits] of Object.entries(crossFileEdits)) {
    it(`after edits that change Django model attributes and option lists in other files (${fixture})`, async () => {
      const { states } = await replayFixture(`django/${fixture}`, edits);
      assert.strictEqual(new Set(states).size, edits.length + 1, 'every edit changed the diagnostics');
    });
  }
});
