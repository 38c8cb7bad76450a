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

  it('offers the Collapse Lens menu on a tfjs model.json in the explorer, not on package.json', async () => {
    const explorer = page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: 'mlp' }).first().click();
    const modelRow = explorer.locator('.monaco-list-row', { hasText: 'model.json' }).first();
    await modelRow.waitFor({ timeout: 15_000 });
    const menuLabels = async (row) => {
      await row.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor({ timeout: 10_000 });
      const labels = await menu.locator('.action-label').allTextContents();
      return labels.map((l) => l.trim()).filter(Boolean);
    };
    // The context key is published once the extension has scanned the workspace (activation on model.json):
    // re-open the menu until it is there. No attempt count or time limit of its own (the suite's timeout is
    // the failure guard), so a slow machine only takes longer; the pause between polls is not an assertion.
    let labels = await menuLabels(modelRow);
    while (!labels.includes('Inspect Model…')) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
      labels = await menuLabels(modelRow);
    }
    assert.ok(labels.includes('Inspect Model…'), `model.json menu: ${labels.join(' | ')}`);
    assert.ok(labels.includes('Check Neural Collapse') && labels.includes('Check Minority Collapse'));
    await page.screenshot({ path: join(shots, 'explorer-menu-model-json.png') });
    await page.keyboard.press('Escape');
    const other = await menuLabels(explorer.locator('.monaco-list-row', { hasText: 'package.json' }).first());
    assert.ok(other.length > 0, 'the package.json context menu opened');
    assert.ok(!other.includes('Inspect Model…') && !other.includes('Check Neural Collapse'), `package.json menu: ${other.join(' | ')}`);
    await page.keyboard.press('Escape');
  });

  it('opens the walkthrough, and a step button runs its command', async () => {
    await runCommand(page, 'Collapse Lens: Open Walkthrough');
    const title = page.locator('.gettingStartedContainer', { hasText: 'Neural collapse and minority collapse with Collapse Lens' });
    await title.first().waitFor({ timeout: 20_000 });
    await page.locator('.getting-started-step', { hasText: 'Open the sample' }).first().click();
    const button = page.locator('.getting-started-step a, .getting-started-step .button-link', { hasText: 'Open the balanced sample' }).first();
    await button.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(shots, 'walkthrough.png') });
    await button.click();
    // The step's command opens the bundled sample's model.json in an editor.
    await page.locator('.tabs-container .tab', { hasText: 'model.json' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(shots, 'walkthrough-step-ran.png') });
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
