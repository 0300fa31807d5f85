// What the framework adapters cost the summarizer: every Python file of a folder is parsed once, then
// summarized in alternating rounds without adapters and with the registered ones (frameworks/adapters.ts);
// single-threaded, summarize CPU time only (parsing left out), median and minimum of the rounds (on a shared
// machine the minimum is the steadier of the two).
//   node --expose-gc bench/src/adapterCost.js <folder> [rounds] [out dir of another build to compare, e.g. a baseline]
import * as path from 'path';
import { discoverFiles } from '../../server/out/workspace/discovery';
import { readProjectFile } from '../../server/out/workspace/safeRead';
import { getParser, parseToSyntaxTree, type SyntaxNode } from '../../server/out/syntax/parser';

type Summarize = (root: SyntaxNode, text: string, collectors?: readonly unknown[]) => unknown;

async function main(): Promise<void> {
  const [root, roundsArg, otherOut] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 5);
  const ours = path.join(__dirname, '..', '..', 'server', 'out');
  const summarizeOurs = (require(path.join(ours, 'syntax', 'summarize')) as { summarize: Summarize }).summarize;
  const adapters = (require(path.join(ours, 'frameworks', 'adapters')) as { FRAMEWORK_ADAPTERS: readonly unknown[] }).FRAMEWORK_ADAPTERS;
  const summarizeOther = otherOut ? (require(path.resolve(otherOut, 'syntax', 'summarize')) as { summarize: Summarize }).summarize : null;
  const discovery = await discoverFiles(root, [], []);
  const parser = await getParser();
  const files: { root: SyntaxNode; text: string }[] = [];
  for (const rel of discovery.sources) {
    const read = readProjectFile([root], path.join(root, rel));
    if ('skipped' in read) continue;
    const parsed = parseToSyntaxTree(parser, read.text);
    if (parsed.root) files.push({ root: parsed.root, text: read.text });
  }
  const variants: [string, () => void][] = [
    ['no adapters', () => files.forEach((f) => summarizeOurs(f.root, f.text, []))],
    [`registered adapters (${adapters.length})`, () => files.forEach((f) => summarizeOurs(f.root, f.text, adapters))],
  ];
  if (summarizeOther) variants.push([`other build (${otherOut})`, () => files.forEach((f) => summarizeOther(f.root, f.text))]);
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, run] of variants) run(); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of variants) {
      (globalThis as { gc?: () => void }).gc?.(); // each variant starts from a collected heap
      // CPU time of this (single-threaded) process: waiting for a core on a shared machine is left out.
      const started = process.cpuUsage();
      run();
      const used = process.cpuUsage(started);
      times.get(name)!.push((used.user + used.system) / 1e3);
    }
  }
  console.log(`${files.length} files, ${rounds} rounds`);
  for (const [name, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`${name}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})`);
  }
}

void main();
