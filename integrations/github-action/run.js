#!/usr/bin/env node
// Entry script of the Coherence GitHub Action (action.yml at the repository root). One check (JSON), then
// from it: pull-request annotations (workflow commands on stdout), a SARIF file for code scanning, a job
// summary, and step outputs. Paths are made relative to the workspace, where GitHub and code scanning look.
// Inputs arrive as environment variables: INPUT_PATH, INPUT_ARGS, INPUT_ANNOTATE.
// Exit: 0 no error reported, 1 errors reported, 2 the check could not run.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'server', 'out', 'cli.js');
const { formatGithub, formatSarif } = require(path.join(REPO, 'server', 'out', 'cli', 'formatters'));

function appendTo(file, text) {
  if (file) fs.appendFileSync(file, text);
}

function main() {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const root = path.resolve(workspace, process.env.INPUT_PATH || '.');
  const extra = (process.env.INPUT_ARGS || '').split(/\s+/).filter(Boolean);
  const annotate = (process.env.INPUT_ANNOTATE || 'true') !== 'false';
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) {
    process.stdout.write(`::error title=Coherence::${(r.stderr || `coherence exited with ${r.status}`).trim().replace(/%/g, '%25').replace(/\r?\n/g, '%0A')}\n`);
    return 2;
  }
  // Relative to the workspace: the check's root may be a subfolder of the repository.
  const prefix = path.relative(workspace, root).split(path.sep).join('/');
  const inWorkspace = (file) => (prefix ? `${prefix}/${file}` : file);
  const diagnostics = JSON.parse(r.stdout).diagnostics.map((d) => ({
    ...d,
    file: inWorkspace(d.file),
    fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, file: inWorkspace(e.file) })) })),
  }));
  const report = { diagnostics, filesChecked: 0, seconds: (Date.now() - started) / 1000 };
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
  const sarifFile = path.join(process.env.RUNNER_TEMP || workspace, 'coherence.sarif');
  fs.writeFileSync(sarifFile, formatSarif(report, version));
  if (annotate) process.stdout.write(formatGithub(report).split('\n').filter((l) => l.startsWith('::')).join('\n') + (diagnostics.length ? '\n' : ''));
  const count = (...severities) => diagnostics.filter((d) => severities.includes(d.severity)).length;
  const errors = count('error');
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const summary = `${errors} error(s), ${count('warning')} warning(s), ${count('information', 'hint')} note(s) in ${files} file(s)`;
  process.stdout.write(`Coherence: ${summary}\n`);
  appendTo(process.env.GITHUB_OUTPUT, `sarif=${sarifFile}\nfindings=${diagnostics.length}\nerrors=${errors}\n`);
  appendTo(
    process.env.GITHUB_STEP_SUMMARY,
    `### Coherence\n${diagnostics.length ? `${summary}\n\n` + diagnostics.slice(0, 50).map((d) => `- \`${d.file}:${d.range.start.line + 1}\` ${d.severity} [${d.code}] ${d.message}`).join('\n') + '\n' : 'No findings.\n'}`,
  );
  return errors ? 1 : 0;
}

process.exitCode = main();
