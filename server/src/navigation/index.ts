// Hover and go-to-definition for every framework: each provider answers for the references it knows
// (Django in django.ts, SQLAlchemy in frameworks/sqlalchemyNavigation.ts); the first answer wins.
import type { Span } from '../core/types';
import { sqlalchemyDefinition, sqlalchemyHover } from '../frameworks/sqlalchemyNavigation';
import type { Project } from '../index/project';
import { djangoTargetAt, type SourceLocation } from './django';

export function hoverAt(project: Project, path: string, line: number, character: number): { span: Span; markdown: string } | null {
  const django = djangoTargetAt(project, path, line, character);
  if (django) return { span: django.span, markdown: django.hover };
  return sqlalchemyHover(project, path, line, character);
}

export function definitionAt(project: Project, path: string, line: number, character: number): SourceLocation | null {
  const django = djangoTargetAt(project, path, line, character);
  if (django) return django.definition;
  return sqlalchemyDefinition(project, path, line, character);
}
