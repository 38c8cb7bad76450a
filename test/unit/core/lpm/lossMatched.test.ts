// The loss-matched LPM budget E_eff (theory.md §2.9): inverts the balanced closed form (§5.2), is
// monotone in the model's loss, and gives a clear reason instead of a number at the edges.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { balancedProductForLoss, lossMatchedProduct, MIN_CALIBRATION_LOSS } from '../../../../src/core/lpm/lossMatched';
import { solveLpm } from '../../../../src/core/lpm/solve';

/** L*_balanced(K, E) = log(1 + (K−1)·exp(−K√E/(K−1))) per sample (theory.md §5.2). */
const balancedLoss = (K: number, E: number) => Math.log1p((K - 1) * Math.exp((-K * Math.sqrt(E)) / (K - 1)));

test('balanced model: E_eff inverts the closed form L*(K, E) to 1e-6 relative', () => {
  for (const [K, E] of [[10, 1], [10, 5], [3, 40], [4, 250]] as const) {
    const loss = balancedLoss(K, E);
    const m = lossMatchedProduct(new Array<number>(K).fill(50), loss);
    assert.equal(m.reason, null);
    assert.ok(Math.abs(m.product! / E - 1) <= 1e-6, `K=${K} E=${E}: E_eff ${m.product}`);
    assert.ok(Math.abs(balancedProductForLoss(K, loss) / E - 1) <= 1e-12, 'the closed-form inverse itself');
  }
  // The paper's reference value (theory.md §5.2): K = 10, L* = 1.3769349205 at E_H·E_W = 1.
  const m = lossMatchedProduct(new Array<number>(10).fill(7), 1.3769349205);
  assert.ok(Math.abs(m.product! - 1) <= 1e-6, String(m.product));
});

test('imbalanced counts: the LPM optimum at E_eff has the model loss, and E_eff falls as the loss rises', () => {
  const counts = [1000, 1000, 1000, 1000, 1000, 1, 1, 1, 1, 1];
  let previous = Infinity;
  for (const loss of [1e-4, 1e-3, 4e-3, 9e-3, 0.05, 0.5, 2]) {
    const m = lossMatchedProduct(counts, loss);
    assert.equal(m.reason, null, String(loss));
    assert.ok(m.product! < previous, `E_eff(${loss}) = ${m.product} not below ${previous}`);
    previous = m.product!;
    const at = solveLpm({ counts, eh: m.product!, ew: 1 }).objective;
    // |Δ log L| ≤ |d log L/d log E|·1e-6 ≈ a few 1e-6 here.
    assert.ok(Math.abs(at / loss - 1) <= 2e-5, `L*(E_eff) = ${at} for loss ${loss}`);
  }
});

test('edge cases: loss 0 to float64 precision, at or above chance, no loss at all', () => {
  const counts = [20, 20, 5];
  for (const loss of [0, 1e-13, MIN_CALIBRATION_LOSS]) {
    const m = lossMatchedProduct(counts, loss);
    assert.equal(m.product, null);
    assert.match(m.reason!, /too small to calibrate/);
  }
  for (const loss of [Math.log(3), 1.2, 5]) assert.match(lossMatchedProduct(counts, loss).reason!, /at or above chance level log K = 1\.099/);
  assert.match(lossMatchedProduct(counts, null).reason!, /no training loss/);
  assert.match(lossMatchedProduct(counts, NaN).reason!, /no training loss/);
});
