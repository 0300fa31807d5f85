// Runs every rule family on one file and turns findings into Diagnostics: severity settings applied,
// `# coherence: ignore[...]` honoured, dependencies recorded for incremental re-checks.
import { relatedLocation, spanToRange, type Diagnostic, type SeveritySetting } from '../core/types';
import { moduleKeyOf } from '../index/moduleIndex';
import { DependencyTracker, type Project, type SourceFile } from '../index/project';
import { RULE_FAMILIES, RULES } from './registry';
import type { CheckContext, Finding, RuleFamily } from '../rulekit/rule';
import type { IgnoreComment } from '../syntax/summary';

export type RuleSeverities = Record<string, SeveritySetting>;

/** One item's findings and the dependency keys its check looked at. */
interface ItemResult {
  findings: Finding[];
  keys: ReadonlySet<string>;
}

/** The results of one list's items (see CheckContext.each), by position, with the items that read each key. */
interface ItemResults {
  items: (ItemResult | undefined)[];
  /** key → positions of the items that read it (an edit finds the items it touches without a scan). */
  byKey: Map<string, number[]>;
  /** Every key of the items. */
  keys: Set<string>;
  /** Positions of the items with findings, ascending: an edit visits these and the touched items, not the whole list. */
  reporting: number[];
}

/** One rule family's findings on a file and every dependency key it looked at (its items' included). */
interface FamilyResult {
  findings: Finding[];
  /** The keys it read itself, outside its item lists. */
  direct: ReadonlySet<string>;
  /** The item lists it went through: their keys are its keys too. */
  lists: ItemResults[];
  /** `direct` and the lists' keys. */
  keys: ReadonlySet<string>;
  /** The lists its run handed to `each`, in order, when an edit that touches only its items may replay them (replayLists). */
  replay: readonly ListRun[] | null;
}

/** One `each` call of a family run: what replayLists hands rederiveItems again. */
interface ListRun {
  results: ItemResults;
  list: readonly unknown[];
  check: (item: unknown, itemCtx: CheckContext) => void;
}

/** What a file's last check recorded, to re-derive only what an edit of other files touched. */
interface RecordedResults {
  /** By position in RULE_FAMILIES: a family none of whose keys changed is not run again. */
  families: (FamilyResult | undefined)[];
  /** key → positions of the families that read it (an edit finds the families it touches without a scan). */
  familiesByKey: Map<string, number[]>;
  /** By list kind (see CheckContext.each): within a family run again, items none of whose keys changed are not checked again. */
  items: Map<string, ItemResults>;
  /** The union of the families' keys as last recorded (the same Set while no family's keys change). */
  keys: ReadonlySet<string>;
}

/**
 * Per file version (a new SourceFile misses), the results of its last check. Recorded only when the file is
 * re-checked for other files' changes: recording checks each family and item with an empty name memo (so that
 * its keys are complete), which a cold check of every file need not pay.
 */
const recorded = new WeakMap<SourceFile, RecordedResults>();

/** Rule family runs and item checks since the process started (tests count them: what an edit re-derives). */
export const checkWork = { familyRuns: 0, familyReplays: 0, itemChecks: 0 };

/** Whether the current version of `path` has its per-item results recorded (its next re-check for other files' changes is fast). */
export function hasItemResults(project: Project, path: string): boolean {
  const file = project.source(path);
  return !!file && recorded.has(file);
}

/**
 * Checks one file. `changedKeys`: the dependency keys whose answers changed since its last check, when
 * the file itself did not change (omitted: everything may have changed).
 */
export function checkFile(project: Project, path: string, severities: RuleSeverities, changedKeys?: ReadonlySet<string>): Diagnostic[] {
  const file = project.source(path);
  if (!file) return [];
  if (!changedKeys) return checkWhole(project, file, severities);
  let cache = recorded.get(file);
  if (!cache) recorded.set(file, (cache = { families: [], familiesByKey: new Map(), items: new Map(), keys: new Set() }));
  // The changed keys this file read (its families' keys hold every key their items read): its lists look these up
  // alone, usually a key or two instead of every changed key.
  const changedRead = keysIn(cache.familiesByKey, changedKeys);
  const touchedFamilies = positionsReading(cache.familiesByKey, changedRead);
  const findings: Finding[] = [];
  /** Families whose keys changed: their keys before (undefined: no record) and now. */
  let keysChanged: { index: number; before: ReadonlySet<string> | undefined; after: ReadonlySet<string> }[] | null = null;
  /** The keys failed families read before they failed (their dependents are still re-checked on their change). */
  let failedKeys: Set<string> | null = null;
  // A plain loop, the re-run in a function of its own: a family kept as it was allocates nothing (500 dependents × 25 families per edit).
  for (let index = 0; index < RULE_FAMILIES.length; index++) {
    const last = cache.families[index];
    if (last && !touchedFamilies.has(index)) {
      for (const f of last.findings) findings.push(f);
      continue;
    }
    const before = last?.keys;
    const rerun = rederiveFamily(project, file, cache, index, changedRead);
    for (const f of rerun.findings) findings.push(f);
    if (rerun.failedKeys) {
      failedKeys ??= new Set();
      for (const k of rerun.failedKeys) failedKeys.add(k);
    } else if (rerun.keysChanged) (keysChanged ??= []).push({ index, before, after: cache.families[index]!.keys });
  }
  if (failedKeys) {
    recorded.delete(file); // half-recorded results must not be reused
    const keys = failedKeys;
    for (const f of cache.families) for (const k of f?.keys ?? []) keys.add(k);
    project.recordDependencies(path, { keys });
  } else {
    if (keysChanged) {
      // Only the keys that came or went move in the index (an edit's dependents each change a key or two: 500 of
      // them re-indexing every key cost ~15 ms an edit), and the union is a new Set (DependencyRecords keeps the one
      // it was handed).
      for (const { index, before, after } of keysChanged) {
        for (const k of before ?? []) if (!after.has(k)) dropPosition(cache.familiesByKey, k, index, null);
        for (const k of after) if (!before?.has(k)) addPosition(cache.familiesByKey, k, index, null);
      }
      cache.keys = new Set(cache.familiesByKey.keys());
    }
    project.recordDependencies(path, cache);
  }
  return toDiagnostics(path, findings, file.summary.ignores, severities);
}

/**
 * Runs family `index` again on a file whose recorded results it updates: within its item lists, only the items
 * that read a changed key are checked again. `failedKeys`: set when the family failed (its record is dropped).
 */
function rederiveFamily(
  project: Project,
  file: SourceFile,
  cache: RecordedResults,
  index: number,
  changedKeys: readonly string[],
): { findings: Finding[]; keysChanged: boolean; failedKeys: Set<string> | null } {
  const last = cache.families[index];
  if (last?.replay) return replayLists(project, file, cache, index, last, changedKeys);
  const family = RULE_FAMILIES[index];
  const tracker = new DependencyTracker();
  const own: Finding[] = [];
  const lists: ItemResults[] = [];
  const runs: ListRun[] = [];
  let listKeysChanged = false;
  let ownReports = 0;
  const report = (f: Finding) => {
    ownReports++;
    own.push(f);
    trackRelated(tracker, f, file.path);
  };
  const each = <T>(kind: string, list: readonly T[], check: (item: T, itemCtx: CheckContext) => void): void => {
    let results = cache.items.get(kind);
    if (!results) cache.items.set(kind, (results = { items: [], byKey: new Map(), keys: new Set(), reporting: [] }));
    lists.push(results);
    runs.push({ results, list, check: check as ListRun['check'] });
    if (rederiveItems(ctx, results, list, check, changedKeys, own)) listKeysChanged = true;
  };
  const ctx: CheckContext = { file, project, tracker, report, each };
  project.symbols.beginFile(file); // as for items: the family's keys must not rely on another family's memo
  checkWork.familyRuns++;
  if (!runFamily(family, ctx)) {
    const failedKeys = new Set(tracker.keys);
    for (const l of lists) for (const k of l.keys) failedKeys.add(k);
    cache.families[index] = undefined;
    return { findings: own, keysChanged: false, failedKeys };
  }
  // The family's own keys, like an item's, only grow while the file is the same version (see rederiveItems): a
  // family whose direct reads differ between an edit and its undo keeps one set instead of re-merging every edit.
  const direct = last ? unionOf(last.direct, tracker.keys) : tracker.keys;
  // Unchanged lists and direct keys: the family's keys are the same Set as before (nothing to merge or re-index).
  const same = !!last && !listKeysChanged && sameLists(last.lists, lists) && last.direct === direct;
  let keys = last?.keys;
  let keysChanged = false;
  if (!same) {
    const union = new Set(direct);
    for (const l of lists) for (const k of l.keys) union.add(k);
    if (!last || !sameKeySet(last.keys, union)) {
      keys = union;
      keysChanged = true;
    }
  }
  // A run that read nothing and found nothing itself handed its items the file's lists alone: while the file is this
  // version, an edit touches only its items, which replayLists checks again without running the family.
  const replay = family.itemsStandAlone && direct.size === 0 && ownReports === 0 ? runs : null;
  cache.families[index] = { findings: own, direct, lists, keys: keys!, replay };
  return { findings: own, keysChanged, failedKeys: null };
}

/**
 * rederiveFamily for a family whose last run on this file version can be replayed (FamilyResult.replay): its lists,
 * as that run handed them to `each`, re-derived item by item, without running the family again (its walk, tracker
 * and context: an edit's 500 dependents each re-derive an import or two).
 */
function replayLists(
  project: Project,
  file: SourceFile,
  cache: RecordedResults,
  index: number,
  last: FamilyResult,
  changedKeys: readonly string[],
): { findings: Finding[]; keysChanged: boolean; failedKeys: Set<string> | null } {
  const own: Finding[] = [];
  const ctx: CheckContext = { file, project, tracker: new DependencyTracker(), report: (f) => own.push(f), each: noNestedLists };
  let listKeysChanged = false;
  checkWork.familyReplays++;
  try {
    for (const run of last.replay!) if (rederiveItems(ctx, run.results, run.list, run.check, changedKeys, own)) listKeysChanged = true;
  } catch (e) {
    familyFailed(RULE_FAMILIES[index], file, e);
    const failedKeys = new Set<string>();
    for (const l of last.lists) for (const k of l.keys) failedKeys.add(k);
    cache.families[index] = undefined;
    return { findings: own, keysChanged: false, failedKeys };
  }
  let keys = last.keys;
  let keysChanged = false;
  if (listKeysChanged) {
    const union = new Set<string>();
    for (const l of last.lists) for (const k of l.keys) union.add(k);
    if (!sameKeySet(last.keys, union)) {
      keys = union;
      keysChanged = true;
    }
  }
  cache.families[index] = { findings: own, direct: last.direct, lists: last.lists, keys, replay: last.replay };
  return { findings: own, keysChanged, failedKeys: null };
}

/** An item's context's `each`: items have no lists of their own. */
function noNestedLists(): never {
  throw new Error('each() called from an item check');
}

/**
 * One item list of a family run again: items that read a changed key (or have no record) are checked again, the
 * others keep their findings. Appends the findings in item order to `out`; returns whether the list's keys changed.
 */
function rederiveItems<T>(
  ctx: CheckContext,
  results: ItemResults,
  list: readonly T[],
  check: (item: T, itemCtx: CheckContext) => void,
  changedKeys: readonly string[],
  out: Finding[],
): boolean {
  const touched = positionsReading(results.byKey, changedKeys);
  // Every item recorded (the file is the same version, so is the list): only the touched items and those with
  // findings are visited, in order (an edit's 500 dependents each have lists of dozens of items and touch one or two).
  if (results.items.length === list.length) return rederiveTouched(ctx, results, list, check, touched, out);
  /** Items whose keys changed: position, keys before (undefined: no record), keys now. */
  let moved: [number, ReadonlySet<string> | undefined, ReadonlySet<string>][] | null = null;
  for (let i = 0; i < list.length; i++) {
    const lastItem = results.items[i];
    if (lastItem && !touched.has(i)) {
      for (const f of lastItem.findings) out.push(f);
      continue;
    }
    const item = recheckItem(ctx, list[i], check, lastItem);
    for (const f of item.findings) out.push(f);
    if (!lastItem || lastItem.keys !== item.keys) (moved ??= []).push([i, lastItem?.keys, item.keys]);
    results.items[i] = item;
  }
  results.reporting = [];
  for (let i = 0; i < list.length; i++) if (results.items[i]!.findings.length > 0) results.reporting.push(i);
  if (results.items.length > list.length) {
    results.items.length = list.length;
    indexKeys(results.items, results.byKey, results.keys);
    return true;
  }
  return moveKeys(results, moved);
}

/** rederiveItems on a list whose every item is recorded: visits the touched items and those with findings alone. */
function rederiveTouched<T>(
  ctx: CheckContext,
  results: ItemResults,
  list: readonly T[],
  check: (item: T, itemCtx: CheckContext) => void,
  touched: ReadonlySet<number>,
  out: Finding[],
): boolean {
  const { items, reporting } = results;
  if (touched.size === 0) {
    for (let j = 0; j < reporting.length; j++) for (const f of items[reporting[j]]!.findings) out.push(f);
    return false;
  }
  const rechecked = [...touched].sort((a, b) => a - b);
  let moved: [number, ReadonlySet<string> | undefined, ReadonlySet<string>][] | null = null;
  let reportingChanged = false;
  // Both ascending: merged, each position once.
  for (let r = 0, j = 0; r < rechecked.length || j < reporting.length; ) {
    const i = j >= reporting.length || (r < rechecked.length && rechecked[r] <= reporting[j]) ? rechecked[r] : reporting[j];
    if (r < rechecked.length && rechecked[r] === i) r++;
    if (j < reporting.length && reporting[j] === i) j++;
    const lastItem = items[i]!;
    if (!touched.has(i)) {
      for (const f of lastItem.findings) out.push(f);
      continue;
    }
    const item = recheckItem(ctx, list[i], check, lastItem);
    for (const f of item.findings) out.push(f);
    if (lastItem.keys !== item.keys) (moved ??= []).push([i, lastItem.keys, item.keys]);
    if (lastItem.findings.length > 0 !== item.findings.length > 0) reportingChanged = true;
    items[i] = item;
  }
  if (reportingChanged) {
    const next = reporting.filter((i) => !touched.has(i));
    for (const i of rechecked) if (items[i]!.findings.length > 0) next.push(i);
    results.reporting = next.sort((a, b) => a - b);
  }
  return moveKeys(results, moved);
}

/**
 * Checks an item again. Its keys only grow while the file is the same version (a superset only re-derives it more
 * often): an item whose finding comes and goes (an import of a name renamed and restored, whose finding reads the
 * module whole) keeps one key set instead of re-indexing its file's keys on every edit (the same Set as before when
 * nothing new was read: the list's keys then need no merging).
 */
function recheckItem<T>(ctx: CheckContext, item: T, check: (item: T, itemCtx: CheckContext) => void, lastItem: ItemResult | undefined): ItemResult {
  const result = checkItem(ctx, item, check);
  return lastItem ? { findings: result.findings, keys: unionOf(lastItem.keys, result.keys) } : result;
}

/** Only the keys that came or went move in the list's index (see checkFile); returns whether any did. */
function moveKeys(results: ItemResults, moved: [number, ReadonlySet<string> | undefined, ReadonlySet<string>][] | null): boolean {
  if (!moved) return false;
  for (const [i, before, after] of moved) {
    for (const k of before ?? []) if (!after.has(k)) dropPosition(results.byKey, k, i, results.keys);
    for (const k of after) if (!before?.has(k)) addPosition(results.byKey, k, i, results.keys);
  }
  return true;
}

/** Checks one item with its own tracker and an empty name memo, so that every key it depends on reaches its tracker. */
function checkItem<T>(ctx: CheckContext, item: T, check: (item: T, itemCtx: CheckContext) => void): ItemResult {
  checkWork.itemChecks++;
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  ctx.project.symbols.beginFile(ctx.file);
  check(item, {
    ...ctx,
    tracker,
    report: (f) => {
      findings.push(f);
      trackRelated(tracker, f, ctx.file.path);
    },
  });
  return { findings, keys: tracker.keys };
}

/**
 * A finding's places in other files move with those files: its check depends on their modules too, so that an
 * edit there that changes what they show re-derives it even where nothing else it read changed.
 */
function trackRelated(tracker: DependencyTracker, f: Finding, own: string): void {
  for (const r of f.related ?? []) {
    const key = r.file === own ? null : moduleKeyOf(r.file);
    if (key !== null) tracker.add(key);
  }
}

/** Every rule family on a file with one tracker and one name memo (a cold check: nothing is recorded per family). */
function checkWhole(project: Project, file: SourceFile, severities: RuleSeverities): Diagnostic[] {
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  const report = (f: Finding) => {
    findings.push(f);
    trackRelated(tracker, f, file.path);
  };
  const each = <T>(_kind: string, list: readonly T[], check: (item: T, itemCtx: CheckContext) => void): void => {
    for (const item of list) check(item, ctx);
  };
  const ctx: CheckContext = { file, project, tracker, report, each };
  project.symbols.beginFile(file);
  for (const family of RULE_FAMILIES) {
    checkWork.familyRuns++;
    runFamily(family, ctx);
  }
  project.recordDependencies(file.path, tracker);
  return toDiagnostics(file.path, findings, file.summary.ignores, severities);
}

/** Runs one family; false when it failed (one rule's bug must not take down the others, nor the server: it says nothing). */
function runFamily(family: RuleFamily, ctx: CheckContext): boolean {
  try {
    family.check(ctx);
    return true;
  } catch (e) {
    familyFailed(family, ctx.file, e);
    return false;
  }
}

function familyFailed(family: RuleFamily, file: SourceFile, e: unknown): void {
  console.error(`coherence: rule family ${family.rules.map((r) => r.id).join('/')} failed on ${file.path}: ${(e as Error).stack ?? e}`);
}

const NO_POSITIONS: ReadonlySet<number> = new Set();

/** Positions (of items or families) whose keys include one of `keys`, through their index by key. */
function positionsReading(byKey: ReadonlyMap<string, number[]>, keys: readonly string[]): ReadonlySet<number> {
  let touched: Set<number> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const positions = byKey.get(keys[i]);
    if (positions !== undefined) for (let j = 0; j < positions.length; j++) (touched ??= new Set()).add(positions[j]);
  }
  return touched ?? NO_POSITIONS;
}

const NO_KEYS: readonly string[] = [];

/** The keys of `changed` that `byKey` indexes (looked up from the smaller side). */
function keysIn(byKey: ReadonlyMap<string, unknown>, changed: ReadonlySet<string>): readonly string[] {
  let found: string[] | undefined;
  if (changed.size <= byKey.size) {
    for (const k of changed) if (byKey.has(k)) (found ??= []).push(k);
  } else {
    for (const k of byKey.keys()) if (changed.has(k)) (found ??= []).push(k);
  }
  return found ?? NO_KEYS;
}

/** `a` itself when it holds every key of `b`, else a new Set of both. */
function unionOf(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  for (const k of b) if (!a.has(k)) return new Set([...a, ...b]);
  return a;
}

/** A position no longer reads `key` (nor, when none reads it, does the `union` of their keys hold it). */
function dropPosition(byKey: Map<string, number[]>, key: string, position: number, union: Set<string> | null): void {
  const positions = byKey.get(key);
  const at = positions ? positions.indexOf(position) : -1;
  if (at < 0) return;
  positions!.splice(at, 1);
  if (positions!.length > 0) return;
  byKey.delete(key);
  union?.delete(key);
}

function addPosition(byKey: Map<string, number[]>, key: string, position: number, union: Set<string> | null): void {
  const positions = byKey.get(key);
  union?.add(key);
  if (!positions) byKey.set(key, [position]);
  else if (!positions.includes(position)) positions.push(position);
}

/** Indexes the keys of each position (`byKey`) and gathers them all (`union`), both emptied first. */
function indexKeys(keysByPosition: readonly (ItemResult | ReadonlySet<string> | undefined)[], byKey: Map<string, number[]>, union: Set<string>): void {
  byKey.clear();
  union.clear();
  keysByPosition.forEach((entry, i) => {
    const keys = entry instanceof Set ? entry : (entry as ItemResult | undefined)?.keys;
    for (const k of keys ?? []) {
      union.add(k);
      const positions = byKey.get(k);
      if (positions) positions.push(i);
      else byKey.set(k, [i]);
    }
  });
}

function sameLists(a: readonly ItemResults[], b: readonly ItemResults[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

function sameKeySet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}


/** Checks a project file that is not Python (manifest, Dockerfile, Procfile, compose file, shell script). */
export function checkProjectFile(project: Project, path: string, severities: RuleSeverities): Diagnostic[] {
  const summary = project.projectFile(path);
  if (!summary || project.source(path)) return [];
  const tracker = new DependencyTracker();
  const findings: Finding[] = [];
  for (const family of RULE_FAMILIES) {
    if (!family.checkProjectFile) continue;
    try {
      family.checkProjectFile({ path, summary, project, tracker, report: (f) => findings.push(f) });
    } catch (e) {
      console.error(`coherence: rule family ${family.rules.map((r) => r.id).join('/')} failed on ${path}: ${(e as Error).stack ?? e}`);
    }
  }
  project.recordDependencies(path, tracker);
  return toDiagnostics(path, findings, summary.ignores, severities);
}

/** Findings to Diagnostics: severity settings applied, `# coherence: ignore[...]` honoured. */
function toDiagnostics(path: string, findings: Finding[], ignoreComments: readonly IgnoreComment[], severities: RuleSeverities): Diagnostic[] {
  const ignores = new Map<number, string[] | null>();
  for (const ig of ignoreComments) {
    const prev = ignores.get(ig.line);
    ignores.set(ig.line, prev === null || ig.rules === null ? null : [...(prev ?? []), ...ig.rules]);
  }
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const meta = RULES.get(f.rule);
    const setting = severities[f.rule] ?? f.severity ?? meta?.defaultSeverity ?? 'error';
    if (setting === 'off') continue;
    if (ignores.has(f.span[0])) {
      const rules = ignores.get(f.span[0]);
      if (rules === null || rules!.includes(f.rule)) continue;
    }
    out.push({
      file: path,
      range: spanToRange(f.span),
      severity: setting,
      code: f.rule,
      message: f.message,
      ...(f.detail ? { detail: f.detail } : {}),
      ...(f.related?.length ? { related: f.related.map(relatedLocation) } : {}),
      fixes: f.fixes ?? [],
    });
  }
  return out;
}
