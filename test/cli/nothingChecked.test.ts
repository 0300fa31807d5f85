// A run that checks nothing must not look like a clean project (issue #13, defect 5): a root that does
// not exist, is no folder, cannot be read, holds no Python file or has every file excluded exits 2 and
// says why on stderr, with nothing on stdout.
import * as assert from 'assert';
import { spawnSync, type SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

function check(args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { encoding: 'utf8', timeout: 30000, ...options });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('CLI when nothing can be checked', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-nothing-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, entry), 0o755);
    removeTemp(dir);
  });

  function project(): string {
    const root = path.join(dir, 'project');
    fs.mkdirSync(path.join(root, 'app'), { recursive: true });
    fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
    fs.writeFileSync(path.join(root, 'app', 'main.py'), 'import os\nprint(os.sep)\n');
    return root;
  }

  it('checks the look-alike project below and exits 0', () => {
    const r = check([project(), '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(r.stdout).diagnostics, []);
  });

  it('exits 2 when the root does not exist or is no folder', () => {
    const missing = check([path.join(dir, 'missing'), '--format', 'json']);
    assert.deepStrictEqual([missing.code, missing.stdout], [2, '']);
    assert.match(missing.stderr, /missing does not exist/);
    fs.writeFileSync(path.join(dir, 'file.py'), 'x = 1\n');
    const file = check([path.join(dir, 'file.py')]);
    assert.deepStrictEqual([file.code, file.stdout], [2, '']);
    assert.match(file.stderr, /file\.py is not a folder/);
  });

  it('exits 2 when the root cannot be read', function () {
    if (typeof process.getuid !== 'function') this.skip();
    const root = project();
    fs.chmodSync(root, 0o000);
    // Root reads any folder: the check then runs as an unprivileged user, which cannot.
    const asUser: SpawnSyncOptions = process.getuid!() === 0 ? { uid: 65534, gid: 65534 } : {};
    // That user must be able to run the checkout at all (a clone under a 0700 temporary folder is not): say so
    // and skip, rather than fail on a missing module.
    const probe = check(['rules'], asUser);
    if (/Cannot find module|EACCES/.test(probe.stderr) && probe.code !== 0) {
      console.log(`      (skipped: uid ${asUser.uid ?? process.getuid!()} cannot read this checkout)`);
      this.skip();
    }
    const r = check([root, '--format', 'json'], asUser);
    assert.deepStrictEqual([r.code, r.stdout], [2, ''], r.stderr);
    assert.match(r.stderr, /project cannot be read \(EACCES\)/);
  });

  it('exits 2 when the root holds no Python file', () => {
    fs.mkdirSync(path.join(dir, 'empty', 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'empty', 'node_modules', 'x', 'y.py'), 'x = 1\n');
    fs.writeFileSync(path.join(dir, 'empty', 'README.md'), '# nothing\n');
    const r = check([path.join(dir, 'empty')]);
    assert.deepStrictEqual([r.code, r.stdout], [2, ''], r.stderr);
    assert.match(r.stderr, /nothing was checked in .*empty: it holds no Python file/);
  });

  it('exits 2 when every Python file is excluded, by option or by [tool.coherence]', () => {
    const root = project();
    const byOption = check([root, '--exclude', '**/*.py']);
    assert.deepStrictEqual([byOption.code, byOption.stdout], [2, ''], byOption.stderr);
    assert.match(byOption.stderr, /nothing was checked in .*project: every Python file is excluded/);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[tool.coherence]\nexclude = ["app/**"]\n');
    const byConfig = check([root, '--format', 'sarif']);
    assert.deepStrictEqual([byConfig.code, byConfig.stdout], [2, ''], byConfig.stderr);
    assert.match(byConfig.stderr, /every Python file is excluded/);
  });
});
