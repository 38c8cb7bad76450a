// Balanced LPM: closed-form optimum and the simplex ETF (theory.md §2.3, §5.1–5.2).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { balancedSolution, etfGram } from '../../../../src/core/lpm/balanced';
import { solveLpm } from '../../../../src/core/lpm/solve';
import { toLpmResult } from '../../../../src/core/lpm/summary';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, expected ${expected} ± ${tol}`);

describe('balanced LPM closed form (theory.md §5.2)', () => {
  it('matches the reference values L*(K=10, E=1) = 1.3769349205 and L*(K=10, E=5) = 0.5597815240', () => {
    close(balancedSolution(10, 1, 1).loss, 1.3769349205, 1e-10, 'L* K=10 E_H=E_W=1');
    close(balancedSolution(10, 5, 1).loss, 0.559781524, 1e-10, 'L* K=10 E_H=5 E_W=1');
    close(10 * balancedSolution(10, 5, 1).loss, 5.5978152401, 1e-9, 'code objective K·L*');
  });

  it('gives cos = −1/(K−1) (theory.md §5.1) and the ETF Gram matrix has that cosine', () => {
    for (const [K, cos] of [[2, -1], [3, -0.5], [4, -0.333333], [10, -0.111111], [100, -0.010101]] as const) {
      close(balancedSolution(K, 1, 1).cos, cos, 1e-6, `cos K=${K}`);
      const g = etfGram(K, 2);
      close(g[1] / g[0], cos, 1e-6, `ETF Gram cos K=${K}`);
    }
  });
});

describe('balanced LPM solved numerically equals the closed form', () => {
  const settings: [number, number, number][] = [
    [2, 1, 1],
    [3, 2, 0.5],
    [4, 1, 1],
    [10, 1, 1],
    [10, 5, 1],
    [10, 0.3, 7],
    [25, 2, 2],
  ];
  for (const kernel of ['levels', 'float64'] as const) {
    for (const [K, eh, ew] of settings) {
      // The symmetry-reduced kernel (the default for equal counts) pins the geometry to 1e-6. The full factor
      // kernel certifies the loss to 1e-12 relative, but the loss is so flat near the optimum (f − f* = 2.5e-13
      // left a 2e-6 cosine error at K = 10, checked against the closed form) that its geometry is good to ~1e-5.
      const geometry = kernel === 'levels' ? 1e-6 : 1e-5;
      it(`K=${K}, E_H=${eh}, E_W=${ew} on the ${kernel} kernel: loss (1e-8), cosines, norms, logits (${geometry})`, () => {
        const counts = new Array<number>(K).fill(100);
        const solution = solveLpm({ counts, eh, ew }, { kernel });
        const exact = balancedSolution(K, eh, ew);
        assert.ok(solution.certificate.converged, `certificate: ${JSON.stringify(solution.certificate)}`);
        close(solution.objective, exact.loss, 1e-8 * exact.loss + 1e-12, 'objective');
        const r = toLpmResult(solution);
        for (let k = 0; k < K; k++) {
          close(r.normsW[k] ** 2, ew, geometry * ew, `‖w_${k}‖²`);
          close(r.normsH[k] ** 2, eh, geometry * eh, `‖h_${k}‖²`);
          close(solution.logits[k * K + k], exact.ownLogit, 10 * geometry, `z_kk class ${k}`);
          for (let j = 0; j < K; j++) {
            if (j === k) continue;
            close(r.cosW?.[k][j] as number, -1 / (K - 1), geometry, `cos(w_${k}, w_${j})`);
            close(solution.logits[k * K + j], exact.otherLogit, 10 * geometry, `z_${k}${j}`);
          }
        }
      });
    }
  }
});
