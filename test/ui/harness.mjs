// Test harness for the panel page in real Chromium (platform-notes §5): a loopback HTTP server that serves
// dist/webview.js inside a page built like VS Code's webview document (same CSP, nonce, --vscode-*
// variables on <html>, theme class on <body>) with a stand-in acquireVsCodeApi that records what the
// panel posts and keeps its state across reloads. This tests the page; the real VS Code test is separate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { findChromium } from '../preflight.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;

/** Colours of VS Code's Dark Modern, Light Modern and Dark High Contrast themes (the ones the panel reads). */
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    kind: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-errorForeground': '#f85149',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-charts-foreground': '#cccccc',
      '--vscode-charts-lines': '#cccccc80',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    kind: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-descriptionForeground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-errorForeground': '#f85149',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-testing-iconPassed': '#388a34',
      '--vscode-charts-foreground': '#616161',
      '--vscode-charts-lines': '#61616180',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    kind: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-family': 'monospace',
      '--vscode-foreground': '#ffffff',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-editor-background': '#000000',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-button-border': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-errorForeground': '#f48771',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-testing-iconPassed': '#73c991',
      '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': '#ffffff80',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
    },
  },
};

export const NONCE = 'dGVzdC1ub25jZS1mb3ItdGhlLXBhbmVs';

function styleAttr(vars) {
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ')
    .replace(/"/g, '&quot;');
}

/** The page VS Code would build (src/extension/panelHtml.ts, which inlines the bundle this page loads from the harness's server), plus the stand-in acquireVsCodeApi. */
export function harnessPage(theme) {
  const t = THEMES[theme];
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${NONCE}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en" style="${styleAttr(t.vars)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${NONCE}">
<title>Collapse Lens</title>
</head>
<body class="${t.bodyClass}" data-vscode-theme-kind="${t.kind}">
<main id="app" aria-live="polite"></main>
<script nonce="${NONCE}">
  window.__posted = [];
  window.acquireVsCodeApi = (() => {
    let acquired = false;
    return () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => JSON.parse(sessionStorage.getItem('vscode-state') || 'null'),
        setState: (s) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
      };
    };
  })();
</script>
<script nonce="${NONCE}" src="/dist/webview.js"></script>
</body>
</html>`;
}

export async function startServer() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/panel.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(harnessPage(url.searchParams.get('theme') ?? 'dark'));
    } else if (url.pathname === '/dist/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(join(ROOT, 'dist/webview.js')));
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Chromium with the flags of platform-notes §5, a fresh profile, and XDG/TMPDIR in a temp dir. */
export async function launchBrowser() {
  const dir = mkdtempSync(join(tmpdir(), 'collapse-lens-ui-'));
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), TMPDIR: dir, HOME: dir };
  const browser = await chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    headless: true,
    env,
    downloadsPath: join(dir, 'downloads'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    dir,
    close: async () => {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Records CSP violations (an init script runs before the page's own scripts) and console errors. */
export async function watchPage(page) {
  const problems = { csp: [], console: [] };
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample || ''}`));
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.console.push(msg.text());
  });
  page.on('pageerror', (error) => problems.console.push(String(error)));
  problems.cspNow = async () => page.evaluate(() => window.__csp ?? []);
  return problems;
}

export function loadFixture(name) {
  return JSON.parse(readFileSync(join(ROOT, 'test/fixtures/reports', `${name}.json`), 'utf8'));
}

/** Bundles src/core/report/html.ts for this Node process and imports it (the test reads TS sources). */
export async function importReportHtml(dir) {
  const outfile = join(dir, 'report-html.mjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'src/core/report/html.ts')], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23), after checking the signature. */
export function pngSize(buffer) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => buffer[i] === b)) throw new Error('not a PNG (bad signature)');
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG (no IHDR first)');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

/** RFC 4180 CSV parser (quoted fields, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * A fresh context and page on the harness panel, with CSP/console problems recorded, after the panel said
 * `ready`. `fakeClock` installs Playwright's clock first, so the test moves the page's timers itself.
 */
export async function openPanel(chrome, server, { theme = 'dark', viewport = { width: 1280, height: 900 }, fakeClock = false } = {}) {
  const context = await chrome.browser.newContext({ viewport });
  const page = await context.newPage();
  if (fakeClock) await page.clock.install();
  const problems = await watchPage(page);
  await page.goto(`${server.origin}/panel.html?theme=${theme}`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { context, page, problems };
}

/** Posts a report as the host would and waits for `waitFor` to appear. */
export async function showReport(page, report, waitFor = '[data-verdict="minority"]') {
  await page.evaluate((r) => window.postMessage({ type: 'showReport', report: r }, '*'), report);
  await page.waitForSelector(waitFor);
}

/** openPanel + showReport. */
export async function openReport(chrome, server, report, { waitFor, ...options } = {}) {
  const opened = await openPanel(chrome, server, options);
  await showReport(opened.page, report, waitFor);
  return opened;
}

/**
 * A context for a standalone report on file://: every other request is aborted and listed in `blocked`,
 * so a test can assert the page made none.
 */
export async function offlineContext(chrome, { viewport = { width: 1280, height: 900 }, acceptDownloads = false } = {}) {
  const context = await chrome.browser.newContext({ acceptDownloads, viewport });
  const blocked = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return { context, blocked };
}
