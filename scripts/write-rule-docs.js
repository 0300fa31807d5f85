#!/usr/bin/env node
// Writes, from the rule registry (run after `npm run build`): docs/rules/<id>.md for every rule, the schema of the
// `coherence.rules` setting in package.json, and the README's rule table. test/cli/ruleDocs.test.ts and
// test/unit/manifest.test.ts fail when one of them differs from what this writes.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { RULES } = require(path.join(root, 'server', 'out', 'checks', 'registry'));
const { ruleDocMarkdown, ruleDocPath } = require(path.join(root, 'server', 'out', 'checks', 'ruleDocs'));
const { rulesSettingSchema, withReadmeRuleTable } = require(path.join(root, 'server', 'out', 'checks', 'ruleTables'));

function write(rel, text) {
  const target = path.join(root, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
    fs.writeFileSync(target, text);
    console.log(`wrote ${rel}`);
  }
}

for (const meta of RULES.values()) write(ruleDocPath(meta.id), ruleDocMarkdown(meta));

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
pkg.contributes.configuration.properties['coherence.rules'] = rulesSettingSchema(RULES.values());
write('package.json', JSON.stringify(pkg, null, 2) + '\n');

write('README.md', withReadmeRuleTable(fs.readFileSync(path.join(root, 'README.md'), 'utf8'), RULES.values()));
