// The metrics engine: two streaming passes over a FeatureSource (theory.md §1.9), then every
// NC1–NC4 and minority-collapse metric from the sufficient statistics.
//
//   pass 1  per-class counts and sums (float64, plain loops)                → μ_k, μ_G^w, μ_G^u
//   pass 2  per sample r = h − μ_y (float64, rounded to float32 for tfjs), then ONE batched plain
//           matMul R·V with V = [Qᵀ | Wᵀ] (d × (rank + K); for rank > 32 also the NCC columns
//           (μ_k − c)ᵀ); from it, in float64: the projected scatter Σ q qᵀ (NC1), ‖r‖² per class
//           (Tr Σ_W, CDNV) and both NC4 rules (nc4.ts).
// Memory is bounded by a few batches plus O(K·d); the d×d Σ_W is never formed. On wasm the matmul
// uses an explicit layout (V stored d×P) and no transpose flags (platform-notes §1.3).
import type { GlobalMeanConvention, MetricsResult } from '../../protocol/result';
import type { FeatureBatch, FeatureSource } from '../data/source';
import type { RunHooks } from '../runHooks';
import { throwIfAborted } from '../runHooks';
import { InputError } from '../errors';
import type { Tensor2D, Tf } from '../tf';
import type { MetricsStatistics, Pass1Stats, Pass2Stats } from './accumulators';
import { classifierFingerprint, emptyPass1, emptyPass2, mergeStatistics, pass1Fingerprint, totalCount, widenPass1 } from './accumulators';
import type { ClassMeans } from './means';
import { centredMeans, classMeans, globalMean } from './means';
import { minorityMetrics, validateMinority } from './minority';
import type { MeanBasis } from './nc1';
import { cdnv, meanBasis, nc1FromScatter, nc1Quotient } from './nc1';
import type { Maybe } from './nc2';
import { cosineMatrix, equiangularity, equinorm, etfDistance, maxAngle } from './nc2';
import { NccDecisions, biasRelation } from './nc4';
import type { Kernels } from './kernels';
import { accumulateScatter, createKernels } from './kernels';
import { selfDuality, selfDualityZhu } from './nc3';

/** Features arrive as float32, so singular values below ~1e-6 of the largest are noise (theory.md §1.2). */
export const DEFAULT_PINV_RTOL = 1e-6;
/** A norm ≤ this fraction of the largest norm of its set counts as ~0 (its cosines are undefined). */
export const DEFAULT_ZERO_NORM_RTOL = 1e-6;
/** Up to this basis rank Σ q qᵀ is accumulated per row in float64; above it per batch by a tfjs matmul. */
export const SCATTER_JS_MAX_RANK = 32;

export interface MetricsOptions extends RunHooks {
  /** Classifier W, K×d row-major (row k = w_k). */
  weights?: Float64Array | null;
  /** Bias b, length K. */
  bias?: Float64Array | null;
  /** K. Defaults to W's rows, else the largest label + 1. */
  classes?: number;
  /** Minority classes B for the minority-collapse metrics. */
  minority?: readonly number[] | null;
  /** Default 'unweighted' (mean of class means; theory.md §1.8). */
  globalMean?: GlobalMeanConvention;
  /** Default 0 (population std). */
  ddof?: 0 | 1;
  pinvRtol?: number;
  zeroNormRtol?: number;
  /**
   * Statistics computed elsewhere (other shards, earlier runs). When they include pass 1, this run
   * skips its own pass 1 and computes pass 2 against those class means (the sharded workflow).
   */
  statistics?: MetricsStatistics | null;
  /** 'auto' (default): WebAssembly SIMD float64 kernels when available; 'javascript' forces plain loops. */
  kernels?: 'auto' | 'javascript';
}

function checkClassifier(options: MetricsOptions, dim: number): { weights: Float64Array | null; bias: Float64Array | null; classes?: number } {
  const weights = options.weights ?? null;
  const bias = options.bias ?? null;
  if (!weights) {
    if (bias) throw new InputError('a bias was given without classifier weights W');
    return { weights, bias, classes: options.classes };
  }
  if (weights.length === 0 || weights.length % dim !== 0) throw new InputError(`W has ${weights.length} values, which is not K × d for d = ${dim}`);
  const classes = weights.length / dim;
  if (options.classes !== undefined && options.classes !== classes) throw new InputError(`W has ${classes} rows but K = ${options.classes}`);
  if (bias && bias.length !== classes) throw new InputError(`the bias has ${bias.length} values but W has ${classes} rows (one bias per class)`);
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i])) throw new InputError(`W has a non-finite value ${weights[i]} at row ${Math.floor(i / dim)}, column ${i % dim}`);
  }
  if (bias) for (let k = 0; k < bias.length; k++) if (!Number.isFinite(bias[k])) throw new InputError(`the bias has a non-finite value ${bias[k]} at index ${k}`);
  return { weights, bias, classes };
}

function checkBatch(source: FeatureSource, rows: number, features: Float32Array, labels: Int32Array): void {
  if (!(Number.isInteger(rows) && rows >= 0) || features.length < rows * source.dim || labels.length < rows) {
    throw new InputError(`${source.name}: a batch declares ${rows} rows but holds ${features.length} feature values and ${labels.length} labels (d = ${source.dim})`);
  }
}

/**
 * A source batch in pieces of at most ≈8 MB of features (2²¹/d rows): bounds the kernels' memory and
 * the tfjs tensors whatever batch size a source chooses, and keeps the wasm matmul in its fast range.
 */
function* chunks(batch: FeatureBatch, d: number): Generator<FeatureBatch> {
  const most = Math.max(64, Math.floor(2 ** 21 / d));
  if (batch.rows <= most) {
    yield batch;
    return;
  }
  for (let start = 0; start < batch.rows; start += most) {
    const rows = Math.min(most, batch.rows - start);
    yield { rows, features: batch.features.subarray(start * d, (start + rows) * d), labels: batch.labels.subarray(start, start + rows) };
  }
}

/** "row 17" or, for sharded sources, "row 17 of H_003.npy". */
function where(source: FeatureSource, row: number, file: 'features' | 'labels' = 'features'): string {
  return source.locate?.(row, file) ?? `row ${row}`;
}

/** "y.npy: label 12 at row 5" — named after the labels file when the source has one. */
function labelAt(source: FeatureSource, label: number, row: number): string {
  return `${source.labelsName ?? source.name}: label ${label} at ${where(source, row, 'labels')}`;
}

function firstNonFinite(features: Float32Array, rows: number, dim: number): { row: number; col: number; value: number } | null {
  for (let i = 0; i < rows * dim; i++) if (!Number.isFinite(features[i])) return { row: Math.floor(i / dim), col: i % dim, value: features[i] };
  return null;
}

/** Pass 1: per-class counts and sums in float64. K grows with the labels unless fixed. */
async function runPass1(source: FeatureSource, fixedClasses: number | undefined, kernels: Kernels, hooks: RunHooks): Promise<Pass1Stats> {
  const d = source.dim;
  let stats = emptyPass1(fixedClasses ?? 0, d);
  let done = 0;
  const stage = 'pass 1/2: class means';
  hooks.onProgress?.({ stage, done: 0, total: source.rows, unit: 'samples', samples: 0 });
  for await (const whole of source.batches(hooks.signal)) {
    throwIfAborted(hooks.signal);
    checkBatch(source, whole.rows, whole.features, whole.labels);
    for (const batch of chunks(whole, d)) {
      stats = addPass1Batch(source, batch, done, fixedClasses, stats, kernels);
      done += batch.rows;
    }
    hooks.onProgress?.({ stage, done, total: source.rows, unit: 'samples', samples: done });
  }
  return stats;
}

/** Adds one batch (rows from `done` on) to the pass-1 statistics, checking labels and finiteness. */
function addPass1Batch(source: FeatureSource, batch: FeatureBatch, done: number, fixedClasses: number | undefined, stats: Pass1Stats, kernels: Kernels): Pass1Stats {
  const d = source.dim;
  const { rows, features: x, labels } = batch;
  let maxLabel = -1;
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (y < 0) throw new InputError(`${labelAt(source, y, done + i)} is negative (labels are 0..K−1)`);
    if (fixedClasses !== undefined && y >= fixedClasses) {
      throw new InputError(`${labelAt(source, y, done + i)} is out of range: K = ${fixedClasses}, so labels are 0..${fixedClasses - 1}`);
    }
    if (y > maxLabel) maxLabel = y;
  }
  const out = maxLabel >= stats.classes ? widenPass1(stats, maxLabel + 1) : stats;
  kernels.classSums(x, labels, rows, d, out.sums, out.counts);
  // A NaN/±Inf anywhere in the batch makes its class sum non-finite (float32 values cannot
  // overflow a float64 sum), so one check of the K×d sums per batch finds every bad batch.
  const sums = out.sums;
  let finite = true;
  for (let i = 0; i < sums.length && finite; i++) finite = Number.isFinite(sums[i]);
  if (!finite) {
    const bad = firstNonFinite(x, rows, d);
    if (bad) throw new InputError(`${source.name}: non-finite value ${bad.value} at ${where(source, done + bad.row)}, column ${bad.col} (features must be finite)`);
  }
  return out;
}

/** Why metrics cannot be computed from these pass-1 statistics, or null when they can. */
function pass1Problem(stats: Pass1Stats, where: string): string | null {
  if (stats.classes < 2) return `${where}: needs at least 2 classes, found K = ${stats.classes}`;
  const empty: number[] = [];
  for (let k = 0; k < stats.classes; k++) if (stats.counts[k] === 0) empty.push(k);
  if (empty.length) {
    const list = empty.length > 10 ? `${empty.slice(0, 10).join(', ')}, … (${empty.length} in all)` : empty.join(', ');
    return `${where}: ${empty.length === 1 ? 'class' : 'classes'} ${list} ${empty.length === 1 ? 'has' : 'have'} no samples (K = ${stats.classes}); every class 0..K−1 needs at least one`;
  }
  return null;
}

interface Pass2Setup {
  weights: Float64Array | null;
  means: ClassMeans;
  basis: MeanBasis;
  decisions: NccDecisions;
  reference: string;
  classifier: string | null;
}

/** The last basis computed, by pass-1 fingerprint and rtol: pass 2 and the metrics need the same one. */
let lastBasis: { key: string; basis: MeanBasis } | null = null;

function cachedBasis(fingerprint: string, means: ClassMeans, rtol: number): MeanBasis {
  const key = `${fingerprint} ${rtol}`;
  if (lastBasis?.key !== key) lastBasis = { key, basis: meanBasis(means, rtol) };
  return lastBasis.basis;
}

function setupPass2(pass1: Pass1Stats, weights: Float64Array | null, bias: Float64Array | null, rtol: number): Pass2Setup {
  const means = classMeans(pass1);
  const reference = pass1Fingerprint(pass1);
  const basis = cachedBasis(reference, means, rtol);
  const decisions = new NccDecisions(means.means, pass1.classes, pass1.dim, means.unweightedGlobalMean, basis, weights, bias);
  return {
    weights,
    means,
    basis,
    decisions,
    reference,
    classifier: weights ? classifierFingerprint(weights, bias, pass1.classes, pass1.dim) : null,
  };
}

/** Pass 2: residual statistics and NC4 decisions against the class means of `setup`. */
async function runPass2(tf: Tf, source: FeatureSource, setup: Pass2Setup, kernels: Kernels, hooks: RunHooks): Promise<Pass2Stats> {
  const { means, basis } = setup;
  const { classes: K, dim: d } = means;
  const r = basis.rank;
  // Columns of V: [Qᵀ (r) | (μ_k − c)ᵀ (K, large K only) | Wᵀ (K)]; decisions need W.
  const nccRows = setup.classifier ? setup.decisions.nccProjectionRows() : null;
  const nccColumns = nccRows ? K : 0;
  const P = r + nccColumns + (setup.classifier ? K : 0);
  const stats = emptyPass2(setup.reference, basis.rtol, r, K, setup.classifier);
  const tally = { mismatch: 0, mismatchNoBias: 0, correct: 0 };

  // V (d×P, row-major).
  const v = new Float32Array(d * P);
  const weights = setup.weights;
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < r; p++) v[j * P + p] = basis.q[p * d + j];
    if (nccRows) for (let k = 0; k < K; k++) v[j * P + r + k] = nccRows[k * d + j];
    if (weights) for (let k = 0; k < K; k++) v[j * P + r + nccColumns + k] = weights[k * d + j];
  }
  const V = P > 0 ? tf.tensor2d(v, [d, P]) : null;
  const work = { rowSquares: new Float64Array(0) };
  let done = 0;
  const stage = 'pass 2/2: NC1 projections and NCC decisions';
  hooks.onProgress?.({ stage, done: 0, total: means.samples, unit: 'samples', samples: 0 });
  try {
    for await (const whole of source.batches(hooks.signal)) {
      throwIfAborted(hooks.signal);
      checkBatch(source, whole.rows, whole.features, whole.labels);
      for (const batch of chunks(whole, d)) {
        await addPass2Batch(tf, source, batch, done, setup, V, { P, nccColumns }, stats, tally, work, kernels);
        done += batch.rows;
      }
      hooks.onProgress?.({ stage, done, total: means.samples, unit: 'samples', samples: done });
    }
  } finally {
    V?.dispose();
  }
  const G = stats.projectedScatter;
  for (let a = 0; a < r; a++) for (let b = a + 1; b < r; b++) G[a * r + b] = G[b * r + a];
  if (setup.classifier) {
    stats.nccMismatch = tally.mismatch;
    stats.nccMismatchNoBias = tally.mismatchNoBias;
    stats.linearCorrect = tally.correct;
  }
  return stats;
}

async function addPass2Batch(
  tf: Tf,
  source: FeatureSource,
  batch: FeatureBatch,
  done: number,
  setup: Pass2Setup,
  V: Tensor2D | null,
  layout: { P: number; nccColumns: number },
  stats: Pass2Stats,
  tally: { mismatch: number; mismatchNoBias: number; correct: number },
  work: { rowSquares: Float64Array },
  kernels: Kernels,
): Promise<void> {
  const { means, basis, decisions } = setup;
  const { classes: K, dim: d } = means;
  const r = basis.rank;
  const { rows: B, features: x, labels } = batch;
  for (let i = 0; i < B; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < K)) throw new InputError(`${labelAt(source, y, done + i)} is out of range: K = ${K}, so labels are 0..${K - 1}`);
  }
  if (work.rowSquares.length < B) work.rowSquares = new Float64Array(B);
  const rowSquares = work.rowSquares;
  const residual = kernels.classResiduals(x, labels, B, d, means.means, rowSquares, stats.withinSumSquares, stats.counts);
  if (!V || B === 0) return; // every class mean coincides and there is no W: nothing to project
  // The residual view lives in the kernels' memory until their next call; tfjs copies it here.
  const { P, nccColumns } = layout;
  const R = tf.tensor2d(residual, [B, d]);
  let proj: Float32Array;
  let batchScatter: Float32Array | null = null;
  try {
    const Y = tf.matMul(R, V);
    try {
      proj = (await Y.data()) as Float32Array;
      if (r > SCATTER_JS_MAX_RANK) {
        // Large K: Σ q qᵀ over the batch as one plain matmul Qᵀ·Q (r²·B flops would dominate in JS);
        // float32 within a batch of ≤ 2²¹/d rows, float64 across batches.
        const Pq = tf.slice(Y, [0, 0], [B, r]);
        const Pt = tf.transpose(Pq);
        const Gb = tf.matMul(Pt, Pq);
        try {
          batchScatter = (await Gb.data()) as Float32Array;
        } finally {
          tf.dispose([Pq, Pt, Gb]);
        }
      }
    } finally {
      Y.dispose();
    }
  } finally {
    R.dispose();
  }
  if (batchScatter) {
    const G = stats.projectedScatter;
    for (let a = 0; a < r; a++) for (let b = 0; b <= a; b++) G[a * r + b] += batchScatter[a * r + b];
  } else accumulateScatter(proj, B, P, r, stats.projectedScatter);
  if (!setup.classifier) return;
  for (let i = 0; i < B; i++) {
    const y = labels[i];
    const o = i * P;
    const dec = decisions.decide(y, proj, nccColumns ? o + r : o, o + r + nccColumns, Math.sqrt(rowSquares[i]), x, i * d);
    if (dec.linear !== dec.ncc) tally.mismatch++;
    if (dec.linearNoBias !== dec.ncc) tally.mismatchNoBias++;
    if (dec.linear === y) tally.correct++;
  }
}

/**
 * The statistics of one run over `source`: pass 1 (unless `options.statistics` supplies one) and
 * pass 2 against the resulting class means. Pass 2 is skipped (null) when some class has no samples
 * or K < 2, so shards can still save their pass-1 statistics.
 */
export async function collectStatistics(tf: Tf, source: FeatureSource, options: MetricsOptions = {}): Promise<MetricsStatistics> {
  const d = source.dim;
  if (!(Number.isInteger(d) && d >= 1)) throw new InputError(`${source.name}: feature dimension must be a positive integer, got ${d}`);
  const { weights, bias, classes } = checkClassifier(options, d);
  const given = options.statistics ?? null;
  if (given && given.dim !== d) throw new InputError(`the statistics have dimension ${given.dim} but ${source.name} has d = ${d}`);
  const rtol = options.pinvRtol ?? DEFAULT_PINV_RTOL;
  const kernels = createKernels(options.kernels);

  let ownPass1: Pass1Stats | null = null;
  let reference: Pass1Stats;
  if (given?.pass1) {
    reference = classes !== undefined ? widenPass1(given.pass1, classes) : given.pass1;
    if (classes !== undefined && reference.classes > classes) throw new InputError(`the statistics have K = ${reference.classes} classes but W has ${classes} rows`);
  } else {
    ownPass1 = await runPass1(source, classes, kernels, options);
    reference = ownPass1;
  }
  if (pass1Problem(reference, source.name)) return { classes: reference.classes, dim: d, pass1: ownPass1, pass2: null };
  const setup = setupPass2(reference, weights, bias, rtol);
  const pass2 = await runPass2(tf, source, setup, kernels, options);
  if (ownPass1) {
    for (let k = 0; k < ownPass1.classes; k++) {
      if (pass2.counts[k] !== ownPass1.counts[k]) {
        throw new InputError(`${source.name}: the second pass over the data saw ${pass2.counts[k]} samples of class ${k}, the first ${ownPass1.counts[k]}; the source must yield the same data on every pass`);
      }
    }
  }
  return { classes: reference.classes, dim: d, pass1: ownPass1, pass2 };
}

/** Every metric of MetricsResult from (merged) statistics and the classifier. */
export function metricsFromStatistics(stats: MetricsStatistics, options: MetricsOptions = {}): MetricsResult {
  const d = stats.dim;
  const { weights, bias, classes: wClasses } = checkClassifier(options, d);
  const convention = options.globalMean ?? 'unweighted';
  const ddof = options.ddof ?? 0;
  const zeroRtol = options.zeroNormRtol ?? DEFAULT_ZERO_NORM_RTOL;
  const pinvRtol = options.pinvRtol ?? DEFAULT_PINV_RTOL;
  if (!stats.pass1) throw new InputError('no pass-1 statistics (class counts and sums): include the statistics file of pass 1');
  let pass1 = stats.pass1;
  if (wClasses !== undefined) {
    if (pass1.classes > wClasses) throw new InputError(`labels go up to ${pass1.classes - 1} but W has only ${wClasses} rows (K = ${wClasses})`);
    pass1 = widenPass1(pass1, wClasses);
  }
  const problem = pass1Problem(pass1, 'metrics');
  if (problem) throw new InputError(problem.replace(/^metrics: /, ''));
  const K = pass1.classes;
  const warnings: string[] = [];
  const reasons: Record<string, string> = {};
  if (d < K - 1) warnings.push(`d = ${d} < K − 1 = ${K - 1}: the class means span at most ${d} dimensions, so a simplex ETF (which needs K − 1) is impossible`);

  const m = classMeans(pass1);
  const centre = globalMean(m, convention);
  const centred = centredMeans(m, centre);
  const note = (key: string, x: Maybe): number | null => {
    if (x.value === null && x.reason) reasons[key] = x.reason;
    return x.value;
  };

  const meansCos = cosineMatrix(centred, K, d, zeroRtol);
  const result: MetricsResult = {
    classes: K,
    samples: m.samples,
    dim: d,
    counts: Array.from(m.counts),
    conventions: { globalMean: convention, ddof, pinvRtol: stats.pass2?.basisRtol ?? pinvRtol },
    nc1: null,
    nc1Quotient: null,
    cdnv: null,
    equinormMeans: note('equinormMeans', equinorm(meansCos.norms, ddof)),
    equinormClassifiers: null,
    equiangularMeans: note('equiangularMeans', equiangularity(meansCos.cos, meansCos.zero, ddof, 'centred class mean')),
    equiangularClassifiers: null,
    maxAngleMeans: note('maxAngleMeans', maxAngle(meansCos.cos, meansCos.zero, 'centred class mean')),
    maxAngleClassifiers: null,
    etfDistanceMeans: note('etfDistanceMeans', etfDistance(centred, K, d)),
    etfDistanceClassifiers: null,
    selfDuality: null,
    selfDualityZhu: null,
    nccMismatch: null,
    nccMismatchNoBias: null,
    biasRelation: null,
    minority: null,
    cosMeans: meansCos.cos,
    cosClassifiers: null,
    normsMeans: meansCos.norms,
    normsClassifiers: null,
    accuracy: null,
  };

  let classifierCos: ReturnType<typeof cosineMatrix> | null = null;
  if (weights) {
    classifierCos = cosineMatrix(weights, K, d, zeroRtol);
    result.cosClassifiers = classifierCos.cos;
    result.normsClassifiers = classifierCos.norms;
    result.equinormClassifiers = note('equinormClassifiers', equinorm(classifierCos.norms, ddof));
    result.equiangularClassifiers = note('equiangularClassifiers', equiangularity(classifierCos.cos, classifierCos.zero, ddof, 'classifier'));
    result.maxAngleClassifiers = note('maxAngleClassifiers', maxAngle(classifierCos.cos, classifierCos.zero, 'classifier'));
    result.etfDistanceClassifiers = note('etfDistanceClassifiers', etfDistance(weights, K, d));
    result.selfDuality = note('selfDuality', selfDuality(weights, centred));
    result.selfDualityZhu = note('selfDualityZhu', selfDualityZhu(weights, centred, K, d));
    if (bias) result.biasRelation = note('biasRelation', biasRelation(weights, bias, centre, K, d));
    else reasons.biasRelation = 'no bias given';
  } else {
    for (const key of ['equinormClassifiers', 'equiangularClassifiers', 'maxAngleClassifiers', 'etfDistanceClassifiers', 'selfDuality', 'selfDualityZhu', 'biasRelation']) {
      reasons[key] = 'no classifier weights W given';
    }
  }
  if (meansCos.zero.length) warnings.push(`centred class mean${meansCos.zero.length > 1 ? 's' : ''} ${meansCos.zero.join(', ')} ~0: their cosines are undefined (null)`);
  if (classifierCos?.zero.length) warnings.push(`classifier${classifierCos.zero.length > 1 ? 's' : ''} ${classifierCos.zero.join(', ')} ~0: their cosines are undefined (null)`);

  // Pass-2 metrics: only from a pass 2 computed against exactly these class means, covering every sample.
  const pass2 = stats.pass2;
  const fingerprint = pass1Fingerprint(pass1);
  const pass2Keys = ['nc1', 'nc1Quotient', 'cdnv', 'nccMismatch', 'nccMismatchNoBias'];
  const unavailable = (why: string) => {
    for (const key of pass2Keys) reasons[key] ??= why;
  };
  if (!pass2) {
    unavailable('no pass-2 statistics (residuals against the class means)');
  } else if (pass2.reference !== fingerprint || pass2.counts.length !== K) {
    unavailable('the pass-2 statistics were computed against other class means');
  } else if (totalCount(pass2.counts) !== m.samples || pass2.counts.some((c, k) => c !== m.counts[k])) {
    const covered = totalCount(pass2.counts);
    const why = `pass 2 covered ${covered} of the ${m.samples} samples; merge the pass-2 statistics of every shard`;
    unavailable(why);
    warnings.push(why);
  } else {
    const basis = cachedBasis(fingerprint, m, pass2.basisRtol);
    if (basis.rank !== pass2.basisRank) {
      unavailable(`the basis of the class means has rank ${basis.rank} here but ${pass2.basisRank} in the pass-2 statistics`);
    } else {
      result.nc1 = note('nc1', nc1FromScatter(basis, centred, K, pass2.projectedScatter, m.samples));
      result.nc1Quotient = note('nc1Quotient', nc1Quotient(pass2.withinSumSquares, m.samples, centred, K));
      result.cdnv = note('cdnv', cdnv(pass2.withinSumSquares, m));
      if (pass2.classifier === null) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = weights ? 'the pass-2 statistics were computed without a classifier W' : 'no classifier weights W given';
      } else if (weights && classifierFingerprint(weights, bias, K, d) !== pass2.classifier) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = 'the pass-2 decisions were made with another classifier (W, b) than the one given';
        warnings.push(reasons.nccMismatch);
      } else if (pass2.nccMismatch === null || pass2.nccMismatchNoBias === null) {
        reasons.nccMismatch = reasons.nccMismatchNoBias = 'the merged statistics used different classifiers';
      } else {
        result.nccMismatch = pass2.nccMismatch / m.samples;
        result.nccMismatchNoBias = pass2.nccMismatchNoBias / m.samples;
        result.accuracy = pass2.linearCorrect === null ? null : pass2.linearCorrect / m.samples;
        if (!weights) warnings.push('NC4 comes from the statistics files; no W was given to check which classifier made the decisions');
        if (weights && !bias) warnings.push('no bias given: the linear rule is argmax W h, so nccMismatch equals nccMismatchNoBias');
      }
    }
  }

  if (options.minority && options.minority.length) {
    result.minority = minorityMetrics({
      minority: options.minority,
      classes: K,
      dim: d,
      weights,
      centred,
      cosMeans: meansCos.cos,
      cosClassifiers: classifierCos?.cos ?? null,
      zeroClassifiers: classifierCos?.zero ?? [],
      zeroMeans: meansCos.zero,
      ddof,
    });
  }
  if (Object.keys(reasons).length) result.reasons = reasons;
  if (warnings.length) result.warnings = warnings;
  return result;
}

/**
 * NC1–NC4 and minority-collapse metrics of the features streamed by `source` (two passes), with the
 * classifier and conventions of `options`. Heavy per-sample work runs on `tf`'s backend.
 */
export async function computeMetrics(tf: Tf, source: FeatureSource, options: MetricsOptions = {}): Promise<MetricsResult> {
  // Check the minority list before the passes when K is already known (from K or W).
  const knownClasses = options.classes ?? (options.weights && source.dim > 0 ? options.weights.length / source.dim : undefined);
  if (options.minority && options.minority.length && knownClasses !== undefined && Number.isInteger(knownClasses)) validateMinority(options.minority, knownClasses);
  const own = await collectStatistics(tf, source, options);
  const given = options.statistics ?? null;
  const { stats, warnings } = given ? mergeStatistics([{ name: 'given statistics', stats: given }, { name: source.name, stats: own }]) : { stats: own, warnings: [] };
  const result = metricsFromStatistics(stats, options);
  if (warnings.length) result.warnings = [...warnings, ...(result.warnings ?? [])];
  return result;
}
