// `node bench/src/hostile.js <case> <size> [cli.js]`: times one cold CLI check of a generated hostile
// workspace (issue #13: inputs that used to be super-linear or overflow the stack). A measurement script,
// not a test: it prints wall and CPU seconds, peak RSS and what was reported. Pass another build's cli.js
// to compare before and after. Cases and the size they take:
//   chain <links>      one method chain `obj.m0().m1()…`          parens <depth>   nested parentheses
//   defs <depth>       nested defs                                mro <classes>    one inheritance chain in one file
//   mro-files <n>      one class per file, each the previous one's subclass
//   ring <classes>     an inheritance ring in one file             reexport <n>     a chain of `from m<i+1> import *`
//   deps <n>           pyproject.toml declaring n dependencies     big <files>      files just under BIG_BYTES (2 MiB - 4 KiB)
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CASES: Record<string, (n: number) => Record<string, string>> = {
  chain: (n) => ({ 'app.py': 'obj = object()\nx = obj' + Array.from({ length: n }, (_, i) => `.m${i % 10}()`).join('') + '\nprint(undefined_name)\n' }),
  parens: (n) => ({ 'app.py': 'import os\nprint(undefined_name)\nx = ' + '('.repeat(n) + '1' + ')'.repeat(n) + '\n' }),
  defs: (n) => ({ 'app.py': Array.from({ length: n }, (_, i) => `${' '.repeat(i)}def f${i}(a${i}):\n${' '.repeat(i + 1)}y = a${i}\n`).join('') + ' '.repeat(n) + 'return 1\nprint(undefined_name)\n' }),
  mro: (n) => ({ 'app.py': classChain(n, 'C') }),
  'mro-files': (n) => {
    const files: Record<string, string> = { 'pkg/__init__.py': '', 'pkg/c0.py': 'class C0:\n    pass\n' };
    for (let i = 1; i < n; i++) files[`pkg/c${i}.py`] = `from pkg.c${i - 1} import C${i - 1}\nclass C${i}(C${i - 1}):\n    pass\n`;
    files['main.py'] = `from pkg.c${n - 1} import C${n - 1}\nobj = C${n - 1}()\nobj.missing_attr\n`;
    return files;
  },
  ring: (n) => ({ 'app.py': Array.from({ length: n }, (_, i) => `class R${i}(R${(i + 1) % n}):\n    pass\n`).join('') + 'obj = R0()\nobj.missing_attr\nprint(undefined_name)\n' }),
  reexport: (n) => {
    const files: Record<string, string> = { 'pkg/__init__.py': '', [`pkg/m${n}.py`]: 'def target():\n    pass\n' };
    for (let i = 0; i < n; i++) files[`pkg/m${i}.py`] = `from pkg.m${i + 1} import *\n`;
    files['main.py'] = 'from pkg.m0 import target, nothing_here\nprint(undefined_name)\n';
    return files;
  },
  deps: (n) => ({
    'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n' + Array.from({ length: n }, (_, i) => `  "dep${i}>=1.0",\n`).join('') + ']\n',
    'app.py': 'import requests\nimport dep5\n',
  }),
  big: (n) => {
    const bytes = Number(process.env.BIG_BYTES ?? 2 * 1024 * 1024 - 4096);
    const files: Record<string, string> = { 'app/__init__.py': '' };
    let k = 0;
    for (let f = 0; f < n; f++) {
      const parts = ['import os\nfrom typing import Any\n\n'];
      let length = parts[0].length;
      while (length < bytes) {
        const unit = `class Model${k}:\n    field_a = 1\n    def method_${k}(self, x: int, y: str = "a") -> Any:\n        value = os.path.join(str(x), y)\n        return self.helper(value).strip().lower()\n\n    def helper(self, v):\n        return v\n\n\ndef function_${k}(a, b=None, *args, **kwargs):\n    obj = Model${k}()\n    return obj.method_${k}(a, b)\n\n`;
        parts.push(unit);
        length += unit.length;
        k++;
      }
      files[`app/m${f}.py`] = parts.join('');
    }
    return files;
  },
};

function classChain(n: number, prefix: string): string {
  const parts = [`class ${prefix}0:\n    pass\n`];
  for (let i = 1; i < n; i++) parts.push(`class ${prefix}${i}(${prefix}${i - 1}):\n    pass\n`);
  return parts.join('') + `obj = ${prefix}${n - 1}()\nobj.missing_attr\n`;
}

function main(): void {
  const [kind, size, cliArg] = process.argv.slice(2);
  const make = CASES[kind];
  if (!make || !Number(size)) {
    process.stderr.write(`usage: node bench/src/hostile.js <${Object.keys(CASES).join('|')}> <size> [cli.js]\n`);
    process.exit(2);
  }
  const cli = cliArg ? path.resolve(cliArg) : path.join(__dirname, '..', '..', 'server', 'out', 'cli.js');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `coherence-hostile-${kind}-`));
  try {
    for (const [rel, text] of Object.entries(make(Number(size)))) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const timeoutMs = Number(process.env.HOSTILE_TIMEOUT_S ?? 300) * 1000;
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'check', root, '--format', 'json', '--stats'], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 30 });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.error) {
      process.stdout.write(`${kind} ${size}: not finished after ${wall.toFixed(1)} s (${r.error.message})\n`);
      return;
    }
    const stats = /coherence stats: (\{.*\})/.exec(r.stderr)?.[1];
    const { peakRssMB } = stats ? (JSON.parse(stats) as { peakRssMB: number }) : { peakRssMB: NaN };
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: { file: string; code: string; severity: string }[] }).diagnostics;
    const failures = r.stderr.split('\n').filter((l) => l.includes(' failed on ')).length;
    const counts = new Map<string, number>();
    for (const d of diagnostics) {
      const key = `${d.file} ${d.code}${d.severity === 'information' ? ' (note)' : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const reported = [...counts].map(([key, n]) => (n > 1 ? `${key} x${n}` : key)).join('; ') || 'nothing';
    process.stdout.write(`${kind} ${size}: ${wall.toFixed(1)} s wall, peak ${peakRssMB} MB, ${failures} rule failures, reported: ${reported}\n`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
