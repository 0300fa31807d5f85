// User exclude globs are bounded: a bad one is a configuration note, the others still apply.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { loadProjectConfig } from '../../server/out/workspace/config';
import { braceExpansions, excludeGlobProblem, MAX_BRACE_EXPANSIONS, MAX_EXCLUDES } from '../../server/out/workspace/excludeGlobs';

const BRACE_BOMB = '{a,b}'.repeat(20);

describe('exclude globs', () => {
  it('counts brace expansions without expanding them', () => {
    assert.strictEqual(braceExpansions('**/*.py', 64), 1);
    assert.strictEqual(braceExpansions('{a,b}/{c,d,e}', 64), 6);
    assert.strictEqual(braceExpansions('{a,{b,c}}x', 64), 3);
    assert.strictEqual(braceExpansions('{1..10}', 64), 10);
    assert.strictEqual(braceExpansions('{1..10..3}', 64), 4);
    assert.strictEqual(braceExpansions('{a..e}', 64), 5);
    assert.strictEqual(braceExpansions('{x}', 64), 1);
    assert.strictEqual(braceExpansions('\\{a,b}', 64), 1);
    assert.strictEqual(braceExpansions('{a,b', 64), 1);
    // Saturates instead of computing 2^20 or 10^8.
    assert.strictEqual(braceExpansions(BRACE_BOMB, 64), 65);
    assert.strictEqual(braceExpansions('{1..100000000}', 64), 65);
  });

  it('accepts the globs people write and refuses those that crash, blow up or never finish matching', () => {
    for (const ok of ['tests/**', '**/migrations/**', '*.pyi', '**/*_pb2.py', 'legacy/**/*.py', '**/tests/**/*.py', '**/{docs,examples}/**', 'gen_{1..9}.py', '**/*test*'])
      assert.strictEqual(excludeGlobProblem(ok), null, ok);
    const refused: [unknown, RegExp][] = [
      ['', /is empty/],
      ['   ', /is empty/],
      [BRACE_BOMB, new RegExp(`more than ${MAX_BRACE_EXPANSIONS} patterns`)],
      ['{1..100000000}', /more than 64 patterns/],
      ['*a*a*a*ac', /more than 2 wildcards/],
      ['a*/**/*a*a*c', /more than 2 wildcards/],
      ['+(+(+(a|b)*)*)c', /extended globs/],
      ['!app/**', /negated/],
      ['x'.repeat(300), /longer than 256/],
      [3, /is not a string/],
      [null, /is not a string/],
    ];
    for (const [glob, problem] of refused) assert.match(excludeGlobProblem(glob) ?? 'accepted', problem, String(glob));
  });

  it('reports each bad glob of settings and of [tool.coherence] once and keeps the others', () => {
    const pyproject = `[tool.coherence]\nexclude = ["", "{1..100000000}", "${BRACE_BOMB}", "legacy/**", 7]\n`;
    const config = loadProjectConfig({ sourceRoots: [], exclude: ['', 'build2/**', null as unknown as string], rules: {} }, (rel) => (rel === 'pyproject.toml' ? pyproject : undefined));
    assert.deepStrictEqual(config.exclude, ['build2/**', 'legacy/**']);
    assert.strictEqual(config.notes.length, 6, config.notes.join('\n'));
    assert.ok(config.notes.every((n) => /exclude glob .*; it is ignored, the other globs apply$/.test(n)), config.notes.join('\n'));
    assert.ok(config.notes.filter((n) => n.startsWith('pyproject.toml')).length === 4);
  });

  it('notes settings entries of the wrong type instead of passing them on', () => {
    const settings = { sourceRoots: ['src', 3], exclude: 'legacy/**', rules: { 'undefined-name': 'off', 'unresolved-module': 42, 'call-signature': 'loud' } };
    const config = loadProjectConfig(settings as never, () => '[tool.coherence.rules]\nundefined-name = "error"\n');
    assert.deepStrictEqual(config.sourceRoots, ['src']);
    assert.deepStrictEqual(config.exclude, ['legacy/**']);
    assert.deepStrictEqual(config.rules, { 'undefined-name': 'off' });
    assert.strictEqual(config.notes.length, 3, config.notes.join('\n'));
  });

  it(`keeps at most ${MAX_EXCLUDES} globs`, () => {
    const many = Array.from({ length: MAX_EXCLUDES + 10 }, (_, i) => `dir${i}/**`);
    const config = loadProjectConfig({ sourceRoots: [], exclude: many, rules: {} }, () => undefined);
    assert.strictEqual(config.exclude.length, MAX_EXCLUDES);
    assert.strictEqual(config.notes.length, 1);
  });

  describe('in a workspace', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-excludes-'));
      fs.mkdirSync(path.join(dir, 'app'));
      fs.mkdirSync(path.join(dir, 'legacy'));
      fs.writeFileSync(path.join(dir, 'app', '__init__.py'), '');
      fs.writeFileSync(path.join(dir, 'app', 'main.py'), 'print(nme)\n');
      fs.writeFileSync(path.join(dir, 'legacy', 'old.py'), 'print(gone)\n');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const bad of ['""', '"{1..100000000}"', `"${BRACE_BOMB}"`]) {
      it(`checks the project with exclude = [${bad.slice(0, 20)}…, "legacy/**"]`, async () => {
        fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.coherence]\nexclude = [${bad}, "legacy/**"]\n`);
        const ws = await Workspace.load({ root: dir });
        try {
          const found = [...ws.checkAll().values()].flat().map((d) => `${d.file}:${d.code}`);
          assert.deepStrictEqual(found, ['app/main.py:undefined-name']);
          assert.strictEqual(ws.notes.filter((n) => n.includes('exclude glob')).length, 1, ws.notes.join('\n'));
        } finally {
          await ws.dispose();
        }
      });
    }
  });
});
