// `coherence/status`: what the server is doing, for a client that shows it (the VS Code extension's status
// item asks for it with initializationOptions.statusNotifications; other clients never receive it).
// "checking" is sent as soon as work is queued (an edit, a file change), "ready" when the queue is empty.
import * as fs from 'fs';
import * as path from 'path';
import type { Connection } from 'vscode-languageserver/node';

export const STATUS_NOTIFICATION = 'coherence/status';

export interface StatusParams {
  state: 'indexing' | 'checking' | 'ready';
  /** While indexing: the phase and its count (`summarize 120/611`). */
  message?: string;
  percent?: number;
  /** When ready: the Python files indexed. */
  fileCount?: number;
}

export class StatusReporter {
  enabled = false;
  private busy = 0;

  constructor(private readonly connection: Connection) {}

  /** Work was queued. */
  queued(): void {
    if (++this.busy === 1) this.send({ state: 'checking' });
  }

  /** Queued work finished; `fileCount` is read only when nothing else is queued. Returns whether nothing is. */
  finished(fileCount: () => number): boolean {
    if (--this.busy !== 0) return false;
    this.send({ state: 'ready', fileCount: fileCount() });
    return true;
  }

  indexing(message: string, percent: number): void {
    this.send({ state: 'indexing', message, percent });
  }

  private send(params: StatusParams): void {
    if (this.enabled) void this.connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  }
}

/** The version of the package this server ships in (the extension's or the CLI's package.json). */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) return (JSON.parse(fs.readFileSync(p, 'utf8')) as { version?: string }).version ?? '0.0.0';
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
