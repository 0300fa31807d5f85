// The rule pages under docs/rules/ and the link to them that every diagnostic carries (SARIF helpUri here;
// LSP codeDescription in test/lsp/codeDescription.test.ts).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/out/checks/registry';
import { REPOSITORY_URL, RULE_DOC_SECTIONS, ruleDocMarkdown, ruleDocPath } from '../../server/out/checks/ruleDocs';
import { FIXTURES } from '../support/fixtures';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'server', 'out', 'cli.js');
const BASIC = path.join(FIXTURES, 'imports', 'basic');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rule documentation pages', function () {
  this.timeout(60000);

  it('has a page under docs/rules/ for every rule, with the four sections, equal to what the rule says', () => {
    for (const meta of RULES.values()) {
      const page = path.join(REPO, ruleDocPath(meta.id));
      assert.ok(fs.existsSync(page), `${ruleDocPath(meta.id)} is missing: run node scripts/write-rule-docs.js`);
      const text = fs.readFileSync(page, 'utf8');
      assert.deepStrictEqual(
        text.split('\n').filter((l) => l.startsWith('## ')),
        RULE_DOC_SECTIONS.map((s) => `## ${s}`),
        meta.id,
      );
      assert.strictEqual(text, ruleDocMarkdown(meta), `${ruleDocPath(meta.id)} differs from the rule's doc: run node scripts/write-rule-docs.js`);
    }
    const pages = fs.readdirSync(path.join(REPO, 'docs', 'rules')).map((f) => f.replace(/\.md$/, ''));
    assert.deepStrictEqual(pages.sort(), [...RULES.keys()].sort(), 'a page without a rule');
  });

  it('links each diagnostic to its page in the repository package.json names (SARIF helpUri)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { repository: { url: string } };
    assert.strictEqual(REPOSITORY_URL, pkg.repository.url);
    const sarif = JSON.parse(run(['check', BASIC, '--no-cache', '--format', 'sarif']).stdout);
    const rules = sarif.runs[0].tool.driver.rules as { id: string; helpUri: string }[];
    assert.strictEqual(rules.length, RULES.size);
    for (const rule of rules) assert.strictEqual(rule.helpUri, `${pkg.repository.url}/blob/main/docs/rules/${rule.id}.md`);
  });

});
