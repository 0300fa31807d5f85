// What converting tree-sitter's tree into SyntaxNodes costs on top of the parse, single-threaded: CPU seconds
// over every Python file of a folder for the bare parse, for parseToSyntaxTree reading the tree from wasm
// memory, and for parseToSyntaxTree through the raw TreeCursor calls. Each variant runs in its own process (so
// that one's garbage is not collected in another's time), variants alternate, and each process reports the
// best of 3 rounds; the minimum over processes is the steadier figure on a shared machine.
//   node bench/src/conversionCost.js <folder> [processes per variant, default 2]
import { execFileSync } from 'child_process';
import * as path from 'path';
import { getParser, parseToSyntaxTree, treeMemoryInUse, useTreeMemory } from '../../server/out/syntax/parser';
import { discoverFiles } from '../../server/out/workspace/discovery';
import { readProjectFile } from '../../server/out/workspace/safeRead';

const VARIANTS = ['parse', 'memory', 'cursor'] as const;
type Variant = (typeof VARIANTS)[number];

function cpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

/** Child process: one variant, best of 3 rounds, printed as JSON. */
async function runVariant(variant: Variant, root: string): Promise<void> {
  const discovery = await discoverFiles(root, [], []);
  const texts: string[] = [];
  for (const rel of discovery.sources) {
    const read = readProjectFile([root], path.join(root, rel));
    if (!('skipped' in read)) texts.push(read.text);
  }
  const parser = await getParser();
  useTreeMemory(variant === 'memory');
  parseToSyntaxTree(parser, 'x = 1'); // the memory reader's self-check, outside the rounds
  if (variant === 'memory' && !treeMemoryInUse(parser)) throw new Error('the memory reader is not in use');
  const round = variant === 'parse' ? () => texts.forEach((t) => parser.parse(t)?.delete()) : () => texts.forEach((t) => parseToSyntaxTree(parser, t));
  const seconds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = cpuSeconds();
    round();
    seconds.push(cpuSeconds() - started);
  }
  process.stdout.write(JSON.stringify({ files: texts.length, seconds: Math.min(...seconds) }));
}

function main(): Promise<void> | void {
  const args = process.argv.slice(2);
  if (args[0] === '--variant') return runVariant(args[1] as Variant, args[2]);
  const [root, processesArg] = args;
  const processes = Number(processesArg ?? 2);
  const results: Record<Variant, number[]> = { parse: [], memory: [], cursor: [] };
  let files = 0;
  for (let i = 0; i < processes; i++) {
    for (const variant of VARIANTS) {
      const out = execFileSync(process.execPath, [__filename, '--variant', variant, root], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const result = JSON.parse(out) as { files: number; seconds: number };
      files = result.files;
      results[variant].push(result.seconds);
    }
  }
  const best = (v: Variant) => Math.min(...results[v]);
  console.log(`${files} files, CPU seconds (best of ${processes} processes x 3 rounds; all: ${JSON.stringify(results)})`);
  console.log(`  parse only                    ${best('parse').toFixed(2)}`);
  for (const v of ['memory', 'cursor'] as const) {
    console.log(`  parse + convert (${v.padEnd(6)})      ${best(v).toFixed(2)}  conversion ${(best(v) - best('parse')).toFixed(2)}, ${(best(v) / best('parse')).toFixed(2)}x the parse`);
  }
}

void Promise.resolve(main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
