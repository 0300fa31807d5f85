// `--write-baseline FILE` / `--baseline FILE`: adopting Coherence on a repository that already has findings.
// The baseline holds each finding's fingerprint (findingMatch.ts: file, rule, message, line text — no line
// numbers, so edits above a finding do not make it new); a run with the baseline fails only on the others.
import * as fs from 'fs';
import type { Diagnostic } from '../core/types';
import type { Fingerprinted } from './findingMatch';

export class BaselineError extends Error {}

interface BaselineFile {
  coherenceBaseline: 1;
  findings: { file: string; code: string; line: number; message: string; fingerprint: string }[];
}

export function writeBaseline(file: string, findings: readonly Fingerprinted[]): void {
  const content: BaselineFile = {
    coherenceBaseline: 1,
    findings: findings.map(({ diagnostic: d, fingerprint }) => ({ file: d.file, code: d.code, line: d.range.start.line + 1, message: d.message, fingerprint })),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(content, null, 2) + '\n');
  fs.renameSync(temporary, file);
}

/** The fingerprints of a baseline file (with multiplicity); a file that is not a baseline is an error, never "no baseline". */
export function readBaseline(file: string): { fingerprint: string; diagnostic: Pick<Diagnostic, 'file' | 'code' | 'message'> }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BaselineError(`--baseline ${file}: ${(e as Error).message}`);
  }
  const b = parsed as Partial<BaselineFile>;
  if (b?.coherenceBaseline !== 1 || !Array.isArray(b.findings) || !b.findings.every((f) => f && typeof f.fingerprint === 'string')) {
    throw new BaselineError(`--baseline ${file}: not a Coherence baseline (write one with --write-baseline)`);
  }
  return b.findings.map((f) => ({ fingerprint: f.fingerprint, diagnostic: { file: String(f.file), code: String(f.code), message: String(f.message) } }));
}
