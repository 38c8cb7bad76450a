// The metric catalogue covers every key of the real result JSONs (recorded CLI outputs in
// test/fixtures/golden), the validator and docs/metrics.md agree with it, and the panel's card details and
// the CLI table are named by it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  BLOCK_METRICS, INSPECT_CONTEXT_KEYS, LPM_CONTEXT_KEYS, LPM_METRICS, METRICS, METRICS_CONTEXT_KEYS, MINORITY_CONTEXT_KEYS, MINORITY_METRICS,
  SCALAR_METRIC_KEYS, TRAJECTORY_CONTEXT_KEYS, TRAJECTORY_METRICS,
} from '../../../src/protocol/catalogue';
import type { MetricEntry } from '../../../src/protocol/catalogue';
import { formatCli, formatMetric, formatNumber } from '../../../src/protocol/format';
import { reportProblems } from '../../../src/protocol/report';
import type { AnalysisReport } from '../../../src/protocol/report';
import type { InspectResult, LpmResult, MetricsResult } from '../../../src/protocol/result';
import { nc1Verdict, nc2Verdict } from '../../../src/protocol/verdicts';

const golden = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/golden/${name}.json`, 'utf8'));

function uncovered(value: Record<string, unknown>, catalogue: object, context: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !(k in catalogue) && !context.includes(k));
}

test('every key of a real metrics / inspect / lpm / report result has a catalogue entry or is context', () => {
  const metrics = ['metrics-default', 'metrics-no-weights', 'metrics-weighted-ddof1'].map((n) => golden(n) as MetricsResult);
  const inspects = ['inspect-mlp', 'inspect-graph', 'inspect-checkpoints'].map((n) => golden(n) as InspectResult);
  const samples = Object.values(golden('sample') as Record<string, AnalysisReport>);
  const reports = [golden('report-lpm-only') as AnalysisReport, ...samples];
  let minorities = 0;
  let points = 0;
  for (const r of [...metrics, ...inspects, ...reports.map((x) => x.inspect)] as InspectResult[]) {
    assert.deepEqual(uncovered(r as unknown as Record<string, unknown>, METRICS, [...METRICS_CONTEXT_KEYS, ...INSPECT_CONTEXT_KEYS]), []);
    if (r.minority) {
      minorities++;
      assert.deepEqual(uncovered(r.minority as unknown as Record<string, unknown>, MINORITY_METRICS, MINORITY_CONTEXT_KEYS), []);
      for (const b of Object.values(r.minority.blocks ?? {})) assert.deepEqual(uncovered(b as unknown as Record<string, unknown>, BLOCK_METRICS, []), []);
    }
    for (const p of r.trajectory ?? []) {
      points++;
      assert.deepEqual(uncovered(p as unknown as Record<string, unknown>, TRAJECTORY_METRICS, TRAJECTORY_CONTEXT_KEYS), []);
    }
  }
  const lpms: LpmResult[] = [golden('lpm-two-level') as LpmResult, ...reports.flatMap((x) => (x.lpm ? [x.lpm.result] : []))];
  for (const l of lpms) assert.deepEqual(uncovered(l as unknown as Record<string, unknown>, LPM_METRICS, LPM_CONTEXT_KEYS), []);
  // The fixtures must exercise each section, or the checks above prove nothing.
  assert.ok(minorities > 0 && points > 0 && lpms.length > 1);
});

test('a result key without an entry is found (the check can fail)', () => {
  const r = { ...(golden('metrics-default') as MetricsResult), neuralCollapse5: 0.1 };
  assert.deepEqual(uncovered(r, METRICS, METRICS_CONTEXT_KEYS), ['neuralCollapse5']);
});

test('entries are complete: label, meaning, ideal, a known family and format', () => {
  const families = ['NC1', 'NC2', 'NC3', 'NC4', 'NC5', 'minority', 'per-class', 'layers', 'LPM'];
  for (const section of [METRICS, MINORITY_METRICS, BLOCK_METRICS, LPM_METRICS]) {
    for (const [key, e] of Object.entries(section) as [string, MetricEntry][]) {
      assert.ok(e.label.trim() && e.meaning && e.ideal, key);
      assert.ok(families.includes(e.family), `${key}: ${e.family}`);
      assert.ok(['number', 'fraction', 'count'].includes(e.format), key);
    }
  }
  // Trajectory keys name a recorded metric.
  for (const [key, { of }] of Object.entries(TRAJECTORY_METRICS)) {
    const [head, tail] = of.split('.');
    assert.ok(tail ? tail in MINORITY_METRICS && head === 'minority' : head in METRICS, key);
  }
});

test('optional entries are exactly the keys a real result may omit', () => {
  const noWeights = golden('metrics-no-weights') as MetricsResult;
  const full = golden('metrics-default') as MetricsResult;
  for (const key of SCALAR_METRIC_KEYS) {
    const entry: MetricEntry = METRICS[key];
    assert.ok(key in full, `${key} is in a full result`);
    if (!(key in noWeights)) assert.ok(entry.optional, `${key} is absent without W, so it must be optional`);
  }
});

// The golden files drop the timestamp; a report needs one.
const dated = (r: AnalysisReport): AnalysisReport => ({ ...r, meta: { ...r.meta, createdAt: '2026-01-01T00:00:00Z' } });

test('the validator reads the catalogue: each scalar key must be a number or null, optional ones may be absent', () => {
  const report = dated(golden('report-lpm-only') as AnalysisReport);
  assert.deepEqual(reportProblems(report), []);
  for (const key of SCALAR_METRIC_KEYS) {
    const bad = structuredClone(report) as unknown as { inspect: Record<string, unknown> };
    bad.inspect[key] = 'x';
    assert.deepEqual(reportProblems(bad), [`inspect.${key} must be a number or null`], key);
    delete bad.inspect[key];
    const entry: MetricEntry = METRICS[key];
    assert.deepEqual(reportProblems(bad), entry.optional ? [] : [`inspect.${key} must be a number or null`], key);
  }
  for (const key of Object.keys(MINORITY_METRICS)) {
    const bad = dated(structuredClone((golden('sample') as Record<string, AnalysisReport>).r100)) as unknown as { inspect: { minority: Record<string, unknown> } };
    bad.inspect.minority[key] = 'x';
    assert.deepEqual(reportProblems(bad), [`inspect.minority.${key} must be a number or null`], key);
  }
});

test('docs/metrics.md: the key table lists exactly the catalogue keys of MetricsResult', () => {
  const text = readFileSync('docs/metrics.md', 'utf8');
  const start = text.indexOf('| key | definition |');
  assert.ok(start >= 0, 'docs/metrics.md has the key table');
  const rows = text.slice(start).split('\n').slice(2);
  const keys: string[] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const first = row.split(' | ')[0];
    keys.push(...[...first.matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]));
  }
  assert.deepEqual([...keys].sort(), Object.keys(METRICS).sort());
});

test('card details and the CLI table take their names and digits from the catalogue', () => {
  const m = golden('metrics-default') as MetricsResult;
  const details = nc1Verdict(m).details;
  assert.deepEqual(details.map((d) => d.name), [METRICS.nc1Quotient.detail, METRICS.cdnv.detail, METRICS.nc1Weak.detail]);
  assert.equal(details[1].value, formatMetric(METRICS.cdnv, m.cdnv));
  assert.equal(details[2].value, `${formatMetric(METRICS.nc1Weak, m.nc1Weak!.within)}, ${formatMetric(METRICS.nc1Weak, m.nc1Weak!.between)}`);
  assert.deepEqual(nc2Verdict(m).details.slice(5).map((d) => d.name), [METRICS.equinormLogMeans.detail, METRICS.gnc2.detail]);
  assert.equal(nc2Verdict(m).details.length, 7);
  // One formatter: the CLI prints the panel's digits with an ASCII minus.
  assert.equal(formatCli(-1 / 9, 3), '-0.111');
  assert.equal(formatNumber(-1 / 9, 3), '−0.111');
  assert.equal(formatCli(3.2e-7), '3.2e-7');
  assert.equal(formatCli(null, 4, 'n/a'), 'n/a');
  assert.equal(formatMetric(METRICS.counts, 50), '50');
});
