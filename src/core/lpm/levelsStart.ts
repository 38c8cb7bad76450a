// A warm start for long-tailed counts (issue 15): classes of near-equal weight are grouped into levels, the
// symmetry-reduced problem with each group's mean weight is solved (levels.ts: its size depends on the number
// of groups, not on K), and its optimum is lifted to full K×r factors through the eigendecomposition of its
// 2K×2K Gram matrix [[ĤĤᵀ, ĤŴᵀ], [ŴĤᵀ, ŴŴᵀ]]. The lifted point is feasible for the real problem and close to
// its optimum when the groups are tight; the full float64 kernel then polishes it with the real weights, and
// the certificate (dual.ts) is computed for the real problem, so the grouping cannot make an answer wrong, only
// slower.
import { symmetricEigen } from '../linalg';
import { centreRows } from './float64Kernel';
import { projectBalls } from './fullObjective';
import { LevelsKernel, type Level } from './levels';
import { minimise } from './optimiser';
import type { RunHooks } from '../runHooks';

export interface LiftedStart {
  /** Ĥ then Ŵ, each K×rank, row-major: a feasible point of the full problem. */
  x: Float64Array;
  rank: number;
  /** Number of groups (levels) solved. */
  groups: number;
  iterations: number;
  /** Relative gap of the grouped problem (not the real one) at the end of its solve. */
  groupGap: number;
}

/**
 * Consecutive runs of classes, in order of weight, whose largest weight is at most `spread` times the smallest:
 * geometric counts 5000 → 50 over K = 100 give 21 groups at spread 1.25.
 */
export function nearEqualGroups(c: Float64Array, spread: number): number[][] {
  const order = Array.from(c, (_, k) => k).sort((a, b) => c[a] - c[b]);
  const groups: number[][] = [];
  let current: number[] = [];
  for (const k of order) {
    if (current.length && c[k] > spread * c[current[0]]) {
      groups.push(current);
      current = [];
    }
    current.push(k);
  }
  if (current.length) groups.push(current);
  return groups;
}

export function levelsStart(c: Float64Array, scale: number, options: RunHooks & { spread?: number; maxIterations?: number; minRank?: number } = {}): LiftedStart {
  const K = c.length;
  const groups = nearEqualGroups(c, options.spread ?? 1.25);
  const levels: Level[] = groups.map((classes) => ({ classes, weight: classes.reduce((s, k) => s + c[k], 0) / classes.length }));
  const kernel = new LevelsKernel(levels, scale);
  const run = minimise(kernel, kernel.random(1), {
    method: 'fista',
    tolerance: 1e-10,
    maxIterations: options.maxIterations ?? 3000,
    signal: options.signal,
    onProgress: options.onProgress,
    stage: `fitting LPM (levels warm start, ${levels.length} groups)`,
  });
  const g = kernel.grams(run.x, K);
  const n = 2 * K;
  const m = new Float64Array(n * n);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      m[i * n + j] = g.hh[i * K + j];
      m[(K + i) * n + K + j] = g.ww[i * K + j];
      const hw = g.logits[i * K + j] / scale;
      m[i * n + K + j] = hw;
      m[(K + j) * n + i] = hw;
    }
  }
  const { values, vectors } = symmetricEigen(m, n);
  const top = values[n - 1];
  let numericalRank = 0;
  for (let j = n - 1; j >= 0 && values[j] > 1e-9 * top; j--) numericalRank++;
  const rank = Math.min(n, Math.max(options.minRank ?? 0, numericalRank + Math.max(4, Math.ceil(0.25 * numericalRank))));
  const x = new Float64Array(n * rank);
  for (let t = 0; t < rank; t++) {
    const col = n - 1 - t;
    const root = values[col] > 0 ? Math.sqrt(values[col]) : 0;
    for (let i = 0; i < n; i++) x[i * rank + t] = vectors[i * n + col] * root;
  }
  centreRows(x, K * rank, K, rank);
  projectBalls(x, K * rank);
  return { x, rank, groups: levels.length, iterations: run.iterations, groupGap: run.certificate.gap / run.certificate.value };
}
