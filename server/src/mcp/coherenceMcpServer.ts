// `coherence mcp`: the checker as Model Context Protocol tools for coding agents. This face only translates:
// the analysis is the Workspace the CLI and the language server use, kept warm between calls and brought up
// to date with the disk before every answer.
import * as fs from 'fs';
import * as path from 'path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { RULES } from '../checks/registry';
import { compareDiagnostics, type Diagnostic } from '../core/types';
import { nearestName } from '../core/nearest';
import type { CoherenceSettings } from '../workspace/config';
import { buildCheckResult, checkOutputShape, DEFAULT_FINDINGS_CAP } from './checkResult';
import { FixPreviewError, fixPreviewOutputShape, previewFixes } from './fixPreview';
import { FreshWorkspace } from './freshWorkspace';
import type { Workspace } from '../host/workspace';

/** What `check` reports for `changed_since`: the CLI's `--changed-since` (what the change introduced), given the current diagnostics. */
export type ChangedSince = (workspace: Workspace, root: string, ref: string, current: Diagnostic[]) => Promise<Diagnostic[]>;

export interface CoherenceMcpOptions {
  root: string;
  settings: CoherenceSettings;
  version: string;
  changedSince: ChangedSince;
  /** Says why a folder with no Python files was not checked. */
  whyNothingWasChecked: (root: string) => Promise<string>;
  log: (message: string) => void;
  findingsCap?: number;
}

/** A request the tools cannot answer as asked: returned to the agent as a tool error, never a crash. */
export class ToolError extends Error {}

export interface CoherenceMcp {
  server: McpServer;
  /** Closes the workspace (its worker threads). */
  dispose(): Promise<void>;
}

export function createCoherenceMcpServer(options: CoherenceMcpOptions): CoherenceMcp {
  const cap = options.findingsCap ?? DEFAULT_FINDINGS_CAP;
  const server = new McpServer({ name: 'coherence', version: options.version });
  // Indexing starts at once, so that the first call finds it under way or done.
  const opening = FreshWorkspace.open({ root: options.root, settings: options.settings, log: options.log });
  opening.catch(() => {}); // reported by the first call that awaits it
  // One call at a time: a refresh must not interleave with another call's refresh or check.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: (fresh: FreshWorkspace) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => work(await opening));
    queue = run.catch(() => {});
    return run;
  };
  const current = async (fresh: FreshWorkspace): Promise<Diagnostic[]> => {
    await fresh.refresh();
    if (fresh.workspace.notIndexedBecause) throw new ToolError(fresh.workspace.notIndexedBecause);
    if (fresh.workspace.fileCount === 0) throw new ToolError(await options.whyNothingWasChecked(options.root));
    return fresh.diagnostics().sort(compareDiagnostics);
  };

  server.registerTool(
    'check',
    {
      title: 'Check the Python project',
      description:
        'Checks that the files of the Python backend fit together (imports, names, attributes, call signatures, ' +
        'Django/SQLAlchemy models, migrations, URL and entrypoint wiring) without running it. Answers from a warm ' +
        'index brought up to date with the files on disk, so call it after every edit. Lists up to ' +
        `${cap} findings (1-based line/column) with their fix titles; past that, counts per rule and file. ` +
        "Says 'no findings' explicitly when clean.",
      inputSchema: {
        paths: z.array(z.string()).optional().describe('files or folders (relative to the project root) to report on; the whole project is still analysed'),
        changed_since: z.string().optional().describe("a git ref (e.g. HEAD, main): report what the CLI's --changed-since reports"),
      },
      outputSchema: checkOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ paths, changed_since }) =>
      serially(async (fresh) => {
        const scopes = (paths ?? []).map((p) => projectPath(options.root, p, true));
        let diagnostics = await current(fresh);
        if (changed_since !== undefined) diagnostics = (await options.changedSince(fresh.workspace, options.root, changed_since, diagnostics)).sort(compareDiagnostics);
        if (scopes.length) diagnostics = diagnostics.filter((d) => scopes.some((s) => s === '.' || d.file === s || d.file.startsWith(s + '/')));
        const { structured, text } = buildCheckResult({ diagnostics, filesChecked: fresh.workspace.fileCount, cap, changedSince: changed_since, paths: scopes });
        return { content: [{ type: 'text' as const, text }], structuredContent: structured };
      }),
  );

  server.registerTool(
    'explain_rule',
    {
      title: 'Explain a Coherence rule',
      description: 'What a rule id (the code of a finding, e.g. unknown-import-name) catches, why it breaks at run time, an example and the fix.',
      inputSchema: { rule: z.string().describe('a rule id, e.g. unknown-model-field') },
      outputSchema: {
        id: z.string(),
        summary: z.string(),
        defaultSeverity: z.string(),
        severity: z.string().describe("in this project, after settings and [tool.coherence.rules]; 'off' when disabled"),
        catches: z.string(),
        whyItBreaks: z.string(),
        example: z.string(),
        fix: z.string(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ rule }) =>
      serially(async (fresh) => {
        const meta = RULES.get(rule);
        if (!meta) {
          const near = nearestName(rule, RULES.keys());
          throw new ToolError(`Unknown rule '${rule}'${near ? `; did you mean '${near}'?` : ''}. Rules: ${[...RULES.keys()].join(', ')}.`);
        }
        const severity = fresh.workspace.config.rules[rule] ?? meta.defaultSeverity;
        const structured = { id: meta.id, summary: meta.summary, defaultSeverity: meta.defaultSeverity, severity, ...meta.doc };
        const text = `${meta.id} (${severity}): ${meta.summary}\n${meta.doc.catches}\nWhy it breaks: ${meta.doc.whyItBreaks}\nExample:\n${meta.doc.example}\nFix: ${meta.doc.fix}`;
        return { content: [{ type: 'text' as const, text }], structuredContent: structured };
      }),
  );

  server.registerTool(
    'fix_preview',
    {
      title: 'Preview the fixes of a finding',
      description:
        'The edits of the fixes of the finding at file:line (as check reports them, 1-based), and the lines they would change. ' +
        'Writes nothing: apply the edits yourself, then call check again.',
      inputSchema: {
        file: z.string().describe('the finding\'s file, relative to the project root'),
        line: z.number().int().positive(),
        column: z.number().int().positive().optional().describe('picks one of several findings on the line'),
        code: z.string().optional().describe('picks the finding with this rule id'),
        fix_index: z.number().int().nonnegative().optional().describe('only this fix (0-based, in the order check lists them)'),
      },
      outputSchema: fixPreviewOutputShape,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ file, line, column, code, fix_index }) =>
      serially(async (fresh) => {
        const rel = projectPath(options.root, file, true);
        const diagnostics = await current(fresh);
        let structured;
        try {
          structured = previewFixes(options.root, diagnostics, { file: rel, line, column, code, fixIndex: fix_index });
        } catch (e) {
          if (e instanceof FixPreviewError) throw new ToolError(e.message);
          throw e;
        }
        const text = structured.fixes.map((f) => `fix ${f.index}: ${f.title}${f.preferred ? ' (preferred)' : ''}\n${f.preview}`).join('\n\n');
        return { content: [{ type: 'text' as const, text: `${structured.finding.file}:${structured.finding.line}: ${structured.finding.message}\n${text}` }], structuredContent: structured };
      }),
  );

  return {
    server,
    dispose: async () => {
      await queue;
      await (await opening.catch(() => null))?.dispose();
    },
  };
}

/** A workspace-relative POSIX path ('.' for the root); absolute paths inside the root are accepted. */
function projectPath(root: string, given: string, mustExist: boolean): string {
  const absolute = path.resolve(root, given);
  const rel = path.relative(root, absolute);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) throw new ToolError(`'${given}' is outside the project root ${root}`);
  if (mustExist && !fs.existsSync(absolute)) throw new ToolError(`'${given}' does not exist under ${root}`);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}
