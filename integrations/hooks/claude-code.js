#!/usr/bin/env node
// Claude Code hook: PostToolUse on Edit|Write|MultiEdit, and Stop. Reads the hook's JSON on stdin.
// Findings: exit 2 with them on stderr (Claude Code feeds stderr back to Claude). Clean: exit 0, no output.
// The check itself failing: exit 1 (shown to the user, not blocking). See docs/integrations/README.md.
'use strict';
const { findingsOfEdit, formatFindings, isChecked, readStdinJson, relativeTo, runCheck } = require('./common');

function main() {
  const input = readStdinJson();
  const root = process.env.CLAUDE_PROJECT_DIR || input.cwd || process.cwd();
  const extra = (process.env.COHERENCE_HOOK_ARGS || '').split(' ').filter(Boolean);
  if (input.hook_event_name === 'Stop' || input.hook_event_name === 'SubagentStop') {
    // Claude is already continuing because of a stop hook: let it stop rather than loop.
    if (input.stop_hook_active) return 0;
    const r = runCheck(root, extra);
    if (r.problem) return fail(r.problem);
    if (!r.diagnostics.length) return 0;
    process.stderr.write(formatFindings(r.diagnostics, `Coherence: ${r.diagnostics.length} finding(s) in the project; fix them before finishing:`));
    return 2;
  }
  const rel = relativeTo(root, input.tool_input && input.tool_input.file_path);
  if (!rel || !isChecked(rel)) return 0;
  const r = runCheck(root, extra);
  if (r.problem) return fail(r.problem);
  const found = findingsOfEdit(root, rel, r.diagnostics);
  if (!found.length) return 0;
  process.stderr.write(formatFindings(found, `Coherence: the edit of ${rel} leaves ${found.length} finding(s):`));
  return 2;
}

function fail(problem) {
  process.stderr.write(`coherence hook: ${problem}\n`);
  return 1;
}

process.exitCode = main();
