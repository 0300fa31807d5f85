// `coherence check --fix` and `--diff`: which fixes a run may apply, their edits planned per file, written
// atomically inside the root (or printed as a unified diff), and the files changed handed back for a re-check.
// A project is untrusted: a target is refused when it resolves outside the root, is not a regular file, is
// not plain UTF-8 text (writing back would alter bytes), or changed on disk after the check began.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Diagnostic, Fix, Position, TextEdit } from '../core/types';
import type { FileChange } from '../host/workspace';
import { readProjectFile } from '../workspace/safeRead';

export interface FixOptions {
  /** Apply unsafe fixes too (`--unsafe-fixes`). */
  unsafe: boolean;
  /** When the check began reading files (ms since the epoch): a file modified later is not edited. */
  checkStartedMs: number;
}

/** One file's planned change; `before` is null for a file the fixes create. */
export interface FilePlan {
  file: string;
  before: string | null;
  after: string;
  /** Where the bytes go: the file's real path (an in-root symlink is written through), or the new file's. */
  target: string;
  /** The file as read (null when created): it must be unchanged when the new text replaces it. */
  readStat: fs.Stats | null;
  byteOrderMark: boolean;
}

export interface NotFixed {
  diagnostic: Diagnostic;
  reason: string;
}

export interface FixPlan {
  files: FilePlan[];
  /** Findings whose fix is in the plan, with that fix. */
  fixed: { diagnostic: Diagnostic; fix: Fix }[];
  notFixed: NotFixed[];
  /** Findings with only unsafe fixes, left alone without `--unsafe-fixes`. */
  unsafeOnly: number;
}

type Choice = { fix: Fix } | { reason: string } | null;

/** The fix a run applies to a finding: the preferred allowed one, or the only one; several candidates are a person's choice. */
function chooseFix(d: Diagnostic, unsafe: boolean): Choice | 'unsafe-only' {
  if (!d.fixes.length) return null;
  const allowed = d.fixes.filter((f) => unsafe || f.safety === 'safe');
  if (!allowed.length) return 'unsafe-only';
  const preferred = allowed.filter((f) => f.isPreferred);
  if (preferred.length === 1) return { fix: preferred[0] };
  if (allowed.length === 1) return { fix: allowed[0] };
  return { reason: `${allowed.length} candidate fixes (${allowed.map((f) => f.title).join('; ')}): choose one in the editor` };
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0 && a.newText === b.newText && !!a.createsFile === !!b.createsFile;
}

/**
 * Two edits of one file that cannot both apply: ranges that share characters, or an insertion strictly inside
 * a replaced range. Insertions at one point both apply (in the order accepted, e.g. two import lines); a
 * file created by one fix takes no edit from another.
 */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.createsFile || b.createsFile) return true;
  const aEmpty = comparePositions(a.range.start, a.range.end) === 0;
  const bEmpty = comparePositions(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return false;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
}

function isInside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function where(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} [${d.code}]`;
}

/** Offsets of edits in a text whose lines end at '\n' (the positions summaries use); null when one lies outside it. */
function applyEdits(text: string, edits: TextEdit[]): string | null {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: Position): number | null => {
    if (p.line < 0 || p.line >= lineStarts.length || p.character < 0) return null;
    const lineEnd = p.line + 1 < lineStarts.length ? lineStarts[p.line + 1] - 1 : text.length;
    return lineStarts[p.line] + p.character <= lineEnd ? lineStarts[p.line] + p.character : null;
  };
  const located: { start: number; end: number; newText: string; order: number }[] = [];
  for (const [order, e] of edits.entries()) {
    const start = offset(e.range.start);
    const end = offset(e.range.end);
    if (start === null || end === null || end < start) return null;
    located.push({ start, end, newText: e.newText, order });
  }
  // From the end backwards, so earlier offsets stay valid; insertions at one point keep their accepted order.
  located.sort((a, b) => b.start - a.start || b.order - a.order);
  let out = text;
  for (const e of located) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

type Prepared = { plan: FilePlan } | { refused: string };

/** Reads (or, for a new file, locates) one target under the rules above, and computes its new text. */
function prepareFile(realRoot: string, file: string, edits: TextEdit[], checkStartedMs: number): Prepared {
  if (path.isAbsolute(file) || file.includes('\0') || path.posix.normalize(file).startsWith('../')) return { refused: `${file} is outside the project` };
  const absolute = path.join(realRoot, file);
  if (!isInside(realRoot, absolute)) return { refused: `${file} is outside the project` };
  if (edits.some((e) => e.createsFile)) {
    if (fs.existsSync(absolute) || isSymlink(absolute)) return { refused: `${file} exists already` };
    let parent: string;
    try {
      parent = fs.realpathSync.native(path.dirname(absolute));
    } catch {
      return { refused: `the folder of ${file} does not exist` };
    }
    if (!isInside(realRoot, parent) || !fs.statSync(parent).isDirectory()) return { refused: `the folder of ${file} is outside the project` };
    const after = edits.map((e) => e.newText).join('');
    return { plan: { file, before: null, after, target: path.join(parent, path.basename(absolute)), readStat: null, byteOrderMark: false } };
  }
  const read = readProjectFile([realRoot], absolute);
  if ('skipped' in read) return { refused: `${file} ${read.reason === 'missing' ? 'is missing' : read.skipped}` };
  let target: string;
  let raw: Buffer;
  let stat: fs.Stats;
  try {
    target = fs.realpathSync.native(absolute);
    stat = fs.statSync(target);
    raw = fs.readFileSync(target);
  } catch (e) {
    return { refused: `${file} is unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  if (!isInside(realRoot, target) || !stat.isFile()) return { refused: `${file} is not a regular file of the project` };
  if (stat.mtimeMs > checkStartedMs) return { refused: `${file} changed on disk after the check began` };
  const byteOrderMark = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  // The decoded text must encode back to the same bytes (no invalid UTF-8 replaced, no lone '\r' lines).
  if (!Buffer.concat([byteOrderMark ? raw.subarray(0, 3) : Buffer.alloc(0), Buffer.from(read.text, 'utf8')]).equals(raw)) {
    return { refused: `${file} is not plain UTF-8 text or changed while being read` };
  }
  if (/\r(?!\n)/.test(read.text)) return { refused: `${file} has lines ending in a bare '\\r', where positions are ambiguous` };
  const after = applyEdits(read.text, edits);
  if (after === null) return { refused: `a fix's position lies outside ${file} as it is now` };
  return { plan: { file, before: read.text, after, target, readStat: stat, byteOrderMark } };
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Chooses a fix per finding (in the order given) and the edits per file: a fix whose edits overlap those of an
 * earlier finding's fix is left out, as is every fix touching a file that cannot be edited.
 */
export function planFixes(root: string, diagnostics: readonly Diagnostic[], options: FixOptions): FixPlan {
  const realRoot = fs.realpathSync.native(root);
  const refusedFiles = new Map<string, string>();
  // A refused file drops its fixes, which may free edits of other fixes elsewhere: plan again until stable.
  for (;;) {
    const notFixed: NotFixed[] = [];
    const fixed: FixPlan['fixed'] = [];
    const editsByFile = new Map<string, TextEdit[]>();
    let unsafeOnly = 0;
    for (const d of diagnostics) {
      const choice = chooseFix(d, options.unsafe);
      if (choice === null) continue;
      if (choice === 'unsafe-only') {
        unsafeOnly++;
        continue;
      }
      if ('reason' in choice) {
        notFixed.push({ diagnostic: d, reason: choice.reason });
        continue;
      }
      const refused = choice.fix.edits.map((e) => refusedFiles.get(e.file)).find((r) => r !== undefined);
      if (refused) {
        notFixed.push({ diagnostic: d, reason: refused });
        continue;
      }
      const fresh = choice.fix.edits.filter((e) => !(editsByFile.get(e.file) ?? []).some((o) => sameEdit(o, e)));
      const clash = fresh.find((e) => (editsByFile.get(e.file) ?? []).some((o) => conflicts(o, e)));
      if (clash) {
        notFixed.push({ diagnostic: d, reason: `its edit of ${clash.file} overlaps the fix of an earlier finding (run again to apply it)` });
        continue;
      }
      for (const e of fresh) editsByFile.set(e.file, [...(editsByFile.get(e.file) ?? []), e]);
      fixed.push({ diagnostic: d, fix: choice.fix });
    }
    const files: FilePlan[] = [];
    let newlyRefused = false;
    for (const [file, edits] of editsByFile) {
      const prepared = prepareFile(realRoot, file, edits, options.checkStartedMs);
      if ('refused' in prepared) {
        refusedFiles.set(file, prepared.refused);
        newlyRefused = true;
      } else files.push(prepared.plan);
    }
    if (!newlyRefused) return { files: files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), fixed, notFixed, unsafeOnly };
  }
}

/** The plan as one unified diff (`a/` and `b/` prefixes, as `git apply` and `patch -p1` read it). */
export function formatDiff(plan: FixPlan): string {
  return plan.files
    .map((f) =>
      createTwoFilesPatch(f.before === null ? '/dev/null' : `a/${f.file}`, `b/${f.file}`, f.before ?? '', f.after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }),
    )
    .join('');
}

export interface WriteOutcome {
  /** Files written, as workspace changes for the re-check. */
  changes: FileChange[];
  failed: { file: string; reason: string }[];
}

/** Writes each planned file atomically: a temporary file beside it, renamed over it (or linked in for a new file). */
export function writeFixes(root: string, plan: FixPlan): WriteOutcome {
  const realRoot = fs.realpathSync.native(root);
  const outcome: WriteOutcome = { changes: [], failed: [] };
  for (const f of plan.files) {
    try {
      writeOne(realRoot, f);
      outcome.changes.push({ path: f.file, kind: f.before === null ? 'created' : 'changed' });
      // An in-root symlink was written through: its target is a project file of its own.
      const realRel = path.relative(realRoot, f.target).split(path.sep).join('/');
      if (realRel !== f.file) outcome.changes.push({ path: realRel, kind: 'changed' });
    } catch (e) {
      outcome.failed.push({ file: f.file, reason: (e as Error).message });
    }
  }
  return outcome;
}

function writeOne(realRoot: string, f: FilePlan): void {
  const dir = path.dirname(f.target);
  // The folder may have been swapped for a symlink since planning.
  if (!isInside(realRoot, fs.realpathSync.native(dir))) throw new Error('its folder now resolves outside the project');
  const temporary = path.join(dir, `.${path.basename(f.target)}.coherence-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const mode = f.readStat ? f.readStat.mode & 0o7777 : 0o666;
  const fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), mode);
  try {
    try {
      fs.writeSync(fd, Buffer.concat([Buffer.from(f.byteOrderMark ? '\ufeff' : ''), Buffer.from(f.after, 'utf8')]));
      if (f.readStat) fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (f.readStat) {
      const now = fs.lstatSync(f.target);
      if (!now.isFile() || now.ino !== f.readStat.ino || now.dev !== f.readStat.dev || now.mtimeMs !== f.readStat.mtimeMs || now.size !== f.readStat.size) {
        throw new Error('it changed on disk while fixing');
      }
      fs.renameSync(temporary, f.target);
    } else {
      // link() refuses to replace: a file that appeared meanwhile is kept.
      fs.linkSync(temporary, f.target);
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** What `--fix`/`--diff` did, for stderr: counts, then one line per finding left unfixed and why. */
export function describeFixes(plan: FixPlan, written: WriteOutcome | null): string {
  const lines: string[] = [];
  const fileCount = plan.files.length;
  if (written) {
    const failed = new Set(written.failed.map((f) => f.file));
    const applied = plan.fixed.filter((f) => f.fix.edits.every((e) => !failed.has(e.file))).length;
    lines.push(`applied fixes for ${applied} finding(s) in ${fileCount - failed.size} file(s)`);
    for (const f of written.failed) lines.push(`not written: ${f.file}: ${f.reason}`);
    for (const f of plan.fixed) {
      // A fix over several files of which some were written is half applied: the re-check shows what is left.
      if (f.fix.edits.some((e) => failed.has(e.file))) lines.push(`not fixed: ${where(f.diagnostic)}: a file of its fix could not be written`);
    }
  } else {
    lines.push(`would apply fixes for ${plan.fixed.length} finding(s) in ${fileCount} file(s); nothing written`);
  }
  for (const n of plan.notFixed) lines.push(`not fixed: ${where(n.diagnostic)}: ${n.reason}`);
  if (plan.unsafeOnly) lines.push(`${plan.unsafeOnly} finding(s) have only unsafe fixes (review them with --diff --unsafe-fixes, apply with --fix --unsafe-fixes)`);
  return lines.map((l) => `coherence: ${l}\n`).join('');
}
