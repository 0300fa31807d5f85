// The extension manifest: the CLI problem matcher reads the CLI's real text output, the walkthrough's media
// and the icon exist, and the settings documented there are the ones the server reads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatText } from '../../server/out/cli/formatters';
import type { Diagnostic, Severity } from '../../server/out/core/types';
import { RULES } from '../../server/out/checks/registry';
import { README_TABLE_BEGIN, README_TABLE_END, rulesSettingSchema, withReadmeRuleTable } from '../../server/out/checks/ruleTables';
import { DEFAULT_SETTINGS } from '../../server/out/workspace/config';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function diag(file: string, line: number, character: number, severity: Severity, code: string, message: string): Diagnostic {
  return { file, range: { start: { line, character }, end: { line, character: character + 3 } }, severity, code, message, fixes: [] };
}

describe('extension manifest', () => {
  const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'coherence');
  const pattern = matcher.pattern;
  const regexp = new RegExp(pattern.regexp);
  const report = {
    diagnostics: [
      diag('app/api/routes.py', 3, 14, 'error', 'unresolved-module', "Module 'app.schemas' not found: 'app' (app/__init__.py) has no module 'schemas'."),
      diag('app/svc.py', 9, 0, 'warning', 'async-mismatch', "Coroutine 'fetch' is called without await [sic]."),
      diag('my dir/x.py', 0, 4, 'information', 'undefined-name', 'Name used: x.'),
      diag('y.py', 1, 1, 'hint', 'call-signature', 'f() takes 1: argument.'),
    ],
    filesChecked: 4,
    seconds: 0.1,
  };

  for (const color of [false, true]) {
    it(`problem matcher reads the CLI's text output (${color ? 'coloured' : 'plain'})`, () => {
      const lines = formatText(report, color).trimEnd().split('\n');
      const parsed = lines.map((l) => regexp.exec(l)).map((m) =>
        m && { file: m[pattern.file], line: m[pattern.line], column: m[pattern.column], severity: m[pattern.severity], message: m[pattern.message], code: m[pattern.code] },
      );
      assert.deepStrictEqual(parsed, [
        { file: 'app/api/routes.py', line: '4', column: '15', severity: 'error', code: 'unresolved-module', message: "Module 'app.schemas' not found: 'app' (app/__init__.py) has no module 'schemas'." },
        { file: 'app/svc.py', line: '10', column: '1', severity: 'warning', code: 'async-mismatch', message: "Coroutine 'fetch' is called without await [sic]." },
        { file: 'my dir/x.py', line: '1', column: '5', severity: 'info', code: 'undefined-name', message: 'Name used: x.' },
        { file: 'y.py', line: '2', column: '2', severity: 'hint', code: 'call-signature', message: 'f() takes 1: argument.' },
        null, // the summary line
      ]);
    });
  }

  it('points at files that exist after packaging sources: icon, walkthrough media', () => {
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), manifest.icon);
    for (const w of manifest.contributes.walkthroughs) {
      for (const step of w.steps) assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
    }
  });

  it('documents every setting the server reads, and every rule id', () => {
    const props = manifest.contributes.configuration.properties;
    for (const key of Object.keys(DEFAULT_SETTINGS)) assert.ok(props[`coherence.${key}`], `coherence.${key}`);
  });

  it('gives the rules setting one key per registered rule, each with a severity enum (as write-rule-docs.js writes it)', () => {
    const schema = manifest.contributes.configuration.properties['coherence.rules'];
    assert.deepStrictEqual(Object.keys(schema.properties), [...RULES.keys()]);
    for (const [id, prop] of Object.entries(schema.properties as Record<string, { enum: string[] }>)) {
      assert.deepStrictEqual(prop.enum, ['error', 'warning', 'information', 'hint', 'off'], id);
    }
    assert.strictEqual(schema.additionalProperties, false);
    assert.deepStrictEqual(schema, rulesSettingSchema(RULES.values()), 'package.json differs from the registry: run npm run build && node scripts/write-rule-docs.js');
  });

  it("holds the README's rule table equal to the registry (each rule once, linked to its page)", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.strictEqual(readme, withReadmeRuleTable(readme, RULES.values()), 'README.md rule table differs from the registry: run npm run build && node scripts/write-rule-docs.js');
    const table = readme.slice(readme.indexOf(README_TABLE_BEGIN), readme.indexOf(README_TABLE_END));
    const ids = [...table.matchAll(/^\| \[`([a-z-]+)`\]\(docs\/rules\/\1\.md\)/gm)].map((m) => m[1]);
    assert.deepStrictEqual(ids, [...RULES.keys()]);
    // The detailed coverage page has one row per rule too.
    const coverage = fs.readFileSync(path.join(root, 'docs', 'rule-coverage.md'), 'utf8');
    assert.deepStrictEqual([...coverage.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]).sort(), [...RULES.keys()].sort());
  });
});
