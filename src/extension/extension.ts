// Entry point of the extension host side: registers commands and returns a small API for tests.
import * as vscode from 'vscode';
import { FromPanelMessage } from '../protocol/panel';
import { DiagnosticsPanel } from './panel';

/** What `activate` returns; integration tests use it to observe the extension. */
export interface CollapseLensApi {
  /** Fires for every validated message that arrives from the panel. */
  readonly onPanelMessage: vscode.Event<FromPanelMessage>;
}

export function activate(context: vscode.ExtensionContext): CollapseLensApi {
  const log = vscode.window.createOutputChannel('Collapse Lens', { log: true });
  const panelMessages = new vscode.EventEmitter<FromPanelMessage>();
  context.subscriptions.push(
    log,
    panelMessages,
    vscode.commands.registerCommand('collapseLens.showDiagnostics', () => {
      DiagnosticsPanel.show(
        context.extensionUri,
        (message) => {
          log.info(`panel: ${message.type}`);
          panelMessages.fire(message);
        },
        log,
      );
    }),
  );
  log.info(`Collapse Lens activated in VS Code ${vscode.version}`);
  return { onPanelMessage: panelMessages.event };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
