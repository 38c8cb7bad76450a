// Per-class training/test loss and accuracy of the linear head (theory.md §2.9):
//   z_i = W h_i + b,  CE_i = logsumexp(z_i) − z_{i,y_i},  correct_i = [argmax_j z_ij = y_i]  (first maximum wins)
// trainLoss = (1/N) Σ_i CE_i is the number the loss-matched LPM calibration matches. The features stream in
// batches (as for the metrics); the accumulator only needs W (K×d), b and the batches. Logits are float64
// from the raw rows for small K·d, and for large K·d come from the metrics' pass 2 (EXACT_LOGITS_MAX_WORK).
import type { PerClassMetrics, PerClassMeans } from '../../protocol/result';
import type { FeatureBatch, FeatureSource } from '../data/source';
import type { LogitsSink } from './options';

export class LossAccuracyAccumulator implements LogitsSink {
  readonly counts: Float64Array;
  readonly correct: Float64Array;
  readonly lossSums: Float64Array;
  private readonly z: Float64Array;

  constructor(
    private readonly weights: Float64Array,
    private readonly bias: Float64Array | null,
    readonly classes: number,
    readonly dim: number,
  ) {
    this.counts = new Float64Array(classes);
    this.correct = new Float64Array(classes);
    this.lossSums = new Float64Array(classes);
    this.z = new Float64Array(classes);
  }

  /** Adds the rows of one batch; rows whose label is outside 0..K−1 are left to the metrics' own checks. */
  add(batch: FeatureBatch): void {
    const { classes: K, dim: d, weights: w, bias: b, z } = this;
    const x = batch.features;
    for (let i = 0; i < batch.rows; i++) {
      const y = batch.labels[i];
      if (!(y >= 0 && y < K)) continue;
      const row = i * d;
      let best = 0;
      for (let k = 0; k < K; k++) {
        let s = b ? b[k] : 0;
        const wk = k * d;
        for (let t = 0; t < d; t++) s += w[wk + t] * x[row + t];
        z[k] = s;
        if (s > z[best]) best = k;
      }
      this.addLogits(y, z, best);
    }
  }

  /**
   * Adds one sample of class y (0..K−1) from its logits z (length K) and the index of their first
   * maximum (the prediction; the metrics engine passes its exactly decided argmax).
   */
  addLogits(y: number, z: ArrayLike<number>, best: number): void {
    const K = this.classes;
    const m = z[best];
    let sum = 0;
    let others = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(z[k] - m);
      sum += e;
      if (k !== y) others += e;
    }
    // When the own logit is the largest, CE = log1p(Σ_{j≠y} e^{z_j − z_y}) keeps full relative precision.
    const loss = best === y || z[y] === m ? Math.log1p(others) : m - z[y] + Math.log(sum);
    this.counts[y] += 1;
    this.lossSums[y] += loss;
    if (best === y) this.correct[y] += 1;
  }

  /** Mean CE over all samples, and per class accuracy and mean CE (null for a class without samples). */
  summary(): { loss: number | null; accuracy: (number | null)[]; losses: (number | null)[]; counts: number[] } {
    const total = this.counts.reduce((a, n) => a + n, 0);
    const lossTotal = this.lossSums.reduce((a, s) => a + s, 0);
    return {
      loss: total > 0 ? lossTotal / total : null,
      accuracy: Array.from(this.counts, (n, k) => (n > 0 ? this.correct[k] / n : null)),
      losses: Array.from(this.counts, (n, k) => (n > 0 ? this.lossSums[k] / n : null)),
      counts: Array.from(this.counts),
    };
  }
}

/**
 * Up to this K·d the logits are recomputed in float64 from the raw rows of the first pass (K·d
 * multiply-adds per row in plain JS); above it, pass 2 hands each row's logits to the accumulator:
 * (w_k·μ_y + b_k) in float64 plus w_k·(h − μ_y) from its float32 matmul, each within (d+2)·2⁻²⁴·‖h − μ_y‖‖w_k‖
 * of the float64 logit, with the exactly decided argmax (so the accuracies are exact). At K = 1000,
 * d = 512 the plain-JS route costs about 1 s per 1000 rows.
 */
export const EXACT_LOGITS_MAX_WORK = 4096;

/** How the metrics passes feed `accumulator`: a tapped source (small K·d), or the pass-2 logits sink. */
export function feedLosses(source: FeatureSource, accumulator: LossAccuracyAccumulator): { source: FeatureSource; logits: LogitsSink | null } {
  if (accumulator.classes * accumulator.dim <= EXACT_LOGITS_MAX_WORK) return { source: tapFirstPass(source, accumulator), logits: null };
  return { source, logits: accumulator };
}

/**
 * A source that feeds its first complete pass into `accumulator` (the metrics make two passes over the
 * same rows; counting both would double every sum).
 */
export function tapFirstPass(source: FeatureSource, accumulator: LossAccuracyAccumulator): FeatureSource {
  let done = false;
  return {
    dim: source.dim,
    name: source.name,
    rows: source.rows,
    labelsName: source.labelsName,
    locate: source.locate?.bind(source),
    async *batches(signal?: AbortSignal) {
      const feed = !done;
      for await (const batch of source.batches(signal)) {
        if (feed) accumulator.add(batch);
        yield batch;
      }
      if (feed) done = true;
    },
  };
}

function meanOver(values: readonly (number | null)[] | null, pick: readonly number[]): number | null {
  if (!values || pick.length === 0) return null;
  let s = 0;
  for (const k of pick) {
    const v = values[k];
    if (v === null) return null;
    s += v;
  }
  return s / pick.length;
}

/** Unweighted means over a group of classes (each class counts once, as in the minority metrics). */
function groupMeans(p: Omit<PerClassMetrics, 'majority' | 'minority'>, pick: readonly number[]): PerClassMeans {
  return {
    trainAccuracy: meanOver(p.trainAccuracy, pick),
    trainLoss: meanOver(p.trainLoss, pick),
    testAccuracy: meanOver(p.testAccuracy, pick),
    testLoss: meanOver(p.testLoss, pick),
  };
}

/** The per-class block of a result: train entries always, test entries when test data were given. */
export function perClassMetrics(train: LossAccuracyAccumulator, test: LossAccuracyAccumulator | null, minority: readonly number[] | null): PerClassMetrics {
  const t = train.summary();
  const s = test?.summary() ?? null;
  const base = {
    counts: t.counts,
    trainAccuracy: t.accuracy,
    trainLoss: t.losses,
    testAccuracy: s ? s.accuracy : null,
    testLoss: s ? s.losses : null,
  };
  const K = train.classes;
  const minor = minority && minority.length > 0 && minority.length < K ? [...minority] : null;
  const major = minor ? Array.from({ length: K }, (_, k) => k).filter((k) => !minor.includes(k)) : null;
  return { ...base, majority: major ? groupMeans(base, major) : null, minority: minor ? groupMeans(base, minor) : null };
}
