// The Coherence item in the status bar: indexing progress, then the problem counts of the workspace (a click
// opens the Problems panel), "rechecking" while an edit waits to be checked, the versions in its tooltip.
// The server says what it does with `coherence/status` (server/src/lsp/status.ts); counts are read from
// the diagnostics VS Code holds, so they always match the Problems panel.
import { DiagnosticSeverity, languages, MarkdownString, StatusBarAlignment, ThemeColor, window, workspace, type Disposable, type StatusBarItem } from 'vscode';

export const STATUS_NOTIFICATION = 'coherence/status';

export interface ServerStatus {
  state: 'indexing' | 'checking' | 'ready';
  message?: string;
  percent?: number;
  fileCount?: number;
}

type Shown = { kind: 'starting' } | { kind: 'indexing'; message: string } | { kind: 'rechecking' } | { kind: 'ready' } | { kind: 'stopped' };

/** `3 errors, 1 warning`, `no problems`. */
export function describeCounts(errors: number, warnings: number, others: number): string {
  const part = (n: number, one: string) => (n ? [`${n} ${one}${n === 1 ? '' : 's'}`] : []);
  const parts = [...part(errors, 'error'), ...part(warnings, 'warning'), ...part(others, 'info')];
  return parts.length ? parts.join(', ') : 'no problems';
}

export class CoherenceStatus implements Disposable {
  private readonly item: StatusBarItem;
  private readonly subscriptions: Disposable[] = [];
  private shown: Shown = { kind: 'starting' };
  private fileCount: number | null = null;
  private serverVersion: string | null = null;
  private counts = { errors: 0, warnings: 0, others: 0 };
  private countTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly extensionVersion: string) {
    this.item = window.createStatusBarItem('coherence.status', StatusBarAlignment.Left, 50);
    this.item.name = 'Coherence';
    this.item.command = { title: 'Open the Problems panel', command: 'workbench.actions.view.problems' };
    this.subscriptions.push(
      languages.onDidChangeDiagnostics(() => this.scheduleCount()),
      // An edit is "stale" from the keystroke until the server has checked it.
      workspace.onDidChangeTextDocument((e) => {
        // Only documents the server is sent (file: Python documents): an untitled buffer is never checked.
        if (e.document.languageId === 'python' && e.document.uri.scheme === 'file' && e.contentChanges.length && this.shown.kind === 'ready') this.show({ kind: 'rechecking' });
      }),
    );
    this.count();
    this.render();
    this.item.show();
  }

  setServerVersion(version: string | undefined): void {
    this.serverVersion = version ?? null;
    this.render();
  }

  onServerStatus(status: ServerStatus): void {
    if (status.state === 'indexing') this.show({ kind: 'indexing', message: status.message ?? '' });
    else if (status.state === 'checking') {
      if (this.shown.kind !== 'indexing') this.show({ kind: 'rechecking' });
    } else {
      if (typeof status.fileCount === 'number') this.fileCount = status.fileCount;
      this.count();
      this.show({ kind: 'ready' });
    }
  }

  stopped(): void {
    this.show({ kind: 'stopped' });
  }

  private show(shown: Shown): void {
    this.shown = shown;
    this.render();
  }

  private scheduleCount(): void {
    // Diagnostics of a whole workspace arrive file by file: count once they settle.
    if (this.countTimer) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = undefined;
      this.count();
      this.render();
    }, 100);
  }

  private count(): void {
    const counts = { errors: 0, warnings: 0, others: 0 };
    for (const [, list] of languages.getDiagnostics()) {
      for (const d of list) {
        if (d.source !== 'coherence') continue;
        if (d.severity === DiagnosticSeverity.Error) counts.errors++;
        else if (d.severity === DiagnosticSeverity.Warning) counts.warnings++;
        else counts.others++;
      }
    }
    this.counts = counts;
  }

  private render(): void {
    const { errors, warnings, others } = this.counts;
    const counts = describeCounts(errors, warnings, others);
    const item = this.item;
    item.backgroundColor = undefined;
    switch (this.shown.kind) {
      case 'starting':
        item.text = '$(sync~spin) Coherence: starting';
        break;
      case 'indexing':
        item.text = `$(sync~spin) Coherence: indexing ${this.shown.message}`.trimEnd();
        break;
      case 'rechecking':
        item.text = `$(sync~spin) Coherence: rechecking (${counts})`;
        break;
      case 'ready':
        item.text = `${errors ? '$(error)' : warnings ? '$(warning)' : '$(check)'} Coherence: ${counts}`;
        break;
      case 'stopped':
        item.text = '$(error) Coherence: stopped';
        item.backgroundColor = new ThemeColor('statusBarItem.errorBackground');
        break;
    }
    const tooltip = new MarkdownString();
    tooltip.appendMarkdown(`**Coherence ${this.extensionVersion}**${this.serverVersion && this.serverVersion !== this.extensionVersion ? ` (server ${this.serverVersion})` : ''}\n\n`);
    if (this.shown.kind === 'stopped') tooltip.appendMarkdown('The language server stopped: see **Coherence: Show output**.\n\n');
    else if (this.shown.kind === 'ready' || this.shown.kind === 'rechecking') {
      tooltip.appendMarkdown(`${counts}${this.fileCount !== null ? ` in ${this.fileCount} Python files` : ''}${this.shown.kind === 'rechecking' ? ', as of the last check' : ''}.\n\n`);
    }
    tooltip.appendMarkdown('Click to open the Problems panel.');
    item.tooltip = tooltip;
  }

  dispose(): void {
    if (this.countTimer) clearTimeout(this.countTimer);
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
