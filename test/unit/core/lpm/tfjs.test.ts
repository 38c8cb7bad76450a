// The tfjs kernel computes the same LPM as the float64 kernel (float32 precision), without leaking tensors.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';

describe('tfjs kernel', () => {
  let tf: Tf;
  before(async () => {
    tf = (await selectBackend({ prefer: 'wasm' })).tf;
  });

  const counts = Array.from({ length: 12 }, (_, k) => Math.round(2000 * 0.55 ** k));

  it('agrees with the float64 kernel: the float32 phase within its certified gap, then to 1e-9 after the float64 polish', () => {
    const reference = solveLpm({ counts, eh: 2, ew: 1 }, { kernel: 'float64' });
    const coarse = solveLpm({ counts, eh: 2, ew: 1 }, { tf, kernel: 'tfjs', polish: false });
    assert.equal(coarse.backend, 'wasm');
    // The certificate bounds f − f*: the float32 result may not exceed the optimum by more than its gap.
    assert.ok(coarse.objective - reference.objective <= coarse.certificate.gap + 1e-12, `float32 phase: ${coarse.objective} vs ${reference.objective}, gap ${coarse.certificate.gap}`);
    assert.ok(coarse.certificate.gap <= 1e-4 * coarse.objective, `float32 gap ${coarse.certificate.gap}`);
    const polished = solveLpm({ counts, eh: 2, ew: 1 }, { tf, kernel: 'tfjs' });
    assert.equal(polished.backend, 'wasm+float64');
    assert.ok(polished.certificate.converged);
    assert.ok(Math.abs(polished.objective / reference.objective - 1) < 1e-9, `${polished.objective} vs ${reference.objective}`);
    const a = toLpmResult(polished);
    const b = toLpmResult(reference);
    for (let k = 0; k < counts.length; k++) assert.ok(Math.abs(a.normsW[k] - b.normsW[k]) < 1e-4, `‖w_${k}‖ ${a.normsW[k]} vs ${b.normsW[k]}`);
  });

  it('agrees on the paper setting (R = 10: 0.261677, cos_BB 0.5175) and keeps tf.memory().numTensors flat', () => {
    const problem = { counts: [10, 10, 10, 10, 10, 1, 1, 1, 1, 1], eh: 5, ew: 1, minority: [5, 6, 7, 8, 9] };
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const r = toLpmResult(solveLpm(problem, { tf, kernel: 'tfjs', seed: i + 1 }));
      assert.ok(Math.abs(r.objective - 0.261677) < 5e-7, `${r.objective}`);
      assert.ok(Math.abs((r.cosMinority as number) - 0.5175) < 5e-5, `${r.cosMinority}`);
    }
    assert.equal(tf.memory().numTensors, before);
  });
});
