// Seed projects for the fuzzer: the fixture projects, the example project and seeds/ — every file the core
// reads (Python sources, manifests, run files, templates, lock files, alembic.ini), nothing else.
import * as fs from 'fs';
import * as path from 'path';
import { projectFileKind } from '../../server/out/frameworks/adapters';

export const REPO = path.join(__dirname, '..', '..');

/** A mini project: workspace-relative POSIX path → text. */
export type ProjectFiles = Record<string, string>;

export interface SeedProject {
  /** Where it comes from, relative to the repository (for reports). */
  name: string;
  files: ProjectFiles;
}

/** Seeds larger than this are left out: the fuzzer's speed is inputs per second. */
const MAX_SEED_FILE_BYTES = 64 * 1024;

export function isReadByCore(rel: string): boolean {
  return /\.pyi?$/.test(rel) || projectFileKind(rel) !== null;
}

function collect(dir: string, root: string, out: ProjectFiles): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.golden' && entry.name !== '__pycache__') collect(p, root, out);
      continue;
    }
    if (!entry.isFile()) continue;
    const rel = path.relative(root, p).split(path.sep).join('/');
    if (!isReadByCore(rel) || fs.statSync(p).size > MAX_SEED_FILE_BYTES) continue;
    out[rel] = fs.readFileSync(p, 'utf8');
  }
}

function projectAt(dir: string): SeedProject | null {
  const files: ProjectFiles = {};
  collect(dir, dir, files);
  return Object.keys(files).length ? { name: path.relative(REPO, dir).split(path.sep).join('/'), files } : null;
}

/** Every seed project, in a stable order (a run's inputs depend on it). */
export function loadSeedProjects(): SeedProject[] {
  const dirs: string[] = [];
  const fixtures = path.join(REPO, 'test', 'fixtures');
  for (const family of fs.readdirSync(fixtures).sort()) {
    const familyDir = path.join(fixtures, family);
    if (!fs.statSync(familyDir).isDirectory()) continue;
    for (const name of fs.readdirSync(familyDir).sort()) {
      const d = path.join(familyDir, name);
      if (fs.statSync(d).isDirectory()) dirs.push(d);
    }
  }
  dirs.push(path.join(REPO, 'examples', 'agent-shop'));
  const seeds = path.join(__dirname, 'seeds');
  for (const name of fs.readdirSync(seeds).sort()) dirs.push(path.join(seeds, name));
  return dirs.map(projectAt).filter((p): p is SeedProject => p !== null);
}
