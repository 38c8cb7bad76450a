// Separation fuzziness of one layer (docs/layers.md) in two streaming passes and no d×d matrix.
//
//   pass 1  n_k and Σ x per class (float64)                                   → x̄_k, x̄, μ_G
//   pass 2  r_i = x_i − x̄_{y_i} projected on an orthonormal basis Q (rank×d) of span{x̄_k − x̄_j}:
//           q_i = Q r_i, and the scatters G = Σ_i q_i q_iᵀ, G_bal = Σ_i q_i q_iᵀ/(K n_{y_i}) and
//           G_A = Σ_{i: y_i majority} q_i q_iᵀ (G_B = G − G_A).
// Every quantity is Tr(S_W S_B⁺) with S_B = A Aᵀ for some A whose columns lie in span(Q), so with
// Ā = Q A it equals Tr(Ā⁺ G' Ā⁺ᵀ)/c (nc1.ts) for the matching scatter G' and divisor c:
//   D_l      A = [(x̄_k − x̄) √(n_k/N)]_k,  G,     c = N      (SS_W = G/N, SS_B count-weighted)
//   balanced A = [(x̄_k − x̄) / √K]_k,      G_bal, c = 1      (He & Su get_variation)
//   NC1      A = [x̄_k − μ_G]_k,            G,     c = N      (Σ_B⁺ = K (AAᵀ)⁺, so this is Tr(Σ_W Σ_B⁺)/K)
//   D_l of a class subset S: A over k ∈ S about the subset's sample mean, G_S, c = N_S.
import type { GlobalMeanConvention } from '../../protocol/result';
import type { Tensor2D, Tf } from '../tf';
import type { ClassMeans, Kernels, MeanBasis, Pass1Stats } from './metricsKernels';
import { accumulateScatter, centredMeans, classMeans, emptyPass1, globalMean, meanBasis, nc1FromScatter, nc1FromScatterAnyRank } from './metricsKernels';

/** Up to this basis rank the scatters are summed per row in float64; above it per batch by tfjs matmuls. */
const JS_SCATTER_MAX_RANK = 32;

export interface LayerValues {
  separation: number | null;
  separationBalanced: number | null;
  nc1: number | null;
  minority: { majority: number | null; minority: number | null } | null;
  /** Why a null value is null. */
  reason?: string;
}

interface Pass2State {
  means: ClassMeans;
  basis: MeanBasis;
  /** Qᵀ, d×rank float32 (the matmul's right operand). */
  qt: Tensor2D | null;
  /** Per-sample weight of G_bal by class: 1/(K n_k). */
  balancedWeight: Float64Array;
  majority: Uint8Array | null;
  total: Float64Array;
  balanced: Float64Array;
  majorityScatter: Float64Array;
  rowSquares: Float64Array;
  withinSumSquares: Float64Array;
  counts: Float64Array;
}

export class LayerSeparation {
  readonly pass1: Pass1Stats;
  private state: Pass2State | null = null;

  constructor(
    readonly dim: number,
    readonly classes: number,
  ) {
    this.pass1 = emptyPass1(classes, dim);
  }

  addPass1(x: Float32Array, labels: Int32Array, rows: number, kernels: Kernels): void {
    kernels.classSums(x, labels, rows, this.dim, this.pass1.sums, this.pass1.counts);
  }

  /** Fixes the class means and the basis; `minority` splits the classes for the restricted D_l. */
  startPass2(tf: Tf, minority: readonly number[] | null, rtol: number): void {
    const K = this.classes;
    const d = this.dim;
    const means = classMeans(this.pass1);
    const basis = meanBasis(means, rtol);
    const r = basis.rank;
    let qt: Tensor2D | null = null;
    if (r > 0) {
      const v = new Float32Array(d * r);
      for (let j = 0; j < d; j++) for (let p = 0; p < r; p++) v[j * r + p] = basis.q[p * d + j];
      qt = tf.tensor2d(v, [d, r]);
    }
    const balancedWeight = new Float64Array(K);
    for (let k = 0; k < K; k++) balancedWeight[k] = 1 / (K * means.counts[k]);
    let majority: Uint8Array | null = null;
    if (minority && minority.length > 0) {
      majority = new Uint8Array(K).fill(1);
      for (const k of minority) majority[k] = 0;
    }
    this.state = {
      means,
      basis,
      qt,
      balancedWeight,
      majority,
      total: new Float64Array(r * r),
      balanced: new Float64Array(r * r),
      majorityScatter: new Float64Array(r * r),
      rowSquares: new Float64Array(0),
      withinSumSquares: new Float64Array(K),
      counts: new Float64Array(K),
    };
  }

  async addPass2(tf: Tf, x: Float32Array, labels: Int32Array, rows: number, kernels: Kernels): Promise<void> {
    const s = this.state;
    if (!s) throw new Error('addPass2 before startPass2');
    if (s.rowSquares.length < rows) s.rowSquares = new Float64Array(rows);
    const residual = kernels.classResiduals(x, labels, rows, this.dim, s.means.means, s.rowSquares, s.withinSumSquares, s.counts);
    if (!s.qt || rows === 0) return;
    const r = s.basis.rank;
    // The residual view lives in the kernels' memory until their next call; tfjs copies it here.
    const proj: Tensor2D = tf.tidy(() => tf.matMul(tf.tensor2d(residual, [rows, this.dim]), s.qt as Tensor2D));
    if (r <= JS_SCATTER_MAX_RANK) {
      let values: Float32Array;
      try {
        values = (await proj.data()) as Float32Array;
      } finally {
        proj.dispose();
      }
      accumulateScatter(values, rows, r, r, s.total);
      addWeighted(values, labels, rows, r, s.balancedWeight, s.balanced);
      if (s.majority) addMasked(values, labels, rows, r, s.majority, s.majorityScatter);
      return;
    }
    // Large rank: (P∘√w)ᵀ(P∘√w) per scatter as tfjs matmuls (float32 within a batch, float64 across).
    const root = new Float32Array(rows);
    const mask = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      root[i] = Math.sqrt(s.balancedWeight[labels[i]]);
      mask[i] = s.majority ? s.majority[labels[i]] : 0;
    }
    const grams = tf.tidy(() => {
      const gram = (p: Tensor2D) => tf.matMul(tf.transpose(p), p);
      const out = [gram(proj), gram(tf.mul(proj, tf.tensor2d(root, [rows, 1])) as Tensor2D)];
      if (s.majority) out.push(gram(tf.mul(proj, tf.tensor2d(mask, [rows, 1])) as Tensor2D));
      return out;
    });
    proj.dispose();
    try {
      const targets = [s.total, s.balanced, s.majorityScatter];
      for (let g = 0; g < grams.length; g++) {
        const values = (await grams[g].data()) as Float32Array;
        const target = targets[g];
        // accumulateScatter keeps the lower triangle; so does this.
        for (let a = 0; a < r; a++) for (let b = 0; b <= a; b++) target[a * r + b] += values[a * r + b];
      }
    } finally {
      tf.dispose(grams);
    }
  }

  /** The layer's values from the two passes; frees the pass-2 tensors. */
  finish(convention: GlobalMeanConvention): LayerValues {
    const s = this.state;
    if (!s) throw new Error('finish before startPass2');
    s.qt?.dispose();
    s.qt = null;
    const { means, basis } = s;
    const K = this.classes;
    const r = basis.rank;
    for (const g of [s.total, s.balanced, s.majorityScatter]) for (let a = 0; a < r; a++) for (let b = a + 1; b < r; b++) g[a * r + b] = g[b * r + a];
    if (r === 0) {
      const reason = 'all class means of this layer coincide, so SS_B = 0';
      return { separation: null, separationBalanced: null, nc1: null, minority: s.majority ? { majority: null, minority: null } : null, reason };
    }
    const N = means.samples;
    const all = Array.from({ length: K }, (_, k) => k);
    const separation = subsetSeparation(means, basis, all, s.total);
    const xbar = means.weightedGlobalMean;
    const scale = 1 / Math.sqrt(K);
    const balancedA = centredMeans(means, xbar).map((v) => v * scale);
    const separationBalanced = nc1FromScatter(basis, balancedA, K, s.balanced, 1).value;
    const nc1 = nc1FromScatter(basis, centredMeans(means, globalMean(means, convention)), K, s.total, N).value;
    let minority: LayerValues['minority'] = null;
    if (s.majority) {
      const major = all.filter((k) => s.majority?.[k] === 1);
      const minor = all.filter((k) => s.majority?.[k] === 0);
      const minorScatter = s.total.map((v, i) => v - s.majorityScatter[i]);
      minority = { majority: subsetSeparation(means, basis, major, s.majorityScatter), minority: subsetSeparation(means, basis, minor, minorScatter) };
    }
    return { separation, separationBalanced, nc1, minority };
  }

  dispose(): void {
    this.state?.qt?.dispose();
    this.state = null;
  }
}

/** D_l of the samples of `classes` only: count-weighted SS_B about their own sample mean. */
function subsetSeparation(m: ClassMeans, basis: MeanBasis, classes: readonly number[], scatter: Float64Array): number | null {
  if (classes.length < 2) return null;
  const d = m.dim;
  let n = 0;
  const centre = new Float64Array(d);
  for (const k of classes) {
    n += m.counts[k];
    for (let j = 0; j < d; j++) centre[j] += m.counts[k] * m.means[k * d + j];
  }
  for (let j = 0; j < d; j++) centre[j] /= n;
  const a = new Float64Array(classes.length * d);
  classes.forEach((k, row) => {
    const w = Math.sqrt(m.counts[k] / n);
    for (let j = 0; j < d; j++) a[row * d + j] = (m.means[k * d + j] - centre[j]) * w;
  });
  return nc1FromScatterAnyRank(basis, a, classes.length, scatter, n).value;
}

/** G += w_{y_i} q_i q_iᵀ (lower triangle). */
function addWeighted(proj: Float32Array, labels: Int32Array, rows: number, r: number, weight: Float64Array, scatter: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const w = weight[labels[i]];
    const o = i * r;
    for (let a = 0; a < r; a++) {
      const qa = proj[o + a] * w;
      for (let b = 0; b <= a; b++) scatter[a * r + b] += qa * proj[o + b];
    }
  }
}

/** G += q_i q_iᵀ over the rows whose class has mask 1 (lower triangle). */
function addMasked(proj: Float32Array, labels: Int32Array, rows: number, r: number, mask: Uint8Array, scatter: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    if (!mask[labels[i]]) continue;
    const o = i * r;
    for (let a = 0; a < r; a++) {
      const qa = proj[o + a];
      for (let b = 0; b <= a; b++) scatter[a * r + b] += qa * proj[o + b];
    }
  }
}
