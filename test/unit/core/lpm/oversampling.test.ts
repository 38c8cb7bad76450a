// Oversampling ≡ the LPM at R_eff = R/w (theory.md §2.5).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { balancedSolution } from '../../../../src/core/lpm/balanced';
import { effectiveRatio, twoLevelProblem } from '../../../../src/core/lpm/problem';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);

describe('oversampling', () => {
  it('R = 100 with the minority oversampled 10× is the LPM at R = 10 (§2.4 row R=10: 0.261677, cos_BB 0.5175)', () => {
    assert.equal(effectiveRatio(100, 10), 10);
    const over = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: 100, eh: 5, ew: 1, oversample: 10 })));
    const plain = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 })));
    close(over.objective, 0.261677, 5e-7, 'oversampled objective');
    close(over.cosMinority as number, 0.5175, 5e-5, 'oversampled cos_BB');
    close(over.objective, plain.objective, 1e-10, 'objective vs R_eff');
    close(over.cosMinority as number, plain.cosMinority as number, 1e-6, 'cos_BB vs R_eff');
    assert.deepEqual(over.weights, [1, 1, 1, 1, 1, 10, 10, 10, 10, 10]);
  });

  it('oversampling by w = R restores the balanced optimum (ETF, closed-form loss)', () => {
    const r = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: 50, eh: 5, ew: 1, oversample: 50 })));
    close(r.objective, balancedSolution(10, 5, 1).loss, 1e-8, 'objective');
    close(r.cosMinority as number, -1 / 9, 1e-6, 'cos_BB');
  });

  it('weights on explicit counts act like multiplied counts', () => {
    const a = solveLpm({ counts: [300, 300, 40, 10], eh: 2, ew: 1, weights: [1, 1, 3, 2] });
    const b = solveLpm({ counts: [300, 300, 120, 20], eh: 2, ew: 1 });
    close(a.objective, b.objective, 1e-9, 'objective');
  });
});
