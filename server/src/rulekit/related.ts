// Related locations of findings: where a name was looked for, where the suggested candidate is declared.
import type { RelatedSpan, Span } from '../core/types';
import type { ModuleLocation } from '../index/moduleIndex';
import type { Project } from '../index/project';
import type { ClassRef } from '../index/symbols';
import type { FunctionInfo } from '../syntax/summary';

const FILE_START: Span = [0, 0, 0, 0];

/** The module's file (its start: a module has no declaration line), or nothing for a namespace package. */
export function moduleRelated(location: ModuleLocation, message: string): RelatedSpan[] {
  return location.file ? [{ file: location.file, span: FILE_START, message }] : [];
}

/** Where `name` is bound at module level of `path` (its first binding), or nothing when it is not. */
export function bindingRelated(project: Project, path: string | undefined, name: string, message: string): RelatedSpan[] {
  const source = path ? project.source(path) : undefined;
  const binding = source ? project.bindingsOf(source, name)[0] : undefined;
  return binding && path ? [{ file: path, span: binding.span, message }] : [];
}

/** A class declaration. */
export function classRelated(cls: ClassRef, message: string): RelatedSpan[] {
  const info = cls.file.summary.classes[cls.index];
  return info ? [{ file: cls.file.path, span: info.span, message }] : [];
}

/** A member of a class (a method, field or attribute declared in its body), or nothing when it is not there. */
export function memberRelated(cls: ClassRef, name: string, message: string): RelatedSpan[] {
  const info = cls.file.summary.classes[cls.index];
  const member = info?.members.find((m) => m.name === name) ?? info?.methods.find((m) => m.name === name);
  return member && 'span' in member && member.span ? [{ file: cls.file.path, span: member.span as Span, message }] : [];
}

/** A function's declaration (the related place of a call or handler finding). */
export function functionRelated(path: string, fn: FunctionInfo, message = `'${fn.name}' is declared here`): RelatedSpan[] {
  return [{ file: path, span: fn.span, message }];
}
