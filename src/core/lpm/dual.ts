// A rigorous lower bound on the LPM optimum from the Lagrangian dual of its SDP (theory.md §2.2), and so
// an upper bound on f(X) − f* for any feasible point: the solver's certificate.
//
// Derivation [DERIVED here; checked numerically against converged solves, see docs/lpm.md]:
//   lse(z) = max_{q ∈ simplex} ⟨q, z⟩ + H(q)   (H = Shannon entropy), so with Γ(P) = diag(c)(P − I),
//   f(X) = Σ_k c_k (lse(Z_k) − Z_kk) = max_{P row-stochastic} ⟨Γ(P), Z⟩ + Σ_k c_k H(P_k).
//   Weak duality (min-max ≥ max-min) over the feasible set C of the SDP:
//   f* ≥ D(P) := Σ_k c_k H(P_k) + min_{X ∈ C} ⟨Γ(P), Z(X)⟩ = Σ_k c_k H(P_k) − s·σ_max(Γ(P)),
//   because for [[A, Z],[Zᵀ, B]] ⪰ 0, ‖Z‖_* ≤ sqrt(tr A · tr B) ≤ s = K·sqrt(E_H E_W), attained at rank one.
//   Every row-stochastic P gives a valid bound f* ≥ D(P).
// Two choices of P:
//   P = softmax(Z): f(X) − D(P) = ⟨G, Z⟩ + s·σ_max(G), the Frank–Wolfe gap. It is only first order in the
//     distance to the optimum, because the top singular value of G* is multiple (K−1-fold at the ETF).
//   P' = P + diag(c)⁻¹·E with E = −Σ_{i≤r} (σ_i − σ̄) u_i v_iᵀ (SVD G = Σ σ_i u_i v_iᵀ): flattens the top r
//     singular values to σ̄ = Σ θ_i σ_i / Σ θ_i, θ_i = −u_iᵀ Z v_i / s (how much of Z lies on each pair).
//     E·1 = 0 because G·1 = 0, so P' stays row-stochastic when non-negative. To first order the entropy term
//     does not move (its change is −⟨E, Z⟩ = −s Σ θ_i (σ_i − σ̄) = 0 by the choice of σ̄) while s·σ_max drops from
//     s·σ_1 to s·σ̄; when Z lies on the cluster (Σ θ_i = 1) the Frank–Wolfe gap is exactly s(σ_1 − σ̄), so
//     what is left of the gap is second order in the distance to the optimum.
//     r is chosen by the analytic value max(σ̄, σ_{r+1}); the chosen P' is then renormalised and D(P')
//     re-evaluated exactly with a fresh SVD, so the reported bound never relies on the first-order argument.
import { maxSingularValue, symmetricEigen } from '../linalg';

export interface DualCertificate {
  /** f at the point (float64). */
  value: number;
  /** Frank–Wolfe gap ⟨G,Z⟩ + s·σ_max(G) ≥ f − f*. */
  frankWolfeGap: number;
  /** f − max(D(softmax Z), D(P')) ≥ f − f*: the smaller of the two bounds. */
  gap: number;
  /** Size r of the flattened singular cluster (0 when the refined bound did not improve on Frank–Wolfe). */
  cluster: number;
}

/** softmax rows, G = diag(c)(P − I), and f = Σ c_k (lse(Z_k) − Z_kk), all in float64. */
export function lossTerms(c: Float64Array, z: Float64Array, K: number): { value: number; p: Float64Array; g: Float64Array } {
  const p = new Float64Array(K * K);
  const g = new Float64Array(K * K);
  let value = 0;
  for (let k = 0; k < K; k++) {
    const row = k * K;
    let m = z[row];
    for (let j = 1; j < K; j++) if (z[row + j] > m) m = z[row + j];
    let sum = 0;
    let others = 0;
    for (let j = 0; j < K; j++) {
      p[row + j] = Math.exp(z[row + j] - m);
      sum += p[row + j];
      if (j !== k) others += p[row + j];
    }
    value += c[k] * (z[row + k] === m ? Math.log1p(others) : m - z[row + k] + Math.log(sum));
    for (let j = 0; j < K; j++) {
      p[row + j] /= sum;
      g[row + j] = c[k] * p[row + j];
    }
    // c_k (p_kk − 1) = −c_k Σ_{j≠k} p_kj: exact, where the difference loses all precision for tiny losses.
    g[row + k] = (-c[k] * others) / sum;
  }
  return { value, p, g };
}

/**
 * H(P_k) of a stochastic row. The largest entry is 1 − (the rest): its term uses log1p(−rest), which keeps
 * the entropy's relative precision when the row is nearly one-hot (tiny losses at large budgets).
 */
export function rowEntropy(p: Float64Array, from: number, K: number): number {
  let top = from;
  for (let j = 1; j < K; j++) if (p[from + j] > p[top]) top = from + j;
  let h = 0;
  let rest = 0;
  for (let j = 0; j < K; j++) {
    const v = p[from + j];
    if (from + j === top) continue;
    rest += v;
    if (v > 0) h -= v * Math.log(v);
  }
  return rest < 1 ? h - (1 - rest) * Math.log1p(-rest) : h;
}

/**
 * D(P) = Σ c_k H(P_k) − s·σ_max(diag(c)(P − I)), exactly (P must be row-stochastic and non-negative). `sigmaMax`
 * computes σ_max of a K×K matrix with entries at most 1 in magnitude (default: ml-matrix's SVD).
 */
export function dualValue(c: Float64Array, p: Float64Array, K: number, scale: number, sigmaMax: (a: Float64Array, K: number) => number = (a, n) => maxSingularValue(a, n, n)): number {
  const gamma = new Float64Array(K * K);
  let h = 0;
  for (let k = 0; k < K; k++) {
    h += c[k] * rowEntropy(p, k * K, K);
    let rest = 0;
    for (let j = 0; j < K; j++) {
      gamma[k * K + j] = c[k] * p[k * K + j];
      if (j !== k) rest += p[k * K + j];
    }
    // p_kk − 1 = −Σ_{j≠k} p_kj for a stochastic row, without the cancellation.
    gamma[k * K + k] = -c[k] * rest;
  }
  const unit = largestMagnitude(gamma);
  return h - (unit > 0 ? scale * unit * sigmaMax(gamma.map((v) => v / unit), K) : 0);
}

/**
 * Singular values (descending) and vectors of the K×K matrix g (u[x][i], v[y][i]: row x/y of the i-th
 * vector). From the symmetric eigendecomposition of AᵀA with A = g/max|g| (the scaling keeps the squares
 * from underflowing at large budgets): σ_i = max|g|·√λ_i, v_i its eigenvector, u_i = A v_i/√λ_i. About 2.5×
 * faster than ml-matrix's SVD with vectors at K = 100 (12 against 30 ms). Only the singular values near the
 * top are used here, whose relative accuracy AᵀA keeps; the bound built from them is re-evaluated exactly
 * (dualValue), so they only choose the trial point.
 */
export function singularTriplets(g: Float64Array, K: number): { sigma: Float64Array; u: number[][]; v: number[][] } {
  const unit = largestMagnitude(g);
  const sigma = new Float64Array(K);
  const u: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  const v: number[][] = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  if (!(unit > 0)) return { sigma, u, v };
  const a = g.map((x) => x / unit);
  const ata = new Float64Array(K * K);
  for (let r = 0; r < K; r++) {
    const row = r * K;
    for (let i = 0; i < K; i++) {
      const ai = a[row + i];
      if (ai === 0) continue;
      for (let j = i; j < K; j++) ata[i * K + j] += ai * a[row + j];
    }
  }
  for (let i = 0; i < K; i++) for (let j = 0; j < i; j++) ata[i * K + j] = ata[j * K + i];
  const { values, vectors } = symmetricEigen(ata, K);
  for (let i = 0; i < K; i++) {
    const col = K - 1 - i;
    const lambda = Math.max(0, values[col]);
    const root = Math.sqrt(lambda);
    sigma[i] = unit * root;
    for (let y = 0; y < K; y++) v[y][i] = vectors[y * K + col];
    if (root > 0) {
      for (let x = 0; x < K; x++) {
        let acc = 0;
        for (let y = 0; y < K; y++) acc += a[x * K + y] * vectors[y * K + col];
        u[x][i] = acc / root;
      }
    }
  }
  return { sigma, u, v };
}

/** max_i |a_i| (0 for an all-zero array). */
export function largestMagnitude(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The certificate at logits Z (K×K, row-major, already scaled by s). */
export function dualCertificate(c: Float64Array, z: Float64Array, K: number, scale: number): DualCertificate {
  const { value, p, g } = lossTerms(c, z, K);
  let inner = 0;
  for (let i = 0; i < K * K; i++) inner += g[i] * z[i];
  const { sigma, u, v } = singularTriplets(g, K);
  const frankWolfeGap = Math.max(0, inner + scale * sigma[0]);

  // Sweep the cluster size r over the near-top singular values; A = Σ σ_i u_i v_iᵀ, B = Σ u_i v_iᵀ.
  const a = new Float64Array(K * K);
  const b = new Float64Array(K * K);
  const trial = new Float64Array(K * K);
  let sumTheta = 0;
  let sumThetaSigma = 0;
  let best = { bound: -Infinity, r: 0, sigmaBar: 0 };
  for (let r = 1; r < K && sigma[r - 1] >= 0.5 * sigma[0] && sigma[r - 1] > 0; r++) {
    const i = r - 1;
    let theta = 0;
    for (let x = 0; x < K; x++) {
      let row = 0;
      for (let y = 0; y < K; y++) row += z[x * K + y] * v[y][i];
      theta += u[x][i] * row;
    }
    theta = -theta / scale;
    for (let x = 0; x < K; x++) {
      for (let y = 0; y < K; y++) {
        const uv = u[x][i] * v[y][i];
        a[x * K + y] += sigma[i] * uv;
        b[x * K + y] += uv;
      }
    }
    sumTheta += theta;
    sumThetaSigma += theta * sigma[i];
    if (sumTheta <= 0) continue;
    const sigmaBar = sumThetaSigma / sumTheta;
    let h = 0;
    let feasible = true;
    for (let k = 0; k < K && feasible; k++) {
      for (let j = 0; j < K; j++) {
        const q = p[k * K + j] + (sigmaBar * b[k * K + j] - a[k * K + j]) / c[k];
        if (q < 0) {
          feasible = false;
          break;
        }
        trial[k * K + j] = q;
      }
      if (feasible) h += c[k] * rowEntropy(trial, k * K, K);
    }
    if (!feasible) continue;
    const bound = h - scale * Math.max(sigmaBar, r < K ? sigma[r] : 0);
    if (bound > best.bound) best = { bound, r, sigmaBar };
  }

  let lower = value - frankWolfeGap;
  let cluster = 0;
  if (best.r > 0) {
    // Rebuild the chosen P', renormalise its rows and evaluate D(P') exactly.
    a.fill(0);
    b.fill(0);
    for (let i = 0; i < best.r; i++) {
      for (let x = 0; x < K; x++) {
        for (let y = 0; y < K; y++) {
          const uv = u[x][i] * v[y][i];
          a[x * K + y] += sigma[i] * uv;
          b[x * K + y] += uv;
        }
      }
    }
    let ok = true;
    for (let k = 0; k < K && ok; k++) {
      let sum = 0;
      for (let j = 0; j < K; j++) {
        const q = p[k * K + j] + (best.sigmaBar * b[k * K + j] - a[k * K + j]) / c[k];
        if (!(q >= 0)) ok = false;
        trial[k * K + j] = q;
        sum += q;
      }
      for (let j = 0; j < K; j++) trial[k * K + j] /= sum;
    }
    if (ok) {
      const refined = dualValue(c, trial, K, scale);
      if (refined > lower) {
        lower = refined;
        cluster = best.r;
      }
    }
  }
  return { value, frankWolfeGap, gap: Math.max(0, value - lower), cluster };
}
