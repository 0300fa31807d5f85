// `coherence check --watch` (issue #17 item 3): a report, then a report after each change on disk, from the
// editor's incremental machinery; Ctrl-C ends it with exit 0.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as readline from 'readline';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

interface Report {
  diagnostics: { file: string; code: string }[];
}

describe('check --watch', function () {
  this.timeout(120000);

  it('reports again after an edit, an added file, a fix and a folder removed, and stops on SIGINT', async () => {
    const root = copyToTemp(path.join(FIXTURES, 'syntax', 'modern-python'));
    const child = spawn(process.execPath, [CLI, 'check', root, '--watch', '--format', 'json', '--no-cache'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reports: Report[] = [];
    let waiting: { predicate: (r: Report) => boolean; resolve: () => void } | null = null;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const r = JSON.parse(line) as Report;
      reports.push(r);
      if (waiting?.predicate(r)) {
        waiting.resolve();
        waiting = null;
      }
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const next = (predicate: (r: Report) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such report; got ${JSON.stringify(reports.slice(-2))}; stderr ${stderr}`)), 60000);
        waiting = {
          predicate,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    const files = (r: Report) => r.diagnostics.map((d) => `${d.file}:${d.code}`).sort();
    try {
      await next((r) => r.diagnostics.length === 0);
      // The watch starts right after the first report and says so.
      for (let waited = 0; !/watching/.test(stderr) && waited < 60000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      fs.mkdirSync(path.join(root, 'pkg', 'sub'), { recursive: true });
      fs.writeFileSync(path.join(root, 'pkg', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'pkg', 'sub', '__init__.py'), '');
      fs.writeFileSync(path.join(root, 'pkg', 'sub', 'mod.py'), 'def run():\n    return 1\n');
      fs.writeFileSync(path.join(root, 'user.py'), 'from pkg.sub.mod import runn\n');
      await next((r) => files(r).join() === 'user.py:unknown-import-name');
      fs.writeFileSync(path.join(root, 'user.py'), 'from pkg.sub.mod import run\n');
      await next((r) => r.diagnostics.length === 0);
      // A folder removed as a whole (pkg stays the project's package, so pkg.sub is missing, not third-party).
      fs.rmSync(path.join(root, 'pkg', 'sub'), { recursive: true });
      await next((r) => files(r).join() === 'user.py:unresolved-module');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      assert.strictEqual(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      removeTemp(root);
    }
  });

  it('refuses formats and options it cannot stream', () => {
    const r = require('child_process').spawnSync(process.execPath, [CLI, 'check', FIXTURES, '--watch', '--format', 'sarif'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--watch reports text or json/);
  });
});
