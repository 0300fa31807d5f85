// The project's linter exclude lists: glob semantics (Ruff's any-depth single names, anchored relative paths,
// a config governing only its own folder), and a config edited in the editor re-deciding what is reported.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workspace } from '../../server/out/host/workspace';
import { readLintExclusions } from '../../server/out/workspace/lintExcludes';

describe('linter exclude lists', () => {
  it('reads Ruff, Pyright and ty lists with their own base folders', () => {
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.ruff]\nextend-exclude = ["migrations", "tests/data/*.py"]\n[tool.ty.src]\nexclude = ["/scripts"]\n',
      'sdk/gen/pyproject.toml': '[tool.ruff]\nexclude = ["python/template"]\n',
      'web/pyrightconfig.json': '{"exclude": ["**/generated"]}',
      'broken/ruff.toml': 'exclude = [',
      'odd/.ruff.toml': 'exclude = ["{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", "vendored"]',
    };
    const ex = readLintExclusions(Object.keys(files), (rel) => files[rel]);
    const by = (f: string) => ex.excludedBy(f);
    assert.strictEqual(by('app/migrations/0001_initial.py'), 'pyproject.toml [tool.ruff] exclude');
    assert.strictEqual(by('tests/data/x.py'), 'pyproject.toml [tool.ruff] exclude');
    assert.strictEqual(by('tests/data/deeper/x.py'), null);
    assert.strictEqual(by('scripts/run.py'), 'pyproject.toml [tool.ty.src] exclude');
    assert.strictEqual(by('app/scripts/run.py'), null, 'an anchored pattern matches at its folder only');
    assert.strictEqual(by('sdk/gen/python/template/pkg/client.py'), 'sdk/gen/pyproject.toml [tool.ruff] exclude');
    assert.strictEqual(by('python/template/pkg/client.py'), null, 'a nested config governs only its folder');
    assert.strictEqual(by('web/app/generated/api.py'), 'web/pyrightconfig.json exclude');
    assert.strictEqual(by('odd/vendored/lib.py'), 'odd/.ruff.toml exclude');
    assert.strictEqual(by('app/models.py'), null);
    assert.strictEqual(ex.notes.length, 1, ex.notes.join('\n'));
    assert.match(ex.notes[0], /odd\/\.ruff\.toml exclude: exclude glob .* expand to more than 64 patterns/);
  });

  it('reports a template again once the exclusion is removed from the config', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coherence-lint-excludes-'));
    try {
      fs.mkdirSync(path.join(root, 'gen/template'), { recursive: true });
      fs.writeFileSync(path.join(root, 'gen/pyproject.toml'), '[tool.ruff]\nexclude = ["template"]\n');
      fs.writeFileSync(path.join(root, 'gen/template/client.py'), 'from x import {{ name }}\n');
      const ws = await Workspace.load({ root });
      try {
        assert.deepStrictEqual(ws.checkAll().get('gen/template/client.py'), []);
        fs.writeFileSync(path.join(root, 'gen/pyproject.toml'), '[tool.ruff]\nline-length = 100\n');
        const out = await ws.applyChanges([{ path: 'gen/pyproject.toml', kind: 'changed' }]);
        assert.ok(out.get('gen/template/client.py')?.some((d) => d.code === 'syntax-error'));
      } finally {
        await ws.dispose();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
