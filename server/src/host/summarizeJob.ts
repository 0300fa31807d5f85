// Messages between the summarizer pool and its workers, and the content hash both sides use.
import * as crypto from 'crypto';
import type { FileSummary } from '../syntax/summary';
import type { HandedOverJson } from './summariesFile';
import type { EncodedTree } from '../syntax/treeTransfer';

export interface SummarizeRequest {
  id: number;
  /** Either the text to summarize, or the absolute path of a file to read first. */
  text?: string;
  path?: string;
  /** The workspace folders that file must resolve into (safeRead refuses the rest). */
  roots?: string[];
  /** Parse only: answer with the tree (SummarizeReply.parsed), for another worker to summarize (staged workers). */
  parseOnly?: boolean;
  /** Instead of a text or path: a tree another worker parsed, and the text as parsed (line ends normalized). */
  parsed?: ParsedTree;
}

/** A file's syntax tree on its way from the worker that parsed it to the one that summarizes it. */
export interface ParsedTree {
  tree: EncodedTree;
  source: string;
}

/**
 * What crosses between the pool and a worker: a chunk of requests one way, the chunk's replies the other. One
 * message per file cost more than its work: each post wakes the receiving thread when it waits, and on a virtual
 * machine that wake-up is charged to the sender (a worker's post took ~0.3 ms of system time: 18 % of its CPU on
 * 4,000 files). A chunk posts once for many files.
 */
export type SummarizeChunk = SummarizeRequest[];
export type SummarizeChunkReply = SummarizeReply[];

export interface SummarizeReply {
  id: number;
  /** The summary as JSON: stringify + parse costs a third of structured cloning this plain data. */
  summaryJson?: string;
  /** Or as UTF-8 JSON (transferred, not copied), with where its deferred fields are (the cache writes them from it). */
  summaryBytes?: Uint8Array;
  deferredFields?: HandedOverJson['fields'];
  summary?: FileSummary;
  /** For a parseOnly request whose file has a tree (one without gets its summary as usual). */
  parsed?: ParsedTree;
  /** Content hash of a file read by the worker. */
  hash?: string;
  /** Why a file read by the worker was not summarized (too large, binary, unreadable). */
  skipped?: string;
  error?: string;
}

/** A file's result: its summary and content hash, or why it was skipped. */
export type FileResult = { hash: string; summary: FileSummary } | { skipped: string };

export function hashText(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64');
}
