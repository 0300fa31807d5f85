// `npm run bench -- mcp`: latency of the MCP `check` tool right after a one-file edit on disk, through the
// SDK's own client over stdio, on the generated 1,000-module project. Two kinds of edit, alternately breaking
// and restoring: a leaf module (what an agent's edit usually is) and the hub module that 500 modules import
// (the worst case: every importer is re-checked). Each measured call must already report the edit.
// A measurement script, not a test: it prints a table and asserts nothing.
// Knobs: BENCH_MCP_MODULES=1000  BENCH_MCP_EDITS=20  BENCH_VERBOSE=1 (each edit's latency)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateProject, type GeneratedProject } from './generate';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'server', 'out', 'cli.js');
const PROJECTS = path.join(REPO, 'bench', 'projects');

interface CheckOutput {
  totals: { findings: number };
  byRule?: Record<string, number>;
  findings: { code: string }[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timedCheck(client: Client): Promise<{ ms: number; out: CheckOutput }> {
  const t0 = performance.now();
  const r = await client.callTool({ name: 'check', arguments: {} });
  const ms = performance.now() - t0;
  if (r.isError) throw new Error(`check failed: ${JSON.stringify(r.content)}`);
  return { ms, out: r.structuredContent as unknown as CheckOutput };
}

/** Edits `file` on disk `edits` times (breaking, restoring, …) and times the check that follows each edit. */
async function editLatencies(client: Client, project: GeneratedProject, file: string, exportName: string, brokenFindings: number, edits: number): Promise<number[]> {
  const absolute = path.join(project.root, file);
  const original = fs.readFileSync(absolute, 'utf8');
  const renamed = original.replace(new RegExp(`\\bdef ${exportName}\\b`), `def ${exportName}_renamed`);
  if (renamed === original) throw new Error(`${file} does not define ${exportName}`);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < edits; i++) {
      const breaking = i % 2 === 0;
      fs.writeFileSync(absolute, breaking ? renamed : original);
      const { ms, out } = await timedCheck(client);
      // The answer must already reflect the edit: the renamed function's importers are reported, or no longer.
      if (breaking ? out.totals.findings < brokenFindings : out.totals.findings !== 0) throw new Error(`stale answer after edit ${i}: ${out.totals.findings} findings`);
      latencies.push(ms);
    }
  } finally {
    fs.writeFileSync(absolute, original);
  }
  return latencies;
}

/** A module that defines a function only one other module imports: a typical one-file edit. */
function leafEdit(project: GeneratedProject): { file: string; exportName: string } {
  const defs = new Map<string, string>();
  for (const f of project.files) {
    if (f === project.hubFile) continue;
    const m = /^def ([a-z_][a-z0-9_]*)\(/m.exec(fs.readFileSync(path.join(project.root, f), 'utf8'));
    if (m) defs.set(f, m[1]);
  }
  for (const [file, exportName] of defs) {
    const importers = project.files.filter((g) => new RegExp(`import .*\\b${exportName}\\b`).test(fs.readFileSync(path.join(project.root, g), 'utf8')));
    if (importers.length === 1) return { file, exportName };
  }
  throw new Error('no module with a function imported once');
}

export async function mcpBench(): Promise<void> {
  const size = Number(process.env.BENCH_MCP_MODULES ?? 1000);
  const edits = Number(process.env.BENCH_MCP_EDITS ?? 20);
  const project = generateProject(path.join(PROJECTS, `synthetic-${size}`), size);
  // Files written in the last two seconds are re-read by hash on every call (see freshWorkspace.ts): let the
  // freshly generated ones age past that, as an agent's project has.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', project.root], stderr: 'ignore' });
  const client = new Client({ name: 'coherence-bench', version: '0.0.0' });
  const started = performance.now();
  await client.connect(transport);
  try {
    const first = await timedCheck(client);
    const firstMs = performance.now() - started;
    if (first.out.totals.findings !== 0) throw new Error(`the generated project should be clean: ${first.out.totals.findings} findings`);
    const unchanged: number[] = [];
    for (let i = 0; i < 5; i++) unchanged.push((await timedCheck(client)).ms);
    unchanged.sort((a, b) => a - b);
    const leaf = leafEdit(project);
    const rows: [string, number[]][] = [
      [`leaf module (${leaf.file})`, await editLatencies(client, project, leaf.file, leaf.exportName, 1, edits)],
      [`hub module, ${project.hubImporters.length} importers`, await editLatencies(client, project, project.hubFile, project.hubExportName, project.hubImporters.length, edits)],
    ];
    console.log(`MCP check on ${project.moduleCount} modules: first call (connect, index, check) ${(firstMs / 1000).toFixed(2)} s; check with nothing changed ${unchanged[2].toFixed(0)} ms (median of 5; ${unchanged[0].toFixed(0)}–${unchanged[4].toFixed(0)}).`);
    console.log('| one-file edit on disk, then check | p50 | p95 | max |');
    console.log('|---|---|---|---|');
    for (const [label, latencies] of rows) {
      if (process.env.BENCH_VERBOSE) console.error(`${label}: ${latencies.map((l) => l.toFixed(0)).join(' ')} ms`);
      const sorted = [...latencies].sort((a, b) => a - b);
      console.log(`| ${label} | ${percentile(sorted, 50).toFixed(0)} ms | ${percentile(sorted, 95).toFixed(0)} ms | ${sorted[sorted.length - 1].toFixed(0)} ms |`);
    }
    console.log(`\nLoad average while measuring: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} on ${os.cpus().length} CPUs.`);
    console.log(`${edits} edits each, alternately renaming and restoring a function; each time from the call to the answer, as received by the client, which must already report the edit.`);
  } finally {
    await client.close();
  }
}
