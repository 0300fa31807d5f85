// workspace/didChangeConfiguration: settings changed; index the folders not indexed yet or whose settings differ.
import type { DidChangeConfigurationParams } from 'vscode-languageserver/node';
import type { Session } from '../session';

export function onDidChangeConfiguration(session: Session, params: DidChangeConfigurationParams): Promise<unknown> {
  const pushed = (params.settings as { coherence?: object } | undefined)?.coherence;
  if (pushed && !session.supportsConfiguration) session.initializationSettings = pushed;
  return session.loadAll();
}
