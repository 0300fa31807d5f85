// Project configuration: editor/CLI settings merged with `[tool.coherence]` in pyproject.toml, plus the
// source roots a project declares for its packaging tools (pyproject.toml, setup.cfg).
import * as ini from 'ini';
import type { SeveritySetting } from '../core/types';
import { usableExcludeGlobs } from './excludeGlobs';

// smol-toml ships a CommonJS build; its type declarations are written for its ESM entry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });

export interface CoherenceSettings {
  sourceRoots: string[];
  exclude: string[];
  rules: Record<string, SeveritySetting>;
}

export const DEFAULT_SETTINGS: CoherenceSettings = { sourceRoots: [], exclude: [], rules: {} };

export interface ProjectConfig extends CoherenceSettings {
  /** Problems reading configuration files, for the log. */
  notes: string[];
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

type Table = Record<string, unknown>;

function table(v: unknown): Table | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Table) : undefined;
}

/** A setting that takes a list: one value stands for a list of it, and a wrong one is kept for its note. */
function listOf(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Reads the project's configuration. `readText` returns a workspace-relative file's text or undefined;
 * settings from the editor or command line come first, `[tool.coherence]` adds to them.
 */
export function loadProjectConfig(settings: CoherenceSettings, readText: (relative: string) => string | undefined): ProjectConfig {
  const notes: string[] = [];
  const sourceRoots = (Array.isArray(settings.sourceRoots) ? settings.sourceRoots : []).filter((r: unknown) => {
    if (typeof r !== 'string') notes.push(`source-roots setting: ${JSON.stringify(r) ?? String(r)} is not a string; it is ignored`);
    return typeof r === 'string';
  });
  // Settings come from the editor or the command line unchecked: anything may be in the list.
  const fromSettings = usableExcludeGlobs(listOf(settings.exclude), 'settings (coherence.exclude, --exclude)');
  notes.push(...fromSettings.notes);
  const exclude = fromSettings.globs;
  const rules: Record<string, SeveritySetting> = {};

  const pyproject = readText('pyproject.toml');
  if (pyproject !== undefined) {
    try {
      const doc = parseToml(pyproject) as Table;
      const tool = table(doc.tool) ?? {};
      const own = table(tool.coherence) ?? {};
      sourceRoots.push(...strings(own['source-roots'] ?? own.sourceRoots));
      const fromPyproject = usableExcludeGlobs(listOf(own.exclude), 'pyproject.toml [tool.coherence]', exclude.length);
      notes.push(...fromPyproject.notes);
      exclude.push(...fromPyproject.globs);
      for (const [id, value] of Object.entries(table(own.rules) ?? {})) {
        if (typeof value === 'string' && SEVERITIES.has(value)) rules[id] = value as SeveritySetting;
        else notes.push(`pyproject.toml: [tool.coherence.rules] ${id} = ${JSON.stringify(value)} is not one of error, warning, information, hint, off`);
      }
      sourceRoots.push(...declaredPyprojectRoots(tool));
    } catch (e) {
      notes.push(`pyproject.toml could not be read as TOML: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  const setupCfg = readText('setup.cfg');
  if (setupCfg !== undefined) {
    try {
      const doc = ini.parse(setupCfg) as Table;
      const options = table(doc.options) ?? {};
      // `package_dir =\n    = src`: ini reads the continuation line as a key '' (the root package folder).
      const packageDir = typeof options.package_dir === 'string' ? options.package_dir : '';
      const inline = /^\s*=\s*(\S+)/.exec(packageDir);
      if (inline) sourceRoots.push(inline[1]);
      else if (typeof options[''] === 'string') sourceRoots.push(options[''] as string);
      // ini nests dotted section names: [options.packages.find] is options.packages.find.
      const where = table(table(options.packages)?.find)?.where;
      if (typeof where === 'string') sourceRoots.push(where.trim());
    } catch (e) {
      notes.push(`setup.cfg could not be read: ${(e as Error).message}`);
    }
  }

  // Editor settings win over [tool.coherence.rules]; they arrive unchecked from the editor.
  for (const [id, value] of Object.entries(table(settings.rules) ?? {})) {
    if (typeof value === 'string' && SEVERITIES.has(value)) rules[id] = value as SeveritySetting;
    else notes.push(`rules setting: ${id} = ${JSON.stringify(value)} is not one of error, warning, information, hint, off`);
  }
  return { sourceRoots: [...new Set(sourceRoots.map(cleanRelative).filter((r) => r !== null))] as string[], exclude, rules, notes };
}

/** Roots declared for setuptools, Poetry, Hatch, PDM and pytest. */
function declaredPyprojectRoots(tool: Table): string[] {
  const out: string[] = [];
  const setuptools = table(tool.setuptools) ?? {};
  out.push(...strings(table(table(setuptools.packages)?.find)?.where));
  const packageDir = table(setuptools['package-dir']);
  if (packageDir && typeof packageDir[''] === 'string') out.push(packageDir[''] as string);
  for (const p of Array.isArray(table(tool.poetry)?.packages) ? (table(tool.poetry)!.packages as unknown[]) : []) {
    const from = table(p)?.from;
    if (typeof from === 'string') out.push(from);
  }
  const hatchPackages = strings(table(table(table(table(tool.hatch)?.build)?.targets)?.wheel)?.packages);
  for (const p of hatchPackages) if (p.includes('/')) out.push(p.slice(0, p.lastIndexOf('/')));
  const pdmDir = table(table(tool.pdm)?.build)?.['package-dir'];
  if (typeof pdmDir === 'string') out.push(pdmDir);
  out.push(...strings(table(table(tool.pytest)?.ini_options)?.pythonpath));
  return out;
}

function cleanRelative(p: string): string | null {
  let r = p.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (r === '.' || r === '') r = '';
  if (r.startsWith('/') || r.split('/').includes('..')) return null; // outside the workspace: not ours
  return r;
}
