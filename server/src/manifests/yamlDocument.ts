// Reads the first YAML document of a file, stopping at the first syntax error. The yaml package reports an error
// per unexpected token and can make one per character of a broken file (249,564 for a 250 KB compose file found
// by `npm run fuzz`, 65 s with its pretty messages): we only ever say the first one, so we stop there.
import { Composer, Parser, type CST, type Document } from 'yaml';

type Token = CST.Token;
import { LineMap } from './commands';

export type YamlRead = { doc: Document.Parsed; problem?: undefined } | { doc?: undefined; problem: string };

export function readFirstYamlDocument(text: string): YamlRead {
  const composer = new Composer({ keepSourceTokens: false, prettyErrors: false });
  function* untilFirstError(): Generator<Token> {
    for (const token of new Parser().parse(text)) {
      yield token;
      if (token.type === 'error') return;
    }
  }
  let doc: Document.Parsed | undefined;
  try {
    for (const next of composer.compose(untilFirstError(), true, text.length)) {
      if (!doc) doc = next;
    }
  } catch (e) {
    // The parser recurses per nesting level: running out of stack is a fact about the file, not a crash.
    if (e instanceof RangeError) return { problem: 'nested too deeply to read' };
    throw e;
  }
  if (!doc) return { problem: 'not valid YAML: no document' };
  const error = doc.errors[0];
  if (!error) return { doc };
  const message = error.message.split('\n')[0];
  if (/Maximum call stack/.test(message)) return { problem: 'nested too deeply to read' };
  const [line, column] = new LineMap(text).position(error.pos[0]);
  return { problem: `not valid YAML: ${message} at line ${line + 1}, column ${column + 1}` };
}
