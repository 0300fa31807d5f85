// The Python app servers (gunicorn, uvicorn, hypercorn, daphne, granian) as an adapter with a project-file part
// only: they serve every framework's app, so no framework owns their readers (docs/adapters.md).
import { projectFileParts } from '../../manifests/commands';
import type { FrameworkAdapter } from '../adapter';
import { serverProjectFiles } from './programs';

export const serversAdapter: FrameworkAdapter = {
  name: 'app servers',
  key: 'servers',
  ...projectFileParts(serverProjectFiles),
  ruleFamilies: [],
};
