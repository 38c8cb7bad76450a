import { launchBrowser, offlineContext } from './harness.mjs';
const chrome = await launchBrowser();
const { context } = await offlineContext(chrome);
const page = await context.newPage();
page.on('crash', () => console.log('CRASH'));
page.on('console', (m) => { if (m.type() === 'error') console.log('console error', m.text().slice(0, 300)); });
page.on('pageerror', (e) => console.log('pageerror', String(e).slice(0, 300)));
const t0 = Date.now();
try {
  await page.goto('file://' + process.argv[2], { timeout: 300000 });
  console.log('loaded', Date.now() - t0);
  await page.waitForSelector(process.argv[3] ?? '[data-chart="heatmap-lpm"] svg image', { timeout: 300000 });
  console.log('heatmap', Date.now() - t0);
  const m = await page.evaluate(() => ({ heap: performance.memory?.usedJSHeapSize, nodes: document.getElementsByTagName('*').length, charts: [...document.querySelectorAll('[data-chart]')].map((c) => c.getAttribute('data-chart')).join(' ') }));
  console.log(m);
  await page.screenshot({ path: '/tmp/k1000.png', fullPage: false });
} catch (e) { console.log('ERR', String(e).slice(0, 400)); }
await chrome.close();
