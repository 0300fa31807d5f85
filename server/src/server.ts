// Language server entry: wires the connection to a Session. Each LSP method is handled in its own file
// under lsp/handlers; every handler is guarded so that a failure is logged and answered, never fatal.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { onCodeAction } from './lsp/handlers/codeAction';
import { onDidChangeConfiguration } from './lsp/handlers/configuration';
import { onExecuteCommand } from './lsp/handlers/executeCommand';
import { onInitialize, onInitialized } from './lsp/handlers/initialize';
import { onDidChangeWatchedFiles } from './lsp/handlers/watchedFiles';
import { onDefinition, onHover } from './lsp/handlers/navigation';
import { Session } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);
const session = new Session(connection);

function guarded<P, R>(name: string, handler: (params: P) => R | Promise<R>, fallback: R | undefined): (params: P) => Promise<R | undefined> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      connection.console.error(`coherence: ${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}

connection.onInitialize((params) => onInitialize(session, params));
connection.onInitialized(guarded('initialized', () => onInitialized(session), undefined));
connection.onCodeAction(guarded('codeAction', (p) => onCodeAction(session, p), []));
connection.onHover(guarded('hover', (p) => onHover(session, p), null));
connection.onDefinition(guarded('definition', (p) => onDefinition(session, p), null));
connection.onExecuteCommand(guarded('executeCommand', (p) => onExecuteCommand(session, p), undefined));
connection.onDidChangeWatchedFiles(guarded('didChangeWatchedFiles', async (p) => void (await onDidChangeWatchedFiles(session, p)), undefined));
connection.onDidChangeConfiguration(guarded('didChangeConfiguration', async (p) => void (await onDidChangeConfiguration(session, p)), undefined));
session.documents.onDidOpen((e) => void session.applyOverlay(e.document.uri));
session.documents.onDidChangeContent((e) => session.scheduleEdit(e.document.uri));
session.documents.onDidClose((e) => void session.applyOverlay(e.document.uri, true));
connection.onShutdown(() => session.dispose());

// Bad input must never take the server down: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`coherence: uncaught ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`coherence: unhandled ${(e as Error)?.stack ?? e}`));

session.documents.listen(connection);
connection.listen();
