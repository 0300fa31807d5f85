// Django's project-file part (docs/adapters.md): `DJANGO_SETTINGS_MODULE=x` set in a run file (Dockerfile `ENV`,
// compose `environment:`, `.env`, a script's `export`) names the settings module django-admin and the servers
// import first thing.
import { DOTTED, type ProjectFilePart } from '../../manifests/commands';

export const djangoProjectFiles: ProjectFilePart = {
  variables: {
    DJANGO_SETTINGS_MODULE: {
      read(value, lines, facts) {
        if (!DOTTED.test(value.text)) return;
        const quote = /["']/.test(lines.text[value.start] ?? '') ? 1 : 0;
        const start = value.start + quote;
        facts.references.push({ kind: 'module', target: value.text, span: lines.span(start, start + value.text.length), via: 'DJANGO_SETTINGS_MODULE', projectOnly: true });
      },
    },
  },
};
