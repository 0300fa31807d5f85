// Inputs that fault tree-sitter-python's wasm scanner never reach it: a fault corrupts the module's memory,
// and after a few of them every later file of that thread fails to parse (found by `npm run fuzz`).
import * as assert from 'assert';
import { getParser } from '../../server/out/syntax/parser';
import { MAX_INDENT_LEVELS, indentLevelsExceed, summarizeSource } from '../../server/out/syntax/summarizeSource';
import { summarizeProjectFile } from '../../server/out/host/projectFiles';

/** One block per line, each one space deeper, with an unterminated `'''` on one of them: faults the 0.25 scanner from about 383 levels. */
function staircase(levels: number, quoteAt: number): string {
  const lines: string[] = [];
  for (let n = 0; n <= levels; n++) lines.push(' '.repeat(n) + (n % 2 ? `if a${n}:` : `class C${n}:`) + (n === quoteAt ? "'''" : ''));
  return lines.join('\n') + '\n';
}

describe('parser faults', () => {
  it('counts indentation levels as Python does (tabs to multiples of 8, blank and comment lines ignored, lone CRs)', () => {
    assert.strictEqual(indentLevelsExceed(staircase(MAX_INDENT_LEVELS, -1), MAX_INDENT_LEVELS), false);
    assert.strictEqual(indentLevelsExceed(staircase(MAX_INDENT_LEVELS + 1, -1), MAX_INDENT_LEVELS), true);
    // A tab moves to the next multiple of 8: `\t` and 8 spaces are one level, `\t ` is deeper.
    assert.strictEqual(indentLevelsExceed('if a:\n\tif b:\n        if c:\n         pass\n', 2), false);
    assert.strictEqual(indentLevelsExceed('if a:\n\tif b:\n\t if c:\n\t  pass\n', 2), true);
    assert.strictEqual(indentLevelsExceed('if a:\n\n   # deep comment\n  pass\n', 1), false);
    assert.strictEqual(indentLevelsExceed('if a:\r if b:\r  if c:\r   pass\r', 2), true);
    // Tabs only, no two spaces in a row anywhere: still counted.
    const tabs = Array.from({ length: 18 }, (_, n) => '\t'.repeat(n) + `if a${n}:`).join('\n') + '\n';
    assert.strictEqual(indentLevelsExceed(tabs, 16), true);
    assert.strictEqual(indentLevelsExceed(tabs, 17), false);
  });

  it('does not parse a file indented past the limit, says why, and parses the next files as usual', async () => {
    const parser = await getParser();
    for (let round = 0; round < 5; round++) {
      const deep = summarizeSource(parser, staircase(600, 100));
      assert.match(deep.unparsed ?? '', /indented more than 300 levels/);
      const next = summarizeSource(await getParser(), 'import os\n\n\ndef f():\n    return os.getcwd()\n');
      assert.strictEqual(next.unparsed, undefined);
      assert.deepStrictEqual(next.imports.map((i) => i.module), ['os']);
    }
  });
});

describe('manifest faults', () => {
  it('notes a compose file nested too deeply for the YAML parser in words, and reads nothing from it', () => {
    const deep = 'services:\n  web:\n    command: ' + '['.repeat(2600) + ']'.repeat(2600) + '\n';
    const summary = summarizeProjectFile('docker-compose.yml', 'compose', deep);
    assert.strictEqual(summary.problem, 'nested too deeply to read');
  });

  it('says the first error of a compose file that is broken at every character, without making the others', function () {
    // The yaml package made one error per stray `]`, each with its own quadratic context line: 65 s for 250 KB
    // (fuzz seed 5050 input 36176). A hang guard: the file is read in well under a second now.
    this.timeout(20000);
    const broken = 'services:\n  web:\n    command: gunicorn app:app\n' + ']'.repeat(200000) + '\n';
    const summary = summarizeProjectFile('docker-compose.yml', 'compose', broken);
    assert.match(summary.problem ?? '', /^not valid YAML: .* at line 4, column 1$/);
    assert.deepStrictEqual(summary.references, []);
  });
});
