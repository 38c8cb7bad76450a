// The lifted levels point (levelsLift.ts) has the Gram matrix of the levels point it came from, computed
// independently by the levels kernel's own reconstruction (LevelsKernel.grams), and the rank the structure
// implies: 2L mean directions plus (m − 1)·rank(S_ℓ) per free level, none for a collapsed one.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LevelsKernel, type Level } from '../../../../src/core/lpm/levels';
import { LIFT_MARGIN, liftLevels, liftNoise } from '../../../../src/core/lpm/levelsLift';

describe('liftLevels', () => {
  it('levels of 1, 3, 5 and 7 classes, the last collapsed: the same Ĥ Ĥᵀ, Ŵ Ŵᵀ and Ĥ Ŵᵀ, rank 8 + 2·2 + 4·2', () => {
    const sizes = [1, 3, 5, 7];
    let next = 0;
    const levels: Level[] = sizes.map((m, i) => ({ classes: Array.from({ length: m }, () => next++), weight: (i + 1) / 40 }));
    const K = next;
    const scale = 7;
    const kernel = new LevelsKernel(levels, scale, [false, false, false, true]);
    const x = kernel.random(3);
    const lifted = liftLevels(kernel, x, K, { noise: 1e-6 });
    assert.equal(lifted.numericalRank, 2 * levels.length + 2 * 2 + 4 * 2);
    assert.equal(lifted.rank, lifted.numericalRank + Math.max(4, Math.ceil(LIFT_MARGIN * lifted.numericalRank)));
    const g = kernel.grams(x, K);
    const r = lifted.rank;
    const dot = (a: number, b: number) => {
      let s = 0;
      for (let t = 0; t < r; t++) s += lifted.x[a * r + t] * lifted.x[b * r + t];
      return s;
    };
    // The margin holds noise of size 1e-6/sqrt(K) per entry: products of two margin entries are ~1e-13.
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < K; j++) {
        assert.ok(Math.abs(dot(k, j) - g.hh[k * K + j]) < 1e-11, `ĤĤᵀ[${k}][${j}]`);
        assert.ok(Math.abs(dot(K + k, K + j) - g.ww[k * K + j]) < 1e-11, `ŴŴᵀ[${k}][${j}]`);
        assert.ok(Math.abs(scale * dot(k, K + j) - g.logits[k * K + j]) < 1e-10, `Z[${k}][${j}]`);
      }
    }
    // The collapsed level's classes are identical in Ĥ and Ŵ up to the margin noise.
    const last = levels[3].classes;
    for (const k of last.slice(1)) {
      for (let t = 0; t < lifted.numericalRank; t++) assert.equal(lifted.x[k * r + t], lifted.x[last[0] * r + t]);
    }
  });

  it('the margin columns hold noise of RMS liftNoise(K)/√K per entry: 1e-2 up to 300 classes, 1e-6 above', () => {
    for (const K of [40, 300, 301]) {
      const half = Math.floor(K / 2);
      const levels: Level[] = [
        { classes: Array.from({ length: half }, (_, k) => k), weight: 1.5 / K },
        { classes: Array.from({ length: K - half }, (_, k) => k + half), weight: 0.5 / K },
      ];
      // Both levels collapsed: 2L = 4 columns carry energy, and the margin is max(4, 10 %) = 4 columns.
      const kernel = new LevelsKernel(levels, 5, [true, true]);
      const lifted = liftLevels(kernel, kernel.random(2), K);
      assert.deepEqual([lifted.numericalRank, lifted.rank], [4, 8]);
      let sum = 0;
      let count = 0;
      for (let t = lifted.numericalRank; t < lifted.rank; t++) {
        for (let k = 0; k < 2 * K; k++) {
          sum += lifted.x[k * lifted.rank + t] ** 2;
          count++;
        }
      }
      const expected = (K <= 300 ? 1e-2 : 1e-6) / Math.sqrt(K);
      assert.equal(liftNoise(K), K <= 300 ? 1e-2 : 1e-6);
      const rms = Math.sqrt(sum / count);
      assert.ok(Math.abs(rms / expected - 1) < 0.15, `K = ${K}: RMS ${rms} against ${expected} (${count} entries)`);
    }
  });
});
