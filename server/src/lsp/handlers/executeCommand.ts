// workspace/executeCommand: "Coherence: Re-check workspace".
import type { ExecuteCommandParams } from 'vscode-languageserver/node';
import type { Session } from '../session';

export const RECHECK_COMMAND = 'coherence.server.recheckWorkspace';

export async function onExecuteCommand(session: Session, params: ExecuteCommandParams): Promise<void> {
  // Answered at once; the indexing reports its own progress.
  if (params.command === RECHECK_COMMAND) void session.loadAll(true);
}
