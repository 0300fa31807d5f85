// textDocument/hover and textDocument/definition: the SQLAlchemy model graph (frameworks/sqlalchemyNavigation.ts).
import * as path from 'path';
import { MarkupKind, type Definition, type Hover, type HoverParams, type DefinitionParams } from 'vscode-languageserver/node';
import { sqlalchemyDefinition, sqlalchemyHover } from '../../frameworks/sqlalchemyNavigation';
import { pathToUri, uriToPath } from '../convert';
import type { Session } from '../session';
import type { Span } from '../../core/types';

const range = ([sl, sc, el, ec]: Span) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

function locate(session: Session, uri: string) {
  const p = uriToPath(uri);
  const at = p ? session.folderOf(p) : null;
  return at?.folder.workspace ? { root: at.folder.root, rel: at.rel, project: at.folder.workspace.project } : null;
}

export function onHover(session: Session, params: HoverParams): Hover | null {
  const at = locate(session, params.textDocument.uri);
  if (!at) return null;
  const found = sqlalchemyHover(at.project, at.rel, params.position.line, params.position.character);
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: range(found.span) } : null;
}

export function onDefinition(session: Session, params: DefinitionParams): Definition | null {
  const at = locate(session, params.textDocument.uri);
  if (!at) return null;
  const found = sqlalchemyDefinition(at.project, at.rel, params.position.line, params.position.character);
  return found ? { uri: pathToUri(path.join(at.root, found.file)), range: range(found.span) } : null;
}
