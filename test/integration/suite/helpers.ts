// Shared by the integration suites: the activated extension's API and the test workspace's files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CollapseLensApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'collapse-lens.collapse-lens';

export async function activateApi(): Promise<CollapseLensApi> {
  const ext = vscode.extensions.getExtension<CollapseLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test host`);
  return ext.activate();
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need the test workspace folder open');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

export const MODEL = () => workspaceFile('mlp', 'model.json');
export const DATASET = () => ({ data: workspaceFile('data', 'train.csv').fsPath, testData: workspaceFile('data', 'test.csv').fsPath });

export function waitFor<T>(what: string, ms: number, poll: () => T | undefined | false): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = poll();
      if (v) return resolve(v);
      if (Date.now() - started > ms) return reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}
