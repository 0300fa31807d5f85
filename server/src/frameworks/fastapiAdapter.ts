// FastAPI behind the adapter interface, its index part first: the router graph's dependency key and what of
// a file changes it (its router includes and `.routes` reads, fastapiRouterUses.ts). Its rule family
// (checks/fastapiRouters.ts) and the walk's include reader move here in the second half of #18.
import { FASTAPI_ROUTERS_KEY } from '../index/project';
import type { FrameworkAdapter } from './adapter';
import { routerUsesOf } from './fastapiRouterUses';

export const fastapiAdapter: FrameworkAdapter = {
  name: 'FastAPI',
  key: 'fastapi',
  graphKey: FASTAPI_ROUTERS_KEY,
  graphInputOf: (summary) => {
    const uses = routerUsesOf(summary);
    return uses.length ? JSON.stringify(uses) : '';
  },
  ruleFamilies: [],
};
