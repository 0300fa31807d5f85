// Syntax the tree conversions are tested on: every fixture, fuzz seed and example file, and hostile texts.
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.join(__dirname, '..', '..');

export function pythonFilesUnder(dir: string, out: string[]): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pythonFilesUnder(full, out);
    else if (/\.pyi?$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Texts the fixtures do not hold: deep nesting, long tokens, odd line ends and characters, broken code. */
export const HOSTILE_TEXTS = [
  '',
  '\n\n',
  '# only a comment',
  'x = ' + '('.repeat(600) + '1' + ')'.repeat(600),
  'y = a' + '.b'.repeat(700),
  'z = f(' + 'g('.repeat(300) + ')'.repeat(300) + ')',
  Array.from({ length: 120 }, (_, i) => ' '.repeat(i) + 'if x:').join('\n') + '\n' + ' '.repeat(120) + 'pass',
  'def f(:\n  x = [1,\n',
  'for x in :\n  pass\n', // a MISSING identifier
  'class C(\n    def m(self): return\n',
  'print "py2"\nexec "code"\n',
  'a = 1\r\nb = 2\rc = 3\n\td = 4',
  's = "\ud83d\udc0d" + \'\ud800\' + "\u0000" + """\n\u00e9\n"""',
  'name_' + 'x'.repeat(5000) + ' = ' + '9'.repeat(3000),
  ' '.repeat(70000) + 'x = 1',
  'x = f"{a!r:>{w}} {f\'{b}\'}" + t"{c}" + rb"\\x00" + u"\\N{DASH}"',
  'match p:\n    case Point(x=0, y=[1, *r]) | {"k": v} if v: pass\n    case _: pass\n',
  'type X[T: int = str, *Ts, **P] = dict[T, "x"]\ndef f[T = int](): ...\n',
  'try:\n    pass\nexcept* (A, B) as e:\n    raise\nexcept A, B:\n    pass\n',
  'lambda: (yield)\nasync def g(): return [x async for x in y if await x]\n',
  '@d\n@e.f(g=1)\nasync def h(a, /, b=1, *c, d: int = 2, **e) -> None: ...\n',
  'x = \\\n  1 \\\n  + 2\nglobal a, b\nnonlocal c\ndel d[1:2, ...], e.f\nassert g, "h"\n',
];

export async function sampleTexts(): Promise<string[]> {
  const files = [
    ...pythonFilesUnder(path.join(REPO, 'test', 'fixtures'), []),
    ...pythonFilesUnder(path.join(REPO, 'test', 'fuzz', 'seeds'), []),
    ...pythonFilesUnder(path.join(REPO, 'examples'), []),
  ];
  return [...HOSTILE_TEXTS, ...files.map((f) => fs.readFileSync(f, 'utf8'))];
}

