// A minimal LSP client for tests: starts the built server as a child process and speaks JSON-RPC over
// stdio, the same bytes an editor sends.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** The server under test: the tsc build, or another entry (the esbuild bundle in dist/) via COHERENCE_SERVER_JS. */
export const SERVER_JS = process.env.COHERENCE_SERVER_JS ? path.resolve(process.env.COHERENCE_SERVER_JS) : path.join(__dirname, '..', '..', 'server', 'out', 'server.js');

export interface PublishedDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
}

export function uriOf(p: string): string {
  return pathToFileURL(p).href;
}

export class LspClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  /** Latest diagnostics per URI. */
  readonly diagnostics = new Map<string, PublishedDiagnostic[]>();
  /** Every publishDiagnostics URI, in the order received. */
  readonly publishedUris: string[] = [];
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  /** What the client answers to workspace/configuration (the `coherence` section). */
  settings: object = {};
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  constructor() {
    this.process = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d: Buffer) => this.logs.push(d.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: PublishedDiagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishedUris.push(p.uri);
      this.wake();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: unknown) => {
      this.progress.push(p);
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async initialize(root: string, capabilities: object = { window: { workDoneProgress: true }, workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves once `predicate` holds for the diagnostics state; rejects after `timeoutMs`. */
  waitFor(description: string, predicate: () => boolean, timeoutMs = 20000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${description}; server log:\n${this.logs.join('').slice(-3000)}`)), timeoutMs);
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  codes(file: string): string[] {
    return (this.diagnostics.get(uriOf(file)) ?? []).map((d) => d.code).sort();
  }

  open(file: string, text: string): Promise<void> {
    this.versions.set(uriOf(file), 1);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'python', version: 1, text } });
  }

  change(file: string, text: string): Promise<void> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(file: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}
