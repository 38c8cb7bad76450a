// The LPM side of a report at large budgets, where every loss term is tiny: checked against the balanced
// closed form L* = log(1 + (K−1)·exp(−K√(E_H E_W)/(K−1))) and cos = −1/(K−1) (theory.md §2.3).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { geometryDistances, lpmForBudgets, modelRatio } from '../../../../src/core/report/lpmComparison';

const closedForm = (K: number, e: number) => Math.log1p((K - 1) * Math.exp((-K * Math.sqrt(e)) / (K - 1)));
const etfCos = (K: number) => Array.from({ length: K }, (_, i) => Array.from({ length: K }, (_, j) => (i === j ? 1 : -1 / (K - 1))));

describe('LPM at large budgets', () => {
  // Calibrated budgets of real models reach E_H·E_W in the thousands (the bundled samples: 227–1130), where
  // the loss is 1e-15 and below; p_kk − 1 must never be formed as a difference there.
  for (const e of [200, 600, 1000, 1500]) {
    it(`balanced K = 10, E_H·E_W = ${e}: the loss and the ETF to the closed form`, () => {
      const s = solveLpm({ counts: new Array(10).fill(100), eh: e, ew: 1 });
      const exact = closedForm(10, e);
      assert.ok(Math.abs(s.objective / exact - 1) < 1e-9, `loss ${s.objective} vs ${exact}`);
      const g = s.gramW;
      assert.ok(Math.abs(g[1] / Math.sqrt(g[0] * g[11]) + 1 / 9) < 1e-9, 'cos(w_0, w_1) = −1/9');
      assert.ok(s.certificate.converged && s.certificate.gap <= 1e-9 * s.objective, 'certified by the relative duality gap');
    });
  }

  it('the minority cosine moves smoothly towards the ETF as the budget grows (R = 10)', () => {
    const counts = [1000, 1000, 1000, 1000, 1000, 100, 100, 100, 100, 100];
    let previous = -Infinity;
    for (const e of [200, 800, 2000, 4000]) {
      const c = lpmForBudgets({ counts, minority: [5, 6, 7, 8, 9], eh: e, ew: 1, cosClassifiers: etfCos(10), cosMeans: etfCos(10), centring: 'none' });
      const cos = c.result.cosMinority as number;
      assert.ok(cos > -1 / 9, `cos ${cos} at E = ${e} stays above the ETF's −1/9`);
      assert.ok(previous === -Infinity || cos < previous, `decreasing: ${cos} after ${previous}`);
      previous = cos;
    }
  });

  it('the paper setting keeps R* = 12.19 and the ETF distance 0 for an ETF model (theory.md §2.4, §5.1)', () => {
    const counts = [100, 100, 100, 100, 100, 10, 10, 10, 10, 10];
    const c = lpmForBudgets({ counts, minority: [5, 6, 7, 8, 9], eh: 5, ew: 1, cosClassifiers: etfCos(10), cosMeans: etfCos(10), centring: 'none' });
    assert.ok(c.threshold !== null && Math.abs(c.threshold / 12.19 - 1) < 1e-3, `R* ${c.threshold}`);
    assert.equal(c.modelRatio, 10);
    assert.equal(c.curve.length, 41);
    const etfToModel = c.distances.pairs.find((p) => p.a === 'classifiers' && p.b === 'etf');
    assert.ok(etfToModel && etfToModel.value < 1e-12);
  });

  it('model ratio and distances follow their definitions', () => {
    assert.equal(modelRatio([1000, 1000, 10, 10], [2, 3]), 100);
    assert.equal(modelRatio([5, 5, 5], []), null);
    const d = geometryDistances({ classifiers: [[1, 0], [0, 1]], etf: [[1, -1], [-1, 1]] });
    // ‖I/√2 − E/2‖_F with E = [[1,−1],[−1,1]]: entries (1/√2 − 1/2) twice and 1/2 twice.
    const expected = Math.sqrt(2 * (1 / Math.SQRT2 - 0.5) ** 2 + 2 * 0.25);
    assert.ok(Math.abs(d.pairs[0].value - expected) < 1e-15);
  });
});
