// Flask behind the adapter interface, its index part first: the endpoint graph's dependency key and what of
// a file changes it (flaskFingerprint.ts). Its rule families (checks/flaskUrls.ts) and readers move here in
// the second half of #18 (docs/adapters.md).
import type { FrameworkAdapter } from './adapter';
import { FLASK_ENDPOINTS_KEY, flaskFingerprint } from './flaskFingerprint';

export const flaskAdapter: FrameworkAdapter = {
  name: 'Flask',
  key: 'flask',
  graphKey: FLASK_ENDPOINTS_KEY,
  // '' for a file that imports no Flask: a new one needs no comparison (and a cold start pays none).
  graphInputOf: flaskFingerprint,
  ruleFamilies: [],
};
