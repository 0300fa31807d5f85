// `--changed-since` runs git in the workspace (issue #13, defect 3). The workspace's git configuration is
// untrusted: an fsmonitor hook, filter drivers, diff drivers, a pager, hooks or a transport it names must
// never run, and the option must still work. Each command below would create a marker file if run.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GitFailure, runGitSafely } from '../../server/out/cli/safeGit';
import { removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A committed project whose repository configuration names a marker-making command everywhere git could run one. */
function hostileRepository(): { dir: string; markers: string; marked: () => string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-git-'));
  const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-git-markers-'));
  write(dir, 'app/__init__.py', '');
  write(dir, 'app/stable.py', 'from app.missing import x\n');
  write(dir, 'app/edited.py', 'y = 1\n');
  write(dir, '.gitattributes', '*.py filter=evil diff=evil\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const run = (name: string) => `touch '${path.join(markers, name)}'`;
  const config: [string, string][] = [
    ['core.fsmonitor', `${run('fsmonitor')}; false`],
    ['core.pager', `${run('pager')}; cat`],
    ['core.sshCommand', `${run('ssh')}; false`],
    ['diff.external', `${run('diff-external')}; false`],
    ['diff.evil.textconv', `${run('textconv')}; cat`],
    ['diff.evil.command', `${run('diff-driver')}; false`],
    ['filter.evil.clean', `${run('filter-clean')}; cat`],
    ['filter.evil.smudge', `${run('filter-smudge')}; cat`],
    ['filter.evil.required', 'true'],
    ['filter.other.process', `${run('filter-process')}; false`],
    ['protocol.ext.allow', 'always'],
    ['alias.diff', `!${run('alias')}`],
    ['log.showSignature', 'true'],
    ['gpg.program', path.join(dir, '.git', 'fake-gpg')], // run without a shell: a program, not a command line
  ];
  fs.writeFileSync(path.join(dir, '.git', 'fake-gpg'), `#!/bin/sh\n${run('gpg')}\nexit 1\n`, { mode: 0o755 });
  for (const [key, value] of config) git('config', key, value);
  // A signed commit (the signature is never valid: verifying it is what would run gpg.program).
  const tree = git('rev-parse', 'HEAD^{tree}').toString().trim();
  const head = git('rev-parse', 'HEAD').toString().trim();
  const signed = `tree ${tree}\nparent ${head}\nauthor t <t@t> 0 +0000\ncommitter t <t@t> 0 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nsigned\n`;
  const signedId = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: signed }).toString().trim();
  git('update-ref', 'refs/heads/signed', signedId);
  fs.appendFileSync(path.join(dir, '.git', 'info', 'attributes'), 'app/stable.py filter=other\n');
  for (const hook of ['post-index-change', 'pre-auto-gc', 'reference-transaction']) {
    fs.writeFileSync(path.join(dir, '.git', 'hooks', hook), `#!/bin/sh\n${run(`hook-${hook}`)}\n`, { mode: 0o755 });
  }
  return { dir, markers, marked: () => fs.readdirSync(markers).sort() };
}

describe('git in an untrusted workspace', function () {
  this.timeout(60000);
  let repo: ReturnType<typeof hostileRepository>;
  beforeEach(() => {
    repo = hostileRepository();
  });
  afterEach(() => {
    removeTemp(repo.dir);
    removeTemp(repo.markers);
  });

  it('--changed-since reports edited and new files, and runs nothing the repository configures', () => {
    write(repo.dir, 'app/edited.py', 'from app.gone import y\n');
    write(repo.dir, 'app/fresh.py', 'from app.nowhere import z\n');
    const now = new Date();
    fs.utimesSync(path.join(repo.dir, 'app/stable.py'), now, now); // stat-dirty: git would re-hash it through the filter
    const r = spawnSync(process.execPath, [CLI, 'check', repo.dir, '--format', 'json', '--changed-since', 'HEAD'], { encoding: 'utf8', timeout: 30000 });
    assert.deepStrictEqual(repo.marked(), []);
    assert.strictEqual(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { diagnostics: { file: string }[] };
    assert.deepStrictEqual([...new Set(out.diagnostics.map((d) => d.file))].sort(), ['app/edited.py', 'app/fresh.py']);

    // The same repository with plain git: the configuration is live, so the test above could fail.
    spawnSync('git', ['diff', '--name-only', 'HEAD'], { cwd: repo.dir, stdio: 'pipe', timeout: 30000 });
    assert.ok(repo.marked().includes('fsmonitor'), repo.marked().join(', '));
    assert.ok(repo.marked().some((m) => m.startsWith('filter-')), repo.marked().join(', '));
  });

  it('runGitSafely shows diffs and history without diff drivers or signature programs, and refuses what it cannot guard', () => {
    write(repo.dir, 'app/edited.py', 'y = 2\n');
    assert.match(runGitSafely(repo.dir, ['diff', 'HEAD']), /^\+y = 2$/m);
    assert.match(runGitSafely(repo.dir, ['log', '-p', '-1']), /^\+y = 1$/m);
    assert.strictEqual(runGitSafely(repo.dir, ['show', 'HEAD:app/edited.py']), 'y = 1\n');
    assert.throws(() => runGitSafely(repo.dir, ['ls-remote', `ext::sh -c touch% ${path.join(repo.markers, 'transport')}`]), GitFailure);
    assert.throws(() => runGitSafely(repo.dir, ['cat-file', '--textconv', 'HEAD:app/edited.py']), GitFailure);
    assert.match(runGitSafely(repo.dir, ['log', '-1', 'signed']), /signed/);
    assert.match(runGitSafely(repo.dir, ['log', '-1', '--format=%G?', 'signed']), /^[A-Z]$/m);
    assert.deepStrictEqual(repo.marked(), []);
    spawnSync('git', ['log', '-1', 'signed'], { cwd: repo.dir, stdio: 'pipe', timeout: 30000 });
    assert.deepStrictEqual(repo.marked(), ['gpg'], 'plain git verifies the signature with the configured program');
  });

  it('runGitSafely never fetches a missing object of a partial clone through the transport it configures', () => {
    execFileSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: repo.dir });
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-git-clone-'));
    try {
      execFileSync('git', ['clone', '-q', '--filter=blob:none', '--no-checkout', `file://${repo.dir}`, clone], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
      execFileSync('git', ['config', 'remote.origin.url', `ext::sh -c touch% ${path.join(repo.markers, 'lazy-fetch')}`], { cwd: clone });
      execFileSync('git', ['config', 'protocol.ext.allow', 'always'], { cwd: clone });
      assert.throws(() => runGitSafely(clone, ['show', 'HEAD:app/edited.py']), GitFailure);
      assert.deepStrictEqual(repo.marked(), []);
      // Plain git fetches it through that transport.
      spawnSync('git', ['show', 'HEAD:app/edited.py'], { cwd: clone, stdio: 'pipe', timeout: 30000 });
      assert.deepStrictEqual(repo.marked(), ['lazy-fetch']);
    } finally {
      removeTemp(clone);
    }
  });

  it('refuses a ref that git would read as an option', () => {
    const output = path.join(repo.markers, 'output');
    const r = spawnSync(process.execPath, [CLI, 'check', repo.dir, `--changed-since=--output=${output}`], { encoding: 'utf8', timeout: 30000 });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--changed-since takes a git ref/);
    assert.deepStrictEqual(repo.marked(), []);
  });
});
