// A CLI run with nothing changed since the last one prints the last run's findings without parsing
// (issue #17): the same output as a cold run, and any change to what the findings depend on — a file's
// contents, a file added or removed, a manifest, the options — makes it check again.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

function check(root: string, ...args: string[]): { stdout: string; stderr: string; stats: { fromLastRun: boolean; summarized: number } } {
  const r = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json', '--stats', ...args], { encoding: 'utf8', timeout: 60000 });
  const m = /coherence stats: (\{.*\})/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr.replace(/coherence stats: .*\n/, ''), stats: JSON.parse(m[1]) };
}

describe('warm CLI runs', function () {
  this.timeout(180000);
  let root: string;
  beforeEach(() => {
    root = copyToTemp(path.join(FIXTURES, 'imports', 'basic'));
    fs.rmSync(path.join(root, '.coherence_cache'), { recursive: true, force: true });
    // A file that is not read, so that the run has a note to say again.
    fs.writeFileSync(path.join(root, 'app', 'blob.py'), Buffer.from([0, 1, 2, 0]));
  });
  afterEach(() => removeTemp(root));

  it('prints the last run’s findings and notes when nothing changed, and checks again after each kind of change', () => {
    const cold = check(root);
    assert.strictEqual(cold.stats.fromLastRun, false);
    const warm = check(root);
    assert.strictEqual(warm.stats.fromLastRun, true);
    assert.strictEqual(warm.stats.summarized, 0);
    assert.strictEqual(warm.stdout, cold.stdout);
    assert.strictEqual(warm.stderr, cold.stderr);
    assert.match(warm.stderr, /skipped app\/blob\.py/);

    const changes: [string, () => void][] = [
      ['an edit', () => fs.appendFileSync(path.join(root, 'app', 'models.py'), '\nfrom app.nowhere import x\n')],
      ['an added file', () => fs.writeFileSync(path.join(root, 'app', 'added.py'), 'import app.also_nowhere\n')],
      ['a deleted file', () => fs.rmSync(path.join(root, 'app', 'added.py'))],
      ['a manifest', () => fs.writeFileSync(path.join(root, 'requirements.txt'), 'flask\n')],
      ['a marker', () => fs.writeFileSync(path.join(root, 'alembic.ini'), '[alembic]\n')],
    ];
    for (const [what, change] of changes) {
      change();
      const after = check(root);
      assert.strictEqual(after.stats.fromLastRun, false, what);
      assert.strictEqual(after.stdout, check(root, '--no-cache').stdout, what);
      assert.strictEqual(check(root).stats.fromLastRun, true, `${what}: the run after it is warm again`);
    }
  });

  it('checks again when the options differ', () => {
    check(root);
    const lowered = check(root, '--rule', 'unresolved-module=warning');
    assert.strictEqual(lowered.stats.fromLastRun, false);
    assert.ok(JSON.parse(lowered.stdout).diagnostics.some((d: { severity: string }) => d.severity === 'warning'));
    assert.strictEqual(check(root, '--exclude', 'app/routes.py').stats.fromLastRun, false);
  });
});
