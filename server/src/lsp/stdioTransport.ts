// The --stdio transport's writer: the messages sent in one turn of the event loop leave in one write.
// vscode-jsonrpc's StreamMessageWriter sends each message in a task of its own (a setImmediate, then the header
// and the body as two writes, the body after the header's callback): an edit that re-checks 500 files publishes
// 500 messages, which then cost 500 turns of the event loop and 1,000 writes before the last one leaves.
import { Console } from 'console';
import { Writable } from 'stream';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

const CRLF = '\r\n';

/** Writes the messages of one turn together, in order, each framed as the base protocol says (Content-Length, JSON, UTF-8). */
export class BatchingMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private pending: Buffer[] = [];
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private errorCount = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (e: unknown) => this.fireError(e));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let body: Buffer;
    try {
      body = Buffer.from(JSON.stringify(msg), 'utf8');
    } catch (e) {
      this.fireError(e, msg, ++this.errorCount);
      return Promise.reject(e);
    }
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(Buffer.from(`Content-Length: ${body.byteLength}${CRLF}${CRLF}`, 'ascii'), body);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private flush(): void {
    const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    const waiting = this.waiting;
    this.pending = [];
    this.waiting = [];
    try {
      this.stream.write(chunk, (error?: Error | null) => {
        if (error) {
          this.fireError(error, undefined, ++this.errorCount);
          for (const w of waiting) w.reject(error);
        } else {
          this.errorCount = 0;
          for (const w of waiting) w.resolve();
        }
      });
    } catch (e) {
      this.fireError(e, undefined, ++this.errorCount);
      for (const w of waiting) w.reject(e);
    }
  }

  end(): void {
    this.stream.end();
  }
}

/**
 * A console whose output goes to the client's log, as vscode-languageserver arranges when it owns --stdio
 * itself: on stdout, where the protocol flows, a stray console.log would corrupt it.
 */
export function consoleToClient(log: { log(message: string): void; error(message: string): void }): Console {
  const sink = (send: (message: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        send(String(chunk).replace(/\n$/, ''));
        done();
      },
    });
  return new Console({ stdout: sink((m) => log.log(m)), stderr: sink((m) => log.error(m)) });
}
