// What one workspace folder can make Coherence read: a folder with more Python files than the limit is not
// indexed at all (a partial index would report modules as missing), and a filesystem root is never a folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { folderRefusal } from '../../server/out/lsp/session';
import { removeTemp } from '../support/tempProject';

describe('workspace limits', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-limits-'));
    fs.writeFileSync(path.join(dir, 'a.py'), 'import b\n');
    fs.writeFileSync(path.join(dir, 'b.py'), 'from c import y\n');
    fs.writeFileSync(path.join(dir, 'c.py'), 'x = 1\n');
  });
  afterEach(() => removeTemp(dir));

  it('does not index a folder with more Python files than the limit, and says why', async () => {
    const ws = await Workspace.load({ root: dir, maxSourceFiles: 2 });
    try {
      assert.strictEqual(ws.fileCount, 0);
      assert.match(ws.notIndexedBecause ?? '', /holds 3 Python files, more than the 2 one folder may have/);
      assert.ok(ws.notes.some((n) => n.startsWith('not indexed: ')));
      assert.strictEqual(ws.checkAll().size, 0);
    } finally {
      await ws.dispose();
    }
  });

  it('indexes a folder at the limit', async () => {
    const ws = await Workspace.load({ root: dir, maxSourceFiles: 3 });
    try {
      assert.strictEqual(ws.fileCount, 3);
      assert.strictEqual(ws.notIndexedBecause, null);
      assert.deepStrictEqual([...ws.checkAll().get('b.py')!].map((d) => d.code), ['unknown-import-name']);
    } finally {
      await ws.dispose();
    }
  });

  it('refuses filesystem roots as workspace folders, nothing else', () => {
    assert.match(folderRefusal('/') ?? '', /filesystem root/);
    assert.strictEqual(folderRefusal(dir), null);
    assert.strictEqual(folderRefusal(os.homedir()), null);
  });
});
