// NC4: does the linear rule argmax_k (w_k·h + b_k) agree with the nearest-class-centre rule
// argmin_k ‖h − μ_k‖ (theory.md §1.5)? Ties go to the lowest label (numpy/torch argmax convention).
//
// Precision. The decisions are made from the residual r = h − μ_y (float64 minus float64 mean,
// rounded to float32 only for the batched matmul), not from h:
//     ‖h − μ_k‖² = const + ‖μ_y − μ_k‖² − 2 r·(μ_k − c)        (c any fixed centre)
//     w_k·h + b_k = (w_k·μ_y + b_k) + r·w_k
// The class-level terms are exact float64; only r·v comes from float32 tfjs, with a rigorous error
// bound |fl(r·v) − r·v| ≤ (d+2)·u·‖r‖‖v‖ (u = 2⁻²⁴; dot-product bound plus rounding of r and v).
// When the winner's margin is inside that bound the row is decided again in float64 from the raw
// features, so every decision equals the float64 one, and exact ties resolve to the lowest label.
import type { Maybe } from './nc2';

const UNIT_ROUNDOFF_F32 = 2 ** -24;
/** Relative tolerance under which two float64 scores count as tied. */
const TIE_RTOL = 1e-12;

export interface RowDecision {
  ncc: number;
  linear: number;
  linearNoBias: number;
  /** Rows that needed the float64 fallback (for tests and diagnostics). */
  rechecked: number;
}

export class NccDecisions {
  readonly classes: number;
  readonly dim: number;
  /** ‖μ_y − μ_k‖², K×K. */
  private readonly meanDistances: Float64Array;
  private readonly linearOffset: Float64Array | null;
  private readonly linearOffsetNoBias: Float64Array | null;
  private readonly offsetScale: Float64Array | null;
  private readonly maxCentredNorm: number;
  private readonly maxWeightNorm: number;
  private readonly errorFactor: number;
  readonly result: RowDecision = { ncc: 0, linear: 0, linearNoBias: 0, rechecked: 0 };

  /**
   * @param means μ_k (K×d); @param centre c for the NCC projection columns μ_k − c;
   * @param weights W (K×d) or null; @param bias b (K) or null (treated as 0 by the linear rule).
   */
  constructor(
    private readonly means: Float64Array,
    classes: number,
    dim: number,
    private readonly centre: Float64Array,
    private readonly weights: Float64Array | null,
    private readonly bias: Float64Array | null,
  ) {
    const K = classes;
    const d = dim;
    this.classes = K;
    this.dim = d;
    this.errorFactor = 1.01 * (d + 2) * UNIT_ROUNDOFF_F32;
    this.meanDistances = new Float64Array(K * K);
    let maxCentred = 0;
    for (let y = 0; y < K; y++) {
      let cn = 0;
      for (let j = 0; j < d; j++) cn += (means[y * d + j] - centre[j]) ** 2;
      maxCentred = Math.max(maxCentred, Math.sqrt(cn));
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (means[y * d + j] - means[k * d + j]) ** 2;
        this.meanDistances[y * K + k] = s;
      }
    }
    this.maxCentredNorm = maxCentred;
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
      this.maxWeightNorm = maxW;
      for (let y = 0; y < K; y++) {
        let scale = 0;
        for (let k = 0; k < K; k++) {
          let dot = 0;
          let abs = 0;
          for (let j = 0; j < d; j++) {
            const p = weights[k * d + j] * means[y * d + j];
            dot += p;
            abs += Math.abs(p);
          }
          const b = bias ? bias[k] : 0;
          this.linearOffsetNoBias[y * K + k] = dot;
          this.linearOffset[y * K + k] = dot + b;
          scale = Math.max(scale, abs + Math.abs(b));
        }
        this.offsetScale[y] = scale;
      }
    } else {
      this.linearOffset = null;
      this.linearOffsetNoBias = null;
      this.offsetScale = null;
      this.maxWeightNorm = 0;
    }
  }

  /** Number of projection columns this rule needs: K (μ_k − c), plus K (w_k) with a classifier. */
  get columns(): number {
    return this.weights ? 2 * this.classes : this.classes;
  }

  /** Writes the projection vectors as rows: μ_k − c for k < K, then w_k. */
  projectionRows(): Float64Array {
    const { classes: K, dim: d } = this;
    const out = new Float64Array(this.columns * d);
    for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) out[k * d + j] = this.means[k * d + j] - this.centre[j];
    if (this.weights) out.set(this.weights, K * d);
    return out;
  }

  /**
   * Decides one row. `proj[offset + p]` holds fl32(r·v_p) for the projection rows above;
   * `residualNorm` = ‖r‖ (float64); `features[featureOffset …]` is the raw row h for the fallback.
   */
  decide(label: number, proj: Float32Array, offset: number, residualNorm: number, features: Float32Array, featureOffset: number): RowDecision {
    const K = this.classes;
    const out = this.result;
    const base = label * K;

    // Nearest class centre: minimise ‖μ_y − μ_k‖² − 2 r·(μ_k − c).
    let best = 0;
    let bestScore = Infinity;
    let second = Infinity;
    for (let k = 0; k < K; k++) {
      const s = this.meanDistances[base + k] - 2 * proj[offset + k];
      if (s < bestScore) {
        second = bestScore;
        bestScore = s;
        best = k;
      } else if (s < second) second = s;
    }
    const nccBound = 4 * this.errorFactor * residualNorm * this.maxCentredNorm + 1e-13 * (Math.abs(bestScore) + Math.abs(second));
    if (!(second - bestScore > nccBound)) {
      best = this.exactNearestCentre(features, featureOffset);
      out.rechecked++;
    }
    out.ncc = best;

    if (this.linearOffset && this.linearOffsetNoBias && this.offsetScale) {
      const slack = 2 * this.errorFactor * residualNorm * this.maxWeightNorm + 1e-13 * this.offsetScale[label];
      out.linear = this.argmaxLinear(this.linearOffset, base, proj, offset + K, slack, features, featureOffset, true);
      out.linearNoBias = this.bias ? this.argmaxLinear(this.linearOffsetNoBias, base, proj, offset + K, slack, features, featureOffset, false) : out.linear;
    }
    return out;
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

  /** argmin_k ‖h − μ_k‖² in float64; distances within TIE_RTOL of the minimum tie → lowest k. */
  exactNearestCentre(h: Float32Array, offset: number): number {
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
