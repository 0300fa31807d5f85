// Worker thread: summarizes files for the pool. Each worker owns its own parser (wasm memory). Given a path
// it also reads and hashes the file itself, so a cold start does not copy every file's text between threads.
import { parentPort } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { summarizeSource } from '../syntax/summarizeSource';
import { readProjectFile } from '../workspace/safeRead';
import { hashText, type SummarizeReply, type SummarizeRequest } from './summarizeJob';

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: SummarizeRequest) => {
    // Asked each time: a parser broken by a wasm fault is replaced (see replaceBrokenParser).
    void getParser().then(
      (p) => {
        let reply: SummarizeReply;
        if (req.text !== undefined) reply = { id: req.id, summaryJson: JSON.stringify(summarizeSource(p, req.text, FRAMEWORK_ADAPTERS)) };
        else {
          const read = readProjectFile(req.roots ?? [], req.path!);
          reply = 'skipped' in read ? { id: req.id, skipped: read.skipped } : { id: req.id, hash: hashText(read.text), summaryJson: JSON.stringify(summarizeSource(p, read.text, FRAMEWORK_ADAPTERS)) };
        }
        port.postMessage(reply);
      },
      (e: Error) => port.postMessage({ id: req.id, error: e.message } satisfies SummarizeReply),
    );
  });
}
