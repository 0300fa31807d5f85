// The aiohttp adapter (docs/adapters.md): routes naming handlers that cannot take the request, `web.run_app`
// given an uncalled app factory, application keys read but never set, hover/definition on key reads, and
// `python -m aiohttp.web pkg.module:factory` in run files.
// Everything aiohttp is in this folder.
import { projectFileParts } from '../../manifests/commands';
import type { FrameworkAdapter } from '../adapter';
import { appKeyChecks } from './appKeys';
import { aiohttpFacts } from './facts';
import { aiohttpIndexing, type AiohttpGraph } from './graph';
import { aiohttpNavigation } from './navigation';
import { aiohttpProjectFiles } from './projectFiles';
import { routeHandlerChecks } from './routeHandlers';
import { runAppChecks } from './runApp';

export const aiohttpAdapter: FrameworkAdapter<AiohttpGraph> = {
  name: 'aiohttp',
  ...aiohttpFacts,
  ...aiohttpIndexing,
  ...aiohttpNavigation,
  ruleFamilies: [routeHandlerChecks, runAppChecks, appKeyChecks],
  ...projectFileParts(aiohttpProjectFiles),
};
