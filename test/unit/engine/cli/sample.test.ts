// `collapse-lens sample` (npm start): the loss-matched line says of each imbalanced sample what its
// report's loss-matched calibration is. Checked against the defining property (the LPM's optimal loss
// at those budgets equals the model's training loss), the product E_H·E_W recomputed from E_H and E_W,
// and the R-vs-R* wording against the LPM's minority cosine (merged minority classifiers above R*).
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lossMatchedLines } from '../../../../src/engine/cli/sample';
import { formatCli } from '../../../../src/protocol/format';
import type { AnalysisReport } from '../../../../src/protocol/report';
import { runCaptured } from '../../helpers/captureIo';

const MEDIA = join(__dirname, '..', '..', '..', '..', '..', 'media');
const SAMPLES = join(MEDIA, 'samples');
const work = mkdtempSync(join(tmpdir(), 'collapse-lens-sample-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('collapse-lens sample: the loss-matched LPM line', () => {
  it('the walkthrough\'s LPM step states the R = 1000 sample\'s calibrations as the report has them', async () => {
    const { code, stdout, stderr } = await runCaptured(['sample', '--json', '--quiet', '--samples', SAMPLES, '--out', work]);
    assert.equal(code, 0, stderr);
    const reports = JSON.parse(stdout) as Record<string, AnalysisReport>;
    const step = readFileSync(join(MEDIA, 'walkthrough', '5-lpm.md'), 'utf8').replace(/\s+/g, ' ');
    const products = Object.values(reports).map((r) => (r.calibration ? r.calibration.eh * r.calibration.ew : NaN));
    assert.ok(step.includes(`E_H·E_W = ${Math.round(Math.min(...products))}–${Math.round(Math.max(...products))}, where R* lies beyond 10⁶`), 'norm-matched range');
    for (const r of Object.values(reports)) if (r.lpm && r.lpm.curve.length) assert.equal(r.lpm.threshold, null, `${r.meta.title}: norm-matched R* not reached`);
    const loss = reports.r1000.calibrations?.find((c) => c.kind === 'loss');
    assert.ok(loss && loss.ehew !== null && loss.threshold !== null && loss.cosMinority !== null);
    assert.ok(step.includes(`E_H·E_W = ${loss.ehew.toFixed(1)} with R* = ${Math.round(loss.threshold)}`), `loss-matched ${loss.ehew}, ${loss.threshold}`);
    assert.ok(1000 > loss.threshold && loss.cosMinority > 0.999, 'above R*, merged (cosine 1)');
    assert.ok(step.includes(`trained model's are at ${reports.r1000.inspect.minority?.meanCosClassifiers?.toFixed(3)}`));
  });

  it('states each imbalanced sample\'s loss-matched budget, R* and LPM minority cosine truthfully', async () => {
    const { code, stdout, stderr } = await runCaptured(['sample', '--json', '--quiet', '--samples', SAMPLES, '--out', work]);
    assert.equal(code, 0, stderr);
    const reports = JSON.parse(stdout) as Record<string, AnalysisReport>;
    const ratios = [1, 10, 100, 1000];
    const [, line] = lossMatchedLines(ratios.map((r) => [r, reports[`r${r}`]]));
    assert.match(line, /^Loss-matched LPM \(budgets where the LPM's optimal loss equals the model's training loss\): /);
    const parts = line.replace(/^[^:]*: /, '').replace(/\.$/, '').split('; ');
    // R = 1 has no minority classes, so no entry.
    assert.deepEqual(parts.map((p) => Number(/^R = (\d+)/.exec(p)?.[1])), [10, 100, 1000]);
    for (const part of parts) {
      const r = Number(/^R = (\d+)/.exec(part)?.[1]);
      const rep = reports[`r${r}`];
      const c = rep.calibrations?.find((x) => x.kind === 'loss');
      assert.ok(c && c.eh !== null && c.ew !== null && c.objective !== null && c.cosMinority !== null, `R = ${r}: a loss calibration`);
      const loss = rep.inspect.trainLoss as number;
      assert.ok(Math.abs(c.objective - loss) <= 1e-5 * loss, `R = ${r}: LPM optimal loss ${c.objective} vs the model's training loss ${loss}`);
      assert.ok(part.includes(`E_H·E_W ${formatCli(c.eh * c.ew, 3, 'n/a')},`), `${part}: E_H·E_W = ${c.eh}·${c.ew}`);
      assert.ok(part.includes(`LPM minority cos ${formatCli(c.cosMinority, 3, 'n/a')} vs the model's ${formatCli(rep.inspect.minority?.meanCosClassifiers ?? null, 3, 'n/a')}`), part);
      if (c.threshold === null) assert.match(part, /R\* beyond /);
      else {
        const above = r > c.threshold;
        assert.ok(part.includes(above ? '(R > R*)' : '(R ≤ R*)'), part);
        // Above R* the LPM's minority classifiers have merged (cosine 1); below they are distinct.
        assert.equal(c.cosMinority > 0.99, above, `${part}: cos ${c.cosMinority} vs R* ${c.threshold}`);
      }
    }
  });
});
