// Worker thread: summarizes files for the pool. Each worker owns its own parser (wasm memory). Given a path
// it also reads and hashes the file itself, so a cold start does not copy every file's text between threads.
import { parentPort } from 'worker_threads';
import { getParser } from '../syntax/parser';
import { FRAMEWORK_ADAPTERS } from '../frameworks/adapters';
import { parseSourceForTransfer, summarizeParsed, summarizeSource } from '../syntax/summarizeSource';
import { decodeTree } from '../syntax/treeTransfer';
import { tablesOf } from '../syntax/syntaxTree';
import type { FileSummary } from '../syntax/summary';
import { readProjectFile } from '../workspace/safeRead';
import type { Parser } from 'web-tree-sitter';
import { hashText, type SummarizeChunk, type SummarizeChunkReply, type SummarizeReply, type SummarizeRequest } from './summarizeJob';
import { handOverJson } from './summariesFile';

if (parentPort) {
  const port = parentPort;
  port.on('message', (chunk: SummarizeChunk) => {
    void summarizeChunk(chunk).then(
      ({ replies, transfer }) => port.postMessage(replies, transfer),
      (e: Error) => port.postMessage(chunk.map((req): SummarizeReply => ({ id: req.id, error: e.message }))),
    );
  });
}

async function summarizeChunk(chunk: SummarizeChunk): Promise<{ replies: SummarizeChunkReply; transfer: ArrayBuffer[] }> {
  const replies: SummarizeChunkReply = [];
  const transfer: ArrayBuffer[] = [];
  for (const req of chunk) {
    // Asked for each file: a parser broken by a wasm fault is replaced (see replaceBrokenParser).
    const reply = summarizeRequest(req, await getParser());
    replies.push(reply);
    if (reply.summaryBytes) transfer.push(reply.summaryBytes.buffer as ArrayBuffer);
    if (reply.parsed) transfer.push(reply.parsed.tree.nodes.buffer as ArrayBuffer);
  }
  return { replies, transfer };
}

function summarizeRequest(req: SummarizeRequest, parser: Parser): SummarizeReply {
  const handedOver = (summary: FileSummary): SummarizeReply => {
    const { bytes, fields } = handOverJson(summary);
    return { id: req.id, summaryBytes: bytes, deferredFields: fields };
  };
  if (req.parsed) return handedOver(summarizeParsed(decodeTree(req.parsed.tree, tablesOf(parser.language!)), req.parsed.source, FRAMEWORK_ADAPTERS));
  const summarized = (text: string): SummarizeReply => {
    if (!req.parseOnly) return handedOver(summarizeSource(parser, text, FRAMEWORK_ADAPTERS));
    const parsed = parseSourceForTransfer(parser, text);
    return 'summary' in parsed ? handedOver(parsed.summary) : { id: req.id, parsed };
  };
  if (req.text !== undefined) return summarized(req.text);
  const read = readProjectFile(req.roots ?? [], req.path!);
  return 'skipped' in read ? { id: req.id, skipped: read.skipped } : { ...summarized(read.text), hash: hashText(read.text) };
}
