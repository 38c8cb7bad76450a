// What users install is what is tested: package the .vsix, install it into code-server with its own
// --install-extension, and run an analysis of the bundled sample from the installed extension.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findWebviewFrame, guardNetwork, installVsix, launchBrowser, makeWorkDir, runCommand, startCodeServer, waitForWorkbench, workbenchUrl } from '../vscode/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results', 'screenshots');
const vsix = join(root, 'out', 'collapse-lens.vsix');

describe('the packaged extension', { timeout: 240_000 }, () => {
  let work, server, browser, page, offending;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const mb = statSync(vsix).size / 2 ** 20;
    console.log(`packaged ${vsix}: ${mb.toFixed(2)} MB`);
    assert.ok(mb <= 15, `the .vsix is ${mb.toFixed(1)} MB, over the 15 MB goal`);
    work = makeWorkDir();
    const userDataDir = join(work.dir, 'user-data');
    const extensionsDir = join(work.dir, 'extensions');
    mkdirSync(userDataDir, { recursive: true });
    await installVsix({ work, vsix, userDataDir, extensionsDir });
    server = await startCodeServer({ work, userDataDir, extensionsDir });
    browser = await launchBrowser(work);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    offending = await guardNetwork(context);
    page = await context.newPage();
    await page.goto(workbenchUrl(server, { folder: join(root, 'test', 'fixtures', 'workspace') }));
    await waitForWorkbench(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    work?.cleanup();
  });

  it('inspects the bundled R = 1000 sample and shows minority collapse in the panel', async () => {
    await runCommand(page, 'Collapse Lens: Inspect Bundled Sample…');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'fashion-r1000' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await pick.click();
    const frame = await findWebviewFrame(page, '[data-verdict="minority"], .verdict', 90_000);
    // Wait for the rendered report itself (an event in the page), not for a fixed time.
    await frame.waitForFunction(() => /Fashion-MNIST MLP, R = 1000/.test(document.body.innerText) && /5, 6, 7, 8, 9/.test(document.body.innerText), undefined, { timeout: 90_000 });
    const text = await frame.evaluate(() => document.body.innerText);
    assert.match(text, /Fashion-MNIST MLP, R = 1000/);
    assert.match(text, /NC1/);
    assert.match(text, /Minority Collapse/);
    // The minority classes 5–9 are marked (theory.md §1.6 metrics on them).
    assert.match(text, /5, 6, 7, 8, 9/);
    await page.screenshot({ path: join(shots, 'installed-vsix-r1000.png'), fullPage: false });
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
