// Flask's project-file part (docs/adapters.md): `flask --app x run` and `python -m flask --app x`, and
// `FLASK_APP=x` wherever the flask command finds it (run files, `.env`/`.flaskenv`, a Makefile's `export`); Jinja's
// `url_for('bp.endpoint')` in templates (templateTags.ts).
import { DOTTED, moduleAttrReference, type CommandFacts, type LineMap, type ProjectFilePart, type Token } from '../../manifests/commands';
import type { CommandReference } from '../../index/projectFileSummary';
import { FLASK_KEY, readUrlFors } from './templateTags';

/** `flask --app x run`, `flask -A x` (FLASK_APP, wherever it is set, is read where it is set). */
function readFlask(args: Token[], lines: LineMap, facts: CommandFacts): void {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.text === '--app' || a.text === '-A') {
      const target = args[i + 1];
      const ref = target && !target.dynamic ? flaskTarget(target, lines, 'flask --app') : null;
      if (ref) facts.references.push(ref);
      return;
    }
    if (a.text.startsWith('--app=')) {
      const ref = a.dynamic ? null : flaskTarget({ ...a, text: a.text.slice(6), start: a.start + 6 }, lines, 'flask --app');
      if (ref) facts.references.push(ref);
      return;
    }
  }
}

/** FLASK_APP / --app values: `module`, `module:attr`, `module:factory(args)`, `path/app.py`. */
function flaskTarget(t: Token, lines: LineMap, via: string): CommandReference | null {
  const quote = /["']/.test(lines.text[t.start] ?? '') ? 1 : 0;
  const start = t.start + quote;
  if (/^[\w/-]+\.py$/.test(t.text) && !t.text.startsWith('/')) return { kind: 'file', target: t.text.replace(/^\.\//, ''), span: lines.span(start, start + t.text.length), via };
  const withAttr = moduleAttrReference(t, lines, via);
  if (withAttr) return { ...withAttr, projectOnly: true };
  if (DOTTED.test(t.text)) return { kind: 'module', target: t.text, span: lines.span(start, start + t.text.length), via, projectOnly: true };
  return null;
}

export const flaskProjectFiles: ProjectFilePart = {
  key: FLASK_KEY,
  templateTags: readUrlFors,
  // The flask command loads .flaskenv as python-dotenv loads .env (the core's kind).
  fileNames: [{ name: '.flaskenv', kind: 'dotenv' }],
  programs: { flask: readFlask },
  modules: { flask: readFlask },
  variables: {
    FLASK_APP: {
      read(value, lines, facts) {
        const ref = flaskTarget(value, lines, 'FLASK_APP');
        if (ref) facts.references.push(ref);
      },
      setForLaterCommands: true,
    },
  },
};
