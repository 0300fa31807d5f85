// Hover and go-to-definition on application key reads (`request.app["db"]`): where the project sets the key.
import type { Span } from '../../core/types';
import type { Project } from '../../index/project';
import type { FrameworkNavigation, SourceLocation } from '../adapter';
import { aiohttpFactsOf, aiohttpIndexing } from './graph';

function contains(span: Span, line: number, character: number): boolean {
  const [sl, sc, el, ec] = span;
  return (line > sl || (line === sl && character >= sc)) && (line < el || (line === el && character <= ec));
}

/** The literal key read at the position, and where the project sets it (empty when nowhere). */
function keyAt(project: Project, path: string, line: number, character: number): { key: string; span: Span; sets: SourceLocation[] } | null {
  const read = aiohttpFactsOf(project.source(path)?.summary)?.keyReads?.find((r) => !r.byName && contains(r.span, line, character));
  if (!read) return null;
  const graph = project.frameworkGraph(aiohttpIndexing);
  return graph ? { key: read.key, span: read.span, sets: graph.keys.get(read.key) ?? [] } : null;
}

export const aiohttpNavigation: FrameworkNavigation = {
  hover(project, path, line, character) {
    const at = keyAt(project, path, line, character);
    if (!at || !at.sets.length) return null;
    const places = at.sets.map((s) => `${s.file}:${s.span[0] + 1}`).join(', ');
    return { span: at.span, markdown: `**Application key** \`${at.key}\`, set in ${places}` };
  },
  definition(project, path, line, character) {
    return keyAt(project, path, line, character)?.sets[0] ?? null;
  },
};
