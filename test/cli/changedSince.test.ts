// `--changed-since <ref>` reports what a change introduced anywhere (issue #16 item 1), and `--baseline`
// reports what a baseline file does not hold (item 2). Driven as a pull-request gate drives them: a
// temporary git repository, a change, the CLI.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

interface JsonDiagnostic {
  file: string;
  code: string;
  message: string;
  range: { start: { line: number } };
}
interface JsonReport {
  diagnostics: JsonDiagnostic[];
  comparison?: { new: number; unchanged: number; resolved: JsonDiagnostic[]; resolvedUnlisted: number; summary: string };
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

/** A project whose `helper` two files import, with one break (in c.py) already committed. */
function repository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-changed-'));
  write(dir, 'pkg/__init__.py', '');
  write(dir, 'pkg/util.py', 'def helper():\n    return 1\n');
  write(dir, 'a.py', 'from pkg.util import helper\n\nprint(helper())\n');
  write(dir, 'b.py', 'from pkg.util import helper\n');
  write(dir, 'c.py', 'from pkg.util import nothing_here\n');
  git(dir, 'init', '-q');
  commit(dir, 'base');
  return dir;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
}

function check(dir: string, ...args: string[]): { code: number | null; out: JsonReport; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', ...args], { encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout ? (JSON.parse(r.stdout) as JsonReport) : { diagnostics: [] }, stderr: r.stderr };
}

const where = (ds: JsonDiagnostic[]) => ds.map((d) => `${d.file}:${d.range.start.line + 1}:${d.code}`).sort();

describe('--changed-since and --baseline', function () {
  this.timeout(120000);
  let dir: string;
  beforeEach(() => {
    dir = repository();
  });
  afterEach(() => removeTemp(dir));

  it('reports the breaks a rename causes in files the change did not touch, and not the ones that were there', () => {
    write(dir, 'pkg/util.py', 'def assist():\n    return 1\n');
    const status = git(dir, 'status', '--porcelain');
    const r = check(dir, '--changed-since', 'HEAD');
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(where(r.out.diagnostics), ['a.py:1:unknown-import-name', 'b.py:1:unknown-import-name']);
    assert.strictEqual(r.out.comparison?.unchanged, 1, 'the break in c.py was there before');
    assert.deepStrictEqual(r.out.comparison?.resolved, []);
    // The old version was read from git's objects: the user's tree is as it was.
    assert.strictEqual(fs.readFileSync(path.join(dir, 'pkg/util.py'), 'utf8'), 'def assist():\n    return 1\n');
    assert.strictEqual(git(dir, 'status', '--porcelain'), status);
  });

  it('compares committed changes with an older ref, and matches findings whose lines moved', () => {
    write(dir, 'c.py', '"""Docs."""\nimport os\n\n\nfrom pkg.util import nothing_here\n');
    write(dir, 'pkg/util.py', '');
    commit(dir, 'shift c.py, empty util.py');
    const r = check(dir, '--changed-since', 'HEAD~1');
    assert.deepStrictEqual(where(r.out.diagnostics), ['a.py:1:unknown-import-name', 'b.py:1:unknown-import-name']);
    assert.strictEqual(r.out.comparison?.unchanged, 1, 'c.py:5 is c.py:1 moved down');
  });

  it('lists the findings a change resolved and exits 0 when it adds none', () => {
    write(dir, 'c.py', 'from pkg.util import helper\n');
    const r = check(dir, '--changed-since', 'HEAD');
    assert.strictEqual(r.code, 0, r.stderr);
    assert.deepStrictEqual(r.out.diagnostics, []);
    assert.deepStrictEqual(where(r.out.comparison?.resolved ?? []), ['c.py:1:unknown-import-name']);
    assert.match(r.out.comparison?.summary ?? '', /^0 new finding\(s\), 0 already there, 1 resolved/);
  });

  it('sees deleted and untracked files as the change made them', () => {
    fs.rmSync(path.join(dir, 'pkg/util.py'));
    write(dir, 'd.py', 'from pkg.gone import x\n');
    const r = check(dir, '--changed-since', 'HEAD');
    // c.py's finding changed with util.py's deletion: its old one is resolved, its new one is new.
    assert.deepStrictEqual(where(r.out.diagnostics), ['a.py:1:unresolved-module', 'b.py:1:unresolved-module', 'c.py:1:unresolved-module', 'd.py:1:unresolved-module']);
    assert.deepStrictEqual(where(r.out.comparison?.resolved ?? []), ['c.py:1:unknown-import-name']);
  });

  it('marks SARIF results new, unchanged or absent', () => {
    write(dir, 'pkg/util.py', 'def assist():\n    return 1\n');
    write(dir, 'c.py', '');
    write(dir, 'e.py', 'from pkg.util import also_missing\n');
    git(dir, 'add', 'e.py');
    git(dir, 'commit', '-qm', 'e.py with a break');
    const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'sarif', '--changed-since', 'HEAD~1'], { encoding: 'utf8', timeout: 60000 });
    const results = JSON.parse(r.stdout).runs[0].results as { baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const states = results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.baselineState}`).sort();
    assert.deepStrictEqual(states, ['a.py:new', 'b.py:new', 'c.py:absent', 'e.py:new']);
    const plain = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'sarif', '--changed-since', 'HEAD'], { encoding: 'utf8', timeout: 60000 });
    const unchanged = JSON.parse(plain.stdout).runs[0].results as { baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    assert.ok(unchanged.some((x) => x.baselineState === 'unchanged' && x.locations[0].physicalLocation.artifactLocation.uri === 'e.py'));
  });

  it('refuses a ref that is not a commit, with one line', () => {
    const r = check(dir, '--changed-since', 'no-such-ref');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /--changed-since no-such-ref/);
  });

  it('with a baseline, fails only on findings the baseline does not hold, wherever their lines moved', () => {
    const baseline = path.join(dir, 'coherence-baseline.json');
    const first = check(dir, '--write-baseline', baseline);
    assert.strictEqual(first.code, 1, 'the run that writes a baseline still reports');
    assert.strictEqual(JSON.parse(fs.readFileSync(baseline, 'utf8')).findings.length, 1);
    const adopted = check(dir, '--baseline', baseline);
    assert.strictEqual(adopted.code, 0, adopted.stderr);
    assert.deepStrictEqual(adopted.out.diagnostics, []);
    write(dir, 'c.py', '# moved\n\nfrom pkg.util import nothing_here\n');
    write(dir, 'b.py', 'from pkg.util import helpr\n');
    const later = check(dir, '--baseline', baseline);
    assert.strictEqual(later.code, 1);
    assert.deepStrictEqual(where(later.out.diagnostics), ['b.py:1:unknown-import-name']);
    assert.strictEqual(later.out.comparison?.unchanged, 1);
    write(dir, 'c.py', '');
    assert.strictEqual(check(dir, '--baseline', baseline).out.comparison?.resolvedUnlisted, 1);
    fs.writeFileSync(baseline, '{"not": "a baseline"}');
    const bad = check(dir, '--baseline', baseline);
    assert.strictEqual(bad.code, 2);
    assert.match(bad.stderr, /not a Coherence baseline/);
  });
});
