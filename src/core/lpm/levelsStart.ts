// A warm start for long-tailed counts (issue 15): classes of near-equal weight are grouped into levels, the
// symmetry-reduced problem with each group's mean weight is solved (levels.ts: its size depends on the number
// of groups, not on K), and its optimum is lifted to full K×r factors with the same Gram matrix (levelsLift.ts). The lifted point is feasible for the real problem and close to
// its optimum when the groups are tight; the full float64 kernel then polishes it with the real weights, and
// the certificate (dual.ts) is computed for the real problem, so the grouping cannot make an answer wrong, only
// slower.
import { centreRows } from './float64Kernel';
import { projectBalls } from './fullObjective';
import { LevelsKernel, type Level } from './levels';
import { liftLevels } from './levelsLift';
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
  const { x, rank } = liftLevels(kernel, run.x, K, { minRank: options.minRank });
  centreRows(x, K * rank, K, rank);
  projectBalls(x, K * rank);
  return { x, rank, groups: levels.length, iterations: run.iterations, groupGap: run.certificate.gap / run.certificate.value };
}
