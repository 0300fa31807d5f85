// Building blocks for quick fixes: plain edits on workspace-relative files.
import { spanToRange, type Fix, type FixSafety, type Span } from '../core/types';
import type { ModuleLocation } from '../index/moduleIndex';
import type { SourceFile } from '../index/project';

/** Replaces a span; by default a did-you-mean to a name that exists (safe), else the caller says why not. */
export function replaceSpanFix(file: string, span: Span, newText: string, title: string, safety: FixSafety = 'safe'): Fix {
  return { title, edits: [{ file, range: spanToRange(span), newText }], isPreferred: true, safety };
}

/**
 * "Import X from m": merged into an existing top-level `from m import …` when there is one, else a new line
 * placed with the other imports.
 */
export function addImportFix(source: SourceFile, moduleName: string, name: string): Fix {
  const title = `Import '${name}' from '${moduleName}'`;
  const existing = source.summary.imports.find(
    (r) => r.kind === 'from' && r.level === 0 && r.module === moduleName && r.topLevel && !r.star && r.guards.length === 0 && r.lastNameEnd,
  );
  if (existing?.lastNameEnd) {
    const [line, character] = existing.lastNameEnd;
    return { title, edits: [{ file: source.path, range: { start: { line, character }, end: { line, character } }, newText: `, ${name}` }], safety: 'safe' };
  }
  const line = source.summary.importInsertLine;
  return {
    title,
    edits: [{ file: source.path, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `from ${moduleName} import ${name}\n` }],
    safety: 'safe',
  };
}

/** `'app.models' (app/models.py)`: how messages name a module, by the dotted name the code wrote. */
export function describeModule(written: string, location: ModuleLocation): string {
  const where = location.file ?? (location.kind === 'namespace' ? `${location.key}/` : location.key);
  return `'${written}' (${where})`;
}
