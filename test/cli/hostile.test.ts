// Hostile workspaces (issue #13): inputs built to be huge, deep or oddly encoded end in bounded time, and a
// file that cannot be analysed says so instead of losing its findings. The big inputs are generated here;
// each workspace is checked by the CLI in a child process with a generous deadline, so that a regression
// (a hang, a quadratic walk, a stack overflow) fails the test instead of stalling mocha.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getParser, MAX_TREE_DEPTH, parseToSyntaxTree, type SyntaxNode } from '../../server/out/syntax/parser';
import { MAX_ANALYSED_LENGTH, summarizeSource } from '../../server/out/syntax/summarizeSource';
import { removeTemp } from '../support/tempProject';

const CLI = path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');

interface Reported {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
  detail?: string;
}

function writeProject(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-hostile-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** `coherence check --format json` in a child process that must finish within `deadlineMs`. */
function check(root: string, deadlineMs: number): { diagnostics: Reported[]; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', root, '--format', 'json'], { encoding: 'utf8', timeout: deadlineMs, maxBuffer: 256 * 1024 * 1024 });
  assert.ok(!r.error, `the check did not finish within ${deadlineMs / 1000} s (${r.error?.message})`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return { diagnostics: (JSON.parse(r.stdout) as { diagnostics: Reported[] }).diagnostics, stderr: r.stderr };
}

/** (line:character code) of a file's diagnostics, in order. */
function found(diagnostics: Reported[], file: string): string[] {
  return diagnostics.filter((d) => d.file === file).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}${d.severity === 'information' ? ' (note)' : ''}`);
}

function treeDepth(root: SyntaxNode): number {
  let deepest = 0;
  const stack: [SyntaxNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const c of node.children) stack.push([c, depth + 1]);
  }
  return deepest;
}

const classChain = (n: number, prefix = 'C') => {
  let s = `class ${prefix}0:\n    pass\n`;
  for (let i = 1; i < n; i++) s += `class ${prefix}${i}(${prefix}${i - 1}):\n    pass\n`;
  return s + `obj = ${prefix}${n - 1}()\nobj.missing_attr\n`;
};

describe('hostile workspaces: size and depth', function () {
  this.timeout(240000);
  let root = '';
  let result: { diagnostics: Reported[]; stderr: string };

  before(() => {
    const files: Record<string, string> = { 'pkg/__init__.py': '', 'ring/__init__.py': '', 'reexport/__init__.py': '' };
    // 7: a 50,000-link method chain; 1,500 nested parentheses; 600 nested defs (tree-sitter's indentation
    // scanner gives up past 512: hundreds of false undefined names).
    files['chain.py'] = 'obj = object()\nx = obj' + Array.from({ length: 50000 }, (_, i) => `.m${i % 10}()`).join('') + '\nprint(undefined_name)\n';
    files['parens.py'] = 'import os\nprint(undefined_name)\nx = ' + '('.repeat(1500) + '1' + ')'.repeat(1500) + '\n';
    files['defs.py'] = Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}def f${i}(a${i}):\n${' '.repeat(i + 1)}y = a${i}\n`).join('') + ' '.repeat(600) + 'return 1\n';
    // 7 and 9: a 20,000-class inheritance chain in one file, 2,000 classes one per file, a 3,000-class ring,
    // and a short chain whose missing attribute must still be reported.
    files['mro_long.py'] = classChain(20000);
    files['mro_short.py'] = classChain(150);
    files['pkg/c0.py'] = 'class C0:\n    pass\n';
    for (let i = 1; i < 2000; i++) files[`pkg/c${i}.py`] = `from pkg.c${i - 1} import C${i - 1}\nclass C${i}(C${i - 1}):\n    pass\n`;
    files['mro_files.py'] = 'from pkg.c1999 import C1999\nobj = C1999()\nobj.missing_attr\n';
    let ring = '';
    for (let i = 0; i < 3000; i++) ring += `class R${i}(R${(i + 1) % 3000}):\n    pass\n`;
    files['ring/classes.py'] = ring + 'obj = R0()\nobj.missing_attr\nprint(undefined_name)\n';
    // 9: a 3,000-module re-export chain.
    for (let i = 0; i < 3000; i++) files[`reexport/m${i}.py`] = `from reexport.m${i + 1} import *\n`;
    files['reexport/m3000.py'] = 'def target():\n    pass\n';
    files['reexport_use.py'] = 'from reexport.m0 import target, nothing_here\n';
    // 7: 90,000 declared dependencies.
    files['pyproject.toml'] = '[project]\nname = "x"\ndependencies = [\n' + Array.from({ length: 90000 }, (_, i) => `  "dep${i}>=1.0",\n`).join('') + ']\n';
    files['deps.py'] = 'import dep89999\nimport requests\n';
    // Found by npm run fuzz: a 170,000-segment dotted import cost the square of its length to resolve.
    files['deep_import.py'] = 'import pkg' + '.x'.repeat(170000) + '\nimport pkg.c0\nimport pkg.c00\n';
    root = writeProject(files);
    result = check(root, 120000);
  });
  after(() => removeTemp(root));

  it('never loses a rule family to a stack overflow', () => {
    assert.ok(!/failed on/.test(result.stderr), result.stderr.slice(0, 2000));
  });

  it('notes files nested too deep to analyse (chains, brackets, defs) instead of dropping them silently', () => {
    for (const file of ['chain.py', 'parens.py', 'defs.py']) {
      assert.deepStrictEqual(found(result.diagnostics, file), ['0:0 file-not-analysed (note)'], file);
      // 600 nested defs are stopped before parsing already, by their indentation (see MAX_INDENT_LEVELS).
      const reason = file === 'defs.py' ? /did not analyse this file: it is indented more than 300 levels deep/ : /did not analyse this file: its syntax tree nests deeper than 400 levels/;
      assert.match(result.diagnostics.find((d) => d.file === file)!.detail!, reason);
    }
  });

  it('follows inheritance chains linearly: too long ones are unknown, short ones still checked', () => {
    assert.deepStrictEqual(found(result.diagnostics, 'mro_long.py'), []);
    assert.deepStrictEqual(found(result.diagnostics, 'mro_files.py'), []);
    assert.deepStrictEqual(found(result.diagnostics, 'mro_short.py'), ['301:4 unknown-attribute']);
  });

  it('keeps the other findings of a file whose classes form an inheritance ring', () => {
    assert.deepStrictEqual(found(result.diagnostics, 'ring/classes.py'), ['6002:6 undefined-name']);
  });

  it('follows a 3,000-module re-export chain', () => {
    assert.deepStrictEqual(found(result.diagnostics, 'reexport_use.py'), ['0:32 unknown-import-name']);
  });

  it('does not resolve a dotted import deeper than any file system holds, and still resolves the others', () => {
    assert.deepStrictEqual(found(result.diagnostics, 'deep_import.py'), ['2:11 unresolved-module']);
  });

  it('reads 90,000 declared dependencies', () => {
    assert.deepStrictEqual(found(result.diagnostics, 'deps.py'), ['1:7 undeclared-dependency (note)']);
  });
});

describe('hostile workspaces: positions and big files', function () {
  this.timeout(60000);

  it('counts CR-only line ends as the editor does, in Python and run files; a stray byte-order mark is one error; a file over 1 MiB is a note', () => {
    const root = writeProject({
      'app.py': 'import os\rprint(undefined_name)\r',
      'Procfile': 'release: echo hi\rweb: gunicorn app:nope\r',
      'utf16.py': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import os\n')]),
      'utf16be.py': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('import os\n')]),
      'big.py': 'x = 1\n'.repeat(Math.ceil((MAX_ANALYSED_LENGTH + 1) / 6)) + 'print(undefined_name)\n',
    });
    try {
      const { diagnostics } = check(root, 30000);
      assert.deepStrictEqual(found(diagnostics, 'app.py'), ['1:6 undefined-name']);
      assert.deepStrictEqual(found(diagnostics, 'Procfile'), ['1:18 unknown-entrypoint']);
      assert.deepStrictEqual(found(diagnostics, 'utf16.py'), ['0:0 syntax-error']);
      assert.deepStrictEqual(found(diagnostics, 'utf16be.py'), ['0:0 syntax-error']);
      assert.deepStrictEqual(found(diagnostics, 'big.py'), ['0:0 file-not-analysed (note)']);
      assert.match(diagnostics.find((d) => d.file === 'big.py')!.message, /longer than 1 MiB/);
    } finally {
      removeTemp(root);
    }
  });

  it('analyses every kind of nesting up to the depth cap without overflowing the stack', async () => {
    const parser = await getParser();
    // Each shape with the number of tree levels one step of it takes, repeated up to just under the cap.
    const shapes: Record<string, [number, (n: number) => string]> = {
      parens: [1, (n) => 'x = ' + '('.repeat(n) + '1' + ')'.repeat(n)],
      chain: [2, (n) => 'x = obj' + '.m()'.repeat(n)],
      calls: [3, (n) => 'x = ' + 'f(a='.repeat(n) + '1' + ')'.repeat(n)],
      lists: [1, (n) => 'x = ' + '['.repeat(n) + ']'.repeat(n)],
      dicts: [2, (n) => 'x = ' + '{"a": '.repeat(n) + '1' + '}'.repeat(n)],
      binary: [1, (n) => 'x = 1' + ' + 1'.repeat(n)],
      lambdas: [1, (n) => 'x = ' + 'lambda: '.repeat(n) + '1'],
      conditionals: [2, (n) => 'x = 1' + ' if a else (1'.repeat(n) + ')'.repeat(n)],
      comprehensions: [2, (n) => 'x = ' + '[y for y in '.repeat(n) + '[1]' + ']'.repeat(n)],
      fstrings: [2, (n) => 'x = ' + Array.from({ length: n }).reduce<string>((s) => `f"{${s}}"`, '1')],
      defs: [2, (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}def f${i}():\n`).join('') + ' '.repeat(n) + 'pass'],
      classes: [2, (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}class C${i}:\n`).join('') + ' '.repeat(n) + 'pass'],
      withs: [2, (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}with a as b${i}:\n`).join('') + ' '.repeat(n) + 'pass'],
    };
    for (const [shape, [levels, make]] of Object.entries(shapes)) {
      const text = `obj = a = f = 1\n${make(Math.floor((MAX_TREE_DEPTH - 8) / levels))}\nprint(undefined_name)\n`;
      assert.ok(treeDepth(parseToSyntaxTree(parser, text, 5000, Infinity).root!) > MAX_TREE_DEPTH - 12, `${shape} comes near the cap`);
      const s = summarizeSource(parser, text);
      assert.strictEqual(s.unparsed, undefined, shape);
      assert.ok(s.globalUses.some((u) => u.name === 'undefined_name'), shape);
    }
  });
});
