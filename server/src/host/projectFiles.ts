// A project file's summary as the host makes it: read with every adapter's project-file part (the programs,
// modules and variables of frameworks and servers; frameworks/adapters.ts composes them).
import { PROJECT_FILE_READERS, projectFileKind } from '../frameworks/adapters';
import { summarizeProjectFileWith } from '../manifests/summarize';
import type { ProjectFileKind, ProjectFileSummary } from '../index/projectFileSummary';
import { UNREAD_KEY } from './lastRun';

export function summarizeProjectFile(path: string, kind: ProjectFileKind, text: string): ProjectFileSummary {
  return summarizeProjectFileWith(PROJECT_FILE_READERS, path, kind, text);
}

/**
 * The summary of a project file that is there but unread (`key`: its held key without the kind, `unread:<why>`):
 * a manifest that is there but unread could declare anything. Undefined for a key of contents.
 */
export function unreadProjectFileSummary(rel: string, key: string): ProjectFileSummary | undefined {
  const kind = projectFileKind(rel);
  if (!kind || !key.startsWith(UNREAD_KEY)) return undefined;
  return { ...summarizeProjectFile(rel, kind, ''), unreadableDeclarations: true };
}
