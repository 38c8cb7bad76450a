// Hosts the diagnostics webview: one panel at a time, typed messages validated on arrival, restored
// after a reload by the serializer (the webview keeps its report in getState/setState).
import * as vscode from 'vscode';
import type { FromPanelMessage, ToPanelMessage } from '../protocol/panel';
import { isFromPanelMessage } from '../protocol/panel';
import type { AnalysisReport } from '../protocol/report';
import { panelHtml } from './panelHtml';

export const PANEL_VIEW_TYPE = 'collapseLens.diagnostics';

export type PanelMessageHandler = (message: FromPanelMessage, panel: DiagnosticsPanel) => void;

export class DiagnosticsPanel implements vscode.Disposable {
  private static current: DiagnosticsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The report on show (undefined for an empty panel or one restored from webview state). */
  report: AnalysisReport | undefined;
  /** Messages posted before the webview said `ready` would be lost: they wait here. */
  private ready = false;
  private readonly queue: ToPanelMessage[] = [];

  static get active(): DiagnosticsPanel | undefined {
    return DiagnosticsPanel.current;
  }

  static show(extensionUri: vscode.Uri, onMessage: PanelMessageHandler, log: vscode.LogOutputChannel): DiagnosticsPanel {
    if (DiagnosticsPanel.current) {
      DiagnosticsPanel.current.panel.reveal(undefined, true);
      return DiagnosticsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Collapse Lens', vscode.ViewColumn.Active, panelOptions(extensionUri));
    DiagnosticsPanel.current = new DiagnosticsPanel(panel, extensionUri, onMessage, log);
    return DiagnosticsPanel.current;
  }

  /** Re-attaches to a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, onMessage: PanelMessageHandler, log: vscode.LogOutputChannel): DiagnosticsPanel {
    panel.webview.options = panelOptions(extensionUri);
    DiagnosticsPanel.current?.dispose();
    DiagnosticsPanel.current = new DiagnosticsPanel(panel, extensionUri, onMessage, log);
    return DiagnosticsPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    onMessage: PanelMessageHandler,
    log: vscode.LogOutputChannel,
  ) {
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      title: 'Collapse Lens',
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (!isFromPanelMessage(message)) {
          log.warn(`ignored a malformed message from the panel: ${JSON.stringify(message)?.slice(0, 200)}`);
          return;
        }
        if (message.type === 'ready') this.onReady(message.hasReport === true);
        onMessage(message, this);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  showReport(report: AnalysisReport): Thenable<boolean> {
    this.report = report;
    this.panel.title = `Collapse Lens: ${report.meta.title}`;
    return this.post({ type: 'showReport', report });
  }

  post(message: ToPanelMessage): Thenable<boolean> {
    if (!this.ready) {
      // Only the latest report matters; other messages keep their order.
      if (message.type === 'showReport') this.queue.splice(0, this.queue.length, ...this.queue.filter((m) => m.type !== 'showReport'));
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
    if (DiagnosticsPanel.current === this) DiagnosticsPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
