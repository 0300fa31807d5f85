// `npm run bench`: cold index+check of synthetic 1,000- and 10,000-module projects (CLI), pure parse time of
// the same files, edit latency through the language server (a didChange in a module imported by 500 others
// until the last resulting publishDiagnostics), and Pyright on the 1,000-module project for comparison.
// A measurement script, not a test: it prints a table and asserts nothing.
// `npm run bench -- soak` runs the language server's memory soak instead (soak.ts; exit 1 when RSS grows);
// `npm run bench -- changed-since` compares --changed-since with a plain check (changedSince.ts).
// `npm run bench -- mcp` times the MCP server's check after a one-file edit on disk instead (mcpEdit.ts).
// `npm run bench -- edits` measures only the language server's start and edit latency (first of BENCH_SIZES).
// `npm run bench -- real [dir…]` measures real projects only (real.ts; by default ~/.cache/coherence-bench/
// netbox and saleor, also measured after the synthetic projects; BENCH_REAL=dir,dir or BENCH_REAL=0).
// Knobs: BENCH_SIZES=1000,10000  BENCH_PYRIGHT=0 (skip Pyright)  BENCH_VERBOSE=1 (each edit's latency)
//        BENCH_EDITS=60  BENCH_CLIENT_WARM_UP=5000 (messages the client reads first, clientWarmUp.ts; 0: none)
//        BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (profile the language server)
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateProject, type GeneratedProject } from './generate';
import { changedSinceBench } from './changedSince';
import { warmClientReader } from './clientWarmUp';
import { mcpBench } from './mcpEdit';
import { soak } from './soak';
import { cliCheck, medianOf3, pairedColdRuns, percentile } from './measure';
import { defaultRealProjects, realBench } from './real';

const REPO = path.join(__dirname, '..', '..');
/** BENCH_SERVER: another build's server.js (an A/B of edit latency). */
const SERVER = process.env.BENCH_SERVER ?? path.join(REPO, 'server', 'out', 'server.js');
const PROJECTS = path.join(REPO, 'bench', 'projects');
/**
 * Edits per run: 60, so that p95 is an estimate (of 20 it was the slowest but one) of a typing session's tail.
 * The first edit records what the dependents read (opening had no time to) and is in the list; the next few run
 * while V8 still optimizes the re-check's code, and are printed on their own (`warm-up`).
 */
const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const WARM_UP_EDITS = 5;
/** Messages the bench's client reads before the timed edits, its reader then warm as an editor's is (clientWarmUp.ts); BENCH_CLIENT_WARM_UP=0: none. */
const CLIENT_WARM_UP_MESSAGES = Number(process.env.BENCH_CLIENT_WARM_UP ?? 5000);
const PYRIGHT_CAP_MS = 5 * 60 * 1000;

/** Milliseconds from each didChange of the hub to the last publishDiagnostics it causes on its importers. */
async function editLatencies(project: GeneratedProject): Promise<{ indexSeconds: number; latencies: number[]; cpuMsPerEdit: number }> {
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []; // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = (rel: string) => pathToFileURL(path.join(project.root, rel)).href;
  const importers = new Set(project.hubImporters.map(uri));
  const flagged = new Set<string>();
  let lastPublish = 0;
  let published = 0;
  let indexed = false;
  let onPublish: () => void = () => {};
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: { code: string }[] }) => {
    published++;
    if (importers.has(p.uri)) {
      lastPublish = performance.now();
      if (p.diagnostics.some((d) => d.code === 'unknown-import-name')) flagged.add(p.uri);
      else flagged.delete(p.uri);
    }
    onPublish();
  });
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed = true;
    onPublish();
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.listen();
  const until = (predicate: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      onPublish = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        }
      };
      onPublish();
    });
  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(project.root).href,
    workspaceFolders: [{ uri: pathToFileURL(project.root).href, name: 'bench' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  await until(() => indexed, 120000);
  const indexSeconds = (performance.now() - started) / 1000;
  await warmClientReader(CLIENT_WARM_UP_MESSAGES);
  const hubUri = uri(project.hubFile);
  const original = fs.readFileSync(path.join(project.root, project.hubFile), 'utf8');
  const renamed = original.replace(new RegExp(`\\bdef ${project.hubExportName}\\b`), `def ${project.hubExportName}_renamed`);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: hubUri, languageId: 'python', version: 1, text: original } });
  const latencies: number[] = [];
  let cpuBefore = NaN;
  for (let i = 0; i < EDITS; i++) {
    // Steady state: the first edit also records what the dependents read (when opening did not have the time to).
    if (i === 1) cpuBefore = processCpuSeconds(child.pid!);
    const breaking = i % 2 === 0;
    const t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: hubUri, version: i + 2 },
      contentChanges: [{ text: breaking ? renamed : original }],
    });
    await until(() => (breaking ? flagged.size === importers.size : flagged.size === 0), 60000);
    latencies.push(lastPublish - t0);
    // The harness's own garbage (the generated project, the last edit's 500 messages) is collected between edits,
    // not charged to the next one (a major collection of this process took up to 23 ms inside an edit's time).
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 100)); // let the server settle between edits
  }
  const cpuMsPerEdit = ((processCpuSeconds(child.pid!) - cpuBefore) * 1000) / (EDITS - 1);
  void published;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  // Let the server exit by itself (so that --cpu-prof can write its profile); kill it only if it hangs.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, 10000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  connection.dispose();
  return { indexSeconds, latencies, cpuMsPerEdit };
}

/** User + system CPU seconds of a running process (/proc/<pid>/stat; NaN where there is none): comparable when the machine is shared. */
function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime, fields 14 and 15 of stat(5)
  } catch {
    return NaN;
  }
}

/** p50 and p95 of every edit (the first, recording one, included), and the warm-up edits after the first on their own. */
function editSummary(latencies: number[]): { p50: string; p95: string; warmUp: string } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const warmUp = latencies.slice(1, 1 + WARM_UP_EDITS).map((l) => l.toFixed(0));
  return { p50: percentile(sorted, 50).toFixed(0), p95: percentile(sorted, 95).toFixed(0), warmUp: `edits 2–${1 + WARM_UP_EDITS}: ${warmUp.join(', ')} ms` };
}

function pyrightSeconds(root: string): string {
  const bin = path.join(REPO, 'node_modules', '.bin', 'pyright');
  if (!fs.existsSync(bin)) return 'not installed';
  const started = process.hrtime.bigint();
  // `-p root` from inside it: otherwise Pyright takes the current folder as the import root.
  const r = spawnSync(bin, ['--outputjson', '-p', root], { cwd: root, encoding: 'utf8', timeout: PYRIGHT_CAP_MS, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return `> ${PYRIGHT_CAP_MS / 1000}`;
  return seconds.toFixed(1);
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
  const rows: string[] = [];
  let pyright = '';
  for (const size of sizes) {
    const started = Date.now();
    const project = generateProject(path.join(PROJECTS, `synthetic-${size}`), size);
    console.error(`generated ${project.moduleCount} modules (${(project.totalBytes / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms`);
    // Median of three separate processes (each starts with no cache of its own), each beside a pure parse; the spread is printed.
    const colds = await pairedColdRuns(project.root, project.files);
    const cold = colds.median;
    const parse = colds.parse;
    const spread = `${colds.wallSpread}; CPU ${colds.cpuSpread}`;
    // Warm: the cache of the last cold run, nothing changed; then after one edit (a leaf module's body).
    const warm = medianOf3(() => cliCheck(project.root)).median;
    const leaf = path.join(project.root, project.files[project.files.length - 1]);
    fs.appendFileSync(leaf, '\n\ndef _bench_edit():\n    return 1\n');
    const edited = cliCheck(project.root);
    const { indexSeconds, latencies, cpuMsPerEdit } = await editLatencies(project);
    const edits = editSummary(latencies);
    if (process.env.BENCH_VERBOSE) console.error(`edit latencies (ms): ${latencies.map((l) => l.toFixed(0)).join(' ')}`);
    rows.push(
      `| ${size.toLocaleString('en')} | ${(project.totalBytes / 1e6).toFixed(1)} MB | ${cold.wallSeconds.toFixed(2)} s (${spread} s) ${colds.ratio.toFixed(2)}× (${colds.ratios.map((r) => r.toFixed(2)).join(', ')}) | ${warm.wallSeconds.toFixed(2)} s (CPU ${warm.cpuSeconds.toFixed(1)} s) ${(warm.wallSeconds / parse).toFixed(2)}× | ${edited.wallSeconds.toFixed(2)} s (CPU ${edited.cpuSeconds.toFixed(1)} s) ${(edited.wallSeconds / parse).toFixed(2)}× | ${Math.round(cold.files / cold.wallSeconds)} | ${cold.peakRssMB} MB | ${parse.toFixed(2)} s | ${indexSeconds.toFixed(2)} s ${(indexSeconds / parse).toFixed(2)}× | ${edits.p50} ms | ${edits.p95} ms (${edits.warmUp}; server CPU ${cpuMsPerEdit.toFixed(0)} ms/edit) | ${cold.diagnostics} |`,
    );
    if (size === 1000 && process.env.BENCH_PYRIGHT !== '0') {
      const seconds = pyrightSeconds(project.root);
      const ratio = /^[\d.]+$/.test(seconds) ? ` (${(Number(seconds) / cold.wallSeconds).toFixed(1)}× Coherence's cold check)` : '';
      pyright = `Pyright ${spawnSync(path.join(REPO, 'node_modules', '.bin', 'pyright'), ['--version'], { encoding: 'utf8' }).stdout.trim()} on the 1,000-module project: ${seconds} s${ratio}.`;
    }
  }
  console.log('| modules | source | cold index+check (CLI, median of 3; spread, CPU) × parse (median of 3 pairs; each) | warm (cache, median of 3) × parse | warm after one edit × parse | files/s | peak RSS | pure parse (1 thread, median of 3) | LSP start (from the cache) × parse | edit p50 | edit p95 | diagnostics |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  if (pyright) console.log(`\n${pyright}`);
  console.log(`\nEdit latency: ${EDITS} edits of the hub module (alternately renaming and restoring a function that 500 modules import), from didChange to the last publishDiagnostics of those 500 files, as received by the client (whose reader first read ${CLIENT_WARM_UP_MESSAGES} messages of its own); the first edit after opening records what the 500 read, the next ${WARM_UP_EDITS} are listed on their own.`);
  await printRealBench(defaultRealProjects());
}

/** Real projects: each time as a ratio (×) to the single-threaded pure parse time of the same files. */
async function printRealBench(dirs: string[]): Promise<void> {
  const table = await realBench(dirs);
  if (table.length === 0) return;
  console.log('');
  for (const line of table) console.log(line);
  console.log(`\nReal projects: edits alternately add and remove a top-level function in the module most often imported, each timed from didChange to the answer of a request queued after it (after every diagnostic the edit caused); warm after one edit: the same function added on disk; typing: a statement typed as the first of a function body in the largest module (tests and migrations aside), each keystroke's text a new one, timed the same way.`);
}

/** The language server alone: start from the cache (after one CLI run writes it) and edit latency. */
async function editsOnly(): Promise<void> {
  const size = Number((process.env.BENCH_SIZES ?? '10000').split(',')[0]);
  const project = generateProject(path.join(PROJECTS, `synthetic-${size}`), size);
  cliCheck(project.root);
  const { indexSeconds, latencies, cpuMsPerEdit } = await editLatencies(project);
  const edits = editSummary(latencies);
  console.log(`${size} modules: LSP start ${indexSeconds.toFixed(2)} s, edit p50 ${edits.p50} ms, p95 ${edits.p95} ms (${edits.warmUp}), server CPU ${cpuMsPerEdit.toFixed(0)} ms per edit after the first (${latencies.map((l) => l.toFixed(0)).join(' ')})`);
}

(process.argv[2] === 'soak'
  ? soak().then((flat) => void (process.exitCode = flat ? 0 : 1))
  : process.argv[2] === 'changed-since'
    ? Promise.resolve().then(() => changedSinceBench())
    : process.argv[2] === 'mcp'
      ? mcpBench()
      : process.argv[2] === 'edits'
        ? editsOnly()
        : process.argv[2] === 'real'
          ? printRealBench(process.argv.length > 3 ? process.argv.slice(3) : defaultRealProjects())
          : main()
).catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
