// Hosts the diagnostics webview: one panel at a time, typed messages only.
import * as vscode from 'vscode';
import { FromPanelMessage, isFromPanelMessage, ToPanelMessage } from '../protocol/panel';
import { panelHtml } from './panelHtml';

export const PANEL_VIEW_TYPE = 'collapseLens.diagnostics';

export class DiagnosticsPanel implements vscode.Disposable {
  private static current: DiagnosticsPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(
    extensionUri: vscode.Uri,
    onMessage: (message: FromPanelMessage) => void,
    log: vscode.LogOutputChannel,
  ): DiagnosticsPanel {
    if (DiagnosticsPanel.current) {
      DiagnosticsPanel.current.panel.reveal();
      return DiagnosticsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Collapse Lens', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    DiagnosticsPanel.current = new DiagnosticsPanel(panel, extensionUri, onMessage, log);
    return DiagnosticsPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    onMessage: (message: FromPanelMessage) => void,
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
          log.warn('Ignored a malformed message from the panel', message);
          return;
        }
        onMessage(message);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  post(message: ToPanelMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (DiagnosticsPanel.current === this) DiagnosticsPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
