// The dual certificate of dual.ts for large K (hundreds to thousands of classes), from the factors of the
// point instead of a full SVD of the K×K gradient G (an eigendecomposition with vectors: ~14 s at K = 1000).
//
// The bound is the same: D(P) = Σ c_k H(P_k) − s·σ_max(diag(c)(P − I)) ≤ f* for every row-stochastic P, and the
// trial point P' = P + diag(c)⁻¹E flattens the top singular cluster of G. Only how the cluster is found differs:
// near an optimum the cluster is the pair of subspaces Z = s·Ĥ·Ŵᵀ lives on (KKT of min f(Z) over
// ‖Z‖_* ≤ s: G = −σ_max·U_Z V_Zᵀ + a part orthogonal to both), so its singular triplets are taken from the
// compression B = Q_Hᵀ G Q_W onto orthonormal bases of range(Ĥ) and range(Ŵ) (r×r, r the factor rank).
// Those approximate triplets only choose P'. Every σ_max that enters a bound is an upper bound (topSingularValue:
// the largest eigenvalue of ΓᵀΓ by Householder tridiagonalisation, linalg/eigenvalues.ts, plus its rounding
// bound), so an approximate cluster can only make the bound weaker, never wrong. A subspace iteration
// (Q_H ← orth(G·Q_W), Q_W ← orth(Gᵀ·Q_H)) before the compression was measured and left out: at K = 1000 two steps
// moved the final bound from 7.8e-7 to 7.5e-7 for 0.5 s more per check.
import { cholesky, gramOfColumns, invertLower, multiply, multiplyTransposed, pivotedCholesky, symmetricEigen, symmetricEigenvalues, transpose } from '../linalg';
import { largestMagnitude, lossTerms, dualValue, rowEntropy, type DualCertificate } from './dual';

/** From this K the certificate of the full kernels is computed from the factors (FullObjective.certify). */
export const FACTORED_CERTIFICATE_FROM = 301;
/** Cluster sizes tried: those after the largest relative drops σ_m/σ_{m+1} of the compressed spectrum. */
export const CLUSTER_CANDIDATES = 16;

function dropAfter(sigma: Float64Array, m: number, n: number): number {
  return m < n ? sigma[m - 1] / Math.max(sigma[m], 1e-300) : Infinity;
}

/**
 * An upper bound on σ_max of a K×K matrix A, tight to ~1e-13: the largest eigenvalue of the computed AᵀA
 * (scaled by max|a| against underflow) plus what rounding can have hidden. Forming AᵀA errs by at most
 * γ_K·|A|ᵀ|A| entrywise (γ_K = Kε/(1 − Kε), any summation order), whose 2-norm is at most γ_K·‖A‖_F², and the
 * Householder reduction and QL are backward stable with an error of a small multiple of Kε·‖AᵀA‖ (4Kε here).
 */
export function topSingularValue(a: Float64Array, K: number): number {
  const unit = largestMagnitude(a);
  if (!(unit > 0)) return 0;
  const t = transpose(a, K, K);
  let frobenius = 0;
  for (let i = 0; i < t.length; i++) {
    t[i] /= unit;
    frobenius += t[i] * t[i];
  }
  const ata = multiplyTransposed(t, t, K, K, K);
  const top = Math.max(0, symmetricEigenvalues(ata, K)[K - 1]);
  const eps = Number.EPSILON / 2;
  const gamma = (K * eps) / (1 - K * eps);
  return unit * Math.sqrt(top * (1 + 4 * K * eps) + gamma * frobenius);
}

/**
 * Q (rows×ρ, orthonormal columns) spanning the columns of the row-major rows×cols matrix a, without the
 * directions whose pivot in aᵀa is below 1e-12 of its largest diagonal entry: pivoted Cholesky of aᵀa gives
 * the pivot columns a₁ and the triangle L₁ with a₁ᵀa₁ = L₁L₁ᵀ, so Q = a₁·L₁⁻ᵀ; a second Cholesky pass (CholeskyQR2) makes QᵀQ = I to ~1e-14
 * even when a₁ is ill-conditioned.
 */
export function orthonormalColumns(a: Float64Array, rows: number, cols: number): { q: Float64Array; rank: number } {
  const { l, rank, order } = pivotedCholesky(gramOfColumns(a, rows, cols), cols, 1e-12);
  if (rank === 0) return { q: new Float64Array(0), rank: 0 };
  const l1 = new Float64Array(rank * rank);
  for (let i = 0; i < rank; i++) for (let c = 0; c <= i; c++) l1[i * rank + c] = l[order[i] * rank + c];
  const a1 = new Float64Array(rows * rank);
  for (let i = 0; i < rows; i++) for (let c = 0; c < rank; c++) a1[i * rank + c] = a[i * cols + order[c]];
  let q = multiply(a1, transpose(invertLower(l1, rank), rank, rank), rows, rank, rank);
  const r = cholesky(gramOfColumns(q, rows, rank), rank);
  if (r) q = multiply(q, transpose(invertLower(r, rank), rank, rank), rows, rank, rank);
  return { q, rank };
}

/**
 * The certificate at logits z = s·Ĥ·Ŵᵀ, with Ĥ, Ŵ the two K×r blocks of x. Same fields and meaning as
 * dualCertificate (dual.ts).
 */
export function factoredCertificate(c: Float64Array, z: Float64Array, x: Float64Array, K: number, r: number, scale: number): DualCertificate {
  const { value, p, g } = lossTerms(c, z, K);
  let inner = 0;
  for (let i = 0; i < K * K; i++) inner += g[i] * z[i];
  const sigmaG = topSingularValue(g, K);
  const frankWolfeGap = Math.max(0, inner + scale * sigmaG);
  let lower = value - frankWolfeGap;
  let cluster = 0;
  const half = K * r;
  const h = x.subarray(0, half);
  const w = x.subarray(half, 2 * half);
  const qh = orthonormalColumns(h, K, r);
  const qw = orthonormalColumns(w, K, r);
  if (qh.rank > 0 && qw.rank > 0) {
    // B = Q_Hᵀ G Q_W, its SVD from BᵀB: B = Ũ Σ Ṽᵀ; u_i = Q_H ũ_i, v_i = Q_W ṽ_i.
    const gq = multiply(g, qw.q, K, K, qw.rank);
    const b = multiply(transpose(qh.q, K, qh.rank), gq, qh.rank, K, qw.rank);
    const { values, vectors } = symmetricEigen(gramOfColumns(b, qh.rank, qw.rank), qw.rank);
    const n = Math.min(qh.rank, qw.rank);
    const sigma = new Float64Array(n);
    const vt = new Float64Array(qw.rank * n);
    for (let i = 0; i < n; i++) {
      const col = qw.rank - 1 - i;
      sigma[i] = Math.sqrt(Math.max(0, values[col]));
      for (let y = 0; y < qw.rank; y++) vt[y * n + i] = vectors[y * qw.rank + col];
    }
    const bv = multiply(b, vt, qh.rank, qw.rank, n);
    for (let i = 0; i < n; i++) for (let y = 0; y < qh.rank; y++) bv[y * n + i] = sigma[i] > 0 ? bv[y * n + i] / sigma[i] : 0;
    const u = multiply(qh.q, bv, K, qh.rank, n); // K×n, column i = u_i
    const v = multiply(qw.q, vt, K, qw.rank, n);
    // θ_i = −u_iᵀ Z v_i / s = −(Ĥᵀu_i)·(Ŵᵀv_i).
    const hu = multiply(transpose(h, K, r), u, r, K, n);
    const wv = multiply(transpose(w, K, r), v, r, K, n);
    const theta = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let t = 0; t < r; t++) theta[i] -= hu[t * n + i] * wv[t * n + i];
    // Cluster size. dual.ts tries every size; here only the sizes after the largest relative drops of the
    // spectrum (where a cluster ends) are tried, each by its analytic bound h(P') − s·max(σ̄, σ_{size+1}), and
    // sizes whose P' has a negative entry are skipped. Σθ and Σθσ give σ̄ for every size in one pass.
    let top = 0;
    while (top < n && sigma[top] >= 0.5 * sigma[0] && sigma[top] > 0) top++;
    const bars = new Float64Array(top + 1);
    const thetas = new Float64Array(top + 1);
    for (let i = 0, st = 0, sts = 0; i < top; i++) {
      st += theta[i];
      sts += theta[i] * sigma[i];
      thetas[i + 1] = st;
      bars[i + 1] = st > 0 ? sts / st : NaN;
    }
    const sizes = Array.from({ length: top }, (_, i) => i + 1)
      .filter((m) => thetas[m] > 0)
      .sort((x0, y0) => dropAfter(sigma, y0, n) - dropAfter(sigma, x0, n))
      .slice(0, CLUSTER_CANDIDATES);
    const trialOf = (m: number, clip: boolean): Float64Array | null => {
      const us = new Float64Array(K * m);
      const vs = new Float64Array(K * m);
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < m; i++) {
          us[k * m + i] = (bars[m] - sigma[i]) * u[k * n + i];
          vs[k * m + i] = v[k * n + i];
        }
      }
      const e = multiplyTransposed(us, vs, K, m, K);
      for (let k = 0; k < K; k++) {
        for (let i = k * K; i < (k + 1) * K; i++) {
          const q = p[i] + e[i] / c[k];
          if (!(q >= 0) && !clip) return null;
          e[i] = Math.max(0, q);
        }
      }
      return e;
    };
    let best = { bound: -Infinity, size: 0 };
    for (const m of sizes) {
      const t = trialOf(m, false);
      if (!t) continue;
      let entropyTerm = 0;
      for (let k = 0; k < K; k++) entropyTerm += c[k] * rowEntropy(t, k * K, K);
      const bound = entropyTerm - scale * Math.max(bars[m], m < n ? sigma[m] : 0);
      if (bound > best.bound) best = { bound, size: m };
    }
    // No candidate without a negative entry: the one after the largest drop, clipped at 0 (still a valid P).
    const chosen = best.size > 0 ? best.size : sizes[0];
    if (chosen !== undefined) {
      const m = chosen;
      const trial = trialOf(m, true) as Float64Array;
      for (let k = 0; k < K; k++) {
        let sum = 0;
        for (let j = 0; j < K; j++) sum += trial[k * K + j];
        for (let j = 0; j < K; j++) trial[k * K + j] /= sum;
      }
      const refined = dualValue(c, trial, K, scale, topSingularValue);
      if (refined > lower) {
        lower = refined;
        cluster = m;
      }
    }
  }
  return { value, frankWolfeGap, gap: Math.max(0, value - lower), cluster };
}
