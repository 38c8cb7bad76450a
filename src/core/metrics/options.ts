// Options of the metrics engine, their defaults, and the check of a classifier (W, b) against d.
import type { GlobalMeanConvention } from '../../protocol/result';
import type { RunHooks } from '../runHooks';
import { InputError } from '../errors';
import type { MetricsStatistics } from './accumulators';

/** Features arrive as float32, so singular values below ~1e-6 of the largest are noise (theory.md §1.2). */
export const DEFAULT_PINV_RTOL = 1e-6;
/** A norm ≤ this fraction of the largest norm of its set counts as ~0 (its cosines are undefined). */
export const DEFAULT_ZERO_NORM_RTOL = 1e-6;

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
  /**
   * Receives every row's logits during pass 2 (with W only): (w_k·μ_y + b_k) in float64 plus the
   * float32 projection w_k·(h − μ_y) of the batched matmul, and the exactly decided argmax.
   */
  logits?: LogitsSink | null;
}

export interface LogitsSink {
  addLogits(label: number, logits: ArrayLike<number>, argmax: number): void;
}

export function checkClassifier(options: MetricsOptions, dim: number): { weights: Float64Array | null; bias: Float64Array | null; classes?: number } {
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
