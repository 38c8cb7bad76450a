// Which data go with which model: picked once with a quick pick (recent choices first, or a file or
// folder dialog), then remembered per model in workspace state so re-runs are one click. Only data
// that an analysis ran on successfully are remembered (and listed as recent).
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface DatasetChoice {
  /** Inputs: .npy/.npz, CSV, an IDX images file, or an image folder (root/<class>/*.png). */
  data: string;
  /** Labels file when the inputs file has none (.npy inputs, IDX images). */
  labels?: string;
  /** Held-out data for NC4 on test. */
  testData?: string;
  testLabels?: string;
  /** Out-of-distribution data for NC5 (any format of `data`; labels not used). */
  oodData?: string;
}

const KEY = 'collapseLens.datasets';
const RECENT = 'collapseLens.recentDatasets';

/** Labels files that may sit next to an inputs file, by the usual naming: *-images.npy → *-labels.npy, x.npy → y.npy, …-idx3-ubyte → …-idx1-ubyte. */
export function labelCandidates(data: string): string[] {
  const dir = path.dirname(data);
  const base = path.basename(data);
  const names = [
    base.replace(/images/i, (m) => (m === 'IMAGES' ? 'LABELS' : 'labels')),
    base.replace(/^x(?=[._-])/i, (m) => (m === 'X' ? 'Y' : 'y')),
    base.replace(/features/i, 'labels'),
    base.replace(/idx3-ubyte/, 'idx1-ubyte').replace(/images/, 'labels'),
  ];
  return [...new Set(names.filter((n) => n !== base))].map((n) => path.join(dir, n));
}

export class DatasetMemory {
  constructor(private readonly state: vscode.Memento) {}

  get(model: vscode.Uri): DatasetChoice | undefined {
    return this.state.get<Record<string, DatasetChoice>>(KEY, {})[model.fsPath];
  }

  async remember(model: vscode.Uri, choice: DatasetChoice): Promise<void> {
    const all = { ...this.state.get<Record<string, DatasetChoice>>(KEY, {}), [model.fsPath]: choice };
    await this.state.update(KEY, all);
    const recent = [choice, ...this.recent().filter((r) => r.data !== choice.data)].slice(0, 8);
    await this.state.update(RECENT, recent);
  }

  /** A choice that failed for this model is no longer its remembered data (the next run asks). */
  async forget(model: vscode.Uri, choice: DatasetChoice): Promise<void> {
    const all = { ...this.state.get<Record<string, DatasetChoice>>(KEY, {}) };
    if (all[model.fsPath]?.data !== choice.data) return;
    delete all[model.fsPath];
    await this.state.update(KEY, all);
  }

  recent(): DatasetChoice[] {
    return this.state.get<DatasetChoice[]>(RECENT, []);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.file(file));
    return true;
  } catch {
    return false;
  }
}

/** Completes a data choice with its labels file when one sits next to it. */
export async function withGuessedLabels(data: string): Promise<DatasetChoice> {
  if (/\.(npz|csv)$/i.test(data)) return { data };
  for (const labels of labelCandidates(data)) if (await exists(labels)) return { data, labels };
  return { data };
}

/** Asks for the data of a model: recent choices, or browse. Undefined when the user dismisses. */
export async function pickDataset(memory: DatasetMemory, model: vscode.Uri): Promise<DatasetChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice?: DatasetChoice; browse?: 'file' | 'folder' };
  const remembered = memory.get(model);
  const items: Item[] = [];
  for (const r of [remembered, ...memory.recent()].filter((r): r is DatasetChoice => Boolean(r))) {
    if (items.some((i) => i.choice?.data === r.data)) continue;
    items.push({ label: `$(database) ${path.basename(r.data)}`, description: vscode.workspace.asRelativePath(r.data), detail: r.labels ? `labels: ${vscode.workspace.asRelativePath(r.labels)}` : undefined, choice: r });
  }
  items.push({ label: '$(file) Choose a data file…', description: '.npy, .npz, .csv, IDX', browse: 'file' }, { label: '$(folder) Choose an image folder…', description: 'root/<class>/*.png|jpg', browse: 'folder' });
  const pick = await vscode.window.showQuickPick(items, { title: `Data for ${vscode.workspace.asRelativePath(model)}`, placeHolder: 'The data the model was trained on (NC is measured on training data)' });
  if (!pick) return undefined;
  if (pick.choice) return pick.choice;
  const data = await browseForData(model, pick.browse ?? 'file', 'Use as training data');
  return data === undefined ? undefined : withGuessedLabels(data);
}

/** A data file or an image folder from the open dialog, starting in the model's folder. Undefined when dismissed. */
export async function browseForData(model: vscode.Uri, kind: 'file' | 'folder', openLabel: string): Promise<string | undefined> {
  const uris = await vscode.window.showOpenDialog({
    canSelectFiles: kind === 'file',
    canSelectFolders: kind === 'folder',
    canSelectMany: false,
    defaultUri: vscode.Uri.joinPath(model, '..'),
    openLabel,
  });
  return uris?.[0]?.fsPath;
}
