// "Fit Layer-Peeled Model…" without a trained model: the LPM optimum for given counts and budgets,
// measured with the same metrics as a trained model. The optimum's 2K×2K Gram matrix
// X = [[H̄H̄ᵀ, H̄Wᵀ], [WH̄ᵀ, WWᵀ]] (theory.md §2.2) is factored as X = F Fᵀ (F rows = h̄_k, then w_k; pivoted
// Cholesky, so F is one factor of X among its rotations, which every metric is invariant to), and every
// sample of class k is given the feature h̄_k (the LPM's features are collapsed), n_k times.
import { REPORT_FORMAT, REPORT_VERSION, type AnalysisReport } from '../../protocol/report';
import type { InspectResult } from '../../protocol/result';
import type { FeatureBatch, FeatureSource } from '../data/source';
import { throwIfAborted, type RunHooks } from '../runHooks';
import { computeMetrics } from '../metrics/compute';
import { autoMinority, validateMinority } from '../metrics/minority';
import { solveLpm, type LpmSolution } from '../lpm/solve';
import { CENTRING_TEXT, fittedCounts, lpmForBudgets } from './lpmComparison';
import type { Tf } from '../tf';
import { InputError } from '../errors';
import { pivotedCholesky } from '../linalg';

export interface Factors {
  /** K×r rows h̄_k and w_k, row-major. */
  features: Float64Array;
  weights: Float64Array;
  rank: number;
}

/** X = F Fᵀ by pivoted Cholesky, stopping when the pivots left are at most rtol·max diag X (the numerical rank). */
export function factorJointGram(solution: Pick<LpmSolution, 'gramH' | 'gramW' | 'logits' | 'classes'>, rtol = 1e-10): Factors {
  const K = solution.classes;
  const n = 2 * K;
  const x = new Float64Array(n * n);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      x[i * n + j] = solution.gramH[i * K + j];
      x[(K + i) * n + K + j] = solution.gramW[i * K + j];
      // logits Z = H̄ Wᵀ: Z[i][j] = ⟨h̄_i, w_j⟩
      x[i * n + K + j] = solution.logits[i * K + j];
      x[(K + j) * n + i] = solution.logits[i * K + j];
    }
  }
  const { l, rank: found } = pivotedCholesky(x, n, rtol);
  const rank = Math.max(1, found);
  const features = new Float64Array(K * rank);
  const weights = new Float64Array(K * rank);
  for (let i = 0; i < K; i++) {
    for (let c = 0; c < found; c++) {
      features[i * rank + c] = l[i * found + c];
      weights[i * rank + c] = l[(K + i) * found + c];
    }
  }
  return { features, weights, rank };
}

/** n_k copies of h̄_k for every class, in batches. */
export function collapsedFeatureSource(counts: readonly number[], features: Float64Array, dim: number, batchRows = 4096): FeatureSource {
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    dim,
    name: 'Layer-Peeled Model optimum',
    rows: total,
    async *batches(signal?: AbortSignal): AsyncIterable<FeatureBatch> {
      let k = 0;
      let leftInClass = counts[0];
      let done = 0;
      while (done < total) {
        throwIfAborted(signal);
        const rows = Math.min(batchRows, total - done);
        const batch: FeatureBatch = { features: new Float32Array(rows * dim), labels: new Int32Array(rows), rows };
        for (let r = 0; r < rows; r++) {
          while (leftInClass === 0) leftInClass = counts[++k];
          batch.labels[r] = k;
          for (let t = 0; t < dim; t++) batch.features[r * dim + t] = features[k * dim + t];
          leftInClass--;
        }
        done += rows;
        yield batch;
      }
    },
  };
}

/** The LPM optimum as an InspectResult: the panel can show it like a trained model. */
export async function lpmOptimumResult(tf: Tf, solution: LpmSolution, minority: readonly number[], backend: { name: string; reason: string }, signal?: AbortSignal): Promise<InspectResult> {
  const { features, weights, rank } = factorJointGram(solution);
  const counts = [...solution.problem.counts];
  const source = collapsedFeatureSource(counts.map((n) => Math.max(1, Math.round(n))), features, rank);
  const metrics = await computeMetrics(tf, source, { weights, bias: new Float64Array(solution.classes), classes: solution.classes, minority: minority.length ? minority : null, signal });
  return {
    ...metrics,
    model: { format: 'features', featureLayer: null, classifierLayer: null, dim: rank, classes: solution.classes, predictMaxAbsDiff: null },
    backend,
    warnings: [...(metrics.warnings ?? []), 'No trained model: these are the metrics of the Layer-Peeled Model optimum itself (features collapsed to h̄_k, no bias).'],
  };
}

export interface LpmOnlyInput {
  counts: readonly number[];
  eh: number;
  ew: number;
  /** Minority classes; 'auto' picks them by the auto-minority rule (metrics/minority.ts). */
  minority: readonly number[] | 'auto' | null;
  title?: string;
  /** Display names of the classes in index order (e.g. the model's whose counts these are); length K. */
  classNames?: readonly string[];
  toolVersion: string;
}

/** The report of `report --lpm-only` (and "Fit Layer-Peeled Model…"): the LPM optimum, measured and compared. */
export async function lpmOnlyReport(input: LpmOnlyInput, options: { tf: Tf; backend: { name: string; reason: string } } & RunHooks): Promise<AnalysisReport> {
  const { counts, eh, ew } = input;
  const { tf, signal } = options;
  if (input.classNames && input.classNames.length !== counts.length) throw new InputError(`${input.classNames.length} class names given for ${counts.length} counts`);
  const minority = input.minority === 'auto' ? autoMinority(counts) : input.minority ? validateMinority(input.minority, counts.length) : [];
  // The counts lpmForBudgets fits (grouped above 300 classes with many distinct counts), solved here first.
  const problem = { counts: fittedCounts(counts, minority).counts, eh, ew, minority: minority.length ? minority : undefined };
  const solution = solveLpm(problem, { tf, signal, onProgress: options.onProgress });
  const inspect = await lpmOptimumResult(tf, solution, minority, options.backend, signal);
  const lpm = lpmForBudgets({ counts, minority, eh, ew, cosClassifiers: inspect.cosClassifiers, cosMeans: inspect.cosMeans, centring: CENTRING_TEXT.none }, { tf, signal, solution });
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    meta: {
      title: input.title ?? `Layer-Peeled Model (K = ${counts.length}, E_H·E_W = ${+(eh * ew).toPrecision(4)})`,
      createdAt: new Date().toISOString(),
      source: `collapse-lens report --lpm-only --counts ${counts.join(',')} --eh ${eh} --ew ${ew}`,
      toolVersion: input.toolVersion,
      lpmOnly: true,
    },
    inspect,
    ...(input.classNames ? { classNames: [...input.classNames] } : {}),
    lpm,
  };
}
