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
import { gramOfColumns, maxSingularValue, symmetricEigen } from '../linalg';

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
 * Singular values (descending) and vectors of the K×K matrix g (u[i], v[i]: the i-th left and right vector).
 * From the symmetric eigendecomposition of AᵀA with A = g/max|g| (the scaling keeps the squares from
 * underflowing at large budgets): σ_i = max|g|·√λ_i, v_i its eigenvector, u_i = A v_i/√λ_i. 6.6 ms at K = 100
 * against 30 ms for ml-matrix's SVD with vectors (linalg/eigen.ts; 12 ms with ml-matrix's eigensolver). Only the singular values near the top are
 * used here, whose relative accuracy AᵀA keeps; the bound built from them is re-evaluated exactly (dualValue),
 * so they only choose the trial point. u_i is formed for σ_i ≥ σ_1/2 only (the sizes dualCertificate tries).
 */
export function singularTriplets(g: Float64Array, K: number): { sigma: Float64Array; u: Float64Array[]; v: Float64Array[] } {
  const unit = largestMagnitude(g);
  const sigma = new Float64Array(K);
  const u = Array.from({ length: K }, () => new Float64Array(K));
  const v = Array.from({ length: K }, () => new Float64Array(K));
  if (!(unit > 0)) return { sigma, u, v };
  const a = g.map((x) => x / unit);
  const { values, vectors } = symmetricEigen(gramOfColumns(a, K, K), K);
  for (let i = 0; i < K; i++) {
    const col = K - 1 - i;
    const root = Math.sqrt(Math.max(0, values[col]));
    sigma[i] = unit * root;
    const vi = v[i];
    for (let y = 0; y < K; y++) vi[y] = vectors[y * K + col];
    if (root > 0 && sigma[i] >= 0.5 * sigma[0]) {
      const ui = u[i];
      for (let x = 0; x < K; x++) {
        let acc = 0;
        for (let y = 0; y < K; y++) acc += a[x * K + y] * vi[y];
        ui[x] = acc / root;
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

  // σ̄ for every cluster size r over the near-top singular values: θ_i = −u_iᵀ Z v_i / s (how much of Z lies on
  // pair i), σ̄_r = Σ_{i<r} θ_i σ_i / Σ_{i<r} θ_i.
  let top = 0;
  while (top < K - 1 && sigma[top] >= 0.5 * sigma[0] && sigma[top] > 0) top++;
  const bars = new Float64Array(top + 1).fill(NaN);
  const zv = new Float64Array(K);
  for (let i = 0, st = 0, sts = 0; i < top; i++) {
    const ui = u[i];
    const vi = v[i];
    for (let x = 0; x < K; x++) {
      const row = x * K;
      let acc = 0;
      for (let y = 0; y < K; y++) acc += z[row + y] * vi[y];
      zv[x] = acc;
    }
    let theta = 0;
    for (let x = 0; x < K; x++) theta += ui[x] * zv[x];
    theta = -theta / scale;
    st += theta;
    sts += theta * sigma[i];
    if (st > 0) bars[i + 1] = sts / st;
  }
  // Which sizes give a stochastic P' = P + diag(c)⁻¹E, E = Σ_{i<r} (σ̄_r − σ_i) u_i v_iᵀ = σ̄_r·B_r − A_r with
  // A_r = Σ σ_i u_i v_iᵀ, B_r = Σ u_i v_iᵀ built up one pair at a time (a negative entry ends the test of a size).
  const a = new Float64Array(K * K);
  const b = new Float64Array(K * K);
  const feasible: number[] = [];
  for (let r = 1; r <= top; r++) {
    const i = r - 1;
    const ui = u[i];
    const vi = v[i];
    for (let x = 0; x < K; x++) {
      const row = x * K;
      const ux = ui[x];
      const sux = sigma[i] * ux;
      for (let y = 0; y < K; y++) {
        a[row + y] += sux * vi[y];
        b[row + y] += ux * vi[y];
      }
    }
    const bar = bars[r];
    if (Number.isNaN(bar)) continue;
    let ok = true;
    for (let x = 0; x < K && ok; x++) {
      const row = x * K;
      const inv = 1 / c[x];
      for (let y = 0; y < K; y++) {
        if (!(p[row + y] + (bar * b[row + y] - a[row + y]) * inv >= 0)) {
          ok = false;
          break;
        }
      }
    }
    if (ok) feasible.push(r);
  }
  // The entropy is concave and ⟨E, log P⟩ = ⟨E, Z⟩ = 0 (rows of E sum to 0, and σ̄_r is chosen so), so
  // Σ c_k H(P'_k) ≤ Σ c_k H(P_k) = H₀ and the bound of size r is at most H₀ − s·max(σ̄_r, σ_{r+1}). Feasible sizes
  // are tried in the order of that ceiling until it falls below the best bound found: the size that trying
  // every one would choose, with the entropy (K² logarithms) of one to a few trial points instead of ~K.
  let entropy0 = 0;
  for (let k = 0; k < K; k++) entropy0 += c[k] * rowEntropy(p, k * K, K);
  const ceiling = (r: number) => entropy0 - scale * Math.max(bars[r], sigma[r]);
  feasible.sort((x, y) => ceiling(y) - ceiling(x) || x - y);
  let trial = a;
  let kept = b;
  let best = { bound: -Infinity, r: 0 };
  for (const r of feasible) {
    if (!(ceiling(r) > best.bound)) break;
    trialPoint(trial, p, c, u, v, sigma, bars[r], r, K);
    let h = 0;
    for (let k = 0; k < K; k++) h += c[k] * rowEntropy(trial, k * K, K);
    const bound = h - scale * Math.max(bars[r], sigma[r]);
    if (bound > best.bound) {
      best = { bound, r };
      [trial, kept] = [kept, trial];
    }
  }

  let lower = value - frankWolfeGap;
  let cluster = 0;
  if (best.r > 0) {
    // The chosen P' with its rows renormalised, and D(P') evaluated exactly.
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let j = 0; j < K; j++) sum += kept[k * K + j];
      for (let j = 0; j < K; j++) kept[k * K + j] /= sum;
    }
    const refined = dualValue(c, kept, K, scale);
    if (refined > lower) {
      lower = refined;
      cluster = best.r;
    }
  }
  return { value, frankWolfeGap, gap: Math.max(0, value - lower), cluster };
}

/** out = P + diag(c)⁻¹·Σ_{i<r} (σ̄ − σ_i) u_i v_iᵀ at a feasible size; entries below 0 by rounding are set to 0. */
function trialPoint(out: Float64Array, p: Float64Array, c: Float64Array, u: Float64Array[], v: Float64Array[], sigma: Float64Array, sigmaBar: number, r: number, K: number): void {
  out.set(p);
  for (let i = 0; i < r; i++) {
    const weight = sigmaBar - sigma[i];
    const ui = u[i];
    const vi = v[i];
    for (let x = 0; x < K; x++) {
      const f = (weight * ui[x]) / c[x];
      const row = x * K;
      for (let y = 0; y < K; y++) out[row + y] += f * vi[y];
    }
  }
  for (let i = 0; i < K * K; i++) if (!(out[i] >= 0)) out[i] = 0;
}
