// Body edits (#17): typing inside a function changes no surface, so what was derived from surfaces is kept (the
// Django model graph: saleor rebuilt it on every keystroke, ~55 ms), but nothing kept may hand out a place of the
// edited file's old version (a class's MRO, the graph's models). Each edit's diagnostics are compared with a fresh check.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../server/out/core/types';
import { Workspace } from '../../server/out/host/workspace';
import { checkedEdit, loadedCopy } from '../support/graphEdits';

const QUERIES = 'dcim/queries.py';
const MODELS = 'dcim/models.py';

/** Shows `text` for `rel` (checked against a fresh load); returns the builds of graph `graph` it took and every file's diagnostics. */
async function edit(ws: Workspace, dir: string, rel: string, text: string, graph = 'django-models'): Promise<{ builds: number; all: Map<string, Diagnostic[]> }> {
  const { builds, all } = await checkedEdit(ws, dir, rel, text, graph);
  return { builds, all };
}

describe('the Django model graph across body edits', () => {
  const project = loadedCopy('django/relations-to');
  const original = (rel: string) => fs.readFileSync(path.join(project.dir(), rel), 'utf8');

  it('keeps the graph when a function body of another file changes', async () => {
    const text = original(QUERIES).replace('def run(site: Site):\n', 'def run(site: Site):\n    probe = 1\n');
    const { builds, all } = await edit(project.ws(), project.dir(), QUERIES, text);
    assert.strictEqual(builds, 0);
    // The lookups below the new line are still found, one line down.
    const lookup = all.get(QUERIES)!.find((d) => d.message.includes("'cabel_tracker'"))!;
    assert.strictEqual(lookup.range.start.line, 13);
  });

  it('builds it again when lines of a models file move, and the places it gives move with them', async () => {
    const modelsBefore = (await project.ws().showVersions(new Map())).get(QUERIES)!.find((d) => d.message.includes("'cabel_tracker'"))!.related![0].range.start.line;
    const { builds, all } = await edit(project.ws(), project.dir(), MODELS, '# a comment line: every model moves down\n' + original(MODELS));
    assert.strictEqual(builds, 1);
    const lookup = all.get(QUERIES)!.find((d) => d.message.includes("'cabel_tracker'"))!;
    assert.strictEqual(lookup.related![0].range.start.line, modelsBefore + 1);
  });

  it('builds it again when a surface changes', async () => {
    const { builds, all } = await edit(project.ws(), project.dir(), MODELS, original(MODELS).replace('class Site(', 'class Place('));
    assert.strictEqual(builds, 1);
    assert.ok(all.get(QUERIES)!.length > 0);
  });
});

describe('class hierarchies across body edits', () => {
  const project = loadedCopy('sqlalchemy/known-bases-flask');
  const RESOURCES = 'app/resources.py';

  it("give a member's place in the file's new version", async () => {
    // `'render' is here` came from the class's MRO, kept across the edit with the old summary's places.
    const text = fs.readFileSync(path.join(project.dir(), RESOURCES), 'utf8').replace('    def get(self, user_id):\n', '    def get(self, user_id):\n        probe = 1\n');
    const { all } = await edit(project.ws(), project.dir(), RESOURCES, text);
    const finding = all.get(RESOURCES)!.find((d) => d.message.includes("'rendr'"))!;
    const here = finding.related!.find((r) => r.message === "'render' is here")!;
    assert.strictEqual(here.range.start.line, 10);
  });
});

describe('the SQLAlchemy model graph across body edits', () => {
  const project = loadedCopy('sqlalchemy/flask-blog');
  const original = (rel: string) => fs.readFileSync(path.join(project.dir(), rel), 'utf8');

  it('keeps the graph when a function body of another file changes', async () => {
    const text = original('blog/queries.py').replace(/(\ndef \w+\(.*\):\n)/, '$1    probe = 1\n');
    assert.notStrictEqual(text, original('blog/queries.py'));
    const { builds } = await edit(project.ws(), project.dir(), 'blog/queries.py', text, 'sqlalchemy-models');
    assert.strictEqual(builds, 0);
  });

  it('builds it again when lines of a models file move, and its findings move with them', async () => {
    const line = async () => (await project.ws().showVersions(new Map())).get('blog/models.py')!.find((d) => d.code === 'relationship-mismatch')!.related![0].range.start.line;
    const before = await line();
    const { builds } = await edit(project.ws(), project.dir(), 'blog/models.py', '# a comment line: every model moves down\n' + original('blog/models.py'), 'sqlalchemy-models');
    assert.strictEqual(builds, 1);
    assert.strictEqual(await line(), before + 1);
  });
});
