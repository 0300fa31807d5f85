// `coherence check` on a workspace whose configuration is hostile: bad exclude globs and a pyproject.toml
// that is a FIFO or a link out of the workspace are reported on stderr, and the project is still checked.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

/** A generous hang guard: each of these took forever or ran out of memory before. */
function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI on hostile configuration', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-cli-hostile-'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', '__init__.py'), '');
    fs.writeFileSync(path.join(dir, 'app', 'main.py'), 'print(nme)\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const pyproject = (text: string) => fs.writeFileSync(path.join(dir, 'pyproject.toml'), text);

  for (const [name, globs] of [
    ['an empty glob', '[""]'],
    ['a range of 10^8 numbers', '["{1..100000000}"]'],
    ['twenty brace pairs', `["${'{a,b}'.repeat(20)}"]`],
  ]) {
    it(`warns about ${name} in [tool.coherence] exclude and checks the project`, () => {
      pyproject(`[tool.coherence]\nexclude = ${globs}\n`);
      const r = run(['check', dir, '--format', 'json']);
      assert.strictEqual(r.code, 1, r.stderr);
      assert.deepStrictEqual((JSON.parse(r.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file), ['app/main.py']);
      assert.strictEqual(r.stderr.match(/exclude glob .* it is ignored/g)?.length, 1, r.stderr);
    });
  }

  it('warns about a bad --exclude and still applies the good ones', () => {
    fs.writeFileSync(path.join(dir, 'app', 'old.py'), 'print(gone)\n');
    const r = run(['check', dir, '--format', 'json', '--exclude', '', '--exclude', 'app/old.py']);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual((JSON.parse(r.stdout) as { diagnostics: { file: string }[] }).diagnostics.map((d) => d.file), ['app/main.py']);
    assert.match(r.stderr, /coherence: settings \(coherence\.exclude, --exclude\): exclude glob "" is empty/);
  });

  it('does not block on a pyproject.toml that is a FIFO', () => {
    execFileSync('mkfifo', [path.join(dir, 'pyproject.toml')]);
    const r = run(['check', dir]);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.strictEqual(r.stderr.match(/pyproject\.toml: not read: a FIFO/g)?.length, 1, r.stderr);
  });

  it('does not read a pyproject.toml or setup.cfg that links outside the workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-cli-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'pyproject.toml'), '[tool.coherence.rules]\nundefined-name = "off"\n');
      fs.symlinkSync(path.join(outside, 'pyproject.toml'), path.join(dir, 'pyproject.toml'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'setup.cfg'));
      const r = run(['check', dir]);
      assert.strictEqual(r.code, 1, r.stderr);
      assert.match(r.stdout, /app\/main\.py:1:7: error .*undefined-name/);
      assert.strictEqual(r.stderr.match(/pyproject\.toml: not read: .* outside the workspace/g)?.length, 1, r.stderr);
      assert.strictEqual(r.stderr.match(/setup\.cfg: not read: .*\/etc\/passwd, outside the workspace/g)?.length, 1, r.stderr);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
