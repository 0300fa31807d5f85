// CLI manners: help per subcommand, one-line usage errors, and whether to colour the output.
import { nearestName } from '../core/nearest';

export const RULES_USAGE = `Usage: coherence rules [id]

Without an id, lists every rule with its default severity and summary.
With an id, prints that rule's documentation: what it catches, why it breaks, an example and the fix.

Options:
  -h, --help                   this help`;

/** A usage error as printed: one line, and where the help is (not the whole help). */
export function usageErrorText(message: string): string {
  return `coherence: ${message}\nsee 'coherence --help'\n`;
}

/**
 * Colour only on a terminal, unless `--no-color` or NO_COLOR (https://no-color.org: set and non-empty)
 * says otherwise.
 */
export function colorWanted(noColorFlag: boolean, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return !noColorFlag && !env.NO_COLOR && stream.isTTY === true;
}

/** The usage error for a rule id that is not registered, with the nearest one when it looks like a typo. */
export function unknownRuleMessage(id: string, known: Iterable<string>): string {
  const nearest = nearestName(id, known);
  return `unknown rule '${id}'${nearest ? `; did you mean '${nearest}'?` : ''} (see 'coherence rules')`;
}
