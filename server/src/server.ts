// Language server entry: wires the connection to a Session. Each LSP method is handled in its own file
// under lsp/handlers; every handler is guarded: a failing request is answered with an error and logged,
// a failing notification is logged, and neither is ever fatal.
import { createConnection, LSPErrorCodes, ProposedFeatures, ResponseError } from 'vscode-languageserver/node';
import { onCodeAction } from './lsp/handlers/codeAction';
import { onDidChangeConfiguration } from './lsp/handlers/configuration';
import { onExecuteCommand } from './lsp/handlers/executeCommand';
import { onDefinition } from './lsp/handlers/definition';
import { onHover } from './lsp/handlers/hover';
import { onInitialize, onInitialized } from './lsp/handlers/initialize';
import { onDidChangeWatchedFiles } from './lsp/handlers/watchedFiles';
import { IdleCollector, minorCollection } from './lsp/idleCollector';
import { Session } from './lsp/session';
import { withValidDocumentEvents } from './lsp/validate';
import { BatchingMessageWriter, consoleToClient } from './lsp/stdioTransport';

// Under --stdio (the transport the library would pick from the command line), the same connection with a writer
// that sends the messages of one turn in one write: an edit publishes one message per re-checked file. stdin is
// handed over as a stream, so the library still ends the process when the client closes it; the writer is no
// stream (no addListener), so the library takes it as the writer it is.
const transport = process.argv.slice(2).find((a) => /^--(node-ipc|stdio|socket|pipe)(=|$)/.test(a));
const connection =
  transport === '--stdio'
    ? createConnection(ProposedFeatures.all, process.stdin, new BatchingMessageWriter(process.stdout) as unknown as NodeJS.WritableStream)
    : createConnection(ProposedFeatures.all);
// As the library does when it owns stdio: console output goes to the client's log, never onto the protocol.
if (transport === '--stdio') globalThis.console = consoleToClient(connection.console);
// Scavenges run between edits rather than inside them (lsp/idleCollector.ts).
const session = new Session(connection, new IdleCollector({ collect: minorCollection() }));

function failure(name: string, e: unknown): string {
  const message = `coherence: ${name} failed: ${(e as Error)?.message ?? e}`;
  connection.console.error(`${message}\n${(e as Error)?.stack ?? ''}`);
  return message;
}

/** A request handler whose failure becomes an error answer (RequestFailed), never silence. */
function request<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (e) {
      return new ResponseError(LSPErrorCodes.RequestFailed, failure(name, e));
    }
  };
}

/** A notification handler: no answer to give, so a failure is logged. */
function notification<P>(name: string, handler: (params: P) => unknown): (params: P) => Promise<void> {
  return async (params: P) => {
    try {
      await handler(params);
    } catch (e) {
      failure(name, e);
    }
  };
}

connection.onInitialize((p) => {
  try {
    return onInitialize(session, p);
  } catch (e) {
    return new ResponseError(LSPErrorCodes.RequestFailed, failure('initialize', e), { retry: false });
  }
});
connection.onInitialized(notification('initialized', () => onInitialized(session)));
connection.onCodeAction(request('codeAction', (p) => onCodeAction(session, p)));
connection.onHover(request('hover', (p) => onHover(session, p)));
connection.onDefinition(request('definition', (p) => onDefinition(session, p)));
connection.onExecuteCommand(request('executeCommand', (p) => onExecuteCommand(session, p)));
connection.onDidChangeWatchedFiles(notification('didChangeWatchedFiles', (p) => onDidChangeWatchedFiles(session, p)));
connection.onDidChangeConfiguration(notification('didChangeConfiguration', (p) => onDidChangeConfiguration(session, p)));
session.documents.onDidOpen((e) => {
  void session.applyOverlay(e.document.uri);
  session.prepareDependents(e.document.uri);
});
session.documents.onDidChangeContent((e) => session.scheduleEdit(e.document.uri));
session.documents.onDidClose((e) => void session.applyOverlay(e.document.uri, true));
connection.onShutdown(request('shutdown', () => session.dispose()));

// Bad input must never take the server down: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`coherence: uncaught ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`coherence: unhandled ${(e as Error)?.stack ?? e}`));

session.documents.listen(withValidDocumentEvents(connection, (m) => session.log(m)));
connection.listen();
