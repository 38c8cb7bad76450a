// An instance of the Layer-Peeled Model (theory.md §2.1–2.2, §2.5): class counts n_k, norm budgets
// E_H and E_W, optional oversampling weights w_k, and which classes count as "minority".
//
// The solvers minimise the per-sample loss Σ_k c_k L_k with c_k = n_k·w_k / Σ_j n_j·w_j. Without
// oversampling this is the paper's (1/N) Σ_k n_k L_k; with it, it is the per-sample loss of the
// oversampled training set, which is the LPM at the effective counts n_k·w_k (§2.5: R_eff = R/w).

import { LpmArgumentError } from '../errors';

export { LpmArgumentError };

export interface LpmProblem {
  /** Training samples per class, n_k > 0 (need not be integers: only the ratios matter). */
  counts: readonly number[];
  /** Feature budget E_H: (1/K) Σ_k (1/n_k) Σ_i ‖h_{k,i}‖² ≤ E_H. */
  eh: number;
  /** Classifier budget E_W: (1/K) Σ_k ‖w_k‖² ≤ E_W. */
  ew: number;
  /** Oversampling weight per class (default 1 each): class k's loss is counted n_k·w_k times. */
  weights?: readonly number[];
  /** Classes the minority metrics average over. Default: the classes with the smallest count. */
  minority?: readonly number[];
}

/**
 * Class counts typed as text, "5000,5000,50,50" (commas and/or spaces): at least two positive numbers
 * (they need not be integers: only the ratios matter). The message names the entry at fault.
 */
export function parseCounts(text: string): number[] {
  const parts = text.trim().split(/\s*,\s*|\s+/);
  const counts = parts.map((part, k) => {
    const n = Number(part);
    lpmAssert(part !== '' && Number.isFinite(n), () => `entry ${k + 1} is not a number: "${part}"`);
    lpmAssert(n > 0, () => `entry ${k + 1} must be a positive number of samples, got ${n}`);
    return n;
  });
  lpmAssert(counts.length >= 2, () => `needs at least 2 classes (K ≥ 2), got ${counts.length}`);
  return counts;
}

export function lpmAssert(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new LpmArgumentError(message());
}

function assertPositive(value: number, name: string): void {
  lpmAssert(Number.isFinite(value) && value > 0, () => `${name} must be a positive finite number, got ${value}`);
}

/** Throws an LpmArgumentError naming the first bad argument. */
export function validateProblem(problem: LpmProblem): void {
  const { counts, weights, minority } = problem;
  lpmAssert(Array.isArray(counts) || ArrayBuffer.isView(counts), () => 'counts must be an array of class counts');
  lpmAssert(counts.length >= 2, () => `the LPM needs at least 2 classes, got ${counts.length} count(s)`);
  counts.forEach((n, k) => lpmAssert(Number.isFinite(n) && n > 0, () => `counts[${k}] must be a positive number of samples, got ${n}`));
  assertPositive(problem.eh, 'E_H (feature budget)');
  assertPositive(problem.ew, 'E_W (classifier budget)');
  if (weights) {
    lpmAssert(weights.length === counts.length, () => `weights has ${weights.length} entries but there are ${counts.length} classes`);
    weights.forEach((w, k) => lpmAssert(Number.isFinite(w) && w > 0, () => `weights[${k}] (oversampling) must be positive, got ${w}`));
  }
  if (minority) {
    minority.forEach((k) =>
      lpmAssert(Number.isInteger(k) && k >= 0 && k < counts.length, () => `minority class ${k} is not a class index 0..${counts.length - 1}`),
    );
    lpmAssert(new Set(minority).size === minority.length, () => 'minority lists a class twice');
  }
}

/** c_k = n_k·w_k / Σ_j n_j·w_j: the per-sample weight of class k's loss (Σ_k c_k = 1). */
export function classWeights(problem: LpmProblem): Float64Array {
  const K = problem.counts.length;
  const c = new Float64Array(K);
  let total = 0;
  for (let k = 0; k < K; k++) {
    c[k] = problem.counts[k] * (problem.weights ? problem.weights[k] : 1);
    total += c[k];
  }
  for (let k = 0; k < K; k++) c[k] /= total;
  return c;
}

/** The minority classes: as given, else every class whose count is the smallest. */
export function minorityClasses(problem: LpmProblem): number[] {
  if (problem.minority) return [...problem.minority];
  const smallest = Math.min(...problem.counts);
  return problem.counts.flatMap((n, k) => (n === smallest ? [k] : []));
}

export interface TwoLevelSpec {
  /** Number of classes K. */
  classes: number;
  /** Number of majority classes K_A (1 ≤ K_A < K); they come first, as in LPM21's code. */
  majority: number;
  /** Imbalance ratio R = n_A / n_B ≥ 1 (any R > 0 is accepted: R < 1 makes the "majority" smaller). */
  ratio: number;
}

export function validateTwoLevel({ classes, majority, ratio }: TwoLevelSpec): void {
  lpmAssert(Number.isInteger(classes) && classes >= 2, () => `the number of classes K must be an integer ≥ 2, got ${classes}`);
  lpmAssert(
    Number.isInteger(majority) && majority >= 1 && majority < classes,
    () => `the number of majority classes K_A must be an integer with 1 ≤ K_A < K = ${classes}, got ${majority}`,
  );
  assertPositive(ratio, 'the ratio R = n_A/n_B');
}

/** The paper's two-level instance (§2.4): n_A = R for the first K_A classes, n_B = 1 for the rest. */
export function twoLevelProblem(spec: TwoLevelSpec & { eh: number; ew: number; oversample?: number }): LpmProblem {
  validateTwoLevel(spec);
  const { classes: K, majority: KA, ratio: R } = spec;
  const counts = Array.from({ length: K }, (_, k) => (k < KA ? R : 1));
  const minority = Array.from({ length: K - KA }, (_, i) => KA + i);
  const problem: LpmProblem = { counts, eh: spec.eh, ew: spec.ew, minority };
  if (spec.oversample !== undefined) problem.weights = oversamplingWeights(counts.length, minority, spec.oversample);
  validateProblem(problem);
  return problem;
}

/** Weight w on the given classes, 1 elsewhere (§2.5: oversampling each minority sample w times). */
export function oversamplingWeights(classes: number, oversampled: readonly number[], weight: number): number[] {
  assertPositive(weight, 'the oversampling weight');
  const weights = new Array<number>(classes).fill(1);
  for (const k of oversampled) weights[k] = weight;
  return weights;
}

/** §2.5: oversampling the minority w times is the LPM at R_eff = R / w. */
export function effectiveRatio(ratio: number, oversample: number): number {
  assertPositive(ratio, 'the ratio R');
  assertPositive(oversample, 'the oversampling weight');
  return ratio / oversample;
}
