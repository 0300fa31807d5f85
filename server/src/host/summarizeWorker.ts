// Worker thread: parses and summarizes files sent by the pool. Each worker owns its own parser (wasm memory).
import { parentPort } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { summarizeSource } from '../syntax/summarizeSource';

export interface SummarizeRequest {
  id: number;
  text: string;
}

if (parentPort) {
  const port = parentPort;
  const parser = getParser();
  port.on('message', (req: SummarizeRequest) => {
    void parser.then(
      (p) => port.postMessage({ id: req.id, summary: summarizeSource(p, req.text) }),
      (e: Error) => port.postMessage({ id: req.id, error: e.message }),
    );
  });
}
