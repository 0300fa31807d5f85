// The CLI as users install it (issue #16 item 6): `npm run pack:cli` makes coherence-cli-<version>.tgz, which
// installs offline (it has no dependencies: the CLI and its worker are bundled, the wasm files shipped) and
// runs as `npx coherence-cli check` in a project that has it, from any folder.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { removeTemp } from '../support/tempProject';

const REPO = path.join(__dirname, '..', '..');

describe('the coherence-cli package', function () {
  this.timeout(240000);
  let project: string;
  let tarball: string;
  before(() => {
    tarball = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'pack-cli.js')], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!;
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-cli-user-'));
    fs.writeFileSync(path.join(project, 'package.json'), '{"name": "user-project", "private": true}\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: project, stdio: 'pipe' });
  });
  after(() => {
    removeTemp(project);
    fs.rmSync(tarball, { force: true });
  });

  it('holds the bundle, both wasm files and no dependencies', () => {
    const installed = path.join(project, 'node_modules', 'coherence-cli');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.strictEqual(manifest.dependencies, undefined);
    assert.deepStrictEqual(manifest.bin, { coherence: 'dist/cli.js' });
    for (const f of ['dist/cli.js', 'dist/summarizeWorker.js', 'grammars/tree-sitter-python.wasm', 'grammars/web-tree-sitter.wasm']) assert.ok(fs.existsSync(path.join(installed, f)), f);
  });

  it('checks a project from another folder through npx', () => {
    const r = spawnSync('npx', ['--offline', '--no', 'coherence-cli', 'check', path.join(FIXTURES, 'imports', 'basic'), '--no-cache', '--format', 'json'], { cwd: project, encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    assert.strictEqual(out.diagnostics.length, 6);
    const version = spawnSync(path.join(project, 'node_modules', '.bin', 'coherence'), ['--version'], { cwd: os.tmpdir(), encoding: 'utf8' });
    assert.strictEqual(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });
});
