// Separation Across Layers…: the analysis of the model with the `layers` section (report --layers all),
// shown in the panel (its skeleton at once, as for Inspect Model…). From the Explorer menu on a model.json,
// the command palette, the walkthrough (a bundled sample's name), or scripts and tests with (uri, DatasetChoice).
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../protocol/report';
import { isSampleName, sample, sampleArgs } from '../samples';
import type { Services } from '../services';
import { analyze, datasetFor, resolveModel, showPanel } from './analyze';

async function separationAcrossLayers(s: Services, arg?: unknown, given?: unknown): Promise<AnalysisReport | undefined> {
  if (isSampleName(arg)) {
    // The walkthrough's link: a bundled sample by name, with its own data and options.
    const smp = sample(s.context.extensionUri, arg);
    const report = await analyze(s, smp.model, smp.dataset, `Separation across the layers of the ${arg} sample`, [...(await sampleArgs(s.context.extensionUri, arg)), '--layers', 'all'], undefined, true);
    if (report) showPanel(s, report);
    return report;
  }
  const model = await resolveModel(s, arg);
  if (!model) return undefined;
  const dataset = await datasetFor(s, model, given === undefined, given);
  if (!dataset) return undefined;
  const report = await analyze(s, model, dataset, `Separation across the layers of ${vscode.workspace.asRelativePath(model)}`, ['--layers', 'all'], () => separationAcrossLayers(s, model), true);
  if (report) showPanel(s, report);
  return report;
}

export function registerLayersCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('collapseLens.separationAcrossLayers', (arg?: unknown, given?: unknown) => separationAcrossLayers(s, arg, given))];
}
