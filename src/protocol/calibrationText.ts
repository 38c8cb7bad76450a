// The one sentence per LPM calibration on where the model stands against R* (docs/lpm.md "Two
// calibrations"). Every number it states is a field of the calibration entry, formatted by formatNumber;
// test/unit/report/calibrations.test.ts reads the numbers back out of the sentence and checks them.
import { formatNumber } from './format';
import type { CalibrationKind } from './report';

export const CALIBRATION_LABEL: Record<CalibrationKind, string> = { norms: 'norm-matched', loss: 'loss-matched' };

/** What each calibration assumes, in one sentence (shown under its heading in the panel). */
export const CALIBRATION_ASSUMES: Record<CalibrationKind, string> = {
  norms:
    'Norm-matched: the LPM gets the budgets the network spends, E_W = mean‖w_k‖² and E_H = mean_k (1/n_k)Σ‖h_i − μ_G‖², as if it used them as well as the optimal last layer.',
  loss:
    'Loss-matched: the LPM gets the smaller budget E_H·E_W at which its optimum fits the training data exactly as well as this model (same mean cross-entropy), with the norm-matched split E_W/E_H.',
};

export interface StatementInput {
  kind: CalibrationKind;
  ehew: number | null;
  threshold: number | null;
  cosMinority: number | null;
  ratio: number | null;
  modelCos: number | null;
  /** Why the LPM is not computed at this budget, or why there is no R*. */
  reason: string | null;
  /** True when the LPM solution exists (lpm not null). */
  solved: boolean;
  /** R* searched up to this ratio. */
  maxRatio: number;
  /** No curve was computed for these counts (so no R* was searched; `reason` says why). */
  noCurve?: boolean;
}

const n = (v: number | null | undefined, digits = 4) => formatNumber(v, digits);

export function calibrationStatement(s: StatementInput): string {
  const at = `At the ${CALIBRATION_LABEL[s.kind]} budget${s.ehew !== null ? ` (E_H·E_W = ${n(s.ehew)})` : ''}`;
  if (!s.solved) return `${at} the LPM is not shown: ${s.reason ?? 'it could not be solved'}.`;
  const cosines = `LPM minority cosine ${n(s.cosMinority)}; this model's ${n(s.modelCos)}`;
  if (s.ratio === null) return `${at} the LPM has no minority to compare: this model has no minority classes, so there is no R*.`;
  if (s.noCurve) return `${at} the LPM gives ${cosines}; no R* is computed: ${s.reason ?? 'there is no minority-collapse curve for these counts'}.`;
  if (s.threshold === null) {
    return `${at} the LPM's threshold R* lies beyond ${n(s.maxRatio)}, so at this model's R = ${n(s.ratio)} it predicts distinct minority classifiers (${cosines}).`;
  }
  const factor = s.ratio / s.threshold;
  if (factor >= 1) {
    return `${at} the LPM's threshold is R* = ${n(s.threshold)}; this model's R = ${n(s.ratio)} is ${n(factor, 2)}× above it: the LPM predicts its minority classifiers merge (${cosines}).`;
  }
  return `${at} the LPM's threshold is R* = ${n(s.threshold)}; this model's R = ${n(s.ratio)} is ${n(1 / factor, 2)}× below it: the LPM predicts distinct minority classifiers (${cosines}).`;
}

/**
 * How the LPM optimum's mean cross-entropy at a calibration's budget compares with the model's own training
 * loss, in one sentence. "matches" when they agree to 1e-3 relative (the loss-matched budget is solved to
 * 1e-6); otherwise the factor trainLoss/objective (or its inverse), formatted by formatNumber.
 */
export function lossComparison(objective: number | null, trainLoss: number | null): string {
  if (objective === null || trainLoss === null) return 'No loss comparison: the LPM optimum or the model’s training loss is missing.';
  const both = `the LPM optimum’s mean cross-entropy ${n(objective)}, this model’s training loss ${n(trainLoss)}`;
  if (objective <= 0) return `Loss: ${both}; the LPM’s loss underflows at this budget.`;
  const factor = trainLoss / objective;
  if (Math.abs(factor - 1) <= 1e-3) return `Loss: ${both}: they match.`;
  return factor > 1
    ? `Loss: ${both}: with these budgets the optimal last layer’s loss is ${n(factor, 3)}× smaller than this model’s.`
    : `Loss: ${both}: the LPM optimum’s loss is ${n(1 / factor, 3)}× larger than this model’s.`;
}

/** Where the model's R sits against R*: "8.4× above R*", "3× below R*", or null when either is missing. */
export function ratioAgainstThreshold(ratio: number | null, threshold: number | null): string | null {
  if (ratio === null || threshold === null || threshold <= 0) return null;
  const factor = ratio / threshold;
  return factor >= 1 ? `${n(factor, 2)}× above R*` : `${n(1 / factor, 2)}× below R*`;
}
