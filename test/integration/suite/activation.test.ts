import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CollapseLensApi } from '../../../src/extension/extension';
import type { FromPanelMessage } from '../../../src/protocol/panel';
import { command } from './helpers';

const EXTENSION_ID = 'collapse-lens.collapse-lens';

describe('Collapse Lens in a real VS Code', () => {
  let api: CollapseLensApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<CollapseLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the test host`);
    api = await ext.activate();
  });

  it('runs in VS Code 1.100.3', () => {
    console.log(`VS Code ${vscode.version} (${vscode.env.appHost})`);
    assert.equal(vscode.version, '1.100.3');
  });

  it('registers its command after activation', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(command('showDiagnostics')), `${command('showDiagnostics')} missing`);
  });

  it('opens the diagnostics panel, which posts a typed ready message', async () => {
    const ready = new Promise<FromPanelMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ready message from the panel within 30 s')), 30_000);
      const sub = api.onPanelMessage((message) => {
        clearTimeout(timer);
        sub.dispose();
        resolve(message);
      });
    });
    await vscode.commands.executeCommand(command('showDiagnostics'));
    const message = await ready;
    assert.equal(message.type, 'ready');
    assert.match(message.theme, /^vscode-(light|dark|high-contrast)/);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputWebview, 'the active tab is a webview');
    assert.equal(tab.label, 'Collapse Lens');
  });
});
