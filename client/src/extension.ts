// VS Code extension: starts the Coherence language server over IPC and adds the user commands.
// All analysis lives in the server; this file only wires it into the editor.
import * as fs from 'fs';
import * as path from 'path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CoherenceStatus, STATUS_NOTIFICATION, type ServerStatus } from './statusItem';

const SERVER_RECHECK_COMMAND = 'coherence.server.recheckWorkspace';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  // The packaged extension is an esbuild bundle (dist/extension.js) with the bundled server beside it; the
  // tsc build (client/out/extension.js) runs server/out/server.js.
  const bundled = path.join(__dirname, 'server.js');
  const serverModule = fs.existsSync(bundled) ? bundled : context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = window.createOutputChannel('Coherence', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'python' }],
    synchronize: { configurationSection: 'coherence' },
    outputChannel: output,
    // statusNotifications: the server reports indexing / checking / ready for the status item.
    initializationOptions: { settings: workspace.getConfiguration('coherence'), statusNotifications: true },
  };
  client = new LanguageClient('coherence', 'Coherence', serverOptions, clientOptions);
  const status = new CoherenceStatus(String(context.extension.packageJSON.version ?? ''));
  const started = client;
  context.subscriptions.push(
    status,
    client.onNotification(STATUS_NOTIFICATION, (params: ServerStatus) => status.onServerStatus(params)),
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) status.setServerVersion(started.initializeResult?.serverInfo?.version);
      else if (e.newState === State.Stopped) status.stopped();
    }),
    output,
    commands.registerCommand('coherence.recheckWorkspace', () => commands.executeCommand(SERVER_RECHECK_COMMAND)),
    commands.registerCommand('coherence.showOutput', () => output.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
