// textDocument/hover on Django references (lookup segments, model attributes, model names, relation targets,
// option lists): the model's fields. The core answers (navigation/django.ts); this file only translates.
import type { DefinitionParams, Hover, HoverParams } from 'vscode-languageserver/node';
import { spanToRange } from '../../core/types';
import { djangoTargetAt, type DjangoTarget } from '../../navigation/django';
import { uriToPath } from '../convert';
import type { Folder, Session } from '../session';

/** The target under the cursor, read after the edits queued before this request (positions then match). */
export function targetAt(session: Session, params: HoverParams | DefinitionParams): Promise<{ folder: Folder; target: DjangoTarget } | null | undefined> {
  return session.serial(async () => {
    const p = uriToPath(params.textDocument.uri);
    const at = p ? session.folderOf(p) : null;
    const workspace = at?.folder.workspace;
    if (!workspace) return null;
    const target = djangoTargetAt(workspace.project, at.rel, params.position.line, params.position.character);
    return target ? { folder: at.folder, target } : null;
  });
}

export async function onHover(session: Session, params: HoverParams): Promise<Hover | null> {
  const found = await targetAt(session, params);
  return found ? { contents: { kind: 'markdown', value: found.target.hover }, range: spanToRange(found.target.span) } : null;
}
