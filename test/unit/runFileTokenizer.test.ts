// The run-file shell tokenizer on hostile input (issue #13, defect 1): characters that `\s` knows but the
// shell does not (vertical tab, form feed, NBSP, U+2028) once made an empty word without advancing, so
// reading a Procfile, Dockerfile, compose file or script looped until out of memory. Every call runs on a
// worker with a deadline: a regression fails here instead of hanging the suite.
import * as assert from 'assert';
import * as path from 'path';
import { isShellBlank, type Token } from '../../server/out/manifests/commands';
import type { ProjectFileKind } from '../../server/out/index/projectFileSummary';
import { callWithDeadline } from '../support/deadline';

const COMMANDS = path.join(__dirname, '..', '..', 'server', 'out', 'manifests', 'commands.js');
const SUMMARIZE = path.join(__dirname, '..', '..', 'server', 'out', 'host', 'projectFiles.js');
const PROBE = path.join(__dirname, '..', 'support', 'tokenizerProbe.js');
const visible = (text: string) => JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function targetsWithin(file: string, kind: ProjectFileKind, text: string): Promise<string[]> {
  const outcome = await callWithDeadline<{ references: { target: string; attr?: string }[] }>(SUMMARIZE, 'summarizeProjectFile', [file, kind, text]);
  assert.ok(outcome.finished, `${file} ${JSON.stringify(text)}: ${outcome.finished ? '' : outcome.reason}`);
  return outcome.value.references.map((r) => `${r.target}${r.attr ? ':' + r.attr : ''}`);
}

describe('run-file tokenizer on hostile input', function () {
  this.timeout(60000);

  // Each reproduction of the issue, next to its look-alike with a plain space. A character the shell does
  // not split on keeps the word whole (`gunicorn<NBSP>app:app` is a program of that name): no reference.
  const cases: { file: string; kind: ProjectFileKind; hostile: string; plain: string; expected: string[] }[] = [
    { file: 'Procfile', kind: 'procfile', hostile: 'b:\x0b', plain: 'b: gunicorn app:app', expected: ['app:app'] },
    { file: 'Procfile', kind: 'procfile', hostile: 'web: gunicorn\u00a0app:app', plain: 'web: gunicorn app:app', expected: ['app:app'] },
    { file: 'Dockerfile', kind: 'dockerfile', hostile: 'FROM python:3.12\nCMD gunicorn\x0capp:app\n', plain: 'FROM python:3.12\nCMD gunicorn app:app\n', expected: ['app:app'] },
    { file: 'docker-compose.yml', kind: 'compose', hostile: 'services:\n  web:\n    command: gunicorn\u00a0app:app\n', plain: 'services:\n  web:\n    command: gunicorn app:app\n', expected: ['app:app'] },
    { file: 'run.sh', kind: 'shell', hostile: '#!/bin/sh\nexec uvicorn\u2028main:app\n', plain: '#!/bin/sh\nexec uvicorn main:app\n', expected: ['main:app'] },
  ];
  for (const c of cases) {
    it(`reads ${c.file} ${visible(c.hostile)} to the end, as the shell splits it`, async () => {
      assert.deepStrictEqual(await targetsWithin(c.file, c.kind, c.hostile), []);
      assert.deepStrictEqual(await targetsWithin(c.file, c.kind, c.plain), c.expected);
    });
  }

  it('advances on every UTF-16 code unit, alone, inside a word, after a key, and around blanks', async () => {
    const outcome = await callWithDeadline<{ texts: number; violations: string[] }>(PROBE, 'tokenizeAroundEveryCodeUnit', [], 40000);
    assert.ok(outcome.finished, outcome.finished ? '' : outcome.reason);
    assert.deepStrictEqual(outcome.value.violations, []);
    assert.strictEqual(outcome.value.texts, 4 * 0x10000);
  });

  it('splits words only on the shell blanks (space, tab, and CR of CRLF files)', async () => {
    const blanks = [...Array(0x10000).keys()].map((code) => String.fromCharCode(code)).filter(isShellBlank);
    assert.deepStrictEqual(blanks, ['\t', '\r', ' ']);
    const words = async (text: string) => {
      const outcome = await callWithDeadline<Token[]>(COMMANDS, 'tokenize', [text]);
      assert.ok(outcome.finished, outcome.finished ? '' : outcome.reason);
      return outcome.value.map((t) => (t.separator ? `<${t.text === '\n' ? 'NL' : t.text}>` : t.text));
    };
    assert.deepStrictEqual(await words('a\tb  c\r\nd\x0be\x0cf\u00a0g\u2028h'), ['a', 'b', 'c', '<NL>', 'd\x0be\x0cf\u00a0g\u2028h']);
    assert.deepStrictEqual(await words('x;y&&z|w # c\u2028omment\nv'), ['x', '<;>', 'y', '<&>', 'z', '<|>', 'w', '<NL>', 'v']);
  });
});
