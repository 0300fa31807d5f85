// The language server's state: one Workspace per folder, open documents, what was published. All changes
// to workspaces run one at a time through `serial`, so an edit never races a reload.
import * as fs from 'fs';
import * as path from 'path';
import { TextDocuments, type Connection, type WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../core/types';
import { SummarizerPool } from '../host/summarizerPool';
import { getParser } from '../syntax/parser';
import { CACHE_FOLDER, SummaryCache } from '../host/summaryCache';
import { Workspace, type FileChange, type StartListing } from '../host/workspace';
import { keepRun } from '../host/warmRun';
import { DEFAULT_SETTINGS, type CoherenceSettings } from '../workspace/config';
import { fileUri, pathToUri, relativeTo, sameForClient, toLspDiagnostic, uriToPath } from './convert';
import { IdleCollector } from './idleCollector';
import { StatusReporter } from './status';

export interface Folder {
  root: string;
  uri: string;
  workspace: Workspace | null;
  /** Until the workspace is indexed: the last run's findings published at start (publishLastRun), by file; null otherwise. */
  lastRun?: Map<string, Diagnostic[]> | null;
}

/** Why a workspace folder is never indexed, or null: a filesystem root holds whole systems, not a project. */
export function folderRefusal(root: string): string | null {
  return path.parse(root).root === root ? `${root} is a filesystem root, not a project folder: Coherence does not index it (open the project's own folder)` : null;
}

function safeText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];

/**
 * Milliseconds of preparing files for edits per queued task: an edit arriving meanwhile waits about that long at most
 * (a count of files was 40 ms on small files, 150-250 ms on saleor's).
 */
const PREPARE_SLICE_MS = 25;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly folders: Folder[] = [];
  readonly pool = new SummarizerPool();
  readonly status: StatusReporter;
  supportsProgress = false;
  supportsConfiguration = false;
  supportsWatcherRegistration = false;
  /** The client shows a diagnostic's relatedInformation (else the hover alone carries it). */
  supportsRelatedInformation = false;
  initializationSettings: Partial<CoherenceSettings> = {};
  private queue: Promise<unknown> = Promise.resolve();
  /** What each file's last publish sent (as core diagnostics: see sameForClient); files without any are left out. */
  private readonly published = new Map<string, Diagnostic[]>();
  /** Documents with a re-check queued but not started. */
  private readonly pendingEdits = new Set<string>();
  /** Open documents whose dependents are being prepared for edits (prepareDependents). */
  private readonly preparing = new Set<string>();
  /** Indexings queued or running: requests meanwhile are answered at once (empty) instead of waiting for them. */
  private indexings = 0;
  /** Scavenges between pieces of work (lsp/idleCollector.ts). */
  private readonly idleCollector: IdleCollector;
  /** Set once `initialize` was answered: a second one is refused. */
  initialized = false;
  /** Set once `initialized` arrived (watchers registered, first indexing queued). */
  started = false;

  /** `idleCollector`: scavenges between pieces of work (server.ts gives one with V8's minor collection). */
  constructor(readonly connection: Connection, idleCollector = new IdleCollector({ collect: null })) {
    this.status = new StatusReporter(connection);
    this.idleCollector = idleCollector;
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** Runs workspace-changing work one task at a time; a failing task is logged and never stops the queue. */
  serial<T>(task: () => Promise<T>): Promise<T | undefined> {
    this.status.queued();
    this.idleCollector.busy();
    const run = this.queue.then(task).catch((e: unknown) => {
      this.connection.console.error(`coherence: ${(e as Error).stack ?? e}`);
      return undefined;
    }).finally(() => {
      if (this.status.finished(() => this.folders.reduce((n, f) => n + (f.workspace?.fileCount ?? 0), 0))) this.idleCollector.idle();
    });
    this.queue = run;
    return run;
  }

  /** A request's work, after the edits queued before it; its failure is the request's (an error answer). */
  serialRequest<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Whether an indexing is queued or running (the project is being built: nothing to answer from yet). */
  get indexing(): boolean {
    return this.indexings > 0;
  }

  /** Adds a workspace folder, unless it is one already or one that is never indexed (said in the log). */
  addFolder(uri: string): void {
    const root = uriToPath(uri);
    if (!root) return this.log(`ignored workspace folder ${uri}: not a file: URI`);
    const refusal = folderRefusal(root);
    if (refusal) {
      this.log(refusal);
      void this.connection.window.showWarningMessage(`Coherence: ${refusal}`);
      return;
    }
    if (!this.folders.some((f) => f.root === root)) this.folders.push({ root, uri, workspace: null });
  }

  folderOf(absolute: string): { folder: Folder; rel: string } | null {
    let best: { folder: Folder; rel: string } | null = null;
    for (const folder of this.folders) {
      const rel = relativeTo(folder.root, absolute);
      if (rel !== null && (!best || folder.root.length > best.folder.root.length)) best = { folder, rel };
    }
    return best;
  }

  async settingsFor(folder: Folder): Promise<CoherenceSettings> {
    let fromClient: Partial<CoherenceSettings> = this.initializationSettings;
    if (this.supportsConfiguration) {
      try {
        fromClient = ((await this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'coherence' })) ?? {}) as Partial<CoherenceSettings>;
      } catch (e) {
        this.log(`could not read settings: ${(e as Error).message}`);
      }
    }
    return {
      sourceRoots: Array.isArray(fromClient.sourceRoots) ? fromClient.sourceRoots : DEFAULT_SETTINGS.sourceRoots,
      exclude: Array.isArray(fromClient.exclude) ? fromClient.exclude : DEFAULT_SETTINGS.exclude,
      rules: fromClient.rules && typeof fromClient.rules === 'object' ? fromClient.rules : DEFAULT_SETTINGS.rules,
    };
  }

  /**
   * Indexes the folders not indexed yet and re-indexes those whose settings changed (`force`: every folder,
   * as the re-check command asks), then publishes their diagnostics. Start-up and the configuration that
   * clients announce right after it may arrive in either order: whichever runs second finds nothing to do,
   * so the workspace is indexed once.
   */
  loadAll(force = false): Promise<unknown> {
    this.indexings++;
    return this.serial(async () => {
      const work: { folder: Folder; settings: CoherenceSettings }[] = [];
      for (const folder of this.folders) {
        const settings = await this.settingsFor(folder);
        if (force || !folder.workspace || JSON.stringify(settings) !== JSON.stringify(folder.workspace.currentSettings)) work.push({ folder, settings });
      }
      if (!work.length) return;
      const progress = await this.beginProgress('Coherence: indexing');
      try {
        for (const { folder, settings } of work) await this.index(folder, settings, progress);
        // Writing the summaries takes seconds for 10,000 files: after the diagnostics are out, still inside the
        // indexing (an edit queued meanwhile waits for it, as it waits for the indexing; one after it does not).
        await new Promise((resolve) => setImmediate(resolve));
        progress?.report(99, 'writing the cache');
        for (const { folder } of work) folder.workspace?.saveCacheIfPending();
      } finally {
        progress?.done();
      }
    }).finally(() => this.indexings--);
  }

  private async index(folder: Folder, settings: CoherenceSettings, progress: WorkDoneProgressServerReporter | null): Promise<void> {
    const started = Date.now();
    if (folder.workspace) {
      this.publish(folder, await folder.workspace.reload(settings));
    } else {
      // Starts from the summaries of the last run (CLI or editor) kept in the folder: only changed files are parsed.
      const cache = new SummaryCache({ dir: path.join(folder.root, CACHE_FOLDER), log: (m) => this.log(m) });
      const open = this.openFilesIn(folder);
      const listed = await this.publishLastRun(folder, settings, cache, open);
      // The last run's findings and what they read are restored when they are those of the cached summaries: only
      // the files changed since, and those they affect, are checked again.
      const { ws: workspace, resumed } = await Workspace.startWorking({ root: folder.root, settings, pool: this.pool, log: (m) => this.log(m), cache, saveCacheLater: true }, (phase, done, total) => {
        const [percent, message] = [total ? Math.round((90 * done) / total) : 0, `${phase} ${total ? `${done}/${total}` : ''}`.trim()];
        progress?.report(percent, message);
        this.status.indexing(message, percent);
      }, listed);
      folder.workspace = workspace;
      folder.lastRun = null;
      for (const [rel, text] of open) await workspace.setOverlay(rel, text);
      if (resumed) this.publish(folder, workspace.diagnosticsByFile([...open.keys()]));
      else {
        progress?.report(90, 'checking');
        const total = workspace.fileCount;
        let checked = 0;
        // Open documents are checked and published first: they are what the user is looking at.
        await workspace.checkAllInSlices([...open.keys()], (slice) => {
          this.publish(folder, slice);
          checked += slice.size;
          const [percent, message] = [90 + Math.min(9, Math.floor((9 * checked) / Math.max(1, total))), `checking ${Math.min(checked, total)}/${total}`];
          progress?.report(percent, message);
          this.status.indexing(message, percent);
        });
      }
      // What the next start (or CLI run) shows at once when nothing changed by then, or starts from after changes.
      keepRun(cache, workspace, workspace.currentDiagnostics());
      for (const rel of open.keys()) this.prepareDependents(pathToUri(path.join(folder.root, rel)));
    }
    const notIndexed = folder.workspace.notIndexedBecause;
    if (notIndexed) void this.connection.window.showWarningMessage(`Coherence: ${notIndexed}`);
    this.log(`indexed ${folder.root}: ${folder.workspace.fileCount} files (${folder.workspace.freshSummaryCount} parsed, the rest from the cache) in ${Date.now() - started} ms`);
  }

  /**
   * The findings of the last run (CLI or editor), published before indexing when nothing they were computed
   * from has changed, open documents first: the files are hashed, nothing is parsed nor loaded, and the user
   * sees them long before the indexing ends. The check after it sends only what differs (nothing, normally).
   * Returns what it listed, for the start to go on from (undefined when it listed nothing; null: no last run).
   */
  private async publishLastRun(folder: Folder, settings: CoherenceSettings, cache: SummaryCache, open: ReadonlyMap<string, string>): Promise<StartListing | null | undefined> {
    // An open document edited but not saved is not what the last run saw.
    for (const [rel, text] of open) if (safeText(path.join(folder.root, rel)) !== text) return undefined;
    const started = Date.now();
    const listed = await Workspace.listForStart({ root: folder.root, settings, cache });
    if (!listed?.unchanged) return listed;
    const run = listed.run;
    const byFile = new Map<string, Diagnostic[]>([...open.keys()].map((rel) => [rel, []]));
    for (const d of run.diagnostics) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    this.publish(folder, byFile);
    // Their quick fixes are offered until the index answers (dropped for a document as soon as it is edited).
    folder.lastRun = byFile;
    this.log(`published the last run's findings in ${folder.root} (nothing changed since): ${run.diagnostics.length} in ${Date.now() - started} ms`);
    return listed;
  }

  /** The open documents inside `folder`: workspace-relative path → text. */
  private openFilesIn(folder: Folder): Map<string, string> {
    const open = new Map<string, string>();
    for (const doc of this.documents.all()) {
      const p = uriToPath(doc.uri);
      const at = p ? this.folderOf(p) : null;
      if (at?.folder === folder) open.set(at.rel, doc.getText());
    }
    return open;
  }

  private async beginProgress(title: string): Promise<WorkDoneProgressServerReporter | null> {
    if (!this.supportsProgress) return null;
    try {
      const reporter = await this.connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'discovering files', false);
      return reporter;
    } catch {
      return null;
    }
  }

  /**
   * An open document changed: re-check it (and its dependents). Edits coalesce instead of waiting on a
   * timer: while a re-check of this document is queued and not yet started, further edits only update the
   * text it will read, so a burst of keystrokes costs one check and nothing waits for a debounce.
   */
  scheduleEdit(uri: string): void {
    // The last run's fixes were made for the text on disk (opening a document also lands here).
    const p = uriToPath(uri);
    const at = p ? this.folderOf(p) : null;
    if (at?.folder.lastRun?.has(at.rel) && safeText(p!) !== this.documents.get(uri)?.getText()) at.folder.lastRun.delete(at.rel);
    if (this.pendingEdits.has(uri)) return;
    this.pendingEdits.add(uri);
    void this.applyOverlay(uri);
  }

  /**
   * Between other work, records the per-item results of the files that depend on an open document, a slice
   * per queued task (edits that arrive meanwhile go first): its first edit then re-checks them as fast as
   * later edits do, instead of about ten times slower (2.9 s instead of 0.1 s with 500 dependents at 10,000 modules).
   */
  prepareDependents(uri: string): void {
    if (this.preparing.has(uri)) return;
    this.preparing.add(uri);
    const step = () =>
      void this.serial(async () => {
        const p = uriToPath(uri);
        const at = p ? this.folderOf(p) : null;
        const workspace = at?.folder.workspace;
        if (!workspace || !this.documents.get(uri)) return this.preparing.delete(uri);
        // Edits are parsed on this thread: its parser is loaded now, not on the first keystroke (0.1 s).
        await getParser();
        const todo = workspace.unpreparedDependents(at!.rel);
        if (!todo.length) return this.preparing.delete(uri);
        this.publish(at!.folder, workspace!.prepareForEdits(todo, PREPARE_SLICE_MS));
        setImmediate(step);
      });
    setImmediate(step);
  }

  applyOverlay(uri: string, closing = false): Promise<unknown> {
    return this.serial(async () => {
      this.pendingEdits.delete(uri);
      const p = uriToPath(uri);
      const at = p ? this.folderOf(p) : null;
      if (!at?.folder.workspace) return;
      const doc = this.documents.get(uri);
      const text = closing || !doc ? null : doc.getText();
      const version = doc?.version;
      const results = await at.folder.workspace.setOverlay(at.rel, text);
      // Typing went on while this ran: the edited file's diagnostics describe an old version, and the
      // task already queued for the new one will publish them. Its dependents' are still right.
      if (!closing && this.documents.get(uri)?.version !== version) results.delete(at.rel);
      this.publish(at.folder, results);
    });
  }

  applyFileChanges(changes: { absolute: string; kind: FileChange['kind'] }[]): Promise<unknown> {
    return this.serial(async () => {
      const byFolder = new Map<Folder, FileChange[]>();
      for (const c of changes) {
        const at = this.folderOf(c.absolute);
        if (!at?.folder.workspace) continue;
        // Open documents are authoritative while open: their disk state does not matter yet.
        if (c.kind !== 'deleted' && this.documents.get(pathToUri(c.absolute))) continue;
        byFolder.set(at.folder, [...(byFolder.get(at.folder) ?? []), { path: at.rel, kind: c.kind }]);
      }
      for (const [folder, list] of byFolder) this.publish(folder, await folder.workspace!.applyChanges(list));
    });
  }

  /** Sends diagnostics that differ from what the client has. */
  publish(folder: Folder, diagnostics: Map<string, Diagnostic[]>): void {
    for (const [rel, list] of diagnostics) {
      const uri = fileUri(folder.root, rel);
      const open = this.documents.get(uri);
      const openUri = open?.uri ?? uri;
      if (sameForClient(this.published.get(openUri) ?? NO_DIAGNOSTICS, list)) continue;
      // Files without diagnostics are not remembered: deleted and renamed files leave nothing behind.
      if (list.length === 0) this.published.delete(openUri);
      else this.published.set(openUri, list);
      const lsp = list.map((d) => toLspDiagnostic(d, this.supportsRelatedInformation ? folder : undefined));
      const version = open?.version;
      void this.connection.sendDiagnostics({ uri: openUri, diagnostics: lsp, ...(version !== undefined ? { version } : {}) });
    }
  }

  /** The diagnostics last computed for a document, with their fixes. */
  diagnosticsAt(uri: string): { folder: Folder; diagnostics: Diagnostic[] } | null {
    const p = uriToPath(uri);
    const at = p ? this.folderOf(p) : null;
    if (!at) return null;
    if (at.folder.workspace) return { folder: at.folder, diagnostics: at.folder.workspace.diagnosticsOf(at.rel) };
    return at.folder.lastRun ? { folder: at.folder, diagnostics: at.folder.lastRun.get(at.rel) ?? [] } : null;
  }

  async dispose(): Promise<void> {
    this.idleCollector.dispose();
    for (const f of this.folders) await f.workspace?.dispose();
    await this.pool.close();
  }
}
