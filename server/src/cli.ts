#!/usr/bin/env node
// `coherence check`: the same analysis core as the language server, printed as text, JSON or SARIF.
// Exit codes: 0 no error reported, 1 at least one error, 2 usage or setup problem.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { RULES } from './checks/registry';
import { compareDiagnostics, type SeveritySetting } from './core/types';
import { formatGithub, formatGitlab, formatJson, formatSarif, formatText, type CheckReport } from './cli/formatters';
import { unusableRoot, whyNothingWasChecked } from './cli/nothingChecked';
import { changedFiles, ChangedSinceError } from './cli/changedFiles';
import { runMcpServer } from './cli/mcpCommand';
import { Workspace } from './host/workspace';

const USAGE = `Usage: coherence check [root] [options]

Checks that the files of a Python backend fit together (imports, names, models, wiring).

Options:
  --format <text|json|sarif|github|gitlab>
                               output format (default: text); github: Actions annotations,
                               gitlab: Code Quality JSON
  --changed-since <git-ref>    report only files changed since the ref (the whole project is still indexed)
  --source-root <dir>          an extra sys.path folder, relative to root (repeatable)
  --exclude <glob>             a glob of files not to check, relative to root (repeatable)
  --rule <id>=<severity>       error, warning, information, hint or off (repeatable)
  --no-color                   plain text output
  --stats                      print files, time and peak memory to stderr
  -h, --help                   this help
  -v, --version                the version

       coherence rules           lists the rules
       coherence mcp [root]      serves the check to coding agents (Model Context Protocol over stdio;
                                 takes --source-root, --exclude and --rule)`;

function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

class UsageError extends Error {}
/** The project cannot be checked (exit 2, without the usage text). */
class SetupError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'changed-since': { type: 'string' },
      'source-root': { type: 'string', multiple: true, default: [] },
      exclude: { type: 'string', multiple: true, default: [] },
      rule: { type: 'string', multiple: true, default: [] },
      'no-color': { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const [command, rootArg, ...extra] = positionals;
  if (command === 'rules') {
    for (const r of RULES.values()) process.stdout.write(`${r.id.padEnd(26)} ${r.defaultSeverity.padEnd(8)} ${r.summary}\n`);
    return 0;
  }
  if (command !== 'check' && command !== 'mcp') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'github', 'gitlab'].includes(format)) throw new UsageError(`--format must be text, json, sarif, github or gitlab, not '${format}'`);
  const root = path.resolve(rootArg ?? '.');
  const unusable = unusableRoot(root);
  if (unusable) throw new SetupError(unusable);
  const rules: Record<string, SeveritySetting> = {};
  for (const r of values.rule!) {
    const m = /^([a-z-]+)=(error|warning|information|hint|off)$/.exec(r);
    if (!m) throw new UsageError(`--rule takes <id>=<error|warning|information|hint|off>, not '${r}'`);
    if (!RULES.has(m[1])) throw new UsageError(`unknown rule '${m[1]}' (see 'coherence rules')`);
    rules[m[1]] = m[2] as SeveritySetting;
  }
  const settings = { sourceRoots: values['source-root']!, exclude: values.exclude!, rules };
  if (command === 'mcp') return runMcpServer({ root, settings, version: version() });
  let only: Set<string> | null = null;
  try {
    only = values['changed-since'] ? changedFiles(root, values['changed-since']) : null;
  } catch (e) {
    throw e instanceof ChangedSinceError ? new UsageError(e.message) : e;
  }

  const started = process.hrtime.bigint();
  const ws = await Workspace.load({
    root,
    settings,
    log: (m) => process.stderr.write(`coherence: ${m}\n`),
  });
  try {
    if (ws.fileCount === 0) throw new SetupError(await whyNothingWasChecked(root));
    const all = ws.checkAll();
    const diagnostics = [...all.values()].flat().filter((d) => !only || only.has(d.file)).sort(compareDiagnostics);
    const report: CheckReport = { diagnostics, filesChecked: ws.fileCount, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    const formats: Record<string, () => string> = {
      json: () => formatJson(report),
      sarif: () => formatSarif(report, version()),
      github: () => formatGithub(report),
      gitlab: () => formatGitlab(report),
      text: () => formatText(report, !values['no-color'] && process.stdout.isTTY === true),
    };
    const out = formats[format]();
    await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
    if (values.stats) {
      const stats = { files: ws.fileCount, seconds: report.seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), diagnostics: diagnostics.length };
      process.stderr.write(`coherence stats: ${JSON.stringify(stats)}\n`);
    }
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  } finally {
    await ws.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof SetupError) {
      process.stderr.write(`coherence: ${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`coherence: ${(e as Error).message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`coherence: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    }
  },
);
