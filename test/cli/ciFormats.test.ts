// `--format github` (Actions workflow commands) and `--format gitlab` (Code Quality JSON).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { formatGithub } from '../../server/out/cli/formatters';
import type { Diagnostic } from '../../server/out/core/types';
import { FIXTURES } from '../support/fixtures';
import { copyToTemp, removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');
const CLEAN = path.join(FIXTURES, 'syntax', 'modern-python');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

describe('CI output formats', function () {
  this.timeout(60000);

  it('github: one workflow command per finding (1-based, titled by rule), then the summary; exit code as text', () => {
    const r = run(['check', BASIC, '--no-cache', '--format', 'github']);
    assert.strictEqual(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.strictEqual(lines.length, 7);
    assert.strictEqual(
      lines[0],
      // The short message, then the detail on its own line (%0A).
      "::error file=app/routes.py,line=14,endLine=14,col=10,endColumn=17,title=Coherence unresolved-module::Module 'app.servics' not found; did you mean 'app.services'?%0A'app' (app/__init__.py) has no module 'servics': importing this file raises ModuleNotFoundError.",
    );
    assert.match(lines[6], /^6 error\(s\), 0 warning\(s\), 0 note\(s\) in 1 file\(s\)/);
    const clean = run(['check', CLEAN, '--no-cache', '--format', 'github']);
    assert.strictEqual(clean.code, 0);
    assert.match(clean.stdout, /^0 error\(s\)[^\n]*\n$/);
  });

  it('github: escapes what would end a property or the message, and maps severities to error/warning/notice', () => {
    const d = (severity: Diagnostic['severity'], file: string, message: string, multiLine = false): Diagnostic => ({
      file,
      range: { start: { line: 0, character: 0 }, end: { line: multiLine ? 2 : 0, character: 3 } },
      severity,
      code: 'undefined-name',
      message,
      fixes: [],
    });
    const out = formatGithub({ diagnostics: [d('warning', 'a,b:c.py', '100% broken\nsecond line'), d('hint', 'x.py', 'note', true)], filesChecked: 2, seconds: 0 });
    const [first, second] = out.split('\n');
    assert.strictEqual(first, '::warning file=a%2Cb%3Ac.py,line=1,endLine=1,col=1,endColumn=4,title=Coherence undefined-name::100%25 broken%0Asecond line');
    assert.strictEqual(second, '::notice file=x.py,line=1,endLine=3,col=1,title=Coherence undefined-name::note');
  });

  it('gitlab: Code Quality issues whose fingerprints survive line shifts and tell identical findings apart', () => {
    const dir = copyToTemp(BASIC);
    try {
      const before = JSON.parse(run(['check', dir, '--format', 'gitlab']).stdout) as CodeQualityIssue[];
      assert.strictEqual(before.length, 6);
      assert.deepStrictEqual(Object.keys(before[0]).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.deepStrictEqual(
        { check_name: before[0].check_name, severity: before[0].severity, path: before[0].location.path, begin: before[0].location.lines.begin },
        { check_name: 'unresolved-module', severity: 'critical', path: 'app/routes.py', begin: 14 },
      );
      assert.match(before[0].description, /^Module 'app\.servics' not found/);
      assert.strictEqual(new Set(before.map((i) => i.fingerprint)).size, 6);
      const routes = path.join(dir, 'app', 'routes.py');
      // Two lines above every finding, and a second copy of one broken import.
      fs.writeFileSync(routes, '# moved\n\n' + fs.readFileSync(routes, 'utf8') + 'from app.models import Usr\n');
      const after = JSON.parse(run(['check', dir, '--format', 'gitlab']).stdout) as CodeQualityIssue[];
      assert.strictEqual(after.length, 7);
      assert.strictEqual(new Set(after.map((i) => i.fingerprint)).size, 7);
      for (const issue of before) {
        const moved = after.find((a) => a.fingerprint === issue.fingerprint);
        assert.strictEqual(moved?.location.lines.begin, issue.location.lines.begin + 2, issue.description);
      }
    } finally {
      removeTemp(dir);
    }
  });
});
