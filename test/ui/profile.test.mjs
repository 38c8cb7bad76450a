// A report whose class counts are not two-level, in real Chromium: the minority-collapse curve is the
// count-profile curve (docs/lpm.md), named as such in its axis and summary, and it passes through the LPM
// at the counts themselves. The report is a real LPM fit made by the CLI in this run (20 classes, counts
// 2000·0.7^k, E_H = 5, E_W = 1, minority auto).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, launchBrowser, openReport, startServer } from './harness.mjs';
import { labelProblems } from './labels.mjs';

let server;
let chrome;
let report;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
  const counts = Array.from({ length: 20 }, (_, k) => Math.round(2000 * 0.7 ** k)).join(',');
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'report', '--lpm-only', '--counts', counts, '--eh', '5', '--ew', '1', '--minority', 'auto', '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  report = JSON.parse(run.stdout);
});

after(async () => {
  await chrome?.close();
  await server?.close();
});

describe('counts that are not two-level', () => {
  test('the curve is the count-profile curve, says so, and meets the LPM at the counts themselves', async () => {
    const lpm = report.lpm;
    assert.equal(lpm.curveKind, 'profile');
    // At α = 1 the profile is the counts: that point is the LPM optimum the report shows (its "model").
    const own = lpm.curve.find((p) => Math.abs(p.ratio - lpm.modelRatio) <= 1e-9 * lpm.modelRatio);
    assert.ok(own, `a curve point at the model's R = ${lpm.modelRatio}`);
    assert.ok(Math.abs(own.cosMinority - report.inspect.minority.meanCosClassifiers) < 1e-5, `${own.cosMinority} vs ${report.inspect.minority.meanCosClassifiers}`);
    const { context, page } = await openReport(chrome, server, report, { waitFor: '[data-chart="minority-curve"] svg' });
    const chart = page.locator('[data-chart="minority-curve"]');
    const summary = await chart.locator('.chart-summary').textContent();
    assert.match(summary, /These counts are not two-level: each point is the LPM for this model’s count profile scaled/);
    assert.match(await chart.locator('svg').first().textContent(), /R = mean majority count \/ mean minority count \(count profile scaled\)/);
    assert.deepEqual(await page.evaluate(labelProblems), []);
    await context.close();
  });
});
