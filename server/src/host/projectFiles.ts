// A project file's summary as the host makes it: read with every adapter's project-file part (the programs,
// modules and variables of frameworks and servers; frameworks/adapters.ts composes them).
import { PROJECT_FILE_READERS } from '../frameworks/adapters';
import { summarizeProjectFileWith } from '../manifests/summarize';
import type { ProjectFileKind, ProjectFileSummary } from '../index/projectFileSummary';

export function summarizeProjectFile(path: string, kind: ProjectFileKind, text: string): ProjectFileSummary {
  return summarizeProjectFileWith(PROJECT_FILE_READERS, path, kind, text);
}
