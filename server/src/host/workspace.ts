// One checked folder: discovery, configuration, summaries (cached by content hash), the project index
// and the current diagnostics. The CLI and the language server both drive this; neither re-implements it.
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { checkFile, checkProjectFile, hasItemResults } from '../checks/runChecks';
import type { ProjectFileSummary } from '../index/projectFileSummary';
import { summarizeProjectFile, unreadProjectFileSummary } from './projectFiles';
import type { Diagnostic } from '../core/types';
import { FRAMEWORK_ADAPTERS, MARKER_FILES, PROJECT_FILE_KINDS, projectFileKind } from '../frameworks/adapters';
import { DependencyTracker, Project } from '../index/project';
import { OPAQUE_MODULE_FILE } from '../index/moduleIndex';
import type { FileSummary } from '../syntax/summary';
import { DEFAULT_SETTINGS, loadProjectConfig, type CoherenceSettings, type ProjectConfig } from '../workspace/config';
import { emptySummary } from '../syntax/summarize';
import { DEFAULT_EXCLUDES, discoverFiles, hiddenFromListing, isMarkerFile, MAX_FILE_BYTES, type Discovery } from '../workspace/discovery';
import { LINT_CONFIG_FILE } from '../workspace/lintExcludes';
import { LintScope } from './lintScope';
import { readProjectFile, saysMissing } from '../workspace/safeRead';
import { SharedByKey } from './sharedByKey';
import { DiagnosticsByFile } from './diagnosticsByFile';
import { fingerprintInputs, heldKey, listInputs, UNREAD_KEY, type FileStats, type LastRun, type Listing } from './lastRun';
import { changesSince, projectWideKey, type FindingsStore, type StoredFile } from './findingsStore';
import type { CachedSummaries, SummaryCache } from './summaryCache';
import { hashText } from './summarizeJob';
import { SummarizerPool } from './summarizerPool';
import { ChangeBatch } from './changeBatch';

export interface WorkspaceOptions {
  /** Absolute path of the folder. */
  root: string;
  settings?: CoherenceSettings;
  log?: (message: string) => void;
  pool?: SummarizerPool;
  /** More Python files than this and the folder is not indexed at all (a partial index would report false findings). */
  maxSourceFiles?: number;
  /** Summaries of earlier runs: indexing starts from them, and writes back those in use (issue #17). */
  cache?: SummaryCache | null;
  /** The folder as already listed and read (warmStart): indexing takes it instead of listing and reading again. */
  listing?: Listing;
  /** Write the summaries back only when saveCacheIfPending is called (the language server: after its first diagnostics). */
  saveCacheLater?: boolean;
}

/** The last run kept in the cache, and the folder as listed now (null: not listable), which it was computed from if `unchanged`. */
export interface StartListing {
  run: LastRun;
  listing: Listing | null;
  unchanged: boolean;
  /** What the findings depend on beyond the files checked one by one, as listed now (see findingsStore.ts). */
  projectWide: string;
}

/** How a warm start went: the last run's findings (nothing changed), or a workspace to check or already checked. */
export type WarmStart =
  | {
      lastRun: LastRun;
      /** The files' stats as listed now, when some file was read to find its key (see FileStats): for the next run. */
      newStats: FileStats | null;
    }
  | {
      ws: Workspace;
      /** Files re-checked and files whose findings came from the last run; null when nothing is checked yet. */
      resumed: { rechecked: number; reused: number } | null;
    };

/**
 * A folder with more Python files than this is not indexed (a filesystem root or a home folder opened by
 * mistake would otherwise be read whole): ten times the largest real projects measured, five times the bench's.
 */
export const DEFAULT_MAX_SOURCE_FILES = 50_000;

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export interface FileChange {
  /** Workspace-relative POSIX path. */
  path: string;
  kind: FileChangeKind;
}

export interface LoadProgress {
  (phase: 'discover' | 'summarize' | 'check', done: number, total: number): void;
}

const CONFIG_FILES = new Set(['pyproject.toml', 'setup.cfg']);
const NOTHING_CHANGED: ReadonlySet<string> = new Set();

export class Workspace {
  readonly root: string;
  private settings: CoherenceSettings;

  /** The settings the workspace was indexed with. */
  get currentSettings(): CoherenceSettings {
    return this.settings;
  }
  config: ProjectConfig;
  project: Project;
  private readonly log: (message: string) => void;
  private readonly pool: SummarizerPool;
  private readonly ownsPool: boolean;
  /** Python files: path → content hash → summary; identical files share one, old versions are released at once. */
  private readonly sources = new SharedByKey<FileSummary>();
  /** Open documents: their editor text overrides the disk. */
  private readonly overlays = new Map<string, string>();
  /** Files shown as absent whatever the disk says (a past version of the project: see showVersions). */
  private readonly absent = new Set<string>();
  private readonly diagnostics = new DiagnosticsByFile();
  /** Project files that are not (only) Python: path → `kind:hash` → summary. */
  private readonly projectFiles = new SharedByKey<ProjectFileSummary>();
  /** While re-indexing: the summaries held before, by key, so unchanged files are not summarized again. */
  private previous: { sources: Map<string, FileSummary>; projectFiles: Map<string, ProjectFileSummary> } | null = null;
  private readonly maxSourceFiles: number;
  /** Summaries made (not taken from a cache) since the workspace was created. */
  private summarizedFresh = 0;
  /** Why the folder was not indexed at all (too many files), shown to the user by the host. */
  notIndexedBecause: string | null = null;
  private opaque = new Set<string>();
  private unlisted: string[] = [];
  /** What listing the folder said (part of what the findings depend on: see projectWideKey). */
  private discoveryNotes: string[] = [];
  private markers = new Set<string>();
  private venvs: string[] = [];
  private isExcluded: (p: string) => boolean = () => false;
  /** The project's linter/type-checker configs, and the files their exclude lists cover (indexed, not reported). */
  private readonly lint = new LintScope();
  /** What was already listed and read, for the first indexing only (see WorkspaceOptions.listing). */
  private listing: Listing | null;
  /** The stats of the files as the listing it was indexed from found them (kept with the run's findings). */
  readonly listedStats: FileStats | null;
  /** Write the summaries only when asked (saveCacheIfPending), and the cache indexFirst left to write. */
  private readonly saveCacheLater: boolean;
  private pendingCacheSave: SummaryCache | null = null;
  readonly notes: string[] = [];

  private constructor(options: WorkspaceOptions) {
    this.root = options.root;
    this.settings = options.settings ?? DEFAULT_SETTINGS;
    this.log = options.log ?? (() => {});
    this.ownsPool = !options.pool;
    this.maxSourceFiles = options.maxSourceFiles ?? DEFAULT_MAX_SOURCE_FILES;
    this.pool = options.pool ?? new SummarizerPool();
    this.listing = options.listing ?? null;
    this.listedStats = options.listing?.stats ?? null;
    this.saveCacheLater = options.saveCacheLater ?? false;
    this.config = this.readConfig();
    this.project = new Project({ sourceRoots: this.config.sourceRoots, adapters: FRAMEWORK_ADAPTERS });
  }

  static async load(options: WorkspaceOptions, progress?: LoadProgress): Promise<Workspace> {
    const ws = new Workspace(options);
    await ws.indexFirst(options.cache ?? null, progress);
    return ws;
  }

  /**
   * The first indexing: from the listing handed over when there is one (dropped after: the disk moves on), and
   * from the cache's summaries (`cached`: already loaded), so that only files not in it are summarized.
   */
  private async indexFirst(cache: SummaryCache | null, progress?: LoadProgress, cached = cache?.load()): Promise<void> {
    // The cache serves as the summaries held before, as when re-indexing.
    this.previous = cached ?? null;
    // The summaries made now are saved just after: they keep the JSON the workers sent, to be written from.
    this.pool.keepJsonForCache = cache !== null;
    try {
      await this.index(progress);
    } finally {
      this.pool.keepJsonForCache = false;
      this.previous = null;
      this.listing = null;
    }
    if (!cache || !cached) return;
    // Written when something was summarized, or when entries of files gone would otherwise stay.
    const unchanged = this.summarizedFresh === 0 && cached.sources.size === this.sources.valueCount && cached.projectFiles.size === this.projectFiles.valueCount;
    if (unchanged) return;
    this.saveCacheNowOrLater(cache);
  }

  private saveCacheNowOrLater(cache: SummaryCache): void {
    if (this.saveCacheLater) this.pendingCacheSave = cache;
    else this.saveCache(cache);
  }

  /** Writes the summaries indexFirst left to write, if any (those held now: keyed by content, an edited buffer's does no harm). */
  saveCacheIfPending(): void {
    const cache = this.pendingCacheSave;
    this.pendingCacheSave = null;
    if (cache) this.saveCache(cache);
  }

  /**
   * The files an edit of `rel`'s surface would re-check whose per-item results are not recorded yet: the
   * first such re-check records them, which costs about ten times a later one (0.4 s for 500 files).
   */
  unpreparedDependents(rel: string): string[] {
    return this.project.filesLookingAt(rel).filter((f) => f !== rel && this.sources.has(f) && !this.unreported(f) && !hasItemResults(this.project, f));
  }

  /**
   * Records the per-item results of `files` (checking them as a re-check for other files' changes does, with
   * nothing changed), so that the next edit they depend on re-derives only what it touched. Returns their
   * diagnostics, which are those of their last check. `budgetMs`: stops after the file that spends it (the rest
   * stay unprepared), so that an edit arriving meanwhile waits that long at most, whatever the files' sizes.
   */
  prepareForEdits(files: string[], budgetMs = Infinity): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    const started = performance.now();
    for (const f of files) {
      if (!this.sources.has(f) || this.unreported(f)) continue;
      const d = this.checkAny(f, NOTHING_CHANGED);
      this.diagnostics.set(f, d);
      out.set(f, d);
      if (performance.now() - started >= budgetMs) break;
    }
    return out;
  }

  /**
   * The last run kept in the cache and the folder as listed and hashed now (nothing parsed nor indexed): what the
   * language server publishes before it indexes when nothing changed (`unchanged`), and starts from after
   * (startWorking, which then lists nothing again). Null when there is no last run.
   */
  static async listForStart(options: WorkspaceOptions & { cache: SummaryCache }): Promise<StartListing | null> {
    const run = options.cache.loadLastRun();
    if (!run) return null;
    // Its pool never starts a worker: nothing is summarized here.
    const quiet = new Workspace({ ...options, log: () => {} });
    // Its stats spare reading the files unchanged since (a cold run's has none: every file is read).
    const listing = await listInputs(quiet.root, quiet.config.exclude, quiet.configIdentity(), quiet.maxSourceFiles, run.stats);
    return { run, listing, unchanged: listing?.fingerprint === run.fingerprint, projectWide: listing ? quiet.projectWideKey(listing.found, listing.lintConfigs) : '' };
  }

  /**
   * A CLI run that starts from the cache (issue #17). The folder is listed, read and hashed once. When nothing
   * the last run's findings were computed from has changed, they are returned and nothing is parsed nor indexed.
   * Otherwise, when the last run's per-file findings and all the summaries they were computed from are kept, the
   * project is indexed as it was then, the last run's findings and dependency records are restored, and the
   * changes since are applied as the editor applies edits: only the changed files and those whose checks read
   * something the changes altered are checked again. Otherwise the workspace is indexed from what was read, for
   * the caller to check in full. `keepWorking`: the workspace goes on (startWorking); `listed`: listForStart's
   * answer, when the caller listed already.
   */
  static async warmStart(options: WorkspaceOptions & { cache: SummaryCache }, { keepWorking = false, progress, listed }: { keepWorking?: boolean; progress?: LoadProgress; listed?: StartListing | null } = {}): Promise<WarmStart> {
    const start = listed === undefined ? await Workspace.listForStart(options) : listed;
    if (!start) return { ws: await Workspace.load(options, progress), resumed: null };
    const { run, listing } = start;
    if (start.unchanged && listing && !keepWorking) return { lastRun: run, newStats: listing.keysFromStats === listing.stats.files.length ? null : listing.stats };
    if (!listing) return { ws: await Workspace.load(options, progress), resumed: null };
    const store = options.cache.loadFindings();
    const ws = new Workspace({ ...options, listing });
    const cached = options.cache.load();
    if (store && store.fingerprint === run.fingerprint && store.projectWide === start.projectWide) {
      const resumed = await ws.resume(store, listing, cached, !keepWorking);
      if (resumed) {
        ws.saveCacheNowOrLater(options.cache);
        return { ws, resumed };
      }
      options.log?.('the last run’s findings are not reused (a summary they were computed from is not cached): everything is checked');
    }
    await ws.indexFirst(options.cache, progress, cached);
    return { ws, resumed: null };
  }

  /**
   * The language server's start from the cache: warmStart for a workspace that goes on (edits follow), so the
   * last run's findings are restored rather than printed as they are. `resumed`: null when nothing is checked yet.
   */
  static async startWorking(options: WorkspaceOptions & { cache: SummaryCache }, progress?: LoadProgress, listed?: StartListing | null): Promise<{ ws: Workspace; resumed: { rechecked: number; reused: number } | null }> {
    const start = await Workspace.warmStart(options, { keepWorking: true, progress, listed });
    if ('lastRun' in start) throw new Error('a warm start that keeps working has a workspace');
    return start;
  }

  /** Everything other than the files checked one by one that findings depend on (see findingsStore.ts). */
  private projectWideKey(found: Pick<Discovery, 'opaque' | 'markers' | 'unlisted' | 'notes'>, lintConfigs: Iterable<[string, string]>): string {
    return projectWideKey({ config: this.configIdentity(), opaque: found.opaque, markers: found.markers, unlisted: found.unlisted, lintConfigs, discoveryNotes: found.notes });
  }

  /**
   * Indexes the project as the stored run saw it (summaries from the cache, nothing read), restores that run's
   * findings and dependency records, then applies the changes since as edits. Null, with nothing indexed, when
   * a summary the stored run used is not cached.
   */
  private async resume(store: FindingsStore, listing: Listing, cached: CachedSummaries, lastCheck: boolean): Promise<{ rechecked: number; reused: number } | null> {
    const stored = new Map(store.files);
    const changes = changesSince(stored, listing);
    const changed = new Set(changes.map((c) => c.path));
    const sources: [string, string, FileSummary][] = [];
    const projectFiles: [string, string, ProjectFileSummary][] = [];
    for (const [rel, file] of stored) {
      if (file.source !== undefined) {
        const summary = file.source.startsWith(UNREAD_KEY) ? emptySummary(file.source.slice(UNREAD_KEY.length)) : cached.sources.get(file.source);
        if (!summary) return null;
        sources.push([rel, file.source, summary]);
      }
      if (file.project !== undefined) {
        const summary = cached.projectFiles.get(file.project) ?? unreadProjectFileSummary(rel, file.project.slice(file.project.indexOf(':') + 1));
        if (!summary) return null;
        projectFiles.push([rel, file.project, summary]);
      }
    }
    const found = listing.found;
    for (const n of found.notes) this.note(n);
    this.indexListedExtras(found);
    for (const [rel, key, summary] of projectFiles) {
      this.projectFiles.set(rel, key, summary);
      this.project.setProjectFile(rel, summary);
    }
    for (const [rel, key, summary] of sources) {
      // A file still unread is said again; a changed one is noted, if need be, when its change is applied.
      if (key.startsWith(UNREAD_KEY) && !changed.has(rel)) this.note(`skipped ${rel}: ${key.slice(UNREAD_KEY.length)}`);
      this.sources.set(rel, key, this.sources.valueOf(key) ?? summary);
      this.project.setFile(rel, summary);
    }
    this.answerPendingChanges();
    for (const [rel, file] of stored) {
      this.diagnostics.set(rel, file.diagnostics);
      const tracker = new DependencyTracker();
      for (const key of file.dependencies) tracker.add(key);
      this.project.recordDependencies(rel, tracker);
    }
    this.listing = null;
    // `lastCheck`: nothing is checked again in this process (a CLI run), and recording per-item results would pay
    // for an edit that never comes; the language server goes on, and edits follow.
    const rechecked = changes.length ? (await this.applyChanges(changes, { lastCheck })).size : 0;
    this.summarizedFresh += changes.filter((c) => c.kind !== 'deleted').length;
    if (!changes.some((c) => CONFIG_FILES.has(c.path))) this.noteUnreportedFiles();
    return { rechecked, reused: this.diagnostics.size - rechecked };
  }

  /** Each checked file's findings and what they were computed from, for the next run (findingsStore.ts). */
  findingsToStore(fingerprint: string): FindingsStore {
    const files = new Map<string, StoredFile>();
    const entry = (rel: string): StoredFile => {
      let file = files.get(rel);
      if (!file) files.set(rel, (file = { diagnostics: this.diagnostics.get(rel) ?? [], dependencies: [...(this.project.dependenciesOf(rel) ?? [])] }));
      return file;
    };
    for (const rel of this.sources.paths()) entry(rel).source = this.sources.keyOf(rel);
    for (const rel of this.projectFiles.paths()) entry(rel).project = this.projectFiles.keyOf(rel);
    const listed = { opaque: [...this.opaque], markers: [...this.markers], unlisted: this.unlisted, notes: this.discoveryNotes };
    return { fingerprint, projectWide: this.projectWideKey(listed, this.lint.keys), files: [...files] };
  }

  /** What a run's findings depend on, as indexed (compared with listInputs's view of the disk). */
  inputsFingerprint(): string {
    const held = <V>(store: SharedByKey<V>) => [...store.paths()].map((p): [string, string] => [p, store.keyOf(p)!]);
    return fingerprintInputs({ config: this.configIdentity(), sources: held(this.sources), projectFiles: held(this.projectFiles), lintConfigs: this.lint.keys, opaque: this.opaque, markers: this.markers, unlisted: this.unlisted });
  }

  private configIdentity(): unknown {
    return { sourceRoots: this.config.sourceRoots, exclude: this.config.exclude, rules: this.config.rules, maxSourceFiles: this.maxSourceFiles };
  }

  /** Writes the summaries in use to the cache: content-keyed ones only (not "there but unread" placeholders). */
  private saveCache(cache: SummaryCache): void {
    const byContent = <V>(m: Map<string, V>) => new Map([...m].filter(([key]) => !key.includes(UNREAD_KEY)));
    cache.save({ sources: byContent(this.sources.byKey()), projectFiles: byContent(this.projectFiles.byKey()) });
  }

  private note(message: string): void {
    this.notes.push(message);
    this.log(message);
  }

  private readConfig(): ProjectConfig {
    const config = loadProjectConfig(this.settings, (rel) => this.readText(rel));
    for (const n of config.notes) this.note(n);
    const matchers = [...DEFAULT_EXCLUDES, ...config.exclude].map((g) => picomatch(g, { dot: true }));
    this.isExcluded = (p) => matchers.some((m) => m(p)) || this.venvs.some((v) => p.startsWith(v + '/'));
    return config;
  }

  private async index(progress?: LoadProgress): Promise<void> {
    progress?.('discover', 0, 0);
    const listed = this.listing?.found;
    if (listed) for (const n of listed.notes) this.note(n);
    const found = listed ? { ...listed } : await discoverFiles(this.root, this.config.exclude, MARKER_FILES, (n) => this.note(n), PROJECT_FILE_KINDS);
    if (this.absent.size || this.overlays.size) {
      // Shown contents decide what is there: a file shown absent is not, one shown but gone from disk is.
      const shownOnly = [...this.overlays.keys()].filter((rel) => this.covers(rel));
      const merge = (listed: string[], wanted: (rel: string) => boolean) => [...new Set([...listed, ...shownOnly.filter(wanted)])].filter((rel) => !this.absent.has(rel)).sort();
      found.sources = merge(found.sources, (rel) => /\.pyi?$/.test(rel));
      found.projectFiles = merge(found.projectFiles, (rel) => projectFileKind(rel) !== null);
    }
    this.notIndexedBecause = null;
    if (found.sources.length > this.maxSourceFiles) {
      this.notIndexedBecause = `${this.root} holds ${found.sources.length} Python files, more than the ${this.maxSourceFiles} one folder may have; it was not indexed (open the project's own folder instead)`;
      this.note(`not indexed: ${this.notIndexedBecause}`);
      return;
    }
    this.indexListedExtras(found);
    // With no summaries cached yet (a cold start) workers read the files themselves: no text crosses threads,
    // and reading, hashing and indexing on this thread overlap with parsing on the workers.
    const cold = !this.listing && !this.previous?.sources.size;
    if (cold) this.pool.prepare(found.sources.length);
    let done = 0;
    const pending: Promise<void>[] = [];
    const index = (rel: string, hash: string, summary: FileSummary) => {
      this.sources.set(rel, hash, summary);
      this.project.setFile(rel, summary);
      progress?.('summarize', ++done, found.sources.length);
    };
    // Cold, the workers get their files before the project files are read here (no answer is taken before the
    // first await below, so the index and the notes come in the same order as when the project files go first).
    const toWorkers = cold ? found.sources.filter((rel) => this.overlays.get(rel) === undefined) : [];
    for (const rel of toWorkers) {
      pending.push(
        this.pool.summarizeFile(path.join(this.root, rel), [this.root]).then((r) => {
          this.summarizedFresh++;
          if ('skipped' in r) this.indexUnreadable(rel, r.skipped);
          else index(rel, r.hash, r.summary);
        }),
      );
    }
    for (const rel of found.projectFiles) this.indexProjectFile(rel);
    progress?.('summarize', 0, found.sources.length);
    // Starting from a cache, the files it misses are parsed after all are hashed: workers start only if they are many.
    const misses: { rel: string; hash: string; text: string }[] = [];
    let read = 0;
    for (const rel of found.sources) {
      const overlay = this.overlays.get(rel);
      if (cold && overlay === undefined) continue; // handed to the workers above
      const absolute = path.join(this.root, rel);
      const r = overlay !== undefined ? { text: overlay } : (this.listing?.reads.get(rel) ?? readProjectFile([this.root], absolute));
      if ('skipped' in r) {
        this.indexUnreadable(rel, r.skipped);
        continue;
      }
      const hash = hashText(r.text);
      const cached = this.previous?.sources.get(hash) ?? this.sources.valueOf(hash);
      if (cached) index(rel, hash, cached);
      else misses.push({ rel, hash, text: r.text });
      // Keep answering (and let worker results arrive) while reading.
      if (++read % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (!cold) this.pool.prepare(misses.length);
    this.summarizedFresh += misses.length;
    for (const { rel, hash, text } of misses) pending.push(this.pool.summarize(text).then((s) => index(rel, hash, s)));
    await Promise.all(pending);
    // The workers stop while the files are checked, not after (a later large batch starts them again).
    this.pool.release();
    this.noteUnreportedFiles();
  }

  /** What listing found besides the files checked one by one: compiled modules, markers, linter configs, folders not listed. */
  private indexListedExtras(found: Discovery): void {
    this.discoveryNotes = found.notes;
    this.venvs = found.notes.filter((n) => n.startsWith('skipped virtual environment ')).map((n) => n.slice('skipped virtual environment '.length, -1));
    this.opaque = new Set(found.opaque);
    this.markers = new Set(found.markers);
    this.lint.configs = new Set(found.lintConfigs);
    this.readLintExclusions();
    for (const rel of this.opaque) this.project.setFile(rel, null);
    this.unlisted = found.unlisted;
    for (const dir of found.unlisted) this.project.modules.markUnlisted(dir);
    for (const m of this.markers) this.project.setMarker(m, true);
  }

  private noteUnreportedFiles(): void {
    for (const n of this.lint.notesOnUnreported(this.sources.paths(), (rel) => this.project.source(rel)?.summary)) this.note(n);
  }

  private readLintExclusions(): void {
    for (const n of this.lint.read((rel) => this.overlays.get(rel) ?? this.readOrWhyNot(rel, false))) this.note(n);
  }

  private unreported(rel: string): boolean {
    return this.lint.unreported(rel, this.project.source(rel)?.summary);
  }

  /**
   * A Python file that is there but was not read (refused, unreadable, too large, binary): importable,
   * with contents unknown, so nothing is reported as missing from it. A file gone since listing is absent.
   */
  private indexUnreadable(rel: string, reason: string): void {
    this.note(`skipped ${rel}: ${reason}`);
    if (saysMissing(reason)) return;
    const key = heldKey(undefined, { unread: reason });
    const summary = this.sources.valueOf(key) ?? emptySummary(reason);
    this.sources.set(rel, key, summary);
    this.project.setFile(rel, summary);
  }

  /** Reads and summarizes a project file (manifest, run file); returns whether it is present. */
  private indexProjectFile(rel: string, deleted = false): boolean {
    const kind = projectFileKind(rel);
    if (!kind) return false;
    // pyproject.toml and setup.cfg were just read (and any problem noted) as configuration.
    const read = deleted ? undefined : (this.overlays.get(rel) ?? this.readOrWhyNot(rel, !CONFIG_FILES.has(rel)));
    if (read === undefined) {
      this.projectFiles.delete(rel);
      this.project.setProjectFile(rel, null);
      return false;
    }
    const key = heldKey(kind, read);
    if (this.projectFiles.keyOf(rel) === key) return true;
    let summary = this.projectFiles.valueOf(key) ?? this.previous?.projectFiles.get(key);
    if (!summary) {
      this.summarizedFresh++;
      summary = typeof read === 'string' ? summarizeProjectFile(rel, kind, read) : unreadProjectFileSummary(rel, heldKey(undefined, read))!;
      if (summary.problem) this.note(`${rel}: ${summary.problem}`);
    }
    this.projectFiles.set(rel, key, summary);
    this.project.setProjectFile(rel, summary);
    return true;
  }

  /** Project files whose findings are their own (setup.py is checked as Python). */
  private checkedProjectFiles(): string[] {
    return [...this.projectFiles.paths()].filter((f) => !this.sources.has(f));
  }

  private checkAny(rel: string, changedKeys?: ReadonlySet<string>): Diagnostic[] {
    if (this.sources.has(rel) && this.unreported(rel)) return [];
    return this.sources.has(rel) ? checkFile(this.project, rel, this.config.rules, changedKeys) : checkProjectFile(this.project, rel, this.config.rules);
  }

  /** Checks every file; returns the diagnostics per file (files without any included). */
  checkAll(progress?: LoadProgress): Map<string, Diagnostic[]> {
    this.answerPendingChanges();
    this.diagnostics.clear();
    const files = [...this.sources.paths(), ...this.checkedProjectFiles()];
    files.forEach((f, i) => {
      this.diagnostics.set(f, this.checkAny(f));
      if (i % 500 === 0) progress?.('check', i, files.length);
    });
    return new Map(this.diagnostics);
  }

  /**
   * Checks every file in slices, `first` ones (open documents) before the rest, yielding to the event loop
   * between slices so that the server keeps answering; `onSlice` receives each slice's diagnostics.
   */
  async checkAllInSlices(first: string[], onSlice: (slice: Map<string, Diagnostic[]>) => void, sliceSize = 200): Promise<void> {
    this.answerPendingChanges();
    this.diagnostics.clear();
    const firstSet = new Set(first.filter((f) => this.sources.has(f)));
    const order = [...firstSet, ...[...this.sources.paths(), ...this.checkedProjectFiles()].filter((f) => !firstSet.has(f))];
    for (let i = 0; i < order.length; i += sliceSize) {
      const slice = new Map<string, Diagnostic[]>();
      for (const f of order.slice(i, i + sliceSize)) {
        const d = this.checkAny(f);
        this.diagnostics.set(f, d);
        slice.set(f, d);
      }
      onSlice(slice);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Whether any indexed file is inside the folder `rel` (a folder renamed or removed as a whole). */
  holdsFolder(rel: string): boolean {
    const prefix = rel.replace(/\/$/, '') + '/';
    for (const p of this.sources.paths()) if (p.startsWith(prefix)) return true;
    for (const p of this.projectFiles.paths()) if (p.startsWith(prefix)) return true;
    return false;
  }

  /** Every file's diagnostics as last checked. */
  currentDiagnostics(): Diagnostic[] {
    return [...this.diagnostics.values()].flat();
  }

  /** Every checked file's diagnostics as last checked, those of `first` first. */
  diagnosticsByFile(first: string[]): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const f of first) if (this.diagnostics.has(f)) out.set(f, this.diagnostics.get(f)!);
    for (const [f, list] of this.diagnostics) out.set(f, list);
    return out;
  }

  /**
   * A full check sees every change made while indexing (framework facts, the subclass index): drop their
   * records, or the first edit afterwards re-checks every file that depends on them (999 of 1,000 files).
   */
  private answerPendingChanges(): void {
    this.project.dependentsOf([], false);
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(file) ?? [];
  }

  /** Files summarized by this workspace rather than taken from a cache (what a warm start saves). */
  get freshSummaryCount(): number {
    return this.summarizedFresh;
  }

  get fileCount(): number {
    return this.sources.pathCount;
  }

  /** How many summaries are held: never more than the files present (old versions are released). */
  get heldSummaries(): { sources: number; projectFiles: number } {
    return { sources: this.sources.valueCount, projectFiles: this.projectFiles.valueCount };
  }

  /** Whether a workspace-relative path is something this workspace checks (as listing the folder would find it). */
  covers(rel: string): boolean {
    return (/\.pyi?$/.test(rel) || projectFileKind(rel) !== null) && !this.isExcluded(rel) && !hiddenFromListing(rel, PROJECT_FILE_KINDS.globs);
  }

  // ---- incremental ----------------------------------------------------------------------------------

  /** Sets (or with null, clears) the editor text of an open document. Returns the files re-checked. */
  async setOverlay(rel: string, text: string | null): Promise<Map<string, Diagnostic[]>> {
    return this.show(new Map([[rel, text ?? undefined]]));
  }

  /**
   * Shows other contents for some files, as the editor's overlays do: a text, null for a file that is not
   * there, undefined for the disk's own contents again (undoing an earlier call). Re-checks what they affect
   * and returns every file's diagnostics. The CLI checks the project as it was at a git commit this way,
   * without writing anything to the user's tree.
   */
  async showVersions(versions: ReadonlyMap<string, string | null | undefined>): Promise<Map<string, Diagnostic[]>> {
    await this.show(versions);
    return new Map(this.diagnostics);
  }

  /** Shows the given contents (see showVersions) and returns the files re-checked. */
  private show(versions: ReadonlyMap<string, string | null | undefined>): Promise<Map<string, Diagnostic[]>> {
    const changes: FileChange[] = [];
    for (const [rel, text] of versions) {
      this.absent.delete(rel);
      this.overlays.delete(rel);
      if (text === null) this.absent.add(rel);
      else if (text !== undefined) this.overlays.set(rel, text);
      const there = text !== null && (text !== undefined || fs.existsSync(path.join(this.root, rel)));
      changes.push({ path: rel, kind: there ? 'changed' : 'deleted' });
    }
    return this.applyChanges(changes);
  }

  /**
   * Applies created/changed/deleted files (from the editor or the file system), re-checks the changed
   * files and every file that depends on what they changed; returns the new diagnostics of re-checked files.
   * `lastCheck`: no other change will follow in this process (a CLI run resuming the last one), so dependents
   * are checked whole: re-deriving only the items a change touched first records every item's results, each
   * item checked with a name memo of its own, which pays only from the next edit on.
   */
  async applyChanges(changes: FileChange[], { lastCheck = false } = {}): Promise<Map<string, Diagnostic[]>> {
    const rootsBefore = this.project.sourceRoots.join('\n');
    const builtinsBefore = [...this.project.extraBuiltins()].join(',');
    const batch = new ChangeBatch();
    const { recheck, surfaceChanged } = batch;
    for (const change of changes) {
      const rel = change.path;
      if (CONFIG_FILES.has(rel)) return this.reload();
      if (LINT_CONFIG_FILE.test(rel) && !this.isExcluded(rel)) {
        if (change.kind === 'deleted' && !this.overlays.has(rel)) this.lint.configs.delete(rel);
        else this.lint.configs.add(rel);
        batch.lintConfigsChanged = true;
      }
      if (isMarkerFile(rel, MARKER_FILES)) {
        this.project.setMarker(rel, change.kind !== 'deleted');
        batch.everything = true;
        continue;
      }
      if (OPAQUE_MODULE_FILE.test(rel) && !this.isExcluded(rel)) {
        if (change.kind === 'deleted') this.project.removeFile(rel);
        else this.project.setFile(rel, null);
        surfaceChanged.push(rel);
        batch.structural = true;
        continue;
      }
      if (!this.covers(rel)) continue;
      if (projectFileKind(rel)) {
        const present = this.indexProjectFile(rel, change.kind === 'deleted' && !this.overlays.has(rel));
        if (!/\.pyi?$/.test(rel)) {
          if (present) recheck.add(rel);
          else this.diagnostics.delete(rel);
          continue;
        }
      }
      const read = this.overlays.get(rel) ?? (change.kind === 'deleted' ? undefined : readProjectFile([this.root], path.join(this.root, rel)));
      const text = typeof read === 'string' ? read : read && 'text' in read ? read.text : undefined;
      if (read && typeof read !== 'string' && 'skipped' in read && read.reason !== 'missing') {
        // There but not readable: present with unknown contents (re-pointing releases its old summary).
        const old = this.sources.keyOf(rel);
        this.indexUnreadable(rel, read.skipped);
        if (old === this.sources.keyOf(rel)) continue;
        if (old === undefined) batch.cameOrWent(rel);
        surfaceChanged.push(rel);
        recheck.add(rel);
        continue;
      }
      if (text === undefined) {
        if (this.sources.delete(rel)) {
          this.project.removeFile(rel);
          this.diagnostics.delete(rel);
          surfaceChanged.push(rel);
          batch.cameOrWent(rel);
        }
        continue;
      }
      const hash = hashText(text);
      if (this.sources.keyOf(rel) === hash) continue;
      // An editor buffer can be any size: past the limit it is indexed as present but unknown.
      const summary =
        this.sources.valueOf(hash) ?? (text.length > MAX_FILE_BYTES ? emptySummary(`larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`) : await this.pool.summarizeOne(text, path.join(this.root, rel)));
      if (!this.sources.has(rel)) batch.cameOrWent(rel);
      // Re-pointing the path releases the summary of its previous version (unless another file shares it).
      this.sources.set(rel, hash, summary);
      if (this.project.setFile(rel, summary)) surfaceChanged.push(rel);
      recheck.add(rel);
    }
    if (batch.lintConfigsChanged) {
      this.readLintExclusions();
      batch.everything = true;
    }
    batch.recheckBelowInits(this.sources.paths());
    const dependentsOnly = new Set<string>();
    let changedKeys: ReadonlySet<string> | undefined;
    if (batch.everything || this.project.sourceRoots.join('\n') !== rootsBefore || [...this.project.extraBuiltins()].join(',') !== builtinsBefore) {
      for (const f of this.sources.paths()) recheck.add(f);
    } else {
      const dependents = this.project.dependentsOf(surfaceChanged, batch.structural);
      for (const f of dependents.files) if (!recheck.has(f)) dependentsOnly.add(f);
      changedKeys = dependents.keys;
      // Related places are lines of other files: a body edit there changes no surface and re-checks no dependent,
      // so the few files whose findings point into an edited file are checked again, for their places to follow.
      for (const f of this.diagnostics.withRelated) {
        if (!recheck.has(f) && !dependentsOnly.has(f) && this.diagnostics.get(f)!.some((d) => d.related?.some((r) => recheck.has(r.file)))) recheck.add(f);
      }
    }
    const out = new Map<string, Diagnostic[]>();
    for (const f of [...recheck, ...dependentsOnly]) {
      if (!this.sources.has(f) && !this.projectFiles.has(f)) continue;
      // Files that did not change themselves re-derive only what looked at the changed keys.
      const d = this.checkAny(f, dependentsOnly.has(f) && !lastCheck ? changedKeys : undefined);
      this.diagnostics.set(f, d);
      out.set(f, d);
    }
    // Deleted files lose their diagnostics.
    for (const c of changes) if (!this.sources.has(c.path) && !this.projectFiles.has(c.path) && c.kind === 'deleted') out.set(c.path, []);
    return out;
  }

  private readText(rel: string): string | undefined {
    const r = this.readOrWhyNot(rel);
    return typeof r === 'string' ? r : undefined;
  }

  /** A file's text, why it is there but was not read, or undefined when it is not there. */
  private readOrWhyNot(rel: string, noteSkip = true): string | { unread: string } | undefined {
    if (this.absent.has(rel)) return undefined;
    const shown = this.overlays.get(rel);
    if (shown !== undefined) return shown;
    const r = this.listing?.reads.get(rel) ?? readProjectFile([this.root], path.join(this.root, rel));
    if (!('skipped' in r)) return r.text;
    if (r.reason === 'missing') return undefined;
    // Python files are noted where they are indexed as sources.
    if (noteSkip && !/\.pyi?$/.test(rel)) this.note(`skipped ${rel}: ${r.skipped}`);
    return { unread: r.skipped };
  }

  /**
   * New settings, or a changed pyproject.toml/setup.cfg: discover and index again (summaries of unchanged
   * files come from the cache) and check everything. Returns every file's diagnostics, [] for files gone.
   */
  async reload(settings: CoherenceSettings = this.settings): Promise<Map<string, Diagnostic[]>> {
    const before = new Set(this.sources.paths());
    const beforeProjectFiles = this.checkedProjectFiles();
    this.settings = settings;
    this.config = this.readConfig();
    this.project = new Project({ sourceRoots: this.config.sourceRoots, adapters: FRAMEWORK_ADAPTERS });
    // The old summaries serve as a cache for this indexing only: those of files gone are dropped after it.
    this.previous = { sources: this.sources.takeAll(), projectFiles: this.projectFiles.takeAll() };
    try {
      await this.index();
    } finally {
      this.previous = null;
    }
    const out = this.checkAll();
    for (const f of before) if (!out.has(f)) out.set(f, []);
    for (const f of beforeProjectFiles) if (!out.has(f)) out.set(f, []);
    return out;
  }

  async dispose(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }
}

