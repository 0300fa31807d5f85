// Units of the core: configuration, surfaces (what invalidates dependents), module index, did-you-mean.
import * as assert from 'assert';
import { LineIndex } from '../../server/out/core/lineEnds';
import { nearestName } from '../../server/out/core/nearest';
import { ModuleIndex, moduleKeyOf } from '../../server/out/index/moduleIndex';
import { DependencyTracker, surfaceOf } from '../../server/out/index/project';
import * as fs from 'fs';
import * as path from 'path';
import { getParser, handedOnIdentifiers, parseToSyntaxTree, rawCursorCallsAvailable, useRawCursorCalls, useTreeMemory } from '../../server/out/syntax/parser';
import { summarizeSource } from '../../server/out/syntax/summarizeSource';
import { loadProjectConfig, DEFAULT_SETTINGS } from '../../server/out/workspace/config';

async function summary(text: string) {
  return summarizeSource(await getParser(), text);
}

describe('configuration', () => {
  it('reads source roots from pyproject.toml, setup.cfg and [tool.coherence]', () => {
    const files: Record<string, string> = {
      'pyproject.toml': [
        '[tool.setuptools.packages.find]',
        'where = ["lib"]',
        '[tool.poetry]',
        'packages = [{ include = "svc", from = "services" }]',
        '[tool.pytest.ini_options]',
        'pythonpath = ["tests/helpers"]',
        '[tool.coherence]',
        'source-roots = ["backend"]',
        'exclude = ["legacy/**"]',
        '[tool.coherence.rules]',
        'undefined-name = "warning"',
        'unknown-module-attribute = "loud"',
      ].join('\n'),
      'setup.cfg': '[options]\npackage_dir =\n    = src\n',
    };
    const config = loadProjectConfig({ ...DEFAULT_SETTINGS, sourceRoots: ['extra'], rules: { 'syntax-error': 'off' } }, (p) => files[p]);
    assert.deepStrictEqual(config.sourceRoots.sort(), ['backend', 'extra', 'lib', 'services', 'src', 'tests/helpers']);
    assert.deepStrictEqual(config.exclude, ['legacy/**']);
    assert.deepStrictEqual(config.rules, { 'undefined-name': 'warning', 'syntax-error': 'off' });
    assert.ok(config.notes.some((n) => n.includes('unknown-module-attribute')));
  });

  it('notes a broken pyproject.toml instead of failing', () => {
    const config = loadProjectConfig(DEFAULT_SETTINGS, (p) => (p === 'pyproject.toml' ? '[tool.coherence\nx = ' : undefined));
    assert.strictEqual(config.sourceRoots.length, 0);
    assert.ok(config.notes[0].startsWith('pyproject.toml could not be read as TOML'));
  });
});

describe('summaries', () => {
  it('keep the same surface when only a function body changes, so dependents are not re-checked', async () => {
    const a = await summary('import os\n\ndef f(x):\n    return x + 1\n\nclass C:\n    pass\n');
    const b = await summary('import os\n\n\ndef f(x):\n    y = os.path.join(x)\n    return y\n\nclass C:\n    pass\n');
    const c = await summary('import os\n\ndef g(x):\n    return x + 1\n\nclass C:\n    pass\n');
    assert.strictEqual(surfaceOf(a), surfaceOf(b));
    assert.notStrictEqual(surfaceOf(a), surfaceOf(c));
  });

  it('records positions in UTF-16 code units, as LSP and the editor count them', async () => {
    const s = await summary('x = "\u00e9\u{1F600}"; print(undefined_after_emoji)\n');
    const use = s.globalUses.find((u) => u.name === 'undefined_after_emoji')!;
    assert.deepStrictEqual(use.span, [0, 17, 0, 38]);
  });

  it('reads __all__ in its common forms and marks the rest dynamic', async () => {
    assert.deepStrictEqual((await summary('__all__ = ["a", "b"]\n__all__ += ["c"]\n__all__.append("d")\n')).dunderAll, { names: ['a', 'b', 'c', 'd'], dynamic: false });
    assert.strictEqual((await summary('from m import __all__ as base\n__all__ = base + ["x"]\n')).dunderAll?.dynamic, true);
  });

  it('never throws on hostile input', async () => {
    for (const text of ['\u0000'.repeat(100), '((((('.repeat(10000), 'def'.repeat(50000), '\ud800\udfff\ud800']) {
      const s = await summary(text);
      assert.ok(Array.isArray(s.imports));
    }
  });
});

describe('syntax trees', () => {
  it('come out the same through the raw cursor calls and through the public TreeCursor API', async () => {
    const parser = await getParser();
    const fixtures = path.join(__dirname, '..', 'fixtures');
    const texts = ['', 'def f(:\n  x = [1,\n', 'x = f"a{b!r:>{w}}" + t"{c}"\nclass C[T](B, metaclass=M):\n    async def m(self, *a, **k) -> T: ...\n'];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.py')) texts.push(fs.readFileSync(full, 'utf8'));
      }
    };
    walk(fixtures);
    assert.ok(texts.length > 50, 'the fixtures give a broad sample of syntax');
    assert.ok(rawCursorCallsAvailable(), 'the pinned web-tree-sitter exposes the raw cursor calls');
    useTreeMemory(false); // both through the cursor (treeMemory.test.ts compares the memory reader with it)
    try {
      for (const text of texts) {
        useRawCursorCalls(true);
        const raw = parseToSyntaxTree(parser, text);
        useRawCursorCalls(false);
        const publicApi = parseToSyntaxTree(parser, text);
        assert.deepStrictEqual(raw, publicApi);
        // The handed-on identifiers the conversion lists are those a walk of the converted tree finds.
        if (raw.root) assert.deepStrictEqual(raw.root.handedOn, handedOnIdentifiers({ ...raw.root, handedOn: undefined }));
      }
    } finally {
      useRawCursorCalls(true);
      useTreeMemory(true);
    }
  });

  it('list the identifiers handed on: awaited, passed, returned, yielded, gathered, given as keyword values', async () => {
    const text = 'async def f(a, b):\n    c = g(a, k=b)\n    await c\n    return [d, e], h\n    yield i\n';
    const { root } = parseToSyntaxTree(await getParser(), text);
    const names: string[] = [];
    for (let i = 0; i < root!.handedOn!.length; i += 2) names.push(text.slice(root!.handedOn![i], root!.handedOn![i + 1]));
    assert.deepStrictEqual(names, ['a', 'b', 'c', 'd', 'e', 'h', 'i']);
  });
});

describe('line index', () => {
  it('gives a span the positions of its two ends, on one line or across lines, with every line end', () => {
    const text = 'ab\ncd\r\nef\rg\n\nhij';
    const lines = new LineIndex(text);
    const offsets = [-1, ...Array.from({ length: text.length + 2 }, (_, i) => i)];
    for (const start of offsets) {
      for (const end of offsets) assert.deepStrictEqual(lines.span(start, end), [...lines.position(start), ...lines.position(end)], `span(${start}, ${end})`);
    }
    assert.deepStrictEqual(lines.span(1, 7), [0, 1, 2, 0]);
  });

  it('counts the same lines for a text with line feeds only (its fast path) as with a carriage return added at the end', () => {
    for (const text of ['', '\n', 'a', 'a\n', '\n\nx\ny\n\n', 'def f():\n    return 1\n\n\nclass C:\n    pass']) {
      const lines = new LineIndex(text);
      // A lone `\r` at the very end adds one line start past the text, and no other.
      const withReturn = new LineIndex(text + '\r');
      for (let offset = -1; offset <= text.length; offset++) assert.deepStrictEqual(lines.position(offset), withReturn.position(offset), `${JSON.stringify(text)} at ${offset}`);
    }
  });
});

describe('module index', () => {
  it('follows Python precedence: package, then module, then namespace folder', () => {
    const index = new ModuleIndex();
    for (const f of ['a/__init__.py', 'a/b.py', 'a/b/__init__.py', 'ns/x/y.py', 'c/m.pyi', 'c/m.py', 'd/fast.cpython-311-x86_64-linux-gnu.so']) index.add(f);
    assert.deepStrictEqual(index.locate('a/b'), { key: 'a/b', kind: 'package', file: 'a/b/__init__.py' });
    assert.deepStrictEqual(index.locate('ns/x'), { key: 'ns/x', kind: 'namespace' });
    assert.deepStrictEqual(index.locate('c/m'), { key: 'c/m', kind: 'module', file: 'c/m.py' });
    assert.deepStrictEqual(index.locate('d/fast'), { key: 'd/fast', kind: 'opaque' });
    assert.deepStrictEqual(index.lookup('', ['a', 'b', 'zz']), { status: 'missing', missingAt: 2, parent: { key: 'a/b', kind: 'package', file: 'a/b/__init__.py' } });
    assert.deepStrictEqual(index.lookup('', ['nope']), { status: 'absent' });
    index.remove('ns/x/y.py');
    assert.strictEqual(index.locate('ns/x'), null);
    assert.deepStrictEqual(index.childNames('a', new DependencyTracker()).sort(), ['b']);
  });

  it('derives module keys from file names', () => {
    assert.strictEqual(moduleKeyOf('a/b/__init__.py'), 'a/b');
    assert.strictEqual(moduleKeyOf('a/b.pyi'), 'a/b');
    assert.strictEqual(moduleKeyOf('a/my-script.py'), null);
    assert.strictEqual(moduleKeyOf('a/README.md'), null);
  });
});

describe('did-you-mean', () => {
  it('suggests only plausible typos', () => {
    assert.strictEqual(nearestName('get_usr', ['get_user', 'delete_user']), 'get_user');
    assert.strictEqual(nearestName('VALEU', ['VALUE']), 'VALUE');
    assert.strictEqual(nearestName('userservice', ['UserService']), 'UserService');
    assert.strictEqual(nearestName('foo', ['completely_different']), null);
    assert.strictEqual(nearestName('ab', ['xy']), null);
  });
});
