// The panel's charts on the real bundled samples, in real Chromium: reports made by the real CLI in this run
// (`collapse-lens report … --test-data … --json`), then checked against those JSON numbers and their formulas
// (log-axis bar heights, accuracy positions), and the automatic label check of labels.mjs on every chart at
// two panel widths.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT, importReportHtml, launchBrowser, loadFixture, offlineContext, openReport, startServer } from './harness.mjs';
import { labelCount, labelProblems } from './labels.mjs';

const SAMPLES = join(ROOT, 'media', 'samples');
const RATIOS = [1, 10, 100, 1000];
const WIDTHS = [640, 1200];

let server;
let chrome;
let formatPercent;
let reportHtml;
let formatNumber;

const reports = {};

function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`collapse-lens ${args.join(' ')}: exit ${code}\n${err}`))));
  });
}

function sampleReport(r) {
  const d = (name) => join(SAMPLES, 'data', name);
  return cli(['report', join(SAMPLES, `fashion-r${r}`), '--data', d(`train-r${r}-images.npy`), '--labels', d(`train-r${r}-labels.npy`), '--test-data', d('test-images.npy'), '--test-labels', d('test-labels.npy'), '--minority', 'auto', '--json', '--quiet']);
}

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  const formatter = join(chrome.dir, 'format.mjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'src/protocol/format.ts')], bundle: true, platform: 'node', format: 'esm', outfile: formatter, logLevel: 'warning' });
  ({ formatPercent, formatNumber } = await import(pathToFileURL(formatter).href));
  ({ reportHtml } = await importReportHtml(chrome.dir));
  for (const r of RATIOS) reports[r] = JSON.parse(await sampleReport(r));
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

/** `translate(x,y)` → y. */
const translateY = (t) => Number(/translate\(\s*[-\d.e]+\s*,\s*([-\d.e]+)\s*\)/.exec(t ?? '')?.[1]);

describe('per-class charts (R = 1000 sample)', () => {
  test('samples per class on a log axis, accuracy per class next to it, minority shaded', async () => {
    const report = reports[1000];
    const per = report.inspect.perClass;
    const { context, page } = await openReport(chrome, server, report);
    // Counts: bars from 0.5 (below one sample) on a log axis, so a bar's height is ∝ log(n_k / 0.5).
    const bars = await page.locator('[data-chart="counts"] svg g[aria-label="bar"] rect').evaluateAll((rs) => rs.map((r) => ({ h: Number(r.getAttribute('height')), title: r.querySelector('title')?.textContent ?? '' })));
    assert.equal(bars.length, 10);
    const height = (k) => bars.find((b) => b.title.startsWith(`class ${k}:`)).h;
    assert.equal(report.inspect.counts[0], 1000);
    assert.equal(report.inspect.counts[5], 1);
    const expected = Math.log(1000 / 0.5) / Math.log(1 / 0.5);
    assert.ok(Math.abs(height(0) / height(5) / expected - 1) < 0.01, `height ratio ${height(0) / height(5)} vs ${expected}`);
    assert.ok(height(5) >= 8, `a class of 1 sample is a visible bar (${height(5)} px)`);
    assert.equal(await page.locator('[data-chart="counts"] svg g[aria-label="y-axis tick label"] text').allTextContents().then((t) => t.join(',')), '1,10,100,1000');

    // Accuracy: one train tick and one test dot per class, at y = y(0%) + a·(y(100%) − y(0%)).
    const chart = page.locator('[data-chart="accuracy"]');
    assert.equal(await chart.count(), 1);
    const axis = await chart.locator('svg g[aria-label="y-axis tick label"] text').evaluateAll((ts) => ts.map((t) => ({ text: t.textContent, t: t.getAttribute('transform') })));
    const y0 = translateY(axis.find((a) => a.text === '0%').t);
    const y1 = translateY(axis.find((a) => a.text === '100%').t);
    assert.ok(y0 > y1);
    const marks = await chart.locator('svg').evaluate((svg) => ({
      train: [...svg.querySelectorAll('g[aria-label="tick"] line')].map((l) => ({ y: Number(l.getAttribute('y1')), title: l.querySelector('title')?.textContent ?? '' })),
      test: [...svg.querySelectorAll('g[aria-label="dot"] circle')].map((c) => ({ y: Number(c.getAttribute('cy')), title: c.querySelector('title')?.textContent ?? '' })),
      shaded: svg.querySelectorAll('g[aria-label="cell"] rect').length,
    }));
    assert.equal(marks.train.length, 10);
    assert.equal(marks.test.length, 10);
    assert.equal(marks.shaded, 5, 'the five minority classes are shaded');
    for (let k = 0; k < 10; k++) {
      const name = `class ${k}${k >= 5 ? ' (minority)' : ''}`;
      const train = marks.train.find((m) => m.title.startsWith(`${name}:`));
      const testMark = marks.test.find((m) => m.title.startsWith(`${name}:`));
      assert.equal(train.title, `${name}: train accuracy ${formatPercent(per.trainAccuracy[k])}`);
      assert.equal(testMark.title, `${name}: test accuracy ${formatPercent(per.testAccuracy[k])}`);
      assert.ok(Math.abs(train.y - (y0 + per.trainAccuracy[k] * (y1 - y0))) < 0.5, `train tick of class ${k}`);
      assert.ok(Math.abs(testMark.y - (y0 + per.testAccuracy[k] * (y1 - y0))) < 0.5, `test dot of class ${k}`);
    }
    // The sentence's group means are unweighted means over the classes of each group, recomputed here.
    const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const minorityTest = mean(per.testAccuracy.slice(5));
    const majorityTest = mean(per.testAccuracy.slice(0, 5));
    assert.ok(Math.abs(minorityTest - per.minority.testAccuracy) < 1e-12);
    const summary = await chart.locator('.chart-summary').innerText();
    assert.ok(summary.includes(`test accuracy: majority ${formatPercent(majorityTest)}, minority ${formatPercent(minorityTest)}`), summary);
    await context.close();
  });
});

describe('chart labels never overlap nor leave their chart', () => {
  for (const width of WIDTHS) {
    test(`every chart of the four samples and both fixtures at ${width} px`, async () => {
      const all = [...RATIOS.map((r) => [`R = ${r}`, reports[r]]), ['collapsed fixture', loadFixture('collapsed')], ['minority-collapsed fixture', loadFixture('minority-collapsed')]];
      for (const [name, report] of all) {
        const { context, page } = await openReport(chrome, server, report, { viewport: { width, height: 900 } });
        const seen = await page.evaluate(labelCount);
        assert.ok(seen.svgs >= 8 && seen.labels > 50, `${name}: looked at ${seen.svgs} charts, ${seen.labels} labels`);
        assert.deepEqual(await page.evaluate(labelProblems), [], `${name} at ${width} px`);
        // The other calibration's R-curve, when there is a toggle.
        const norms = page.locator('.calibration-toggle[data-kind="norms"]');
        if (await norms.count()) {
          await norms.click();
          await page.waitForSelector('[data-chart="calibration-curve"][data-calibration="norms"]');
          assert.deepEqual(await page.evaluate(labelProblems), [], `${name} at ${width} px, norm-matched curve`);
        }
        await context.close();
      }
    });
  }
  test('standalone R = 1000 report with the oversampling what-if at ×60: labels apart, R* inside the plot', async () => {
    const file = join(chrome.dir, 'r1000.html');
    writeFileSync(file, reportHtml(reports[1000], readFileSync(join(ROOT, 'dist/webview.js'), 'utf8')));
    for (const width of WIDTHS) {
      const { context } = await offlineContext(chrome, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('#whatif-oversample');
      // Find the ladder step shown as ×60 (R_eff = 1000 / 60).
      const max = Number(await page.locator('#whatif-oversample').getAttribute('max'));
      let step = 0;
      while (step <= max && !(await page.locator('[data-value="oversample"]').innerText()).startsWith('×60 ')) await page.locator('#whatif-oversample').fill(String(++step));
      assert.ok(step <= max, 'the ladder has ×60');
      await page.waitForFunction(() => document.querySelector('[data-chart="minority-curve"] .chart-summary').textContent.includes('oversampled ×60'));
      const texts = await page.locator('[data-chart="minority-curve"] svg text').allTextContents();
      assert.ok(texts.some((t) => t.startsWith('◆ ×60 oversampled')), texts.join(' | '));
      assert.ok(texts.includes('ETF −1/(K−1)'));
      assert.deepEqual(await page.evaluate(labelProblems), [], `at ${width} px`);
      await context.close();
    }
  });

  test('R* beyond the axis (R = 10, loss-matched): no rule outside the plot, the label says so inside', async () => {
    const report = reports[10];
    const loss = report.calibrations.find((c) => c.kind === 'loss');
    const lastRatio = loss.lpm.curve.at(-1).ratio;
    assert.ok(loss.threshold > lastRatio * 1.15, `R* ${loss.threshold} lies beyond the curve's ${lastRatio}`);
    const { context, page } = await openReport(chrome, server, report);
    const chart = page.locator('[data-chart="calibration-curve"]');
    assert.equal(await chart.getAttribute('data-calibration'), 'loss');
    const texts = await chart.locator('svg text').allTextContents();
    assert.ok(texts.includes(`R* = ${formatNumber(loss.threshold)}, beyond the axis →`), texts.join(' | '));
    // Every vertical rule drawn lies within the svg's plot area.
    const rules = await chart.locator('svg').evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('g[aria-label="rule"] line')].map((l) => {
        const r = l.getBoundingClientRect();
        return r.left >= box.left && r.right <= box.right;
      });
    });
    assert.ok(rules.every(Boolean), 'no rule outside the svg');
    await context.close();
  });
});

describe('per-class table', () => {
  test('at 640 px it fits: no horizontal scroll, every header on one line', async () => {
    for (const r of [1000, 1]) {
      const { context, page } = await openReport(chrome, server, reports[r], { viewport: { width: 640, height: 900 } });
      const fit = await page.evaluate(() => {
        const wrap = document.querySelector('.class-table .table-wrap');
        const lines = [...wrap.querySelectorAll('th')].map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          return { text: th.textContent, lines: tops.size };
        });
        return { scroll: wrap.scrollWidth, client: wrap.clientWidth, lines };
      });
      assert.ok(fit.scroll <= fit.client, `R = ${r}: table ${fit.scroll} px in ${fit.client} px`);
      for (const th of fit.lines) assert.equal(th.lines, 1, `R = ${r}: header “${th.text}” wraps`);
      await context.close();
    }
  });
});



describe('header (R = 1000 sample)', () => {
  test('model wording, files by name with the command in details, the --minority auto note as information, μ_G^u explained', async () => {
    const report = reports[1000];
    const { context, page } = await openReport(chrome, server, report);
    const header = page.locator('header.report-header');
    const all = await header.innerText();
    assert.ok(!all.includes('classifier classifier'), all);
    assert.ok(all.includes(`classifier layer “${report.inspect.model.classifierLayer}”`));
    const note = report.inspect.warnings.find((w) => w.startsWith('--minority auto picked'));
    assert.ok(note);
    assert.deepEqual(await header.locator('[data-infos] li').allInnerTexts(), [note]);
    assert.equal(await header.locator('[data-warnings]').count(), 0, 'no warning list for a normal --minority auto');
    const source = await header.locator('[data-source] > span').first().innerText();
    assert.equal(source, 'model fashion-r1000, data train-r1000-images.npy, test test-images.npy');
    assert.equal(await header.locator('[data-command]').textContent(), report.meta.source);
    assert.match(all, /μ_G\^u = \(1\/K\) Σ_k μ_k, the unweighted mean of the class means \(not μ_G, the sample mean/);
    await context.close();
  });
});
