// `npm run bench -- changed-since`: what `--changed-since` costs next to a plain check (issue #16 asks at most
// 2.2×) on a generated 4,000-module project in a git repository, after a change that renames a function 500
// modules import. Median of three runs of each; prints a line and asserts nothing.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generateProject } from './generate';

const REPO = path.join(__dirname, '..', '..');
const CLI = path.join(REPO, 'server', 'out', 'cli.js');

function seconds(args: string[]): { wall: number; findings: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, 'check', ...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr.slice(-2000)}`);
  return { wall, findings: (JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function changedSinceBench(size = Number(process.env.BENCH_SIZES ?? 4000)): void {
  const project = generateProject(path.join(REPO, 'bench', 'projects', `changed-since-${size}`), size);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', ...args], { cwd: project.root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'generated');
  const hub = path.join(project.root, project.hubFile);
  fs.writeFileSync(hub, fs.readFileSync(hub, 'utf8').replace(new RegExp(`\\bdef ${project.hubExportName}\\b`), `def ${project.hubExportName}_renamed`));
  // Both cold (--no-cache): a plain run with nothing changed would otherwise print the last run's findings.
  const plain = [0, 1, 2].map(() => seconds([project.root, '--no-cache']));
  const changed = [0, 1, 2].map(() => seconds([project.root, '--no-cache', '--changed-since', 'HEAD']));
  const p = median(plain.map((r) => r.wall));
  const c = median(changed.map((r) => r.wall));
  console.log(`| modules | plain check (cold) | --changed-since HEAD (cold) | ratio | findings plain / new |`);
  console.log(`|---|---|---|---|---|`);
  console.log(`| ${project.moduleCount.toLocaleString('en')} | ${p.toFixed(2)} s | ${c.toFixed(2)} s | ${(c / p).toFixed(2)}× | ${plain[0].findings} / ${changed[0].findings} |`);
}
