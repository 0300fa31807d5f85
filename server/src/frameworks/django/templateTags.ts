// Django's tags in templates (its project-file part's template reader, docs/adapters.md): `{% url 'name' … %}`
// with a literal name, judged by unknown-url-name (urlChecks.ts). Kept as ProjectFileSummary.frameworks.django of
// a template.
import type { Span } from '../../core/types';
import type { ProjectFileText } from '../../manifests/commands';
import type { ProjectFileSummary } from '../../index/projectFileSummary';
import { DJANGO_FACTS_KEY } from './facts';

/** What a template says that Django's rules read. */
export interface DjangoTemplateFacts {
  /** `{% url 'name' … %}` with a literal name (the span covers the name). */
  urlTags: { name: string; span: Span }[];
}

/**
 * A template's `{% url 'name' … %}` tags with a literal name, not the `… as var` form (which renders nothing
 * instead of failing); null when it has none.
 */
export function readUrlTags({ text, spanOf }: ProjectFileText): DjangoTemplateFacts | null {
  const urlTags: { name: string; span: Span }[] = [];
  for (const m of text.matchAll(/\{%-?\s*url\s+(['"])([\w.:-]+)\1([^%]*)%\}/g)) {
    if (/\sas\s+\w+\s*-?$/.test(m[3])) continue;
    const start = m.index! + m[0].indexOf(m[1]) + 1;
    urlTags.push({ name: m[2], span: spanOf(start, start + m[2].length) });
  }
  return urlTags.length ? { urlTags } : null;
}

/** The template's Django facts, if it has any. */
export function djangoTemplateFactsOf(summary: ProjectFileSummary): DjangoTemplateFacts | undefined {
  return summary.kind !== 'template' ? undefined : (summary.frameworks?.[DJANGO_FACTS_KEY] as DjangoTemplateFacts | undefined);
}
