// Choose Out-of-Distribution Data…: picks an OOD data set for a model (recent OOD sets first, a file or an
// image folder, or none), adds it to the model's data choice and re-runs Inspect Model, which remembers the
// choice, OOD set included, once the analysis worked (as it does the test set). The report then has NC5.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../protocol/report';
import type { DatasetChoice } from '../datasets';
import { browseForData, pickDataset } from '../datasets';
import type { Services } from '../services';
import { resolveModel } from './analyze';

/** The OOD path for a model: recent ones, browse, or none (''). Undefined when the user dismisses. */
async function pickOod(s: Services, model: vscode.Uri, current: string | undefined): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { ood?: string; browse?: 'file' | 'folder' };
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const r of [s.datasets.get(model), ...s.datasets.recent()]) {
    const ood = r?.oodData;
    if (!ood || seen.has(ood)) continue;
    seen.add(ood);
    items.push({ label: `$(database) ${path.basename(ood)}`, description: vscode.workspace.asRelativePath(ood), detail: ood === current ? 'current' : undefined, ood });
  }
  items.push({ label: '$(file) Choose a data file…', description: '.npy, .npz, .csv, IDX (labels not needed)', browse: 'file' }, { label: '$(folder) Choose an image folder…', description: 'root/<folder>/*.png|jpg', browse: 'folder' });
  if (current) items.push({ label: '$(close) No out-of-distribution data', ood: '' });
  const pick = await vscode.window.showQuickPick(items, { title: `Out-of-distribution data for ${vscode.workspace.asRelativePath(model)}`, placeHolder: 'Data the model was not trained on; NC5 measures how orthogonal its mean feature is to the classifiers' });
  if (!pick) return undefined;
  if (pick.ood !== undefined) return pick.ood;
  return browseForData(model, pick.browse ?? 'file', 'Use as out-of-distribution data');
}

/** (model, oodPath) from scripts and tests; else the model is resolved and the OOD set picked. */
async function chooseOodData(s: Services, arg?: unknown, given?: unknown): Promise<AnalysisReport | undefined> {
  const model = await resolveModel(s, arg);
  if (!model) return undefined;
  const base: DatasetChoice | undefined = s.datasets.get(model) ?? (await pickDataset(s.datasets, model));
  if (!base) return undefined;
  const ood = typeof given === 'string' ? given : await pickOod(s, model, base.oodData);
  if (ood === undefined) return undefined;
  const { oodData: _previous, ...rest } = base;
  void _previous;
  const choice: DatasetChoice = ood ? { ...rest, oodData: ood } : rest;
  return vscode.commands.executeCommand<AnalysisReport | undefined>('collapseLens.inspectModel', model, choice);
}

export function registerOodCommands(s: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('collapseLens.chooseOodData', (arg?: unknown, given?: unknown) => chooseOodData(s, arg, given))];
}
