// Real projects in the benchmark (`npm run bench -- real <dir>…`, and after the synthetic projects in a plain
// `npm run bench`): cold, warm and warm-after-one-edit CLI runs, the language server's start from the cache and
// its edit latency, peak RSS, each beside the single-threaded pure parse time of the same files in the same run.
// The projects are checkouts outside the repository (by default ~/.cache/coherence-bench/{netbox,saleor},
// written from /work/.mirror with git archive); one that is not there is skipped with one line.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { discoverFiles } from '../../server/out/workspace/discovery';
import { cliCheck, medianOf3, pairedColdRuns, percentile } from './measure';
import { firstBodyLine, indentOf } from './projectEdits';

/** BENCH_SERVER: another build's server.js (an A/B, as in bench.ts). */
const SERVER = process.env.BENCH_SERVER ?? path.join(__dirname, '..', '..', 'server', 'out', 'server.js');
const EDITS = 20;
/** Added to and removed from the edited module: a new top-level name changes its exported surface. */
const EDIT_TEXT = '\n\ndef _coherence_bench_edit():\n    return 1\n';

export function defaultRealProjects(): string[] {
  if (process.env.BENCH_REAL !== undefined) return process.env.BENCH_REAL.split(',').filter((d) => d && d !== '0');
  const cache = path.join(os.homedir(), '.cache', 'coherence-bench');
  return [path.join(cache, 'netbox'), path.join(cache, 'saleor')];
}

/** The dotted name of a module: its path from the first folder above it that is not a package. */
function moduleName(rel: string, packages: Set<string>): string {
  const parts = rel.replace(/(\/__init__)?\.pyi?$/, '').split('/');
  let start = parts.length - 1;
  while (start > 0 && packages.has(parts.slice(0, start).join('/'))) start--;
  return parts.slice(start).join('.');
}

/** The module named by the most `import`/`from … import` lines of the project (relative ones resolved). */
export function mostImportedModule(root: string, sources: string[]): string {
  const packages = new Set(sources.filter((f) => f.endsWith('/__init__.py')).map((f) => f.slice(0, -'/__init__.py'.length)));
  const imports = new Map<string, number>();
  for (const f of sources) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const own = moduleName(f, packages).split('.');
    const ownPackage = f.endsWith('__init__.py') ? own : own.slice(0, -1);
    for (const m of text.matchAll(/^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import|import[ \t]+()([\w.]+))/gm)) {
      const dots = m[1] || m[3] || '';
      const rest = m[2] ?? m[4];
      const name = dots ? [...ownPackage.slice(0, ownPackage.length - (dots.length - 1)), ...(rest ? [rest] : [])].join('.') : rest;
      imports.set(name, (imports.get(name) ?? 0) + 1);
    }
  }
  let best = sources[0];
  let bestCount = -1;
  for (const f of sources) {
    const count = f.endsWith('.py') ? (imports.get(moduleName(f, packages)) ?? 0) : -1;
    if (count > bestCount) [best, bestCount] = [f, count];
  }
  return best;
}

/**
 * The largest module (tests and migrations aside) with a function whose body starts on the next line, and that
 * line's index: typing goes there (a statement added and removed changes no surface, moves every line below).
 */
export function typingSpot(root: string, sources: string[]): { rel: string; line: number } | null {
  const candidates = sources
    .filter((f) => f.endsWith('.py') && !/(^|\/)(tests?|migrations)(\/|_)|(^|\/)test_/.test(f))
    .map((f) => ({ rel: f, size: fs.statSync(path.join(root, f)).size }))
    .sort((a, b) => b.size - a.size);
  for (const { rel } of candidates) {
    const line = firstBodyLine(fs.readFileSync(path.join(root, rel), 'utf8').split('\n'));
    if (line >= 0) return { rel, line };
  }
  return null;
}

/** The text of `rel` with `probe_local = <n>` typed as the first statement of the body at `line`. */
function typed(original: string, line: number, n: number): string {
  const lines = original.split('\n');
  lines.splice(line, 0, `${' '.repeat(indentOf(lines[line]))}probe_local = ${n}`);
  return lines.join('\n');
}

/**
 * LSP start-up (initialize → end of the indexing progress), the latency of edits to one open module (a top-level
 * function added and removed), and of typing in a function body of another (`typing`).
 */
export async function lspEdits(root: string, rel: string, typing: { rel: string; line: number } | null): Promise<{ startSeconds: number; latencies: number[]; typingLatencies: number[] }> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let indexed: () => void = () => {};
  const indexing = new Promise<void>((resolve) => (indexed = resolve));
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  const started = performance.now();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  await indexing;
  const startSeconds = (performance.now() - started) / 1000;
  /** Opens `file` and times EDITS didChanges of it, the i-th to `textOf(i)`, each until a request queued after it is answered. */
  const timedEdits = async (file: string, textOf: (original: string, i: number) => string): Promise<number[]> => {
    const uri = pathToFileURL(path.join(root, file)).href;
    const original = fs.readFileSync(path.join(root, file), 'utf8');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: original } });
    // Requests wait for the session's queued work: the hover's answer comes after every diagnostic the edit caused.
    const settled = () => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    await settled();
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const t0 = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: textOf(original, i) }] });
      await settled();
      latencies.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    return latencies;
  };
  const latencies = await timedEdits(rel, (original, i) => (i % 2 === 0 ? original + EDIT_TEXT : original));
  const typingLatencies = typing ? await timedEdits(typing.rel, (original, i) => typed(original, typing.line, i)) : [];
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => (child.kill(), resolve()), 10000);
    child.once('exit', () => (clearTimeout(timer), resolve()));
  });
  connection.dispose();
  return { startSeconds, latencies, typingLatencies };
}

const ratio = (seconds: number, parse: number) => `${(seconds / parse).toFixed(2)}×`;

/** Measures each project; returns the table (a header and one row per project found). */
export async function realBench(dirs: string[]): Promise<string[]> {
  const rows: string[] = [];
  for (const dir of dirs) {
    const root = path.resolve(dir);
    if (!fs.existsSync(root)) {
      console.log(`real project ${root}: not found, skipped`);
      continue;
    }
    const sources = (await discoverFiles(root, [], [])).sources;
    const edited = mostImportedModule(root, sources);
    const typing = typingSpot(root, sources);
    console.error(`${path.basename(root)}: ${sources.length} files; edits go to ${edited}, typing to ${typing ? `${typing.rel}:${typing.line + 1}` : 'nowhere'}`);
    const cold = await pairedColdRuns(root, sources);
    const parse = cold.parse;
    const warm = medianOf3(() => cliCheck(root));
    const { startSeconds, latencies, typingLatencies } = await lspEdits(root, edited, typing);
    const original = fs.readFileSync(path.join(root, edited), 'utf8');
    let afterEdit;
    try {
      fs.writeFileSync(path.join(root, edited), original + EDIT_TEXT);
      afterEdit = cliCheck(root);
    } finally {
      fs.writeFileSync(path.join(root, edited), original);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const typingSorted = [...typingLatencies].sort((a, b) => a - b);
    if (process.env.BENCH_VERBOSE) console.error(`${path.basename(root)} edit latencies (ms): ${latencies.map((l) => l.toFixed(0)).join(' ')}; typing: ${typingLatencies.map((l) => l.toFixed(0)).join(' ')}`);
    const c = cold.median;
    rows.push(
      `| ${path.basename(root)} | ${c.files} | ${c.wallSeconds.toFixed(2)} s (${cold.wallSpread}; CPU ${cold.cpuSpread} s) ${cold.ratio.toFixed(2)}× (${cold.ratios.map((r) => r.toFixed(2)).join(', ')}) | ${warm.median.wallSeconds.toFixed(2)} s (CPU ${warm.median.cpuSeconds.toFixed(1)} s) ${ratio(warm.median.wallSeconds, parse)} | ${afterEdit.wallSeconds.toFixed(2)} s (CPU ${afterEdit.cpuSeconds.toFixed(1)} s) ${ratio(afterEdit.wallSeconds, parse)} | ${startSeconds.toFixed(2)} s ${ratio(startSeconds, parse)} | ${percentile(sorted, 50).toFixed(0)} / ${percentile(sorted, 95).toFixed(0)} ms | ${typing ? `${percentile(typingSorted, 50).toFixed(0)} / ${percentile(typingSorted, 95).toFixed(0)} ms` : '–'} | ${c.peakRssMB} MB | ${parse.toFixed(2)} s | ${c.diagnostics} |`,
    );
  }
  if (rows.length === 0) return [];
  return [
    '| project | files | cold (CLI, median of 3; spread, CPU) × parse (median of 3 pairs; each) | warm × parse | warm after one edit × parse | LSP start from the cache × parse | edit p50 / p95 | typing in a body p50 / p95 | peak RSS | pure parse (1 thread, median of 3) | diagnostics |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}
