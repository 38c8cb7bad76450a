// View-model helpers: curve reading, oversampling ladder, class order, CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AnalysisReport } from '../../../src/protocol/report';
import { buildViewModel, classRows, cosFromGram, curveAt, heatmapOrder, classInfo, oversampleLadder, toCsv } from '../../../webview/viewModel';

const report: AnalysisReport = JSON.parse(readFileSync('test/fixtures/reports/minority-collapsed.json', 'utf8'));

test('curveAt reads grid points exactly and interpolates linearly in log R', () => {
  const curve = report.lpm!.curve;
  assert.equal(curveAt(curve, 10), 0.5175); // theory.md §2.4 grid, R = 10
  const r = Math.sqrt(curve[9].ratio * curve[10].ratio); // halfway in log R between 7.943 and 10
  assert.ok(Math.abs((curveAt(curve, r) as number) - (0.2776 + 0.5175) / 2) < 1e-12);
  assert.equal(curveAt(curve, 0.5), null);
  assert.equal(curveAt(curve, 2e4), null);
});

test('oversampling ladder ends at R (w_r = R restores balance, theory.md §2.5)', () => {
  assert.deepEqual(oversampleLadder(20), [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12.5, 15, 20]);
  assert.equal(oversampleLadder(1000).at(-1), 1000);
  assert.deepEqual(oversampleLadder(null), [1]);
});

test('heatmap order puts the minority block last; zero-norm rows give undefined cosines', () => {
  const classes = classInfo({ ...report, inspect: { ...report.inspect, minority: { ...report.inspect.minority!, classes: [0, 3] } } });
  assert.deepEqual(heatmapOrder(classes), [1, 2, 4, 5, 6, 7, 8, 9, 0, 3]);
  assert.deepEqual(cosFromGram([[4, 0, 2], [0, 0, 0], [2, 0, 1]]), [[1, null, 1], [null, null, null], [1, null, 1]]);
});

test('per-class CSV: header, one row per class, RFC 4180 quoting', () => {
  const vm = buildViewModel({ ...report, classNames: report.inspect.counts.map((_, i) => (i === 0 ? 'T-shirt, "top"' : `c${i}`)) }, null, null);
  const csv = toCsv(classRows(vm));
  const lines = csv.split('\r\n');
  assert.equal(lines.length, 12); // header + 10 rows + trailing empty
  assert.match(lines[1], /^0,"T-shirt, ""top""",100,majority,/);
  assert.match(lines[10], /^9,c9,5,minority,/);
});
