// Pass 2 (theory.md §1.9): per sample r = h − μ_y (float64, rounded to float32 for tfjs), then ONE
// batched plain matMul R·V with V = [Qᵀ | Wᵀ] (d × (rank + K); for rank > 32 also the NCC columns
// (μ_k − c)ᵀ); from it, in float64: the projected scatter Σ q qᵀ (NC1), ‖r‖² per class (Tr Σ_W, CDNV)
// and both NC4 rules (nc4.ts). On wasm the matmul uses an explicit layout (V stored d×P) and no
// transpose flags (platform-notes §1.3). With the identity basis (nc1.ts: K > d means spanning R^d)
// q = r, so V drops the d Qᵀ columns and the scatter is Rᵀ·R, Rᵀ written out in JS.
import type { FeatureBatch, FeatureSource } from '../data/source';
import type { RunHooks } from '../runHooks';
import { throwIfAborted } from '../runHooks';
import { InputError } from '../errors';
import type { Tensor2D, Tf } from '../tf';
import type { Pass1Stats, Pass2Stats } from './accumulators';
import { classifierFingerprint, emptyPass2, pass1Fingerprint } from './accumulators';
import { checkBatch, chunks, labelAt } from './batches';
import type { Kernels } from './kernels';
import type { LogitsSink } from './options';
import { accumulateScatter } from './kernels';
import type { ClassMeans } from './means';
import { classMeans } from './means';
import type { MeanBasis } from './nc1';
import { meanBasis } from './nc1';
import { NccDecisions } from './nc4';

/** Up to this basis rank Σ q qᵀ is accumulated per row in float64; above it per batch by a tfjs matmul. */
export const SCATTER_JS_MAX_RANK = 32;

export interface Pass2Setup {
  weights: Float64Array | null;
  means: ClassMeans;
  basis: MeanBasis;
  decisions: NccDecisions;
  reference: string;
  classifier: string | null;
}

/** The last basis computed, by pass-1 fingerprint and rtol: pass 2 and the metrics need the same one. */
let lastBasis: { key: string; basis: MeanBasis } | null = null;

export function cachedBasis(fingerprint: string, means: ClassMeans, rtol: number): MeanBasis {
  const key = `${fingerprint} ${rtol}`;
  if (lastBasis?.key !== key) lastBasis = { key, basis: meanBasis(means, rtol) };
  return lastBasis.basis;
}

export function setupPass2(pass1: Pass1Stats, weights: Float64Array | null, bias: Float64Array | null, rtol: number): Pass2Setup {
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
export async function runPass2(tf: Tf, source: FeatureSource, setup: Pass2Setup, kernels: Kernels, hooks: RunHooks & { logits?: LogitsSink | null }): Promise<Pass2Stats> {
  const { means, basis } = setup;
  const { classes: K, dim: d } = means;
  const r = basis.rank;
  // Columns of V: [Qᵀ (r, or none for the identity basis) | (μ_k − c)ᵀ (K, large K only) | Wᵀ (K)];
  // decisions need W.
  const nccRows = setup.classifier ? setup.decisions.nccProjectionRows() : null;
  const nccColumns = nccRows ? K : 0;
  const qColumns = basis.identity && r > SCATTER_JS_MAX_RANK ? 0 : r;
  const P = qColumns + nccColumns + (setup.classifier ? K : 0);
  const stats = emptyPass2(setup.reference, basis.rtol, r, K, setup.classifier);
  const tally = { mismatch: 0, mismatchNoBias: 0, correct: 0 };

  // V (d×P, row-major).
  const v = new Float32Array(d * P);
  const weights = setup.weights;
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < qColumns; p++) v[j * P + p] = basis.q[p * d + j];
    if (nccRows) for (let k = 0; k < K; k++) v[j * P + qColumns + k] = nccRows[k * d + j];
    if (weights) for (let k = 0; k < K; k++) v[j * P + qColumns + nccColumns + k] = weights[k * d + j];
  }
  const V = P > 0 ? tf.tensor2d(v, [d, P]) : null;
  const work = { rowSquares: new Float64Array(0), transposed: new Float32Array(0), logits: hooks.logits && setup.classifier ? { sink: hooks.logits, z: new Float64Array(K) } : null };
  let done = 0;
  const stage = 'pass 2/2: NC1 projections and NCC decisions';
  hooks.onProgress?.({ stage, done: 0, total: means.samples, unit: 'samples', samples: 0 });
  try {
    for await (const whole of source.batches(hooks.signal)) {
      throwIfAborted(hooks.signal);
      checkBatch(source, whole.rows, whole.features, whole.labels);
      for (const batch of chunks(whole, d)) {
        await addPass2Batch(tf, source, batch, done, setup, V, { P, qColumns, nccColumns }, stats, tally, work, kernels);
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
  layout: { P: number; qColumns: number; nccColumns: number },
  stats: Pass2Stats,
  tally: { mismatch: number; mismatchNoBias: number; correct: number },
  work: { rowSquares: Float64Array; transposed: Float32Array; logits: { sink: LogitsSink; z: Float64Array } | null },
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
  const { P, qColumns, nccColumns } = layout;
  const identity = qColumns === 0 && r > 0;
  if (B === 0 || (!V && !identity)) return; // every class mean coincides and there is no W: nothing to project
  // The residual view lives in the kernels' memory until their next call; tfjs copies it here.
  const R = tf.tensor2d(residual, [B, d]);
  let proj: Float32Array = new Float32Array(0);
  let batchScatter: Float32Array | null = null;
  try {
    if (identity) batchScatter = await identityScatter(tf, residual, B, d, R, work);
    const Y = V ? tf.matMul(R, V) : null;
    try {
      if (Y) proj = (await Y.data()) as Float32Array;
      if (Y && !identity && r > SCATTER_JS_MAX_RANK) {
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
      Y?.dispose();
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
    const dec = decisions.decide(y, proj, nccColumns ? o + qColumns : o, o + qColumns + nccColumns, Math.sqrt(rowSquares[i]), x, i * d);
    if (dec.linear !== dec.ncc) tally.mismatch++;
    if (dec.linearNoBias !== dec.ncc) tally.mismatchNoBias++;
    if (dec.linear === y) tally.correct++;
    if (work.logits) {
      decisions.linearLogits(y, proj, o + qColumns + nccColumns, work.logits.z);
      work.logits.sink.addLogits(y, work.logits.z, dec.linear);
    }
  }
}

/** Σ r rᵀ over the batch (d×d, float32) as the plain matmul Rᵀ·R, with Rᵀ transposed in JS (no tfjs transpose). */
async function identityScatter(tf: Tf, residual: Float32Array, B: number, d: number, R: Tensor2D, work: { transposed: Float32Array }): Promise<Float32Array> {
  if (work.transposed.length < B * d) work.transposed = new Float32Array(B * d);
  const t = work.transposed;
  for (let i = 0; i < B; i++) for (let j = 0; j < d; j++) t[j * B + i] = residual[i * d + j];
  const Rt = tf.tensor2d(t.subarray(0, B * d), [d, B]);
  try {
    const G = tf.matMul(Rt, R);
    try {
      return (await G.data()) as Float32Array;
    } finally {
      G.dispose();
    }
  } finally {
    Rt.dispose();
  }
}
