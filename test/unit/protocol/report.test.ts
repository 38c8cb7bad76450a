// The report contract and the panel's messages: what is accepted, and that every refusal names its problem.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isFromPanelMessage, isPanelState, isToPanelMessage, lpmUpdateProblems } from '../../../src/protocol/panel';
import { isAnalysisReport, reportProblems, type AnalysisReport } from '../../../src/protocol/report';

const fixture = (name: string): AnalysisReport => JSON.parse(readFileSync(join('test/fixtures/reports', `${name}.json`), 'utf8'));

test('both fixtures are valid reports', () => {
  for (const name of ['collapsed', 'minority-collapsed']) assert.deepEqual(reportProblems(fixture(name)), [], name);
});

test('reportProblems names each problem by its path', () => {
  type Loose = {
    format: string;
    inspect: { cosMeans: (number | null)[][]; counts: number[] };
    lpm: { curve: { ratio: number }[]; distances: { pairs: { a: string }[] } };
    classNames: string[];
  };
  const r = fixture('minority-collapsed') as unknown as Loose;
  r.format = 'something-else';
  r.inspect.cosMeans[3][2] = Number.NaN; // null is allowed (an undefined cosine), NaN is not
  r.inspect.counts = r.inspect.counts.slice(1);
  r.lpm.curve[2].ratio = 1;
  r.lpm.distances.pairs[0].a = 'weights';
  r.classNames = ['a', 'b'];
  assert.deepEqual(reportProblems(r), [
    'format must be "collapse-lens-report"',
    'inspect.counts has 9 entries, expected 10',
    'inspect.cosMeans[3][2] is not a finite number',
    'classNames must be 10 strings',
    'lpm.curve[2].ratio must be larger than the previous ratio',
    'lpm.distances.pairs[0] must be {a, b, value ≥ 0} with a, b in classifiers, means, lpm, etf, seli',
  ]);
  assert.equal(isAnalysisReport(r), false);
  assert.deepEqual(reportProblems('text'), ['report must be a JSON object']);
});

test('panel → host messages are validated, including where exports may be written', () => {
  assert.ok(isFromPanelMessage({ type: 'ready', theme: 'vscode-dark' }));
  assert.ok(isFromPanelMessage({ type: 'ready', theme: 'vscode-dark', hasReport: true }));
  assert.ok(isFromPanelMessage({ type: 'whatIf', id: 1, oversample: 2, ehew: 5 }));
  assert.equal(isFromPanelMessage({ type: 'whatIf', id: 1, oversample: 0.5, ehew: 5 }), false, 'w_r < 1 is undersampling');
  assert.ok(isFromPanelMessage({ type: 'export', id: 3, format: 'svg', name: 'collapse-lens-lpm.svg', data: '<svg/>', encoding: 'utf8' }));
  for (const name of ['../etc/passwd', '/tmp/x.svg', '.hidden', 'a/b.svg', 'a\\b.svg']) {
    assert.equal(isFromPanelMessage({ type: 'export', id: 3, format: 'svg', name, data: '', encoding: 'utf8' }), false, name);
  }
  assert.equal(isFromPanelMessage({ type: 'export', id: 3, format: 'exe', name: 'x.exe', data: '', encoding: 'utf8' }), false);
  assert.ok(isFromPanelMessage({ type: 'openDefinition', topic: 'nc1' }));
  assert.equal(isFromPanelMessage({ type: 'openDefinition', topic: 'https://example.com' }), false);
});

test('host → panel messages: showReport, lpmUpdate (sizes checked against K), exportResult', () => {
  const report = fixture('minority-collapsed');
  assert.ok(isToPanelMessage({ type: 'showReport', report }));
  assert.equal(isToPanelMessage({ type: 'showReport', report: { ...report, version: 2 } }), false);
  const update = {
    type: 'lpmUpdate', id: 4, ok: true, oversample: 2, ehew: 5, ratioEffective: 10, result: report.lpm!.result,
    curve: report.lpm!.curve, threshold: 12.19, distances: report.lpm!.distances, elapsedMs: 30,
  };
  assert.ok(isToPanelMessage(update));
  assert.deepEqual(lpmUpdateProblems(update, 10), []);
  assert.deepEqual(lpmUpdateProblems(update, 4).slice(0, 1), ['lpmUpdate.result.normsW has 10 entries, expected 4']);
  assert.ok(isToPanelMessage({ type: 'lpmUpdate', id: 5, ok: false, error: 'solver did not converge' }));
  assert.ok(isToPanelMessage({ type: 'exportResult', id: 1, ok: true, path: '/tmp/a.svg' }));
  assert.ok(isPanelState({ version: 1, report }));
  assert.ok(isPanelState({ version: 1, report, whatIf: { oversample: 2, ehew: 5, update } }));
  assert.equal(isPanelState({ version: 1, report, whatIf: { oversample: 2, ehew: 5, update: { ...update, ok: false } } }), false);
});
