// Hover and go-to-definition for every framework: each provider answers for the references it knows
// (Django in django.ts, then each framework adapter's in the order of frameworks/adapters.ts);
// the first answer wins.
import type { Span } from '../core/types';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import type { Project } from '../index/project';
import { djangoTargetAt, type SourceLocation } from './django';

export function hoverAt(project: Project, path: string, line: number, character: number): { span: Span; markdown: string } | null {
  const django = djangoTargetAt(project, path, line, character);
  if (django) return { span: django.span, markdown: django.hover };
  for (const a of FRAMEWORK_ADAPTERS) {
    const hover = a.hover?.(project, path, line, character);
    if (hover) return hover;
  }
  return null;
}

export function definitionAt(project: Project, path: string, line: number, character: number): SourceLocation | null {
  const django = djangoTargetAt(project, path, line, character);
  if (django) return django.definition;
  for (const a of FRAMEWORK_ADAPTERS) {
    const definition = a.definition?.(project, path, line, character);
    if (definition) return definition;
  }
  return null;
}
