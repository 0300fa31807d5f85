// workspace/didChangeWatchedFiles: files created, changed or deleted on disk (also by other tools).
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { uriToPath } from '../convert';
import type { Session } from '../session';

const KIND = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

export function onDidChangeWatchedFiles(session: Session, params: DidChangeWatchedFilesParams): Promise<unknown> {
  const changes = params.changes.flatMap((c) => {
    const absolute = uriToPath(c.uri);
    return absolute ? [{ absolute, kind: KIND[c.type] }] : [];
  });
  return session.applyFileChanges(changes);
}
