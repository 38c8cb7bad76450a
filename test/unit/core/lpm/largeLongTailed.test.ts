// Long-tailed counts above 300 classes (issue 15): the lifted levels start, the float64 polish and the
// certificate from the factors (dualFactored.ts), at the default tolerance for this size (1e-6). Checked
// independently: the dense certificate of dual.ts (ml-matrix's eigendecomposition and SVD) on the returned
// logits, the budgets, and [[H Hᵀ, Z], [Zᵀ, W Wᵀ]] ⪰ 0. (K = 1000 takes ~53 s here: bench/lpm.bench.ts.)
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { dualCertificate } from '../../../../src/core/lpm/dual';
import { factoredCertificate } from '../../../../src/core/lpm/dualFactored';
import { multiplyTransposedInto } from '../../../../src/core/lpm/fullObjective';
import { LevelsKernel, levelsOf } from '../../../../src/core/lpm/levels';
import { liftLevels } from '../../../../src/core/lpm/levelsLift';
import { classWeights, twoLevelProblem } from '../../../../src/core/lpm/problem';
import { LARGE_TOLERANCE, solveLpm } from '../../../../src/core/lpm/solve';

describe('long-tailed LPM above 300 classes', () => {
  it('K = 301, counts 1300 → 13, E_H = 5, E_W = 1: certified ≤ 1e-6, and the dense bound agrees', () => {
    const K = 301;
    const counts = Array.from({ length: K }, (_, k) => Math.round(1300 * Math.pow(0.01, k / (K - 1))));
    const problem = { counts, eh: 5, ew: 1 };
    const s = solveLpm(problem);
    assert.equal(s.backend, 'float64-levels-start+float64');
    assert.equal(s.certificate.tolerance, LARGE_TOLERANCE);
    assert.equal(s.certificate.converged, true, `stopped: ${s.certificate.stopReason}`);
    assert.ok(s.certificate.gap <= 1e-6 * s.objective);
    const scale = K * Math.sqrt(5);
    const dense = dualCertificate(classWeights(problem), s.logits, K, scale);
    assert.ok(Math.abs(dense.value / s.objective - 1) < 1e-12, `f ${dense.value} vs ${s.objective}`);
    assert.ok(dense.gap <= 1e-6 * dense.value, `dense relative gap ${dense.gap / dense.value}`);
    const trace = (g: Float64Array) => {
      let t = 0;
      for (let k = 0; k < K; k++) t += g[k * K + k];
      return t / K;
    };
    assert.ok(trace(s.gramH) <= 5 * (1 + 1e-12) && trace(s.gramW) <= 1 + 1e-12);
    const block = new Matrix(2 * K, 2 * K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        block.set(i, j, s.gramH[i * K + j]);
        block.set(K + i, K + j, s.gramW[i * K + j]);
        block.set(i, K + j, s.logits[i * K + j]);
        block.set(K + j, i, s.logits[i * K + j]);
      }
    }
    const values = new EigenvalueDecomposition(block, { assumeSymmetric: true }).realEigenvalues;
    assert.ok(Math.min(...values) >= -1e-9 * Math.max(...values), `smallest eigenvalue ${Math.min(...values)}`);
  });

  it('K = 1000, two-level (500 × R = 10): the factored certificate certifies the exact levels optimum, lifted', () => {
    const problem = twoLevelProblem({ classes: 1000, majority: 500, ratio: 10, eh: 5, ew: 1 });
    const K = 1000;
    const s = solveLpm(problem);
    assert.equal(s.backend, 'float64-levels');
    assert.ok(s.certificate.gap <= 1e-12 * s.objective);
    const c = classWeights(problem);
    const scale = K * Math.sqrt(5);
    const kernel = new LevelsKernel(levelsOf(c), scale);
    const lifted = liftLevels(kernel, s.warmStart.state, K);
    const r = lifted.rank;
    const z = multiplyTransposedInto(lifted.x, 0, K * r, K, r, scale);
    const cert = factoredCertificate(c, z, lifted.x, K, r, scale);
    assert.ok(Math.abs(cert.value / s.objective - 1) < 1e-9, `f ${cert.value} vs ${s.objective}`);
    assert.ok(cert.value - cert.gap <= s.objective, 'a lower bound');
    assert.ok(cert.gap <= 1e-6 * cert.value, `relative gap ${cert.gap / cert.value}`);
    assert.ok(cert.gap < 1e-3 * cert.frankWolfeGap || cert.frankWolfeGap < 1e-9 * cert.value, `refined ${cert.gap} vs Frank–Wolfe ${cert.frankWolfeGap}`);
  });
});
