#!/usr/bin/env node
// `npm run pack:cli`: the command-line tool as an npm package of its own, `coherence-cli` (the name
// `coherence` belongs to another package on the registry, and this repository's package.json is the VS Code
// extension's manifest, whose name is part of the extension's id). The package holds an esbuild bundle of the
// CLI and of its parsing worker, the two wasm files, and no dependencies, so the tarball installs offline:
//   npm install -g ./coherence-cli-<version>.tgz   then   coherence check .
// Output: coherence-cli-<version>.tgz at the repository root (staging folder .cli-package/, ignored by git).
'use strict';
const path = require('path');
const fs = require('fs');
const { execFileSync } = require('child_process');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const stage = path.join(root, '.cli-package');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

async function main() {
  fs.rmSync(stage, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { cli: 'server/src/cli.ts', summarizeWorker: 'server/src/host/summarizeWorker.ts' },
    outdir: path.join(stage, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // As in scripts/bundle.js: web-tree-sitter's CommonJS build (its ESM build reads import.meta.url).
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The parser finds both wasm files by walking up from dist/ (server/src/syntax/parser.ts).
  fs.mkdirSync(path.join(stage, 'grammars'), { recursive: true });
  fs.copyFileSync(path.join(root, 'grammars', 'tree-sitter-python.wasm'), path.join(stage, 'grammars', 'tree-sitter-python.wasm'));
  fs.copyFileSync(path.join(root, 'node_modules', 'web-tree-sitter', 'web-tree-sitter.wasm'), path.join(stage, 'grammars', 'web-tree-sitter.wasm'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
  fs.writeFileSync(
    path.join(stage, 'README.md'),
    `# coherence-cli\n\nThe command line of [Coherence](${manifest.repository.url}): checks that the files of a Python backend ` +
      `(Django, Flask, FastAPI, SQLAlchemy) fit together.\n\n\`\`\`sh\nnpx coherence-cli check .\nnpm install -D coherence-cli && npx coherence check --format sarif\n\`\`\`\n`,
  );
  const cliManifest = {
    name: 'coherence-cli',
    version: manifest.version,
    description: 'Coherence on the command line: multi-file coherence checks for Python backends',
    license: manifest.license,
    repository: manifest.repository,
    bin: { coherence: 'dist/cli.js' },
    files: ['dist/', 'grammars/', 'README.md', 'LICENSE'],
    engines: { node: '>=20' },
    keywords: ['python', 'django', 'flask', 'fastapi', 'sqlalchemy', 'static analysis', 'coding agents'],
  };
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(cliManifest, null, 2) + '\n');
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', root], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  console.log(path.join(root, out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
