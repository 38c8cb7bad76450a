// Knows which model.json files in the workspace are TensorFlow.js models (they have modelTopology
// and weightsManifest), and publishes them in a context key so menus show only on those files; and
// which folders hold checkpoints (sub-folders with such a model.json), for "Compare Checkpoints…".
import * as vscode from 'vscode';
import { checkpointFolders } from './checkpointFolders';

export const MODEL_FILES_CONTEXT = 'collapseLens.tfjsModelFiles';
export const CHECKPOINT_FOLDERS_CONTEXT = 'collapseLens.checkpointFolders';

/**
 * Cheap check on a model.json's text, run on the extension-host thread for every model.json in the
 * workspace: a JSON object that names both tfjs keys. No JSON.parse of what can be megabytes of graph
 * topology; the engine validates the file properly when it is analysed.
 */
export function looksLikeTfjsModel(text: string): boolean {
  return text.trimStart().startsWith('{') && text.includes('"modelTopology"') && text.includes('"weightsManifest"');
}

export async function isTfjsModelFile(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > 64 * 1024 * 1024) return false;
    return looksLikeTfjsModel(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch {
    return false;
  }
}

export class ModelFileIndex implements vscode.Disposable {
  private readonly files = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/model.json');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((u) => void this.check(u)),
      watcher.onDidChange((u) => void this.check(u)),
      watcher.onDidDelete((u) => {
        this.files.delete(u.fsPath);
        void this.publish();
      }),
    );
  }

  async scan(): Promise<void> {
    const found = await vscode.workspace.findFiles('**/model.json', '**/node_modules/**', 5000);
    await Promise.all(found.map((u) => this.check(u, false)));
    await this.publish();
    this.log.info(`found ${this.files.size} TensorFlow.js model file(s) in the workspace`);
  }

  has(uri: vscode.Uri): boolean {
    return this.files.has(uri.fsPath);
  }

  /** All known model files, sorted by path. */
  list(): vscode.Uri[] {
    return [...this.files].sort().map((p) => vscode.Uri.file(p));
  }

  async check(uri: vscode.Uri, publish = true): Promise<boolean> {
    const ok = await isTfjsModelFile(uri);
    if (ok) this.files.add(uri.fsPath);
    else this.files.delete(uri.fsPath);
    if (publish) await this.publish();
    return ok;
  }

  /** Folders holding checkpoint model folders (see checkpointFolders). */
  checkpointFolders(): string[] {
    return checkpointFolders(this.files);
  }

  /** Checkpoint folders first: once the model files' key is seen (menus, tests), the folders' key is already set. */
  private async publish(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CHECKPOINT_FOLDERS_CONTEXT, this.checkpointFolders());
    await vscode.commands.executeCommand('setContext', MODEL_FILES_CONTEXT, [...this.files]);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
