#!/usr/bin/env node
// Copies the pinned Python grammar's wasm from its npm package into grammars/ (never downloaded elsewhere).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const source = require.resolve('tree-sitter-python/tree-sitter-python.wasm', { paths: [root] });
const target = path.join(root, 'grammars', 'tree-sitter-python.wasm');
fs.mkdirSync(path.dirname(target), { recursive: true });
const current = fs.existsSync(target) ? fs.readFileSync(target) : null;
const fresh = fs.readFileSync(source);
if (!current || !current.equals(fresh)) {
  fs.writeFileSync(target, fresh);
  console.log(`copied ${path.relative(root, source)} -> ${path.relative(root, target)}`);
}
