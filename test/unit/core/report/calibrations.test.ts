// Both LPM calibrations of a report (docs/lpm.md "Two calibrations"): the loss-matched entry's objective
// is the model's training loss, its budgets keep the norm-matched split, R* and the sentence agree with
// the numbers they state, and a model at chance or with no resolvable loss gets a reason, not a number.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { calibrations } from '../../../../src/core/report/calibrations';
import { calibrate, lpmComparison, type ModelGeometry } from '../../../../src/core/report/lpmComparison';
import { formatNumber } from '../../../../src/protocol/format';
import type { LpmCalibration } from '../../../../src/protocol/report';

/** A two-level model geometry (K = 6, K_A = 3) with an ETF-like classifier in R^6. */
function geometry(ratio: number): ModelGeometry {
  const K = 6;
  const counts = Array.from({ length: K }, (_, k) => (k < 3 ? 100 * ratio : 100));
  const weights = new Float64Array(K * K);
  const means = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let t = 0; t < K; t++) {
    weights[k * K + t] = (k === t ? 1 : 0) - 1 / K;
    means[k * K + t] = 3 * ((k === t ? 1 : 0) - 1 / K);
  }
  const msq = Array.from({ length: K }, (_, k) => { let s = 0; for (let t = 0; t < K; t++) s += means[k * K + t] ** 2; return s + 0.5; });
  const cos = Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : -1 / (K - 1))));
  return { counts, minority: [3, 4, 5], weights, means, dim: K, featureMeanSquaredNorms: msq, cosClassifiers: cos, cosMeans: cos };
}

function both(ratio: number, trainLoss: number | null) {
  const g = geometry(ratio);
  const norms = calibrate(g);
  const normsLpm = lpmComparison(g, {}, norms);
  return { norms, ...calibrations({ geometry: g, norms, normsLpm, normsReason: null, trainLoss, modelCos: 0.25 }) };
}

/** Numbers in a sentence, in order (formatNumber output: "−0.2", "1e+6", "8.4"). */
const numbers = (s: string) => [...s.matchAll(/[−-]?\d+(?:\.\d+)?(?:e[+−-]?\d+)?/g)].map((m) => Number(m[0].replace(/−/g, '-')));

describe('two calibrations', () => {
  it('loss-matched: objective = training loss, split kept, efficiency = ratio of products, sentence true of its numbers', () => {
    const r = both(100, 0.02);
    const [n, l] = r.calibrations as [LpmCalibration, LpmCalibration];
    assert.deepEqual([n.kind, l.kind], ['norms', 'loss']);
    assert.ok(Math.abs(l.objective! / 0.02 - 1) < 2e-5, `objective ${l.objective}`);
    assert.ok(Math.abs(l.ew! / l.eh! / (r.norms.ew / r.norms.eh) - 1) < 1e-12, 'E_W/E_H as norm-matched');
    assert.equal(r.budgetEfficiency, l.ehew! / n.ehew!);
    assert.equal(n.ehew, r.norms.eh * r.norms.ew);
    assert.equal(n.lpm?.result.objective, n.objective);
    for (const c of [n, l]) {
      assert.equal(c.modelPoint.ratio, 100);
      assert.equal(c.cosMinority, c.lpm!.result.cosMinority);
      assert.equal(c.threshold, c.lpm!.threshold);
      const stated = numbers(c.statement);
      assert.equal(stated[0], Number(formatNumber(c.ehew)), c.statement);
      if (c.threshold !== null) {
        assert.equal(stated[1], Number(formatNumber(c.threshold)), c.statement);
        const factor = 100 / c.threshold;
        assert.equal(stated[3], Number(formatNumber(factor >= 1 ? factor : 1 / factor, 2)), c.statement);
        assert.match(c.statement, factor >= 1 ? /above it: the LPM predicts its minority classifiers merge/ : /below it: the LPM predicts distinct/);
        assert.equal(c.cosMinority! > 0.999, factor >= 1, 'merged exactly when R ≥ R*');
      } else assert.match(c.statement, /R\* lies beyond 1e\+6/);
    }
  });

  it('at chance and with a loss float64 cannot resolve: the loss entry has a reason and no LPM', () => {
    for (const [loss, why] of [[Math.log(6) + 0.1, /at or above chance/], [1e-14, /too small to calibrate/]] as const) {
      const l = both(10, loss).calibrations[1];
      assert.equal(l.lpm, null);
      assert.equal(l.ehew, null);
      assert.match(l.reason!, why);
      assert.match(l.statement, /the LPM is not shown/);
    }
  });
});
