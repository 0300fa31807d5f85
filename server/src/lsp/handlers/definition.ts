// textDocument/definition from framework references: a Django lookup segment or attribute to the field's
// declaration, `ForeignKey("Author")`/`relationship("Author")` to the model class, a reverse accessor to the
// relation that names it, `ForeignKey("table.column")` to the column. The core answers (navigation/).
import * as path from 'path';
import type { Definition, DefinitionParams } from 'vscode-languageserver/node';
import { spanToRange } from '../../core/types';
import { definitionAt } from '../../navigation';
import { pathToUri } from '../convert';
import type { Session } from '../session';
import { readAt } from './hover';

export async function onDefinition(session: Session, params: DefinitionParams): Promise<Definition | null> {
  const { line, character } = params.position;
  const found = await readAt(session, params, (project, rel, folder) => {
    const def = definitionAt(project, rel, line, character);
    return def ? { uri: pathToUri(path.join(folder.root, def.file)), range: spanToRange(def.span) } : null;
  });
  return found ?? null;
}
