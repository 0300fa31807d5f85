// The bench's client is a fresh process: the first few hundred publishDiagnostics it reads run through vscode-jsonrpc's
// reader before V8 has optimized it, which added ~20 ms to each of the first edits after the recording one (500
// messages an edit). An editor's client has read messages all along. So, before the timed edits, the bench's client
// reads as many messages shaped like the server's through a connection of its own; the server takes no part.
import { PassThrough } from 'stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** Reads `count` publishDiagnostics (each with one diagnostic and a related place) through a connection of its own. */
export async function warmClientReader(count: number): Promise<void> {
  const input = new PassThrough();
  const connection = createMessageConnection(new StreamMessageReader(input), new StreamMessageWriter(new PassThrough()));
  let received = 0;
  const done = new Promise<void>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', () => {
      if (++received === count) resolve();
    }),
  );
  connection.listen();
  for (let first = 0; first < count; first += 500) {
    const frames: string[] = [];
    for (let i = first; i < Math.min(count, first + 500); i++) {
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: publishParams(i) });
      frames.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`);
    }
    input.write(frames.join(''));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
  connection.dispose();
}

function publishParams(i: number): unknown {
  const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 24 } };
  return {
    uri: `file:///warm-up/app/module_${i}.py`,
    diagnostics: [
      {
        range,
        severity: 1,
        code: 'unknown-import-name',
        codeDescription: { href: 'https://example.invalid/rules/unknown-import-name' },
        source: 'coherence',
        message: `'app.core.hub' has no name 'publish_event'`,
        relatedInformation: [{ location: { uri: 'file:///warm-up/app/core/hub.py', range }, message: `module 'app.core.hub'` }],
      },
    ],
  };
}
