// Both LPM calibrations of a report (theory.md §2.9, docs/lpm.md "Two calibrations"): norm-matched (the
// budgets the network spends) and loss-matched (the product E_eff at which the LPM optimum for the model's
// counts has the model's training cross-entropy, norm-matched split kept), each with the LPM solved there,
// R* for the model's split, the model's point on that R-curve and one sentence on where the model stands.
import { calibrationStatement, type StatementInput } from '../../protocol/calibrationText';
import type { CalibrationKind, LpmBudgets, LpmCalibration, LpmComparison } from '../../protocol/report';
import { InputError } from '../errors';
import { lossMatchedProduct } from '../lpm/lossMatched';
import type { ModelGeometry } from './lpmComparison';
import { fittedCounts, lpmComparison, MAX_THRESHOLD_RATIO, modelRatio, PROFILE_CURVE_MAX_CLASSES, type ComparisonOptions } from './lpmComparison';

export interface CalibrationsInput {
  geometry: ModelGeometry;
  norms: LpmBudgets;
  /** The norm-matched comparison already solved (or why it is absent). */
  normsLpm: LpmComparison | null;
  normsReason: string | null;
  /** The model's mean training cross-entropy (inspect.trainLoss). */
  trainLoss: number | null | undefined;
  /** The model's own mean minority classifier cosine. */
  modelCos: number | null;
}

function thresholdReason(lpm: LpmComparison, minority: readonly number[], classes: number): string | null {
  if (minority.length === 0 || lpm.modelRatio === null) return 'no minority classes: there is no R* to compare with';
  if (minority.length < 2) return 'R* needs at least 2 minority classes';
  if (lpm.curve.length === 0) return noCurveReason(classes);
  if (lpm.threshold === null) return `R* lies beyond ${searchedUpTo(lpm)} at this budget`;
  return null;
}

/** How far R* was searched: the two-level bisection's limit, or the last point of a profile curve. */
function searchedUpTo(lpm: LpmComparison): number {
  return lpm.curveKind === 'profile' ? lpm.curve[lpm.curve.length - 1].ratio : MAX_THRESHOLD_RATIO;
}

function noCurveReason(classes: number): string {
  return `no minority-collapse curve for ${classes} classes whose counts are not two-level (the count-profile curve takes one certified LPM fit per point and is computed up to ${PROFILE_CURVE_MAX_CLASSES} classes)`;
}

function entry(kind: CalibrationKind, eh: number | null, ew: number | null, lpm: LpmComparison | null, reason: string | null, input: CalibrationsInput): LpmCalibration {
  const ratio = modelRatio(input.geometry.counts, input.geometry.minority);
  const why = lpm ? thresholdReason(lpm, input.geometry.minority, input.geometry.counts.length) : reason;
  const ehew = eh !== null && ew !== null ? eh * ew : null;
  const cosMinority = lpm?.result.cosMinority ?? null;
  const threshold = lpm?.threshold ?? null;
  const statement: StatementInput = {
    kind,
    ehew,
    threshold,
    cosMinority,
    ratio,
    modelCos: input.modelCos,
    reason: why,
    solved: lpm !== null,
    maxRatio: lpm && lpm.curve.length ? searchedUpTo(lpm) : MAX_THRESHOLD_RATIO,
    noCurve: lpm !== null && lpm.curve.length === 0 && ratio !== null && input.geometry.minority.length >= 2,
  };
  return {
    kind,
    eh,
    ew,
    ehew,
    objective: lpm?.result.objective ?? null,
    cosMinority,
    threshold,
    lpm,
    reason: why,
    modelPoint: { ratio, cosMinority: input.modelCos },
    statement: calibrationStatement(statement),
  };
}

/** The loss-matched budgets: E_eff by bisection, split as the norm-matched E_W/E_H. */
function lossEntry(input: CalibrationsInput, options: ComparisonOptions): LpmCalibration {
  const { geometry, norms } = input;
  // Grouped counts where the report fits grouped counts (grouping.ts), so E_eff matches the fit shown.
  const { counts } = fittedCounts(geometry.counts, geometry.minority);
  const match = lossMatchedProduct(counts, input.trainLoss, { tf: options.tf, signal: options.signal });
  if (match.product === null) return entry('loss', null, null, null, match.reason, input);
  const split = Math.sqrt(norms.ew / norms.eh);
  const eh = Math.sqrt(match.product) / split;
  const ew = Math.sqrt(match.product) * split;
  try {
    const lpm = lpmComparison(geometry, options, { ...norms, eh, ew });
    return entry('loss', eh, ew, lpm, null, input);
  } catch (error) {
    if (!(error instanceof InputError || error instanceof RangeError)) throw error;
    return entry('loss', eh, ew, null, error.message, input);
  }
}

export function calibrations(input: CalibrationsInput, options: ComparisonOptions = {}): { calibrations: LpmCalibration[]; budgetEfficiency: number | null } {
  const norms = entry('norms', input.norms.eh, input.norms.ew, input.normsLpm, input.normsReason, input);
  const loss = lossEntry(input, options);
  const budgetEfficiency = loss.ehew !== null && norms.ehew !== null ? loss.ehew / norms.ehew : null;
  return { calibrations: [norms, loss], budgetEfficiency };
}
