// FastAPI behind the adapter interface (docs/adapters.md): the router includes it collects from the walk
// (facts.ts), the router graph's dependency key and what of a file changes it (its router includes and
// `.routes` reads, routerUses.ts), its rule families, unused-router (routers.ts) and a WebSocket route served
// by uvicorn without `[standard]` (webSockets.ts, under undeclared-dependency), the attributes of its app and
// APIRouter objects (objectApi.ts) and APIRouter as a base (knownBases.ts), `fastapi run|dev x.py` in run files (projectFiles.ts), and what a
// `Depends(provider)` parameter holds (valueHints.ts).
import { projectFileParts } from '../../manifests/commands';
import type { FrameworkAdapter } from '../adapter';
import { fastapiFacts } from './facts';
import { FASTAPI_KNOWN_BASES } from './knownBases';
import { FASTAPI_OBJECTS } from './objectApi';
import { fastapiProjectFiles } from './projectFiles';
import { FASTAPI_ROUTERS_KEY, routerUsesOf } from './routerUses';
import { fastapiRouterChecks } from './routers';
import { fastapiValueHints } from './valueHints';
import { fastapiWebSocketChecks } from './webSockets';

export const fastapiAdapter: FrameworkAdapter = {
  name: 'FastAPI',
  ...fastapiFacts,
  graphKey: FASTAPI_ROUTERS_KEY,
  graphInputOf: (summary) => {
    const uses = routerUsesOf(summary);
    return uses.length ? JSON.stringify(uses) : '';
  },
  ruleFamilies: [fastapiRouterChecks, fastapiWebSocketChecks],
  objectApis: FASTAPI_OBJECTS,
  knownBases: FASTAPI_KNOWN_BASES,
  ...projectFileParts(fastapiProjectFiles),
  valueHints: fastapiValueHints,
  // routerUses.ts looks for `.routes` reads in every file: noted when summaries are cached.
  watchedWords: ['routes'],
};
