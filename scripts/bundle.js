#!/usr/bin/env node
// Bundles the extension for the .vsix with esbuild: one file for the client, one for the language server and
// one for its parsing worker, all in dist/ (the pool starts `summarizeWorker.js` from the server's own folder).
// The wasm files stay files: the server finds them by walking up from dist/ (server/src/syntax/parser.ts
// findAsset) to grammars/tree-sitter-python.wasm and node_modules/web-tree-sitter/web-tree-sitter.wasm, which
// .vscodeignore keeps in the package. Usage: node scripts/bundle.js [--dev] (--dev: no minification).
'use strict';
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const dev = process.argv.includes('--dev');
const outdir = path.join(root, 'dist');

async function main() {
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      extension: 'client/src/extension.ts',
      server: 'server/src/server.ts',
      summarizeWorker: 'server/src/host/summarizeWorker.ts',
    },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have; its CommonJS
    // build uses __dirname and is otherwise the same code.
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
    mainFields: ['module', 'main'],
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    console.log(`${path.relative(root, file)}: ${(info.bytes / 1024).toFixed(0)} KiB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
