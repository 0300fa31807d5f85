// Hover and go-to-definition on Django references, read off the fixtures: each case puts the cursor on a
// piece of text and expects the declaration it leads to and a line of the hover.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { djangoTargetAt } from '../../server/out/frameworks/django/navigation';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'django');

/** The position of `needle` (its `offset`-th character) on the first line containing `lineText`. */
function positionOf(root: string, file: string, lineText: string, needle: string, offset = 1): { line: number; character: number } {
  const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, `${file} has a line with ${lineText}`);
  const column = lines[line].indexOf(needle, lines[line].indexOf(lineText));
  assert.ok(column >= 0, `${needle} on that line`);
  return { line, character: column + offset };
}

/** The text of the line a definition points at. */
function lineAt(root: string, file: string, line: number): string {
  return fs.readFileSync(path.join(root, file), 'utf8').split('\n')[line].trim();
}

describe('Django hover and go-to-definition', () => {
  const cases: { fixture: string; file: string; line: string; at: string; offset?: number; definition: string | null; hover: string }[] = [
    // a lookup segment through a relation: the related model's field
    { fixture: 'lookups', file: 'blog/services.py', line: 'author__name__icontains', at: 'name__icontains', definition: 'name = models.CharField(max_length=100)', hover: '**Author.name**: CharField' },
    // the relation segment itself
    { fixture: 'lookups', file: 'blog/services.py', line: 'author__name__icontains', at: 'author__name__icontains', definition: 'author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")', hover: 'ForeignKey to Author' },
    // a lookup suffix: described, no definition
    { fixture: 'lookups', file: 'blog/services.py', line: 'author__name__icontains', at: 'icontains', definition: null, hover: 'a lookup or transform' },
    // order_by strings, inherited field
    { fixture: 'lookups', file: 'blog/services.py', line: 'order_by("-created", "title", "?")', at: 'created', definition: 'created = models.DateTimeField(auto_now_add=True)', hover: 'TimeStamped.created' },
    // a reverse accessor in prefetch_related leads to the relating model
    { fixture: 'lookups', file: 'blog/services.py', line: 'Author.objects.prefetch_related("articles"', at: 'tags__article_set', offset: 7, definition: 'tags = models.ManyToManyField("Tag")', hover: 'reverse relation from Article.tags' },
    // a related_name used as an attribute leads to the relation that names it
    { fixture: 'model-fields', file: 'blog/services.py', line: 'article.author.articles.count()', at: 'articles.count', definition: 'author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")', hover: 'reverse relation from Article.author' },
    // a relation target written as a string
    { fixture: 'lookups', file: 'blog/models.py', line: 'models.ForeignKey("blog.Article"', at: 'blog.Article', definition: 'class Article(TimeStamped):', hover: '`tags` → Tag (ManyToManyField)' },
    // a relation target written `to="app.Model"` (on its own line), and `to="self"` in a many-to-many
    { fixture: 'relations-to', file: 'dcim/models.py', line: 'to="dcim.Region",', at: 'dcim.Region', definition: 'class Region(models.Model):', hover: '`sites` ← Site (reverse lookup)' },
    { fixture: 'relations-to', file: 'dcim/models.py', line: 'site = models.ForeignKey(to="dcim.Site"', at: 'dcim.Site', definition: 'class Site(models.Model):', hover: '**Site** (dcim/models.py), Django model' },
    { fixture: 'relations-to', file: 'dcim/models.py', line: 'peers = models.ManyToManyField(to="self"', at: 'self', definition: 'class Device(models.Model):', hover: '`followers` ← Device (reverse lookup)' },
    // a reverse name computed from `%(class)s` leads to the abstract model's relation
    { fixture: 'relations-to', file: 'dcim/queries.py', line: 'cable_tracker__label="x", rack_tracker', at: 'rack_tracker', definition: 'class Rack(Tracked):', hover: 'reverse relation from Rack' },
    // a field of a third-party base (django-mptt), described from the table
    { fixture: 'third-party-bases', file: 'shop/queries.py', line: 'Category.objects.filter(lft__gt=1', at: 'tree_id', definition: null, hover: '**MPTTModel.tree_id**: PositiveIntegerField' },
    // a model name in code
    { fixture: 'model-fields', file: 'blog/services.py', line: 'article = Article.objects.get(pk=pk)', at: 'Article.objects', definition: 'class Article(models.Model):', hover: '**Article** (blog/models.py), Django model' },
    // attributes of an evident instance, through a forward relation
    { fixture: 'model-fields', file: 'blog/services.py', line: 'print(article.author.display', at: 'display', definition: 'def display(self):', hover: '**Author.display**' },
    { fixture: 'model-fields', file: 'blog/services.py', line: 'print(article.title, article.author_id', at: 'author_id', definition: 'author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")', hover: '**Article.author**' },
    // option lists
    { fixture: 'options', file: 'blog/admin.py', line: 'raw_id_fields = ["author"]', at: 'author', definition: 'author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")', hover: '**Article.author**' },
    { fixture: 'options', file: 'blog/serializers.py', line: '"comment_set", "word_count"', at: 'word_count', definition: 'def word_count(self):', hover: '**Article.word_count**' },
    { fixture: 'options-more', file: 'blog/admin.py', line: '(None, {"fields": ("name",)})', at: 'name",)', definition: 'name = models.CharField(max_length=100)', hover: '**Author.name**' },
    { fixture: 'options-more', file: 'blog/models.py', line: 'models.Index(fields=["-created", "author_id"]', at: 'created"', definition: 'created = models.DateTimeField(auto_now_add=True)', hover: '**Article.created**' },
    // Django's contrib models: described from data, with no definition to go to
    { fixture: 'contrib-auth', file: 'blog/services.py', line: 'User.objects.order_by("-date_joined", "last_login")', at: 'User.objects', definition: null, hover: '**User** (django.contrib.auth.models), Django model' },
    { fixture: 'contrib-auth', file: 'blog/services.py', line: 'author__username__icontains', at: 'username__icontains', definition: null, hover: '**AbstractUser.username**: CharField' },
    { fixture: 'contrib-auth', file: 'blog/services.py', line: 'User.objects.filter(articles__title="x")', at: 'articles__title', definition: 'author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="articles")', hover: '**User.articles**: reverse relation from Article' },
  ];
  const workspaces = new Map<string, Promise<Workspace>>();
  after(async () => {
    for (const ws of workspaces.values()) await (await ws).dispose();
  });
  for (const c of cases) {
    it(`${c.fixture}/${c.file}: ${c.at} on ${c.line}`, async () => {
      const root = path.join(FIXTURES, c.fixture);
      if (!workspaces.has(root)) workspaces.set(root, Workspace.load({ root }));
      const ws = await workspaces.get(root)!;
      const pos = positionOf(root, c.file, c.line, c.at, c.offset);
      const target = djangoTargetAt(ws.project, c.file, pos.line, pos.character);
      assert.ok(target, 'a target under the cursor');
      assert.ok(target.hover.includes(c.hover), `hover mentions ${c.hover}:\n${target.hover}`);
      if (c.definition === null) assert.strictEqual(target.definition, null);
      else assert.strictEqual(target.definition && lineAt(root, target.definition.file, target.definition.span[0]), c.definition);
    });
  }

  it('answers nothing on plain code, comments and other projects\' names', async () => {
    const root = path.join(FIXTURES, 'model-fields');
    const ws = await Workspace.load({ root });
    try {
      for (const [line, at] of [['def show(pk):', 'show'], ['from django.db.models import Count', 'Count'], ['print(article.title, article.author_id', 'print']] as const) {
        const pos = positionOf(root, 'blog/services.py', line, at);
        assert.strictEqual(djangoTargetAt(ws.project, 'blog/services.py', pos.line, pos.character), null, `${at} on ${line}`);
      }
    } finally {
      await ws.dispose();
    }
  });
});
