// The Django version a project surely runs, when its lock files or manifests pin one, and whether a piece of
// Django's API (djangoApi.ts) exists in it. An unpinned or ranged version answers "exists": the union of versions.
import { compareVersions } from '../../manifests/declarations';
import { MANIFESTS_KEY, type DependencyTracker, type Project } from '../../index/project';
import { MODEL_API_SINCE, QUERYSET_API_SINCE } from './apiSince';
import { declaredDependencies } from '../../rulekit/declaredDependencies';

/** The one Django version installed: a lock file's pin, else `Django==X` in every manifest naming it. */
export function pinnedDjango(project: Project, tracker: DependencyTracker): { version: string; from: 'lock' | 'pin' } | null {
  tracker.add(MANIFESTS_KEY);
  const deps = declaredDependencies(project);
  const locked = deps.locked.get('django');
  if (locked) return { version: locked, from: 'lock' };
  const pinned = deps.exactVersions.get('django');
  return pinned ? { version: pinned, from: 'pin' } : null;
}

/** `name` of the model (or manager/queryset) API when the pinned Django predates it: the version that added it. */
export function missingFromPinnedDjango(project: Project, kind: 'model' | 'queryset', name: string, tracker: DependencyTracker): { since: string; pinned: string; from: 'lock' | 'pin' } | null {
  const since = (kind === 'model' ? MODEL_API_SINCE : QUERYSET_API_SINCE).get(name);
  if (!since) return null;
  const pinned = pinnedDjango(project, tracker);
  if (!pinned || compareVersions(pinned.version, since) >= 0) return null;
  return { since, pinned: pinned.version, from: pinned.from };
}

/** ` (added in Django 6.0; the project's lock file pins 5.2.1)`, for messages. */
export function addedLater(missing: { since: string; pinned: string; from: 'lock' | 'pin' }): string {
  const pins = missing.from === 'lock' ? "the project's lock file pins" : 'the project pins';
  return ` (added in Django ${missing.since}; ${pins} Django ${missing.pinned})`;
}
