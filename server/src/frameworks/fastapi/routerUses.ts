// What the unused-router rule reads of one file: its router includes (`include_router`, `mount`) and its
// `.routes` reads (routes copied by hand count as included). The project compares it across edits, so that
// a change re-checks every router file (FASTAPI_ROUTERS_KEY).
import { factsOf } from '../../syntax/factCollectors';
import { mayMention } from '../../syntax/lazyFields';
import type { FileSummary } from '../../syntax/summary';
import { FASTAPI_KEY, type FastapiFacts, type RouterUse } from './facts';

export type { RouterUse } from './facts';

/** Dependency key of every check that consulted the project's router includes. */
export const FASTAPI_ROUTERS_KEY = '#fastapi-routers';

export function routerUsesOf(summary: FileSummary | null | undefined): RouterUse[] {
  if (!summary) return [];
  // `app.router.routes.extend(orders.router.routes)`. Indexing asks this of every file: a list still unread
  // from the cache is read only when it names `routes` at all.
  const routesReads = [
    ...(!mayMention(summary, 'memberRefs', 'routes') ? [] : summary.memberRefs).filter((r) => r.receiver.kind === 'global' && r.steps[0]?.name === 'routes').map((r) => (r.receiver as { name: string }).name),
    ...(!mayMention(summary, 'moduleAttributeRefs', 'routes') ? [] : summary.moduleAttributeRefs).filter((r) => r.binding === 'global' && r.steps.some((s) => s.name === 'routes')).map((r) => [r.root, ...r.steps.slice(0, r.steps.findIndex((s) => s.name === 'routes')).map((s) => s.name)].join('.')),
  ];
  return [...(factsOf<FastapiFacts>(summary, FASTAPI_KEY)?.routerIncludes ?? []), ...routesReads.map((router) => ({ method: 'routes', router }))];
}
