// Hover and go-to-definition for every framework: each framework adapter answers for the references it knows,
// in the order of frameworks/adapters.ts; the first answer wins.
import type { Span } from '../core/types';
import type { SourceLocation } from '../frameworks/adapter';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import type { Project } from '../index/project';

export function hoverAt(project: Project, path: string, line: number, character: number): { span: Span; markdown: string } | null {
  for (const a of FRAMEWORK_ADAPTERS) {
    const hover = a.hover?.(project, path, line, character);
    if (hover) return hover;
  }
  return null;
}

export function definitionAt(project: Project, path: string, line: number, character: number): SourceLocation | null {
  for (const a of FRAMEWORK_ADAPTERS) {
    const definition = a.definition?.(project, path, line, character);
    if (definition) return definition;
  }
  return null;
}
