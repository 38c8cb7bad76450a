// `report --lpm-only` (what "Fit Layer-Peeled Model…" runs): the report says it has no trained model
// (meta.lpmOnly) and keeps the class names it is given, one per count.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isAnalysisReport, type AnalysisReport } from '../../../../src/protocol/report';
import { runCaptured } from '../../helpers/captureIo';

const BASE = ['report', '--lpm-only', '--counts', '100,100,10', '--eh', '5', '--ew', '1', '--json', '--quiet'];

describe('report --lpm-only', () => {
  it('marks the report as LPM-only and keeps --class-names in class order', async () => {
    const { code, stdout, stderr } = await runCaptured([...BASE, '--class-names', 'cat, dog ,Ankle boot']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as AnalysisReport;
    assert.ok(isAnalysisReport(report));
    assert.equal(report.meta.lpmOnly, true);
    assert.deepEqual(report.classNames, ['cat', 'dog', 'Ankle boot']);
    assert.deepEqual(report.inspect.counts, [100, 100, 10]);
  });

  it('without names the classes stay numbered (no classNames)', async () => {
    const { code, stdout } = await runCaptured(BASE);
    assert.equal(code, 0);
    assert.equal((JSON.parse(stdout) as AnalysisReport).classNames, undefined);
  });

  it('refuses a name count that differs from --counts, naming both', async () => {
    const { code, stderr } = await runCaptured([...BASE, '--class-names', 'cat,dog']);
    assert.equal(code, 2);
    assert.match(stderr, /--class-names has 2 names but --counts has 3 classes/);
  });
});
