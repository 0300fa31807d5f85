// What the unused-router rule reads of one file: its router includes (`include_router`, `mount`) and its
// `.routes` reads (routes copied by hand count as included). The project compares it across edits, so that
// a change re-checks every router file (FASTAPI_ROUTERS_KEY).
import { mayMention } from '../../syntax/lazyFields';
import type { FileSummary } from '../../syntax/summary';

/** Dependency key of every check that consulted the project's router includes. */
export const FASTAPI_ROUTERS_KEY = '#fastapi-routers';

export interface RouterUse {
  method: string;
  /** The router as a dotted name from module scope; null when it is not evident. */
  router: string | null;
}

export function routerUsesOf(summary: FileSummary | null | undefined): RouterUse[] {
  if (!summary) return [];
  // `app.router.routes.extend(orders.router.routes)`. Indexing asks this of every file: a list still unread
  // from the cache is read only when it names `routes` at all.
  const routesReads = [
    ...(!mayMention(summary, 'memberRefs', 'routes') ? [] : summary.memberRefs).filter((r) => r.receiver.kind === 'global' && r.steps[0]?.name === 'routes').map((r) => (r.receiver as { name: string }).name),
    ...(!mayMention(summary, 'moduleAttributeRefs', 'routes') ? [] : summary.moduleAttributeRefs).filter((r) => r.binding === 'global' && r.steps.some((s) => s.name === 'routes')).map((r) => [r.root, ...r.steps.slice(0, r.steps.findIndex((s) => s.name === 'routes')).map((s) => s.name)].join('.')),
  ];
  return [...(summary.routerIncludes ?? []), ...routesReads.map((router) => ({ method: 'routes', router }))];
}
