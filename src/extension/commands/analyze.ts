// Inspect Model…, Check Neural Collapse, Check Minority Collapse, Compare Checkpoints…, and the
// walkthrough's sample commands: pick a model and its data, run the analysis in the engine, show it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../protocol/report';
import { DatasetChoice, pickDataset } from '../datasets';
import { DiagnosticsPanel, slotOf } from '../panel';
import { CheckKind, checkVerdicts, classifierRange, configuredSeverity, verdictLine } from '../problems';
import { isSampleName, sample, sampleArgs, sampleOf, SAMPLE_NAMES } from '../samples';
import { modelOfSummary, showModelSummary } from '../modelSummary';
import type { Services } from '../services';
import { analysisArgs, readSettings } from '../settings';

/** The model a command is about: its argument, the active editor, or a pick among the workspace's. */
export async function resolveModel(s: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  // A model summary document (its editor's Inspect action) stands for its model.
  if (arg instanceof vscode.Uri) return modelOfSummary(arg) ?? arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  const summarised = active && modelOfSummary(active);
  if (summarised) return summarised;
  if (active && path.basename(active.fsPath) === 'model.json' && (await s.models.check(active))) return active;
  const known = s.models.list();
  if (known.length === 1) return known[0];
  if (known.length > 1) {
    const pick = await vscode.window.showQuickPick(
      known.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: 'Which TensorFlow.js model?' },
    );
    return pick?.uri;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'TensorFlow.js model': ['json'] }, openLabel: 'Inspect' });
  return picked?.[0];
}

export const CHOOSE_OTHER_DATA = 'Choose Other Data…';

export function datasetArgs(d: DatasetChoice): string[] {
  const args = ['--data', d.data];
  if (d.labels) args.push('--labels', d.labels);
  if (d.testData) args.push('--test-data', d.testData);
  if (d.testLabels) args.push('--test-labels', d.testLabels);
  if (d.oodData) args.push('--ood-data', d.oodData);
  return args;
}

/**
 * Runs the full analysis (features, metrics, LPM, R*) and returns the validated report. The data are
 * remembered for the model only when the analysis worked; when it failed, the error offers
 * "Choose Other Data…" (`chooseOther`) and a remembered choice that failed is forgotten.
 */
export async function analyze(
  s: Services,
  target: vscode.Uri,
  dataset: DatasetChoice,
  title: string,
  extraArgs: string[] = [],
  chooseOther?: () => unknown,
  inPanel = false,
): Promise<AnalysisReport | undefined> {
  const settings = readSettings(target);
  const args = [target.fsPath, ...datasetArgs(dataset), ...analysisArgs(settings, vscode.workspace.isTrusted, vscode.workspace.getWorkspaceFolder(target)?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath), ...extraArgs];
  const actions = chooseOther ? [{ label: CHOOSE_OTHER_DATA, run: chooseOther }] : [];
  // The panel opens with its skeleton before the engine answers (inPanel: the command shows the report there).
  const skeleton = inPanel ? DiagnosticsPanel.show(s.context.extensionUri, s.onPanelMessage, s.log, 'report').analysing(title) : undefined;
  const result = await s.runner.run(title, { command: 'report', args }, actions, skeleton?.stage);
  if (result === undefined) {
    skeleton?.failed();
    if (chooseOther) await s.datasets.forget(target, dataset);
    return undefined;
  }
  const report = result;
  if (chooseOther) await s.datasets.remember(target, dataset);
  s.lastReport = report;
  s.status.update(report.inspect.backend.name, report.inspect.backend.reason);
  s.reports.fire(report);
  return report;
}

/** Shows the report in the model's panel, or an LPM-only report in the LPM's panel beside it. */
export function showPanel(s: Services, report: AnalysisReport): DiagnosticsPanel {
  const panel = DiagnosticsPanel.show(s.context.extensionUri, s.onPanelMessage, s.log, slotOf(report));
  void panel.showReport(report);
  return panel;
}

/** A dataset given as a command argument (scripts, keybindings, tests) is taken as is. */
function isDatasetChoice(value: unknown): value is DatasetChoice {
  return typeof value === 'object' && value !== null && typeof (value as DatasetChoice).data === 'string';
}

/** The data for a model: given, remembered (unless `ask`), or picked. Remembered by `analyze` once it worked. */
export async function datasetFor(s: Services, model: vscode.Uri, ask: boolean, given?: unknown): Promise<DatasetChoice | undefined> {
  if (isDatasetChoice(given)) return given;
  const remembered = s.datasets.get(model);
  return !ask && remembered ? remembered : pickDataset(s.datasets, model);
}

async function inspectModel(s: Services, arg?: unknown, given?: unknown): Promise<AnalysisReport | undefined> {
  const model = await resolveModel(s, arg);
  if (!model) return undefined;
  // A bundled sample comes with its data, title and class names.
  const bundled = sampleOf(s.context.extensionUri, model);
  if (bundled && !isDatasetChoice(given)) return inspectSample(s, bundled);
  const dataset = await datasetFor(s, model, true, given);
  if (!dataset) return undefined;
  const report = await analyze(s, model, dataset, `Inspecting ${vscode.workspace.asRelativePath(model)}`, [], () => inspectModel(s, model), true);
  if (report) showPanel(s, report);
  return report;
}

async function check(s: Services, kind: CheckKind, arg?: unknown, given?: unknown, ask = false): Promise<AnalysisReport | undefined> {
  const model = await resolveModel(s, arg);
  if (!model) return undefined;
  const dataset = await datasetFor(s, model, ask, given);
  if (!dataset) return undefined;
  const what = kind === 'neural' ? 'neural collapse' : 'minority collapse';
  s.problems.clear(model, kind);
  const report = await analyze(s, model, dataset, `Checking ${what} of ${vscode.workspace.asRelativePath(model)}`, [], () => check(s, kind, model, undefined, true));
  if (!report) return undefined;
  const found = checkVerdicts(report, kind);
  s.problems.set(model, kind, found, await classifierRange(model, report.inspect.model.classifierLayer), configuredSeverity(model));
  const worst = found.some((v) => v.tone === 'bad') ? 'bad' : found.some((v) => v.tone === 'warn') ? 'warn' : 'good';
  const summary = found.map((v) => `${v.title.split(' · ')[0]} ${v.display} (${v.label})`).join(', ');
  const show = worst === 'bad' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`Collapse Lens — ${what}: ${summary}`, 'Open Panel', 'Show Details').then((pick) => {
    if (pick === 'Open Panel') showPanel(s, report);
    if (pick === 'Show Details') {
      for (const v of found) s.log.info(verdictLine(v));
      s.log.show(true);
    }
  });
  return report;
}

async function compareCheckpoints(s: Services, arg?: unknown, given?: unknown): Promise<AnalysisReport | undefined> {
  let folder = arg instanceof vscode.Uri ? arg : undefined;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Compare checkpoints' });
    folder = picked?.[0];
  }
  if (!folder) return undefined;
  const target = folder;
  const dataset = await datasetFor(s, target, true, given);
  if (!dataset) return undefined;
  const report = await analyze(s, target, dataset, `Comparing checkpoints in ${vscode.workspace.asRelativePath(target)}`, [], () => compareCheckpoints(s, target), true);
  if (report) showPanel(s, report);
  return report;
}

async function pickSample(arg: unknown): Promise<string | undefined> {
  if (isSampleName(arg)) return arg;
  return vscode.window.showQuickPick([...SAMPLE_NAMES], { title: 'Bundled Fashion-MNIST sample (R = imbalance ratio)' });
}

async function inspectSample(s: Services, arg?: unknown): Promise<AnalysisReport | undefined> {
  const name = await pickSample(arg);
  if (!isSampleName(name)) return undefined;
  const smp = sample(s.context.extensionUri, name);
  const report = await analyze(s, smp.model, smp.dataset, `Inspecting the ${name} sample`, await sampleArgs(s.context.extensionUri, name), undefined, true);
  if (!report) return undefined;
  showPanel(s, report);
  if (name !== 'fashion-r1') void vscode.commands.executeCommand('setContext', 'collapseLens.minorityInspected', true);
  return report;
}

/** Opens a sample's model summary (layers, shapes, the classifier found), with the Inspect action on it. */
async function openSample(s: Services, arg?: unknown): Promise<void> {
  const name = await pickSample(arg);
  if (!isSampleName(name)) return;
  await showModelSummary(sample(s.context.extensionUri, name).model, `Model summary: Fashion-MNIST MLP, R = ${name.replace('fashion-r', '')} (bundled sample ${name})`);
}

export function registerAnalysisCommands(s: Services): vscode.Disposable[] {
  return [
    // Explorer menus pass (uri, selectedUris); scripts and tests may pass (uri, DatasetChoice).
    vscode.commands.registerCommand('collapseLens.inspectModel', (arg?: unknown, given?: unknown) => inspectModel(s, arg, given)),
    vscode.commands.registerCommand('collapseLens.checkNeuralCollapse', (arg?: unknown, given?: unknown) => check(s, 'neural', arg, given)),
    vscode.commands.registerCommand('collapseLens.checkMinorityCollapse', (arg?: unknown, given?: unknown) => check(s, 'minority', arg, given)),
    vscode.commands.registerCommand('collapseLens.compareCheckpoints', (arg?: unknown, given?: unknown) => compareCheckpoints(s, arg, given)),
    vscode.commands.registerCommand('collapseLens.inspectSample', (arg?: unknown) => inspectSample(s, arg)),
    vscode.commands.registerCommand('collapseLens.openSample', (arg?: unknown) => openSample(s, arg)),
  ];
}

