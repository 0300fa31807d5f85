#!/usr/bin/env node
// `coherence check`: the same analysis core as the language server, printed as text, JSON or SARIF.
// Exit codes: 0 no error reported, 1 at least one error, 2 usage or setup problem.
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { RULES } from './checks/registry';
import { compareDiagnostics, type SeveritySetting } from './core/types';
import { formatJson, formatSarif, formatText, type CheckReport } from './cli/formatters';
import { describeFixes, formatDiff, planFixes, writeFixes } from './cli/applyFixes';
import { colorWanted, RULES_USAGE, unknownRuleMessage, usageErrorText } from './cli/usage';
import { ruleDocText } from './checks/ruleDocs';
import { unusableRoot, whyNothingWasChecked } from './cli/nothingChecked';
import { GitFailure, runGitSafely } from './cli/safeGit';
import { Workspace } from './host/workspace';

const USAGE = `Usage: coherence check [root] [options]

Checks that the files of a Python backend fit together (imports, names, models, wiring).

Options:
  --format <text|json|sarif>   output format (default: text)
  --changed-since <git-ref>    report only files changed since the ref (the whole project is still indexed)
  --source-root <dir>          an extra sys.path folder, relative to root (repeatable)
  --exclude <glob>             a glob of files not to check, relative to root (repeatable)
  --rule <id>=<severity>       error, warning, information, hint or off (repeatable)
  --fix                        apply the safe fixes (did-you-mean to a name that exists, a missing import),
                               then check again: the report and exit code show what remains
  --unsafe-fixes               with --fix or --diff, the unsafe fixes too (stubs, fields, migrations…)
  --diff                       print the fixes as a unified diff instead of the report; writes nothing
  --no-color                   plain text output (so does a non-empty NO_COLOR variable)
  --stats                      print files, time and peak memory to stderr
  -h, --help                   this help
  -v, --version                the version

       coherence rules [id]      lists the rules, or prints one rule's documentation
       coherence <command> --help   the help of a command`;

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

/** Files changed since `ref` (committed, staged or not) and untracked files that are not ignored. */
function changedFiles(root: string, ref: string): Set<string> {
  if (ref.startsWith('-')) throw new UsageError(`--changed-since takes a git ref, not '${ref}'`);
  try {
    const changed = runGitSafely(root, ['diff', '-z', '--name-only', '--relative', ref, '--']);
    const untracked = runGitSafely(root, ['ls-files', '-z', '--others', '--exclude-standard']);
    return new Set((changed + '\0' + untracked).split('\0').filter(Boolean));
  } catch (e) {
    if (!(e instanceof GitFailure)) throw e;
    throw new UsageError(`--changed-since ${ref}: git failed: ${e.message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'changed-since': { type: 'string' },
      'source-root': { type: 'string', multiple: true, default: [] },
      exclude: { type: 'string', multiple: true, default: [] },
      rule: { type: 'string', multiple: true, default: [] },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      diff: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      stats: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) {
    process.stdout.write((positionals[0] === 'rules' ? RULES_USAGE : USAGE) + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const [command, rootArg, ...extra] = positionals;
  if (command === 'rules') {
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (rootArg !== undefined) {
      const meta = RULES.get(rootArg);
      if (!meta) throw new UsageError(unknownRuleMessage(rootArg, RULES.keys()));
      process.stdout.write(ruleDocText(meta));
      return 0;
    }
    for (const r of RULES.values()) process.stdout.write(`${r.id.padEnd(26)} ${r.defaultSeverity.padEnd(8)} ${r.summary}\n`);
    return 0;
  }
  if (command !== 'check') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  if (values['unsafe-fixes'] && !values.fix && !values.diff) throw new UsageError('--unsafe-fixes goes with --fix or --diff');
  if (values.diff && (values.fix || values.format)) throw new UsageError(`--diff prints the fixes instead of a report: it takes neither --fix nor --format`);
  const root = path.resolve(rootArg ?? '.');
  const unusable = unusableRoot(root);
  if (unusable) throw new SetupError(unusable);
  const rules: Record<string, SeveritySetting> = {};
  for (const r of values.rule!) {
    const m = /^([a-z-]+)=(error|warning|information|hint|off)$/.exec(r);
    if (!m) throw new UsageError(`--rule takes <id>=<error|warning|information|hint|off>, not '${r}'`);
    if (!RULES.has(m[1])) throw new UsageError(unknownRuleMessage(m[1], RULES.keys()));
    rules[m[1]] = m[2] as SeveritySetting;
  }
  const only = values['changed-since'] ? changedFiles(root, values['changed-since']) : null;

  const started = process.hrtime.bigint();
  const checkStartedMs = Date.now();
  const ws = await Workspace.load({
    root,
    settings: { sourceRoots: values['source-root']!, exclude: values.exclude!, rules },
    log: (m) => process.stderr.write(`coherence: ${m}\n`),
  });
  try {
    if (ws.fileCount === 0) throw new SetupError(await whyNothingWasChecked(root));
    const reported = () => [...ws.checkAll().values()].flat().filter((d) => !only || only.has(d.file)).sort(compareDiagnostics);
    let diagnostics = reported();
    if (values.fix || values.diff) {
      const plan = planFixes(root, diagnostics, { unsafe: values['unsafe-fixes']!, checkStartedMs });
      if (values.diff) {
        await new Promise<void>((resolve) => process.stdout.write(formatDiff(plan), () => resolve()));
        process.stderr.write(describeFixes(plan, null));
        return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
      }
      const written = writeFixes(root, plan);
      process.stderr.write(describeFixes(plan, written));
      if (written.changes.length) {
        await ws.applyChanges(written.changes);
        diagnostics = reported();
      }
    }
    const report: CheckReport = { diagnostics, filesChecked: ws.fileCount, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    const out =
      format === 'json' ? formatJson(report) : format === 'sarif' ? formatSarif(report, version()) : formatText(report, colorWanted(values['no-color']!, process.stdout));
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
      process.stderr.write(usageErrorText((e as Error).message));
      process.exitCode = 2;
    } else {
      process.stderr.write(`coherence: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    }
  },
);
