// `coherence mcp [root]`: serves the MCP tools over stdio until the client closes stdin.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Diagnostic } from '../core/types';
import { createCoherenceMcpServer } from '../mcp/coherenceMcpServer';
import type { CoherenceSettings } from '../workspace/config';
import type { Workspace } from '../host/workspace';
import { textReader } from '../workspace/safeRead';
import { compareWithRef } from './changedSince';
import { whyNothingWasChecked } from './nothingChecked';

export interface McpCommandOptions {
  root: string;
  settings: CoherenceSettings;
  version: string;
}

/** `check`'s changed_since is whatever the CLI's --changed-since reports, from the same function: the new findings. */
async function changedSince(workspace: Workspace, root: string, ref: string, current: Diagnostic[]): Promise<Diagnostic[]> {
  return (await compareWithRef(workspace, root, ref, current, textReader(root))).added;
}

/** Resolves with exit code 0 once the client has closed the connection and the workspace is released. */
export async function runMcpServer(options: McpCommandOptions): Promise<number> {
  // stdout carries the protocol: every log line goes to stderr, which MCP clients keep as the server's log.
  const log = (m: string) => process.stderr.write(`coherence: ${m}\n`);
  const mcp = createCoherenceMcpServer({ ...options, changedSince, whyNothingWasChecked, log });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The stdio transport does not notice the end of its input by itself.
    process.stdin.once('end', () => void transport.close());
    process.stdin.once('close', () => void transport.close());
  });
  await mcp.server.connect(transport);
  await closed;
  await mcp.dispose();
  return 0;
}
