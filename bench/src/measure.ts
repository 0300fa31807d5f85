// Measurements shared by the synthetic and the real-project benchmarks: CLI runs (cold and from the cache)
// and the single-threaded pure parse time of a set of files.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { getParser } from '../../server/out/syntax/parser';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

export interface CliRun {
  wallSeconds: number;
  /** User + system CPU time of the CLI process (all its threads): comparable when the machine is shared. */
  cpuSeconds: number;
  files: number;
  peakRssMB: number;
  diagnostics: number;
}

/** A CLI run with no cache (the cache folder removed first: the run writes it, as a user's first run does). */
export function coldCheck(root: string): CliRun {
  fs.rmSync(path.join(root, '.coherence_cache'), { recursive: true, force: true });
  return cliCheck(root);
}

/** A CLI run starting from whatever cache the folder holds. */
export function cliCheck(root: string): CliRun {
  const cpuBefore = childCpuSeconds();
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json', '--stats'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /coherence stats: (\{.*\})/.exec(r.stderr);
  if (!m) throw new Error(`no stats from the CLI (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const stats = JSON.parse(m[1]) as { files: number; peakRssMB: number; diagnostics: number };
  return { wallSeconds, cpuSeconds: childCpuSeconds() - cpuBefore, ...stats };
}

/**
 * User + system CPU seconds of this process's ended children (cutime + cstime of /proc/self/stat; spawnSync
 * waits for its child, so the difference around one run is that run's). NaN where /proc is missing.
 */
function childCpuSeconds(): number {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // fields 16 and 17 of stat(5); USER_HZ is 100
  } catch {
    return NaN;
  }
}

/** Median of three runs (sorted by wall time), with the spread of wall and CPU times. */
export function medianOf3(run: () => CliRun): { median: CliRun; wallSpread: string; cpuSpread: string } {
  return medianRun([run(), run(), run()]);
}

/** The run of median wall time among three, with the spread of their wall and CPU times. */
function medianRun(three: CliRun[]): { median: CliRun; wallSpread: string; cpuSpread: string } {
  const runs = [...three].sort((a, b) => a.wallSeconds - b.wallSeconds);
  const cpus = runs.map((r) => r.cpuSeconds).sort((a, b) => a - b);
  return { median: runs[1], wallSpread: `${runs[0].wallSeconds.toFixed(1)}–${runs[2].wallSeconds.toFixed(1)}`, cpuSpread: `${cpus[0].toFixed(1)}–${cpus[2].toFixed(1)}` };
}

/**
 * Three cold runs, each right after a pure parse of the same files: this machine's speed drifts by ±20 % within
 * minutes, so a cold run is compared with the parse measured beside it, not with one taken minutes later.
 * `ratio`: the median of the three cold/parse ratios; `parse`: the median parse (the other ratios' divisor).
 */
export async function pairedColdRuns(root: string, files: string[]): Promise<{ median: CliRun; parse: number; ratio: number; ratios: number[]; wallSpread: string; cpuSpread: string }> {
  const pairs: { run: CliRun; parse: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const parse = await pureParseSeconds(root, files);
    pairs.push({ run: coldCheck(root), parse });
  }
  const ratios = pairs.map((p) => p.run.wallSeconds / p.parse);
  return {
    ...medianRun(pairs.map((p) => p.run)),
    parse: pairs.map((p) => p.parse).sort((a, b) => a - b)[1],
    ratio: [...ratios].sort((a, b) => a - b)[1],
    ratios,
  };
}

/** Seconds to parse the files (paths relative to root) one after the other on this thread, reading excluded. */
export async function pureParseSeconds(root: string, files: string[]): Promise<number> {
  const parser = await getParser();
  const texts = files.map((f) => fs.readFileSync(path.join(root, f), 'utf8'));
  const started = process.hrtime.bigint();
  for (const t of texts) parser.parse(t)?.delete();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
