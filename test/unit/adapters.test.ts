// The framework adapter seam (docs/adapters.md): the summarizer's walk hands adapters the nodes they ask
// for and keeps their facts under their key; the project adds their surface parts, publishes their graph's
// dependency key when a file's input to it changes, and builds their graph once per generation.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { definitionAt, hoverAt } from '../../server/out/navigation';
import { DependencyTracker, Project, surfaceOf } from '../../server/out/index/project';
import type { IndexedFramework } from '../../server/out/index/frameworkParts';
import { childByField, getParser } from '../../server/out/syntax/parser';
import type { FactCollector, FileFactCollector } from '../../server/out/syntax/factCollectors';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS, PROJECT_FILE_READERS } from '../../server/out/frameworks/adapters';
import { RULE_FAMILIES } from '../../server/out/checks/registry';
import { dependencyChecks } from '../../server/out/checks/dependencies';
import type { RequiredPackagesPart } from '../../server/out/rulekit/requiredPackages';
import { removedApiChecks } from '../../server/out/checks/removedApis';
import type { RemovedApiPart } from '../../server/out/rulekit/removedApis';
import type { CheckContext, Finding, RuleFamily } from '../../server/out/rulekit/rule';
import { summarizeProjectFileWith } from '../../server/out/manifests/summarize';

/** A collector that keeps the text of every call at module level, and counts every node it is handed. */
function callCollector(seen: string[], appliesTo?: (text: string) => boolean): FactCollector {
  return {
    key: 'calls',
    nodeTypes: ['call'],
    ...(appliesTo ? { appliesTo } : {}),
    start(): FileFactCollector {
      const calls: string[] = [];
      return {
        visit(node, ctx) {
          seen.push(node.type);
          if (ctx.moduleLevel) calls.push(ctx.textOf(node));
        },
        finish: () => (calls.length ? { calls } : undefined),
      };
    },
  };
}

describe('framework adapters', () => {
  it('are handed only the node types they ask for, and their facts are kept under their key', async () => {
    const seen: string[] = [];
    const s = summarizeSource(await getParser(), 'import x\nx.setup(1)\n\ndef f():\n    g(2)\n', [callCollector(seen)]);
    assert.deepStrictEqual([...new Set(seen)], ['call']);
    assert.strictEqual(seen.length, 2);
    assert.deepStrictEqual(s.frameworks, { calls: { calls: ['x.setup(1)'] } });
  });

  it('cost nothing on files their text test turns away, and leave summaries as before without adapters', async () => {
    const seen: string[] = [];
    const parser = await getParser();
    const text = 'import x\nx.setup(1)\n';
    const s = summarizeSource(parser, text, [callCollector(seen, (t) => t.includes('aiohttp'))]);
    assert.strictEqual(seen.length, 0);
    assert.strictEqual(s.frameworks, undefined);
    assert.deepStrictEqual(summarizeSource(parser, text, []), summarizeSource(parser, text));
  });

  it('have the class-level names they list kept in the dunders of its classes, and only those', async () => {
    const parser = await getParser();
    const text = ['MAPPED = "widgets"', '', 'class Widget:', '    __collection__ = MAPPED', '    __sealed__ = True', '    __flavour__ = "x"', '    __tablename__ = "w"', ''].join('\n');
    const namesDunders: FactCollector = { key: 'mapper', classDunders: ['__collection__', '__sealed__'] };
    assert.deepStrictEqual(summarizeSource(parser, text, [namesDunders]).classes[0].dunders, { __collection__: 'widgets', __sealed__: 'True' });
    // No adapter named them: the walk keeps none (not even SQLAlchemy's, whose adapter is not given here).
    assert.strictEqual(summarizeSource(parser, text, []).classes[0].dunders, undefined);
  });

  it("read class members their own way into the core's records of the member and the class, in every file, and nothing is read without them", async () => {
    const parser = await getParser();
    const text = ['class Song(Document):', '    album = Reference("albums.id", Text)', '    title = Field(Text)', '    __links__ = ("artists.id",)', '    __order__ = ("x.y",)', ''].join('\n');
    const asked: string[] = [];
    const documents: FactCollector = {
      key: 'documents',
      appliesTo: () => false, // its nodes are not wanted here; its class-member reading is still asked
      classMembers: {
        memberCall(call, member, read) {
          asked.push(`${member.name}: ${member.callArgs.callee}`);
          const [first, second] = (childByField(call, 'arguments')?.children ?? []).filter((c) => c.named);
          if (member.callArgs.callee === 'Reference') member.callArgs.foreignKeys = [{ target: read.stringValue(first)!, span: read.spanOf(first) }];
          member.callArgs.typeText = read.textOf(second ?? first);
        },
        classAssignments: ['__links__'],
        classAssignment(name, value, cls, read) {
          asked.push(name);
          cls.tableForeignKeys = value.children.filter((c) => c.type === 'string').map((c) => ({ target: read.stringValue(c)!, span: read.spanOf(c) }));
        },
      },
    };
    const song = summarizeSource(parser, text, [documents]).classes[0];
    assert.deepStrictEqual(asked, ['album: Reference', 'title: Field', '__links__']);
    const album = song.members.find((m) => m.name === 'album')!.callArgs!;
    assert.deepStrictEqual([album.foreignKeys, album.typeText], [[{ target: 'albums.id', span: [1, 22, 1, 33] }], 'Text']);
    assert.strictEqual(song.members.find((m) => m.name === 'title')!.callArgs!.typeText, 'Text');
    assert.deepStrictEqual(song.tableForeignKeys, [{ target: 'artists.id', span: [3, 17, 3, 29] }]);
    // No adapter reads them: the core keeps the calls' arguments and nothing more.
    const plain = summarizeSource(parser, text, []).classes[0];
    assert.deepStrictEqual(plain.members.map((m) => [m.callArgs?.foreignKeys, m.callArgs?.typeText]).flat().filter((x) => x !== undefined), []);
    assert.strictEqual(plain.tableForeignKeys, undefined);
    assert.deepStrictEqual(plain.members.find((m) => m.name === 'album')!.callArgs!.positional, ['albums.id', 'Text']);
  });

  it("read class-level fields' annotations into the core's record of the field, and the core reads only a default and None without them", async () => {
    const parser = await getParser();
    const text = ['class Song(Document):', '    album: Link["Album"] = Ref()', '    tags: Links["Tag"]', '    kind: ClassVar[Link["Kind"]]', '    posts: Mapped[List["Post"]] = relationship()', ''].join('\n');
    const asked: string[] = [];
    const documents: FactCollector = {
      key: 'documents',
      appliesTo: () => false, // its nodes are not wanted here; its class-member reading is still asked
      classMembers: {
        annotatedMember(annotation, value, member, read) {
          asked.push(`${member.name}: ${annotation} = ${value ? read.textOf(value) : '-'}`);
          const link = /^(Links?)\["(\w+)"\]$/.exec(annotation);
          if (link) member.field.target = link[2];
          if (link?.[1] === 'Links') member.field.collection = true;
        },
      },
    };
    const song = summarizeSource(parser, text, [documents]).classes[0];
    // ClassVars are no fields: not asked.
    assert.deepStrictEqual(asked, ['album: Link["Album"] = Ref()', 'tags: Links["Tag"] = -', 'posts: Mapped[List["Post"]] = relationship()']);
    const field = (name: string) => song.members.find((m) => m.name === name)!.field;
    assert.deepStrictEqual([field('album'), field('tags'), field('posts')], [{ hasDefault: true, target: 'Album' }, { hasDefault: false, target: 'Tag', collection: true }, { hasDefault: true }]);
    // No adapter reads them: the core keeps the default and nothing more (not even SQLAlchemy's `Mapped[…]`, whose adapter is not given here).
    const plain = summarizeSource(parser, text, []).classes[0];
    assert.deepStrictEqual(plain.members.filter((m) => m.field).map((m) => m.field), [{ hasDefault: true }, { hasDefault: false }, { hasDefault: true }]);
  });

  it("read a keyword's call into the value the core keeps for it, as the core reads an argument's value", async () => {
    const parser = await getParser();
    const text = ['class Song(Document):', '    album = Reference("Album", inverse=Inverse(songs.all, order=1), label=Label("x"))', '    posts = relationship("Post", backref=backref("posts"))', ''].join('\n');
    const documents: FactCollector = {
      key: 'documents',
      classMembers: {
        memberCall(call, member, read) {
          const inverse = (childByField(call, 'arguments')?.children ?? []).find((a) => a.type === 'keyword_argument' && read.textOf(childByField(a, 'name')!) === 'inverse');
          const inner = inverse && childByField(childByField(inverse, 'value')!, 'arguments')?.children.find((c) => c.named);
          if (inner) member.callArgs.keywords.inverse = read.argumentValue(inner);
        },
      },
    };
    const keywords = (s: ReturnType<typeof summarizeSource>) => s.classes[0].members.map((m) => m.callArgs!.keywords);
    assert.deepStrictEqual(keywords(summarizeSource(parser, text, [documents])), [{ inverse: 'songs.all', label: null }, { backref: null }]);
    // No adapter reads them: a call's value is null (SQLAlchemy's `backref(…)` too, whose adapter is not given here).
    assert.deepStrictEqual(keywords(summarizeSource(parser, text, [])), [{ inverse: null, label: null }, { backref: null }]);
  });

  it('may read the tree after the walk, handed no node where their text test for nodes turns the file away', async () => {
    const seen: string[] = [];
    const treePass: FactCollector = {
      key: 'classes',
      nodeTypes: ['call'],
      wantsNodesOf: (text) => text.includes('register'),
      start: () => ({
        visit: (node) => seen.push(node.type),
        finish: ({ root, summary }) => ({ statements: root.children.filter((c) => c.named).length, classes: summary.classes.map((c) => c.name) }),
      }),
    };
    const parser = await getParser();
    const s = summarizeSource(parser, 'class A:\n    pass\n\nsetup(A)\n', [treePass]);
    assert.strictEqual(seen.length, 0);
    assert.deepStrictEqual(s.frameworks, { classes: { statements: 2, classes: ['A'] } });
    summarizeSource(parser, 'register(A)\n', [treePass]);
    assert.deepStrictEqual(seen, ['call']);
  });

  it('add their part to the surface, publish their graph key when a file changes their input, and build the graph on demand, once per project generation', async () => {
    const parser = await getParser();
    let builds = 0;
    const indexed: IndexedFramework<number> = {
      key: 'calls',
      graphKey: '#calls',
      graphInputOf: (summary) => JSON.stringify(summary.frameworks?.calls ?? null),
      buildGraph: () => ++builds,
    };
    const summarize = (text: string) => summarizeSource(parser, text, [callCollector([])]);
    const a = summarize('x.setup(1)\n');
    const b = summarize('x.setup(2)\n');
    assert.notStrictEqual(surfaceOf(a, [indexed]), surfaceOf(b, [indexed]));
    const project = new Project({ sourceRoots: [], adapters: [indexed] });
    project.setFile('a.py', a);
    project.setFile('reader.py', summarize('import a\n'));
    const tracker = new DependencyTracker();
    tracker.add('#calls');
    project.recordDependencies('reader.py', tracker);
    project.dependentsOf([], false); // settles the adds
    assert.strictEqual(project.frameworkGraph(indexed), 1);
    assert.strictEqual(project.frameworkGraph(indexed), 1, 'memo of one generation');
    project.setFile('a.py', summarize('x.setup(1)\n\ndef later():\n    pass\n')); // same input to the graph
    assert.ok(!project.dependentsOf([], false).keys.has('#calls'));
    project.setFile('a.py', b);
    const { files, keys } = project.dependentsOf([], false);
    assert.ok(keys.has('#calls') && files.has('reader.py'));
    assert.strictEqual(project.frameworkGraph(indexed), 2, 'built again once the project changed, when asked');
    assert.strictEqual(project.frameworkGraph(indexed), 2);
  });

  it('publish keys that follow the path or the surface of a file, and add the folders they run from to the source roots', async () => {
    const parser = await getParser();
    const indexed: IndexedFramework = {
      key: 'tasks',
      dependencyKeys: [
        { key: '#task-folders', changedBy: ({ path, before, after }) => (!before || !after) && path.startsWith('tasks/') },
        { key: '#task-surfaces', changedBy: ({ surfaceChanged, after }) => surfaceChanged && !!after?.imports.some((r) => r.module === 'tasklib') },
      ],
      sourceRootOf: (path) => (path.endsWith('/runner.py') ? path.slice(0, -'/runner.py'.length) : null),
    };
    const project = new Project({ sourceRoots: [], adapters: [indexed] });
    const settled = () => project.dependentsOf([], false).keys;
    project.setFile('tasks/a.py', summarizeSource(parser, 'import tasklib\n\ndef f():\n    return 1\n'));
    assert.ok(settled().has('#task-folders'));
    project.setFile('tasks/a.py', summarizeSource(parser, 'import tasklib\n\ndef f():\n    return 2\n'));
    const keys = settled();
    assert.ok(!keys.has('#task-folders') && !keys.has('#task-surfaces'), 'a body edit of a file that stays changes neither');
    project.setFile('tasks/a.py', summarizeSource(parser, 'import tasklib\n\ndef f():\n    return 2\n\ndef g():\n    pass\n'));
    assert.ok(settled().has('#task-surfaces'), 'a surface change of a file the key follows');
    project.setFile('svc/runner.py', summarizeSource(parser, 'x = 1\n'));
    assert.ok(project.sourceRoots.includes('svc'));
    project.removeFile('svc/runner.py');
    assert.ok(!project.sourceRoots.includes('svc'));
    project.removeFile('tasks/a.py');
    assert.ok(settled().has('#task-folders'));
  });

  it('add their rule families to the registry', () => {
    for (const adapter of FRAMEWORK_ADAPTERS) for (const family of adapter.ruleFamilies) assert.ok(RULE_FAMILIES.includes(family), adapter.name);
  });

  it("lend the core's undeclared-dependency and removed-api their parts: packages a file requires, uses of removed APIs, files that are history", async () => {
    const parser = await getParser();
    const project = new Project({ sourceRoots: [] });
    const requirements = (text: string) => project.setProjectFile('requirements.txt', summarizeProjectFileWith(PROJECT_FILE_READERS, 'requirements.txt', 'requirements', text));
    requirements('sqlalchemy==2.0\n');
    project.setFile('conf/tasks.py', summarizeSource(parser, 'QUEUE = "taskq.backends.Redis"\n'));
    project.setFile('history/v1.py', summarizeSource(parser, 'QUEUE = "taskq.backends.Redis"\n'));
    const findings = (family: RuleFamily, path: string): Finding[] => {
      const found: Finding[] = [];
      const ctx: CheckContext = { file: project.source(path)!, project, tracker: new DependencyTracker(), report: (f) => found.push(f), each: (_kind, items, check) => items.forEach((item) => check(item, ctx)) };
      family.check(ctx);
      return found;
    };
    // A framework whose setting names the module it imports at start (the core names none).
    const required: RequiredPackagesPart = {
      ofFile: (file) => (file.path.endsWith('tasks.py') ? [{ span: [0, 9, 0, 29], modules: ['taskq'], distribution: 'taskq', orProjectModule: true, importedPath: 'taskq.backends', message: "QUEUE names 'taskq'", subject: "No manifest declares 'taskq'", breaks: 'the worker fails at start.', importedAtStart: true }] : []),
    };
    const undeclared = findings(dependencyChecks([required]), 'conf/tasks.py');
    assert.deepStrictEqual(undeclared.map((f) => [f.rule, f.message, f.span.join()]), [['undeclared-dependency', "QUEUE names 'taskq'", '0,9,0,29']]);
    assert.strictEqual(findings(dependencyChecks([]), 'conf/tasks.py').length, 0, 'without the part, no finding');
    requirements('sqlalchemy==2.0\ntaskq\n');
    assert.strictEqual(findings(dependencyChecks([required]), 'conf/tasks.py').length, 0, 'declared');
    requirements('sqlalchemy==2.0\n');
    project.setFile('taskq/backends.py', summarizeSource(parser, 'class Redis:\n    pass\n'));
    assert.strictEqual(findings(dependencyChecks([required]), 'conf/tasks.py').length, 0, 'the project has the module');
    // A framework that finds uses of a removed API (the table's `query-get` row: deprecated in SQLAlchemy 2.0), and whose revisions are history.
    const removed: RemovedApiPart = {
      historyOf: (file) => (file.path.startsWith('history/') ? { keepsOldFields: false } : null),
      uses: { 'query-get': () => [{ span: [0, 0, 0, 5] }] },
    };
    const uses = findings(removedApiChecks([removed]), 'conf/tasks.py');
    assert.deepStrictEqual(uses.map((f) => [f.rule, f.severity, f.span.join()]), [['removed-api', 'warning', '0,0,0,5']]);
    assert.strictEqual(findings(removedApiChecks([removed]), 'history/v1.py').length, 0, 'a deprecation in history is noise');
    assert.strictEqual(findings(removedApiChecks([]), 'conf/tasks.py').length, 0, 'without the part, no finding');
  });
});

describe('aiohttp hover and go-to-definition (through the adapter navigation part)', () => {
  it('lead from a key read to where the project sets the key', async () => {
    const root = path.join(__dirname, '..', 'fixtures', 'aiohttp', 'app-keys');
    const ws = await Workspace.load({ root });
    try {
      ws.checkAll();
      const views = fs.readFileSync(path.join(root, 'blog', 'views.py'), 'utf8').split('\n');
      const line = views.findIndex((l) => l.includes('request.app["db"]'));
      const character = views[line].indexOf('"db"') + 1;
      const definition = definitionAt(ws.project, 'blog/views.py', line, character);
      assert.ok(definition, 'a definition');
      assert.strictEqual(definition.file, 'blog/db.py');
      assert.ok(fs.readFileSync(path.join(root, 'blog', 'db.py'), 'utf8').split('\n')[definition.span[0]].includes('application["db"] = Engine()'));
      assert.match(hoverAt(ws.project, 'blog/views.py', line, character)?.markdown ?? '', /Application key.*`db`.*blog\/db\.py:7/);
      const unset = views.findIndex((l) => l.includes('request.app["engine"]'));
      assert.strictEqual(definitionAt(ws.project, 'blog/views.py', unset, views[unset].indexOf('"engine"') + 1), null);
    } finally {
      await ws.dispose();
    }
  });
});
