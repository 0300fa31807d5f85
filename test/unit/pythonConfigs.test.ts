// The project-file part's Python config files (ProjectFilePart.pythonConfigs): a made-up server reads its app
// setting (`wsgi_app = "pkg.module:app"`) in config files by their usual name or loaded by a run file; the
// core's unknown-entrypoint rule judges the setting there and nowhere else, naming no server itself.
import * as assert from 'assert';
import { DependencyTracker, Project } from '../../server/out/index/project';
import { entrypointChecks } from '../../server/out/checks/entrypoints';
import { projectFileReaders, type ProjectFilePart } from '../../server/out/manifests/commands';
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
  pythonConfigs: [{ names: /(^|\/)served\.conf\.py$/, loadedVia: 'serve --conf', via: 'serve wsgi_app' }],
};

describe('Python config files (a project-file part)', () => {
  it("have their app setting judged by unknown-entrypoint only where the part says a program reads them", async () => {
    const parser = await getParser();
    const readers = projectFileReaders([servePart]);
    const project = new Project({ sourceRoots: [] });
    project.setFile('app/main.py', summarizeSource(parser, 'application = object()\n'));
    project.setFile('served.conf.py', summarizeSource(parser, 'wsgi_app = "app.main:aplication"\n'));
    project.setFile('deploy/prod.py', summarizeSource(parser, 'wsgi_app = "app.mian:application"\n'));
    project.setFile('deploy/unused.py', summarizeSource(parser, 'wsgi_app = "app.mian:application"\n'));
    project.setProjectFile('Procfile', summarizeProjectFileWith(readers, 'Procfile', 'procfile', 'web: serve --conf deploy/prod.py\n'));
    const findings = (path: string, part = readers): string[] => {
      const found: Finding[] = [];
      const ctx: CheckContext = { file: project.source(path)!, project, tracker: new DependencyTracker(), report: (f) => found.push(f), each: (_kind, items, check) => items.forEach((item) => check(item, ctx)) };
      entrypointChecks(part).check(ctx);
      return found.map((f) => `${f.rule} ${f.span.join()} ${f.detail ?? ''}`);
    };
    assert.strictEqual(findings('served.conf.py').length, 1, 'by its usual name');
    assert.match(findings('served.conf.py')[0], /^unknown-entrypoint 0,21,0,31 serve wsgi_app loads .aplication. from .app\.main./);
    assert.strictEqual(findings('deploy/prod.py').length, 1, 'loaded by a run file');
    assert.deepStrictEqual(findings('deploy/unused.py'), [], 'no program reads it');
    assert.deepStrictEqual(findings('served.conf.py', projectFileReaders([])), [], 'without the part, no config file');
  });
});
