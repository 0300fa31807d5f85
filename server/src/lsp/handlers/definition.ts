// textDocument/definition from Django references: a lookup segment or attribute to the field's declaration,
// `ForeignKey("Author")` and model names to the model class, a reverse accessor to the relating model.
import * as path from 'path';
import type { Definition, DefinitionParams } from 'vscode-languageserver/node';
import { spanToRange } from '../../core/types';
import { pathToUri } from '../convert';
import type { Session } from '../session';
import { targetAt } from './hover';

export async function onDefinition(session: Session, params: DefinitionParams): Promise<Definition | null> {
  const found = await targetAt(session, params);
  const def = found?.target.definition;
  return def ? { uri: pathToUri(path.join(found.folder.root, def.file)), range: spanToRange(def.span) } : null;
}
