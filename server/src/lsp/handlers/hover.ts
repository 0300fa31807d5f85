// textDocument/hover on framework references (Django lookups, model attributes and names, SQLAlchemy
// models and columns…): the core answers (navigation/), this file only translates positions.
import { MarkupKind, type DefinitionParams, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { spanToRange, type Range } from '../../core/types';
import type { Project } from '../../index/project';
import { hoverAt } from '../../navigation';
import { diagnosticHover, uriToPath } from '../convert';
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
  // While indexing, the problems published from the last run still explain themselves.
  if (session.indexing) return problemsHover(session, params, null);
  const found = await readAt(session, params, (project, rel) => hoverAt(project, rel, line, character));
  return problemsHover(session, params, found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: spanToRange(found.span) } : null);
}

/** The detail of the problems under the cursor (their message is the short row), above any framework hover. */
function problemsHover(session: Session, params: HoverParams, framework: Hover | null): Hover | null {
  const at = session.diagnosticsAt(params.textDocument.uri);
  if (!at) return framework;
  const { line, character } = params.position;
  const within = (r: Range) =>
    (r.start.line < line || (r.start.line === line && r.start.character <= character)) && (line < r.end.line || (line === r.end.line && character <= r.end.character));
  const under = at.diagnostics.filter((d) => within(d.range));
  const markdown = diagnosticHover(under, at.folder.root);
  if (!markdown) return framework;
  const frameworkText = framework && typeof framework.contents === 'object' && 'value' in framework.contents ? framework.contents.value : '';
  return {
    contents: { kind: MarkupKind.Markdown, value: frameworkText ? `${markdown}\n\n---\n\n${frameworkText}` : markdown },
    range: framework?.range ?? under[0].range,
  };
}
