// Run files with characters the shell does not split on (issue #13, defect 1): the CLI once looped, then
// ran out of memory, on each of these. Spawned with a deadline and a heap bound so a regression fails.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

describe('CLI on hostile run files', function () {
  this.timeout(60000);

  it('checks a project whose Procfiles, Dockerfile, compose file and script hold VT, FF, NBSP and U+2028', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-runfiles-'));
    try {
      const files: Record<string, string> = {
        'app.py': 'app = object()\n',
        Procfile: 'b:\x0b',
        'Procfile.web': 'web: gunicorn\u00a0app:app\n',
        Dockerfile: 'FROM python:3.12\nCMD gunicorn\x0capp:app\n',
        'docker-compose.yml': 'services:\n  web:\n    command: gunicorn\u00a0app:app\n',
        'run.sh': '#!/bin/sh\nexec gunicorn\u2028app:app\n',
        // The same command with a plain space, which is read: it names a missing attribute.
        'Procfile.worker': 'worker: gunicorn app:missing\n',
      };
      for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
      const r = spawnSync(process.execPath, ['--max-old-space-size=512', CLI, 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 30000 });
      assert.strictEqual(r.signal, null, `the CLI was killed by ${r.signal} (30 s deadline or 512 MB heap passed)`);
      assert.strictEqual(r.status, 1, r.stderr);
      const out = JSON.parse(r.stdout) as { diagnostics: { file: string; code: string }[] };
      assert.deepStrictEqual(out.diagnostics.map((d) => `${d.file} ${d.code}`), ['Procfile.worker unknown-entrypoint']);
    } finally {
      removeTemp(dir);
    }
  });
});
