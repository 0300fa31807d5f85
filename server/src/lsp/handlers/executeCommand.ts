// workspace/executeCommand: "Coherence: Re-check workspace".
import type { ExecuteCommandParams } from 'vscode-languageserver/node';
import type { Session } from '../session';

export const RECHECK_COMMAND = 'coherence.server.recheckWorkspace';

export async function onExecuteCommand(session: Session, params: ExecuteCommandParams): Promise<void> {
  if (params.command === RECHECK_COMMAND) await session.loadAll();
}
