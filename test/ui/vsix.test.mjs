// What users install is what is tested: package the .vsix in a fresh checkout, install it into code-server with its own
// --install-extension, and run an analysis of the bundled sample from the installed extension.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findWebviewFrame, guardNetwork, installVsix, launchBrowser, makeWorkDir, runCommand, startCodeServer, waitForWorkbench, workbenchUrl } from '../vscode/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = join(root, 'test-results', 'screenshots');

/**
 * `npm run package` in a fresh checkout: the files git knows (tracked and not ignored), no dist/ or out/,
 * with this checkout's node_modules linked in (what `npm ci` would install).
 */
function packageFreshCheckout() {
  const fresh = mkdtempSync(join(tmpdir(), 'collapse-lens-fresh-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    try {
      cpSync(join(root, file), join(fresh, file));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // deleted in the work tree but not yet in the index
    }
  }
  symlinkSync(join(root, 'node_modules'), join(fresh, 'node_modules'), 'dir');
  try {
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: fresh, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw error;
  }
  return { vsix: join(fresh, 'out', 'collapse-lens.vsix'), cleanup: () => rmSync(fresh, { recursive: true, force: true }) };
}

describe('the packaged extension', { timeout: 240_000 }, () => {
  let work, server, browser, page, offending, fresh;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    fresh = packageFreshCheckout();
    const { vsix } = fresh;
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
    fresh?.cleanup();
  });

  it('inspects the bundled R = 1000 sample and shows minority collapse in the panel', async () => {
    await runCommand(page, 'Collapse Lens: Inspect Bundled Sample…');
    const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'fashion-r1000' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await pick.click();
    const frame = await findWebviewFrame(page, '[data-verdict="minority"], .verdict', 90_000);
    // Wait for the rendered report itself (an event in the page), not for a fixed time.
    await frame.waitForFunction(() => /Fashion-MNIST MLP, R = 1000/.test(document.body.innerText) && /5–9/.test(document.body.innerText), undefined, { timeout: 90_000 });
    const text = await frame.evaluate(() => document.body.innerText);
    assert.match(text, /Fashion-MNIST MLP, R = 1000/);
    assert.match(text, /NC1/);
    assert.match(text, /Minority Collapse/);
    // The minority classes 5–9 are marked (theory.md §1.6 metrics on them).
    assert.match(text, /5–9/);
    await page.screenshot({ path: join(shots, 'installed-vsix-r1000.png'), fullPage: false });
  });

  it('made no request that left loopback', () => {
    assert.deepEqual(offending, []);
  });
});
