// The metrics engine: two streaming passes over a FeatureSource (theory.md §1.9), then every
// NC1–NC4 and minority-collapse metric from the sufficient statistics.
//
//   pass 1  per-class counts and sums (float64, plain loops)                → μ_k, μ_G^w, μ_G^u   (pass1.ts)
//   pass 2  per sample r = h − μ_y (float64, rounded to float32 for tfjs), then ONE batched plain
//           matMul R·V with V = [Qᵀ | Wᵀ] (d × (rank + K); for rank > 32 also the NCC columns
//           (μ_k − c)ᵀ); from it, in float64: the projected scatter Σ q qᵀ (NC1), ‖r‖² per class
//           (Tr Σ_W, CDNV) and both NC4 rules (nc4.ts)                                          (pass2.ts)
// Memory is bounded by a few batches plus O(K·d); the d×d Σ_W is never formed. On wasm the matmul
// uses an explicit layout (V stored d×P) and no transpose flags (platform-notes §1.3).
// The metrics themselves come from the statistics alone (fromStatistics.ts).
import type { MetricsResult } from '../../protocol/result';
import type { FeatureSource } from '../data/source';
import { InputError } from '../errors';
import type { Tf } from '../tf';
import type { MetricsStatistics, Pass1Stats } from './accumulators';
import { mergeStatistics, widenPass1 } from './accumulators';
import { metricsFromStatistics } from './fromStatistics';
import { createKernels } from './kernels';
import { validateMinority } from './minority';
import type { MetricsOptions } from './options';
import { checkClassifier, DEFAULT_PINV_RTOL } from './options';
import { pass1Problem, runPass1 } from './pass1';
import { runPass2, setupPass2 } from './pass2';

export { metricsFromStatistics } from './fromStatistics';
export type { MetricsOptions } from './options';
export { DEFAULT_PINV_RTOL, DEFAULT_ZERO_NORM_RTOL } from './options';
export { SCATTER_JS_MAX_RANK } from './pass2';

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
