// unknown-attribute on framework objects re-checked incrementally (checks/frameworkObjects.ts records one item
// per reference): edits of the module that makes the object change what its importers are told, and the
// edited workspace agrees with a fresh load after each edit.
import * as assert from 'assert';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh } from '../support/replay';
import { copyToTemp, removeTemp } from '../support/tempProject';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'wiring', 'framework-objects');

describe('framework objects re-checked incrementally', () => {
  it('follow the object a module makes through edits of that module', async () => {
    const dir = copyToTemp(FIXTURE);
    const ws = await Workspace.load({ root: dir });
    const onApp = () => ws.diagnosticsOf('api/extra.py').filter((d) => d.code === 'unknown-attribute' && d.range.start.line === 19);
    try {
      ws.checkAll();
      assert.strictEqual(onApp().length, 1, 'app.include_routers is reported before the edits');
      await replayAgainstFresh(
        ws,
        dir,
        [...ws.checkAll().keys()].sort(),
        [
          ['api/main.py', 'app = FastAPI(title="shop")', 'app = object()'],
          ['api/main.py', 'app = object()', 'app = FastAPI(title="shop")'],
          ['api/main.py', 'from fastapi import FastAPI, Request', 'from fastapi import APIRouter as FastAPI, Request'],
          ['api/main.py', 'app.state.started = True\n', 'app.state.started = True\n\n\ndef added() -> None:\n    pass\n'],
        ],
        (_ws, step) => {
          const found = onApp();
          if (step === 0) assert.deepStrictEqual(found, [], 'app is no framework object');
          if (step === 1) assert.ok(found.length === 1 && (found[0].detail ?? '').includes('FastAPI object'), JSON.stringify(found));
          if (step >= 2) assert.ok(found.length === 1 && (found[0].detail ?? '').includes('APIRouter object'), JSON.stringify(found));
        },
      );
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
