// A CLI check of a folder as `coherence check` runs it: resuming the last run kept in `cache` when there is one
// (undefined: a full check with no cache), then keeping this run for the next. Its findings as one sorted JSON text,
// and what the resume did (null when it did not resume).
import { compareDiagnostics } from '../../server/out/core/types';
import type { SummaryCache } from '../../server/out/host/summaryCache';
import { checkFolder, keepRun } from '../../server/out/host/warmRun';

export async function resumedRun(root: string, cache: SummaryCache | undefined): Promise<{ found: string; resumed: { rechecked: number } | null }> {
  const checked = await checkFolder({ root, cache, log: () => {} }, cache !== undefined);
  if (cache && checked.ws) keepRun(cache, checked.ws, checked.diagnostics);
  await checked.ws?.dispose();
  return { found: JSON.stringify(checked.diagnostics.sort(compareDiagnostics)), resumed: checked.resumed ?? null };
}
