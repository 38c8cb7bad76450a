// UI test in real Chromium against a real VS Code (code-server 4.100.3): run the command from the
// palette, find the panel in its webview frame, check what it shows, and keep a screenshot.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
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
const fixture = join(root, 'test', 'fixtures', 'workspace');
// A folder of two checkpoint model folders in the workspace (copies of mlp/), for the Compare Checkpoints… menu.
const runs = join(fixture, 'ui-runs');

describe('workbench UI', { timeout: 180_000 }, () => {
  let work, server, browser, page, offending;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    for (const epoch of ['epoch-1', 'epoch-2']) cpSync(join(fixture, 'mlp'), join(runs, epoch), { recursive: true });
    work = makeWorkDir();
    server = await startCodeServer({ work });
    browser = await launchBrowser(work);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    offending = await guardNetwork(context);
    page = await context.newPage();
    await page.goto(workbenchUrl(server, { folder: join(root, 'test', 'fixtures', 'workspace'), extensionDevelopmentPath: root }));
    await waitForWorkbench(page);
  });

  /** The Inspect Model action in the title bar of the active editor group (on a model summary document). */
  const summaryInspectAction = () => page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Inspect Model"]').first();

  afterEach(async (t) => {
    // A failing step leaves a picture of the workbench behind.
    if (t.passed === false) await page?.screenshot({ path: join(shots, `failed-${t.name.replace(/\W+/g, '-').slice(0, 60)}.png`) });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    work?.cleanup();
    rmSync(runs, { recursive: true, force: true });
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
    const menu = page.locator('.context-view .monaco-menu');
    const menuLabels = async (row) => {
      await row.click({ button: 'right' });
      await menu.waitFor({ timeout: 10_000 });
      const labels = await menu.locator('.action-label').allTextContents();
      return labels.map((l) => l.trim()).filter(Boolean);
    };
    // The context key is published once the extension has scanned the workspace (activation on model.json),
    // and a menu reads the keys when it opens: re-open it until the entry is there. Every step waits on the
    // menu's DOM state (shown, then hidden); no pause, attempt count or time limit of its own (the suite's
    // timeout is the failure guard).
    let labels = await menuLabels(modelRow);
    while (!labels.includes('Inspect Model…')) {
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 10_000 });
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

  it('offers Compare Checkpoints… on a folder of checkpoint folders only, not on a plain folder', async () => {
    const explorer = page.locator('.explorer-folders-view');
    const menuLabels = async (name) => {
      await explorer.locator('.monaco-list-row', { hasText: name }).first().click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu');
      await menu.waitFor({ timeout: 10_000 });
      const labels = (await menu.locator('.action-label').allTextContents()).map((l) => l.trim()).filter(Boolean);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden', timeout: 10_000 });
      return labels;
    };
    // The extension sets the checkpoint folders' context key before the model files' one, and the test
    // above saw the model files' key in a menu: this key is already set, one look suffices.
    const labels = await menuLabels('ui-runs');
    assert.ok(labels.includes('Compare Checkpoints…'), `checkpoint folder menu: ${labels.join(' | ')}`);
    const plain = await menuLabels('data');
    assert.ok(plain.length > 0, 'the data folder menu opened');
    assert.ok(!plain.includes('Compare Checkpoints…'), `plain folder menu: ${plain.join(' | ')}`);
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
    // The step's command opens a summary a person can read: the sample's layers and the classifier found,
    // as markdown, with the Inspect action in the editor's title bar (not the one-line minified model.json).
    await page.locator('.tabs-container .tab.active', { hasText: 'fashion-r1 model summary.md' }).first().waitFor({ timeout: 60_000 });
    const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await lines.filter({ hasText: 'The classifier Collapse Lens analyses' }).first().waitFor({ timeout: 60_000 });
    const text = (await lines.first().innerText()).replace(/\s+/g, ' ');
    // The sample's architecture (media/samples/README.md): hidden3 (64 units) feeds the 10-class dense classifier.
    assert.match(text, /\*\*Classifier\*\*: `classifier`, a dense layer: W is K × d = 10 × 64/);
    assert.match(text, /the output of `hidden3`, d = 64/);
    assert.match(text, /\| hidden1 +\| Dense \(relu\)/);
    await summaryInspectAction().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(shots, 'walkthrough-step-ran.png') });
  });

  it('the walkthrough button "Fit the Layer-Peeled Model" asks counts, E_H and E_W, fits, and only then ticks the step', async () => {
    await runCommand(page, 'Collapse Lens: Open Walkthrough');
    const step = page.locator('.getting-started-step', { hasText: 'Fit the Layer-Peeled Model' }).first();
    await step.waitFor({ timeout: 20_000 });
    await step.click({ timeout: 15_000 });
    const ticked = () => page.evaluate(() => document.querySelector('.getting-started-step [data-done-step-id$="#lpm"]')?.classList.contains('complete'));
    assert.equal(await ticked(), false, 'the step starts unticked');
    const button = step.locator('.button-container .monaco-button', { hasText: 'Fit the Layer-Peeled Model' }).first();
    await button.waitFor({ timeout: 10_000 });
    await button.click({ timeout: 15_000 });
    const box = page.locator('.quick-input-widget');
    const input = box.locator('.quick-input-box input');
    const boxTitled = (titlePart) => box.locator('.quick-input-title', { hasText: titlePart }).waitFor({ state: 'visible', timeout: 15_000 });
    await boxTitled('samples per class');
    // As a person would: the step's text is on screen (its markdown webview rendered) before answering.
    const heading = readFileSync(join(root, 'media', 'walkthrough', '5-lpm.md'), 'utf8').match(/^# (.+)$/m)[1].replace(/[*_`]/g, '');
    await findWebviewFrame(page, `h1:has-text(${JSON.stringify(heading)})`, 30_000);
    assert.equal(await ticked(), false, 'pressing the button does not tick the step; only a finished fit does');
    // Enter goes down, the box reacts (moves on, or closes), then Enter comes up, as when a person types.
    // Where the focus is at that moment is where the key-up lands. Before the fix the box closed between
    // questions and the focus went back to the walkthrough: the key-up selected the walkthrough step,
    // which took the focus from the next box and closed it. A MutationObserver notes the focus in the
    // same task as the box's reaction, so this does not depend on how fast anything runs.
    const answer = async (titlePart, value) => {
      await boxTitled(titlePart);
      // The walkthrough focuses a step it selected a moment after the click, which may come after the
      // box showed (the box stays, ignoreFocusOut): click into it, as a person would.
      await input.click({ timeout: 15_000 });
      if (value !== undefined) await input.fill(value);
      await page.evaluate((part) => {
        const widget = document.querySelector('.quick-input-widget');
        window.__focusAfterAccept = new Promise((resolveFocus) => {
          const observer = new MutationObserver(() => {
            const title = widget.querySelector('.quick-input-title')?.textContent ?? '';
            if (widget.style.display !== 'none' && title.includes(part)) return;
            observer.disconnect();
            const active = document.activeElement;
            resolveFocus(widget.contains(active) && widget.style.display !== 'none' ? 'input box' : `${active?.tagName.toLowerCase()}.${active?.className}`);
          });
          observer.observe(widget, { attributes: true, childList: true, subtree: true, characterData: true });
        });
      }, titlePart);
      await page.keyboard.down('Enter');
      // Resolved by the box's own reaction (the observer above); a box that never reacts fails by the suite's timeout.
      const focus = await page.evaluate(() => window.__focusAfterAccept);
      await page.keyboard.up('Enter');
      return focus;
    };
    // The counts box is accepted as prefilled (no model analysed yet: the 10-class default).
    assert.equal(await answer('samples per class'), 'input box', 'after the counts, the focus stays in the input box');
    assert.equal(await answer('E_H', '5'), 'input box', 'after E_H, the focus stays in the input box');
    await answer('E_W', '1');
    await box.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Layer-Peeled Model (K = 10, E_H·E_W = 5)' }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'walkthrough-fit-lpm.png') });
    // The finished fit ticks the step.
    await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).first().click({ timeout: 15_000 });
    await page.waitForFunction(
      () => document.querySelector('.getting-started-step [data-done-step-id$="#lpm"]')?.classList.contains('complete') ?? false,
      undefined,
      { timeout: 15_000 },
    );
  });

  it('Fit Layer-Peeled Model… opens beside the model\'s panel, with its class names, rounded budgets and no model-only wording', async () => {
    const classNames = JSON.parse(readFileSync(join(root, 'media', 'samples', 'samples.json'), 'utf8')).classNames;
    // The model's panel from the Inspect action of the sample's summary document.
    await runCommand(page, 'Collapse Lens: Open Bundled Sample');
    const box = page.locator('.quick-input-widget');
    await box.locator('.quick-input-list .monaco-list-row', { hasText: 'fashion-r1000' }).first().click({ timeout: 15_000 });
    await page.locator('.tabs-container .tab.active', { hasText: 'fashion-r1000 model summary.md' }).first().waitFor({ timeout: 60_000 });
    await summaryInspectAction().click({ timeout: 15_000 });
    const modelTab = page.locator('.tabs-container .tab', { hasText: 'Collapse Lens: Fashion-MNIST MLP, R = 1000' }).first();
    await modelTab.waitFor({ timeout: 120_000 });
    // The second webview opens while the first may still be loading: with the bundle fetched from dist/,
    // code-server's resource service worker sometimes missed the new frame and the LPM panel stayed blank
    // (src/extension/panelHtml.ts inlines it since).
    await runCommand(page, 'Collapse Lens: Fit Layer-Peeled Model…');
    const input = box.locator('.quick-input-box input');
    const typed = [];
    for (const title of ['samples per class', 'E_H', 'E_W']) {
      await box.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
      typed.push(await input.inputValue());
      // Accepted as prefilled; the next box has another title (or the box closes after E_W).
      await input.press('Enter');
    }
    await box.waitFor({ state: 'hidden', timeout: 15_000 });
    const [counts, eh, ew] = typed;
    assert.equal(counts, '1000,1000,1000,1000,1000,1,1,1,1,1', 'the counts are the model\'s (R = 1000 sample: 1000 majority, 1 minority each)');
    for (const [name, value] of [['E_H', eh], ['E_W', ew]]) {
      assert.ok(Number(value) > 0, `${name} ${value} is a positive number`);
      // At most 4 significant digits: the digits of the number without sign, point, exponent and leading/trailing zeros.
      const digits = value.replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
      assert.ok(digits.replace(/0+$/, '').length <= 4, `${name} is prefilled rounded to 4 significant digits: ${value}`);
    }
    const lpmTitle = `Layer-Peeled Model at the counts of Fashion-MNIST MLP, R = 1000 (K = 10, E_H·E_W = ${+(Number(eh) * Number(ew)).toPrecision(4)})`;
    const lpmTab = page.locator('.tabs-container .tab', { hasText: lpmTitle }).first();
    await lpmTab.waitFor({ timeout: 60_000 });
    // Beside: the model's panel is still open, in another editor group, and both are the visible tab of their group.
    await modelTab.waitFor({ timeout: 5_000 });
    const groups = page.locator('.editor-group-container');
    const groupOf = async (text) => {
      const all = await groups.all();
      for (let g = 0; g < all.length; g++) if ((await all[g].locator('.tabs-container .tab.active', { hasText: text }).count()) > 0) return g;
      return -1;
    };
    const modelGroup = await groupOf('Collapse Lens: Fashion-MNIST MLP, R = 1000');
    const lpmGroup = await groupOf('Layer-Peeled Model at the counts of');
    assert.ok(modelGroup >= 0 && lpmGroup >= 0 && modelGroup !== lpmGroup, `model panel in group ${modelGroup}, LPM panel in group ${lpmGroup}`);
    const frame = await findWebviewFrame(page, `#app h1:has-text(${JSON.stringify(lpmTitle)})`, 30_000);
    await page.screenshot({ path: join(shots, 'fit-lpm-beside.png') });
    const header = (await frame.textContent('.report-header')) ?? '';
    assert.match(header, /none: the Layer-Peeled Model optimum itself/);
    const page$ = (await frame.textContent('#app')) ?? '';
    assert.ok(!page$.includes('features given directly'), 'no "features given directly" on an LPM-only report');
    assert.ok(!/the network/i.test(page$), 'no "the network" on an LPM-only report');
    for (const modelOnly of ['Model classifiers', 'Model centred means', 'this model’s majority/minority split']) {
      assert.ok(!page$.includes(modelOnly), `no "${modelOnly}" on an LPM-only report`);
    }
    assert.ok(page$.includes('LPM classifiers w_k') && page$.includes('LPM features h̄_k'), 'the heatmaps name the optimum\'s factors');
    // The classes keep the model's names: the per-class table's Name column (there only when the report has names).
    const names = await frame.$eval('table[data-table="classes"]', (table) => {
      const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent?.trim() === 'Name');
      return column < 0 ? null : [...table.querySelectorAll('tbody tr')].map((r) => r.children[column]?.textContent?.trim());
    });
    assert.ok(names, 'the per-class table has a Name column');
    assert.deepEqual([...names].sort(), [...classNames].sort(), `class names ${names.join(', ')}`);
  });

  it('a fit shows its panel\'s skeleton and the engine\'s stage at once, before any result; Cancel puts back the report on show', async () => {
    // A long real job (the LPM for 300 long-tailed classes, the most a report fits with this many distinct
    // counts, at E_H = 50: 37 s alone on this machine), so the skeleton is there while it runs; the test waits
    // on the DOM only and ends the job with Cancel.
    const counts = Array.from({ length: 300 }, (_, k) => Math.max(1, Math.round(5000 * Math.exp(-k / 60)))).join(',');
    await runCommand(page, 'Collapse Lens: Fit Layer-Peeled Model…');
    const box = page.locator('.quick-input-widget');
    const input = box.locator('.quick-input-box input');
    for (const [title, value] of [['samples per class', counts], ['E_H', '50'], ['E_W', '1']]) {
      await box.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(value);
      await input.press('Enter');
    }
    const frame = await findWebviewFrame(page, '[data-skeleton] .skeleton-progress[role="progressbar"]', 60_000);
    assert.equal((await frame.textContent('[data-skeleton] h1'))?.trim(), 'Fitting the Layer-Peeled Model');
    assert.equal(await frame.$('.report-header'), null, 'no report yet: the skeleton stands in for it');
    await page.screenshot({ path: join(shots, 'panel-skeleton.png') });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Fitting the Layer-Peeled Model' }).first();
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click({ timeout: 15_000 });
    // Cancelled: the panel shows again the LPM report it had before the fit started.
    await frame.waitForSelector('.report-header', { timeout: 30_000 });
    assert.equal(await frame.$('[data-skeleton]'), null);
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
