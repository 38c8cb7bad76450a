// Many-class heatmaps in real Chromium: from RASTER_FROM_CLASSES classes a cosine heatmap is one raster
// image (one pixel per cell) instead of K² SVG rects. The report is a real LPM fit made by the CLI in this run
// (80 classes: 64 of 100 samples, 16 of 20, E_H = 5, E_W = 1); the pixels are read back from the image and
// checked against the cosines recomputed here from the report's Gram matrix.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ROOT, launchBrowser, offlineContext, openReport, startServer, watchPage } from './harness.mjs';
import { labelProblems } from './labels.mjs';

const MAJORITY = 64;
const MINORITY = 16;
const K = MAJORITY + MINORITY;

let server;
let chrome;
let report;
let htmlFile;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  const counts = [...Array(MAJORITY).fill(100), ...Array(MINORITY).fill(20)].join(',');
  htmlFile = join(chrome.dir, 'report-80.html');
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'report', '--lpm-only', '--counts', counts, '--eh', '5', '--ew', '1', '--minority', 'auto', '--json', '--quiet', '--html', htmlFile], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(run.status, 0, run.stderr);
  report = JSON.parse(run.stdout);
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

/** Cosines of a Gram matrix, null where a norm is below 1e-12 of the largest (as the panel defines them). */
function cosines(g) {
  const max = Math.max(...g.map((row, i) => row[i]));
  return g.map((row, i) => row.map((v, j) => (g[i][i] <= 1e-12 * max || g[j][j] <= 1e-12 * max ? null : v / Math.sqrt(g[i][i] * g[j][j]))));
}

/** The pixels of a raster heatmap's image, read back through a canvas. */
function heatmapPixels(chart) {
  return chart.locator('svg image').evaluate(async (image) => {
    const img = new Image();
    img.src = image.getAttribute('href');
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return { width: img.naturalWidth, height: img.naturalHeight, data: [...ctx.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data] };
  });
}

/** The image against the cosines recomputed from the report's Gram matrix; returns those cosines. */
function checkPixels(pixels) {
  assert.equal(pixels.width, K);
  assert.equal(pixels.height, K);
  const at = (row, col) => pixels.data.slice(4 * (row * K + col), 4 * (row * K + col) + 4);
  const cos = cosines(report.lpm.result.gramW);
  // The LPM's order is majority then minority (classes 0…63, 64…79): display position = class index.
  const one = at(0, 0);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const [, , , alpha] = at(i, j);
      if (cos[i][j] === null) assert.equal(alpha, 0, `cell (${i}, ${j}) is undefined: transparent over the grid colour`);
      else assert.equal(alpha, 255, `cell (${i}, ${j}) = ${cos[i][j]} is drawn`);
    }
  }
  // cos = 1 on the defined diagonal, and −1/(K_A − 1) between the majority classifiers (the ETF of the majority).
  for (let i = 0; i < MAJORITY; i++) assert.deepEqual(at(i, i), one, `diagonal (${i}, ${i})`);
  assert.ok(Math.abs(cos[0][1] + 1 / (MAJORITY - 1)) < 1e-6, `majority cosine ${cos[0][1]}`);
  assert.notDeepEqual(at(0, 1), one, 'an off-diagonal majority cell is not coloured as cos = 1');
  assert.deepEqual(at(MAJORITY - 1, 0), at(0, 1), 'equal cosines, equal colours');
  // Upside down, the diagonal (10, 10) would be drawn at row 69, where the minority classifiers' row is undefined.
  assert.equal(cos[K - 1 - 10][10], null);
  return cos;
}

describe('heatmaps of 80 classes', () => {
  test('are one raster image, one pixel per cell, in the class order, with nulls marked', async () => {
    const { context, page } = await openReport(chrome, server, report, { waitFor: '[data-chart="heatmap-lpm"] svg image' });
    const chart = page.locator('[data-chart="heatmap-lpm"]');
    assert.ok((await chart.locator('svg rect').count()) <= 4, 'no per-cell rects: the background, the minority outline');
    const pixels = await heatmapPixels(chart);
    const cos = checkPixels(pixels);
    // The summary under the chart from the same matrix: undefined cells counted, the majority block's mean.
    const undefinedCells = cos.flat().filter((v) => v === null).length;
    assert.equal(undefinedCells, K * K - MAJORITY * MAJORITY);
    const summary = await chart.locator('.chart-summary').textContent();
    assert.ok(summary.includes(`${undefinedCells} cells undefined (zero norm, shown grey)`), summary);
    // Sampled class positions on the axes (not 80 crammed labels), and no label of any chart overlapping another.
    const ticks = await chart.locator('svg [aria-label="x-axis tick label"] text').allTextContents();
    assert.ok(ticks.length >= 3 && ticks.length <= 10, `x ticks ${ticks.join(' ')}`);
    assert.deepEqual(await page.evaluate(labelProblems), []);
    // The header names the minority classes as one range, not 16 numbers (at K = 1000: "500 minority (500–999)").
    const header = await page.locator('header, .report-header').first().innerText();
    assert.match(header, new RegExp(`${MINORITY} minority \\(${MAJORITY}–${K - 1}\\)`), header);
    await context.close();
  });

  test('the standalone HTML (written by report --html) packs the matrices, opens offline with the image the Gram matrix gives, and exports the same JSON', async () => {
    const html = readFileSync(htmlFile, 'utf8');
    assert.match(html, /<script type="application\/octet-stream" id="collapse-lens-matrices"/);
    const data = [...html.matchAll(/<script type="application\/(?:json|octet-stream)" id="collapse-lens-(?:report|matrices)"[^>]*>([^<]*)<\/script>/g)].reduce((n, m) => n + m[1].length, 0);
    const plain = JSON.stringify(report).length;
    assert.ok(data < plain / 5, `the page's data, ${data} characters, against ${plain} of JSON`);
    const { context, blocked } = await offlineContext(chrome, { acceptDownloads: true });
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForSelector('[data-chart="heatmap-lpm"] svg image');
    checkPixels(await heatmapPixels(page.locator('[data-chart="heatmap-lpm"]')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export the report as JSON' }).click()]);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), 'utf8')), report, 'every number restored from the packed block');
    assert.deepEqual(blocked, []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(await problems.cspNow(), []);
    await context.close();
  });
});
