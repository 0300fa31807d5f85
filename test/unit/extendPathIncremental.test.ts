// A package that extends its __path__ resolves submodules through its other portions: edits of the `__path__`
// line, of the other portion, and of a nested project's manifest must leave what a fresh load reports.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh } from '../support/replay';
import { copyToTemp, removeTemp } from '../support/tempProject';

describe('incremental re-checks of packages that extend their __path__ agree with a fresh check', () => {
  it('after the __path__ line goes and comes back, and a portion module is renamed', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'imports', 'extend-path'));
    const ws = await Workspace.load({ root: dir });
    const lines = (w: Workspace) => w.diagnosticsOf('server/acme/service.py').map((d) => `${d.code}@${d.range.start.line + 1}`);
    try {
      const files = [...ws.checkAll().keys()].sort();
      assert.deepStrictEqual(lines(ws).sort(), ['unknown-import-name@3', 'unresolved-module@4']);
      const checks: ((w: Workspace) => void)[] = [
        // Without `__path__ = …` the server's acme is a plain package: `from acme import v1` finds no v1 in it.
        (w) => assert.ok(lines(w).includes('unknown-import-name@1'), lines(w).join(' ')),
        (w) => assert.deepStrictEqual(lines(w).sort(), ['unknown-import-name@3', 'unresolved-module@4']),
        // The portion's class is renamed: the import of it is reported in a file the edit did not touch.
        (w) => assert.ok(lines(w).includes('unknown-import-name@2'), lines(w).join(' ')),
      ];
      const states = await replayAgainstFresh(
        ws,
        dir,
        files,
        [
          ['server/acme/__init__.py', '__path__ = extend_path(__path__, __name__)', 'PATH = extend_path([], __name__)'],
          ['server/acme/__init__.py', 'PATH = extend_path([], __name__)', '__path__ = extend_path(__path__, __name__)'],
          ['sdk/python/acme/v1/outputs.py', 'class Customer:', 'class Client:'],
        ],
        (w, step) => checks[step](w),
      );
      assert.strictEqual(states[2], states[0], 'the repair restores the start');
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });

  it('after a nested project gains and loses its manifest', async () => {
    const dir = copyToTemp(path.join(__dirname, '..', 'fixtures', 'imports', 'nested-projects'));
    const ws = await Workspace.load({ root: dir });
    const lines = (w: Workspace) => w.diagnosticsOf('sdk/python/tests/test_errors.py').map((d) => `${d.code}@${d.range.start.line + 1}`);
    try {
      ws.checkAll();
      assert.deepStrictEqual(lines(ws), ['unknown-import-name@2']);
      const manifest = path.join(dir, 'sdk/python/pyproject.toml');
      const text = fs.readFileSync(manifest, 'utf8');
      fs.rmSync(manifest);
      await ws.applyChanges([{ path: 'sdk/python/pyproject.toml', kind: 'deleted' }]);
      // Without its manifest the SDK folder is no project of its own: the server root's acme wins.
      assert.deepStrictEqual(lines(ws).sort(), ['unknown-import-name@1', 'unknown-import-name@2']);
      fs.writeFileSync(manifest, text);
      await ws.applyChanges([{ path: 'sdk/python/pyproject.toml', kind: 'created' }]);
      assert.deepStrictEqual(lines(ws), ['unknown-import-name@2']);
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
