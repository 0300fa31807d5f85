// Edits of a fixture copy, each checked against a fresh load (#17's graph tests: body edits, surface changes):
// what an edit built or kept of a model graph, which files it re-checked, and every file's diagnostics.
import * as assert from 'assert';
import * as path from 'path';
import type { Diagnostic } from '../../server/out/core/types';
import { Workspace } from '../../server/out/host/workspace';
import { surfaceBuildWork, surfaceKeepWork } from '../../server/out/index/surfaceBuild';
import { FIXTURES } from './fixtures';
import { copyToTemp, removeTemp } from './tempProject';

/** A fixture copied to a temporary folder and loaded, for the tests of one describe block. */
export function loadedCopy(fixture: string): { dir: () => string; ws: () => Workspace } {
  let dir = '';
  let ws: Workspace;
  beforeEach(async () => {
    dir = copyToTemp(path.join(FIXTURES, fixture));
    ws = await Workspace.load({ root: dir });
    ws.checkAll();
  });
  afterEach(async () => {
    await ws.dispose();
    removeTemp(dir);
  });
  return { dir: () => dir, ws: () => ws };
}

export interface CheckedEdit {
  /** Builds and keeps of graph `graph` the edit took (index/surfaceBuild.ts). */
  builds: number;
  keeps: number;
  /** The files the edit re-checked. */
  rechecked: string[];
  /** Every file's diagnostics after the edit. */
  all: Map<string, Diagnostic[]>;
}

/** Shows `text` for `rel`; every file's diagnostics must equal a fresh load's with the same texts. */
export async function checkedEdit(ws: Workspace, dir: string, rel: string, text: string, graph = 'django-models'): Promise<CheckedEdit> {
  const builds = surfaceBuildWork.get(graph) ?? 0;
  const keeps = surfaceKeepWork.get(graph) ?? 0;
  const result = await ws.setOverlay(rel, text);
  const all = await ws.showVersions(new Map());
  const out = { builds: (surfaceBuildWork.get(graph) ?? 0) - builds, keeps: (surfaceKeepWork.get(graph) ?? 0) - keeps, rechecked: [...result.keys()], all };
  const fresh = await Workspace.load({ root: dir });
  try {
    await fresh.setOverlay(rel, text);
    const expected = fresh.checkAll();
    for (const file of new Set([...all.keys(), ...expected.keys()])) assert.deepStrictEqual(all.get(file) ?? [], expected.get(file) ?? [], file);
  } finally {
    await fresh.dispose();
  }
  return out;
}
