// Hosts the diagnostics webviews: the model's panel, and the Layer-Peeled Model's beside it ("Fit
// Layer-Peeled Model…" never replaces a model's report); typed messages validated on arrival, restored
// after a reload by the serializer (the webview keeps its report in getState/setState).
import * as vscode from 'vscode';
import type { FromPanelMessage, ToPanelMessage } from '../protocol/panel';
import { isFromPanelMessage, isPanelState } from '../protocol/panel';
import type { AnalysisReport } from '../protocol/report';
import { panelHtml, webviewScript } from './panelHtml';

export const PANEL_VIEW_TYPE = 'collapseLens.diagnostics';

/** Which panel: a trained model's analysis, or an LPM optimum alone (`meta.lpmOnly`). One of each at a time. */
export type PanelSlot = 'report' | 'lpm';

export function slotOf(report: AnalysisReport | undefined): PanelSlot {
  return report?.meta.lpmOnly ? 'lpm' : 'report';
}

export type PanelMessageHandler = (message: FromPanelMessage, panel: DiagnosticsPanel) => void;

export class DiagnosticsPanel implements vscode.Disposable {
  private static readonly open = new Map<PanelSlot, DiagnosticsPanel>();
  private static focused: DiagnosticsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The report on show (undefined for an empty panel). */
  report: AnalysisReport | undefined;
  /** Messages posted before the webview said `ready` would be lost: they wait here. */
  private ready = false;
  private readonly queue: ToPanelMessage[] = [];
  private disposed = false;

  /** The panel last focused (Export Report… exports its report), else the model's, else the LPM's. */
  static get active(): DiagnosticsPanel | undefined {
    const focused = DiagnosticsPanel.focused;
    if (focused && DiagnosticsPanel.open.get(focused.slot) === focused) return focused;
    return DiagnosticsPanel.open.get('report') ?? DiagnosticsPanel.open.get('lpm');
  }

  static get(slot: PanelSlot): DiagnosticsPanel | undefined {
    return DiagnosticsPanel.open.get(slot);
  }

  static show(extensionUri: vscode.Uri, onMessage: PanelMessageHandler, log: vscode.LogOutputChannel, slot: PanelSlot = 'report'): DiagnosticsPanel {
    // The LPM's panel goes to the group right of the model's panel, so both stay in view.
    const model = slot === 'lpm' ? DiagnosticsPanel.open.get('report')?.panel.viewColumn : undefined;
    const beside = model !== undefined ? Math.min(model + 1, vscode.ViewColumn.Nine) : undefined;
    const existing = DiagnosticsPanel.open.get(slot);
    // An LPM panel that shares the model's group would hide it: it is replaced by one beside.
    if (existing && beside !== undefined && existing.panel.viewColumn === model) existing.dispose();
    else if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const column = beside ?? vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Collapse Lens', column, panelOptions());
    return new DiagnosticsPanel(panel, slot, extensionUri, onMessage, log);
  }

  /** Re-attaches to a panel VS Code restored after a reload; `state` is the webview's saved PanelState. */
  static revive(panel: vscode.WebviewPanel, state: unknown, extensionUri: vscode.Uri, onMessage: PanelMessageHandler, log: vscode.LogOutputChannel): DiagnosticsPanel {
    panel.webview.options = panelOptions();
    const report = isPanelState(state) ? state.report : undefined;
    const slot = slotOf(report);
    DiagnosticsPanel.open.get(slot)?.dispose();
    const revived = new DiagnosticsPanel(panel, slot, extensionUri, onMessage, log);
    revived.report = report;
    return revived;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    readonly slot: PanelSlot,
    extensionUri: vscode.Uri,
    onMessage: PanelMessageHandler,
    log: vscode.LogOutputChannel,
  ) {
    DiagnosticsPanel.open.set(slot, this);
    DiagnosticsPanel.focused = this;
    const webview = panel.webview;
    void this.load(extensionUri, log);
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromPanelMessage(message)) {
          log.warn(`ignored a malformed message from the panel: ${JSON.stringify(message)?.slice(0, 200)}`);
          return;
        }
        if (message.type === 'ready') this.onReady(message.hasReport === true);
        onMessage(message, this);
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) DiagnosticsPanel.focused = this;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Sets the page once the bundle is read; messages posted meanwhile wait for `ready`. */
  private async load(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
    try {
      const script = await webviewScript(extensionUri);
      if (!this.disposed) this.panel.webview.html = panelHtml({ cspSource: this.panel.webview.cspSource, script, title: 'Collapse Lens' });
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      log.error(text);
      void vscode.window.showErrorMessage(`Collapse Lens: ${text}`);
    }
  }

  showReport(report: AnalysisReport): Thenable<boolean> {
    this.report = report;
    this.panel.title = `Collapse Lens: ${report.meta.title}`;
    return this.post({ type: 'showReport', report });
  }

  /**
   * Shows the skeleton at once for an analysis that is starting; `stage` moves it on, `failed` puts back
   * what was on show (the previous report, or the empty panel) when the analysis ends without a report.
   */
  analysing(title: string): { stage: (text: string) => void; failed: () => void } {
    void this.post({ type: 'analysing', title, stage: 'starting the engine' });
    return {
      stage: (text) => void this.post({ type: 'analysing', title, stage: text }),
      failed: () => void (this.report ? this.post({ type: 'showReport', report: this.report }) : this.post({ type: 'show', title: 'Collapse Lens' })),
    };
  }

  post(message: ToPanelMessage): Thenable<boolean> {
    if (!this.ready) {
      // Only the latest report or skeleton matters; other messages keep their order.
      if (message.type === 'showReport' || message.type === 'analysing') this.queue.splice(0, this.queue.length, ...this.queue.filter((m) => m.type !== 'showReport' && m.type !== 'analysing'));
      this.queue.push(message);
      return Promise.resolve(true);
    }
    return this.panel.webview.postMessage(message);
  }

  /** The webview (re)loaded: send what it missed. A panel restored from state already has its report. */
  private onReady(restored: boolean): void {
    this.ready = true;
    for (const message of this.queue.splice(0)) {
      if (message.type === 'showReport' && restored && !this.report) continue;
      void this.panel.webview.postMessage(message);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (DiagnosticsPanel.open.get(this.slot) === this) DiagnosticsPanel.open.delete(this.slot);
    if (DiagnosticsPanel.focused === this) DiagnosticsPanel.focused = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function panelOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    // The page is self-contained (panelHtml.ts): it loads no file.
    localResourceRoots: [],
  };
}
