// Class means and the two global means from pass-1 statistics (theory.md §0, §1.7).
//   μ_k   = (1/n_k) Σ_{i: y_i = k} h_i
//   μ_G^w = (1/N) Σ_i h_i = Σ_k (n_k/N) μ_k          ('weighted', the sample mean)
//   μ_G^u = (1/K) Σ_k μ_k                             ('unweighted', mean of class means; default)
import type { GlobalMeanConvention } from '../../protocol/result';
import type { Pass1Stats } from './accumulators';
import { totalCount } from './accumulators';

export interface ClassMeans {
  classes: number;
  dim: number;
  counts: Float64Array;
  samples: number;
  /** μ_k, K×d row-major. */
  means: Float64Array;
  weightedGlobalMean: Float64Array;
  unweightedGlobalMean: Float64Array;
}

/** Requires n_k > 0 for every class (callers check and report empty classes first). */
export function classMeans(stats: Pass1Stats): ClassMeans {
  const { classes: K, dim: d, counts, sums } = stats;
  const samples = totalCount(counts);
  const means = new Float64Array(K * d);
  const weighted = new Float64Array(d);
  const unweighted = new Float64Array(d);
  for (let k = 0; k < K; k++) {
    const inv = 1 / counts[k];
    for (let j = 0; j < d; j++) {
      const m = sums[k * d + j] * inv;
      means[k * d + j] = m;
      unweighted[j] += m;
      weighted[j] += sums[k * d + j];
    }
  }
  for (let j = 0; j < d; j++) {
    unweighted[j] /= K;
    weighted[j] /= samples;
  }
  return { classes: K, dim: d, counts, samples, means, weightedGlobalMean: weighted, unweightedGlobalMean: unweighted };
}

export function globalMean(m: ClassMeans, convention: GlobalMeanConvention): Float64Array {
  return convention === 'weighted' ? m.weightedGlobalMean : m.unweightedGlobalMean;
}

/** Mc = M − 1 μ_Gᵀ (rows μ_k − μ_G), K×d row-major. */
export function centredMeans(m: ClassMeans, centre: Float64Array): Float64Array {
  const { classes: K, dim: d, means } = m;
  const out = new Float64Array(K * d);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) out[k * d + j] = means[k * d + j] - centre[j];
  return out;
}
