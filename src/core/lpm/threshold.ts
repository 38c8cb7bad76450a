// The minority-collapse threshold R*(K_A, K_B, E_H·E_W) of the LPM (theory.md §2.4).
//
// Definition used: R* = the smallest R at which the minority classifiers are exactly equal at the optimum.
// (theory.md defines it with mean ‖w_i − w_j‖²/E_W ≤ 1e-6; just below R* that distance grows linearly in
// R* − R with slope ≈ 0.08 per unit R in the paper's setting, so the two definitions differ by ~1e-5 in R,
// i.e. ~1e-6 relative: far inside the ±0.1 % tolerance.)
//
// Monotone quantity and bisection: solve the restricted problem in which the minority classes are forced
// identical (symmetry-reduced kernel, minority level collapsed). Its optimum is the LPM optimum iff it passes
// the global dual test, i.e. iff the split gain
//   ψ(R) = ⟨G, Z⟩ + s·|G_own − G_same|_minority ≤ 0
// (s·|G_own − G_same| is the top singular value of G on the minority's zero-sum directions; ⟨G, Z⟩ =
// −s·σ_max on the rest at the restricted optimum; see levels.ts and dual.ts). ψ > 0 means that splitting the
// minority classifiers lowers the loss. ψ(1) > 0 (the balanced optimum is the ETF), ψ decreases through 0 once
// and stays ≤ 0 (checked on log-spaced grids, test/unit/core/lpm/threshold.test.ts). So: bracket by doubling R
// from 1, then bisect in log R until hi/lo − 1 ≤ relativeWidth, warm-starting every solve from the previous one.
import { throwIfAborted, type RunHooks } from '../runHooks';
import type { ThresholdResult } from '../../protocol/result';
import { lpmAssert, validateTwoLevel } from './problem';
import type { WarmStart } from './solve';
import { minoritySummary, ZERO_NORM } from './summary';
import { solveTwoLevel, twoLevelGroups } from './twoLevel';

export interface ThresholdSpec {
  classes: number;
  majority: number;
  eh: number;
  ew: number;
}

export interface ThresholdOptions extends RunHooks {
  /** Stop when hi/lo − 1 ≤ relativeWidth (default 1e-9). */
  relativeWidth?: number;
  /** Give up when no collapse happens up to this R (default 1e8). */
  maxRatio?: number;
}

export function minorityCollapseThreshold(spec: ThresholdSpec, options: ThresholdOptions = {}): ThresholdResult {
  const started = performance.now();
  validateTwoLevel({ ...spec, ratio: 1 });
  lpmAssert(spec.classes - spec.majority >= 2, () => `minority collapse needs at least 2 minority classes: K − K_A = ${spec.classes - spec.majority}`);
  lpmAssert(Number.isFinite(spec.eh) && spec.eh > 0, () => `E_H (feature budget) must be a positive finite number, got ${spec.eh}`);
  lpmAssert(Number.isFinite(spec.ew) && spec.ew > 0, () => `E_W (classifier budget) must be a positive finite number, got ${spec.ew}`);
  const relativeWidth = options.relativeWidth ?? 1e-9;
  const maxRatio = options.maxRatio ?? 1e8;
  let solves = 0;
  let warm: WarmStart | undefined;
  const psi = (ratio: number): { gain: number; collapsedNormW2: number } => {
    throwIfAborted(options.signal);
    const solution = solveTwoLevel({ ...spec, ratio }, { collapseMinority: true, warmStart: warm, signal: options.signal });
    solves++;
    warm = solution.warmStart;
    options.onProgress?.({ stage: 'bisecting for R*', done: solves, unit: 'points' });
    const K = spec.classes;
    const last = K - 1;
    return { gain: (solution.splitGain as Float64Array)[1] / solution.objective, collapsedNormW2: solution.gramW[last * K + last] };
  };

  let lo = 1;
  let hi = 2;
  lpmAssert(psi(lo).gain > 0, () => 'the minority is already collapsed at R = 1 (not expected for K − K_A ≥ 2)');
  let atHi = psi(hi);
  while (atHi.gain > 0) {
    lo = hi;
    hi *= 2;
    if (hi > maxRatio) throw new Error(`no minority collapse up to R = ${maxRatio} for K = ${spec.classes}, K_A = ${spec.majority}, E_H·E_W = ${spec.eh * spec.ew}`);
    atHi = psi(hi);
  }
  while (hi / lo - 1 > relativeWidth) {
    const mid = Math.sqrt(lo * hi);
    const at = psi(mid);
    if (at.gain > 0) lo = mid;
    else {
      hi = mid;
      atHi = at;
    }
  }

  // Check with the unrestricted problem on both sides of R*.
  const side = (ratio: number) => {
    const solution = solveTwoLevel({ ...spec, ratio }, { signal: options.signal });
    solves++;
    const m = minoritySummary(solution.gramW, spec.classes, twoLevelGroups(spec.classes, spec.majority)[1], spec.ew);
    return { ratio, minorityDistance: m.distance as number, cosMinority: m.cos };
  };
  const check = { below: side(hi * (1 - 1e-3)), above: side(hi * (1 + 1e-3)) };
  return {
    ratio: hi,
    classes: spec.classes,
    majority: spec.majority,
    minority: spec.classes - spec.majority,
    budgets: { eh: spec.eh, ew: spec.ew },
    product: spec.eh * spec.ew,
    regime: atHi.collapsedNormW2 <= ZERO_NORM * spec.ew ? 'zero' : 'common-vector',
    minorityNormW2: atHi.collapsedNormW2 / spec.ew,
    bracket: [lo, hi],
    solves,
    criterion: 'smallest R at which identical minority classifiers pass the global dual test (split gain ψ(R) ≤ 0); bisection in log R',
    check,
    seconds: (performance.now() - started) / 1000,
  };
}
