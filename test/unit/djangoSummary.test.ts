// The Django facts of a summary: what is read for certain, what is marked unknown, and nothing for files
// that have none (summaries stay small).
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { djangoFacts, djangoFactsOf } from '../../server/out/frameworks/django/facts';

async function facts(text: string) {
  return djangoFactsOf(summarizeSource(await getParser(), text, [djangoFacts]));
}

describe('Django facts in summaries', () => {
  it('are absent from files that have none', async () => {
    assert.strictEqual(await facts('import os\n\nclass Migration:\n    pass\n'), undefined);
    assert.strictEqual(await facts('from django import forms\n\nclass F(forms.Form):\n    name = forms.CharField()\n'), undefined);
  });

  it('start every reader whose words the text holds, in any order (one scan of the text finds them all)', async () => {
    const f = await facts(
      [
        'import os',
        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")',
        'urlpatterns = [path("a/", view, name="a")]',
        'Article.add_to_class("extra", models.TextField())',
      ].join('\n'),
    );
    assert.deepStrictEqual(f!.settingsModules!.map((m) => m.value), ['proj.settings']);
    assert.deepStrictEqual(f!.urls!.patterns.map((p) => p.name), ['a']);
    assert.strictEqual(f!.addsModelFields, true);
  });

  it('read a migration: dependencies, replaces, operations with the names they take', async () => {
    const f = await facts(
      [
        'from django.conf import settings',
        'from django.db import migrations, models',
        'STATE = [migrations.CreateModel("Draft", [("id", models.AutoField(primary_key=True))])]',
        'class Migration(migrations.Migration):',
        '    replaces = [("blog", "0001_a"), ("blog", "0002_b")]',
        '    dependencies = [("blog", "0001_a"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]',
        '    operations = [',
        '        migrations.AddField("article", "summary", models.TextField(max_length=3)),',
        '        migrations.RenameField(model_name="article", old_name="a", new_name="b"),',
        '        migrations.SeparateDatabaseAndState(state_operations=STATE),',
        '    ] + [migrations.RunPython(migrations.RunPython.noop)]',
      ].join('\n'),
    );
    const m = f!.migration!;
    assert.deepStrictEqual(m.replaces, [['blog', '0001_a'], ['blog', '0002_b']]);
    assert.deepStrictEqual(m.dependencies.map((d) => ('app' in d ? `${d.app}.${d.name}` : d.swappable)), ['blog.0001_a', 'AUTH_USER_MODEL']);
    assert.strictEqual(m.dependenciesDynamic, false);
    assert.deepStrictEqual(m.operations!.map((o) => o.callee), ['migrations.AddField', 'migrations.RenameField', 'migrations.SeparateDatabaseAndState', 'migrations.RunPython']);
    assert.deepStrictEqual(m.operations![0].args, ['article', 'summary', null]);
    assert.deepStrictEqual(m.operations![1].keywords, { model_name: 'article', old_name: 'a', new_name: 'b' });
    assert.deepStrictEqual(m.operations![2].state!.map((o) => [o.args[0], o.fields]), [['Draft', ['id']]]);
  });

  it('mark what they cannot read: operations built in a loop or appended to, dependencies added at run time', async () => {
    const looped = await facts('from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL(s) for s in SQL]\n');
    assert.strictEqual(looped!.migration!.operations, null);
    const appended = await facts('from django.db import migrations\nOPS = []\nOPS.append(migrations.RunSQL("x"))\nclass Migration(migrations.Migration):\n    operations = OPS\n');
    assert.strictEqual(appended!.migration!.operations, null);
    const deps = await facts('from django.db import migrations\nfrom x import EXTRA\nclass Migration(migrations.Migration):\n    dependencies = [("a", "0001")] + EXTRA\n');
    assert.strictEqual(deps!.migration!.dependenciesDynamic, true);
    const fields = await facts('from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = [migrations.CreateModel(name="A", fields=FIELDS)]\n');
    assert.strictEqual(fields!.migration!.operations![0].fields, null);
  });

  it('read settings lists built from named lists, extended and appended, and mark conditional parts', async () => {
    const f = await facts(
      [
        'BASE_APPS = ["django.contrib.auth"]',
        'LOCAL_APPS = ["blog"]',
        'INSTALLED_APPS = BASE_APPS + LOCAL_APPS',
        'INSTALLED_APPS += ["shop"]',
        'INSTALLED_APPS.append("extra")',
        'if DEBUG:',
        '    INSTALLED_APPS += ["debug_toolbar"]',
        'ROOT_URLCONF = "config.urls"',
        'MIGRATION_MODULES = {"blog": "blog.db", "sites": None}',
      ].join('\n'),
    );
    const s = f!.settings!;
    assert.deepStrictEqual(s.installedApps!.entries.map((e) => e.value), ['django.contrib.auth', 'blog', 'shop', 'extra', 'debug_toolbar']);
    assert.strictEqual(s.installedApps!.dynamic, true);
    assert.deepStrictEqual(s.rootUrlconf && [s.rootUrlconf.value, s.rootUrlconf.dynamic], ['config.urls', false]);
    assert.deepStrictEqual(s.migrationModules, { entries: [{ label: 'blog', module: 'blog.db' }, { label: 'sites', module: null }], dynamic: false });
  });

  it('read AppConfig names and labels, model Meta options and model field calls', async () => {
    const f = await facts(
      [
        'from django.apps import AppConfig',
        'from django.db import models',
        'class ShopConfig(AppConfig):',
        '    name = "shop"',
        '    label = "store"',
        'class Product(models.Model):',
        '    name = models.CharField(max_length=10)',
        '    class Meta:',
        '        app_label = "store"',
        '        managed = settings.MANAGED',
      ].join('\n'),
    );
    assert.deepStrictEqual(f!.appConfigs, [{ classIndex: 0, name: 'shop', label: 'store' }]);
    assert.deepStrictEqual(f!.models, [{ classIndex: 1, meta: { app_label: 'store', managed: null }, fieldCalls: { name: 'models.CharField(max_length=10)' } }]);
  });

  it('never throw on broken migrations and settings', async () => {
    for (const text of [
      'from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [("a",',
      'from django.db import migrations\nclass Migration(:\n    operations = [migrations.AddField(**k)]',
      'INSTALLED_APPS = [x for x in y] + ',
      'INSTALLED_APPS.extend(',
      'from django.db import migrations\nclass Migration(migrations.Migration):\n    operations = A + A + A + A + A + A + A + A + A + A\nA = A',
    ]) {
      // summarizeSource turns a throw into an empty summary that says so: none may say so here.
      const summary = summarizeSource(await getParser(), text, [djangoFacts]);
      assert.ok(!summary.unparsed?.startsWith('internal error'), `${JSON.stringify(text)}: ${summary.unparsed}`);
    }
  });
});
