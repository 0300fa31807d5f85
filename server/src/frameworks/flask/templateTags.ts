// Flask's tags in templates (its project-file part's template reader, docs/adapters.md): Jinja's
// `url_for('bp.endpoint', …)` with a literal endpoint, judged by unknown-url-name (urls.ts). Kept as
// ProjectFileSummary.frameworks.flask of a template.
import type { Span } from '../../core/types';
import type { ProjectFileText } from '../../manifests/commands';
import type { ProjectFileSummary } from '../../index/projectFileSummary';

/** The adapter's key (index.ts): its readings of project files are kept under it. */
export const FLASK_KEY = 'flask';

/** What a template says that Flask's rules read. */
export interface FlaskTemplateFacts {
  /** `url_for('bp.endpoint')` calls with a literal endpoint (the span covers the endpoint). */
  urlFors: { endpoint: string; span: Span }[];
}

/** A template's `url_for('…')` calls with a literal endpoint; null when it has none. */
export function readUrlFors({ text, spanOf }: ProjectFileText): FlaskTemplateFacts | null {
  const urlFors: { endpoint: string; span: Span }[] = [];
  for (const m of text.matchAll(/\burl_for\(\s*(['"])([\w.-]+)\1/g)) {
    const start = m.index! + m[0].length - m[2].length - 1;
    urlFors.push({ endpoint: m[2], span: spanOf(start, start + m[2].length) });
  }
  return urlFors.length ? { urlFors } : null;
}

/** The template's Flask facts, if it has any. */
export function flaskTemplateFactsOf(summary: ProjectFileSummary): FlaskTemplateFacts | undefined {
  return summary.kind !== 'template' ? undefined : (summary.frameworks?.[FLASK_KEY] as FlaskTemplateFacts | undefined);
}
