// initialize / initialized: capabilities, folders, watcher registration, first indexing.
import * as path from 'path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type InitializeError,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { FIX_ALL_KIND } from './codeAction';
import { RECHECK_COMMAND } from './executeCommand';
import { MARKER_FILES, PROJECT_FILE_GLOBS } from '../../frameworks/adapters';
import type { Session } from '../session';
import { packageVersion } from '../status';

export function onInitialize(session: Session, params: InitializeParams): InitializeResult | ResponseError<InitializeError> {
  // LSP: initialize is sent once. A second one must change nothing (and never index another root).
  if (session.initialized) return new ResponseError(ErrorCodes.InvalidRequest, 'coherence: the server is already initialized; a second initialize request is refused', { retry: false });
  session.initialized = true;
  const caps = params.capabilities ?? {};
  session.supportsProgress = caps.window?.workDoneProgress === true;
  session.supportsConfiguration = caps.workspace?.configuration === true;
  session.supportsWatcherRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  session.supportsRelatedInformation = caps.textDocument?.publishDiagnostics?.relatedInformation === true;
  const options = params.initializationOptions as { settings?: object; statusNotifications?: boolean } | undefined;
  session.initializationSettings = options?.settings ?? {};
  session.status.enabled = options?.statusNotifications === true;
  const folders = Array.isArray(params.workspaceFolders) && params.workspaceFolders.length
    ? params.workspaceFolders
    : typeof params.rootUri === 'string'
      ? [{ uri: params.rootUri, name: path.basename(params.rootUri) }]
      : [];
  for (const f of folders) if (typeof f?.uri === 'string') session.addFolder(f.uri);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      definitionProvider: true,
      executeCommandProvider: { commands: [RECHECK_COMMAND] },
      workspace: { workspaceFolders: { supported: false } },
    },
    serverInfo: { name: 'coherence', version: packageVersion() },
  };
}

export async function onInitialized(session: Session): Promise<void> {
  // Like initialize, this happens once: a repeated notification must not register watchers or index again.
  if (session.started) return session.log('ignored a repeated initialized notification');
  session.started = true;
  if (session.supportsWatcherRegistration) {
    await session.connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{py,pyi,so,pyd,pyx}' }, { globPattern: `**/{${['pyproject.toml', 'setup.cfg', ...MARKER_FILES].join(',')}}` }, ...PROJECT_FILE_GLOBS.map((globPattern) => ({ globPattern }))],
    });
  }
  await session.loadAll();
}
