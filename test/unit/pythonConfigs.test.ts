// The project-file part's Python config files (ProjectFilePart.pythonConfigs): a made-up server reads its app
// setting (`served_app = "pkg.module:app"`) in config files by their usual name or loaded by a run file; the
// walk keeps the setting the part names in every file, and the core's unknown-entrypoint rule judges it there
// and nowhere else, naming no server itself.
import * as assert from 'assert';
import { DependencyTracker, Project } from '../../server/out/index/project';
import { entrypointChecks } from '../../server/out/checks/entrypoints';
import { projectFileParts, projectFileReaders, type ProjectFilePart } from '../../server/out/manifests/commands';
import { summarizeProjectFileWith } from '../../server/out/manifests/summarize';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import type { CheckContext, Finding } from '../../server/out/rulekit/rule';

/** `serve --conf deploy/prod.py`: the file it loads; `served.conf.py` is read by default. */
const servePart: ProjectFilePart = {
  programs: {
    serve(args, lines, facts) {
      const at = args.findIndex((a) => a.text === '--conf');
      const conf = at >= 0 ? args[at + 1] : undefined;
      if (conf && !conf.dynamic) facts.references.push({ kind: 'file', target: conf.text, span: lines.span(conf.start, conf.end), via: 'serve --conf' });
    },
  },
  pythonConfigs: [{ names: /(^|\/)served\.conf\.py$/, loadedVia: 'serve --conf', appSetting: 'served_app', via: 'serve served_app' }],
};

describe('Python config files (a project-file part)', () => {
  it("have their app setting judged by unknown-entrypoint only where the part says a program reads them", async () => {
    const parser = await getParser();
    const readers = projectFileReaders([servePart]);
    const collectors = [{ key: 'serve', ...projectFileParts(servePart) }];
    const project = new Project({ sourceRoots: [] });
    project.setFile('app/main.py', summarizeSource(parser, 'application = object()\n', collectors));
    project.setFile('served.conf.py', summarizeSource(parser, 'served_app = "app.main:aplication"\nwsgi_app = "app.main:aplication"\n', collectors));
    project.setFile('deploy/prod.py', summarizeSource(parser, 'served_app = "app.mian:application"\n', collectors));
    project.setFile('deploy/unused.py', summarizeSource(parser, 'served_app = "app.mian:application"\n', collectors));
    project.setProjectFile('Procfile', summarizeProjectFileWith(readers, 'Procfile', 'procfile', 'web: serve --conf deploy/prod.py\n'));
    const findings = (path: string, part = readers): string[] => {
      const found: Finding[] = [];
      const ctx: CheckContext = { file: project.source(path)!, project, tracker: new DependencyTracker(), report: (f) => found.push(f), each: (_kind, items, check) => items.forEach((item) => check(item, ctx)) };
      entrypointChecks(part).check(ctx);
      return found.map((f) => `${f.rule} ${f.span.join()} ${f.detail ?? ''}`);
    };
    assert.strictEqual(findings('served.conf.py').length, 1, 'by its usual name');
    assert.match(findings('served.conf.py')[0], /^unknown-entrypoint 0,23,0,33 serve served_app loads .aplication. from .app\.main./);
    assert.strictEqual(findings('deploy/prod.py').length, 1, 'loaded by a run file');
    assert.deepStrictEqual(findings('deploy/unused.py'), [], 'no program reads it');
    assert.deepStrictEqual(findings('served.conf.py', projectFileReaders([])), [], 'without the part, no config file');
    // Without the part, the walk keeps no setting (another server's `wsgi_app` is not this part's).
    assert.deepStrictEqual(summarizeSource(parser, 'served_app = "app.main:aplication"\n').appSettings, undefined);
    assert.deepStrictEqual(project.source('served.conf.py')!.summary.appSettings?.map((s) => s.name), ['served_app']);
  });
});
