// Fixture projects: every line that must produce a diagnostic ends with `# expect: <rule-id>[, <rule-id>…]`.
// The set of (file, line, rule) found must equal the set marked: a fixture proves silence everywhere else.
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../server/out/core/types';
import { Workspace } from '../../server/out/host/workspace';

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

const EXPECT = /#\s*expect:\s*([a-z][a-z-]*(?:\s*,\s*[a-z][a-z-]*)*)/;
/** For lines that cannot end in a comment (a Dockerfile's exec-form CMD): a comment line marking the next line. */
const EXPECT_NEXT = /^\s*#\s*expect-next:\s*([a-z][a-z-]*(?:\s*,\s*[a-z][a-z-]*)*)/;
/** Files whose lines may carry markers (Python now; manifests and templates as rules reach them). */
const MARKED_FILES = /\.(py|pyi|txt|in|toml|cfg|ini|conf|service|yml|yaml|html|sh|mk|Dockerfile)$|(^|\/)(Dockerfile|Procfile|Pipfile)([.-][\w.-]+)?$|\.Procfile$|(^|\/)(\.env|\.flaskenv|Makefile)$/;

export interface Expectation {
  file: string;
  line: number; // 1-based
  rule: string;
}

export function key(e: Expectation): string {
  return `${e.file}:${e.line} ${e.rule}`;
}

function walk(dir: string, root: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.golden' && entry.name !== '__pycache__') walk(p, root, out);
    } else out.push(path.relative(root, p).split(path.sep).join('/'));
  }
}

export function fixtureFiles(root: string): string[] {
  const out: string[] = [];
  walk(root, root, out);
  return out.sort();
}

export function readExpectations(root: string): Expectation[] {
  const out: Expectation[] = [];
  for (const file of fixtureFiles(root)) {
    if (!MARKED_FILES.test(file)) continue;
    fs.readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = EXPECT.exec(text);
        if (m) for (const rule of m[1].split(',')) out.push({ file, line: i + 1, rule: rule.trim() });
        const next = EXPECT_NEXT.exec(text);
        if (next) for (const rule of next[1].split(',')) out.push({ file, line: i + 2, rule: rule.trim() });
      });
  }
  return out;
}

/** Lists the fixture cases: test/fixtures/<family>/<case>/ folders. */
export function fixtureCases(): { family: string; name: string; root: string }[] {
  const out: { family: string; name: string; root: string }[] = [];
  for (const family of fs.readdirSync(FIXTURES).sort()) {
    const familyDir = path.join(FIXTURES, family);
    if (!fs.statSync(familyDir).isDirectory()) continue;
    for (const name of fs.readdirSync(familyDir).sort()) {
      const root = path.join(familyDir, name);
      if (fs.statSync(root).isDirectory()) out.push({ family, name, root });
    }
  }
  return out;
}

export async function checkFixture(root: string): Promise<Diagnostic[]> {
  const ws = await Workspace.load({ root });
  try {
    return [...ws.checkAll().values()].flat();
  } finally {
    await ws.dispose();
  }
}

/** Applies edits to a text (positions are 0-based line/character); later edits first so offsets hold. */
export function applyEdits(text: string, edits: { range: Diagnostic['range']; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
