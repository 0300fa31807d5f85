// Building blocks for quick fixes: plain edits on workspace-relative files.
import { spanToRange, type Fix, type FixSafety, type Span } from '../core/types';
import type { ModuleLocation } from '../index/moduleIndex';
import type { SourceFile } from '../index/project';
import { placeImport, placeImportedName, type FirstPartyTest } from './importPlacement';

/** Replaces a span; by default a did-you-mean to a name that exists (safe), else the caller says why not. */
export function replaceSpanFix(file: string, span: Span, newText: string, title: string, safety: FixSafety = 'safe'): Fix {
  return { title, edits: [{ file, range: spanToRange(span), newText }], isPreferred: true, safety };
}

/**
 * "Import X from m": merged into an existing top-level `from m import …` when there is one (the name in
 * sorted position), else a new line placed where isort would put it (importPlacement.ts).
 */
export function addImportFix(source: SourceFile, moduleName: string, name: string, isFirstParty: FirstPartyTest): Fix {
  const title = `Import '${name}' from '${moduleName}'`;
  const existing = source.summary.imports.find(
    (r) => r.kind === 'from' && r.level === 0 && r.module === moduleName && r.topLevel && !r.star && r.guards.length === 0 && r.lastNameEnd,
  );
  const merged = existing && placeImportedName(existing, name);
  if (merged) {
    const at = { line: merged.line, character: merged.character };
    return { title, edits: [{ file: source.path, range: { start: at, end: at }, newText: merged.newText }], safety: 'safe' };
  }
  const { line, newText } = placeImport(source.summary, moduleName, name, isFirstParty);
  return { title, edits: [{ file: source.path, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText }], safety: 'safe' };
}

/** `'app.models' (app/models.py)`: how messages name a module, by the dotted name the code wrote. */
export function describeModule(written: string, location: ModuleLocation): string {
  const where = location.file ?? (location.kind === 'namespace' ? `${location.key}/` : location.key);
  return `'${written}' (${where})`;
}
