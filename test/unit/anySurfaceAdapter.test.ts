// An adapter whose graph reads every file's surface and the layout (IndexedFramework.recheckOnAnySurfaceChange,
// as SQLAlchemy's model graph: models reach their base through any module): its key is published on any
// surface change and any file added or removed, never on an edit that keeps every surface.
import * as assert from 'assert';
import { DependencyTracker, Project } from '../../server/out/index/project';
import type { IndexedFramework } from '../../server/out/index/frameworkParts';
import { getParser } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { FRAMEWORK_ADAPTERS } from '../../server/out/frameworks/adapters';

describe('adapters re-checked on any surface change', () => {
  it('publish their key on a surface change or a new file, not on a body edit', async () => {
    const parser = await getParser();
    const summarize = (text: string) => summarizeSource(parser, text, []);
    const indexed: IndexedFramework = { key: 'models', graphKey: '#any-surface', recheckOnAnySurfaceChange: true };
    const project = new Project({ sourceRoots: [], adapters: [indexed] });
    project.setFile('a.py', summarize('def f():\n    return 1\n'));
    project.setFile('reader.py', summarize('import a\n'));
    const tracker = new DependencyTracker();
    tracker.add('#any-surface');
    project.recordDependencies('reader.py', tracker);
    project.dependentsOf([], false); // settles the adds
    project.setFile('a.py', summarize('def f():\n    return 2\n'));
    assert.ok(!project.dependentsOf([], false).keys.has('#any-surface'), 'a body edit keeps every surface');
    project.setFile('a.py', summarize('def f():\n    return 2\n\ndef g():\n    pass\n'));
    const afterSurface = project.dependentsOf([], false);
    assert.ok(afterSurface.keys.has('#any-surface') && afterSurface.files.has('reader.py'), 'a surface change');
    project.setFile('b.py', summarize('x = 1\n'));
    assert.ok(project.dependentsOf([], false).keys.has('#any-surface'), 'a file added');
  });

  it("is how the SQLAlchemy adapter publishes #sqlalchemy-models", () => {
    const sqlalchemy = FRAMEWORK_ADAPTERS.find((a) => a.graphKey === '#sqlalchemy-models');
    assert.ok(sqlalchemy?.recheckOnAnySurfaceChange);
  });
});
