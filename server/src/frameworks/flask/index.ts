// Flask behind the adapter interface (docs/adapters.md): the endpoint graph's dependency key and what of a
// file changes it (fingerprint.ts), the blueprint endpoint graph (endpoints.ts) and its rule family,
// unknown-url-name for url_for() (urls.ts), the attributes of its app and Blueprint objects (objectApi.ts), and
// `flask --app`/`FLASK_APP` in run files (projectFiles.ts), the bases of its views and extensions (knownBases.ts). Flask keeps no facts of its own: it reads the core's summary.
import { projectFileParts } from '../../manifests/commands';
import type { FrameworkAdapter } from '../adapter';
import { FLASK_ENDPOINTS_KEY, flaskFingerprint } from './fingerprint';
import { FLASK_KNOWN_BASES } from './knownBases';
import { FLASK_OBJECTS } from './objectApi';
import { flaskProjectFiles } from './projectFiles';
import { FLASK_KEY } from './templateTags';
import { flaskUrlChecks } from './urls';

export const flaskAdapter: FrameworkAdapter = {
  name: 'Flask',
  key: FLASK_KEY,
  graphKey: FLASK_ENDPOINTS_KEY,
  // '' for a file that imports no Flask: a new one needs no comparison (and a cold start pays none).
  graphInputOf: flaskFingerprint,
  ruleFamilies: [flaskUrlChecks],
  objectApis: FLASK_OBJECTS,
  knownBases: FLASK_KNOWN_BASES,
  ...projectFileParts(flaskProjectFiles),
};
