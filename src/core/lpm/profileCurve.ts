// The minority-collapse curve for class counts that are not two-level (docs/lpm.md, "Counts that are not
// two-level"): the model's own count profile scaled in log space,
//     n_k(α) = n_max · (n_k / n_max)^α      (α = 0: balanced; α = 1: the model's counts),
// with the LPM solved at each α and its minority classes' mean pairwise classifier cosine plotted against
// R(α) = mean majority count / mean minority count (the model's point is R(1), its own R). For two-level
// counts this is the two-level R-curve itself (n_B(α)/n_A = R^−α). A surrogate two-level problem with the
// same split would not pass through the LPM at the model's counts: for 100 classes 5000 → 50 (E_H = 5,
// E_W = 1) its curve gives 0.031 at the model's R = 7.37 where the LPM for those counts gives 0.680.
// R*: the smallest R(α) at which the minority classifiers coincide (mean cosine ≥ PROFILE_COLLAPSE_COS),
// bracketed on the grid and bisected on α to PROFILE_THRESHOLD_WIDTH in R.
import { throwIfAborted, type RunHooks } from '../runHooks';
import type { Tf } from '../tf';
import { lpmAssert } from './problem';
import { solveLpm, type LpmSolution } from './solve';
import { minoritySummary } from './summary';

/** Grid of exponents α; R(α) grows about like (n_max/n_min)^α. */
export const PROFILE_EXPONENTS: readonly number[] = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
/** Minority classifiers count as one when their mean pairwise cosine reaches this (certified fits: ~1e-6 accurate). */
export const PROFILE_COLLAPSE_COS = 1 - 1e-5;
/** Relative width in R to which R* is bisected. */
export const PROFILE_THRESHOLD_WIDTH = 0.02;

export interface ProfileSpec {
  counts: readonly number[];
  minority: readonly number[];
  eh: number;
  ew: number;
}

export interface ProfilePoint {
  exponent: number;
  ratio: number;
  cosMinority: number | null;
  /** The minority classifiers coincide: mean cosine ≥ PROFILE_COLLAPSE_COS, or all ~0 with distance ~0. */
  collapsed: boolean;
}

/** n_max·(n_k/n_max)^α for every class. */
export function profileCounts(counts: readonly number[], alpha: number): number[] {
  const top = Math.max(...counts);
  return counts.map((n) => top * Math.pow(n / top, alpha));
}

/** Mean majority count / mean minority count. */
export function groupRatio(counts: readonly number[], minority: readonly number[]): number {
  const inMinority = new Set(minority);
  let a = 0;
  let na = 0;
  let b = 0;
  for (let k = 0; k < counts.length; k++) {
    if (inMinority.has(k)) b += counts[k];
    else {
      a += counts[k];
      na++;
    }
  }
  return a / na / (b / minority.length);
}

export interface ProfileOptions extends RunHooks {
  tf?: Tf;
  /** The LPM already solved at the counts themselves (α = 1, no oversampling): reused, not solved again. */
  own?: LpmSolution;
}

function point(spec: ProfileSpec, alpha: number, options: ProfileOptions): ProfilePoint {
  throwIfAborted(options.signal);
  const counts = alpha === 1 ? [...spec.counts] : profileCounts(spec.counts, alpha);
  const s = alpha === 1 && options.own ? options.own : solveLpm({ counts, eh: spec.eh, ew: spec.ew, minority: [...spec.minority] }, { tf: options.tf, signal: options.signal });
  const m = minoritySummary(s.gramW, counts.length, spec.minority, spec.ew);
  const ok = s.certificate.converged;
  const cos = ok ? m.cos : null;
  const collapsed = ok && ((cos !== null && cos >= PROFILE_COLLAPSE_COS) || (cos === null && (m.distance ?? Infinity) <= 1e-10));
  return { exponent: alpha, ratio: groupRatio(counts, spec.minority), cosMinority: cos, collapsed };
}

export function profileCurve(spec: ProfileSpec, options: ProfileOptions & { exponents?: readonly number[] } = {}): ProfilePoint[] {
  const K = spec.counts.length;
  lpmAssert(spec.minority.length >= 2 && spec.minority.length < K, () => `the profile curve needs at least 2 minority classes and one other, got ${spec.minority.length} of ${K}`);
  const exponents = options.exponents ?? PROFILE_EXPONENTS;
  return exponents.map((alpha, i) => {
    const p = point(spec, alpha, options);
    options.onProgress?.({ stage: 'LPM curve (count profile)', done: i + 1, total: exponents.length, unit: 'points' });
    return p;
  });
}

/** R* on the profile: null when no grid point has collapsed minority classifiers, or the first point already has. */
export function profileThreshold(spec: ProfileSpec, curve: readonly ProfilePoint[], options: ProfileOptions = {}): number | null {
  const first = curve.findIndex((p) => p.collapsed);
  if (first <= 0) return first === 0 ? curve[0].ratio : null;
  let lo = curve[first - 1];
  let hi = curve[first];
  while (hi.ratio > lo.ratio * (1 + PROFILE_THRESHOLD_WIDTH)) {
    const mid = point(spec, 0.5 * (lo.exponent + hi.exponent), options);
    if (mid.collapsed) hi = mid;
    else lo = mid;
  }
  return hi.ratio;
}
