// The count-profile curve (docs/lpm.md "Counts that are not two-level"): for two-level counts it is the
// two-level R-curve and its R* the two-level R*; for other counts it passes through the LPM solved at the
// model's own counts, at the model's own R.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { minorityCurve } from '../../../../src/core/lpm/curve';
import { groupRatio, PROFILE_THRESHOLD_WIDTH, profileCounts, profileCurve, profileThreshold } from '../../../../src/core/lpm/profileCurve';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { minoritySummary } from '../../../../src/core/lpm/summary';
import { minorityCollapseThreshold } from '../../../../src/core/lpm/threshold';
import { curveKind, lpmForBudgets, modelRatio } from '../../../../src/core/report/lpmComparison';

describe('count-profile curve', () => {
  it('profileCounts: α = 0 is balanced at n_max, α = 1 the counts, α = 2 squares the ratios to n_max', () => {
    const counts = [400, 100, 25];
    assert.deepEqual(profileCounts(counts, 0), [400, 400, 400]);
    assert.deepEqual(profileCounts(counts, 1), counts);
    assert.deepEqual(profileCounts(counts, 2), [400, 25, 400 / 256]);
    assert.equal(groupRatio(counts, [1, 2]), 400 / 62.5);
  });

  it('two-level counts: the two-level R-curve at R^α, and R* within its bisection width above the exact two-level R*', () => {
    const counts = [100, 100, 100, 100, 100, 10, 10, 10, 10, 10];
    const minority = [5, 6, 7, 8, 9];
    const spec = { counts, minority, eh: 5, ew: 1 };
    const points = profileCurve(spec);
    points.forEach((p) => assert.ok(Math.abs(p.ratio - 10 ** p.exponent) <= 1e-12 * p.ratio, `R(${p.exponent}) = ${p.ratio}`));
    const twoLevel = minorityCurve({ classes: 10, majority: 5, eh: 5, ew: 1, ratios: points.map((p) => p.ratio) });
    points.forEach((p, i) => assert.ok(Math.abs((p.cosMinority as number) - (twoLevel[i].cosMinority as number)) < 1e-5, `R = ${p.ratio}: ${p.cosMinority} vs ${twoLevel[i].cosMinority}`));
    const exact = minorityCollapseThreshold({ classes: 10, majority: 5, eh: 5, ew: 1 }).ratio as number;
    const found = profileThreshold(spec, points) as number;
    assert.ok(found >= exact * (1 - 1e-6) && found <= exact * (1 + PROFILE_THRESHOLD_WIDTH) * (1 + 1e-3), `profile R* ${found} vs two-level R* ${exact}`);
  });

  it('long-tailed counts: R(α) increases, and at α = 1 the curve is the LPM at the model\'s counts and R', () => {
    const counts = Array.from({ length: 12 }, (_, k) => Math.round(2000 * 0.6 ** k));
    const minority = [8, 9, 10, 11];
    assert.equal(curveKind(counts, minority), 'profile');
    const spec = { counts, minority, eh: 3, ew: 1 };
    const points = profileCurve(spec, { exponents: [0, 0.5, 1, 2] });
    for (let i = 1; i < points.length; i++) assert.ok(points[i].ratio > points[i - 1].ratio);
    assert.equal(points[0].ratio, 1);
    const own = solveLpm({ counts, eh: 3, ew: 1, minority });
    const cos = minoritySummary(own.gramW, 12, minority, 1).cos as number;
    assert.ok(Math.abs(points[2].ratio - (modelRatio(counts, minority) as number)) <= 1e-12 * points[2].ratio);
    assert.ok(Math.abs((points[2].cosMinority as number) - cos) < 1e-6, `${points[2].cosMinority} vs ${cos}`);
    // The report's comparison carries that curve and says which kind it is.
    const c = lpmForBudgets({ counts, minority, eh: 3, ew: 1, cosClassifiers: null, cosMeans: [], centring: 'none' });
    assert.equal(c.curveKind, 'profile');
    const atModel = c.curve.find((p) => Math.abs(p.ratio - (c.modelRatio as number)) <= 1e-12 * p.ratio);
    assert.ok(atModel && Math.abs((atModel.cosMinority as number) - (c.result.cosMinority as number)) < 1e-6, 'the curve passes through the LPM at the model');
  });

  it('curveKind: two-level counts, no curve without 2 minority classes or above 100 classes of other counts', () => {
    assert.equal(curveKind([5, 5, 1, 1], [2, 3]), 'two-level');
    assert.equal(curveKind([5, 4, 1, 1], [3]), null);
    assert.equal(curveKind(Array.from({ length: 101 }, (_, k) => 200 - k), [99, 100]), null);
  });
});
