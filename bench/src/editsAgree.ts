// Differential check of incremental re-checks (issue #17): on a copy of a real project, applies realistic
// single-file edits one by one to a live Workspace (as the editor does: write, applyChanges) and, after each
// edit and after its undo, compares every diagnostic with a fresh load + checkAll of the same tree. With
// `--cli`, the resume path of a CLI run (warmStart from the last run kept in a cache) is compared the same way.
// A tool, not a test: it prints each disagreement (the edit and the diagnostics only one side reports).
//
//   node bench/src/editsAgree.js <project-dir> [--seed N] [--edits K] [--cli] [--only kind,kind] [--keep] [--verbose]
// (--verbose: every step is listed, to reproduce a disagreement that an earlier edit set up)
//
// The project is copied to a temporary folder first (the original is never written).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareDiagnostics, type Diagnostic } from '../../server/out/core/types';
import { Workspace, type FileChangeKind } from '../../server/out/host/workspace';
import { SummarizerPool } from '../../server/out/host/summarizerPool';
import { SummaryCache } from '../../server/out/host/summaryCache';
import { checkFolder, keepRun } from '../../server/out/host/warmRun';
import { setRacyMarginForTests } from '../../server/out/host/lastRun';
import { editsOf, type ProjectEdit } from './projectEdits';
import { mulberry32 } from './generate';

interface Options {
  dir: string;
  seed: number;
  edits: number;
  cli: boolean;
  only: Set<string> | null;
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { dir: '', seed: 1, edits: 40, cli: false, only: null, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--edits') o.edits = Number(argv[++i]);
    else if (a === '--cli') o.cli = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--only') o.only = new Set(argv[++i].split(','));
    else o.dir = a;
  }
  if (!o.dir) throw new Error('usage: node bench/src/editsAgree.js <project-dir> [--seed N] [--edits K] [--cli] [--only kinds] [--keep] [--verbose]');
  return o;
}

/** A diagnostic as compared: where, which rule, what it says (fixes and related places included). */
const shown = (d: Diagnostic) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character} ${d.code} ${d.message}${d.related?.length ? ' related=' + JSON.stringify(d.related) : ''}${d.fixes.length ? ' fixes=' + JSON.stringify(d.fixes) : ''}`;

function difference(mine: Diagnostic[], fresh: Diagnostic[]): { onlyMine: string[]; onlyFresh: string[] } {
  const a = mine.slice().sort(compareDiagnostics).map(shown);
  const b = fresh.slice().sort(compareDiagnostics).map(shown);
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const [ca, cb] = [count(a), count(b)];
  const onlyMine = [...ca].flatMap(([x, n]) => Array(Math.max(0, n - (cb.get(x) ?? 0))).fill(x));
  const onlyFresh = [...cb].flatMap(([x, n]) => Array(Math.max(0, n - (ca.get(x) ?? 0))).fill(x));
  return { onlyMine, onlyFresh };
}

function write(root: string, rel: string, text: string | null): FileChangeKind {
  const full = path.join(root, rel);
  const existed = fs.existsSync(full);
  if (text === null) {
    fs.rmSync(full, { force: true });
    return 'deleted';
  }
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
  return existed ? 'changed' : 'created';
}

/** Picks `count` edits, taking kinds in turn (each kind's candidates shuffled), so rare kinds are tried too. */
function pick(all: ProjectEdit[], count: number, rand: () => number): ProjectEdit[] {
  const byKind = new Map<string, ProjectEdit[]>();
  for (const e of all) (byKind.get(e.kind) ?? byKind.set(e.kind, []).get(e.kind)!).push(e);
  for (const list of byKind.values()) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  const kinds = [...byKind.keys()].sort();
  const out: ProjectEdit[] = [];
  for (let round = 0; out.length < count; round++) {
    let any = false;
    for (const k of kinds) {
      const e = byKind.get(k)![round];
      if (!e || out.length >= count) continue;
      out.push(e);
      any = true;
    }
    if (!any) break;
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'edits-agree-'));
  fs.cpSync(o.dir, root, { recursive: true, filter: (src) => !/(^|\/)(\.git|node_modules|\.coherence_cache|__pycache__)$/.test(src) });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'edits-agree-cache-'));
  const pool = new SummarizerPool();
  // Fresh loads take unchanged files' summaries from a cache of their own (summaries are a function of the text).
  const freshCache = new SummaryCache({ dir: path.join(cacheDir, 'fresh'), keyDir: cacheDir, identity: 'edits-agree' });
  const fresh = async (): Promise<Diagnostic[]> => {
    const ws = await Workspace.load({ root, pool, cache: freshCache });
    try {
      return [...ws.checkAll().values()].flat();
    } finally {
      await ws.dispose();
    }
  };
  // The CLI path: a cache of its own, a run kept after each step, stats never trusted (files change within ms).
  setRacyMarginForTests(Number.MAX_SAFE_INTEGER);
  const cliCache = new SummaryCache({ dir: path.join(cacheDir, 'cli'), keyDir: cacheDir, identity: 'edits-agree' });
  const cliRun = async (): Promise<{ diagnostics: Diagnostic[]; how: string }> => {
    const run = await checkFolder({ root, pool, cache: cliCache }, true);
    try {
      if (run.ws) keepRun(cliCache, run.ws, run.diagnostics);
      return { diagnostics: run.diagnostics, how: run.lastRun ? 'last run' : run.resumed ? `resumed (${run.resumed.rechecked} re-checked)` : 'full' };
    } finally {
      await run.ws?.dispose();
    }
  };

  const t0 = Date.now();
  const ws = await Workspace.load({ root, pool });
  ws.checkAll();
  const baseline = ws.currentDiagnostics();
  const agreeAtStart = difference(baseline, await fresh());
  if (agreeAtStart.onlyMine.length || agreeAtStart.onlyFresh.length) console.log('! two fresh loads disagree before any edit (non-determinism)');
  if (o.cli) await cliRun();
  let candidates = editsOf(root, baseline);
  if (o.only) candidates = candidates.filter((e) => o.only!.has(e.kind));
  const chosen = pick(candidates, o.edits, mulberry32(o.seed));
  console.log(`${path.basename(o.dir)}: ${ws.fileCount} files, ${baseline.length} diagnostics, ${candidates.length} candidate edits, ${chosen.length} chosen (seed ${o.seed})`);

  let compared = 0;
  let disagreements = 0;
  const report = (step: string, edit: ProjectEdit, how: string, mine: Diagnostic[], theirs: Diagnostic[]) => {
    compared++;
    const { onlyMine, onlyFresh } = difference(mine, theirs);
    if (onlyMine.length === 0 && onlyFresh.length === 0) return;
    disagreements++;
    console.log(`\n✗ ${how} ${step} [${edit.kind}] ${edit.file}: ${edit.label}`);
    for (const x of onlyMine.slice(0, 8)) console.log(`    only incremental: ${x}`);
    for (const x of onlyFresh.slice(0, 8)) console.log(`    only fresh:       ${x}`);
  };
  for (const edit of chosen) {
    for (const [step, text] of [['edit', edit.after], ['undo', edit.before]] as const) {
      const kind = write(root, edit.file, text);
      if (o.verbose) console.log(`  ${step} [${edit.kind}] ${edit.file}: ${edit.label}`);
      await ws.applyChanges([{ path: edit.file, kind }]);
      const expected = await fresh();
      report(step, edit, 'editor', ws.currentDiagnostics(), expected);
      if (o.cli) {
        const run = await cliRun();
        report(step, edit, `cli ${run.how}`, run.diagnostics, expected);
      }
    }
  }
  console.log(`\n${compared} comparisons, ${disagreements} disagreements, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await ws.dispose();
  await pool.close();
  if (!o.keep) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  } else console.log(`kept ${root}`);
  process.exitCode = disagreements ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
