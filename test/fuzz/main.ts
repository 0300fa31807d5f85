// `npm run fuzz -- [--seed N] [--count N] [--time S] …`: a fuzzing run of the core; exit 1 on any finding.
import * as path from 'path';
import { parseArgs } from 'util';
import { REPO } from './corpus';
import { replay, runCampaign } from './campaign';

const USAGE = `Usage: npm run fuzz -- [options]
  --seed <n>          seed of the run (default: 1)
  --count <n>         inputs to run at most (default: 100000)
  --time <s>          wall-clock bound in seconds, shrinking included (default: 600)
  --from <n>          index of the first input (with --count 1: regenerate one input of a run)
  --deadline <ms>     per-input deadline in CPU time; 4 times it in wall-clock time (default: 5000)
  --memory <MB>       memory one input may add (default: 768)
  --shrink-time <s>   time spent minimizing each new finding (default: 60)
  --out <dir>         findings folder (default: test/.tmp/fuzz-findings)
  --replay <file>     run one saved input (a finding's minimized.json) and print its verdict; with
                      --shrink-time, shrink it further into <file>.shrunk.json and <file>.shrunk/`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      count: { type: 'string', default: '100000' },
      time: { type: 'string', default: '600' },
      from: { type: 'string', default: '0' },
      deadline: { type: 'string', default: '5000' },
      memory: { type: 'string', default: '768' },
      'shrink-time': { type: 'string' },
      out: { type: 'string', default: path.join(REPO, 'test', '.tmp', 'fuzz-findings') },
      replay: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const num = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number, not '${values[name]}'`);
    return n;
  };
  if (values.replay) {
    const shrinkMs = values['shrink-time'] === undefined ? 0 : num('shrink-time') * 1000;
    const v = await replay(values.replay, num('deadline'), num('memory'), shrinkMs > 0 ? { maxRuns: 5000, maxMs: shrinkMs } : undefined);
    console.log(JSON.stringify(v, null, 1));
    return v.kind === 'ok' ? 0 : 1;
  }
  const shrinkMs = (values['shrink-time'] === undefined ? 60 : num('shrink-time')) * 1000;
  const result = await runCampaign({
    seed: num('seed'),
    count: num('count'),
    from: num('from'),
    timeSec: num('time'),
    deadlineMs: num('deadline'),
    memoryMB: num('memory'),
    findingsDir: path.resolve(values.out!),
    shrink: shrinkMs > 0 ? { maxRuns: 2000, maxMs: shrinkMs } : null,
    log: (line) => console.log(line),
  });
  console.log(
    `fuzz: seed ${values.seed}: ${result.inputs} inputs in ${result.seconds.toFixed(1)} s, slowest ${Math.round(result.slowestMs)} ms, ${result.slow.length} slow, ${result.findings.length} finding(s)`,
  );
  for (const f of result.findings) console.log(`  ${f.kind} (input ${f.index}, ${f.duplicates} more like it): ${f.signature}${f.saved ? `\n    ${f.saved}` : ''}`);
  return result.findings.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz: ${(e as Error).stack ?? (e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  },
);
