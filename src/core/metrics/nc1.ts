// NC1, within-class variability collapse (theory.md §1.2), without any d×d matrix.
//
// Low-rank identity: with A = Mcᵀ (d×K, columns μ_k − μ_G), Σ_B = A Aᵀ/K and Σ_B⁺ = K (A⁺)ᵀ A⁺, so
//     Tr(Σ_W Σ_B⁺)/K = (1/N) Σ_i ‖A⁺ (h_i − μ_{y_i})‖².
// The rows of A⁺ lie in col(A) = span{μ_k − μ_j}. Pass 2 therefore only needs the residuals
// projected on an orthonormal basis Q (rank×d) of that span: with q_i = Q r_i and G = Σ_i q_i q_iᵀ,
// A = Qᵀ Ā for Ā = Q A (rank×K), A⁺ = Ā⁺ Q and
//     Σ_i ‖A⁺ r_i‖² = Tr(Ā⁺ G Ā⁺ᵀ).
// Both global-mean conventions centre the means inside the same span, so one G serves both.
// Tr(Ā⁺ G Ā⁺ᵀ) = Tr((Ā Āᵀ)⁻¹ G) when Ā has full row rank (it does: both centrings keep rank(Ā) =
// rank of the basis), and Ā Āᵀ = Bᵀ B with B = Mc Qᵀ (K×rank). Its Cholesky factor is taken after
// scaling to a unit diagonal, where the matrix is close to I (Q holds the right singular vectors of the
// unweighted-centred means), so the result keeps float64 accuracy without a second SVD.
import { JACOBI_MAX_COLUMNS, cholesky, gramOfColumns, invertLower, multiplyTransposed, numericalRank, pseudoInverse, rightSingular, squaredDistances, symmetricEigenvalues } from '../linalg';
import type { ClassMeans } from './means';
import { centredMeans } from './means';

export interface MeanBasis {
  dim: number;
  /** Number of basis vectors kept (≤ K − 1). */
  rank: number;
  rtol: number;
  /** rank×d row-major, orthonormal rows spanning the centred class means. */
  q: Float64Array;
  /** Singular values of the unweighted-centred means (K×d), largest first. */
  singularValues: number[];
  /** q is the d×d identity: the means span every direction (pass 2 then skips the projection). */
  identity: boolean;
}

/**
 * With at least d + 1 classes the centred means usually span all of R^d; then any orthonormal basis
 * serves and the identity costs nothing (no eigenvectors of the d×d Gram, no projection columns in
 * pass 2). It is taken when s_min ≥ this·s_max, so Ā Āᵀ = Mcᵀ Mc keeps a condition number ≤ 10⁴ for the
 * Cholesky of nc1FromScatter (relative error ≲ d·ε·10⁴); worse-conditioned means take the SVD basis.
 */
export const IDENTITY_BASIS_MIN_RATIO = 1e-2;

/**
 * Orthonormal basis of span{μ_k − μ_G^u}: right singular vectors of the K×d centred means with
 * s > rtol·s_max. Deterministic in the pass-1 statistics, which makes pass-2 statistics mergeable.
 */
export function meanBasis(m: ClassMeans, rtol: number): MeanBasis {
  const { classes: K, dim: d } = m;
  const a = centredMeans(m, m.unweightedGlobalMean);
  if (K > d && d > JACOBI_MAX_COLUMNS) {
    const lambda = symmetricEigenvalues(gramOfColumns(a, K, d), d); // ascending
    const s = Array.from(lambda, (x) => Math.sqrt(Math.max(x, 0))).reverse();
    if (s[0] > 0 && s[d - 1] >= IDENTITY_BASIS_MIN_RATIO * s[0]) {
      const q = new Float64Array(d * d);
      for (let j = 0; j < d; j++) q[j * d + j] = 1;
      return { dim: d, rank: d, rtol, q, singularValues: s, identity: true };
    }
  }
  const { s, v } = rightSingular(a, K, d);
  const r = s.length;
  const rank = numericalRank(s, rtol);
  const q = new Float64Array(rank * d);
  for (let p = 0; p < rank; p++) for (let j = 0; j < d; j++) q[p * d + j] = v[j * r + p];
  return { dim: d, rank, rtol, q, singularValues: s, identity: false };
}

export interface Nc1Value {
  value: number | null;
  /** Rank of Σ_B used in the pseudo-inverse. */
  rank: number;
  reason?: string;
}

/**
 * Tr(Σ_W Σ_B⁺)/K from the projected within-class scatter G (basis.rank², summed over `samples`
 * residuals) and the class means centred by the chosen global mean (K×d).
 */
export function nc1FromScatter(basis: MeanBasis, centred: Float64Array, classes: number, scatter: Float64Array, samples: number): Nc1Value {
  const r = basis.rank;
  if (r === 0) return { value: null, rank: 0, reason: 'all class means coincide, so Σ_B = 0 and Σ_B⁺ carries no information' };
  const b = coordinates(basis, centred, classes); // Mc Qᵀ = Āᵀ, K×r
  const m = gramOfColumns(b, classes, r); // Ā Āᵀ, r×r
  const scale = new Float64Array(r);
  for (let a = 0; a < r; a++) scale[a] = m[a * r + a] > 0 ? 1 / Math.sqrt(m[a * r + a]) : 0;
  for (let a = 0; a < r; a++) for (let c = 0; c < r; c++) m[a * r + c] *= scale[a] * scale[c];
  const l = scale.every((x) => x > 0) ? cholesky(m, r) : null;
  if (!l) return nc1ByPseudoInverse(b, basis, classes, scatter, samples);
  // Tr(M⁻¹ G) = Tr(X (D G D) Xᵀ) with D M D = L Lᵀ and X = L⁻¹.
  const x = invertLower(l, r);
  let trace = 0;
  const xg = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    xg.fill(0);
    for (let k = 0; k <= i; k++) {
      const xik = x[i * r + k] * scale[k];
      if (xik === 0) continue;
      for (let c = 0; c < r; c++) xg[c] += xik * scatter[k * r + c];
    }
    for (let c = 0; c <= i; c++) trace += xg[c] * scale[c] * x[i * r + c];
  }
  return { value: trace / samples, rank: r };
}

/**
 * The same trace when Ā may have lower rank than the basis (means of a subset of the classes in the
 * basis of all of them, as core/layers measures majority and minority classes): always by the
 * pseudo-inverse of Ā, whose rtol drops the directions the subset does not span. (Cholesky of a
 * singular Ā Āᵀ can succeed on rounding and return a huge trace.)
 */
export function nc1FromScatterAnyRank(basis: MeanBasis, centred: Float64Array, classes: number, scatter: Float64Array, samples: number): Nc1Value {
  if (basis.rank === 0) return { value: null, rank: 0, reason: 'all class means coincide, so Σ_B = 0 and Σ_B⁺ carries no information' };
  return nc1ByPseudoInverse(coordinates(basis, centred, classes), basis, classes, scatter, samples);
}

/** Mc Qᵀ (K×rank): the centred means in the basis (Mc itself for the identity basis). */
function coordinates(basis: MeanBasis, centred: Float64Array, classes: number): Float64Array {
  return basis.identity ? centred : multiplyTransposed(centred, basis.q, classes, basis.dim, basis.rank);
}

/** The same trace from the pseudo-inverse of Ā (SVD), for the degenerate cases Cholesky refuses. */
function nc1ByPseudoInverse(abarT: Float64Array, basis: MeanBasis, classes: number, scatter: Float64Array, samples: number): Nc1Value {
  const r = basis.rank;
  const abar = new Float64Array(r * classes);
  for (let k = 0; k < classes; k++) for (let a = 0; a < r; a++) abar[a * classes + k] = abarT[k * r + a];
  const { pinv: c, rank } = pseudoInverse(abar, r, classes, basis.rtol); // K×r
  if (rank === 0) return { value: null, rank: 0, reason: 'the centred class means are all ~0' };
  // Tr(C G Cᵀ) = Σ_ab (CᵀC)_ab G_ab
  let trace = 0;
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < r; b++) {
      let ctc = 0;
      for (let k = 0; k < classes; k++) ctc += c[k * r + a] * c[k * r + b];
      trace += ctc * scatter[a * r + b];
    }
  }
  return { value: trace / samples, rank };
}

/** Tr(Σ_W)/Tr(Σ_B) = [(1/N) Σ_k WSS_k] / [(1/K) Σ_k ‖μ_k − μ_G‖²] (Tirer et al. 2023 "quotient"). */
export function nc1Quotient(withinSumSquares: ArrayLike<number>, samples: number, centred: Float64Array, classes: number): Nc1Value {
  let within = 0;
  for (let k = 0; k < classes; k++) within += withinSumSquares[k];
  let between = 0;
  for (let i = 0; i < centred.length; i++) between += centred[i] * centred[i];
  if (!(between > 0)) return { value: null, rank: 0, reason: 'Tr(Σ_B) = 0: all class means coincide' };
  return { value: within / samples / (between / classes), rank: 0 };
}

/**
 * CDNV (Galanti et al. 2022): mean over pairs c < c' of (σ_c² + σ_c'²) / (2‖μ_c − μ_c'‖²) with
 * σ_c² = (1/n_c) Σ_{i∈c} ‖h_i − μ_c‖² (divides by n_c, as rhubarbwu/neural-collapse; theory.md §1.2).
 */
export function cdnv(withinSumSquares: ArrayLike<number>, m: ClassMeans): Nc1Value {
  const { classes: K, dim: d, counts, means } = m;
  const distances = squaredDistances(means, K, d);
  let sum = 0;
  let pairs = 0;
  for (let c = 0; c < K; c++) {
    for (let e = c + 1; e < K; e++) {
      const dist = distances[e * K + c];
      if (!(dist > 0)) return { value: null, rank: 0, reason: `classes ${c} and ${e} have the same mean, so their CDNV term is infinite` };
      sum += (withinSumSquares[c] / counts[c] + withinSumSquares[e] / counts[e]) / (2 * dist);
      pairs++;
    }
  }
  return { value: sum / pairs, rank: 0 };
}
