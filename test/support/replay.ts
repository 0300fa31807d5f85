// Edit replay: apply edits on disk one by one, let a workspace update incrementally, and compare it with a
// fresh load after each edit. Incremental tests assert their own expectations on the states it returns.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';

/** Replace `from` by `to` in `file` (a file that does not exist yet is created from ''). */
export type FileEdit = [file: string, from: string, to: string];

/** Every diagnostic of `files`, as one comparable string. */
export function diagnosticsText(ws: Workspace, files: string[]): string {
  return JSON.stringify(files.map((f) => [f, ws.diagnosticsOf(f)]));
}

/**
 * Applies `edits` to the project in `dir` and to `ws`; after each, the incrementally updated `ws` must report
 * exactly what a fresh load reports for `files`, and `after` may assert more. Returns the diagnostics before
 * the first edit and after each.
 */
export async function replayAgainstFresh(ws: Workspace, dir: string, files: string[], edits: FileEdit[], after?: (ws: Workspace, step: number) => void): Promise<string[]> {
  const states = [diagnosticsText(ws, files)];
  for (const [step, [file, from, to]] of edits.entries()) {
    const full = path.join(dir, file);
    const created = !fs.existsSync(full);
    const text = created ? '' : fs.readFileSync(full, 'utf8');
    assert.ok(text.includes(from), `${file} contains ${JSON.stringify(from)}`);
    fs.writeFileSync(full, text.replace(from, to));
    await ws.applyChanges([{ path: file, kind: created ? 'created' : 'changed' }]);
    const fresh = await Workspace.load({ root: dir });
    fresh.checkAll();
    try {
      assert.strictEqual(diagnosticsText(ws, files), diagnosticsText(fresh, files), `after editing ${file}: ${from.trim()} -> ${to.trim()}`);
    } finally {
      await fresh.dispose();
    }
    states.push(diagnosticsText(ws, files));
    after?.(ws, step);
  }
  return states;
}
