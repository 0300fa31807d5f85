// Tokenizes short texts around every UTF-16 code unit and reports any token that does not advance (run
// on a worker by callWithDeadline: an endless loop then fails the test instead of hanging it).
import { tokenize } from '../../server/out/manifests/commands';

const TEMPLATES = [(c: string) => c, (c: string) => `a${c}b`, (c: string) => `b:${c}`, (c: string) => `x ${c} y\n${c}${c}\\${c}`];

export function tokenizeAroundEveryCodeUnit(): { texts: number; violations: string[] } {
  const violations: string[] = [];
  let texts = 0;
  for (let code = 0; code <= 0xffff; code++) {
    const c = String.fromCharCode(code);
    for (const template of TEMPLATES) {
      const text = template(c);
      texts++;
      for (const newlines of [true, false]) {
        let previousEnd = 0;
        for (const t of tokenize(text, 0, text.length, newlines)) {
          if (t.end <= t.start || t.start < previousEnd || t.end > text.length) violations.push(`U+${code.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}: ${JSON.stringify(t)}`);
          previousEnd = t.end;
        }
      }
    }
    if (violations.length > 10) break;
  }
  return { texts, violations };
}
