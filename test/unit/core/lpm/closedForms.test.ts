// Zhu et al. 2021 closed form (theory.md §3.2), calibration (§4) and the model-vs-theory comparison.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { etfGram } from '../../../../src/core/lpm/balanced';
import { calibrateBudgets } from '../../../../src/core/lpm/calibration';
import { compareGeometries } from '../../../../src/core/lpm/compare';
import { zhuSolution } from '../../../../src/core/lpm/zhu';

describe('Zhu21 closed form', () => {
  it('t* minimises log(1 + (K−1)e^{−Kt/(K−1)}) + s·t (checked by golden-section search) and f* is its value', () => {
    for (const [K, n, lw, lh] of [[10, 100, 5e-4, 5e-4], [4, 10, 1e-3, 1e-2], [100, 50, 1e-5, 1e-4]]) {
      const z = zhuSolution(K, n, lw, lh);
      assert.equal(z.zero, false);
      const phi = (t: number) => Math.log1p((K - 1) * Math.exp((-K * t) / (K - 1))) + z.s * t;
      let lo = 0;
      let hi = 100;
      const g = (Math.sqrt(5) - 1) / 2;
      for (let i = 0; i < 200; i++) {
        const a = hi - g * (hi - lo);
        const b = lo + g * (hi - lo);
        if (phi(a) < phi(b)) hi = b;
        else lo = a;
      }
      assert.ok(Math.abs(z.t - (lo + hi) / 2) < 1e-6, `K=${K}: t* ${z.t} vs ${(lo + hi) / 2}`);
      assert.ok(Math.abs(z.loss - phi(z.t)) < 1e-12);
      // ‖w‖²·‖h‖² = t² (the ETF with w_k ∥ h̄_k) and the penalty equals s·t.
      assert.ok(Math.abs(z.normW2 * z.normH2 - z.t * z.t) < 1e-9 * z.t * z.t);
      const penalty = (lw / 2) * K * z.normW2 + (lh / 2) * n * K * z.normH2;
      assert.ok(Math.abs(penalty - z.s * z.t) < 1e-12 * Math.max(1, z.s * z.t));
    }
  });

  it('collapses to W = H = 0 with loss log K when s = K·sqrt(nλ_Wλ_H) ≥ 1', () => {
    const z = zhuSolution(10, 100, 1e-2, 1e-2);
    assert.ok(z.s >= 1 && z.zero);
    assert.equal(z.loss, Math.log(10));
  });
});

describe('calibration from a trained model', () => {
  // A small explicit dataset: 3 classes in 2-D, with features and classifier rows written out.
  const features = [
    [[2, 1], [4, 1], [3, 4]],
    [[-1, 3], [-3, 1]],
    [[0, -2], [1, -4], [2, -3], [1, -3]],
  ];
  const W = [[1, 0.5], [-0.5, 1], [0.2, -1.5]];
  const meanSq = features.map((c) => c.reduce((s, [a, b]) => s + a * a + b * b, 0) / c.length);
  const means = features.map((c) => [0, 1].map((t) => c.reduce((s, v) => s + v[t], 0) / c.length));
  const direct = (mu: number[]) => features.map((c) => c.reduce((s, [a, b]) => s + (a - mu[0]) ** 2 + (b - mu[1]) ** 2, 0) / c.length).reduce((a, b) => a + b, 0) / 3;

  it('E_W = mean ‖w_k‖², E_H = mean_k (1/n_k)Σ‖h_i − μ‖², with μ = 0, μ_G^u or μ_G^w, equal to a direct pass over the data', () => {
    const ew = W.reduce((s, [a, b]) => s + a * a + b * b, 0) / 3;
    const none = calibrateBudgets({ classifier: W, featureMeanSquaredNorms: meanSq, centring: 'none' });
    assert.ok(Math.abs(none.ew - ew) < 1e-12 && Math.abs(none.eh - direct([0, 0])) < 1e-12);
    const muU = [0, 1].map((t) => means.reduce((s, m) => s + m[t], 0) / 3);
    const u = calibrateBudgets({ classifier: W, featureMeanSquaredNorms: meanSq, classMeans: means });
    assert.equal(u.centring, 'unweighted');
    assert.ok(Math.abs(u.eh - direct(muU)) < 1e-12, `${u.eh} vs ${direct(muU)}`);
    const counts = features.map((c) => c.length);
    const muW = [0, 1].map((t) => features.flat().reduce((s, v) => s + v[t], 0) / 9);
    const w = calibrateBudgets({ classifier: W, featureMeanSquaredNorms: meanSq, classMeans: means, counts, centring: 'weighted' });
    assert.ok(Math.abs(w.eh - direct(muW)) < 1e-12, `${w.eh} vs ${direct(muW)}`);
    assert.ok(Math.abs(w.product - w.eh * w.ew) < 1e-15);
  });
});

describe('model vs LPM vs SELI vs ETF', () => {
  it('an exact ETF classifier with balanced counts is at distance 0 from all three references', () => {
    const K = 5;
    // Rows of a K-simplex ETF in R^K: sqrt(K/(K−1))·(e_k − 1/K), scaled to ‖w‖² = 2.
    const W = Array.from({ length: K }, (_, k) => Array.from({ length: K }, (_, j) => Math.sqrt(2 * (K / (K - 1))) * ((j === k ? 1 : 0) - 1 / K)));
    const c = compareGeometries({ classifier: W, counts: new Array<number>(K).fill(40), eh: 3, ew: 2 });
    for (const name of ['lpm', 'seli', 'etf'] as const) {
      assert.ok(c[name].gramDistance < 1e-6, `${name}: ${c[name].gramDistance}`);
      assert.ok((c[name].cosineDistance as number) < 1e-6, `${name} cosine: ${c[name].cosineDistance}`);
    }
    assert.equal(c.model.gramDistance, 0);
    const etf = etfGram(K, 2);
    assert.ok(Math.abs(c.model.gramW[0][1] - etf[1]) < 1e-12);
  });

  it('an imbalanced model differs from the ETF and is compared with the imbalanced LPM (norms in E_W units)', () => {
    const counts = [10, 10, 10, 10, 10, 1, 1, 1, 1, 1];
    const W = Array.from({ length: 10 }, (_, k) => Array.from({ length: 10 }, (_, j) => (j === k ? (k < 5 ? 1.3 : 0.4) : 0)));
    const c = compareGeometries({ classifier: W, counts, eh: 5, ew: 1 });
    assert.ok(Math.abs((c.lpm.cosMinority as number) - 0.5175) < 5e-5, `${c.lpm.cosMinority}`);
    assert.equal(c.model.cosMinority, 0);
    assert.ok(c.etf.gramDistance > 0.1);
    const meanNorm2 = (e: { normsW: number[] }) => e.normsW.reduce((s, v) => s + v * v, 0) / 10;
    assert.ok(Math.abs(meanNorm2(c.seli) - 1) < 1e-9 && Math.abs(meanNorm2(c.etf) - 1) < 1e-12 && Math.abs(meanNorm2(c.lpm) - 1) < 1e-6);
  });
});
