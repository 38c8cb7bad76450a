// Minority-collapse threshold R* (theory.md §2.4).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { minorityCollapseThreshold } from '../../../../src/core/lpm/threshold';
import { solveTwoLevel } from '../../../../src/core/lpm/twoLevel';
import { LpmArgumentError } from '../../../../src/core/lpm/problem';

describe('minority-collapse threshold R*', () => {
  it('is 12.19 (±0.1 %) in the paper setting K=10, K_A=5, E_H·E_W=5, and the same for (5,1) and (1,5)', () => {
    const a = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 });
    const b = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 1, ew: 5 });
    assert.ok(Math.abs(a.ratio / 12.19 - 1) <= 1e-3, `R* = ${a.ratio}`);
    assert.ok(Math.abs(b.ratio / a.ratio - 1) <= 1e-8, `(1,5): ${b.ratio} vs (5,1): ${a.ratio}`);
    assert.equal(a.regime, 'common-vector');
    assert.ok(a.bracket[1] / a.bracket[0] - 1 <= 1e-9);
  });

  it('agrees with the definition: minority distance > 1e-6 just below R*, ≤ 1e-6 just above (unrestricted solves)', () => {
    const t = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 });
    assert.ok(t.check.below.minorityDistance > 1e-6, `below: ${t.check.below.minorityDistance}`);
    assert.ok(t.check.above.minorityDistance <= 1e-6, `above: ${t.check.above.minorityDistance}`);
  });

  it('the split gain is positive below R* and non-positive above it on a log grid (the bisection quantity is monotone in sign)', () => {
    const t = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 });
    let warm;
    for (let i = 0; i <= 30; i++) {
      const ratio = 10 ** (0.1 * i);
      const s = solveTwoLevel({ classes: 10, majority: 5, ratio, eh: 5, ew: 1 }, { collapseMinority: true, warmStart: warm });
      warm = s.warmStart;
      const gain = (s.splitGain as Float64Array)[1];
      if (ratio < t.ratio * 0.999) assert.ok(gain > 0, `R=${ratio}: gain ${gain}`);
      if (ratio > t.ratio * 1.001) assert.ok(gain <= 0, `R=${ratio}: gain ${gain}`);
    }
  });

  it('rises with E_H·E_W and falls with more majority classes (theory.md §2.4 trends)', () => {
    const base = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 }).ratio;
    const weaker = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 10, ew: 1 }).ratio;
    const stronger = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 1, ew: 1 }).ratio;
    const moreMajority = minorityCollapseThreshold({ classes: 10, majority: 7, eh: 5, ew: 1 }).ratio;
    assert.ok(weaker > base && base > stronger, `E=10: ${weaker}, E=5: ${base}, E=1: ${stronger}`);
    assert.ok(moreMajority < base, `K_A=7: ${moreMajority} vs K_A=5: ${base}`);
  });

  it('rejects settings without a minority to collapse, with a clear message', () => {
    assert.throws(() => minorityCollapseThreshold({ classes: 10, majority: 9, eh: 1, ew: 1 }), (e: unknown) => e instanceof LpmArgumentError && /at least 2 minority classes/.test(e.message));
    assert.throws(() => minorityCollapseThreshold({ classes: 10, majority: 10, eh: 1, ew: 1 }), /1 ≤ K_A < K/);
    assert.throws(() => minorityCollapseThreshold({ classes: 10, majority: 5, eh: 0, ew: 1 }), /E_H .* positive/);
  });
});
