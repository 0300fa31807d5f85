// `coherence check --fix / --unsafe-fixes / --diff` as users run them, on a temporary copy of a fixture.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const MIXED = path.join(FIXTURES, 'fixes', 'safe-and-unsafe');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir` with its bytes, to prove a run wrote nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), 'base64'));
  }
  return files;
}

interface JsonReport {
  diagnostics: { file: string; code: string; range: { start: { line: number } }; fixes: { title: string; safety: string }[] }[];
}
const check = (dir: string) => JSON.parse(run(['check', dir, '--format', 'json']).stdout) as JsonReport;

// The fixture's services.py with its safe fixes applied: two did-you-means and one import (asked for twice,
// merged into the import from the same module).
const SERVICES_FIXED = `from app.models import Mailer, Usr  # expect: unknown-import-name
from app.notify import send_alert as alert, Notifier  # expect: unknown-import-name


class Greeter:
    def __init__(self, mailer: Mailer):
        self.mailer = mailer

    def greet(self, user):
        self.mailer.send(user, "hello")  # expect: unknown-attribute
        self.mailer.broadcast("hello")  # expect: unknown-attribute
        alert("greeted")
        return Notifier().notify(user)  # expect: undefined-name

    def greet_again(self, user):
        self.mailer.send(user, "hello again")
        return Notifier().notify(user)  # expect: undefined-name
`;

describe('CLI --fix and --diff', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = copyToTemp(MIXED);
  });
  afterEach(() => removeTemp(dir));

  it('marks each fix safe or unsafe in JSON and SARIF', () => {
    const fixes = check(dir).diagnostics.flatMap((d) => d.fixes.map((f) => `${f.title}: ${f.safety}`));
    assert.ok(fixes.includes("Change 'sendd' to 'send': safe"), fixes.join('\n'));
    assert.ok(fixes.includes("Import 'Notifier' from 'app.notify': safe"));
    assert.ok(fixes.includes("Add method 'broadcast' to 'Mailer': unsafe"));
    // An imported name: renamed under its alias the file's uses keep working; without one they would not.
    assert.ok(fixes.includes("Change 'send_alrt' to 'send_alert': safe"));
    assert.ok(fixes.includes("Change 'Usr' to 'User': unsafe"));
    const sarif = JSON.parse(run(['check', dir, '--format', 'sarif']).stdout);
    const sarifFixes = sarif.runs[0].results.flatMap((r: { fixes?: { description: { text: string }; properties: { safety: string } }[] }) => r.fixes ?? []);
    assert.deepStrictEqual(sarifFixes.find((f: { description: { text: string } }) => f.description.text.startsWith('Add method')).properties, { safety: 'unsafe' });
  });

  it('--diff prints a unified diff of the safe fixes and writes nothing; `git apply` of it gives what --fix writes', () => {
    const before = snapshot(dir);
    const r = run(['check', dir, '--diff']);
    assert.strictEqual(r.code, 1, 'the exit code is the check\'s: errors remain');
    assert.deepStrictEqual(snapshot(dir), before);
    assert.match(r.stdout, /^--- a\/app\/services\.py\n\+\+\+ b\/app\/services\.py\n@@ /);
    assert.strictEqual(r.stdout.split('\n').filter((l) => l.startsWith('+from app.notify import send_alert as alert, Notifier  #')).length, 1);
    assert.strictEqual(r.stdout.match(/Notifier\n/g), null, 'the import asked for twice is added once');
    assert.ok(!r.stdout.includes('broadcast(self'), 'an unsafe stub is not in the diff without --unsafe-fixes');
    assert.match(r.stderr, /would apply fixes for 4 finding\(s\) in 1 file\(s\); nothing written/);

    execFileSync('git', ['apply', '-'], { cwd: dir, input: r.stdout });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'app', 'services.py'), 'utf8'), SERVICES_FIXED);
  });

  it('--fix applies exactly the safe fixes, re-checks, and leaves unsafe ones for --unsafe-fixes', () => {
    const models = fs.readFileSync(path.join(dir, 'app', 'models.py'), 'utf8');
    const r = run(['check', dir, '--fix']);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'app', 'services.py'), 'utf8'), SERVICES_FIXED);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'app', 'models.py'), 'utf8'), models, 'the unsafe stub is not written');
    // The report and the exit code are those of the re-check: only the findings with unsafe fixes are left.
    assert.strictEqual(r.code, 1);
    // Each finding's short line, its detail and related places indented below it.
    assert.match(r.stdout, /^app\/services\.py:1:32: error Cannot import 'Usr'.*\n(    .*\n)+app\/services\.py:11:21: error 'Mailer' has no attribute 'broadcast' \[unknown-attribute\]\n    Class 'Mailer' \(app\/models\.py\) and its bases define no 'broadcast'.*\n    app\/models\.py:6: class 'Mailer'\n2 error\(s\)/);
    assert.match(r.stderr, /applied fixes for 4 finding\(s\) in 1 file\(s\)\ncoherence: 2 finding\(s\) have only unsafe fixes/);
    assert.deepStrictEqual(check(dir).diagnostics.map((d) => d.code), ['unknown-import-name', 'unknown-attribute']);

    const unsafe = run(['check', dir, '--fix', '--unsafe-fixes']);
    assert.strictEqual(unsafe.code, 0, unsafe.stdout + unsafe.stderr);
    assert.match(fs.readFileSync(path.join(dir, 'app', 'models.py'), 'utf8'), /\n    def broadcast\(self, arg1\):\n        raise NotImplementedError\n$/);
    assert.match(fs.readFileSync(path.join(dir, 'app', 'services.py'), 'utf8'), /^from app\.models import Mailer, User {2}#/);
    assert.deepStrictEqual(check(dir).diagnostics, []);
  });

  it('refuses flags that do not go together', () => {
    for (const args of [['--unsafe-fixes'], ['--diff', '--fix'], ['--diff', '--format', 'json']]) {
      const r = run(['check', dir, ...args]);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.strictEqual(r.stderr.split('\n').length, 3, r.stderr);
    }
  });
});
