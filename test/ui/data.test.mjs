// Data that failed are not remembered (issue 16 item 3), in real VS Code (code-server 4.100.3) and
// Chromium: Check Neural Collapse with a data file of the wrong width fails; the error offers
// "Choose Other Data…"; the failed file is neither reused nor listed as recent; the data that worked
// are reused by the next check without asking.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { guardNetwork, launchBrowser, makeWorkDir, runCommand, startCodeServer, waitForWorkbench, workbenchUrl } from '../vscode/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results', 'screenshots');
const workspace = join(root, 'test', 'fixtures', 'workspace');

describe('remembered data', { timeout: 240_000 }, () => {
  let work, server, browser, page, offending, badFile;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    work = makeWorkDir();
    // The workspace's training CSV without its last feature column: 3 features for a 4-input model.
    const rows = readFileSync(join(workspace, 'data', 'train.csv'), 'utf8').trim().split('\n');
    badFile = join(work.dir, 'narrow', 'three-features.csv');
    mkdirSync(dirname(badFile), { recursive: true });
    writeFileSync(badFile, rows.map((r) => r.split(',').filter((_, i, a) => i !== a.length - 2).join(',')).join('\n') + '\n');
    server = await startCodeServer({ work });
    browser = await launchBrowser(work);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    offending = await guardNetwork(context);
    page = await context.newPage();
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: root }));
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    work?.cleanup();
  });

  const quickInput = () => page.locator('.quick-input-widget');
  const rows = () => quickInput().locator('.quick-input-list .monaco-list-row');

  /** In the data quick pick: "Choose a data file…", then the path typed into VS Code's file dialog. */
  async function chooseFile(file) {
    await rows().filter({ hasText: 'Choose a data file…' }).first().click();
    // code-server's file dialog is a quick input with the path and an OK button named by openLabel.
    const ok = quickInput().locator('.monaco-button', { hasText: 'Use as training data' });
    await ok.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in its start folder (the model's) and lists it after it shows: wait for that,
    // or the typed path is appended to the folder's.
    await quickInput().locator('.quick-input-list .monaco-list-row', { hasText: 'model.json' }).first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-box input')?.value.endsWith('/mlp/'), undefined, { timeout: 15_000 });
    await quickInput().locator('.quick-input-box input').fill(file);
    await ok.click();
    await quickInput().waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Opens mlp/model.json from the explorer, so the commands are about it (the active editor). */
  async function openModel() {
    const explorer = page.locator('.explorer-folders-view');
    await explorer.locator('.monaco-list-row', { hasText: 'mlp' }).first().click();
    await explorer.locator('.monaco-list-row', { hasText: 'model.json' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'model.json' }).first().waitFor({ timeout: 15_000 });
  }

  const toast = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  it('a data file that fails is offered for replacement and not reused; the data that worked are', async () => {
    await openModel();
    await runCommand(page, 'Collapse Lens: Check Neural Collapse');
    await rows().filter({ hasText: 'Choose a data file…' }).first().waitFor({ timeout: 30_000 });
    await chooseFile(badFile);
    const error = toast('three-features.csv');
    await error.waitFor({ timeout: 90_000 });
    const buttons = (await error.locator('.monaco-button').allTextContents()).map((t) => t.trim());
    await page.screenshot({ path: join(shots, 'data-failed.png') });
    assert.ok(buttons.includes('Choose Other Data…'), `the error offers Choose Other Data…: ${buttons.join(' | ')}`);
    await error.locator('.monaco-button', { hasText: 'Choose Other Data…' }).click();
    // The quick pick again, without the file that failed.
    await rows().filter({ hasText: 'Choose a data file…' }).first().waitFor({ timeout: 15_000 });
    const listed = (await rows().allTextContents()).join(' | ');
    assert.ok(!listed.includes('three-features.csv'), `the failed file is not listed: ${listed}`);
    await chooseFile(join(workspace, 'data', 'train.csv'));
    await toast('Collapse Lens — neural collapse').waitFor({ timeout: 90_000 });
    await page.screenshot({ path: join(shots, 'data-worked.png') });
    // Clear the notifications so the next verdict is the only one.
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 15_000 });
    // The next check reuses train.csv without asking: no quick pick, straight to the verdicts (had it
    // asked, no analysis would run and the wait for the verdicts would fail).
    await page.locator('.tabs-container .tab', { hasText: 'model.json' }).first().click();
    await runCommand(page, 'Collapse Lens: Check Neural Collapse');
    await toast('Collapse Lens — neural collapse').waitFor({ timeout: 90_000 });
    assert.equal(await quickInput().isVisible(), false, 'no quick pick was needed');
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
