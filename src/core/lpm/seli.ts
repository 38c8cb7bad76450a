// SELI geometry (Thrampoulidis et al. 2022) in closed form for given class counts (theory.md §3.1):
//   G_W = W Wᵀ = (P D P)^{1/2},   G_H = H̄ᵀ H̄ = ((P D P)^{1/2})⁺,   W H̄ = P_K,   D = diag(n_1..n_K)
// (up to one global scale). Computed from a float64 symmetric eigendecomposition of P D P; eigenvalues
// below rtol·max count as zero (the all-ones vector is always in the null space).
import { multiplyTransposed, scaleColumns, spectralFunction, symmetricEigen } from '../linalg';
import { lpmAssert } from './problem';

export interface SeliGeometry {
  classes: number;
  gramW: Float64Array;
  gramH: Float64Array;
  /** W H̄ from explicit factors W = V Λ^{1/4}, H̄ = Λ^{-1/4}₊ Vᵀ (equals P_K by the theory). */
  logits: Float64Array;
  /** Eigenvalues of P D P, ascending. */
  eigenvalues: Float64Array;
}

const RTOL = 1e-12;

export function seliGeometry(counts: readonly number[]): SeliGeometry {
  const K = counts.length;
  lpmAssert(K >= 2, () => `SELI needs at least 2 classes, got ${K}`);
  counts.forEach((n, k) => lpmAssert(Number.isFinite(n) && n > 0, () => `counts[${k}] must be a positive number of samples, got ${n}`));
  // P D P with P = I − 11ᵀ/K.
  const pdp = new Float64Array(K * K);
  const mean = counts.reduce((a, b) => a + b, 0) / K;
  const rowMean = (i: number): number => counts[i] / K;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      // (PDP)_ij = n_i δ_ij − n_i/K − n_j/K + Σn/K²
      pdp[i * K + j] = (i === j ? counts[i] : 0) - rowMean(i) - rowMean(j) + mean / K;
    }
  }
  const eig = symmetricEigen(pdp, K);
  const top = eig.values[K - 1];
  const cut = RTOL * top;
  const gramW = spectralFunction(eig, K, (l) => (l > cut ? Math.sqrt(l) : 0));
  const gramH = spectralFunction(eig, K, (l) => (l > cut ? 1 / Math.sqrt(l) : 0));
  // Explicit factors: rows of W = V Λ^{1/4}; columns of H̄ = Λ^{-1/4}₊ Vᵀ; then W H̄ = V I₊ Vᵀ.
  const w = scaleColumns(eig.vectors, K, Array.from(eig.values, (l) => (l > cut ? Math.pow(l, 0.25) : 0)));
  const h = scaleColumns(eig.vectors, K, Array.from(eig.values, (l) => (l > cut ? Math.pow(l, -0.25) : 0)));
  const logits = multiplyTransposed(w, h, K, K, K);
  return { classes: K, gramW, gramH, logits, eigenvalues: eig.values };
}

export interface SeliStep {
  /** G_W entries: diagonal and off-diagonal within the majority, within the minority, and across. */
  w: { diagA: number; offA: number; diagB: number; offB: number; cross: number };
  h: { diagA: number; offA: number; diagB: number; offB: number; cross: number };
  /** cos_BB(W) = (−β + s K_A/K) / (β(K_B−1) + s K_A/K). */
  cosMinority: number;
}

/**
 * Step imbalance (K_A classes with n_A samples, K_B with n_B) in closed form (theory.md §3.1): P D P has
 * eigenvalues n_A, n_B and λ = (K_B n_A + K_A n_B)/K; with a = √n_A, β = √n_B, s = √λ the Gram entries follow.
 */
export function seliStep(majority: number, minority: number, nA: number, nB: number): SeliStep {
  lpmAssert(Number.isInteger(majority) && majority >= 1, () => `K_A must be a positive integer, got ${majority}`);
  lpmAssert(Number.isInteger(minority) && minority >= 1, () => `K_B must be a positive integer, got ${minority}`);
  lpmAssert(nA > 0 && nB > 0, () => `n_A and n_B must be positive, got ${nA} and ${nB}`);
  const KA = majority;
  const KB = minority;
  const K = KA + KB;
  const lambda = (KB * nA + KA * nB) / K;
  const entries = (a: number, b: number, s: number) => ({
    diagA: a * (1 - 1 / KA) + (s * KB) / (K * KA),
    offA: -a / KA + (s * KB) / (K * KA),
    diagB: b * (1 - 1 / KB) + (s * KA) / (K * KB),
    offB: -b / KB + (s * KA) / (K * KB),
    cross: -s / K,
  });
  const a = Math.sqrt(nA);
  const b = Math.sqrt(nB);
  const s = Math.sqrt(lambda);
  return {
    w: entries(a, b, s),
    h: entries(1 / a, 1 / b, 1 / s),
    cosMinority: (-b + (s * KA) / K) / (b * (KB - 1) + (s * KA) / K),
  };
}
