// The Layer-Peeled-Model side of a report (theory.md §4): budgets calibrated from the trained model, the
// LPM solved for the model's own counts, the minority-collapse curve and R* for its majority/minority
// split, SELI and ETF references, and the distances between the five geometries the panel shows.
import { LpmUncertifiedError } from '../errors';
import type { GeometryDistances, GeometryId, LpmBudgets, LpmComparison, LpmCurvePoint, LpmGrouping } from '../../protocol/report';
import type { RunHooks } from '../runHooks';
import { etfGram } from '../lpm/balanced';
import { calibrateBudgets, type FeatureCentring } from '../lpm/calibration';
import { frobeniusDistanceNormalised } from '../lpm/compare';
import { minorityCurve } from '../lpm/curve';
import { profileCurve, profileThreshold } from '../lpm/profileCurve';
import { toNested } from '../linalg';
import { groupCounts, needsGrouping } from './grouping';
import type { LpmProblem } from '../lpm/problem';
import { seliGeometry } from '../lpm/seli';
import { solveLpm, type LpmSolution } from '../lpm/solve';
import { gramCosines, toLpmResult, ZERO_NORM } from '../lpm/summary';
import { minorityCollapseThreshold, type ThresholdSpec } from '../lpm/threshold';
import type { Tf } from '../tf';

/** LPM21's grid for its Fig. 3: R = 10^{0.1 i}, i = 0..40 (theory.md §2.6). */
export const CURVE_RATIOS: readonly number[] = Array.from({ length: 41 }, (_, i) => 10 ** (0.1 * i));

export const CENTRING_TEXT: Record<FeatureCentring, string> = {
  none: 'none (raw features)',
  unweighted: 'μ_G^u (mean of class means)',
  weighted: 'μ_G^w (sample mean)',
};

export interface ModelGeometry {
  /** Samples per class n_k, and the minority classes (may be empty: balanced data). */
  counts: readonly number[];
  minority: readonly number[];
  /** Classifier rows w_k, K×d row-major. */
  weights: Float64Array;
  /** Class means μ_k, K×d row-major (uncentred). */
  means: Float64Array;
  dim: number;
  /** m_k = (1/n_k) Σ_{i∈k} ‖h_i‖² (uncentred). */
  featureMeanSquaredNorms: readonly number[];
  /** The model's cosine matrices, as the metrics report them (null entries where a norm is ~0). */
  cosClassifiers: (number | null)[][];
  cosMeans: (number | null)[][];
  centring?: FeatureCentring;
}

/** What the LPM comparison needs from an inspected model beyond the JSON result (theory.md §4 calibration). */
export interface RunGeometry extends Omit<ModelGeometry, 'centring'> {
  classNames: string[] | null;
}

function mean(values: readonly number[], pick: readonly number[]): number {
  return pick.reduce((s, k) => s + values[k], 0) / pick.length;
}

/** The model's own R: mean majority count over mean minority count (null without a minority). */
export function modelRatio(counts: readonly number[], minority: readonly number[]): number | null {
  if (minority.length === 0 || minority.length === counts.length) return null;
  const majority = counts.map((_, k) => k).filter((k) => !minority.includes(k));
  return mean(counts, majority) / mean(counts, minority);
}

/** Above this many classes a profile curve (one certified fit per point) is not computed for a report. */
export const PROFILE_CURVE_MAX_CLASSES = 100;

/**
 * Which minority-collapse curve these counts get: 'two-level' when every majority class has one count and
 * every minority class another, 'profile' for other counts with at least 2 minority classes (up to
 * PROFILE_CURVE_MAX_CLASSES, or grouped counts at any K: a grouped fit takes about a second), null when
 * there is no curve (no minority, fewer than 2, or too many classes).
 */
export function curveKind(counts: readonly number[], minority: readonly number[], grouped = false): 'two-level' | 'profile' | null {
  const K = counts.length;
  if (minority.length < 2 || minority.length >= K) return null;
  const inMinority = new Set(minority);
  const a = counts.filter((_, k) => !inMinority.has(k));
  const b = counts.filter((_, k) => inMinority.has(k));
  if (a.every((n) => n === a[0]) && b.every((n) => n === b[0])) return 'two-level';
  return K <= PROFILE_CURVE_MAX_CLASSES || grouped ? 'profile' : null;
}

/** d(A, B) = ‖A/‖A‖_F − B/‖B‖_F‖_F on the K×K cosine matrices; an undefined cosine (null) counts as 0. */
export function geometryDistances(matrices: Partial<Record<GeometryId, (number | null)[][]>>): GeometryDistances {
  const ids = (['classifiers', 'means', 'lpm', 'etf', 'seli'] as const).filter((id) => matrices[id]);
  // Each matrix flattened once, not once per pair, by a loop rather than Float64Array.from(m.flat(), …): 28 → 1 ms
  // per what-if update at K = 100, and 0.8 s less for a 1000-class report.
  const flat = (m: (number | null)[][]) => {
    const out = new Float64Array(m.reduce((n, row) => n + row.length, 0));
    let i = 0;
    for (const row of m) for (const v of row) out[i++] = v ?? 0;
    return out;
  };
  const flats = ids.map((id) => flat(matrices[id]!));
  const pairs = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const value = frobeniusDistanceNormalised(flats[i], flats[j]);
      if (Number.isFinite(value)) pairs.push({ a: ids[i], b: ids[j], value });
    }
  }
  return { basis: 'cosine', pairs };
}

/** R* searched up to this ratio; beyond it the report says "not reached" (null). */
export const MAX_THRESHOLD_RATIO = 1e6;

/** R*, or null when the minority classifiers do not collapse up to MAX_THRESHOLD_RATIO (large E_H·E_W). */
function thresholdOrNull(spec: ThresholdSpec, options: RunHooks): number | null {
  return minorityCollapseThreshold(spec, { ...options, relativeWidth: 1e-6, maxRatio: MAX_THRESHOLD_RATIO }).ratio;
}

export interface ComparisonOptions extends RunHooks {
  tf?: Tf;
  /**
   * Curve and R* already known for these counts' split and E_H·E_W (they do not depend on oversampling):
   * the what-if slider reuses them instead of re-solving 41 + ~25 problems.
   */
  known?: { curve: LpmCurvePoint[]; threshold: number | null };
  /** The LPM already solved for exactly this problem (report --lpm-only solves it first): not solved again. */
  solution?: LpmSolution;
}

/** The LPM for given counts and budgets, compared with the model's cosine geometry (no data needed). */
export interface LpmSpec {
  counts: readonly number[];
  minority: readonly number[];
  eh: number;
  ew: number;
  /** Oversampling weight of every minority class (w_r ≥ 1; the LPM then sees R/w_r, theory.md §2.5). */
  oversample?: number;
  cosClassifiers: (number | null)[][] | null;
  cosMeans: (number | null)[][];
  centring: string;
}

/**
 * The report shows an LPM solution only when its duality gap certifies it to this relative precision
 * (theory.md §2.6's solver, docs/lpm.md's certificate); otherwise it says the solve was not certified.
 */
export const LPM_REPORT_GAP = 1e-6;

export function lpmForBudgets(spec: LpmSpec, options: ComparisonOptions = {}): LpmComparison {
  const K = spec.counts.length;
  const { eh, ew } = spec;
  const oversample = spec.oversample ?? 1;
  const minority = [...spec.minority];
  const { counts, grouping } = fittedCounts(spec.counts, minority, oversample);
  const problem: LpmProblem = {
    counts,
    eh,
    ew,
    minority: minority.length ? minority : undefined,
    weights: oversample !== 1 ? counts.map((_, k) => (minority.includes(k) ? oversample : 1)) : undefined,
  };
  const solution = options.solution ?? solveLpm(problem, { tf: options.tf, signal: options.signal, onProgress: options.onProgress });
  if (solution.unresolved) throw new LpmUncertifiedError(solution.unresolved);
  const relativeGap = solution.certificate.gap / solution.objective;
  if (!(relativeGap <= LPM_REPORT_GAP)) {
    throw new LpmUncertifiedError(
      `the Layer-Peeled Model at E_H·E_W = ${+(eh * ew).toPrecision(4)} could not be certified (relative duality gap ${relativeGap.toExponential(1)}, stopped: ${solution.certificate.stopReason}), so its geometry is not shown`,
    );
  }
  const result = { ...toLpmResult(solution), counts: [...counts], budgets: { eh, ew } };

  const ratio = modelRatio(spec.counts, minority);
  const majority = K - minority.length;
  const kind = curveKind(counts, minority, grouping !== null);
  // Two-level counts: the curve and R* are functions of R for the K_A/K_B split; oversampling moves the model
  // along the curve (R_eff = R / w_r) without changing it. Other counts: the model's count profile scaled
  // (profileCurve.ts), which passes through the LPM at the model's own counts.
  let curve: LpmCurvePoint[] = [];
  let threshold: number | null = null;
  if (options.known) ({ curve, threshold } = options.known);
  else if (kind === 'two-level') {
    curve = minorityCurve({ classes: K, majority, eh, ew, ratios: CURVE_RATIOS }, options).map((p) => ({ ratio: p.ratio, cosMinority: p.cosMinority }));
    threshold = thresholdOrNull({ classes: K, majority, eh, ew }, options);
  } else if (kind === 'profile') {
    const profile = { counts, minority, eh, ew };
    const points = profileCurve(profile, { tf: options.tf, signal: options.signal, onProgress: options.onProgress, own: oversample === 1 ? solution : undefined });
    curve = points.map((p) => ({ ratio: p.ratio, cosMinority: p.cosMinority }));
    threshold = profileThreshold(profile, points, { tf: options.tf, signal: options.signal });
  }

  const seliGram = seliGeometry(spec.counts).gramW;
  const etf = etfGram(K, 1);
  const distances = geometryDistances({
    classifiers: spec.cosClassifiers ?? undefined,
    means: spec.cosMeans,
    lpm: gramCosines(solution.gramW, K, ZERO_NORM * ew),
    etf: gramCosines(etf, K, 0),
    seli: gramCosines(seliGram, K, 0),
  });
  return {
    budgets: { eh, ew, centring: spec.centring },
    result,
    curve,
    ...(kind ? { curveKind: kind } : {}),
    threshold,
    modelRatio: ratio,
    seliGramW: toNested(seliGram, K, K),
    etfGram: toNested(etf, K, K),
    distances,
    ...(grouping ? { grouping } : {}),
  };
}

/**
 * The counts a report fits: the model's own, or grouped (grouping.ts) where one exact fit would take about a
 * minute and a report needs dozens. The same for every oversampling weight (minority classes are grouped apart).
 */
export function fittedCounts(counts: readonly number[], minority: readonly number[], oversample = 1): { counts: readonly number[]; grouping: LpmGrouping | null } {
  const weights = oversample !== 1 ? counts.map((_, k) => (minority.includes(k) ? oversample : 1)) : undefined;
  if (!needsGrouping({ counts, eh: 1, ew: 1, weights })) return { counts, grouping: null };
  return groupCounts(counts, minority);
}

/** E_W and E_H calibrated from the trained model (theory.md §4), with the centring in words. */
export function calibrate(model: ModelGeometry): LpmBudgets {
  const K = model.counts.length;
  const centring = model.centring ?? 'unweighted';
  const c = calibrateBudgets({
    classifier: { data: model.weights, rows: K, cols: model.dim },
    featureMeanSquaredNorms: model.featureMeanSquaredNorms,
    classMeans: { data: model.means, rows: K, cols: model.dim },
    counts: model.counts,
    centring,
  });
  return { eh: c.eh, ew: c.ew, centring: CENTRING_TEXT[centring] };
}

/** Calibrates E_W, E_H from the trained model (theory.md §4), then solves and compares. */
export function lpmComparison(model: ModelGeometry, options: ComparisonOptions = {}, calibration = calibrate(model)): LpmComparison {
  return lpmForBudgets(
    {
      counts: model.counts,
      minority: model.minority,
      eh: calibration.eh,
      ew: calibration.ew,
      cosClassifiers: model.cosClassifiers,
      cosMeans: model.cosMeans,
      centring: calibration.centring,
    },
    options,
  );
}
