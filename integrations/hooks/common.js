// Shared by the agent hook scripts: read the agent's JSON, run `coherence check --format json`, and tell
// what an edit broke. Plain Node (no build, no dependencies) so the scripts run wherever the agent runs.
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** Findings printed per hook run: enough to act on, short enough for an agent's context. */
const MAX_LISTED = 30;

/** Files Coherence reads: Python sources and the project files it checks (manifests, run files). */
const CHECKED_FILE = /(\.pyi?|requirements[^/]*\.(txt|in)|pyproject\.toml|setup\.cfg|Pipfile|environment\.ya?ml|Dockerfile[^/]*|\.Dockerfile|Procfile[^/]*|compose[^/]*\.ya?ml|\.sh|alembic\.ini)$/i;

function readStdinJson() {
  let text = '';
  try {
    text = fs.readFileSync(0, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

/** How to run the CLI: $COHERENCE_CLI (a command line), else this checkout's build, else `coherence` on PATH. */
function cliCommand() {
  if (process.env.COHERENCE_CLI) return process.env.COHERENCE_CLI.split(' ').filter(Boolean);
  const built = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
  return fs.existsSync(built) ? [process.execPath, built] : ['coherence'];
}

/** Runs the check; `{ diagnostics }` or `{ problem }` when the check itself could not run (exit 2). */
function runCheck(root, extraArgs = []) {
  const [command, ...args] = cliCommand();
  const r = spawnSync(command, [...args, 'check', root, '--format', 'json', ...extraArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) return { problem: `could not run coherence: ${r.error.message}` };
  if (r.status !== 0 && r.status !== 1) return { problem: (r.stderr || `coherence exited with ${r.status}`).trim() };
  try {
    return { diagnostics: JSON.parse(r.stdout).diagnostics };
  } catch (e) {
    return { problem: `unreadable output of coherence check: ${e.message}` };
  }
}

/** One finding: its short message, then its detail indented below (where it was looked for, why it breaks). */
function formatFinding(d) {
  const line = `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.message} [${d.code}]`;
  return d.detail ? `${line}\n    ${d.detail}` : line;
}

function formatFindings(diagnostics, heading) {
  const lines = [heading, ...diagnostics.slice(0, MAX_LISTED).map(formatFinding)];
  if (diagnostics.length > MAX_LISTED) lines.push(`… and ${diagnostics.length - MAX_LISTED} more (run: coherence check)`);
  return lines.join('\n') + '\n';
}

/** The edited file relative to the root, or null when it is outside it. */
function relativeTo(root, file) {
  if (typeof file !== 'string' || !file) return null;
  const rel = path.relative(root, path.resolve(root, file));
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

function isChecked(rel) {
  return CHECKED_FILE.test(rel);
}

/** Identifies a finding across edits that shift its line. */
function findingKey(d) {
  return `${d.file}\0${d.code}\0${d.message}`;
}

function stateFile(root) {
  const id = crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16);
  return path.join(process.env.COHERENCE_HOOK_STATE_DIR || os.tmpdir(), `coherence-hook-${id}.json`);
}

/**
 * What an edit of `rel` broke: the findings in the edited file, and findings anywhere else that the previous
 * hook run of this project did not report (an import of a renamed function in an unchanged file). Findings
 * that were already there elsewhere are not the edit's and do not block the agent.
 */
function findingsOfEdit(root, rel, diagnostics) {
  const file = stateFile(root);
  let before = null;
  try {
    before = new Set(JSON.parse(fs.readFileSync(file, 'utf8')).keys);
  } catch {
    // First run in this project: only the edited file's findings are known to be the edit's.
  }
  try {
    fs.writeFileSync(file, JSON.stringify({ root: path.resolve(root), keys: diagnostics.map(findingKey) }));
  } catch {
    // An unwritable temp folder costs the comparison next time, nothing else.
  }
  return diagnostics.filter((d) => d.file === rel || (before !== null && !before.has(findingKey(d))));
}

module.exports = { readStdinJson, runCheck, formatFinding, formatFindings, relativeTo, isChecked, findingsOfEdit, MAX_LISTED };
