// Worker thread: summarizes files for the pool. Each worker owns its own parser (wasm memory). Given a path
// it also reads and hashes the file itself, so a cold start does not copy every file's text between threads.
import { parentPort } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { summarizeSource } from '../syntax/summarizeSource';
import { readProjectFile } from '../workspace/safeRead';
import { hashText, type SummarizeReply, type SummarizeRequest } from './summarizeJob';
import { handOverJson } from './summariesFile';

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: SummarizeRequest) => {
    // Asked each time: a parser broken by a wasm fault is replaced (see replaceBrokenParser).
    void getParser().then(
      (p) => {
        const summarized = (text: string): SummarizeReply => {
          const { bytes, fields } = handOverJson(summarizeSource(p, text, FRAMEWORK_ADAPTERS));
          return { id: req.id, summaryBytes: bytes, deferredFields: fields };
        };
        let reply: SummarizeReply;
        if (req.text !== undefined) reply = summarized(req.text);
        else {
          const read = readProjectFile(req.roots ?? [], req.path!);
          reply = 'skipped' in read ? { id: req.id, skipped: read.skipped } : { ...summarized(read.text), hash: hashText(read.text) };
        }
        port.postMessage(reply, reply.summaryBytes ? [reply.summaryBytes.buffer as ArrayBuffer] : []);
      },
      (e: Error) => port.postMessage({ id: req.id, error: e.message } satisfies SummarizeReply),
    );
  });
}
