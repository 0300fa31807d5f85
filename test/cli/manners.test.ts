// CLI manners: a rule's documentation (`coherence rules <id>`), help per command, one-line usage errors, NO_COLOR.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { RULES } from '../../server/out/checks/registry';
import { RULE_DOC_SECTIONS, ruleDocUrl } from '../../server/out/checks/ruleDocs';
import { FIXTURES } from '../support/fixtures';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), where colour is on unless switched off. */
function runOnTerminal(args: string[], env: NodeJS.ProcessEnv): string | null {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env });
  return r.error ? null : r.stdout;
}

describe('CLI manners', function () {
  this.timeout(60000);

  it('`coherence rules <id>` prints that rule\'s documentation; an unknown id is a one-line usage error', () => {
    const r = run(['rules', 'unknown-lookup']);
    assert.strictEqual(r.code, 0);
    const meta = RULES.get('unknown-lookup')!;
    assert.ok(r.stdout.startsWith(`unknown-lookup (default severity: error)\n${meta.summary}\n`), r.stdout);
    for (const section of RULE_DOC_SECTIONS) assert.match(r.stdout, new RegExp(`^${section}:$`, 'm'));
    assert.ok(r.stdout.includes(`  ${meta.doc.example.split('\n')[0]}`));
    assert.ok(r.stdout.includes(ruleDocUrl('unknown-lookup')));
    const list = run(['rules']);
    assert.strictEqual(list.stdout.trim().split('\n').length, RULES.size);
    const unknown = run(['rules', 'no-such-rule']);
    assert.strictEqual(unknown.code, 2);
    assert.strictEqual(unknown.stderr, "coherence: unknown rule 'no-such-rule' (see 'coherence rules')\nsee 'coherence --help'\n");
    assert.strictEqual(run(['rules', 'unknown-lookups']).stderr.split('\n')[0], "coherence: unknown rule 'unknown-lookups'; did you mean 'unknown-lookup'? (see 'coherence rules')");
  });

  it('prints a usage error as one line and a pointer to --help, not the whole help', () => {
    for (const args of [['frobnicate'], ['check', BASIC, '--no-cache', '--bogus'], ['check', BASIC, '--no-cache', '--format', 'xml'], []]) {
      const r = run(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^coherence: [^\n]+\nsee 'coherence --help'\n$/, r.stderr);
      assert.strictEqual(r.stdout, '');
    }
  });

  it('has help per command', () => {
    const checkHelp = run(['check', '--help']);
    assert.strictEqual(checkHelp.code, 0);
    assert.match(checkHelp.stdout, /^Usage: coherence check \[root\]/);
    assert.match(checkHelp.stdout, /--unsafe-fixes/);
    const rulesHelp = run(['rules', '--help']);
    assert.strictEqual(rulesHelp.code, 0);
    assert.match(rulesHelp.stdout, /^Usage: coherence rules \[id\]/);
    assert.doesNotMatch(rulesHelp.stdout, /--format/);
  });

  it('colours text on a terminal unless NO_COLOR is set and non-empty, or --no-color is given', function () {
    const env = (extra: NodeJS.ProcessEnv) => {
      const e = { ...process.env, ...extra };
      if (extra.NO_COLOR === undefined) delete e.NO_COLOR;
      return e;
    };
    const coloured = runOnTerminal(['check', BASIC, '--no-cache'], env({}));
    if (coloured === null) this.skip(); // no `script` to give the CLI a terminal
    assert.match(coloured!, /\x1b\[31merror\x1b\[0m/);
    assert.match(runOnTerminal(['check', BASIC, '--no-cache'], env({ NO_COLOR: '' }))!, /\x1b\[31merror/, 'an empty NO_COLOR does not count');
    for (const plain of [runOnTerminal(['check', BASIC, '--no-cache'], env({ NO_COLOR: '1' }))!, runOnTerminal(['check', BASIC, '--no-cache', '--no-color'], env({}))]) {
      assert.match(plain!, /app\/routes\.py:14:10: error Module/);
      assert.doesNotMatch(plain!, /\x1b\[/);
    }
  });
});
