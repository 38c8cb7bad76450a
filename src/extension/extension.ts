// Entry point of the extension host side: builds the shared services, registers commands, the panel
// serializer and the model-file index, and returns a small API that integration tests observe.
import * as vscode from 'vscode';
import type { FromPanelMessage } from '../protocol/panel';
import type { AnalysisReport } from '../protocol/report';
import { AnalysisRunner } from './analysis';
import { registerAnalysisCommands, showPanel } from './commands/analyze';
import { registerReportCommands } from './commands/report';
import { registerLayersCommands } from './commands/layers';
import { registerLpmCommands } from './commands/lpm';
import { registerOodCommands } from './commands/ood';
import { DatasetMemory } from './datasets';
import { EngineClient } from './engineClient';
import { ModelFileIndex } from './modelFileIndex';
import { registerModelSummary } from './modelSummary';
import { DiagnosticsPanel, PANEL_VIEW_TYPE } from './panel';
import { handlePanelMessage } from './panelMessages';
import { CollapseProblems } from './problems';
import type { Notice, Services } from './services';
import { BackendStatus } from './statusBar';

/** What `activate` returns; integration tests use it to observe the extension. */
export interface CollapseLensApi {
  /** Fires for every validated message that arrives from the panel. */
  readonly onPanelMessage: vscode.Event<FromPanelMessage>;
  /** Fires with every analysis report. */
  readonly onReport: vscode.Event<AnalysisReport>;
  /** Fires with every information message a command shows (text and buttons). */
  readonly onNotice: vscode.Event<Notice>;
  readonly services: Services;
}

export function activate(context: vscode.ExtensionContext): CollapseLensApi {
  const log = vscode.window.createOutputChannel('Collapse Lens', { log: true });
  const panelMessages = new vscode.EventEmitter<FromPanelMessage>();
  const reports = new vscode.EventEmitter<AnalysisReport>();
  const notices = new vscode.EventEmitter<Notice>();
  const engine = new EngineClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath, log);
  const services: Services = {
    context,
    log,
    runner: new AnalysisRunner(engine, log),
    models: new ModelFileIndex(log),
    datasets: new DatasetMemory(context.workspaceState),
    problems: new CollapseProblems(),
    status: new BackendStatus(),
    onPanelMessage: (message, panel) => {
      panelMessages.fire(message);
      handlePanelMessage(services, message, panel);
    },
    lastReport: undefined,
    reports,
    notices,
  };
  context.subscriptions.push(
    log,
    panelMessages,
    reports,
    notices,
    { dispose: () => engine.dispose() },
    services.models,
    services.problems,
    services.status,
    ...registerAnalysisCommands(services),
    ...registerLpmCommands(services),
    ...registerReportCommands(services),
    ...registerLayersCommands(services),
    ...registerOodCommands(services),
    ...registerModelSummary(services),
    vscode.commands.registerCommand('collapseLens.showDiagnostics', () => {
      if (services.lastReport) showPanel(services, services.lastReport);
      else DiagnosticsPanel.show(context.extensionUri, services.onPanelMessage, log);
    }),
    vscode.commands.registerCommand('collapseLens.showLog', () => log.show()),
    vscode.commands.registerCommand('collapseLens.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#collapseLens.gettingStarted`, false),
    ),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      // The webview restores its report from getState; nothing is re-run.
      async deserializeWebviewPanel(panel, state: unknown) {
        DiagnosticsPanel.revive(panel, state, context.extensionUri, services.onPanelMessage, log);
      },
    }),
  );
  void services.models.scan();
  log.info(`Collapse Lens ${context.extension.packageJSON.version} activated in VS Code ${vscode.version}`);
  return { onPanelMessage: panelMessages.event, onReport: reports.event, onNotice: notices.event, services };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
