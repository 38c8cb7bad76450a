// NC4: does the linear rule argmax_k (w_k·h + b_k) agree with the nearest-class-centre rule
// argmin_k ‖h − μ_k‖ (theory.md §1.5)? Ties go to the lowest label (numpy/torch argmax convention).
//
// Precision. The decisions are made from the residual r = h − μ_y (float64 minus float64 mean,
// rounded to float32 only for the batched matmul), not from h:
//     ‖h − μ_k‖² = const + ‖μ_y − μ_k‖² − 2 r·(μ_k − c)        (c = μ_G^u; const is the same for all k)
//     w_k·h + b_k = (w_k·μ_y + b_k) + r·w_k
// The class-level terms are exact float64. μ_k − c lies in the span of the NC1 basis Q, so for small
// K (rank ≤ BASIS_NCC_MAX_RANK) r·(μ_k − c) = q·(Q(μ_k − c)) with q = Q r, the projection pass 2
// computes anyway (K·rank flops per row, no extra matmul columns); for larger K that per-row cost
// grows like K², so r·(μ_k − c) gets its own K matmul columns instead. Only the projections come from
// float32 tfjs, with the rigorous bound |fl(r·v) − r·v| ≤ (d+2)·u·‖r‖‖v‖ (u = 2⁻²⁴; the dot-product
// bound plus the rounding of r and v). When the winner's margin is inside the bound the
// row is decided again in float64 from the raw features, so every decision equals the float64 one,
// and exact ties resolve to the lowest label.
import { multiplyTransposed, squaredDistances } from '../linalg';
import type { MeanBasis } from './nc1';
import type { Maybe } from './nc2';

const UNIT_ROUNDOFF_F32 = 2 ** -24;
/** Up to this basis rank the NCC scores come from q = Q r; above it from K projection columns μ_k − c. */
export const BASIS_NCC_MAX_RANK = 32;
/** Relative tolerance under which two float64 scores count as tied. */
const TIE_RTOL = 1e-12;

export interface RowDecision {
  ncc: number;
  linear: number;
  linearNoBias: number;
  /** Decisions that needed the float64 fallback (for diagnostics). */
  rechecked: number;
}

export class NccDecisions {
  readonly classes: number;
  readonly dim: number;
  private readonly rank: number;
  /** NCC from q (small K) or from projection columns μ_k − c (large K). */
  readonly nccFromBasis: boolean;
  /** μ_k − c, K×d, when NCC uses its own projection columns. */
  private readonly centredMeans: Float64Array | null;
  /** ‖μ_y − μ_k‖², K×K. */
  private readonly meanDistances: Float64Array;
  /** Q(μ_k − c), K×rank. */
  private readonly meanCoordinates: Float64Array;
  /** Per-unit-‖r‖ error bound of the NCC scores: 2·((d+2)u·max_k Σ_a|Q_a(μ_k − c)| + max_k ‖(μ_k − c)⊥Q‖). */
  private readonly nccErrorPerNorm: number;
  private readonly linearOffset: Float64Array | null;
  private readonly linearOffsetNoBias: Float64Array | null;
  private readonly offsetScale: Float64Array | null;
  private readonly linearErrorPerNorm: number;
  readonly result: RowDecision = { ncc: 0, linear: 0, linearNoBias: 0, rechecked: 0 };

  /**
   * @param means μ_k (K×d); @param centre c (μ_G^u); @param basis Q of nc1.ts (its span holds μ_k − c);
   * @param weights W (K×d) or null; @param bias b (K) or null (treated as 0 by the linear rule).
   */
  constructor(
    private readonly means: Float64Array,
    classes: number,
    dim: number,
    centre: Float64Array,
    basis: MeanBasis,
    private readonly weights: Float64Array | null,
    private readonly bias: Float64Array | null,
  ) {
    const K = classes;
    const d = dim;
    const r = basis.rank;
    this.classes = K;
    this.dim = d;
    this.rank = r;
    const errorFactor = 1.01 * (d + 2) * UNIT_ROUNDOFF_F32;
    this.nccFromBasis = r <= BASIS_NCC_MAX_RANK;
    this.meanCoordinates = new Float64Array(this.nccFromBasis ? K * r : 0);
    this.centredMeans = this.nccFromBasis ? null : new Float64Array(K * d);
    let maxL1 = 0;
    let maxPerp = 0;
    let maxNorm = 0;
    const centred = new Float64Array(d);
    for (let k = 0; k < K; k++) {
      let norm = 0;
      for (let j = 0; j < d; j++) {
        centred[j] = means[k * d + j] - centre[j];
        norm += centred[j] ** 2;
      }
      maxNorm = Math.max(maxNorm, Math.sqrt(norm));
      if (this.centredMeans) this.centredMeans.set(centred, k * d);
      if (this.nccFromBasis) {
        let l1 = 0;
        for (let a = 0; a < r; a++) {
          let c = 0;
          for (let j = 0; j < d; j++) c += basis.q[a * d + j] * centred[j];
          this.meanCoordinates[k * r + a] = c;
          l1 += Math.abs(c);
        }
        // What Q misses of μ_k − c (only what the rank cut-off dropped): bound its effect exactly.
        let perp = 0;
        for (let j = 0; j < d; j++) {
          let v = centred[j];
          for (let a = 0; a < r; a++) v -= basis.q[a * d + j] * this.meanCoordinates[k * r + a];
          perp += v * v;
        }
        maxL1 = Math.max(maxL1, l1);
        maxPerp = Math.max(maxPerp, Math.sqrt(perp));
      }
    }
    this.meanDistances = squaredDistances(means, K, d);
    // Error of 2 r·(μ_k − c) per unit ‖r‖: from q (each |δq_a| ≤ (d+2)u‖r‖, weighted by |Q_a(μ_k − c)|,
    // plus what the basis misses) or from its own column (≤ (d+2)u‖r‖‖μ_k − c‖).
    this.nccErrorPerNorm = this.nccFromBasis ? 2 * (errorFactor * maxL1 + 1.01 * maxPerp) : 2 * errorFactor * maxNorm;
    if (weights) {
      this.linearOffset = new Float64Array(K * K);
      this.linearOffsetNoBias = new Float64Array(K * K);
      this.offsetScale = new Float64Array(K);
      let maxW = 0;
      for (let k = 0; k < K; k++) {
        let wn = 0;
        for (let j = 0; j < d; j++) wn += weights[k * d + j] ** 2;
        maxW = Math.max(maxW, Math.sqrt(wn));
      }
      this.linearErrorPerNorm = errorFactor * maxW;
      // w_k·μ_y as one K×K product; the rounding scale Σ_j |w_kj μ_yj| + |b_k| is bounded by
      // ‖μ_y‖·max_k ‖w_k‖ + max_k |b_k| (Cauchy–Schwarz), which saves a second K×K×d product.
      const dots = multiplyTransposed(means, weights, K, d, K);
      let maxBias = 0;
      if (bias) for (let k = 0; k < K; k++) maxBias = Math.max(maxBias, Math.abs(bias[k]));
      for (let y = 0; y < K; y++) {
        let mn = 0;
        for (let j = 0; j < d; j++) mn += means[y * d + j] ** 2;
        const scale = Math.sqrt(mn) * maxW + maxBias;
        for (let k = 0; k < K; k++) {
          const dot = dots[y * K + k];
          const b = bias ? bias[k] : 0;
          this.linearOffsetNoBias[y * K + k] = dot;
          this.linearOffset[y * K + k] = dot + b;
        }
        this.offsetScale[y] = scale;
      }
    } else {
      this.linearOffset = null;
      this.linearOffsetNoBias = null;
      this.offsetScale = null;
      this.linearErrorPerNorm = 0;
    }
  }

  /** Rows μ_k − c (K×d) for the NCC projection columns, or null when NCC comes from q. */
  nccProjectionRows(): Float64Array | null {
    return this.centredMeans;
  }

  /**
   * Decides one row. `proj[qOffset + a]` holds fl32(Q_a·r) for a < rank, or (large K)
   * `proj[qOffset + k]` fl32(r·(μ_k − c)) for k < K; `proj[wOffset + k]` holds fl32(w_k·r);
   * `residualNorm` = ‖r‖ (float64); `features[featureOffset …]` is the raw row h.
   */
  decide(label: number, proj: Float32Array, qOffset: number, wOffset: number, residualNorm: number, features: Float32Array, featureOffset: number): RowDecision {
    const K = this.classes;
    const r = this.rank;
    const out = this.result;
    const base = label * K;
    const coords = this.meanCoordinates;
    const fromBasis = this.nccFromBasis;

    // Nearest class centre: minimise ‖μ_y − μ_k‖² − 2 r·(μ_k − c).
    let best = 0;
    let bestScore = Infinity;
    let second = Infinity;
    for (let k = 0; k < K; k++) {
      let t = 0;
      if (fromBasis) for (let a = 0; a < r; a++) t += proj[qOffset + a] * coords[k * r + a];
      else t = proj[qOffset + k];
      const s = this.meanDistances[base + k] - 2 * t;
      if (s < bestScore) {
        second = bestScore;
        bestScore = s;
        best = k;
      } else if (s < second) second = s;
    }
    const nccBound = 2 * this.nccErrorPerNorm * residualNorm + 1e-13 * (Math.abs(bestScore) + Math.abs(second));
    if (!(second - bestScore > nccBound)) {
      best = this.exactNearestCentre(features, featureOffset);
      out.rechecked++;
    }
    out.ncc = best;

    if (this.linearOffset && this.linearOffsetNoBias && this.offsetScale) {
      const slack = this.linearErrorPerNorm * residualNorm + 1e-13 * this.offsetScale[label];
      out.linear = this.argmaxLinear(this.linearOffset, base, proj, wOffset, slack, features, featureOffset, true);
      out.linearNoBias = this.bias ? this.argmaxLinear(this.linearOffsetNoBias, base, proj, wOffset, slack, features, featureOffset, false) : out.linear;
    }
    return out;
  }

  /**
   * The logits w_k·h + b_k of one row as (w_k·μ_y + b_k) in float64 plus fl32(w_k·r) from the
   * projections (`proj[wOffset + k]`), into `out` (length K); each is within (d+2)·u·‖r‖‖w_k‖ of the
   * float64 logit (u = 2⁻²⁴). Needs W.
   */
  linearLogits(label: number, proj: Float32Array, wOffset: number, out: Float64Array): void {
    const K = this.classes;
    const table = this.linearOffset as Float64Array;
    const base = label * K;
    for (let k = 0; k < K; k++) out[k] = table[base + k] + proj[wOffset + k];
  }

  private argmaxLinear(table: Float64Array, base: number, proj: Float32Array, offset: number, slack: number, features: Float32Array, featureOffset: number, withBias: boolean): number {
    const K = this.classes;
    let best = 0;
    let bestScore = -Infinity;
    let second = -Infinity;
    for (let k = 0; k < K; k++) {
      const z = table[base + k] + proj[offset + k];
      if (z > bestScore) {
        second = bestScore;
        bestScore = z;
        best = k;
      } else if (z > second) second = z;
    }
    if (bestScore - second > 2 * slack) return best;
    this.result.rechecked++;
    return this.exactLinear(features, featureOffset, withBias);
  }

  /**
   * The last row each exact decision was made for, and its answer: the decisions are functions of the row, so an
   * identical next row (the Layer-Peeled Model optimum's n_k copies of h̄_k, whose merged classes tie exactly)
   * reuses it. A profiled 1000-class two-level lpm-only report spent 4.7 of its 26 s here before.
   */
  private readonly lastRows = { ncc: new RowMemo(), linear: new RowMemo(), linearNoBias: new RowMemo() };

  /** argmin_k ‖h − μ_k‖² in float64; distances within TIE_RTOL of the minimum tie → lowest k. */
  exactNearestCentre(h: Float32Array, offset: number): number {
    const memo = this.lastRows.ncc;
    if (memo.matches(h, offset, this.dim)) return memo.value;
    return memo.remember(h, offset, this.dim, this.nearestCentreOf(h, offset));
  }

  private nearestCentreOf(h: Float32Array, offset: number): number {
    const { classes: K, dim: d, means } = this;
    const dist = new Float64Array(K);
    let min = Infinity;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (h[offset + j] - means[k * d + j]) ** 2;
      dist[k] = s;
      if (s < min) min = s;
    }
    const limit = min * (1 + TIE_RTOL);
    for (let k = 0; k < K; k++) if (dist[k] <= limit) return k;
    return 0;
  }

  /** argmax_k w_k·h (+ b_k) in float64; scores within TIE_RTOL of their magnitude tie → lowest k. */
  exactLinear(h: Float32Array, offset: number, withBias: boolean): number {
    const memo = withBias ? this.lastRows.linear : this.lastRows.linearNoBias;
    if (memo.matches(h, offset, this.dim)) return memo.value;
    return memo.remember(h, offset, this.dim, this.linearArgmaxOf(h, offset, withBias));
  }

  private linearArgmaxOf(h: Float32Array, offset: number, withBias: boolean): number {
    const { classes: K, dim: d } = this;
    const w = this.weights as Float64Array;
    const z = new Float64Array(K);
    let max = -Infinity;
    let scale = 0;
    for (let k = 0; k < K; k++) {
      let s = withBias && this.bias ? this.bias[k] : 0;
      let abs = Math.abs(s);
      for (let j = 0; j < d; j++) {
        const p = w[k * d + j] * h[offset + j];
        s += p;
        abs += Math.abs(p);
      }
      z[k] = s;
      if (s > max) max = s;
      scale = Math.max(scale, abs);
    }
    const limit = max - TIE_RTOL * scale;
    for (let k = 0; k < K; k++) if (z[k] >= limit) return k;
    return 0;
  }
}

/** One row (a copy) and the answer computed for it. */
class RowMemo {
  private row: Float32Array | null = null;
  value = 0;

  matches(h: Float32Array, offset: number, d: number): boolean {
    const row = this.row;
    if (!row) return false;
    for (let j = 0; j < d; j++) if (row[j] !== h[offset + j]) return false;
    return true;
  }

  remember(h: Float32Array, offset: number, d: number, value: number): number {
    this.row = h.slice(offset, offset + d);
    this.value = value;
    return value;
  }
}

/** Zhu21 bias relation ‖W μ_G + b‖₂ (→ 0 at collapse, where b = −W μ_G; theory.md §1.4). */
export function biasRelation(weights: Float64Array, bias: Float64Array, globalMean: Float64Array, classes: number, dim: number): Maybe {
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    let z = bias[k];
    for (let j = 0; j < dim; j++) z += weights[k * dim + j] * globalMean[j];
    sum += z * z;
  }
  return { value: Math.sqrt(sum) };
}
