// The paper's two-level instances (K_A majority classes with n_A = R, K_B minority with n_B = 1, theory.md
// §2.4) solved on the symmetry-reduced kernel with the level split fixed to {majority, minority}, so that
// warm starts carry over between ratios (including R = 1, where all weights are equal).
import type { RunHooks } from '../runHooks';
import { lpmAssert, twoLevelProblem, validateTwoLevel, type TwoLevelSpec } from './problem';
import { solveLpm, type LpmSolution, type WarmStart } from './solve';

export interface TwoLevelBudgetSpec extends TwoLevelSpec {
  eh: number;
  ew: number;
  oversample?: number;
}

export interface TwoLevelSolveOptions extends RunHooks {
  warmStart?: WarmStart;
  /** Force the minority classes identical (the restricted problem of threshold.ts). */
  collapseMinority?: boolean;
  tolerance?: number;
  maxIterations?: number;
}

export function twoLevelGroups(classes: number, majority: number): number[][] {
  return [Array.from({ length: majority }, (_, k) => k), Array.from({ length: classes - majority }, (_, i) => majority + i)];
}

export function solveTwoLevel(spec: TwoLevelBudgetSpec, options: TwoLevelSolveOptions = {}): LpmSolution {
  validateTwoLevel(spec);
  if (options.collapseMinority) lpmAssert(spec.classes - spec.majority >= 2, () => 'collapsing the minority needs at least 2 minority classes');
  return solveLpm(twoLevelProblem(spec), {
    kernel: 'levels',
    levelGroups: twoLevelGroups(spec.classes, spec.majority),
    collapsedLevels: options.collapseMinority ? [1] : undefined,
    warmStart: options.warmStart,
    tolerance: options.tolerance ?? 1e-12,
    maxIterations: options.maxIterations,
    restarts: 3,
    signal: options.signal,
    onProgress: options.onProgress,
  });
}
