// The part an adapter lends removed-api (the family is checks/removedApis.ts): which of its files are history,
// and readers of the uses of removed APIs only its facts find.
import type { Fix, FixSafety, Span } from '../core/types';
import type { SourceFile } from '../index/project';
import type { RemovedApi, RemovedUse } from '../python/removedApis';
import type { CheckContext } from './rule';

/** A replacement API may differ in behaviour (Pydantic's `model_dump` is not `dict` on every model): reviewed, never applied by `--fix` alone. */
export const REPLACEMENT_API: FixSafety = 'unsafe';

/** A use of a removed API an adapter found in a file. */
export interface RemovedApiUse {
  span: Span;
  /** The replacement, where the adapter can write it (REPLACEMENT_API safety). */
  fix?: Fix;
  /** The use sets what the framework now always does (`USE_L10N = True`): a note that the line can go, with that value. */
  alwaysNow?: string;
}

/**
 * An adapter's part of removed-api: which of its files are history its tool replays, and the uses of removed
 * APIs its facts read (the kinds of use of python/removedApis.ts that only it can find: `query-get`, `django-setting`).
 */
export interface RemovedApiPart {
  /**
   * A file its tool replays as recorded history (a migration, a revision): never edited, so only removals are
   * reported there, no deprecation; `keepsOldFields`: it may still name field classes and module attributes
   * since removed (Django's historical migrations), which are not judged.
   */
  historyOf?(file: SourceFile): { keepsOldFields: boolean } | null;
  /** Readers by kind of use: the uses of one row's API in the file. */
  readonly uses?: Readonly<Partial<Record<RemovedUse['kind'], RemovedApiReader>>>;
}

export type RemovedApiReader = (ctx: CheckContext, row: RemovedApi) => readonly RemovedApiUse[];

