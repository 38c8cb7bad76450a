// An AnalysisReport (the panel's input, src/protocol/report.ts) from an inspect run: the metrics as
// measured, plus the Layer-Peeled Model calibrated from the same model (theory.md §4).
import { REPORT_FORMAT, REPORT_VERSION, type AnalysisReport, type LpmBudgets, type LpmCalibration, type LpmComparison } from '../../protocol/report';
import type { InspectResult } from '../../protocol/result';
import { InputError } from '../errors';
import type { RunGeometry } from './lpmComparison';
import { calibrations } from './calibrations';
import { calibrate, lpmComparison, type ComparisonOptions } from './lpmComparison';

export interface AssembleInput {
  result: InspectResult;
  geometry: RunGeometry | null;
  title: string;
  source: string;
  toolVersion?: string;
}

export interface Assembled {
  report: AnalysisReport;
  /** Why the report has no LPM part, when it has none. */
  lpmSkipped?: string;
}

export function assembleReport(input: AssembleInput, options: ComparisonOptions & { calibrations?: 'both' | 'norms' } = {}): Assembled {
  const { result, geometry } = input;
  let lpm: LpmComparison | undefined;
  let calibration: LpmBudgets | undefined;
  let lpmSkipped: string | undefined;
  /** Why the norm-matched LPM is absent, without the warning's prefix (the calibration sentence has its own). */
  let normsReason: string | null = null;
  if (!geometry) lpmSkipped = 'the model has no classifier matrix W to calibrate the LPM from';
  else {
    try {
      calibration = calibrate(geometry);
      lpm = lpmComparison(geometry, options, calibration);
    } catch (error) {
      // A degenerate model (zero classifier, zero feature energy) cannot be calibrated: report why.
      if (!(error instanceof InputError || error instanceof RangeError)) throw error;
      lpmSkipped = calibration ? `Layer-Peeled Model not shown: ${error.message}` : `the Layer-Peeled Model could not be calibrated: ${error.message}`;
      normsReason = error.message;
    }
  }
  // Both calibrations (norm- and loss-matched), whenever the norm-matched budgets exist.
  let both: { calibrations: LpmCalibration[]; budgetEfficiency: number | null } | undefined;
  if (geometry && calibration && options.calibrations !== 'norms') {
    both = calibrations(
      { geometry, norms: calibration, normsLpm: lpm ?? null, normsReason: lpm ? null : (normsReason ?? lpmSkipped ?? null), trainLoss: result.trainLoss, modelCos: result.minority?.meanCosClassifiers ?? null },
      options,
    );
  }
  const classNames = geometry?.classNames ?? result.data?.train.classNames ?? undefined;
  const report: AnalysisReport = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    meta: { title: input.title, createdAt: new Date().toISOString(), source: input.source, ...(input.toolVersion ? { toolVersion: input.toolVersion } : {}) },
    inspect: lpmSkipped ? { ...result, warnings: [...(result.warnings ?? []), lpmSkipped] } : result,
    ...(classNames && classNames.length === result.classes ? { classNames: [...classNames] } : {}),
    ...(lpm ? { lpm } : {}),
    ...(calibration ? { calibration } : {}),
    ...(both ? { calibrations: both.calibrations, budgetEfficiency: both.budgetEfficiency } : {}),
  };
  return { report, lpmSkipped };
}
