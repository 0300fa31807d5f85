// textDocument/hover on framework references (Django lookups, model attributes and names, SQLAlchemy
// models and columns…): the core answers (navigation/), this file only translates positions.
import { MarkupKind, type DefinitionParams, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { spanToRange } from '../../core/types';
import type { Project } from '../../index/project';
import { hoverAt } from '../../navigation';
import { uriToPath } from '../convert';
import type { Folder, Session } from '../session';

/**
 * Runs `read` on the document's project after the edits queued before this request (positions then match).
 * While the project is being indexed the answer is null at once: a request never waits for a whole indexing.
 */
export function readAt<T>(session: Session, params: HoverParams | DefinitionParams, read: (project: Project, rel: string, folder: Folder) => T | null): Promise<T | null> {
  if (session.indexing) return Promise.resolve(null);
  return session.serialRequest(async () => {
    const p = uriToPath(params.textDocument.uri);
    const at = p ? session.folderOf(p) : null;
    const workspace = at?.folder.workspace;
    return workspace ? read(workspace.project, at.rel, at.folder) : null;
  });
}

export async function onHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const { line, character } = params.position;
  const found = await readAt(session, params, (project, rel) => hoverAt(project, rel, line, character));
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: spanToRange(found.span) } : null;
}
