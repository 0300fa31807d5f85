// Planning and writing fixes (`coherence check --fix`): which edits go in, and which files are never written.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeFixes, planFixes, writeFixes } from '../../server/out/cli/applyFixes';
import type { Diagnostic, Fix, TextEdit } from '../../server/out/core/types';

function edit(file: string, line: number, start: number, end: number, newText: string, endLine = line): TextEdit {
  return { file, range: { start: { line, character: start }, end: { line: endLine, character: end } }, newText };
}

function finding(file: string, line: number, fixes: Fix[]): Diagnostic {
  return { file, range: { start: { line, character: 0 }, end: { line, character: 1 } }, severity: 'error', code: 'unknown-import-name', message: 'm', fixes };
}

function safe(...edits: TextEdit[]): Fix {
  return { title: 't', edits, safety: 'safe', isPreferred: true };
}

describe('applying fixes', () => {
  let root: string;
  let outside: string;
  const write = (rel: string, text: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
  const later = () => Date.now() + 60_000;
  const fixAll = (diagnostics: Diagnostic[], unsafe = false) => {
    const plan = planFixes(root, diagnostics, { unsafe, checkStartedMs: later() });
    return { plan, written: writeFixes(root, plan) };
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-fix-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-outside-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('applies the first of two overlapping edits, says why the second is left, and adds an identical edit once', () => {
    write('a.py', 'from m import Usr, Mailr\nx = 1\n');
    const { plan, written } = fixAll([
      finding('a.py', 0, [safe(edit('a.py', 0, 14, 17, 'User'))]),
      finding('a.py', 0, [safe(edit('a.py', 0, 14, 24, 'User, Mailer'))]),
      finding('a.py', 1, [safe(edit('a.py', 1, 0, 0, 'import n\n'))]),
      finding('a.py', 1, [safe(edit('a.py', 1, 0, 0, 'import n\n'))]),
    ]);
    assert.strictEqual(read('a.py'), 'from m import User, Mailr\nimport n\nx = 1\n');
    assert.strictEqual(plan.fixed.length, 3);
    assert.strictEqual(plan.notFixed.length, 1);
    assert.match(plan.notFixed[0].reason, /overlaps the fix of an earlier finding/);
    assert.deepStrictEqual(written.changes, [{ path: 'a.py', kind: 'changed' }]);
  });

  it('keeps insertions at one point in the order found, and leaves unsafe fixes and ambiguous choices alone', () => {
    write('a.py', 'x = 1\n');
    const unsafeFix: Fix = { title: 'stub', edits: [edit('a.py', 1, 0, 0, 'def f(): ...\n')], safety: 'unsafe' };
    const candidates: Fix[] = [
      { title: 'Import from p', edits: [edit('a.py', 0, 0, 0, 'from p import y\n')], safety: 'safe' },
      { title: 'Import from q', edits: [edit('a.py', 0, 0, 0, 'from q import y\n')], safety: 'safe' },
    ];
    const { plan } = fixAll([
      finding('a.py', 0, [safe(edit('a.py', 0, 0, 0, 'import b\n'))]),
      finding('a.py', 0, [safe(edit('a.py', 0, 0, 0, 'import c\n'))]),
      finding('a.py', 0, [unsafeFix]),
      finding('a.py', 0, candidates),
    ]);
    assert.strictEqual(read('a.py'), 'import b\nimport c\nx = 1\n');
    assert.strictEqual(plan.unsafeOnly, 1);
    assert.match(plan.notFixed[0].reason, /2 candidate fixes/);
  });

  it('with unsafe fixes, prefers the preferred fix of a finding and applies unsafe ones', () => {
    write('a.py', 'x = 1\n');
    const didYouMean = safe(edit('a.py', 0, 0, 1, 'y'));
    const stub: Fix = { title: 'stub', edits: [edit('a.py', 1, 0, 0, 'def x(): ...\n')], safety: 'unsafe' };
    fixAll([finding('a.py', 0, [stub, didYouMean]), finding('a.py', 0, [{ ...stub, edits: [edit('a.py', 1, 0, 0, 'def z(): ...\n')] }])], true);
    assert.strictEqual(read('a.py'), 'y = 1\ndef z(): ...\n');
  });

  it('never writes through a symlink out of the root, nor outside it by path, and drops the whole fix', () => {
    fs.writeFileSync(path.join(outside, 'secret.py'), 'SECRET = 1\n');
    fs.symlinkSync(path.join(outside, 'secret.py'), path.join(root, 'linked.py'));
    write('a.py', 'x = 1\n');
    const { plan } = fixAll([
      finding('a.py', 0, [safe(edit('a.py', 0, 0, 1, 'y'), edit('linked.py', 0, 0, 6, 'LEAKED'))]),
      finding('a.py', 0, [safe(edit(`../${path.basename(outside)}/secret.py`, 0, 0, 6, 'LEAKED'))]),
    ]);
    assert.strictEqual(fs.readFileSync(path.join(outside, 'secret.py'), 'utf8'), 'SECRET = 1\n');
    assert.ok(fs.lstatSync(path.join(root, 'linked.py')).isSymbolicLink());
    assert.strictEqual(read('a.py'), 'x = 1\n', 'the other edit of a refused fix is not applied either');
    assert.deepStrictEqual(plan.files, []);
    assert.match(plan.notFixed[0].reason, /outside the workspace/);
    assert.match(plan.notFixed[1].reason, /outside the project/);
  });

  it('writes through a symlink that stays inside the root, keeping the link, the mode and a byte-order mark', () => {
    write('real.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\r\ny = 2\r\n')]));
    fs.chmodSync(path.join(root, 'real.py'), 0o640);
    fs.symlinkSync('real.py', path.join(root, 'alias.py'));
    const { written } = fixAll([finding('alias.py', 1, [safe(edit('alias.py', 1, 0, 1, 'z'))])]);
    assert.ok(fs.lstatSync(path.join(root, 'alias.py')).isSymbolicLink());
    assert.deepStrictEqual(fs.readFileSync(path.join(root, 'real.py')), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\r\nz = 2\r\n')]));
    assert.strictEqual(fs.statSync(path.join(root, 'real.py')).mode & 0o777, 0o640);
    assert.deepStrictEqual(written.changes, [{ path: 'alias.py', kind: 'changed' }, { path: 'real.py', kind: 'changed' }]);
    assert.deepStrictEqual(fs.readdirSync(root).sort(), ['alias.py', 'real.py'], 'no temporary file is left');
  });

  it('refuses a file changed after the check began, one that is not UTF-8, and an edit past its end', () => {
    write('a.py', 'x = 1\n');
    write('latin.py', Buffer.from('s = "caf\xe9"\n', 'latin1'));
    write('short.py', 'x = 1\n');
    const diagnostics = [finding('a.py', 0, [safe(edit('a.py', 0, 0, 1, 'y'))]), finding('latin.py', 0, [safe(edit('latin.py', 0, 0, 1, 't'))]), finding('short.py', 0, [safe(edit('short.py', 0, 0, 40, 'y'))])];
    const plan = planFixes(root, diagnostics, { unsafe: false, checkStartedMs: Date.now() - 60_000 });
    assert.match(plan.notFixed[0].reason, /changed on disk after the check began/);
    const plan2 = planFixes(root, diagnostics.slice(1), { unsafe: false, checkStartedMs: later() });
    assert.match(plan2.notFixed[0].reason, /not plain UTF-8/);
    assert.match(plan2.notFixed[1].reason, /outside short\.py as it is now/);
    writeFixes(root, plan2);
    assert.strictEqual(read('short.py'), 'x = 1\n');
  });

  it('keeps a file changed between planning and writing, and says which findings were not fixed', () => {
    write('a.py', 'x = 1\n');
    write('b.py', 'y = 1\n');
    const plan = planFixes(root, [finding('a.py', 0, [safe(edit('a.py', 0, 0, 1, 'z'), edit('b.py', 0, 0, 1, 'w'))])], { unsafe: false, checkStartedMs: later() });
    write('b.py', 'y = 2  # edited meanwhile\n');
    const written = writeFixes(root, plan);
    assert.strictEqual(read('b.py'), 'y = 2  # edited meanwhile\n');
    assert.deepStrictEqual(written.failed, [{ file: 'b.py', reason: 'it changed on disk while fixing' }]);
    assert.deepStrictEqual(fs.readdirSync(root).sort(), ['a.py', 'b.py'], 'no temporary file is left');
    assert.strictEqual(
      describeFixes(plan, written),
      'coherence: applied fixes for 0 finding(s) in 1 file(s)\n' +
        'coherence: not written: b.py: it changed on disk while fixing\n' +
        'coherence: not fixed: a.py:1:1 [unknown-import-name]: a file of its fix could not be written\n',
    );
  });

  it('creates a new file only where none exists, in a folder of the project', () => {
    write('migrations/0001_initial.py', '# initial\n');
    const create = (file: string, text: string): Fix => ({ title: 'create', edits: [{ ...edit(file, 0, 0, 0, text), createsFile: true }], safety: 'unsafe' });
    const { plan, written } = fixAll(
      [
        finding('a.py', 0, [create('migrations/0002_new.py', '# new\n')]),
        finding('a.py', 0, [create('migrations/0001_initial.py', '# clobbered\n')]),
        finding('a.py', 0, [create('nowhere/0001.py', '# new\n')]),
      ],
      true,
    );
    assert.strictEqual(read('migrations/0002_new.py'), '# new\n');
    assert.strictEqual(read('migrations/0001_initial.py'), '# initial\n');
    assert.deepStrictEqual(written.changes, [{ path: 'migrations/0002_new.py', kind: 'created' }]);
    assert.deepStrictEqual(plan.notFixed.map((n) => n.reason), ['migrations/0001_initial.py exists already', 'the folder of nowhere/0001.py does not exist']);
  });
});
