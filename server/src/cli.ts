#!/usr/bin/env node
// `coherence check`: the same analysis core as the language server, printed as text, JSON or SARIF.
// Exit codes: 0 no error reported, 1 at least one error, 2 usage or setup problem.
// First, before the rest loads: a check's compiler flags, then (when it parses every file) its workers.
import './cli/batchCompilerFlags';
import { takeEarlyWorkers } from './cli/earlyWorkers';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { RULES } from './checks/registry';
import { compareDiagnostics, type SeveritySetting } from './core/types';
import { formatGithub, formatGitlab, formatJson, formatSarif, formatText, type CheckReport } from './cli/formatters';
import { describeFixes, formatDiff, planFixes, writeFixes } from './cli/applyFixes';
import { colorWanted, RULES_USAGE, unknownRuleMessage, usageErrorText } from './cli/usage';
import { ruleDocText } from './checks/ruleDocs';
import { unusableRoot, whyNothingWasChecked } from './cli/nothingChecked';
import { BaselineError, readBaseline, writeBaseline } from './cli/baseline';
import { ChangedSinceError, compareWithRef } from './cli/changedSince';
import { compareFindings, fingerprintAll } from './cli/findingMatch';
import { watch } from './cli/watch';
import { textReader } from './workspace/safeRead';
import { SummaryCache } from './host/summaryCache';
import { cacheFolderOf, holdsSummaries } from './host/cacheLayout';
import { CLI_OPTIONS } from './cli/options';
import { checkFolder, keepRun } from './host/warmRun';
import { SummarizerPool } from './host/summarizerPool';

const USAGE = `Usage: coherence check [root] [options]

Checks that the files of a Python backend fit together (imports, names, models, wiring).

Options:
  --format <text|json|sarif|github|gitlab>
                               output format (default: text); github: Actions annotations,
                               gitlab: Code Quality JSON
  --changed-since <git-ref>    report only what the change since the ref introduced, in any file, and
                               count what it resolved (the project at the ref is read from git's objects)
  --baseline <file>            report only findings not in this baseline file
  --write-baseline <file>      write every finding to a baseline file (and report as usual)
  --source-root <dir>          an extra sys.path folder, relative to root (repeatable)
  --exclude <glob>             a glob of files not to check, relative to root (repeatable)
  --rule <id>=<severity>       error, warning, information, hint or off (repeatable)
  --fix                        apply the safe fixes (did-you-mean to a name that exists, a missing import),
                               then check again: the report and exit code show what remains
  --unsafe-fixes               with --fix or --diff, the unsafe fixes too (stubs, fields, migrations…)
  --diff                       print the fixes as a unified diff instead of the report; writes nothing
  --watch                      after the report, re-check on every change on disk and report again
  --cache-dir <dir>            where summaries of earlier runs are kept (default: <root>/.coherence_cache)
  --no-cache                   neither read nor write the cache
  --no-color                   plain text output (so does a non-empty NO_COLOR variable)
  --stats                      print files, time and peak memory to stderr
  -h, --help                   this help
  -v, --version                the version

       coherence rules [id]      lists the rules, or prints one rule's documentation
       coherence <command> --help   the help of a command
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
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
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
  if (command !== 'check' && command !== 'mcp') throw new UsageError(command ? `unknown command '${command}'` : 'missing command');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif', 'github', 'gitlab'].includes(format)) throw new UsageError(`--format must be text, json, sarif, github or gitlab, not '${format}'`);
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
  const since = values['changed-since'];
  if (values.watch && (!['text', 'json'].includes(format) || since || values.baseline)) throw new UsageError('--watch reports text or json, without --changed-since or --baseline');
  // Read before checking: a bad baseline is a usage problem, found before the work.
  const baseline = values.baseline ? readBaseline(path.resolve(values.baseline)) : null;

  const started = process.hrtime.bigint();
  const log = (m: string) => process.stderr.write(`coherence: ${m}\n`);
  // --diff writes nothing, not even the cache.
  const cacheDir = values['no-cache'] || values.diff ? null : cacheFolderOf(root, values['cache-dir']);
  // With no summaries to start from, every file is parsed: the workers load while the cache's key is read and the folder listed.
  const pool = new SummarizerPool();
  const early = takeEarlyWorkers();
  if (command === 'check' && !(cacheDir && holdsSummaries(cacheDir))) pool.startEarly(early);
  else for (const worker of early) void worker.terminate();
  // Its summaries are written while the files are checked (the check is under way on the other core).
  const cache = cacheDir === null ? null : new SummaryCache({ dir: cacheDir, log, writeInBackground: true });
  const settings = { sourceRoots: values['source-root']!, exclude: values.exclude!, rules };
  // Loaded only when asked for: the MCP SDK is a tenth of a warm check's start-up.
  if (command === 'mcp') return (await import('./cli/mcpCommand.js')).runMcpServer({ root, settings, version: version() });
  const options = { root, settings, log, pool };
  // From the last run: its findings when nothing changed, without parsing anything; after edits, the findings of
  // the files the edits cannot affect (--changed-since, --watch and --fix need the whole index, checked now).
  const checkStartedMs = Date.now();
  const { diagnostics: found, fileCount: filesChecked, ws, lastRun, resumed } = await checkFolder({ ...options, cache }, !since && !values.watch && !values.fix).catch(async (e: unknown) => {
    await pool.close(); // its workers would keep the process alive
    throw e;
  });
  for (const n of lastRun?.notes ?? []) log(n);
  try {
    if (filesChecked === 0) throw new SetupError(await whyNothingWasChecked(root));
    let all = found.sort(compareDiagnostics);
    if (values.fix || values.diff) {
      const plan = planFixes(root, all, { unsafe: values['unsafe-fixes']!, checkStartedMs });
      if (values.diff) {
        await new Promise<void>((resolve) => process.stdout.write(formatDiff(plan), () => resolve()));
        process.stderr.write(describeFixes(plan, null));
        return all.some((d) => d.severity === 'error') ? 1 : 0;
      }
      const written = writeFixes(root, plan);
      process.stderr.write(describeFixes(plan, written));
      if (written.changes.length) {
        await ws!.applyChanges(written.changes);
        all = ws!.currentDiagnostics().sort(compareDiagnostics);
      }
    }
    if (ws && cache) keepRun(cache, ws, all);
    const textNow = textReader(root);
    const report: CheckReport = { diagnostics: all, filesChecked, seconds: 0 };
    if (values['write-baseline']) writeBaseline(path.resolve(values['write-baseline']), fingerprintAll(all, textNow));
    if (since) {
      const change = await compareWithRef(ws!, root, since, all, textNow);
      report.diagnostics = change.added;
      report.comparison = { against: `changes since ${since}`, unchanged: change.unchanged, resolved: change.resolved.sort(compareDiagnostics) };
    }
    if (baseline) {
      const { added, unchanged, resolved } = compareFindings(baseline, fingerprintAll(report.diagnostics, textNow));
      report.diagnostics = added.map((f) => f.diagnostic);
      report.comparison = {
        against: since ? `changes since ${since} and baseline ${values.baseline}` : `baseline ${values.baseline}`,
        unchanged: [...(report.comparison?.unchanged ?? []), ...unchanged.map((f) => f.diagnostic)],
        resolved: report.comparison?.resolved ?? [],
        // Baseline entries no longer found (no range is kept for them, so they are counted, not listed); with
        // --changed-since the baseline met only the new findings, so the count would mean nothing.
        ...(since ? {} : { resolvedUnlisted: resolved.length }),
      };
    }
    const diagnostics = report.diagnostics;
    report.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const color = colorWanted(values['no-color']!, process.stdout);
    // Watching, each JSON report is one line (a stream of reports).
    const formats: Record<string, () => string> = {
      // Watching, each JSON report is one line (a stream of reports).
      json: () => (values.watch ? JSON.stringify(JSON.parse(formatJson(report))) + '\n' : formatJson(report)),
      sarif: () => formatSarif(report, version()),
      github: () => formatGithub(report),
      gitlab: () => formatGitlab(report),
      text: () => formatText(report, color),
    };
    const out = formats[format]();
    await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
    if (values.stats) {
      const stats = { files: filesChecked, summarized: ws?.freshSummaryCount ?? 0, fromLastRun: lastRun !== null, rechecked: resumed?.rechecked ?? (lastRun ? 0 : filesChecked), reused: resumed?.reused ?? 0, seconds: report.seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), diagnostics: diagnostics.length };
      process.stderr.write(`coherence stats: ${JSON.stringify(stats)}\n`);
    }
    if (values.watch && ws) {
      const started = Date.now();
      return await watch({
        root,
        ws,
        log,
        report: async (current, changed) => {
          const again: CheckReport = { diagnostics: current, filesChecked: ws.fileCount, seconds: (Date.now() - started) / 1000 };
          const text = format === 'json' ? JSON.stringify(JSON.parse(formatJson(again))) + '\n' : `\n--- ${new Date().toLocaleTimeString()}: ${changed.length} change(s) ---\n${formatText(again, color)}`;
          await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
        },
      });
    }
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  } finally {
    await ws?.dispose();
    await pool.close();
    await cache?.settled();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof SetupError || e instanceof ChangedSinceError || e instanceof BaselineError) {
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
