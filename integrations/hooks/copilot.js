#!/usr/bin/env node
// GitHub Copilot agent hook (.github/hooks/*.json): postToolUse after the edit and create tools, for the
// Copilot cloud agent and Copilot CLI. Reads the hook's JSON on stdin ({ cwd, toolName, toolArgs, … };
// toolArgs arrives as a JSON string). GitHub documents postToolUse output as ignored, so this hook cannot
// steer the agent: findings go to stderr (the session's log) and it exits 0 either way, 1 only when the
// check itself failed. To give Copilot the findings as a tool result, add `coherence mcp` as an MCP server.
// See docs/integrations/README.md.
'use strict';
const { findingsOfEdit, formatFindings, isChecked, readStdinJson, relativeTo, runCheck } = require('./common');

/** The tools that write files; their path argument. */
const EDIT_TOOLS = new Set(['edit', 'create', 'write', 'str_replace_editor', 'str_replace', 'insert']);

function toolArgs(input) {
  const raw = input.toolArgs !== undefined ? input.toolArgs : input.tool_input;
  if (typeof raw !== 'string') return raw && typeof raw === 'object' ? raw : {};
  try {
    return JSON.parse(raw) || {};
  } catch {
    return {};
  }
}

function main() {
  const input = readStdinJson();
  const tool = String(input.toolName || input.tool_name || '').toLowerCase();
  if (!EDIT_TOOLS.has(tool)) return 0;
  const args = toolArgs(input);
  const root = input.cwd || process.cwd();
  const rel = relativeTo(root, args.path || args.file_path || args.filePath);
  if (!rel || !isChecked(rel)) return 0;
  const r = runCheck(root, (process.env.COHERENCE_HOOK_ARGS || '').split(' ').filter(Boolean));
  if (r.problem) {
    process.stderr.write(`coherence hook: ${r.problem}\n`);
    return 1;
  }
  const found = findingsOfEdit(root, rel, r.diagnostics);
  if (!found.length) return 0;
  process.stderr.write(formatFindings(found, `Coherence: the edit of ${rel} leaves ${found.length} finding(s):`));
  return 0;
}

process.exitCode = main();
