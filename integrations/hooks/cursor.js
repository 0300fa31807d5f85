#!/usr/bin/env node
// Cursor hook: afterFileEdit and stop (.cursor/hooks.json). Reads the hook's JSON on stdin.
// afterFileEdit cannot block (the edit is made): findings go to stderr (Cursor's hook log) and, as
// `additional_context` on stdout, to the agent where Cursor supports it. stop: findings become a
// `followup_message`, which Cursor sends to the agent as the next message. Always exit 0 unless the check
// itself failed (exit 1). See docs/integrations/README.md.
'use strict';
const { findingsOfEdit, formatFindings, isChecked, readStdinJson, relativeTo, runCheck } = require('./common');

function main() {
  const input = readStdinJson();
  const roots = Array.isArray(input.workspace_roots) ? input.workspace_roots : [];
  const root = roots.find((r) => typeof input.file_path === 'string' && relativeTo(r, input.file_path)) || roots[0] || process.cwd();
  const extra = (process.env.COHERENCE_HOOK_ARGS || '').split(' ').filter(Boolean);
  if (input.hook_event_name === 'stop') {
    // Cursor sends at most a few automatic follow-ups (loop_count): one round of fixes, then stop.
    if (input.status !== 'completed' || input.loop_count > 0) return reply({});
    const r = runCheck(root, extra);
    if (r.problem) return fail(r.problem);
    if (!r.diagnostics.length) return reply({});
    return reply({ followup_message: formatFindings(r.diagnostics, `Coherence: ${r.diagnostics.length} finding(s) in the project; please fix them:`) });
  }
  const rel = relativeTo(root, input.file_path);
  if (!rel || !isChecked(rel)) return reply({});
  const r = runCheck(root, extra);
  if (r.problem) return fail(r.problem);
  const found = findingsOfEdit(root, rel, r.diagnostics);
  if (!found.length) return reply({});
  const text = formatFindings(found, `Coherence: the edit of ${rel} leaves ${found.length} finding(s):`);
  process.stderr.write(text);
  return reply({ additional_context: text });
}

/** Cursor reads JSON from stdout on every path. */
function reply(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
  return 0;
}

function fail(problem) {
  process.stderr.write(`coherence hook: ${problem}\n`);
  process.stdout.write('{}\n');
  return 1;
}

process.exitCode = main();
