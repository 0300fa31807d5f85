// The model graphs across surface changes (#17): an edit that changes only module-level functions of a file the
// graph holds no class of, and that nothing its build read depends on, keeps it (adding a function to one of saleor's
// test helpers rebuilt Django's, ~100 ms; one to a service of polar re-checked the 1,500 files that read SQLAlchemy's);
// anything that can make, change or shadow a model builds it again.
// Each edit's diagnostics are compared with a fresh check of the same texts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { SurfaceLog, type SurfaceChange } from '../../server/out/index/surfaceBuild';
import { checkedEdit, loadedCopy } from '../support/graphEdits';

const QUERIES = 'dcim/queries.py';
const FIELDS = 'dcim/fields.py';

describe('the Django model graph across surface changes', () => {
  const project = loadedCopy('django/relations-to');
  const original = (rel: string) => fs.readFileSync(path.join(project.dir(), rel), 'utf8');
  const edit = async (rel: string, text: string) => {
    const { builds, keeps, all } = await checkedEdit(project.ws(), project.dir(), rel, text);
    return { builds, keeps, codes: (all.get(rel) ?? []).map((d) => d.code) };
  };

  it('keeps it when a function is added to a file it holds no class of', async () => {
    const added = await edit(QUERIES, original(QUERIES) + '\n\ndef helper():\n    return 1\n');
    assert.deepStrictEqual([added.builds, added.keeps], [0, 1]);
    const removed = await edit(QUERIES, original(QUERIES));
    assert.deepStrictEqual([removed.builds, removed.keeps], [0, 1]);
  });

  it('builds it again when the edit adds a model, even in a file that does not import django.db', async () => {
    const text = original(QUERIES) + '\n\nclass Place(Site):\n    pass\n\n\ndef places():\n    return Place.objects.filter(nme="x")\n';
    const { builds, keeps, codes } = await edit(QUERIES, text);
    assert.deepStrictEqual([builds, keeps], [1, 0]);
    // The new model is one: its lookups are checked (and nothing says it has no `objects`).
    assert.ok(codes.includes('unknown-lookup'), codes.join(', '));
    assert.ok(!codes.includes('unknown-attribute'), codes.join(', '));
  });

  it('builds it again when a function shadows a name the file imports', async () => {
    const { builds, keeps } = await edit(QUERIES, original(QUERIES) + '\n\ndef Site():\n    return None\n');
    assert.deepStrictEqual([builds, keeps], [1, 0]);
  });

  it('builds it again when a module a star import reads changes, even by a function alone', async () => {
    // What a star-imported name stands for outside the project is read without a key (Symbols.externalName).
    fs.writeFileSync(path.join(project.dir(), 'dcim/helpers.py'), 'LIMIT = 1\n');
    fs.writeFileSync(path.join(project.dir(), QUERIES), 'from dcim.helpers import *\n' + original(QUERIES));
    await project.ws().applyChanges([
      { path: 'dcim/helpers.py', kind: 'created' },
      { path: QUERIES, kind: 'changed' },
    ]);
    const { builds, keeps } = await edit('dcim/helpers.py', 'LIMIT = 1\n\n\ndef helper():\n    return 1\n');
    assert.deepStrictEqual([builds, keeps], [1, 0]);
  });

  it('keeps it when a module its build read a name of gains a function, and builds it again when a function that name mentions changes', async () => {
    // The build read UpperCharField of dcim/fields.py (a model's field class), which its decorator `keep` defines.
    const decorated = original(FIELDS).replace('class UpperCharField(', 'def keep(cls):\n    return cls\n\n\n@keep\nclass UpperCharField(');
    fs.writeFileSync(path.join(project.dir(), FIELDS), decorated);
    await project.ws().applyChanges([{ path: FIELDS, kind: 'changed' }]);
    const added = await edit(FIELDS, decorated + '\n\ndef helper():\n    return 1\n');
    assert.deepStrictEqual([added.builds, added.keeps], [0, 1]);
    const changed = await edit(FIELDS, decorated.replace('def keep(cls):', 'def keep(cls, *more):'));
    assert.deepStrictEqual([changed.builds, changed.keeps], [1, 0]);
  });

  it('re-checks only the edited file when a function is added to a file that imports django.db', async () => {
    const views = 'dcim/views.py';
    fs.writeFileSync(path.join(project.dir(), views), 'from django.db.models import Q\n\nfrom .models import Site\n\n\ndef sites():\n    return Site.objects.filter(Q(name="x"))\n');
    await project.ws().applyChanges([{ path: views, kind: 'created' }]);
    const before = await project.ws().setOverlay(views, original(views) + '\n\ndef helper():\n    return 1\n');
    assert.deepStrictEqual([...before.keys()], [views]);
    const { builds, keeps } = await edit(views, original(views) + '\n\ndef other():\n    return 2\n');
    assert.deepStrictEqual([builds, keeps], [0, 1]);
  });
});

describe('the SQLAlchemy model graph across surface changes', () => {
  const QUERIES_SQLA = 'blog/queries.py';
  const project = loadedCopy('sqlalchemy/flask-blog');
  const original = (rel: string) => fs.readFileSync(path.join(project.dir(), rel), 'utf8');
  const edit = (rel: string, text: string) => checkedEdit(project.ws(), project.dir(), rel, text, 'sqlalchemy-models');

  it('keeps it, and re-checks no file that read it, when a function is added to a file of queries', async () => {
    const { builds, keeps, rechecked } = await edit(QUERIES_SQLA, original(QUERIES_SQLA) + '\n\ndef helper(session):\n    return 1\n');
    assert.strictEqual(builds, 0);
    assert.ok(keeps <= 1, `${keeps}`);
    assert.deepStrictEqual(rechecked, [QUERIES_SQLA]);
  });

  it('builds it again, and re-checks its readers, when a model is added', async () => {
    const text = original(QUERIES_SQLA) + '\n\nclass Note(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n\ndef notes():\n    return Note.query.filter_by(txt="x").all()\n';
    const { builds, rechecked } = await edit(QUERIES_SQLA, text);
    assert.strictEqual(builds, 1);
    assert.ok(rechecked.length > 1, rechecked.join(', '));
  });
});

describe('the surface change log', () => {
  const change = (n: number): SurfaceChange => ({ path: `m${n}.py`, before: null, after: null, frameworkKeys: new Set() });

  it('gives the changes after a generation, and null once some of them were dropped', () => {
    const log = new SurfaceLog(3);
    for (let i = 1; i <= 3; i++) log.add(change(i));
    assert.deepStrictEqual(log.since(1)!.map((c) => c.path), ['m2.py', 'm3.py']);
    assert.deepStrictEqual(log.since(3), []);
    log.add(change(4));
    assert.deepStrictEqual(log.since(1)!.map((c) => c.path), ['m2.py', 'm3.py', 'm4.py']);
    assert.strictEqual(log.since(0), null, 'the first change was dropped');
  });
});
