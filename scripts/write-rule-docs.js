#!/usr/bin/env node
// Writes docs/rules/<id>.md for every registered rule from its metadata (run after `npm run build`);
// test/unit/ruleDocs.test.ts fails when a page differs from what this writes.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { RULES } = require(path.join(root, 'server', 'out', 'checks', 'registry'));
const { ruleDocMarkdown, ruleDocPath } = require(path.join(root, 'server', 'out', 'checks', 'ruleDocs'));

for (const meta of RULES.values()) {
  const target = path.join(root, ruleDocPath(meta.id));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const text = ruleDocMarkdown(meta);
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(root, target)}`);
  }
}
