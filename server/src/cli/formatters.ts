// Output formats of `coherence check`. JSON is a public contract (see DESIGN.md): keep it stable.
import { createHash } from 'crypto';
import type * as sarif from 'sarif';
import { RULES } from '../checks/registry';
import { ruleDocUrl } from '../checks/ruleDocs';
import { detailLines } from '../core/detailLines';
import type { Diagnostic, Severity } from '../core/types';

export interface CheckReport {
  /** What is reported: with a comparison, only the findings that are new. */
  diagnostics: Diagnostic[];
  filesChecked: number;
  seconds: number;
  /** Set by --changed-since and --baseline: what the reported findings were compared with. */
  comparison?: {
    against: string;
    /** Findings that were there already (not reported). */
    unchanged: Diagnostic[];
    /** Findings that were there and are gone (positions as they were). */
    resolved: Diagnostic[];
    /** Gone findings known only by fingerprint (from a baseline file). */
    resolvedUnlisted?: number;
  };
}

function comparisonLine(c: NonNullable<CheckReport['comparison']>, added: number): string {
  const resolved = c.resolved.length + (c.resolvedUnlisted ?? 0);
  return `${added} new finding(s), ${c.unchanged.length} already there, ${resolved} resolved (${c.against})`;
}

export function formatText(report: CheckReport, color: boolean): string {
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const colors: Record<Severity, string> = { error: '31', warning: '33', information: '36', hint: '2' };
  const lines = report.diagnostics.flatMap((d) => {
    const where = `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    return [`${paint('1', where)}: ${paint(colors[d.severity], d.severity)} ${d.message} ${paint('2', `[${d.code}]`)}`, ...detailLines(d).map((l) => paint('2', l))];
  });
  const count = (s: Severity) => report.diagnostics.filter((d) => d.severity === s).length;
  const files = new Set(report.diagnostics.map((d) => d.file)).size;
  lines.push(
    `${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} note(s) in ${files} file(s); ` +
      `${report.filesChecked} file(s) checked in ${report.seconds.toFixed(2)} s`,
  );
  if (report.comparison) lines.push(comparisonLine(report.comparison, report.diagnostics.length));
  return lines.join('\n') + '\n';
}

export function formatJson(report: CheckReport): string {
  return (
    JSON.stringify(
      {
        version: 1,
        diagnostics: report.diagnostics.map(jsonDiagnostic),
        ...(report.comparison
          ? {
              comparison: {
                against: report.comparison.against,
                new: report.diagnostics.length,
                unchanged: report.comparison.unchanged.length,
                resolved: report.comparison.resolved.map(jsonDiagnostic),
                resolvedUnlisted: report.comparison.resolvedUnlisted ?? 0,
                summary: comparisonLine(report.comparison, report.diagnostics.length),
              },
            }
          : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

function jsonDiagnostic(d: Diagnostic) {
  return {
    file: d.file,
    range: d.range,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.detail ? { detail: d.detail } : {}),
    ...(d.related?.length ? { related: d.related } : {}),
    fixes: d.fixes,
  };
}

const SARIF_LEVEL: Record<Severity, sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(report: CheckReport, toolVersion: string): string {
  const ruleIds = [...RULES.keys()];
  const log: sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'Coherence',
            version: toolVersion,
            informationUri: 'https://github.com/coherence-dev/coherence',
            rules: ruleIds.map((id) => {
              const meta = RULES.get(id)!;
              return {
                id,
                shortDescription: { text: meta.summary },
                fullDescription: { text: `${meta.doc.catches} ${meta.doc.whyItBreaks}` },
                help: { text: `${meta.doc.catches}\nWhy it breaks: ${meta.doc.whyItBreaks}\nExample:\n${meta.doc.example}\nFix: ${meta.doc.fix}` },
                helpUri: ruleDocUrl(id),
                defaultConfiguration: { level: SARIF_LEVEL[meta.defaultSeverity] },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: './' } },
        // Compared runs list what is new, what was there already and what went (SARIF's baselineState).
        results: [
          ...report.diagnostics.map((d) => ({ d, state: report.comparison ? ('new' as const) : undefined })),
          ...(report.comparison?.unchanged ?? []).map((d) => ({ d, state: 'unchanged' as const })),
          ...(report.comparison?.resolved ?? []).map((d) => ({ d, state: 'absent' as const })),
        ].map(({ d, state }) => ({
          ruleId: d.code,
          ...(state ? { baselineState: state } : {}),
          ruleIndex: ruleIds.indexOf(d.code),
          level: SARIF_LEVEL[d.severity],
          // SARIF viewers show a message's first sentence as its summary: the short message, then the detail.
          message: { text: d.detail ? `${sentence(d.message)} ${d.detail}` : d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(d.file), uriBaseId: 'SRCROOT' }, region: sarifRegion(d.range) } }],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: encodeURI(r.file), uriBaseId: 'SRCROOT' }, region: sarifRegion(r.range) },
                })),
              }
            : {}),
          ...(d.fixes.length
            ? {
                fixes: d.fixes.map((f) => ({
                  description: { text: f.title },
                  // Whether `coherence check --fix` applies it without --unsafe-fixes.
                  properties: { safety: f.safety },
                  artifactChanges: groupByFile(f.edits).map(([file, edits]) => ({
                    artifactLocation: { uri: encodeURI(file), uriBaseId: 'SRCROOT' },
                    replacements: edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** The message, then the detail on the next line (annotations and reports that have room for both). */
function withDetail(d: Diagnostic): string {
  return d.detail ? `${d.message}\n${d.detail}` : d.message;
}

/** The message as a sentence: a full stop unless it ends in one already (or a question). */
function sentence(message: string): string {
  return /[.?!]$/.test(message) ? message : `${message}.`;
}

function sarifRegion(r: Diagnostic['range']): sarif.Region {
  // SARIF lines and columns are 1-based; columns count UTF-16 code units by default.
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return [...m];
}

// ---- CI formats: GitHub Actions workflow commands and GitLab Code Quality -------------------------------

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** GitHub Actions annotations (`::error file=…,line=…::message`), one per finding, then the text summary line. */
export function formatGithub(report: CheckReport): string {
  // Workflow command escaping: the message escapes %, CR and LF; property values also ':' and ','.
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines = report.diagnostics.map((d) => {
    const r = d.range;
    const props = [
      `file=${property(d.file)}`,
      `line=${r.start.line + 1}`,
      `endLine=${r.end.line + 1}`,
      `col=${r.start.character + 1}`,
      // GitHub takes endColumn only on one-line annotations.
      ...(r.start.line === r.end.line ? [`endColumn=${r.end.character + 1}`] : []),
      `title=${property(`Coherence ${d.code}`)}`,
    ];
    return `::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${data(withDetail(d))}`;
  });
  const text = formatText(report, false);
  const summary = text.slice(text.lastIndexOf('\n', text.length - 2) + 1);
  return [...lines, summary].join('\n');
}

const GITLAB_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' };

/**
 * GitLab Code Quality report (a JSON array). The fingerprint leaves out the line so a finding keeps its
 * identity when lines above it move; identical findings in one file are told apart by their order.
 */
export function formatGitlab(report: CheckReport): string {
  const seen = new Map<string, number>();
  const issues = report.diagnostics.map((d) => {
    const identity = `${d.file}\0${d.code}\0${d.message}`;
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return {
      description: withDetail(d),
      check_name: d.code,
      fingerprint: createHash('sha256').update(`${identity}\0${occurrence}`).digest('hex'),
      severity: GITLAB_SEVERITY[d.severity],
      location: { path: d.file, lines: { begin: d.range.start.line + 1, end: d.range.end.line + 1 } },
    };
  });
  return JSON.stringify(issues, null, 2) + '\n';
}
