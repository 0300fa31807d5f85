// workspace/didChangeWatchedFiles: files created, changed or deleted on disk (also by other tools). Each
// entry is checked on its own: a malformed one is skipped and reported, the rest of the batch still counts.
import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { uriToPath } from '../convert';
import type { Session } from '../session';
import { validFileEvents } from '../validate';

const KIND = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

export function onDidChangeWatchedFiles(session: Session, params: DidChangeWatchedFilesParams): Promise<unknown> {
  const changes = validFileEvents(params, (m) => session.log(m)).flatMap((c) => {
    const absolute = uriToPath(c.uri);
    return absolute ? [{ absolute, kind: KIND[c.type] }] : [];
  });
  return session.applyFileChanges(changes);
}
