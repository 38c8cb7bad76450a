// The diagnostics panel in real Chromium: `node esbuild.mjs && node --test test/ui/`.
// Expected numbers come from the fixtures' closed forms (scripts/make-report-fixtures.mjs) and the LPM
// table of theory.md §2.4 (scripts/lpm-table.mjs), never from the panel's own output.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { PNG } from 'pngjs';
import { LPM_TABLE_THRESHOLD, cosFromGram, gramFromRow, lpmCurve, normalisedDistance, tableRow } from '../../scripts/lpm-table.mjs';
import { ROOT, THEMES, importReportHtml, launchBrowser, loadFixture, offlineContext, openPanel as openPanelIn, parseCsv, pngSize, showReport, startServer, watchPage } from './harness.mjs';

const RESULTS = join(ROOT, 'test-results');
const K = 10;
const etf = -1 / (K - 1);
/** The panel's display rule for numbers (4 significant digits unless asked, real minus sign). */
const shown = (x, digits = 4) => Number(x.toPrecision(digits)).toString().replace(/-/g, '−');

let server;
let chrome;
let reportHtml;

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  server = await startServer();
  chrome = await launchBrowser();
  ({ reportHtml } = await importReportHtml(chrome.dir));
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

/** The what-if debounce, read from its definition (webview/views/whatIf.ts) so the test follows it. */
const WHAT_IF_DEBOUNCE_MS = Number(/WHAT_IF_DEBOUNCE_MS = (\d+)/.exec(readFileSync(join(ROOT, 'webview', 'views', 'whatIf.ts'), 'utf8'))?.[1]);

const openPanel = (theme = 'dark', viewport = { width: 1280, height: 900 }, options = {}) => openPanelIn(chrome, server, { theme, viewport, ...options });

const text = (page, selector) => page.locator(selector).first().innerText();
const posted = (page, type) => page.evaluate((t) => window.__posted.filter((m) => m.type === t), type);

async function assertClean(problems) {
  assert.deepEqual(await problems.cspNow(), [], 'no CSP violations');
  assert.deepEqual(problems.console, [], 'no console errors');
}

/** The lpmUpdate a host would send for a table row of theory.md §2.4 (the stand-in for the engine). */
function lpmUpdateFor(report, id, oversample, R) {
  const row = tableRow(R);
  const gramW = gramFromRow(row);
  const cos = { classifiers: report.inspect.cosClassifiers, means: report.inspect.cosMeans, lpm: cosFromGram(gramW), etf: report.lpm.etfGram, seli: cosFromGram(report.lpm.seliGramW) };
  const ids = Object.keys(cos);
  const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ a, b, value: normalisedDistance(cos[a], cos[b]) })));
  return {
    type: 'lpmUpdate',
    id,
    ok: true,
    oversample,
    ehew: 5,
    ratioEffective: R,
    result: {
      objective: row.objective,
      cosMinority: row.cosBB,
      minorityDistance: null,
      normsW: gramW.map((r, i) => Math.sqrt(r[i])),
      normsH: gramW.map((_, i) => Math.sqrt(i < 5 ? row.hA2 : row.hB2)),
      gramW,
      iterations: 0,
      certificate: { converged: true, measure: 'reference table', value: 0, tolerance: 1e-6 },
      backend: 'reference-table',
    },
    curve: lpmCurve(),
    threshold: LPM_TABLE_THRESHOLD,
    distances: { basis: 'cosine', pairs },
    elapsedMs: 12,
  };
}

describe('diagnostics panel (host mode)', () => {
  test('collapsed fixture: numbers and verdicts from the ETF closed form', async () => {
    const report = loadFixture('collapsed');
    const { context, page, problems } = await openPanel('dark');
    const ready = await posted(page, 'ready');
    assert.deepEqual(ready, [{ type: 'ready', theme: 'vscode-dark', hasReport: false }]);
    await showReport(page, report);
    assert.equal(await text(page, 'h1'), report.meta.title);
    // NC1 = σ²(K−1)/(K r²) = 0.02 by construction.
    assert.equal(await text(page, '[data-verdict="nc1"] .number'), '0.02');
    assert.equal(await text(page, '[data-verdict="nc1"] .reading'), 'Tr(Σ_W Σ_B⁺)/K = 0.02: the within-class spread measured in the directions and units of the between-class spread, averaged over the K classes: strongly collapsed.');
    assert.equal(await text(page, '[data-verdict="nc2"] .label'), 'close to a simplex ETF');
    assert.equal(await text(page, '[data-verdict="nc3"] .label'), 'self-dual');
    assert.equal(await text(page, '[data-verdict="nc4"] .number'), '0%');
    assert.equal(await text(page, '[data-verdict="minority"] .label'), 'not applicable');
    // Every heatmap is the ETF: mean off-diagonal cosine −1/(K−1).
    for (const id of ['classifiers', 'means', 'lpm', 'etf', 'seli']) {
      assert.match(await text(page, `[data-chart="heatmap-${id}"] .chart-summary`), new RegExp(`mean off-diagonal cosine ${shown(etf, 3)}\\.`));
    }
    assert.equal(await page.locator('[data-table="distances"] td').count(), 25);
    for (const cell of await page.locator('[data-table="distances"] td').allInnerTexts()) assert.equal(cell, '0');
    // Trajectory: NC1(t) = 0.02·350/t, from 7 at epoch 1.
    assert.equal(await text(page, '[data-chart="trajectory-nc1"] .chart-summary'), 'NC1 from 7 at 1 to 0.02 at 350.');
    const counts = await page.locator('[data-table="classes"] tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual(counts, report.inspect.counts.map(String));
    // Keyboard: every chart is a focusable image with a label and a summary, reachable with Tab.
    const charts = page.locator('.chart-body');
    assert.ok((await charts.count()) >= 12);
    for (const el of await charts.all()) {
      assert.equal(await el.getAttribute('tabindex'), '0');
      assert.equal(await el.getAttribute('role'), 'img');
      assert.ok((await el.getAttribute('aria-labelledby')) && (await el.getAttribute('aria-describedby')));
    }
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.classList.contains('chart-body') ?? false);
    }
    assert.ok(reached, 'Tab reaches a chart');
    // The definition note expands, and its link asks the host to open the docs.
    await page.locator('[data-verdict="nc3"] summary').click();
    await page.locator('[data-verdict="nc3"]').getByText('Open the full definition').click();
    assert.deepEqual(await posted(page, 'openDefinition'), [{ type: 'openDefinition', topic: 'nc3' }]);
    await assertClean(problems);
    await context.close();
  });

  test('minority-collapsed fixture: LPM side from theory.md §2.4', async () => {
    const report = loadFixture('minority-collapsed');
    const { context, page, problems } = await openPanel('dark');
    await showReport(page, report);
    assert.equal(await text(page, '[data-verdict="minority"] .number'), '1');
    assert.equal(await text(page, '[data-verdict="minority"] .label'), 'minority collapse');
    assert.equal(
      await text(page, '[data-verdict="minority"] .reading'),
      `Minority classifiers have mean pairwise cosine 1 (ETF ${shown(etf, 3)}, collapse 1): minority collapse.`,
    );
    const details = await text(page, '[data-verdict="minority"] .verdict-details');
    assert.match(details, /LPM threshold R\*\s+12\.19/);
    assert.match(details, /imbalance ratio R\s+20/);
    const curve = await text(page, '[data-chart="minority-curve"] .chart-summary');
    assert.match(curve, /from −0\.111 at R = 1 to 1 at R = 10000 /);
    assert.match(curve, /exact minority collapse from R\* = 12\.19\. The model \(R = 20\) has minority cosine 1\./);
    // LPM norms at R = 20: ‖w_A‖ = √1.9215, ‖w_B‖ = √0.0785 (table row).
    const row = tableRow(20);
    assert.match(
      await text(page, '[data-chart="norms-classifiers"] .chart-summary'),
      new RegExp(`LPM predicts majority ${shown(Math.sqrt(row.wA2), 3)}, minority ${shown(Math.sqrt(row.wB2), 3)}`),
    );
    assert.match(await text(page, '[data-chart="heatmap-lpm"] .chart-summary'), /minority block 1,/);
    // SELI (§3.1) has no finite-R collapse: its minority block stays below 1.
    const seli = await text(page, '[data-chart="heatmap-seli"] .chart-summary');
    const seliBB = Number(/minority block (−?[\d.]+)/.exec(seli)[1].replace('−', '-'));
    assert.ok(seliBB < 1 && seliBB > etf, `SELI minority block ${seliBB}`);
    assert.equal(await page.locator('.chart-heatmap svg g[stroke-width="2.5"] rect').count(), 5, 'minority block outlined on all 5 heatmaps');
    await assertClean(problems);
    await context.close();
  });

  test('themes: charts follow dark, light and high contrast, legibly; screenshots', async () => {
    const { context, page, problems } = await openPanel('dark');
    for (const fixture of ['minority-collapsed', 'collapsed']) {
      await showReport(page, loadFixture(fixture));
      for (const theme of ['dark', 'light', 'high-contrast']) {
        const t = THEMES[theme];
        await page.evaluate(({ vars, bodyClass, kind }) => {
          const html = document.documentElement;
          html.removeAttribute('style');
          for (const [k, v] of Object.entries(vars)) html.style.setProperty(k, v);
          document.body.className = bodyClass;
          document.body.dataset.vscodeThemeKind = kind;
        }, t);
        await page.waitForFunction((bg) => {
          const svg = document.querySelector('[data-chart="norms-classifiers"] svg');
          return svg && svg.getAttribute('style').includes(bg);
        }, t.vars['--vscode-editor-background']);
        const colours = await page.evaluate(() => {
          const svg = document.querySelector('[data-chart="norms-classifiers"] svg');
          const marks = [...svg.querySelectorAll('g[aria-label="dot"], g[aria-label="tick"]')].map((e) => e.getAttribute('fill') || e.getAttribute('stroke'));
          return { fg: svg.style.color, bg: svg.style.background, marks: marks.filter((c) => c && c.startsWith('#')) };
        });
        const contrast = await page.evaluate(
          ({ fg, bg, marks }) => {
            const parse = (c) => {
              const ctx = document.createElement('canvas').getContext('2d');
              ctx.fillStyle = c;
              const v = ctx.fillStyle;
              return v.startsWith('#') ? [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16)) : v.match(/[\d.]+/g).slice(0, 3).map(Number);
            };
            const lum = (c) => {
              const [r, g, b] = parse(c).map((x) => (x / 255 <= 0.03928 ? x / 255 / 12.92 : ((x / 255 + 0.055) / 1.055) ** 2.4));
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const ratio = (a, b) => {
              const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
              return (hi + 0.05) / (lo + 0.05);
            };
            return { text: ratio(fg, bg), marks: marks.map((m) => ratio(m, bg)) };
          },
          colours,
        );
        assert.ok(contrast.text >= 4.5, `${theme}: text contrast ${contrast.text}`);
        assert.ok(contrast.marks.length > 0 && contrast.marks.every((c) => c >= 3), `${theme}: mark contrast ${contrast.marks}`);
        await page.screenshot({ path: join(RESULTS, `panel-${fixture}-${theme}.png`), fullPage: true });
      }
    }
    await assertClean(problems);
    await context.close();
  });

  test('what-if: debounced requests, one in flight, redraw on lpmUpdate, reset, restore after reload', async () => {
    const report = loadFixture('minority-collapsed');
    assert.ok(WHAT_IF_DEBOUNCE_MS > 1, `debounce ${WHAT_IF_DEBOUNCE_MS} ms`);
    const { context, page, problems } = await openPanel('dark', undefined, { fakeClock: true });
    await page.evaluate(() => sessionStorage.clear());
    await showReport(page, report);
    // From here on no timer fires unless the test advances the clock.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    const slider = page.locator('#whatif-oversample');
    // Ladder for R = 20: 1, 1.25, 1.5, 2, … — quick moves collapse into one request for the last value.
    for (const step of ['1', '2', '3']) await slider.fill(step);
    await page.clock.runFor(WHAT_IF_DEBOUNCE_MS - 1);
    assert.deepEqual(await posted(page, 'whatIf'), [], 'nothing sent before the debounce ends');
    await page.clock.runFor(1);
    let requests = await posted(page, 'whatIf');
    assert.deepEqual(requests, [{ type: 'whatIf', id: 1, oversample: 2, ehew: 5 }]);
    // While id 1 is in flight, a new position waits; the answer to id 1 is then stale and id 2 goes out.
    await slider.fill('6'); // ×4 → R_eff = 5
    await page.clock.runFor(WHAT_IF_DEBOUNCE_MS * 10);
    assert.equal((await posted(page, 'whatIf')).length, 1);
    await page.evaluate((m) => window.postMessage(m, '*'), lpmUpdateFor(report, 1, 2, 10));
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'whatIf').length === 2);
    requests = await posted(page, 'whatIf');
    assert.deepEqual(requests[1], { type: 'whatIf', id: 2, oversample: 4, ehew: 5 });
    assert.match(await text(page, '[data-chart="heatmap-lpm"] .chart-summary'), /minority block 1,/, 'stale answer not drawn');
    // Answer id 2 with the table row R = 5 (cos_BB = 0.0725).
    const update = lpmUpdateFor(report, 2, 4, 5);
    await page.evaluate((m) => window.postMessage(m, '*'), update);
    await page.waitForFunction(() => document.getElementById('app').dataset.lpm === 'what-if');
    const row = tableRow(5);
    const bb = cosFromGram(gramFromRow(row))[5][6];
    assert.match(await text(page, '[data-chart="heatmap-lpm"] .chart-summary'), new RegExp(`minority block ${shown(bb, 3)},`));
    assert.match(await text(page, '[data-chart="minority-curve"] .chart-summary'), new RegExp(`oversampled ×4, R_eff = 5 where the LPM gives ${shown(row.cosBB, 3)}\\.`));
    assert.match(await text(page, '[data-chart="norms-classifiers"] .chart-summary'), new RegExp(`minority ${shown(Math.sqrt(row.wB2), 3)}\\.`));
    // The per-class table's LPM columns follow the what-if too (table row R = 5: ‖w_A‖ = √wA2, ‖w_B‖ = √wB2, ‖h‖ = √h²).
    const lpmCell = (k, column) => text(page, `[data-table="classes"] tbody tr:nth-child(${k + 1}) td[data-column="${column}"]`);
    assert.equal(await lpmCell(0, 'lpm_norm_w'), shown(Math.sqrt(row.wA2), 3));
    assert.equal(await lpmCell(7, 'lpm_norm_w'), shown(Math.sqrt(row.wB2), 3));
    assert.equal(await lpmCell(7, 'lpm_norm_h'), shown(Math.sqrt(row.hB2), 3));
    assert.equal(await text(page, '[data-table="classes"] [data-lpm-head]'), 'LPM (what-if)');
    const lpmEtf = update.distances.pairs.find((p) => p.a === 'lpm' && p.b === 'etf').value;
    assert.equal(await text(page, '[data-pair="lpm:etf"]'), shown(lpmEtf, 3));
    assert.match(await text(page, '.whatif-status'), /LPM re-fitted for ×4, E_H·E_W = 5 in 12 ms/);
    // A malformed answer is reported, not drawn.
    await page.evaluate(() => window.postMessage({ type: 'lpmUpdate', id: 3, ok: true, oversample: 1, ehew: 5, result: { gramW: [[1]] } }, '*'));
    await page.waitForFunction(() => document.querySelector('[data-status]').textContent.startsWith('Ignored a malformed what-if answer'));
    // Reload: the panel restores from getState (report and what-if) without a new showReport.
    await page.reload();
    await page.waitForSelector('[data-verdict="minority"]');
    const ready = (await posted(page, 'ready')).at(-1);
    assert.deepEqual(ready, { type: 'ready', theme: 'vscode-dark', hasReport: true });
    assert.match(await text(page, '[data-chart="heatmap-lpm"] .chart-summary'), new RegExp(`minority block ${shown(bb, 3)},`));
    assert.equal(await page.locator('#whatif-oversample').inputValue(), '6');
    // Reset: back to the report's own fit, no request needed.
    await page.getByRole('button', { name: 'Reset the what-if to the report values' }).click();
    await page.waitForFunction(() => document.getElementById('app').dataset.lpm === 'report');
    assert.match(await text(page, '[data-chart="heatmap-lpm"] .chart-summary'), /minority block 1,/);
    const reportRow = tableRow(20);
    assert.equal(await lpmCell(7, 'lpm_norm_w'), shown(Math.sqrt(reportRow.wB2), 3), 'the table is back at the report’s LPM');
    assert.equal(await text(page, '[data-table="classes"] [data-lpm-head]'), 'LPM');
    // E_H·E_W: one decade up from the calibrated 5 (= E_H·E_W of the report's budgets) at the end stop.
    const before = (await posted(page, 'whatIf')).length;
    await page.locator('#whatif-ehew').fill('40');
    await page.clock.runFor(WHAT_IF_DEBOUNCE_MS);
    await page.waitForFunction((n) => window.__posted.filter((m) => m.type === 'whatIf').length > n, before);
    const last = (await posted(page, 'whatIf')).at(-1);
    assert.equal(last.oversample, 1);
    assert.ok(Math.abs(last.ehew - 50) < 1e-9, `ehew ${last.ehew}`);
    await assertClean(problems);
    await context.close();
  });

  test('exports: SVG, PNG, JSON, CSV, HTML as messages to the host; exportResult shown', async () => {
    const report = loadFixture('minority-collapsed');
    const { context, page, problems } = await openPanel('light');
    await showReport(page, report);
    const exportOf = async (format, click) => {
      const before = (await posted(page, 'export')).length;
      await click();
      await page.waitForFunction((n) => window.__posted.filter((m) => m.type === 'export').length > n, before);
      const message = (await posted(page, 'export')).at(-1);
      assert.equal(message.format, format);
      return message;
    };
    const lpmChart = page.locator('[data-chart="heatmap-lpm"]');
    const svg = await exportOf('svg', () => lpmChart.getByRole('button', { name: /as SVG/ }).click());
    assert.equal(svg.name, 'collapse-lens-lpm-optimum.svg');
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = doc.documentElement;
      return { error: doc.querySelector('parsererror')?.textContent ?? null, tag: root.tagName, width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')), rects: doc.querySelectorAll('rect').length, vars: t.includes('var(--vscode') };
    }, svg.data);
    assert.equal(parsed.error, null);
    assert.equal(parsed.tag, 'svg');
    assert.ok(parsed.rects >= K * K, `${parsed.rects} rects (a cell per class pair)`);
    assert.equal(parsed.vars, false, 'exported SVG has concrete colours, no CSS variables');
    const png = await exportOf('png', () => lpmChart.getByRole('button', { name: /as PNG/ }).click());
    assert.equal(png.encoding, 'base64');
    const bytes = Buffer.from(png.data, 'base64');
    assert.deepEqual(pngSize(bytes), { width: 2 * parsed.width, height: 2 * parsed.height });
    const decoded = PNG.sync.read(bytes);
    assert.equal(decoded.width, 2 * parsed.width);
    const json = await exportOf('json', () => page.getByRole('button', { name: 'Export the report as JSON' }).click());
    assert.deepEqual(JSON.parse(json.data), report);
    const csv = await exportOf('csv', () => page.getByRole('button', { name: 'Export the per-class table as CSV' }).click());
    const rows = parseCsv(csv.data);
    assert.deepEqual(rows[0], ['class', 'name', 'count', 'group', 'norm_mean_centred', 'norm_classifier', 'mean_cos_classifier_to_others', 'mean_cos_mean_to_others', 'lpm_norm_w', 'lpm_norm_h']);
    assert.equal(rows.length, K + 1);
    rows.slice(1).forEach((r, k) => {
      assert.equal(Number(r[2]), report.inspect.counts[k]);
      assert.equal(r[3], k < 5 ? 'majority' : 'minority');
      assert.equal(Number(r[5]), report.inspect.normsClassifiers[k]);
      assert.ok(Math.abs(Number(r[8]) - Math.sqrt(k < 5 ? 1.9215 : 0.0785)) < 1e-9);
    });
    const html = await exportOf('html', () => page.getByRole('button', { name: 'Export a standalone HTML report' }).click());
    assert.deepEqual(JSON.parse(html.data), report, 'the host gets the report to build the page with reportHtml');
    await page.evaluate((id) => window.postMessage({ type: 'exportResult', id, ok: true, path: '/home/u/report.html' }, '*'), html.id);
    await page.waitForFunction(() => document.querySelector('[data-status]').textContent.includes('/home/u/report.html'));
    assert.equal(await text(page, '[data-status]'), `Saved ${html.name} to /home/u/report.html.`);
    await assertClean(problems);
    await context.close();
  });

  test('separation across layers: the fit sentence from D_l = 50·0.5^l, NC1 point, curves per checkpoint, SVG export', async () => {
    const report = loadFixture('minority-collapsed');
    // Exact geometric decay over layers 0–3 (the fit range): ratio 0.5, r = −1, R² = 1 (closed form).
    const D = (l) => 50 * 0.5 ** l;
    const row = (l, name, scale = 1) => ({ index: l, name, className: l ? 'Dense' : 'Input', dim: 10 + l, separation: D(l) * scale, separationBalanced: D(l) * scale, nc1: (D(l) * scale) / K, minority: { majority: D(l) / 2, minority: D(l) * 3 } });
    const names = ['input', 'hidden1', 'hidden2', 'hidden3', 'classifier'];
    const curve = (scale) => ({ layers: names.map((n, l) => row(l, n, scale)), fit: { ratio: 0.5, pearson: -1, r2: 1, from: 0, to: 3, outliers: [], intercept: Math.log(50 * scale), points: 4 }, penultimate: 3 });
    report.layers = {
      ...curve(1),
      checkpoint: 'epoch-2',
      epoch: 2,
      conventions: { separation: 'count-weighted', separationBalanced: 'balanced', globalMean: 'unweighted', pinvRtol: 1e-6, flatten: 'row-major' },
      backend: report.inspect.backend,
      model: { path: 'm/model.json', format: 'layers-model', featureLayer: 'hidden3', classifierLayer: 'classifier', classes: K },
      data: { path: 'd.npy', samples: 100, counts: report.inspect.counts, classNames: null },
      minorityClasses: [5, 6, 7, 8, 9],
      checkpoints: [{ ...curve(4), checkpoint: 'epoch-1', epoch: 1 }, { ...curve(1), checkpoint: 'epoch-2', epoch: 2 }],
    };
    const { context, page, problems } = await openPanel('dark');
    await showReport(page, report);
    const section = page.locator('section.layers');
    assert.match(await section.locator('[data-layers-fit]').innerText(), /^Least-squares fit of ln D_l on l over layers 0–3 \(4 layers\): D_l shrinks by a factor 0\.5 per layer \(each layer keeps 50 % of the fuzziness\); Pearson r = −1, R² = 1\.$/);
    assert.equal(await section.locator('table[data-table="layers"] tbody tr').count(), 5);
    assert.match(await section.locator('tr.penultimate').innerText(), /hidden3 \(penultimate\)/);
    const chart = page.locator('[data-chart="layers-separation"]');
    assert.match(await chart.innerText(), /D_l from 50 at the input to 6\.25 at the penultimate layer 3 \(hidden3\)/);
    assert.ok((await chart.locator('svg text', { hasText: 'NC1 point' }).count()) === 1, 'the penultimate layer is marked');
    assert.equal(await chart.locator('svg text', { hasText: /— (majority|minority)/ }).count(), 2);
    const cps = page.locator('[data-chart="layers-checkpoints"]');
    assert.match(await cps.innerText(), /epoch-1: ratio 0\.5, r −1; epoch-2: ratio 0\.5, r −1/);
    await chart.getByRole('button', { name: /as SVG/ }).click();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'export' && m.format === 'svg'));
    const svg = (await posted(page, 'export')).find((m) => m.format === 'svg');
    assert.match(svg.name, /separation-across-layers\.svg$/);
    assert.equal(svg.data.includes('var(--vscode'), false);
    await assertClean(problems);
    await context.close();
  });

  test('a malformed report is refused with the problems named', async () => {
    const report = loadFixture('collapsed');
    report.inspect.cosMeans = report.inspect.cosMeans.slice(1);
    delete report.meta.title;
    const { context, page, problems } = await openPanel('dark');
    await page.evaluate((r) => window.postMessage({ type: 'showReport', report: r }, '*'), report);
    await page.waitForSelector('[data-problems]');
    const listed = await page.locator('[data-problems] li').allInnerTexts();
    assert.deepEqual(listed, ['meta.title must be a string', 'inspect.cosMeans has 9 rows, expected 10']);
    await assertClean(problems);
    await context.close();
  });
});

describe('standalone HTML report (file://, network blocked)', () => {
  test('renders offline, local what-if, downloads every format, re-exports itself', async () => {
    const report = loadFixture('minority-collapsed');
    const js = readFileSync(join(ROOT, 'dist/webview.js'), 'utf8');
    const file = join(chrome.dir, 'report.html');
    writeFileSync(file, reportHtml(report, js));
    const { context, blocked } = await offlineContext(chrome, { acceptDownloads: true });
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-verdict="minority"]');
    assert.equal(await text(page, '[data-verdict="minority"] .label'), 'minority collapse');
    assert.equal(await page.locator('.chart-body svg').count(), 9, 'counts, 5 heatmaps, 2 norm charts, the curve');
    await page.screenshot({ path: join(RESULTS, 'standalone-minority-collapsed.png'), fullPage: true });
    // No engine: E_H·E_W is disabled, oversampling reads the curve at R_eff = R / w_r.
    assert.equal(await page.locator('#whatif-ehew').isDisabled(), true);
    assert.match(await text(page, '.note-standalone'), /Standalone report/);
    await page.locator('#whatif-oversample').fill('3'); // ×2 → R_eff = 10, a grid point: cos_BB = 0.5175
    await page.waitForFunction(() => document.querySelector('[data-chart="minority-curve"] .chart-summary').textContent.includes('oversampled'));
    assert.match(await text(page, '[data-chart="minority-curve"] .chart-summary'), new RegExp(`oversampled ×2, R_eff = 10 where the LPM gives ${shown(0.5175, 3)}\\.`));

    const download = async (click) => {
      const [d] = await Promise.all([page.waitForEvent('download'), click()]);
      return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
    };
    const curve = page.locator('[data-chart="minority-curve"]');
    const svg = await download(() => curve.getByRole('button', { name: /as SVG/ }).click());
    assert.equal(svg.name, 'collapse-lens-minority-collapse-lpm-cosine-vs-imbalance.svg');
    const svgText = svg.bytes.toString('utf8');
    const dims = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, width: Number(doc.documentElement.getAttribute('width')), height: Number(doc.documentElement.getAttribute('height')) };
    }, svgText);
    assert.equal(dims.error, null);
    const png = await download(() => curve.getByRole('button', { name: /as PNG/ }).click());
    assert.deepEqual(pngSize(png.bytes), { width: 2 * dims.width, height: 2 * dims.height });
    const json = await download(() => page.getByRole('button', { name: 'Export the report as JSON' }).click());
    assert.deepEqual(JSON.parse(json.bytes.toString('utf8')), report);
    const csv = await download(() => page.getByRole('button', { name: 'Export the per-class table as CSV' }).click());
    assert.equal(parseCsv(csv.bytes.toString('utf8')).length, K + 1);
    const html = await download(() => page.getByRole('button', { name: 'Export a standalone HTML report' }).click());
    const copy = join(chrome.dir, 'report-copy.html');
    writeFileSync(copy, html.bytes);
    await assertClean(problems);

    const again = await context.newPage();
    const problemsAgain = await watchPage(again);
    await again.goto(pathToFileURL(copy).href);
    await again.waitForSelector('[data-verdict="minority"]');
    assert.equal(await text(again, '[data-verdict="nc1"] .number'), '0');
    await assertClean(problemsAgain);
    assert.deepEqual(blocked, [], 'the report made no network requests');
    await context.close();
  });
});
