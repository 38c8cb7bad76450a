// The further metrics of theory.md §1.11 in the panel, in real Chromium: the class-variability bar chart
// (K bars, minority classes shaded, bar heights in the order of the values), the NC1/NC2/NC3 card details,
// and the NC5 card, present only when the report has an out-of-distribution set. The values are set here
// on a copy of the minority-collapsed fixture; the expected text follows from them and the NC5 bands.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, loadFixture, openReport, startServer } from './harness.mjs';

let server;
let chrome;
before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
});
after(async () => {
  await chrome?.close();
  await server?.close();
});

const K = 10;
// Distinct values; classes 5–9 (minority) have not collapsed.
const VARIABILITY = [0.01, 0.02, 0.03, 0.04, 0.05, 0.6, 0.7, 0.8, 0.9, 1.2];

function report({ ood }) {
  const r = loadFixture('minority-collapsed');
  r.inspect.classVariability = VARIABILITY;
  r.inspect.nc1Weak = { within: 0.25, between: 0.75 };
  r.inspect.gnc2 = { logMean: -0.3, logVar: 0.002 };
  r.inspect.equinormLogMeans = 0.125;
  r.inspect.unc3 = 0.0625;
  if (ood) {
    r.inspect.nc5 = 0.2;
    r.inspect.data = { ...(r.inspect.data ?? {}), train: { path: 'train.npy', format: 'npy', samples: 525, classNames: null }, ood: { path: 'ood.npy', format: 'npy', samples: 40, classNames: null } };
  } else {
    r.inspect.nc5 = null;
    r.inspect.reasons = { ...(r.inspect.reasons ?? {}), nc5: 'no out-of-distribution set given (metrics --ood-features, inspect/report --ood-data)' };
  }
  return r;
}

const show = (r) => openReport(chrome, server, r);

describe('further metrics in the panel', () => {
  test('class variability: K bars, largest class first, minority bars shaded and taller; NC5 card with the OOD set', async () => {
    const { context, page, problems } = await show(report({ ood: true }));
    const bars = await page.evaluate(() => {
      const svg = document.querySelector('[data-chart="class-variability"] svg');
      const rects = [...svg.querySelectorAll('g[aria-label="bar"] rect')];
      return rects.map((r) => ({ height: Number(r.getAttribute('height')), fill: r.getAttribute('fill'), title: r.querySelector('title')?.textContent ?? '' }));
    });
    assert.equal(bars.length, K, 'one bar per class');
    // Equal majority counts come before the minority ones: every bar's title names its class and value.
    for (let k = 0; k < K; k++) {
      const bar = bars.find((b) => b.title.startsWith(`class ${k}${k >= 5 ? ' (minority)' : ''}:`));
      assert.ok(bar, `bar of class ${k}: ${bars.map((b) => b.title).join(' | ')}`);
      assert.match(bar.title, new RegExp(`= ${Number(VARIABILITY[k].toPrecision(4))}`.replace('.', '\\.')));
    }
    // Heights are proportional to the values on a zero-based axis.
    const byValue = [...bars].sort((a, b) => a.height - b.height).map((b) => Number(/class (\d+)/.exec(b.title)[1]));
    assert.deepEqual(byValue, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ratio = bars.find((b) => b.title.startsWith('class 9')).height / bars.find((b) => b.title.startsWith('class 5')).height;
    assert.ok(Math.abs(ratio - 1.2 / 0.6) < 0.02, `height ratio ${ratio}`);
    const fills = new Set(bars.filter((b) => b.title.includes('(minority)')).map((b) => b.fill));
    const majorityFills = new Set(bars.filter((b) => !b.title.includes('(minority)')).map((b) => b.fill));
    assert.equal(fills.size, 1);
    assert.equal(majorityFills.size, 1);
    assert.notDeepEqual([...fills], [...majorityFills], 'minority bars in their own colour');
    const shaded = await page.locator('[data-chart="class-variability"] svg g[aria-label="cell"] rect').count();
    assert.equal(shaded, 5, 'the five minority classes are shaded');
    assert.match(await page.locator('[data-chart="class-variability"] .chart-summary').innerText(), /Largest σ_k²\/‖μ_k − μ_G‖²: class 9, 1\.2; mean over majority classes 0\.03, over minority classes 0\.84\./);

    // Card details: nc1Weak under NC1, log-norm equinorm and GNC2 under NC2, UNC3 under NC3.
    const details = async (id) => page.locator(`[data-verdict="${id}"] .verdict-details`).innerText();
    assert.match(await details('nc1'), /weak form Tr Σ_W, Tr Σ_B shares\s+0\.25, 0\.75/);
    assert.match(await details('nc2'), /mean \|Δ log‖μ_k − μ_G‖\|\s+0\.125/);
    assert.match(await details('nc2'), /GNC2 log kernel mean, variance\s+−0\.3, 0\.002/);
    assert.match(await details('nc3'), /UNC3 CV of cos\(w_k, μ_k − μ_G\)\s+0\.0625/);

    // NC5 = 0.2 lies in (0.1, 0.3]: "mostly orthogonal".
    const card = page.locator('[data-verdict="nc5"]');
    assert.equal(await card.count(), 1);
    assert.equal(await card.locator('.verdict-value .number').innerText(), '0.2');
    assert.equal(await card.locator('.verdict-value .label').innerText(), 'mostly orthogonal');
    assert.match(await card.locator('.reading').innerText(), /averages 0\.2: mostly orthogonal\./);
    assert.deepEqual(await problems.cspNow(), []);
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('no NC5 card without an out-of-distribution set', async () => {
    const { context, page, problems } = await show(report({ ood: false }));
    assert.equal(await page.locator('[data-verdict="nc5"]').count(), 0);
    assert.equal(await page.locator('[data-chart="class-variability"] svg g[aria-label="bar"] rect').count(), K);
    assert.deepEqual(problems.console, []);
    await context.close();
  });
});
