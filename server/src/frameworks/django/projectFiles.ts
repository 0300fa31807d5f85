// Django's project-file part (docs/adapters.md): `DJANGO_SETTINGS_MODULE=x` set in a run file (Dockerfile `ENV`,
// compose `environment:`, `.env`, a script's `export`) names the settings module django-admin and the servers
// import first thing; and in Python, the settings module manage.py, wsgi.py or asgi.py set (its collector's
// `settingsModules`), judged by the same rule; `{% url 'name' %}` in templates (templateTags.ts).
import { DOTTED, type ProjectFilePart } from '../../manifests/commands';
import { DJANGO_FACTS_KEY, djangoFactsOf } from './facts';
import { readUrlTags } from './templateTags';

export const djangoProjectFiles: ProjectFilePart = {
  key: DJANGO_FACTS_KEY,
  templateTags: readUrlTags,
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
  pythonReferences: (summary) => djangoFactsOf(summary)?.settingsModules?.map((s) => ({ kind: 'module' as const, target: s.value, span: s.span, via: 'DJANGO_SETTINGS_MODULE' })) ?? [],
};
