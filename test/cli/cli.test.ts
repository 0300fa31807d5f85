// `coherence check` as users run it: formats, exit codes, options.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');
const CLEAN = path.join(FIXTURES, 'syntax', 'modern-python');

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', function () {
  this.timeout(60000);

  it('prints JSON in the documented shape and exits 1 when an error is reported', () => {
    const r = run(['check', BASIC, '--no-cache', '--format', 'json']);
    assert.strictEqual(r.code, 1);
    const out = JSON.parse(r.stdout) as { version: number; diagnostics: { file: string; range: { start: { line: number; character: number } }; severity: string; code: string; message: string; fixes: { title: string; edits: unknown[] }[] }[] };
    assert.strictEqual(out.version, 1);
    assert.strictEqual(out.diagnostics.length, 6);
    const first = out.diagnostics[0];
    assert.deepStrictEqual(Object.keys(first), ['file', 'range', 'severity', 'code', 'message', 'detail', 'related', 'fixes']);
    assert.strictEqual(first.file, 'app/routes.py');
    assert.deepStrictEqual(first.range.start, { line: 13, character: 9 });
    assert.strictEqual(first.code, 'unresolved-module');
    assert.strictEqual(first.fixes[0].title, "Change 'servics' to 'services'");
  });

  it('prints SARIF 2.1.0 with rules, 1-based regions and fixes', () => {
    const r = run(['check', BASIC, '--no-cache', '--format', 'sarif']);
    assert.strictEqual(r.code, 1);
    const log = JSON.parse(r.stdout);
    assert.strictEqual(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.ok(run0.tool.driver.rules.some((rule: { id: string }) => rule.id === 'undefined-name'));
    assert.strictEqual(run0.results.length, 6);
    const res = run0.results[0];
    assert.strictEqual(res.ruleId, 'unresolved-module');
    assert.strictEqual(res.level, 'error');
    assert.deepStrictEqual(res.locations[0].physicalLocation.region, { startLine: 14, startColumn: 10, endLine: 14, endColumn: 17 });
    assert.strictEqual(res.locations[0].physicalLocation.artifactLocation.uri, 'app/routes.py');
    assert.strictEqual(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'services');
    // The short message is the first sentence, the detail follows; the package looked in is a related location.
    assert.strictEqual(res.message.text, "Module 'app.servics' not found; did you mean 'app.services'? 'app' (app/__init__.py) has no module 'servics': importing this file raises ModuleNotFoundError.");
    assert.deepStrictEqual(res.relatedLocations, [
      { id: 0, message: { text: "looked for 'servics' in this package" }, physicalLocation: { artifactLocation: { uri: 'app/__init__.py', uriBaseId: 'SRCROOT' }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } } },
    ]);
  });

  it('prints text with file:line:col and a summary, exit 0 on a clean project', () => {
    const dirty = run(['check', BASIC, '--no-cache']);
    assert.match(dirty.stdout, /^app\/routes\.py:14:10: error Module 'app\.servics' not found/m);
    // The detail and the related place, indented under the finding's line.
    assert.match(dirty.stdout, /not found; did you mean 'app\.services'\? \[unresolved-module\]\n    'app' \(app\/__init__\.py\) has no module 'servics': .*\n    app\/__init__\.py:1: looked for 'servics' in this package\n/);
    assert.match(dirty.stdout, /6 error\(s\), 0 warning\(s\), 0 note\(s\) in 1 file\(s\)/);
    const clean = run(['check', CLEAN, '--no-cache']);
    assert.strictEqual(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^0 error\(s\)/);
  });

  it('lowers severities with --rule and exits 0 when only warnings remain', () => {
    const r = run(['check', BASIC, '--no-cache', '--format', 'json', '--rule', 'unresolved-module=warning', '--rule', 'unknown-import-name=off']);
    assert.strictEqual(r.code, 0);
    const out = JSON.parse(r.stdout) as { diagnostics: { severity: string; code: string }[] };
    assert.deepStrictEqual([...new Set(out.diagnostics.map((d) => `${d.code}:${d.severity}`))], ['unresolved-module:warning']);
  });

  it('exits 2 on usage errors', () => {
    assert.strictEqual(run(['check', BASIC, '--no-cache', '--format', 'xml']).code, 2);
    assert.strictEqual(run(['check', path.join(BASIC, 'does-not-exist')]).code, 2);
    assert.strictEqual(run(['frobnicate']).code, 2);
    assert.strictEqual(run(['check', BASIC, '--no-cache', '--rule', 'no-such-rule=error']).code, 2);
    assert.strictEqual(run(['check', BASIC, '--no-cache', '--bogus']).code, 2);
    assert.strictEqual(run(['--help']).code, 0);
  });

  it('--changed-since reports the break a new file brings, and exits 2 on a ref that is not there', () => {
    const dir = copyToTemp(BASIC);
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
      git('init', '-q');
      git('-c', 'user.email=t@t', '-c', 'user.name=t', 'add', '-A');
      git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base');
      fs.writeFileSync(path.join(dir, 'app', 'new_view.py'), 'from app.models import Missing\n');
      const r = run(['check', dir, '--format', 'json', '--changed-since', 'HEAD']);
      const out = JSON.parse(r.stdout) as { diagnostics: { file: string }[] };
      assert.deepStrictEqual([...new Set(out.diagnostics.map((d) => d.file))], ['app/new_view.py']);
      assert.strictEqual(run(['check', dir, '--changed-since', 'no-such-ref']).code, 2);
    } finally {
      removeTemp(dir);
    }
  });
});
