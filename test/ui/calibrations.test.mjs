// The LPM's two calibrations in the panel, in real Chromium, on the bundled R = 1000 sample: the report is
// made by the real CLI (`collapse-lens report … --json --html`) in this run, and every number the cards
// print is checked against that JSON through the protocol's own formatter (src/protocol/format.ts), and
// every ratio the sentences state is recomputed here from the JSON fields.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { ROOT, launchBrowser, offlineContext, openReport, startServer, watchPage } from './harness.mjs';

const RESULTS = join(ROOT, 'test-results');
const SAMPLES = join(ROOT, 'media', 'samples');

let server;
let chrome;
let report;
let htmlFile;
let formatNumber;

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  server = await startServer();
  chrome = await launchBrowser();
  const formatter = join(chrome.dir, 'format.mjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'src/protocol/format.ts')], bundle: true, platform: 'node', format: 'esm', outfile: formatter, logLevel: 'warning' });
  ({ formatNumber } = await import(pathToFileURL(formatter).href));
  htmlFile = join(chrome.dir, 'r1000.html');
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'dist', 'cli.js'),
      'report',
      join(SAMPLES, 'fashion-r1000'),
      '--data',
      join(SAMPLES, 'data', 'train-r1000-images.npy'),
      '--labels',
      join(SAMPLES, 'data', 'train-r1000-labels.npy'),
      '--minority',
      'auto',
      '--html',
      htmlFile,
      '--json',
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  report = JSON.parse(run.stdout);
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

const calibration = (kind) => report.calibrations.find((c) => c.kind === kind);
const text = (page, selector) => page.locator(selector).first().innerText();
const field = (page, kind, name) => text(page, `[data-calibration="${kind}"] [data-field="${name}"]`);

const openHost = () => openReport(chrome, server, report, { waitFor: '[data-calibration="loss"]' });

/** Both cards, loss-matched first, with the JSON's numbers; the sentences' ratios recomputed from the fields. */
async function assertCards(page) {
  const loss = calibration('loss');
  const norms = calibration('norms');
  assert.ok(loss.threshold !== null, 'the R = 1000 sample has a loss-matched R*');
  assert.deepEqual(await page.locator('[data-calibration]').evaluateAll((els) => els.filter((e) => e.tagName === 'ARTICLE').map((e) => e.dataset.calibration)), ['loss', 'norms']);
  // The loss-matched R* printed is the JSON's threshold through the protocol formatter.
  assert.equal(await field(page, 'loss', 'threshold'), formatNumber(loss.threshold));
  for (const c of [loss, norms]) {
    assert.equal(await field(page, c.kind, 'ehew'), formatNumber(c.ehew));
    assert.equal(await field(page, c.kind, 'split'), `${formatNumber(c.eh)}, ${formatNumber(c.ew)}`);
    assert.equal(await field(page, c.kind, 'objective'), formatNumber(c.objective));
    assert.equal(await field(page, c.kind, 'trainLoss'), formatNumber(report.inspect.trainLoss));
    assert.equal(await field(page, c.kind, 'cosMinority'), formatNumber(c.cosMinority, 3));
    assert.equal(await field(page, c.kind, 'modelCos'), formatNumber(report.inspect.minority.meanCosClassifiers, 3));
    assert.equal(await field(page, c.kind, 'statement'), c.statement);
  }
  // R = 1000 against R*: the factor the card states is R / R*, and the report's sentence says the same.
  const factor = 1000 / loss.threshold;
  assert.ok(factor > 1);
  assert.equal(await field(page, 'loss', 'ratio'), `1000 (${formatNumber(factor, 2)}× above R*)`);
  assert.ok(loss.statement.includes(`R* = ${formatNumber(loss.threshold)}; this model's R = 1000 is ${formatNumber(factor, 2)}× above it: the LPM predicts its minority classifiers merge`));
  assert.ok(loss.cosMinority > 0.999, 'merged: the LPM minority cosine is 1 above R*');
  // Norm-matched: no R* up to the searched range, so the card gives the reason and no factor.
  assert.equal(norms.threshold, null);
  assert.equal(await field(page, 'norms', 'threshold'), `none (${norms.reason})`);
  assert.equal(await field(page, 'norms', 'ratio'), '1000');
  // The loss sentences: matched by construction (to 1e-3 here), and the norm-matched factor trainLoss / objective.
  assert.ok(Math.abs(loss.objective / report.inspect.trainLoss - 1) <= 1e-3);
  assert.match(await field(page, 'loss', 'loss'), /: they match\.$/);
  const smaller = report.inspect.trainLoss / norms.objective;
  assert.ok(smaller > 1);
  assert.ok((await field(page, 'norms', 'loss')).endsWith(`the optimal last layer’s loss is ${formatNumber(smaller, 3)}× smaller than this model’s.`));
}

describe('LPM calibrations side by side (R = 1000 sample)', () => {
  test('host mode: both cards, and the R-curve at either calibration, loss-matched by default', async () => {
    const { context, page, problems } = await openHost();
    await assertCards(page);
    const loss = calibration('loss');
    const norms = calibration('norms');
    const summary = () => text(page, '[data-chart="calibration-curve"] .chart-summary');
    const pressed = () => page.locator('.calibration-toggle[aria-pressed="true"]').evaluateAll((els) => els.map((e) => e.dataset.kind));
    assert.deepEqual(await pressed(), ['loss']);
    assert.match(await summary(), new RegExp(`^At the loss-matched budget E_H·E_W = ${formatNumber(loss.ehew)}:`));
    assert.ok((await summary()).includes(`exact minority collapse from R* = ${formatNumber(loss.threshold)}`));
    assert.ok((await page.locator('[data-chart="calibration-curve"] svg text').allTextContents()).includes(`R* = ${formatNumber(loss.threshold)}`));
    await page.screenshot({ path: join(RESULTS, 'calibrations-r1000.png'), fullPage: true });
    await page.locator('.calibration-toggle[data-kind="norms"]').click();
    assert.deepEqual(await pressed(), ['norms']);
    assert.match(await summary(), new RegExp(`^At the norm-matched budget E_H·E_W = ${formatNumber(norms.ehew)}:`));
    assert.ok((await summary()).includes('no exact collapse on this range'));
    assert.ok(!(await page.locator('[data-chart="calibration-curve"] svg text').allTextContents()).some((t) => t.startsWith('R* =')));
    // The curve's last point is the JSON's, formatted the same way.
    const last = norms.lpm.curve[norms.lpm.curve.length - 1];
    assert.ok((await summary()).includes(`to ${formatNumber(last.cosMinority, 3)} at R = ${formatNumber(last.ratio, 3)}`));
    assert.deepEqual(await problems.cspNow(), []);
    assert.deepEqual(problems.console, []);
    await context.close();
  });

  test('standalone HTML from `report --html`: the same cards offline', async () => {
    const { context, blocked } = await offlineContext(chrome);
    const page = await context.newPage();
    const problems = await watchPage(page);
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForSelector('[data-calibration="loss"]');
    await assertCards(page);
    assert.equal(await page.locator('[data-chart="calibration-curve"] svg').count(), 1);
    assert.deepEqual(blocked, []);
    assert.deepEqual(await problems.cspNow(), []);
    assert.deepEqual(problems.console, []);
    await context.close();
  });
});

