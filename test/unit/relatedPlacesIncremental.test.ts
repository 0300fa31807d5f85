// Related places of findings are lines of other files (issue #19): a body edit of that other file keeps its surface,
// so no dependent is re-checked for the edit's sake, yet the places must move with the lines they name.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { replayAgainstFresh } from '../support/replay';
import { removeTemp } from '../support/tempProject';

describe('related places after edits of the file they point into', () => {
  it('follow lines inserted above the declaration they name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-test-'));
    fs.mkdirSync(path.join(dir, 'shop'));
    fs.writeFileSync(path.join(dir, 'shop', '__init__.py'), '');
    fs.writeFileSync(path.join(dir, 'shop', 'prices.py'), 'def total(amount, rate):\n    return amount * rate\n');
    fs.writeFileSync(path.join(dir, 'shop', 'views.py'), 'from shop.prices import total\n\n\ndef show():\n    return total(1)\n');
    const ws = await Workspace.load({ root: dir });
    const declaredAt = () => ws.diagnosticsOf('shop/views.py').flatMap((d) => (d.related ?? []).filter((r) => r.file === 'shop/prices.py').map((r) => r.range.start.line));
    try {
      ws.checkAll();
      assert.deepStrictEqual(declaredAt(), [0], 'the call-signature finding names the declaration of total()');
      await replayAgainstFresh(ws, dir, ['shop/views.py', 'shop/prices.py'], [['shop/prices.py', 'def total(', '# Prices in cents.\n\n\ndef total(']], () => {
        assert.deepStrictEqual(declaredAt(), [3], 'the related place moved with the declaration');
      });
    } finally {
      await ws.dispose();
      removeTemp(dir);
    }
  });
});
