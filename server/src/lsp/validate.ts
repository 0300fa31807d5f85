// Notification params are checked entry by entry before anything uses them: a malformed entry is skipped
// (and reported once per notification), the well-formed rest is processed. A notification has no answer,
// so a throw there would drop the whole batch with nothing said.
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidCloseTextDocumentParams,
  DidOpenTextDocumentParams,
  FileEvent,
  NotificationHandler,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

type Report = (message: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isUri = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPosition = (v: unknown): boolean => isObject(v) && Number.isSafeInteger(v.line) && Number.isSafeInteger(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);
const describe = (v: unknown): string => {
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 120 ? `${json.slice(0, 120)}…` : json;
};

/** Keeps the entries of `list` that `valid` accepts; reports the others once, with the first of them. */
function keepValid<T>(what: string, list: unknown, valid: (entry: unknown) => entry is T, report: Report): T[] {
  if (!Array.isArray(list)) {
    report(`ignored ${what}: not a list (${describe(list)})`);
    return [];
  }
  const kept = list.filter(valid);
  const bad = list.filter((e) => !valid(e));
  if (bad.length) report(`skipped ${bad.length} malformed ${what} entr${bad.length === 1 ? 'y' : 'ies'} (first: ${describe(bad[0])}); processed the other ${kept.length}`);
  return kept;
}

export function validFileEvents(params: unknown, report: Report): FileEvent[] {
  const valid = (e: unknown): e is FileEvent => isObject(e) && isUri(e.uri) && (e.type === 1 || e.type === 2 || e.type === 3);
  return keepValid('didChangeWatchedFiles', isObject(params) ? params.changes : params, valid, report);
}

export function validDidOpen(params: unknown, report: Report): DidOpenTextDocumentParams | null {
  const doc = isObject(params) ? params.textDocument : undefined;
  if (isObject(doc) && isUri(doc.uri) && typeof doc.text === 'string' && Number.isSafeInteger(doc.version)) {
    return { textDocument: { uri: doc.uri, languageId: typeof doc.languageId === 'string' ? doc.languageId : 'python', version: doc.version as number, text: doc.text } };
  }
  report(`ignored malformed didOpen: ${describe(params)}`);
  return null;
}

/**
 * A didChange with its well-formed content changes (a full text, or a range with integer positions and
 * a text; out-of-bounds positions are clamped by the document). Null when the document or version is unusable.
 */
export function validDidChange(params: unknown, report: Report): DidChangeTextDocumentParams | null {
  const doc = isObject(params) ? params.textDocument : undefined;
  if (!(isObject(doc) && isUri(doc.uri) && Number.isSafeInteger(doc.version))) {
    report(`ignored malformed didChange: ${describe(isObject(params) ? params.textDocument : params)}`);
    return null;
  }
  const valid = (c: unknown): c is TextDocumentContentChangeEvent => isObject(c) && typeof c.text === 'string' && (c.range === undefined || isRange(c.range));
  const contentChanges = keepValid(`didChange content change of ${doc.uri}`, isObject(params) ? params.contentChanges : undefined, valid, report);
  return { textDocument: { uri: doc.uri, version: doc.version as number }, contentChanges };
}

export function validDidClose(params: unknown, report: Report): DidCloseTextDocumentParams | null {
  const doc = isObject(params) ? params.textDocument : undefined;
  if (isObject(doc) && isUri(doc.uri)) return { textDocument: { uri: doc.uri } };
  report(`ignored malformed didClose: ${describe(params)}`);
  return null;
}

/**
 * The connection as the open-document store (TextDocuments) should see it: document notifications
 * validated first, so a malformed one can neither throw inside the store nor half-apply a change.
 */
export function withValidDocumentEvents(connection: Connection, report: Report): Connection {
  const wrap =
    <P>(validate: (params: unknown, report: Report) => P | null) =>
    (handler: NotificationHandler<P>) =>
    (params: unknown) => {
      const valid = validate(params, report);
      if (valid) handler(valid);
    };
  const overrides: Partial<Connection> = {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(wrap(validDidOpen)(handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(wrap(validDidChange)(handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(wrap(validDidClose)(handler)),
  };
  return new Proxy(connection, {
    get: (target, prop, receiver) => (prop in overrides ? overrides[prop as keyof Connection] : Reflect.get(target, prop, receiver)),
  });
}
