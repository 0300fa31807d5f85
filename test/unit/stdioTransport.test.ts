// The --stdio writer: the messages of one turn leave in one write, in order, framed as the base protocol says
// (what vscode-jsonrpc's reader, as a client uses it, reads back); a failed write is reported, not thrown.
import * as assert from 'assert';
import { PassThrough, Writable } from 'stream';
import { StreamMessageReader, type Message } from 'vscode-jsonrpc/node';
import { BatchingMessageWriter, consoleToClient } from '../../server/out/lsp/stdioTransport';

/** A stream that records each write it receives. */
function recordingStream(fail = false): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk);
      done(fail ? new Error('pipe closed') : null);
    },
  });
  return { stream, writes };
}

/** The messages a client's reader makes of `bytes`. */
async function readBack(bytes: Buffer, count: number): Promise<Message[]> {
  const input = new PassThrough();
  const reader = new StreamMessageReader(input);
  const read: Message[] = [];
  const done = new Promise<void>((resolve) => reader.listen((m) => read.push(m) === count && resolve()));
  input.end(bytes);
  await done;
  reader.dispose();
  return read;
}

describe('the --stdio writer', () => {
  it('sends the messages of one turn in one write, in order, as a client reads them', async () => {
    const { stream, writes } = recordingStream();
    const writer = new BatchingMessageWriter(stream);
    const messages: Message[] = [];
    for (let i = 0; i < 500; i++) {
      messages.push({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: `file:///p/m${i}.py`, diagnostics: i % 2 ? [] : [{ message: `é ${i} “quoted”` }] } } as Message);
    }
    const sent = messages.map((m) => writer.write(m));
    assert.strictEqual(writes.length, 0, 'nothing written before the turn ends');
    await Promise.all(sent);
    assert.strictEqual(writes.length, 1, 'one write for the whole turn');
    assert.deepStrictEqual(await readBack(writes[0], messages.length), messages);
    // A later turn: a write of its own.
    await writer.write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'next' } } as Message);
    assert.strictEqual(writes.length, 2);
    assert.deepStrictEqual(await readBack(writes[1], 1), [{ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'next' } }]);
  });

  it('reports a failed write to the connection and rejects what it carried', async () => {
    const { stream } = recordingStream(true);
    stream.on('error', () => {}); // the stream's own error event: the writer listens to it as well
    const writer = new BatchingMessageWriter(stream);
    const errors: Error[] = [];
    writer.onError(([e]) => void errors.push(e));
    const results = await Promise.allSettled([writer.write({ jsonrpc: '2.0', method: 'a' } as Message), writer.write({ jsonrpc: '2.0', method: 'b' } as Message)]);
    assert.deepStrictEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.ok(errors.some((e) => e.message === 'pipe closed'), 'reported');
  });

  it('sends console output to the client log, never to stdout', () => {
    const logged: string[] = [];
    const console = consoleToClient({ log: (m) => logged.push(`log: ${m}`), error: (m) => logged.push(`error: ${m}`) });
    console.log('indexed %d files', 3);
    console.info({ a: 1 });
    console.error('failed');
    console.warn('careful');
    assert.deepStrictEqual(logged, ['log: indexed 3 files', 'log: { a: 1 }', 'error: failed', 'error: careful']);
  });
});
