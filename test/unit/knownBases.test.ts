// The index part of the adapter interface that lists the library classes project classes are built on
// (IndexedFramework.knownBases): the core lists Python's own and the libraries no framework owns
// (python/knownBases.ts); the Project composes them with its adapters' once, and an entry's bases resolve
// over the composed table, across adapters and the core.
import * as assert from 'assert';
import { Project } from '../../server/out/index/project';
import { knownBasesOf, type IndexedFramework } from '../../server/out/index/frameworkParts';
import { knownBaseTable } from '../../server/out/python/knownBases';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';

const FORMS = [
  'from formlib import Form',
  'from formlib.admin import AdminForm',
  'from flask.views import MethodView',
  '',
  'class Login(Form):',
  '    def submit(self):',
  '        return self.render()',
  '',
  'class Staff(AdminForm):',
  '    pass',
  '',
  'class Page(MethodView):',
  '    pass',
  '',
].join('\n');

/** A made-up form library: `Form` built on Pydantic's BaseModel (the core's), `AdminForm` on `Form`. */
const formlib: IndexedFramework = {
  key: 'formlib',
  knownBases: [
    { names: ['formlib.admin.AdminForm'], bases: ['formlib.Form'], members: ['permissions'] },
    { names: ['formlib.Form', 'formlib.forms.Form'], bases: ['pydantic.BaseModel'], members: ['render', 'errors'] },
  ],
};

describe('known bases (an adapter index part)', () => {
  async function projectWith(adapters?: readonly IndexedFramework[]): Promise<Project> {
    const parser = await getParser();
    const project = new Project({ sourceRoots: [], adapters });
    project.setFile('app/forms.py', summarizeSource(parser, FORMS, []));
    return project;
  }
  const member = (project: Project, index: number, name: string) => {
    const found = project.symbols.member({ file: project.source('app/forms.py')!, index }, name);
    return found === 'unknown' || found === null ? found : 'found';
  };

  it("make a made-up adapter's bases known, with the core's and each other's names, across the table", async () => {
    const project = await projectWith([formlib]);
    assert.strictEqual(member(project, 0, 'render'), 'found', 'its own name');
    assert.strictEqual(member(project, 0, 'model_dump'), 'found', "its base's name, from the core's Pydantic");
    assert.strictEqual(member(project, 0, 'rendr'), null, 'a name no base has is missing');
    assert.strictEqual(member(project, 1, 'permissions'), 'found');
    assert.strictEqual(member(project, 1, 'errors'), 'found', 'through an entry listed after it');
    assert.strictEqual(member(project, 2, 'dispatch_request'), 'unknown', "Flask's base is Flask's part: not listed here");
  });

  it('leave every adapter base unknown without adapters', async () => {
    const project = await projectWith();
    for (const [index, name] of [[0, 'render'], [0, 'rendr'], [1, 'permissions'], [2, 'dispatch_request'], [2, 'rendr']] as const) {
      assert.strictEqual(member(project, index, name), 'unknown', `${index} ${name}`);
    }
    assert.strictEqual(project.symbols.knownBaseTable.get('flask.views.MethodView'), undefined);
    assert.ok(project.symbols.knownBaseTable.get('unittest.TestCase'), "the core's own stay");
  });

  it('are composed from the adapters once, and a class built on a real adapter base is checked', async () => {
    assert.strictEqual(knownBasesOf(FRAMEWORK_ADAPTERS), knownBasesOf(FRAMEWORK_ADAPTERS), 'one table per list of adapters');
    const project = await projectWith(FRAMEWORK_ADAPTERS);
    assert.strictEqual(project.symbols.knownBaseTable, knownBasesOf(FRAMEWORK_ADAPTERS));
    assert.strictEqual(member(project, 2, 'dispatch_request'), 'found');
    assert.strictEqual(member(project, 2, 'rendr'), null);
  });

  it("resolve every adapter's entries over its own and the core's, and no name twice", () => {
    const listed = FRAMEWORK_ADAPTERS.filter((a) => a.knownBases?.length).map((a) => a.name);
    assert.deepStrictEqual(listed, ['Django', 'SQLAlchemy', 'Flask', 'FastAPI']);
    for (const adapter of FRAMEWORK_ADAPTERS) {
      const own = knownBaseTable([adapter.knownBases ?? []]);
      for (const entry of adapter.knownBases ?? []) for (const name of entry.names) assert.strictEqual(own.get(name)?.entry, entry, `${adapter.name}: ${name}`);
    }
    const composed = knownBasesOf(FRAMEWORK_ADAPTERS);
    const names = [...knownBaseTable([]).keys(), ...FRAMEWORK_ADAPTERS.flatMap((a) => (a.knownBases ?? []).flatMap((e) => e.names))];
    assert.strictEqual(composed.size, names.length, 'each name listed once');
    assert.ok(composed.get('rest_framework.viewsets.ModelViewSet')!.members.has('http_method_names'), "DRF's viewset has Django's View's names");
    assert.ok(composed.get('sqlmodel.SQLModel')!.members.has('model_dump'), "SQLModel's base has the core's Pydantic names");
  });

  it('leave out an entry whose base no table part lists (its classes have an unknown base)', () => {
    const table = knownBaseTable([[{ names: ['orphan.Widget'], bases: ['formlib.Form'], members: ['draw'] }]]);
    assert.strictEqual(table.get('orphan.Widget'), undefined);
    assert.ok(knownBaseTable([[{ names: ['orphan.Widget'], bases: ['formlib.Form'], members: ['draw'] }], formlib.knownBases!]).get('orphan.Widget')?.members.has('render'));
  });
});
