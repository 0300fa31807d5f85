// Incremental re-checks in-process: an edit must re-check exactly the files whose answers it can change,
// including answers that hang on other files indirectly (which subclasses a class has).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { copyToTemp, removeTemp } from '../support/tempProject';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-incremental-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const codes = (ws: Workspace, file: string) => ws.diagnosticsOf(file).map((d) => `${d.code}@${d.range.start.line + 1}`);

describe('incremental re-checks', () => {
  const REPO = 'class Repo:\n    def get(self, key):\n        return key\n';
  const SERVICE = 'from base import Repo\n\n\ndef load(repo: Repo):\n    return repo.fetch_all()\n';
  const PLAIN = 'class Other:\n    def fetch_all(self):\n        return []\n';
  const SUBCLASS = 'from base import Repo\n\n\nclass Other(Repo):\n    def fetch_all(self):\n        return []\n';
  let dir = '';
  let ws: Workspace;

  beforeEach(async () => {
    dir = project({ 'base.py': REPO, 'service.py': SERVICE, 'other.py': PLAIN });
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

  it('does not re-check files an edit cannot affect', async () => {
    const changed = await ws.setOverlay('other.py', PLAIN.replace('return []', 'return [1]'));
    assert.deepStrictEqual([...changed.keys()], ['other.py']);
  });
});

describe('incremental re-checks agree with a fresh check', () => {
  // Each step edits one file on disk; after each, the incrementally updated workspace (which re-derives
  // only the items of dependents that looked at what changed) must report exactly what a fresh load does.
  const steps: [string, string, string][] = [
    ['app/repositories/article_repository.py', 'def list_all(', 'def list_every('],
    ['app/domain/models.py', '    author_id: int\n', ''],
    ['app/services/article_service.py', 'def create_article(self, author_id: int, title: str)', 'def create_article(self, title: str)'],
    ['app/repositories/article_repository.py', 'def list_every(', 'def list_all('],
    ['app/domain/models.py', '    title: str\n', '    title: str\n    author_id: int\n'],
    ['app/services/article_service.py', 'def create_article(self, title: str)', 'def create_article(self, author_id: int, title: str)'],
  ];
  const all = (ws: Workspace, files: string[]) => JSON.stringify(files.map((f) => [f, ws.diagnosticsOf(f)]));

  it('after each of a series of edits that break and repair the layers', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'layers', 'clean-architecture-fastapi'));
    const ws = await Workspace.load({ root: dir });
    try {
      ws.checkAll();
      const files = [...ws.checkAll().keys()].sort();
      const initial = all(ws, files);
      let sawChange = false;
      for (const [rel, from, to] of steps) {
        const full = path.join(dir, rel);
        const text = fs.readFileSync(full, 'utf8');
        assert.ok(text.includes(from), `${rel} contains ${JSON.stringify(from)}`);
        fs.writeFileSync(full, text.replace(from, to));
        await ws.applyChanges([{ path: rel, kind: 'changed' }]);
        const fresh = await Workspace.load({ root: dir });
        fresh.checkAll();
        try {
          assert.strictEqual(all(ws, files), all(fresh, files), `after editing ${rel}`);
          if (all(ws, files) !== initial) sawChange = true;
        } finally {
          await fresh.dispose();
        }
      }
      assert.ok(sawChange, 'the edits changed diagnostics in other files');
      assert.strictEqual(all(ws, files), initial, 'the last edits restore the start');
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });

  it('after edits of Django models that other files query', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'django', 'lookups'));
    const ws = await Workspace.load({ root: dir });
    try {
      const files = [...ws.checkAll().keys()].sort();
      const count = () => ws.diagnosticsOf('blog/services.py').length;
      const before = count();
      const edits: [string, string][] = [
        ['    title = models.CharField(max_length=200)\n', ''],
        ['    name = models.CharField(max_length=100)\n', '    name = models.CharField(max_length=100)\n    title = models.CharField(max_length=10)\n'],
      ];
      for (const [from, to] of edits) {
        const full = path.join(dir, 'blog/models.py');
        fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(from, to));
        await ws.applyChanges([{ path: 'blog/models.py', kind: 'changed' }]);
        const fresh = await Workspace.load({ root: dir });
        fresh.checkAll();
        try {
          assert.strictEqual(all(ws, files), all(fresh, files), `after editing models.py`);
        } finally {
          await fresh.dispose();
        }
      }
      assert.ok(count() > before, 'removing Article.title lit up the queries in services.py');
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });

  it('after edits of urls modules that other files reverse() names from, and of included modules', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'django', 'url-names'));
    const ws = await Workspace.load({ root: dir });
    try {
      const files = [...ws.checkAll().keys(), 'blog/urlz.py', 'blog/aliases.py'].sort();
      let previous = all(ws, files);
      const edits: [string, string, string][] = [
        // A file without patterns that imports a pattern function under another name: names become unknown.
        ['blog/aliases.py', '', 'from django.urls import path as route\n'],
        ['blog/aliases.py', 'path as route', 'path'],
        ['blog/urls.py', 'name="detail"', 'name="detial"'],
        ['site_config/urls.py', '("shop.urls", "shop")', '("shop.urls", "store")'],
        ['blog/urls.py', 'app_name = "blog"', 'app_name = "weblog"'],
        ['site_config/urls.py', '    path("accounts/",', '    path("tiny/", include("tinymce.urls")),\n    path("accounts/",'],
        ['site_config/urls.py', 'include("blog.urls")', 'include("blog.urlz")'],
        ['blog/urlz.py', '', 'from django.urls import path\n\nurlpatterns = [path("", lambda request: None, name="hom")]\n'],
      ];
      for (const [file, from, to] of edits) {
        const full = path.join(dir, file);
        const created = !fs.existsSync(full);
        const text = created ? '' : fs.readFileSync(full, 'utf8');
        assert.ok(text.includes(from), `${file} contains ${from}`);
        fs.writeFileSync(full, text.replace(from, to));
        await ws.applyChanges([{ path: file, kind: created ? 'created' : 'changed' }]);
        const fresh = await Workspace.load({ root: dir });
        fresh.checkAll();
        try {
          assert.strictEqual(all(ws, files), all(fresh, files), `after editing ${file}: ${from.trim()} -> ${to.trim()}`);
        } finally {
          await fresh.dispose();
        }
        assert.notStrictEqual(all(ws, files), previous, `editing ${file} (${to.trim()}) changed the diagnostics`);
        previous = all(ws, files);
      }
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });

  // Edits in one file that change what other files' model attributes, option lists and admin registrations mean.
  const crossFileEdits: Record<string, [string, string, string][]> = {
    'model-fields': [
      ['blog/models.py', '    email = models.EmailField()\n', '    email = models.EmailField()\n    emial = models.EmailField(default="")\n'],
      ['blog/models.py', 'related_name="articles"', 'related_name="posts"'],
      ['blog/services.py', 'top = list(', 'top = list(Article.objects.annotate(bodyy=Count("comment"))) or list('],
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
  };
  for (const [fixture, edits] of Object.entries(crossFileEdits)) {
    it(`after edits that change Django model attributes and option lists in other files (${fixture})`, async () => {
      const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'django', fixture));
      const ws = await Workspace.load({ root: dir });
      try {
        const files = [...ws.checkAll().keys()].sort();
        const seen = new Set<string>([all(ws, files)]);
        for (const [file, from, to] of edits) {
          const full = path.join(dir, file);
          const text = fs.readFileSync(full, 'utf8');
          assert.ok(text.includes(from), `${file} contains ${from}`);
          fs.writeFileSync(full, text.replace(from, to));
          await ws.applyChanges([{ path: file, kind: 'changed' }]);
          const fresh = await Workspace.load({ root: dir });
          fresh.checkAll();
          try {
            assert.strictEqual(all(ws, files), all(fresh, files), `after editing ${file}: ${from.trim()} -> ${to.trim()}`);
          } finally {
            await fresh.dispose();
          }
          seen.add(all(ws, files));
        }
        assert.strictEqual(seen.size, edits.length + 1, 'every edit changed the diagnostics');
      } finally {
        await ws.dispose();
        removeTemp(dir);
      }
    });
  }
});
