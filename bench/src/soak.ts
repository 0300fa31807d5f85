// `npm run bench -- soak`: memory soak of the language server. One ~300 KB module is opened and edited
// 5,000 times over real JSON-RPC (small incremental edits, every 20th one renaming a function that another
// module imports, so dependents are re-checked too); after each edit a hover request waits until the
// server has applied it. The server process's RSS is reported every 500 edits as the lowest value seen over
// the 50 edits before (a single reading lands anywhere in the garbage collector's cycle, ±70 MB here; what
// leaks raises the floor); the run fails (exit 1) when that grew by more than 100 MB from the reading taken
// right after opening the file.
// Knobs: BENCH_SOAK_EDITS=5000  BENCH_SOAK_EVERY=500  BENCH_SOAK_KB=300  BENCH_SOAK_LIMIT_MB=100
//        BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (profile the language server)
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const SERVER = path.join(__dirname, '..', '..', 'server', 'out', 'server.js');

/** The line of the big module that every edit rewrites (0-based). */
const EDITED_LINE = 3;

function editedLine(edit: number): string {
  return `def soak_target${edit % 20 === 19 ? '_renamed' : ''}(limit=${edit}):`;
}

/** A plain-Python module of about `kb` kilobytes: services, helpers and a function another module imports. */
export function bigModule(kb: number): string {
  const head = ['"""A large module, edited over and over by the memory soak."""', 'import os', '', editedLine(-1), '    return os.getcwd()', '', ''];
  const blocks: string[] = [];
  let size = head.join('\n').length;
  for (let i = 0; size < kb * 1024; i++) {
    const block = [
      `class Service${i}:`,
      `    """Fetches records of kind ${i}."""`,
      '',
      '    def __init__(self, repo, limit=10):',
      '        self.repo = repo',
      '        self.limit = limit',
      '',
      `    def fetch_${i}(self, key: str) -> dict:`,
      '        value = self.repo.get(key)',
      '        if value is None:',
      '            return {}',
      `        return {"key": key, "value": value, "n": ${i}, "limit": self.limit}`,
      '',
      '',
      `def helper_${i}(repo, key="k${i}"):`,
      `    return Service${i}(repo).fetch_${i}(key)`,
      '',
      '',
    ].join('\n');
    blocks.push(block);
    size += block.length + 1;
  }
  return [...head, ...blocks].join('\n');
}

/** Resident set size of a process in MB (Linux /proc, else `ps`). */
function rssMB(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: ask ps
  }
  return Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()) / 1024;
}

export async function soak(): Promise<boolean> {
  const edits = Number(process.env.BENCH_SOAK_EDITS ?? 5000);
  const every = Number(process.env.BENCH_SOAK_EVERY ?? 500);
  const kb = Number(process.env.BENCH_SOAK_KB ?? 300);
  const limitMB = Number(process.env.BENCH_SOAK_LIMIT_MB ?? 100);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-soak-'));
  const big = path.join(root, 'app', 'big.py');
  fs.mkdirSync(path.dirname(big), { recursive: true });
  fs.writeFileSync(path.join(root, 'app', '__init__.py'), '');
  const text = bigModule(kb);
  fs.writeFileSync(big, text);
  fs.writeFileSync(path.join(root, 'app', 'uses.py'), 'from app.big import soak_target, helper_1\n\nprint(soak_target(), helper_1(None))\n');

  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []; // e.g. --cpu-prof
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let indexed = false;
  connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed = true;
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.listen();
  const uri = pathToFileURL(big).href;
  const position = { line: EDITED_LINE + 1, character: 12 };
  const settled = () => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'soak' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    for (const started = Date.now(); !indexed; await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() - started > 120000) throw new Error('the server did not finish indexing within 120 s');
    }
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await settled();
    console.log(`memory soak: ${edits} edits of a ${(text.length / 1024).toFixed(0)} KB module through the language server (pid ${child.pid})`);
    const window = Math.min(50, every);
    console.log(`| edits | server RSS (lowest of the last ${window} edits) | change | highest of the last ${window} | ms/edit |`);
    console.log('|---|---|---|---|---|');
    const first = rssMB(child.pid!);
    console.log(`| 0 | ${first.toFixed(0)} MB | | | |`);
    let floor = Infinity;
    let ceiling = 0;
    let previous = editedLine(-1);
    let windowStarted = performance.now();
    let last = first;
    let peak = first;
    let warm: number | undefined;
    for (let i = 0; i < edits; i++) {
      const line = editedLine(i);
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line: EDITED_LINE, character: 0 }, end: { line: EDITED_LINE, character: previous.length } }, text: line }],
      });
      previous = line;
      await settled();
      const untilSample = every - ((i + 1) % every || every);
      if (untilSample < window || edits - (i + 1) < window) {
        const rss = rssMB(child.pid!);
        floor = Math.min(floor, rss);
        ceiling = Math.max(ceiling, rss);
      }
      if ((i + 1) % every === 0 || i + 1 === edits) {
        last = floor;
        const high = ceiling;
        peak = Math.max(peak, high);
        floor = Infinity;
        ceiling = 0;
        warm ??= last;
        const done = (i + 1) % every === 0 ? every : (i + 1) % every;
        const msPerEdit = (performance.now() - windowStarted) / done;
        console.log(`| ${i + 1} | ${last.toFixed(0)} MB | ${last - first >= 0 ? '+' : ''}${(last - first).toFixed(0)} MB | ${high.toFixed(0)} MB | ${msPerEdit.toFixed(0)} |`);
        windowStarted = performance.now();
      }
    }
    const grew = last - first;
    const ok = grew <= limitMB;
    // After the first sample the heap has reached its working size: growth from there on is what leaks.
    const afterWarmUp = warm !== undefined ? `, ${last - warm >= 0 ? '+' : ''}${(last - warm).toFixed(0)} MB after the first ${every} edits` : '';
    console.log(`\nRSS ${first.toFixed(0)} → ${last.toFixed(0)} MB (peak ${peak.toFixed(0)} MB${afterWarmUp}): ${ok ? 'flat' : 'LEAK'} (limit +${limitMB} MB over the run)`);
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    // Let the server exit by itself (so that --cpu-prof can write its profile); killed below if it hangs.
    await new Promise((resolve) => {
      setTimeout(resolve, 10000);
      child.once('exit', resolve);
    });
    return ok;
  } finally {
    connection.dispose();
    child.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
