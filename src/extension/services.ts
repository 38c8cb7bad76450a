// What the commands share: one object built at activation.
import * as vscode from 'vscode';
import type { AnalysisReport } from '../protocol/report';
import type { AnalysisRunner } from './analysis';
import type { DatasetMemory } from './datasets';
import type { ModelFileIndex } from './modelFileIndex';
import type { PanelMessageHandler } from './panel';
import type { CollapseProblems } from './problems';
import type { BackendStatus } from './statusBar';

export interface Notice {
  text: string;
  actions: string[];
}

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  runner: AnalysisRunner;
  models: ModelFileIndex;
  datasets: DatasetMemory;
  problems: CollapseProblems;
  status: BackendStatus;
  onPanelMessage: PanelMessageHandler;
  /** The last analysis (for Fit LPM's default counts, Export Report, the what-if). */
  lastReport: AnalysisReport | undefined;
  /** Fires with every information message a command shows, as it is shown (tests observe it). */
  notices: vscode.EventEmitter<Notice>;
  /** Fires with every report an analysis produced (tests observe it). */
  reports: vscode.EventEmitter<AnalysisReport>;
}
