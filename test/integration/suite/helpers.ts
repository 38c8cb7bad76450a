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

/** The command ids the extension contributes, as package.json declares them (contributes.commands). */
export function contributedCommands(): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in the test host`);
  const commands: unknown = ext.packageJSON?.contributes?.commands;
  if (!Array.isArray(commands)) throw new Error('package.json has no contributes.commands list');
  return commands.map((c: { command?: unknown }) => String(c.command));
}

/** `command('inspectModel')` → the contributed id ending in `.inspectModel`; fails when package.json has none. */
export function command(name: string): string {
  const id = contributedCommands().find((c) => c.endsWith(`.${name}`));
  if (!id) throw new Error(`package.json contributes no command "….${name}"`);
  return id;
}

/** The next event `subscribe` delivers that `accept` takes (a typed wait on an event, no clock). */
export function nextEvent<T>(subscribe: (listener: (value: T) => void) => () => void, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const stop = subscribe((value) => {
      if (!accept(value)) return;
      stop();
      resolve(value);
    });
  });
}

/** Resolves when the process `pid` is gone (the OS has reaped it); polls, with `ms` only as a failure guard. */
export function processGone(pid: number, ms = 30_000): Promise<true> {
  return waitFor(`process ${pid} to exit`, ms, () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
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
