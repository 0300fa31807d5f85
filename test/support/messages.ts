// What a short message is (issue #19): at most ~80 characters besides the quoted names, so the key part
// (what is missing, the nearest candidate) fits a Problems panel row; the rest belongs to the detail.
export const MESSAGE_LIMIT = 80;

/** The message without its quoted names ('…', "…", `…`): what the limit counts. */
export function unquotedLength(message: string): number {
  return message.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '').length;
}
