// The first edit after a full check re-checks what depends on that edit, not every file: the changes
// recorded while indexing (framework facts, the subclass index) are answered by the full check itself.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const PROJECT = path.join(FIXTURES, 'manifests', 'placed-files');
const EDITED = 'tools/helper.py';

/** How many files each of two identical-kind edits (a new top-level function) re-checks. */
async function recheckedPerEdit(fullCheck: (ws: Workspace) => Promise<void>): Promise<number[]> {
  const dir = copyToTemp(PROJECT);
  const ws = await Workspace.load({ root: dir });
  try {
    await fullCheck(ws);
    const sizes: number[] = [];
    for (let i = 0; i < 2; i++) {
      fs.appendFileSync(path.join(dir, EDITED), `\n\ndef added_${i}():\n    return ${i}\n`);
      sizes.push((await ws.applyChanges([{ path: EDITED, kind: 'changed' }])).size);
    }
    return sizes;
  } finally {
    await ws.dispose();
    removeTemp(dir);
  }
}

describe('the first edit after a full check', () => {
  it('re-checks as few files as the same edit later (checkAll, as the CLI and MCP server do)', async () => {
    const [first, second] = await recheckedPerEdit(async (ws) => void ws.checkAll());
    assert.strictEqual(first, second);
    assert.strictEqual(first, 1, 'nothing imports the edited module');
  });

  it('re-checks as few files as the same edit later (checkAllInSlices, as the language server does)', async () => {
    const [first, second] = await recheckedPerEdit((ws) => ws.checkAllInSlices([], () => {}));
    assert.strictEqual(first, second);
  });
});
