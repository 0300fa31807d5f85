// A fuzzing run: seeded inputs (each replayable from the run's seed and its index), run on the worker host
// with a per-input deadline and a memory bound; each new finding is confirmed, shrunk and saved.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { loadSeedProjects, type ProjectFiles, type SeedProject } from './corpus';
import { FuzzHost, type FindingKind, type Verdict } from './host';
import { kindOf, mutateProject } from './mutators';
import { inputSeed, Rng } from './prng';
import { shrink, type ShrinkBudget } from './shrink';
import { writeProject } from './worker';

export interface CampaignOptions {
  seed: number;
  /** Inputs to run at most. */
  count: number;
  /** Index of the first input (to replay one input of a run: `from` = its index, count 1). */
  from?: number;
  /** Wall-clock bound of the run, shrinking included. */
  timeSec: number;
  deadlineMs: number;
  memoryMB: number;
  /** Where findings are saved; none saved when null. */
  findingsDir: string | null;
  shrink: ShrinkBudget | null;
  log: (line: string) => void;
}

export interface Finding {
  kind: FindingKind;
  signature: string;
  detail: string;
  seed: number;
  index: number;
  base: string;
  steps: string[];
  /** Folder holding the original and the minimized input. */
  saved?: string;
  minimized?: ProjectFiles;
  /** Later inputs that failed with the same signature. */
  duplicates: number;
}

export interface CampaignResult {
  inputs: number;
  seconds: number;
  findings: Finding[];
  /** Inputs that missed the deadline once but not on the confirming run (a busy machine, or just slow). */
  slow: { index: number; ms: number }[];
  slowestMs: number;
}

/** Same failure, different input: the message without names, paths and numbers, and the first core frame. */
export function signatureOf(kind: FindingKind, detail: string, files: ProjectFiles, edited: string[]): string {
  if (kind === 'hang' || kind === 'memory') return `${kind}: ${[...new Set(edited.filter((p) => p in files).map(kindOf))].sort().join('+')}`;
  const lines = detail.split('\n');
  const message = (lines.find((l) => !/^\s+at /.test(l)) ?? '')
    .replace(/^\S+: (?=internal error|could not be read)/, '')
    .replace(/failed on \S+/, 'failed on <file>')
    .replace(/(['"`]).*?\1/g, '<q>')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
  const frame = lines.map((l) => /at (?:(\S+) \()?.*?server[/\\]out[/\\](\S+?):\d+:\d+/.exec(l)).find((m) => m);
  return `${kind}: ${message}${frame ? ` @ ${frame[1] ?? '<anonymous>'} (${frame[2]})` : ''}`;
}

function editedPaths(files: ProjectFiles, base: ProjectFiles): string[] {
  return Object.keys(files)
    .filter((p) => files[p] !== base[p])
    .sort();
}

/** The input of index `index` of a run seeded with `seed`. */
export function makeInput(seed: number, index: number, corpus: SeedProject[]): { base: SeedProject; files: ProjectFiles; edited: string[]; steps: string[] } {
  const rng = new Rng(inputSeed(seed, index));
  const base = rng.pick(corpus);
  const { files, steps } = mutateProject(rng, base, corpus);
  return { base, files, edited: editedPaths(files, base.files), steps };
}

function save(dir: string, finding: Finding, original: ProjectFiles): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  writeProject(path.join(dir, 'original'), original);
  if (finding.minimized) writeProject(path.join(dir, 'minimized'), finding.minimized);
  // JSON keeps what a file on disk cannot: lone surrogates (they reach the core through editor overlays).
  fs.writeFileSync(path.join(dir, 'minimized.json'), JSON.stringify(finding.minimized ?? original, null, 1));
  const { minimized: _m, ...rest } = finding;
  fs.writeFileSync(path.join(dir, 'finding.json'), JSON.stringify({ ...rest, replay: `npm run fuzz -- --replay ${path.join(dir, 'minimized.json')}`, regenerate: `npm run fuzz -- --seed ${finding.seed} --from ${finding.index} --count 1` }, null, 1));
}

/**
 * Shrinks a failing input to a smaller one that fails the same way (same signature; hangs and memory
 * blow-ups count as one), or returns no files when no smaller one fails again.
 */
async function minimize(host: FuzzHost, input: ProjectFiles, edited: string[], kind: FindingKind, signature: string, deadlineMs: number, budget: ShrinkBudget): Promise<{ files?: ProjectFiles; runs: number }> {
  // Hangs shrink on a shorter deadline (an endless loop misses any); the result is checked on the full one.
  const stops = kind === 'hang' || kind === 'memory';
  const deadline = stops ? Math.max(1000, Math.round(deadlineMs / 3)) : deadlineMs;
  const sameFailure = (v: Verdict, candidate: ProjectFiles) => (stops ? v.kind === 'hang' || v.kind === 'memory' : v.kind === kind && signatureOf(v.kind, v.detail, candidate, []) === signature);
  const editedIn = (candidate: ProjectFiles) => edited.filter((p) => p in candidate);
  const { files, earlier, runs } = await shrink(input, async (candidate) => sameFailure(await host.run(candidate, editedIn(candidate), deadline), candidate), budget);
  // The smallest may sit just past a threshold (stack depth, deadline) and pass when run again: then the
  // smallest earlier step that fails again, trying steps at least a fifth larger each time. Checked on a
  // fresh worker, as cold as the CLI: a warm one has optimized (smaller) frames and overflows deeper.
  await host.close();
  const size = (f: ProjectFiles) => Object.values(f).reduce((n, t) => n + t.length, 0);
  let tried = 0;
  for (const candidate of [files, ...earlier.reverse()]) {
    if (size(candidate) < tried * 1.2) continue;
    tried = size(candidate);
    if (sameFailure(await host.run(candidate, editedIn(candidate)), candidate)) return { files: candidate, runs };
  }
  return { runs };
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const corpus = loadSeedProjects();
  const host = new FuzzHost({ deadlineMs: o.deadlineMs, memoryMB: o.memoryMB });
  const started = Date.now();
  const outOfTime = () => Date.now() - started > o.timeSec * 1000;
  const findings = new Map<string, Finding>();
  const slow: CampaignResult['slow'] = [];
  let inputs = 0;
  let slowestMs = 0;
  try {
    const first = o.from ?? 0;
    for (let index = first; index < first + o.count && !outOfTime(); index++) {
      const input = makeInput(o.seed, index, corpus);
      inputs++;
      let verdict: Verdict = await host.run(input.files, input.edited);
      if (verdict.kind === 'hang' && verdict.wallClock) {
        // Starved of CPU on a busy machine is not a hang: it must miss twice the deadline too.
        const again = await host.run(input.files, input.edited, o.deadlineMs * 2);
        if (again.kind !== 'hang') {
          slow.push({ index, ms: again.ms });
          o.log(`input ${index}: slow (${Math.round(verdict.ms)} ms, then ${Math.round(again.ms)} ms), not counted as a hang`);
          verdict = again;
        }
      }
      if (verdict.kind === 'ok') {
        slowestMs = Math.max(slowestMs, verdict.ms);
        continue;
      }
      const kind = verdict.kind;
      const signature = signatureOf(kind, verdict.detail, input.files, input.edited);
      const known = findings.get(signature);
      if (known) {
        known.duplicates++;
        o.log(`input ${index}: ${kind} again (${signature})`);
        continue;
      }
      const finding: Finding = { kind, signature, detail: verdict.detail, seed: o.seed, index, base: input.base.name, steps: input.steps, duplicates: 0 };
      findings.set(signature, finding);
      o.log(`input ${index} (seed ${o.seed}): ${kind}: ${signature}\n  ${input.steps.join('\n  ')}`);
      if (o.shrink) {
        const { files, runs } = await minimize(host, input.files, input.edited, kind, signature, o.deadlineMs, o.shrink);
        finding.minimized = files ?? input.files;
        const chars = Object.values(finding.minimized).reduce((s, t) => s + t.length, 0);
        o.log(`  ${files ? `shrunk in ${runs} runs` : 'could not be shrunk'} to ${Object.keys(finding.minimized).length} file(s), ${chars} characters`);
        // A hang's signature names the kinds of files it needs: known once the input is shrunk.
        const settled = signatureOf(kind, verdict.detail, finding.minimized, Object.keys(finding.minimized));
        const same = [...findings.values()].find((f) => f !== finding && f.signature === settled);
        if (same) {
          same.duplicates++;
          findings.set(signature, same);
          o.log(`  the same as input ${same.index} (${settled})`);
          continue;
        }
        finding.signature = settled;
      }
      if (o.findingsDir) {
        const tag = crypto.createHash('sha1').update(signature).digest('hex').slice(0, 8);
        finding.saved = path.join(o.findingsDir, `${kind}-${tag}-seed${o.seed}-input${index}`);
        save(finding.saved, finding, input.files);
        o.log(`  saved to ${finding.saved}`);
      }
    }
  } finally {
    await host.close();
  }
  return { inputs, seconds: (Date.now() - started) / 1000, findings: [...new Set(findings.values())], slow, slowestMs };
}

/**
 * Runs one saved input (minimized.json of a finding) and returns its verdict; with a budget, a failing one
 * is shrunk further and written next to it (`<name>.shrunk.json` and a `<name>.shrunk/` folder).
 */
export async function replay(file: string, deadlineMs: number, memoryMB: number, budget?: ShrinkBudget): Promise<Verdict & { shrunkTo?: string }> {
  const files = JSON.parse(fs.readFileSync(file, 'utf8')) as ProjectFiles;
  const host = new FuzzHost({ deadlineMs, memoryMB });
  try {
    const verdict = await host.run(files, Object.keys(files));
    if (verdict.kind === 'ok' || !budget) return verdict;
    const { files: smaller } = await minimize(host, files, Object.keys(files), verdict.kind, signatureOf(verdict.kind, verdict.detail, files, Object.keys(files)), deadlineMs, budget);
    if (!smaller) return verdict;
    const out = file.replace(/\.json$/, '') + '.shrunk';
    fs.writeFileSync(out + '.json', JSON.stringify(smaller, null, 1));
    fs.rmSync(out, { recursive: true, force: true });
    writeProject(out, smaller);
    return { ...verdict, shrunkTo: out + '.json' };
  } finally {
    await host.close();
  }
}
