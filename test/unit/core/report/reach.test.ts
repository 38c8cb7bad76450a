// Which LPM problems a report fits: above POLISH_UP_TO_CLASSES classes only counts with few distinct weights
// (the symmetry-reduced kernel) are in reach; many distinct weights get the reason at once, in the report's
// calibration entries and from report --lpm-only, instead of the tens of fits a report would run at ~1 min each.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LpmUncertifiedError } from '../../../../src/core/errors';
import { POLISH_UP_TO_CLASSES, TFJS_FROM_CLASSES } from '../../../../src/core/lpm/solve';
import { calibrations } from '../../../../src/core/report/calibrations';
import { LPM_REPORT_GAP, lpmForBudgets, lpmReachProblem, type ModelGeometry } from '../../../../src/core/report/lpmComparison';
import { lpmOnlyReport } from '../../../../src/core/report/lpmOnly';
import { cpuTf } from '../metrics/helpers';

/** ImageNet-LT-like counts: geometric from 1300 to 13 over K classes (K distinct values for K ≤ ~1000). */
const longTail = (K: number) => Array.from({ length: K }, (_, k) => Math.round(1300 * Math.pow(13 / 1300, k / (K - 1))));
const distinct = (counts: number[]) => new Set(counts).size;

describe('lpmReachProblem', () => {
  it(`up to K = ${POLISH_UP_TO_CLASSES} every problem is in reach`, () => {
    assert.equal(lpmReachProblem({ counts: longTail(POLISH_UP_TO_CLASSES), eh: 5, ew: 1 }), null);
  });

  it('K = 1000 two-level counts (2 weights) are in reach; long-tailed ones are not, with the numbers in the reason', () => {
    const two = Array.from({ length: 1000 }, (_, k) => (k < 500 ? 100 : 10));
    assert.equal(lpmReachProblem({ counts: two, eh: 5, ew: 1 }), null);
    const counts = longTail(1000);
    const why = lpmReachProblem({ counts, eh: 5, ew: 1 });
    assert.ok(why, 'out of reach');
    assert.ok(why.includes(`K = 1000 classes with ${distinct(counts)} distinct class weights`), why);
    assert.ok(why.includes(`one certified LPM fit (${LPM_REPORT_GAP.toExponential(0)})`) && why.includes('a report needs many'), why);
  });

  it(`${TFJS_FROM_CLASSES - 1} distinct weights at K = 400 are in reach, ${TFJS_FROM_CLASSES} are not`, () => {
    const levels = (L: number) => Array.from({ length: 400 }, (_, k) => 10 + (k % L));
    assert.equal(lpmReachProblem({ counts: levels(TFJS_FROM_CLASSES - 1), eh: 1, ew: 1 }), null);
    assert.notEqual(lpmReachProblem({ counts: levels(TFJS_FROM_CLASSES), eh: 1, ew: 1 }), null);
  });

  it('oversampling weights count: equal counts made unequal by weights are judged by the weights', () => {
    const counts = new Array<number>(400).fill(50);
    const minority = Array.from({ length: 200 }, (_, i) => 200 + i);
    assert.equal(lpmReachProblem({ counts, eh: 1, ew: 1, minority, weights: counts.map((_, k) => (k >= 200 ? 3 : 1)) }), null);
  });
});

describe('a report on 1000 long-tailed classes', () => {
  const counts = longTail(1000);
  it('lpmForBudgets refuses with the reason (an LpmUncertifiedError, which the report turns into a note)', () => {
    assert.throws(() => lpmForBudgets({ counts, minority: [998, 999], eh: 5, ew: 1, cosClassifiers: null, cosMeans: [], centring: 'none' }), (e: unknown) => e instanceof LpmUncertifiedError && /one certified LPM fit \(1e-6\) takes about a minute/.test(e.message));
  });

  it('the loss-matched calibration entry carries the reason and no numbers', () => {
    const K = 1000;
    const geometry = { counts, minority: [998, 999] } as unknown as ModelGeometry;
    const { calibrations: entries } = calibrations({ geometry, norms: { eh: 5, ew: 1 } as never, normsLpm: null, normsReason: 'norms: not fitted', trainLoss: 1.5, modelCos: 0.3 });
    const loss = entries.find((e) => e.kind === 'loss')!;
    assert.equal(loss.lpm, null);
    assert.equal(loss.ehew, null);
    assert.match(loss.reason!, new RegExp(`K = ${K} classes`));
  });

  it('report --lpm-only refuses with the reason and the command that runs the fit alone', async () => {
    await assert.rejects(lpmOnlyReport({ counts, eh: 5, ew: 1, minority: 'auto', toolVersion: 'test' }, { tf: await cpuTf(), backend: { name: 'cpu', reason: 'test' } }), /not fitted: for K = 1000 classes.*collapse-lens lpm --counts/);
  });
});
