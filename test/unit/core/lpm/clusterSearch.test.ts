// The certificate's cluster-size search (dual.ts) stops early on a ceiling of the bound; it must choose what
// trying every size chooses. The reference here tries every size r with σ_r ≥ σ_1/2: P'_r = P + diag(c)⁻¹·
// Σ_{i<r} (σ̄_r − σ_i) u_i v_iᵀ, kept when non-negative, bound Σ c_k H(P'_k) − s·max(σ̄_r, σ_{r+1}); the best
// one renormalised and re-evaluated exactly (dualValue).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { dualCertificate, dualValue, lossTerms, rowEntropy, singularTriplets } from '../../../../src/core/lpm/dual';
import { classWeights, twoLevelProblem, type LpmProblem } from '../../../../src/core/lpm/problem';
import { solveLpm } from '../../../../src/core/lpm/solve';

function everySize(c: Float64Array, z: Float64Array, K: number, s: number): { lower: number; cluster: number } {
  const { value, p, g } = lossTerms(c, z, K);
  let inner = 0;
  for (let i = 0; i < K * K; i++) inner += g[i] * z[i];
  const { sigma, u, v } = singularTriplets(g, K);
  let lower = value - Math.max(0, inner + s * sigma[0]);
  let best = { bound: -Infinity, r: 0, trial: new Float64Array(0) };
  let st = 0;
  let sts = 0;
  for (let r = 1; r < K && sigma[r - 1] >= 0.5 * sigma[0] && sigma[r - 1] > 0; r++) {
    const i = r - 1;
    let theta = 0;
    for (let x = 0; x < K; x++) for (let y = 0; y < K; y++) theta -= (u[i][x] * z[x * K + y] * v[i][y]) / s;
    st += theta;
    sts += theta * sigma[i];
    if (!(st > 0)) continue;
    const bar = sts / st;
    const trial = Float64Array.from(p);
    for (let j = 0; j < r; j++) for (let x = 0; x < K; x++) for (let y = 0; y < K; y++) trial[x * K + y] += ((bar - sigma[j]) * u[j][x] * v[j][y]) / c[x];
    if (trial.some((q) => q < -1e-15)) continue;
    trial.forEach((q, n) => (trial[n] = Math.max(0, q)));
    let h = 0;
    for (let k = 0; k < K; k++) h += c[k] * rowEntropy(trial, k * K, K);
    const bound = h - s * Math.max(bar, sigma[r]);
    if (bound > best.bound) best = { bound, r, trial };
  }
  let cluster = 0;
  if (best.r > 0) {
    for (let k = 0; k < K; k++) {
      const row = best.trial.subarray(k * K, (k + 1) * K);
      const sum = row.reduce((a, b) => a + b, 0);
      row.forEach((q, j) => (row[j] = q / sum));
    }
    const refined = dualValue(c, best.trial, K, s);
    if (refined > lower) {
      lower = refined;
      cluster = best.r;
    }
  }
  return { lower, cluster };
}

const PROBLEMS: [string, LpmProblem][] = [
  ['two-level K = 10, R = 10', twoLevelProblem({ classes: 10, majority: 5, ratio: 10, eh: 5, ew: 1 })],
  ['long-tailed K = 30, 500 → 5', { counts: Array.from({ length: 30 }, (_, k) => Math.round(500 * 0.01 ** (k / 29))), eh: 5, ew: 1 }],
  ['balanced K = 20, large budgets', { counts: new Array<number>(20).fill(10), eh: 30, ew: 4 }],
];

describe('certificate cluster-size search', () => {
  for (const [name, problem] of PROBLEMS) {
    it(`${name}: the size and the bound of trying every size, at early and converged points`, () => {
      const K = problem.counts.length;
      const c = classWeights(problem);
      const s = K * Math.sqrt(problem.eh * problem.ew);
      for (const maxIterations of [5, 30, 120, 20000]) {
        const point = solveLpm(problem, { kernel: 'float64', levelsStart: false, reduceRank: false, restarts: 1, maxIterations });
        const ours = dualCertificate(c, point.logits, K, s);
        const ref = everySize(c, point.logits, K, s);
        assert.equal(ours.cluster, ref.cluster, `${maxIterations} iterations: cluster`);
        const refGap = Math.max(0, ours.value - ref.lower);
        assert.ok(Math.abs(ours.gap - refGap) <= 1e-13 * ours.value, `${maxIterations} iterations: gap ${ours.gap} vs every size ${refGap}`);
      }
    });
  }
});
