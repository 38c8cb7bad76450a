// Pass 1 (theory.md §1.9): per-class counts and sums in float64 → μ_k, μ_G^w, μ_G^u.
import type { FeatureBatch, FeatureSource } from '../data/source';
import type { RunHooks } from '../runHooks';
import { throwIfAborted } from '../runHooks';
import { InputError } from '../errors';
import type { Pass1Stats } from './accumulators';
import { emptyPass1, widenPass1 } from './accumulators';
import { checkBatch, chunks, firstNonFinite, labelAt, where } from './batches';
import type { Kernels } from './kernels';
import { indexList } from '../../protocol/classList';

/** Pass 1: per-class counts and sums in float64. K grows with the labels unless fixed. */
export async function runPass1(source: FeatureSource, fixedClasses: number | undefined, kernels: Kernels, hooks: RunHooks): Promise<Pass1Stats> {
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
export function pass1Problem(stats: Pass1Stats, where: string): string | null {
  if (stats.classes < 2) return `${where}: needs at least 2 classes, found K = ${stats.classes}`;
  const empty: number[] = [];
  for (let k = 0; k < stats.classes; k++) if (stats.counts[k] === 0) empty.push(k);
  if (empty.length) {
    return `${where}: ${empty.length === 1 ? 'class' : 'classes'} ${indexList(empty)} ${empty.length === 1 ? 'has' : 'have'} no samples (K = ${stats.classes}); every class 0..K−1 needs at least one`;
  }
  return null;
}
