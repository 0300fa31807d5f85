// The project-file kinds part (ProjectFilePart.fileKinds, .fileNames): an adapter names the files of a kind of its
// own and reads them, or gives a core kind a name; the core finds them (discovery's globs, kindOf) and keeps the
// reading under the adapter's key. Without the adapter, the core knows no such kind. SQLAlchemy/Alembic's
// alembic.ini and Flask's .flaskenv are such. Templates are the core's kind; each adapter reads its own tags
// there (ProjectFilePart.templateTags: Flask's url_for, Django's {% url %}).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MARKER_FILES, PROJECT_FILE_KINDS, PROJECT_FILE_READERS } from '../../server/out/frameworks/adapters';
import { alembicIniOf } from '../../server/out/frameworks/alembic/projectFiles';
import { projectFileReaders, type ProjectFilePart } from '../../server/out/manifests/commands';
import { CORE_PROJECT_FILE_KINDS, projectFileKinds } from '../../server/out/manifests/summary';
import { summarizeProjectFileWith } from '../../server/out/manifests/summarize';
import { discoverFiles } from '../../server/out/workspace/discovery';

/** A made-up tool's `deploy.tool` files: the words after `serve =`, each with its span. */
const madeUpPart: ProjectFilePart = {
  key: 'madeup',
  fileKinds: [
    {
      kind: 'made-up-tool',
      names: ['deploy.tool'],
      read: ({ text, spanOf }) => {
        const served = [...text.matchAll(/^serve = (\w+)$/gm)].map((m) => ({ name: m[1], span: spanOf(m.index! + 8, m.index! + 8 + m[1].length) }));
        return served.length ? { served } : null;
      },
    },
  ],
};

describe('project-file kinds and template tags (adapter parts)', () => {
  it("an adapter's own kind is found by name, before the core's patterns, and read by its reader under its key", () => {
    const readers = projectFileReaders([madeUpPart]);
    const kinds = projectFileKinds(readers.kindsByName);
    assert.deepStrictEqual(['ops/deploy.tool', 'deploy.tool', 'ops/other.tool', 'requirements.txt'].map(kinds.kindOf), ['made-up-tool', 'made-up-tool', null, 'requirements']);
    assert.ok(kinds.globs.includes('**/deploy.tool'));
    const summary = summarizeProjectFileWith(readers, 'ops/deploy.tool', 'made-up-tool', '# a tool\nserve = web\n');
    assert.deepStrictEqual(summary.frameworks, { madeup: { served: [{ name: 'web', span: [1, 8, 1, 11] }] } });
    assert.deepStrictEqual(summary.references, []);
    assert.strictEqual(summarizeProjectFileWith(readers, 'deploy.tool', 'made-up-tool', 'nothing\n').frameworks, undefined, 'a reading of nothing is not kept');
  });

  it('without adapters, no kind of theirs: alembic.ini is a plain *.ini, nothing of it read as a database URL', () => {
    const none = projectFileReaders([]);
    assert.strictEqual(none.kindsByName.size, 0);
    assert.deepStrictEqual(['deploy.tool', 'migrations/alembic.ini'].map(CORE_PROJECT_FILE_KINDS.kindOf), [null, 'ini']);
    assert.ok(!CORE_PROJECT_FILE_KINDS.globs.includes('**/alembic.ini'));
    const summary = summarizeProjectFileWith(none, 'alembic.ini', 'ini', '[alembic]\nsqlalchemy.url = postgresql+psycopg2://u@h/db\n');
    assert.strictEqual(summary.frameworks, undefined);
    assert.strictEqual(alembicIniOf(summary), undefined);
  });

  it("SQLAlchemy/Alembic's part: alembic.ini is its kind, its literal sqlalchemy.url read", () => {
    assert.strictEqual(PROJECT_FILE_KINDS.kindOf('migrations/alembic.ini'), 'alembic-ini');
    assert.strictEqual(PROJECT_FILE_KINDS.kindOf('deploy/uwsgi.ini'), 'ini');
    const summary = summarizeProjectFileWith(PROJECT_FILE_READERS, 'alembic.ini', 'alembic-ini', '[alembic]\nsqlalchemy.url = postgresql+psycopg2://u@h/db\n[other]\nsqlalchemy.url = %(DB)s\n');
    assert.deepStrictEqual(alembicIniOf(summary), { databaseUrls: [{ value: 'postgresql+psycopg2://u@h/db', span: [1, 17, 1, 45] }] });
  });

  it("an adapter's names of a core kind: Flask's .flaskenv is a dotenv file (its FLASK_APP read), with Flask's part only", () => {
    assert.strictEqual(PROJECT_FILE_KINDS.kindOf('api/.flaskenv'), 'dotenv');
    assert.ok(PROJECT_FILE_KINDS.globs.includes('**/.flaskenv'));
    assert.deepStrictEqual(summarizeProjectFileWith(PROJECT_FILE_READERS, '.flaskenv', 'dotenv', 'FLASK_APP=app.wsgi\n').references.map((r) => `${r.via} ${r.target}`), ['FLASK_APP app.wsgi']);
    assert.deepStrictEqual(['api/.flaskenv', 'api/.env'].map(CORE_PROJECT_FILE_KINDS.kindOf), [null, 'dotenv'], 'the core alone: .env only');
    const madeUp = projectFileKinds(projectFileReaders([{ fileNames: [{ name: 'deploy.vars', kind: 'dotenv' }] }]).kindsByName);
    assert.deepStrictEqual(['x/deploy.vars', 'x/.flaskenv'].map(madeUp.kindOf), ['dotenv', null]);
  });

  it("templates: each adapter reads its own tags under its key (Flask's url_for, Django's {% url %}), none without adapters", () => {
    const text = '{# coherence: ignore[unknown-url-name] #}\n<a href="{{ url_for(\'shop.index\') }}">{% url "blog:detail" pk=1 %}</a>{% url "x" as y %}\n{% icon "cart" %}\n';
    const summary = summarizeProjectFileWith(PROJECT_FILE_READERS, 'app/templates/index.html', 'template', text);
    assert.deepStrictEqual(summary.frameworks, {
      django: { urlTags: [{ name: 'blog:detail', span: [1, 46, 1, 57] }] },
      flask: { urlFors: [{ endpoint: 'shop.index', span: [1, 21, 1, 31] }] },
    });
    assert.deepStrictEqual(summary.ignores, [{ line: 0, rules: ['unknown-url-name'] }], "the core reads a template's ignore comments");
    const madeUp = projectFileReaders([{ key: 'icons', templateTags: ({ text: t, spanOf }) => [...t.matchAll(/\{% icon "(\w+)" %\}/g)].map((m) => ({ icon: m[1], span: spanOf(m.index! + 10, m.index! + 10 + m[1].length) })) }]);
    assert.deepStrictEqual(summarizeProjectFileWith(madeUp, 'app/templates/index.html', 'template', text).frameworks, { icons: [{ icon: 'cart', span: [2, 10, 2, 14] }] });
    const none = summarizeProjectFileWith(projectFileReaders([]), 'app/templates/index.html', 'template', text);
    assert.strictEqual(none.frameworks, undefined);
    assert.deepStrictEqual(none.ignores, summary.ignores);
  });

  it("discovery lists the files of the kinds it is given as project files", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-kinds-'));
    try {
      for (const rel of ['ops/deploy.tool', 'db/alembic.ini', 'app.py']) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), '');
      }
      const madeUp = projectFileKinds(projectFileReaders([madeUpPart]).kindsByName);
      assert.deepStrictEqual((await discoverFiles(dir, [], [], undefined, madeUp)).projectFiles, ['db/alembic.ini', 'ops/deploy.tool']);
      assert.deepStrictEqual((await discoverFiles(dir, [], [])).projectFiles, ['db/alembic.ini'], 'the core alone: a plain *.ini');
      const withAdapters = await discoverFiles(dir, [], MARKER_FILES, undefined, PROJECT_FILE_KINDS);
      assert.deepStrictEqual(withAdapters.projectFiles.map(PROJECT_FILE_KINDS.kindOf), ['alembic-ini']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
