// Realistic single-file edits of a Python project, as an agent makes them (for editsAgree.ts): each is a whole
// file's text before and after (null: the file is not there), found by patterns in the project's own files.
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../../server/out/core/types';

export interface ProjectEdit {
  kind: string;
  file: string;
  label: string;
  before: string | null;
  after: string | null;
}

const SKIPPED_DIRS = /^(\.git|node_modules|\.venv|venv|env|\.tox|__pycache__|\.coherence_cache|site-packages|dist|build)$/;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.test(e.name)) walk(rel);
      } else if (e.isFile()) out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

const lines = (text: string) => text.split('\n');
export const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The index of the first line of the first function body that starts on the line after its `def` (where typing in a
 * body goes: the harness's body edit, the real-project bench's typing), or -1.
 */
export function firstBodyLine(ls: readonly string[]): number {
  const def = ls.findIndex((l, i) => /^\s*(async )?def \w+\(.*\)( -> .+)?:\s*(#.*)?$/.test(l) && /^\s+\S/.test(ls[i + 1] ?? '') && indentOf(ls[i + 1]) > indentOf(l));
  return def < 0 ? -1 : def + 1;
}

/** The block starting at line `start` (a def/class at indent `indent`): up to the next line at that indent or less. */
function blockEnd(ls: string[], start: number, indent: number): number {
  let i = start + 1;
  // The header may span lines (open brackets): go on until a line ending with ':' at bracket depth 0.
  let depth = 0;
  for (let j = start; j < ls.length; j++) {
    for (const ch of ls[j]) depth += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
    if (depth <= 0 && /:\s*(#.*)?$/.test(ls[j])) {
      i = j + 1;
      break;
    }
  }
  for (; i < ls.length; i++) {
    const l = ls[i];
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (indentOf(l) <= indent) break;
  }
  // Trailing blank lines belong to the gap, not the block.
  while (i > start + 1 && ls[i - 1].trim() === '') i--;
  return i;
}

/** Lines before `start` that decorate it. */
function decoratorsStart(ls: string[], start: number, indent: number): number {
  let i = start;
  while (i > 0 && indentOf(ls[i - 1]) === indent && ls[i - 1].trimStart().startsWith('@')) i--;
  return i;
}

/** Whether a line's brackets balance (a one-line statement). */
function balanced(line: string): boolean {
  let depth = 0;
  for (const ch of line) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
  return depth === 0 && !/\\$/.test(line) && !/"""|'''/.test(line);
}

function moduleOf(rel: string): string {
  return rel.replace(/\.pyi?$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

export function editsOf(root: string, baseline: Diagnostic[]): ProjectEdit[] {
  const files = listFiles(root);
  const py = files.filter((f) => f.endsWith('.py'));
  const texts = new Map(py.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
  const out: ProjectEdit[] = [];
  const add = (kind: string, file: string, label: string, before: string | null, after: string | null) => {
    if (before !== after) out.push({ kind, file, label, before, after });
  };
  const siblingsOf = (file: string) => py.filter((f) => f !== file && path.posix.dirname(f) === path.posix.dirname(file) && !f.endsWith('__init__.py'));

  for (const [file, text] of texts) {
    if (text.length > 60_000) continue;
    const ls = lines(text);
    const replaceLines = (from: number, to: number, inserted: string[]) => [...ls.slice(0, from), ...inserted, ...ls.slice(to)].join('\n');
    const topClasses: string[] = [];
    let classLine = -1;
    ls.forEach((l, i) => {
      let m: RegExpMatchArray | null;
      // Top-level defs and classes: renamed, removed.
      if ((m = l.match(/^(async def|def|class) (\w+)/))) {
        const name = m[2];
        add('rename-top-level', file, `${m[1]} ${name} -> ${name}_renamed`, text, replaceLines(i, i + 1, [l.replace(`${m[1]} ${name}`, `${m[1]} ${name}_renamed`)]));
        const from = decoratorsStart(ls, i, 0);
        add('remove-top-level', file, `remove ${m[1]} ${name}`, text, replaceLines(from, blockEnd(ls, i, 0), []));
        if (m[1] === 'class') topClasses.push(name);
      }
      if (/^class \w+/.test(l)) classLine = i;
      else if (/^\S/.test(l)) classLine = -1;
      // Methods: renamed, removed; decorators changed.
      if (classLine >= 0 && (m = l.match(/^    (async def|def) (\w+)\(/))) {
        const name = m[2];
        add('rename-method', file, `method ${name} -> ${name}_renamed`, text, replaceLines(i, i + 1, [l.replace(`def ${name}(`, `def ${name}_renamed(`)]));
        add('remove-method', file, `remove method ${name}`, text, replaceLines(decoratorsStart(ls, i, 4), blockEnd(ls, i, 4), []));
        const decorated = i > 0 && /^    @/.test(ls[i - 1]);
        if (decorated) add('decorator', file, `drop ${ls[i - 1].trim()} of ${name}`, text, replaceLines(i - 1, i, []));
        else if (/\(self[,)]/.test(l)) add('decorator', file, `@property on ${name}`, text, replaceLines(i, i, ['    @property']));
        if (decorated && /@staticmethod|@classmethod/.test(ls[i - 1]))
          add('decorator', file, `swap static/classmethod of ${name}`, text, replaceLines(i - 1, i, [ls[i - 1].includes('static') ? '    @classmethod' : '    @staticmethod']));
      }
      // Class attributes: removed (one-line ones), added.
      if (classLine >= 0 && (m = l.match(/^    (\w+)\s*(:[^=]*)?=\s*(.*)$/)) && balanced(l)) {
        add('class-attribute', file, `remove class attribute ${m[1]}`, text, replaceLines(i, i + 1, []));
        // Django model fields: renamed; related_name changed.
        if (/models\.\w+|Field\(|ForeignKey|relationship\(|Column\(|mapped_column/.test(m[3])) add('model-field', file, `field ${m[1]} -> ${m[1]}_renamed`, text, replaceLines(i, i + 1, [l.replace(`    ${m[1]}`, `    ${m[1]}_renamed`)]));
      }
      if (classLine >= 0 && (m = l.match(/related_name=(["'])(\w+)\1/))) add('model-field', file, `related_name ${m[2]} -> ${m[2]}_x`, text, replaceLines(i, i + 1, [l.replace(m[0], `related_name=${m[1]}${m[2]}_x${m[1]}`)]));
      if (classLine >= 0 && (m = l.match(/back_populates=(["'])(\w+)\1/))) add('model-field', file, `back_populates ${m[2]} -> ${m[2]}_x`, text, replaceLines(i, i + 1, [l.replace(m[0], `back_populates=${m[1]}${m[2]}_x${m[1]}`)]));
      if ((m = l.match(/^        (ordering|unique_together|index_together|db_table|abstract|proxy|app_label|verbose_name)\s*=/))) {
        if (balanced(l)) add('meta-option', file, `remove Meta.${m[1]}`, text, replaceLines(i, i + 1, []));
        const s = l.match(/(["'])-?(\w+)\1/);
        if (s && m[1] !== 'verbose_name') add('meta-option', file, `Meta.${m[1]} '${s[2]}' -> '${s[2]}_x'`, text, replaceLines(i, i + 1, [l.replace(s[0], `${s[1]}${s[2]}_x${s[1]}`)]));
      }
      if (/^class \w+/.test(l)) {
        add('class-attribute', file, `add attribute to ${l.trim()}`, text, replaceLines(i + 1, i + 1, ['    probe_attribute = None']));
        // Bases: another class of the file, object, or one base fewer.
        const b = l.match(/^class (\w+)\(([^)]*)\):/);
        if (b) {
          const bases = b[2].split(',').map((s) => s.trim()).filter(Boolean);
          const other = topClasses.filter((c) => c !== b[1]).pop();
          if (other && !bases.includes(other)) add('change-base', file, `${b[1]}(${b[2]}) -> (${other})`, text, replaceLines(i, i + 1, [`class ${b[1]}(${other}):`]));
          if (bases.length) add('change-base', file, `${b[1]}(${b[2]}) -> (object)`, text, replaceLines(i, i + 1, [`class ${b[1]}(object):`]));
          if (bases.length > 1) add('change-base', file, `${b[1]} drops base ${bases[0]}`, text, replaceLines(i, i + 1, [`class ${b[1]}(${bases.slice(1).join(', ')}):`]));
        }
      }
      // Imports moved to another module (a sibling, or the package).
      if ((m = l.match(/^(\s*)from (\.*)([\w.]*) import (.+)$/)) && balanced(l) && !l.includes('*')) {
        const [, ind, dots, mod] = m;
        const parts = mod ? mod.split('.') : [];
        if (parts.length) {
          const parent = parts.slice(0, -1).join('.');
          add('move-import', file, `from ${dots}${mod} -> from ${dots}${parent || ''}`, text, dots || parent ? replaceLines(i, i + 1, [`${ind}from ${dots}${parent} import ${m[4]}`]) : text);
          const sib = siblingsOf(file).map((f) => path.posix.basename(f, '.py')).find((s) => s !== parts[parts.length - 1] && dots === '.' && parts.length === 1);
          if (sib) add('move-import', file, `from .${mod} -> from .${sib}`, text, replaceLines(i, i + 1, [`${ind}from .${sib} import ${m[4]}`]));
          if (!dots && parts.length >= 2) {
            // The absolute import's package holds sibling modules: move to one of them.
            const pkgDir = parts.slice(0, -1).join('/');
            const sibling = py.find((f) => path.posix.dirname(f).endsWith(pkgDir) && !f.endsWith('__init__.py') && path.posix.basename(f, '.py') !== parts[parts.length - 1]);
            if (sibling) add('move-import', file, `from ${mod} -> from ${parent}.${path.posix.basename(sibling, '.py')}`, text, replaceLines(i, i + 1, [`${ind}from ${parent}.${path.posix.basename(sibling, '.py')} import ${m[4]}`]));
          }
        }
      }
      // Star imports: removed.
      if (/^from \S+ import \*/.test(l)) add('star-import', file, `remove ${l.trim()}`, text, replaceLines(i, i + 1, []));
      // Module attribute writes (`mod.X = ...` at module level): removed.
      if ((m = l.match(/^(\w+(?:\.\w+)+)\s*=[^=]/)) && balanced(l)) add('module-write', file, `remove write ${m[1]}`, text, replaceLines(i, i + 1, []));
      // INSTALLED_APPS entries: removed.
      if (/^\s+["'][\w.]+["'],?\s*$/.test(l) && /INSTALLED_APPS|_APPS\s*=/.test(ls.slice(Math.max(0, i - 60), i).join('\n'))) add('installed-apps', file, `remove app ${l.trim()}`, text, replaceLines(i, i + 1, []));
      if (/^(INSTALLED_APPS|\w*_APPS)\s*=\s*[[(]\s*$/.test(l)) add('installed-apps', file, `add app 'probe_app'`, text, replaceLines(i + 1, i + 1, ['    "probe_app",']));
      // __all__: one name fewer, one more.
      if ((m = l.match(/^__all__\s*[+]?=\s*[[(]/))) {
        const s = text.slice(text.indexOf(l)).match(/(["'])(\w+)\1,?\s*/);
        if (s) add('dunder-all', file, `__all__ drops ${s[2]}`, text, text.replace(s[0], ''));
        add('dunder-all', file, `__all__ gains probe_name`, text, text.replace(l, l.replace(/([[(])/, '$1"probe_name", ')));
      }
    });
    // Star import of a sibling added after the module docstring/imports; a module-scope write added.
    const firstImport = ls.findIndex((l) => /^(from|import) /.test(l));
    const at = firstImport >= 0 ? firstImport : 0;
    const sib = siblingsOf(file)[0];
    if (sib) add('star-import', file, `add from .${path.posix.basename(sib, '.py')} import *`, text, replaceLines(at, at, [`from .${path.posix.basename(sib, '.py')} import *`]));
    const imported = ls.map((l) => l.match(/^import ([\w.]+)$/)?.[1]).find((x) => x && py.some((f) => moduleOf(f).endsWith(x)));
    if (imported) add('module-write', file, `add ${imported}.probe_attribute = 1`, text, text + `\n${imported}.probe_attribute = 1\n`);
    const fromMod = ls.map((l) => l.match(/^from ([\w.]+) import (\w+)$/)).find((x) => x && py.some((f) => moduleOf(f).endsWith(`${x[1]}.${x[2]}`)));
    if (fromMod) add('module-write', file, `add ${fromMod[2]}.probe_attribute = 1`, text, text + `\n${fromMod[2]}.probe_attribute = 1\n`);
    // Module-level names added, and signatures changed (#17: an edit that changes some names of a module re-checks
    // only their readers): a function, a class, an assignment, one shadowing a name the module imports.
    // Body edits: no surface changes, every place below moves (graphs kept across them must not hand out old places).
    add('body', file, 'insert a comment line at the top', text, '# probe: the lines below move down\n' + text);
    const bodyStart = firstBodyLine(ls);
    if (bodyStart >= 0) add('body', file, `statement in the body of line ${bodyStart}`, text, replaceLines(bodyStart, bodyStart, [`${' '.repeat(indentOf(ls[bodyStart]))}probe_local = 1`]));
    add('add-top-level', file, 'append def probe_added()', text, text + '\n\ndef probe_added():\n    return 1\n');
    add('add-top-level', file, 'append class ProbeAdded', text, text + '\n\nclass ProbeAdded:\n    pass\n');
    add('add-top-level', file, 'append probe_assigned = ProbeAdded()', text, text + '\n\nclass ProbeAdded:\n    def probe(self):\n        return 1\n\n\nprobe_assigned = ProbeAdded()\n');
    const importedName = ls.map((l) => l.match(/^from [\w.]+ import (\w+)$/)?.[1]).find(Boolean);
    if (importedName) add('add-top-level', file, `shadow imported ${importedName}`, text, text + `\n\n${importedName} = None\n`);
    ls.forEach((l, i) => {
      const m = l.match(/^(async def|def) (\w+)\((.*)\):\s*(#.*)?$/);
      if (!m) return;
      add('signature', file, `${m[2]} gains a required parameter`, text, replaceLines(i, i + 1, [`${m[1]} ${m[2]}(probe_required${m[3].trim() ? ', ' + m[3] : ''}):`]));
      if (m[3].trim()) add('signature', file, `${m[2]} takes **kwargs only`, text, replaceLines(i, i + 1, [`${m[1]} ${m[2]}(**kwargs):`]));
    });
    // A class used through a hint chain (`x = Foo()` at module level, x imported elsewhere): its methods removed, itself renamed.
    for (const m of text.matchAll(/^(\w+) = (\w+)\(.*\)\s*$/gm)) {
      const cls = m[2];
      const at = ls.findIndex((l) => l.startsWith(`class ${cls}(`) || l.startsWith(`class ${cls}:`));
      if (at < 0) continue;
      add('hint-chain', file, `class ${cls} (held by ${m[1]}) renamed`, text, replaceLines(at, at + 1, [ls[at].replace(`class ${cls}`, `class ${cls}_renamed`)]));
      const methodAt = ls.findIndex((l, j) => j > at && /^    (async )?def \w+\(/.test(l) && !/__init__/.test(l));
      if (methodAt > 0 && methodAt < blockEnd(ls, at, 0)) add('hint-chain', file, `class ${cls} (held by ${m[1]}) loses ${ls[methodAt].trim()}`, text, replaceLines(decoratorsStart(ls, methodAt, 4), blockEnd(ls, methodAt, 4), []));
    }
    // Typing inside a body (must change nothing elsewhere).
    const body = ls.findIndex((l) => /^        return /.test(l));
    if (body >= 0) add('body', file, 'edit a return inside a body', text, replaceLines(body, body + 1, [ls[body].replace('return ', 'return (') + ')']));
    // Whole files: deleted; a new sibling importing from this one.
    add('delete-file', file, 'delete the file', text, null);
    const top = ls.map((l) => l.match(/^(?:def|class) (\w+)/)?.[1]).find(Boolean);
    if (top && !file.endsWith('__init__.py')) {
      const newFile = path.posix.join(path.posix.dirname(file), 'probe_new.py');
      add('create-file', newFile, `new module importing ${top} from .${path.posix.basename(file, '.py')}`, null, `from .${path.posix.basename(file, '.py')} import ${top}\n\n\ndef probe():\n    return ${top}\n`);
      // A module that shadows a name its package's __init__ binds, or a new module named like a top-level name.
      add('create-file', path.posix.join(path.posix.dirname(file), `${top.toLowerCase()}.py`), `new module ${top.toLowerCase()}.py`, null, `probe_value = 1\n`);
    }
  }
  // Requirements: a line removed, a line added.
  for (const f of files.filter((f) => /(^|\/)requirements[\w.-]*\.(txt|in)$/.test(f))) {
    const text = fs.readFileSync(path.join(root, f), 'utf8');
    const ls = lines(text);
    ls.forEach((l, i) => {
      if (/^[A-Za-z][\w.-]*/.test(l)) add('requirements', f, `remove requirement ${l.trim()}`, text, [...ls.slice(0, i), ...ls.slice(i + 1)].join('\n'));
    });
    add('requirements', f, 'add requirement probe-package', text, text + '\nprobe-package==1.0\n');
  }
  // Fixing what a diagnostic reports, as an agent would: a missing module attribute written, a missing name defined.
  for (const d of baseline) {
    const m = d.message.match(/^Module '([\w.]+)' \(([^)]+)\) has no (?:attribute|name) '(\w+)'/);
    if (m && texts.has(m[2])) add('fix-diagnostic', m[2], `define ${m[3]} in ${m[2]}`, texts.get(m[2])!, texts.get(m[2])! + `\n${m[3]} = None\n`);
    // `from m import X` where m lacks X: X defined in m (the finding's related place is m).
    const missing = d.message.match(/^Cannot import '(\w+)' from/);
    const home = d.related?.map((r) => r.file).find((f) => texts.has(f));
    if (missing && home) add('fix-diagnostic', home, `define ${missing[1]} in ${home}`, texts.get(home)!, texts.get(home)! + `\n\ndef ${missing[1]}(*args, **kwargs):\n    return None\n`);
  }
  return out;
}
