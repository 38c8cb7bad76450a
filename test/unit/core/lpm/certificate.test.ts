// The solver's certificate: a valid bound, and "not converged" when the run is cut short.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { balancedSolution } from '../../../../src/core/lpm/balanced';
import { dualCertificate } from '../../../../src/core/lpm/dual';
import { classWeights, twoLevelProblem } from '../../../../src/core/lpm/problem';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';

describe('certificate', () => {
  it('reports not converged, with the gap above tolerance, when the iteration cap stops the solver', () => {
    for (const kernel of ['float64', 'levels'] as const) {
      const s = solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 }), { kernel, maxIterations: 3, restarts: 1 });
      const r = toLpmResult(s);
      assert.equal(r.certificate.converged, false, kernel);
      assert.ok(r.certificate.value > r.certificate.tolerance, `${kernel}: ${r.certificate.value}`);
      assert.equal(r.certificate.stopReason, 'iteration-limit');
      assert.match(r.notes?.join(' ') ?? '', /not certified/);
    }
  });

  it('is a valid bound: f − gap ≤ L* ≤ f at every early-stopped point of a balanced problem', () => {
    for (const K of [3, 10]) {
      const exact = balancedSolution(K, 2, 1).loss;
      for (const iterations of [1, 2, 5, 10, 20, 40]) {
        const s = solveLpm({ counts: new Array<number>(K).fill(1), eh: 2, ew: 1 }, { kernel: 'float64', maxIterations: iterations, restarts: 1, reduceRank: false });
        const { value, gap, frankWolfeGap } = s.certificate;
        assert.ok(value >= exact - 1e-12, `K=${K} it=${iterations}: f = ${value} < L* = ${exact}`);
        assert.ok(value - gap <= exact + 1e-12, `K=${K} it=${iterations}: lower bound ${value - gap} > L* = ${exact}`);
        assert.ok(gap <= frankWolfeGap + 1e-15, 'the refined bound is never looser than Frank–Wolfe');
      }
    }
  });

  it('the refined dual bound is second order: far tighter than the Frank–Wolfe gap near the optimum', () => {
    const problem = twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 });
    const s = solveLpm(problem, { kernel: 'float64', maxIterations: 60, restarts: 1, reduceRank: false, tolerance: 1e-15 });
    const c = dualCertificate(classWeights(problem), s.logits, 10, 10 * Math.sqrt(5));
    assert.ok(c.gap < 1e-3 * c.frankWolfeGap, `refined ${c.gap} vs Frank–Wolfe ${c.frankWolfeGap}`);
  });

  it('honours cancellation and reports progress in iterations', () => {
    const controller = new AbortController();
    let reports = 0;
    assert.throws(
      () =>
        solveLpm({ counts: [9, 7, 5, 3, 2, 1], eh: 1, ew: 1 }, {
          signal: controller.signal,
          onProgress: (p) => {
            assert.equal(p.unit, 'iterations');
            if (++reports === 2) controller.abort();
          },
        }),
      (e: unknown) => e instanceof Error && e.name === 'AbortError',
    );
    assert.equal(reports, 2);
  });

  it('reports the budgets as fully used at the optimum (both constraints active)', () => {
    const r = toLpmResult(solveLpm(twoLevelProblem({ classes: 10, majority: 5, ratio: 3, eh: 5, ew: 1 }), { kernel: 'float64' }));
    assert.ok(Math.abs((r.certificate.budgetUse?.h as number) - 1) < 1e-9 && Math.abs((r.certificate.budgetUse?.w as number) - 1) < 1e-9);
    assert.ok((r.certificate.gradientMapping as number) < 1e-3);
  });
});
