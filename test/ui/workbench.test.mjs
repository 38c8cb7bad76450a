// UI test in real Chromium against a real VS Code (code-server 4.100.3): run the command from the
// palette, find the panel in its webview frame, check what it shows, and keep a screenshot.
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  findWebviewFrame,
  guardNetwork,
  launchBrowser,
  makeWorkDir,
  runCommand,
  startCodeServer,
  waitForWorkbench,
  workbenchUrl,
} from '../vscode/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results', 'screenshots');

describe('workbench UI', { timeout: 180_000 }, () => {
  let work, server, browser, page, offending;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    work = makeWorkDir();
    server = await startCodeServer({ work });
    browser = await launchBrowser(work);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    offending = await guardNetwork(context);
    page = await context.newPage();
    await page.goto(workbenchUrl(server, { folder: join(root, 'test', 'fixtures', 'workspace'), extensionDevelopmentPath: root }));
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    work?.cleanup();
  });

  it('opens the themed diagnostics panel from the command palette', async () => {
    await runCommand(page, 'Collapse Lens: Show Diagnostics');
    const frame = await findWebviewFrame(page, '#app h1');
    assert.equal((await frame.textContent('#app h1'))?.trim(), 'Collapse Lens');
    // Themed: the body takes its colours from the workbench's --vscode-* variables.
    const themed = await frame.evaluate(() => {
      const style = getComputedStyle(document.body);
      const probe = document.createElement('div');
      probe.style.color = style.getPropertyValue('--vscode-editor-background');
      document.body.append(probe);
      const editorBackground = getComputedStyle(probe).color;
      probe.remove();
      return { fg: style.getPropertyValue('--vscode-foreground').trim(), background: style.backgroundColor, editorBackground, kind: document.body.dataset.vscodeThemeKind };
    });
    await page.screenshot({ path: join(shots, 'workbench-panel.png') });
    assert.ok(themed.fg, '--vscode-foreground is set in the webview');
    assert.match(themed.kind ?? '', /^vscode-(light|dark|high-contrast)/);
    assert.equal(themed.background, themed.editorBackground, 'the panel is painted with the editor background of the theme');
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
