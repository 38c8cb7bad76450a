// Real VS Code for tests: code-server 4.100.3 on a free loopback port, opened in headless Debian
// Chromium through playwright-core. Shared by the stand-in `code` executable (integration tests)
// and the UI tests. Everything it writes goes under one temporary work folder.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../preflight.mjs';
import { ensureCodeServer } from './install.mjs';

export const CHROMIUM = findChromium() ?? '/usr/bin/chromium';

// platform-notes §5: no sandbox as root, no GPU, and no calls to outside services.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A work folder with XDG_* and TMPDIR inside it, so neither code-server nor Chromium writes to $HOME. */
export function makeWorkDir(prefix = 'collapse-lens-vscode-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const env = {
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    XDG_DATA_HOME: join(dir, 'xdg-data'),
    XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    TMPDIR: join(dir, 'tmp'),
  };
  for (const d of Object.values(env)) mkdirSync(d, { recursive: true });
  // Processes that code-server started may still be writing while it stops: retry the removal.
  // A temporary folder left behind is harmless: say so instead of failing a suite whose tests passed.
  const cleanup = () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      process.stderr.write(`note: could not remove ${dir} (${error.code ?? error.message}); a process code-server started still writes there\n`);
    }
  };
  return { dir, env, cleanup };
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server. Returns { url, port, stop(), logs }.
 * `settings` is merged into the user settings (telemetry and updates are always off).
 */
export async function startCodeServer({ work, userDataDir, extensionsDir, settings = {}, log = () => {} }) {
  const bin = ensureCodeServer({ log });
  const port = await freePort();
  userDataDir ??= join(work.dir, 'user-data');
  extensionsDir ??= join(work.dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.startupEditor': 'none',
      'update.mode': 'none',
      'workbench.tips.enabled': false,
      'git.openRepositoryInParentFolders': 'never',
      ...settings,
    }),
  );
  const args = [
    bin,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  const logs = [];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...work.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      logs.push(chunk);
      log(chunk.trimEnd());
    });
  }
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 30_000);
  return {
    url,
    port,
    logs,
    userDataDir,
    extensionsDir,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export async function installVsix({ work, vsix, userDataDir, extensionsDir }) {
  const bin = ensureCodeServer();
  const child = spawn(process.execPath, [bin, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, ...work.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const code = await new Promise((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`--install-extension ${vsix} failed (${code}): ${out}`);
  return out;
}

/** Launches headless Chromium with a fresh profile (Playwright makes a temporary one). */
export async function launchBrowser(work) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...work.env },
  });
}

/**
 * Blocks and records every request that would leave loopback. Tests assert the list stays empty.
 */
export async function guardNetwork(context) {
  const offending = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (local || ['data:', 'blob:', 'file:'].includes(url.protocol)) return route.continue();
    offending.push(route.request().url());
    return route.abort();
  });
  return offending;
}

/** The workbench URL, optionally with a folder and an Extension Development Host payload (§4.5). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const params = new URLSearchParams();
  if (folder) params.set('folder', folder);
  else params.set('ew', 'true');
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) params.set('payload', JSON.stringify(payload));
  return `${server.url}/?${params.toString()}`;
}

/**
 * Waits for the workbench to be usable: .monaco-workbench, the status bar, the activity bar and the editor
 * part laid out. No settle pause: what comes later waits on its own state (runCommand re-opens the palette
 * until the command is listed; menus and webviews are waited for by selector).
 */
export async function waitForWorkbench(page) {
  for (const selector of ['.monaco-workbench', '.statusbar', '.part.activitybar', '.part.editor']) {
    await page.waitForSelector(selector, { state: 'visible', timeout: 60_000 });
  }
}

/**
 * Runs a command from the palette by its title, e.g. "Collapse Lens: Show Diagnostics". The palette lists
 * what the extension host had registered when it opened, so on a loaded machine the first opening can be
 * too early: it re-opens until the command is listed. An F1 that arrives while the workbench is still
 * moving focus is lost: it is pressed again when the palette did not open. `guardMs` only bounds a test
 * that would otherwise hang (a wrong title); it is not a speed assertion.
 */
export async function runCommand(page, title, guardMs = 150_000) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const started = Date.now();
  for (;;) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (Date.now() - started > guardMs) throw error;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/**
 * Webview content lives in an inner iframe: search every frame for the selector, again whenever a frame
 * attaches or navigates (and at least every 200 ms, for content added inside a frame already there).
 * `timeoutMs` only bounds a test that would otherwise hang; it is not a speed assertion.
 */
export async function findWebviewFrame(page, selector, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$(selector)) return frame;
      } catch {
        // frame detached while we looked
      }
    }
    await new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        page.off('frameattached', done);
        page.off('framenavigated', done);
        resolve();
      };
      const timer = setTimeout(done, 200);
      page.on('frameattached', done);
      page.on('framenavigated', done);
    });
  }
  throw new Error(`no webview frame contains ${selector} after ${timeoutMs} ms`);
}
