// A mocha root hook: the test run must leave the fixture folders as it found them. A CLI or server run on a
// fixture folder itself (rather than on a temporary copy, or with --no-cache) writes .coherence_cache there,
// and the next run would start warm from it: tests would no longer prove what a cold run does.
import * as fs from 'fs';
import * as path from 'path';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const CACHE_FOLDER = '.coherence_cache';

function cacheFolders(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (entry.name === CACHE_FOLDER) found.push(path.relative(FIXTURES, full));
    else cacheFolders(full, found);
  }
  return found;
}

let before: Set<string>;

export const mochaHooks = {
  beforeAll(): void {
    before = new Set(cacheFolders(FIXTURES));
  },
  afterAll(): void {
    const written = cacheFolders(FIXTURES).filter((f) => !before.has(f));
    if (written.length) throw new Error(`the tests wrote a cache into fixture folders (run on a copy or with --no-cache): ${written.join(', ')}`);
  },
};
