// Runs every fixture project: the diagnostics found must be exactly those marked `# expect:`; where a
// `.golden/` folder exists, applying each diagnostic's first fix must produce the golden files.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, checkFixture, fixtureCases, key, readExpectations } from '../support/fixtures';
import { MESSAGE_LIMIT, unquotedLength } from '../support/messages';
import { compareDiagnostics } from '../../server/out/core/types';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('rule fixtures', function () {
  this.timeout(60000);
  const examples = fs.readdirSync(EXAMPLES).map((name) => ({ family: 'examples', name, root: path.join(EXAMPLES, name) }));
  for (const c of [...fixtureCases(), ...examples]) {
    describe(`${c.family}/${c.name}`, () => {
      it('reports exactly the marked diagnostics', async () => {
        const expected = readExpectations(c.root).map(key).sort();
        const found = (await checkFixture(c.root)).map((d) => key({ file: d.file, line: d.range.start.line + 1, rule: d.code })).sort();
        assert.deepStrictEqual(found, expected);
      });
      it(`says each finding in a short message (≤ ${MESSAGE_LIMIT} characters besides quoted names), the rest in its detail`, async () => {
        for (const d of await checkFixture(c.root)) {
          const where = `${d.file}:${d.range.start.line + 1} [${d.code}] ${d.message}`;
          assert.ok(unquotedLength(d.message) <= MESSAGE_LIMIT, `too long: ${where}`);
          // A syntax error is all said in its message; every other rule says why it breaks.
          if (d.code !== 'syntax-error') assert.ok(d.detail && d.detail.length > 0, `no detail: ${where}`);
          for (const r of d.related ?? []) assert.ok(fs.existsSync(path.join(c.root, r.file)), `related place in a missing file: ${where} -> ${r.file}`);
        }
      });
      const golden = path.join(c.root, '.golden');
      if (fs.existsSync(golden)) {
        it('first quick fix of each diagnostic produces the golden files', async () => {
          // In the order the CLI's --fix applies them (by file and position), not the order rule families ran in.
          const diagnostics = (await checkFixture(c.root)).sort(compareDiagnostics);
          for (const goldenFile of fs.readdirSync(golden, { recursive: true }) as string[]) {
            const goldenPath = path.join(golden, goldenFile);
            if (fs.statSync(goldenPath).isDirectory()) continue;
            const rel = goldenFile.split(path.sep).join('/');
            const edits = diagnostics.filter((d) => d.fixes.length).flatMap((d) => d.fixes[0].edits).filter((e) => e.file === rel);
            assert.ok(edits.length > 0, `no fix edits ${rel}`);
            // A fix may create the file (a new migration): it then starts empty.
            const original = path.join(c.root, rel);
            const fixed = applyEdits(fs.existsSync(original) ? fs.readFileSync(original, 'utf8') : '', edits);
            assert.strictEqual(fixed, fs.readFileSync(goldenPath, 'utf8'), `fixed ${rel} differs from .golden/${rel}`);
          }
        });
      }
    });
  }
});
