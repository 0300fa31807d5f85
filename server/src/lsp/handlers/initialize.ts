// initialize / initialized: capabilities, folders, watcher registration, first indexing.
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { RECHECK_COMMAND } from './executeCommand';
import { uriToPath } from '../convert';
import type { Session } from '../session';

export function onInitialize(session: Session, params: InitializeParams): InitializeResult {
  const caps = params.capabilities;
  session.supportsProgress = caps.window?.workDoneProgress === true;
  session.supportsConfiguration = caps.workspace?.configuration === true;
  session.supportsWatcherRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  session.initializationSettings = (params.initializationOptions as { settings?: object } | undefined)?.settings ?? {};
  const folders = params.workspaceFolders?.length
    ? params.workspaceFolders
    : params.rootUri
      ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }]
      : [];
  for (const f of folders) {
    const root = uriToPath(f.uri);
    if (root) session.folders.push({ root, uri: f.uri, workspace: null });
  }
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [RECHECK_COMMAND] },
      hoverProvider: true,
      definitionProvider: true,
      workspace: { workspaceFolders: { supported: false } },
    },
    serverInfo: { name: 'coherence' },
  };
}

export async function onInitialized(session: Session): Promise<void> {
  if (session.supportsWatcherRegistration) {
    await session.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{py,pyi,so,pyd,pyx}' }, { globPattern: '**/{pyproject.toml,setup.cfg,alembic.ini}' }],
    });
  }
  await session.loadAll();
}
