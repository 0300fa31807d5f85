// Every framework adapter, in one list: the host hands their collectors to the summarizer, their index
// parts to the Project and their project-file parts to the run-file readers; checks/registry.ts adds their
// rule families, navigation/index.ts asks them for hover and definitions. A new framework is a folder beside
// aiohttp/ and one line here (docs/adapters.md).
import type { FieldModelKind } from '../index/frameworkParts';
import { projectFileReaders, type ProjectFileReaders } from '../manifests/commands';
import { projectFileKinds, type ProjectFileKinds } from '../manifests/summary';
import type { FrameworkAdapter } from './adapter';
import { aiohttpAdapter } from './aiohttp';
import { djangoAdapter } from './django';
import { fastapiAdapter } from './fastapi';
import { flaskAdapter } from './flask';
import { serversAdapter } from './servers';
import { sqlalchemyAdapter } from './sqlalchemy';

export const FRAMEWORK_ADAPTERS: readonly FrameworkAdapter[] = [djangoAdapter, sqlalchemyAdapter, flaskAdapter, fastapiAdapter, aiohttpAdapter as FrameworkAdapter, serversAdapter];

/** The programs, modules, variables and run calls every adapter reads in project files, with the core's. */
export const PROJECT_FILE_READERS: ProjectFileReaders = projectFileReaders(FRAMEWORK_ADAPTERS.map((a) => a.projectFiles));

/** Which paths are project files, of the core's kinds and the adapters' (ProjectFilePart.fileKinds), as discovery lists them and the editor watches them. */
export const PROJECT_FILE_KINDS: ProjectFileKinds = projectFileKinds(PROJECT_FILE_READERS.kindsByName);
export const projectFileKind = PROJECT_FILE_KINDS.kindOf;
export const PROJECT_FILE_GLOBS = PROJECT_FILE_KINDS.globs;

/** The adapters' bases whose classes' constructors take their annotated fields (Symbols.fieldModel). */
export const FIELD_MODEL_BASES: ReadonlyMap<string, FieldModelKind> = new Map(FRAMEWORK_ADAPTERS.flatMap((a) => [...(a.fieldModelBases ?? [])]));

/** The names adapters look for in every file's deferred lists (syntax/lazyFields.ts), in a fixed order. */
/** The adapters' marker files (FrameworkAdapter.markerFiles), as discovery lists them and the editor watches them. */
export const MARKER_FILES: readonly string[] = [...new Set(FRAMEWORK_ADAPTERS.flatMap((a) => a.markerFiles ?? []))];

export const WATCHED_WORDS: readonly string[] = FRAMEWORK_ADAPTERS.flatMap((a) => a.watchedWords ?? []);
