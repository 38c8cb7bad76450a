// The diagnostics panel's input: one analysis, with the theory it is compared against.
//
// Who fills what:
//   inspect   the metrics engine (`collapse-lens inspect --json`, InspectResult in result.ts), unchanged.
//   lpm       the Layer-Peeled-Model side (issue: LPM), computed for the SAME class order and counts as
//             `inspect.counts`, with budgets calibrated from the model (theory.md §4). Omitted when the
//             model has no classifier matrix W or the LPM was not run.
//   meta      who made the report and from what.
// The panel validates a report on arrival with `reportProblems` / `isAnalysisReport` and shows the list
// of problems instead of rendering a report it cannot trust. The same JSON is what the panel's "JSON"
// export writes and what the standalone HTML report inlines, so `collapse-lens inspect … --html` and the
// extension produce identical files.
import type { InspectResult, LpmResult, TrajectoryPoint } from './result';
import type { LayersResult } from './layers';
import { layersProblems } from './layersGuards';
import { METRICS, MINORITY_METRICS, SCALAR_METRIC_KEYS, TRAJECTORY_METRIC_KEYS } from './catalogue';
import type { MetricEntry, MinorityMetricKey } from './catalogue';
import { checkedAs, isArrayOf, isFiniteNumber, isNumberOrNull, isRecord, isString, type Checked } from './guards';

/** Marks the JSON so a file can be recognised; bump `version` on a breaking change. */
export const REPORT_FORMAT = 'collapse-lens-report';
export const REPORT_VERSION = 1;

export interface AnalysisReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  meta: ReportMeta;
  /**
   * The model's measurements. The panel uses: model, backend, counts, conventions, every NC metric,
   * `minority` (its `classes` define the minority block everywhere in the panel), cosMeans,
   * cosClassifiers, normsMeans, normsClassifiers, test, trajectory.
   */
  inspect: InspectResult;
  /** Display names of the classes in class-index order (length K). Without it classes show as 0..K−1. */
  classNames?: string[];
  lpm?: LpmComparison;
  /**
   * The budgets calibrated from the model (theory.md §4), also when `lpm` is absent because the LPM could
   * not be solved reliably for them (then `inspect.warnings` says why).
   */
  calibration?: LpmBudgets;
  /** Separation across layers (`report --layers`, docs/layers.md). */
  layers?: LayersResult;
  /**
   * Both calibrations of the LPM to the model (theory.md §2.9), norm-matched first, loss-matched second;
   * `calibration`/`lpm` above are aliases of the norm-matched entry's budgets and comparison.
   */
  calibrations?: LpmCalibration[];
  /** ehew(loss) / ehew(norms): how much of its norm budget the last layer turns into margin (null when either is missing). */
  budgetEfficiency?: number | null;
}

export type CalibrationKind = 'norms' | 'loss';

/** One calibration of the LPM budgets and the LPM solved there (docs/lpm.md "Two calibrations"). */
export interface LpmCalibration {
  kind: CalibrationKind;
  /** E_H and E_W (loss: the norm-matched split E_W/E_H kept), and their product; null when not computable. */
  eh: number | null;
  ew: number | null;
  ehew: number | null;
  /** LPM optimal loss per sample at these budgets (loss: equal to the model's trainLoss to ~1e-6). */
  objective: number | null;
  /** The LPM's mean minority classifier cosine at these budgets. */
  cosMinority: number | null;
  /** R* at these budgets for the model's K_A/K_B split; null when not two-level or not reached (see reason). */
  threshold: number | null;
  /** The full LPM comparison at these budgets; null when not computable (see reason). */
  lpm: LpmComparison | null;
  /** Why lpm or threshold is null; null when both are given. */
  reason: string | null;
  /** The model on this calibration's R-curve: its R and its own mean minority classifier cosine. */
  modelPoint: { ratio: number | null; cosMinority: number | null };
  /** One plain sentence on where the model stands against R* at these budgets. */
  statement: string;
}

export interface ReportMeta {
  /** Shown as the panel's heading, e.g. "mlp-fashion (R = 100)". */
  title: string;
  /** ISO 8601 time the analysis finished. */
  createdAt: string;
  /** Where the numbers come from: a command line, model path, or a fixture's construction. */
  source: string;
  /** Collapse Lens version that produced the report. */
  toolVersion?: string;
  /** True for `report --lpm-only` ("Fit Layer-Peeled Model…"): no trained model, `inspect` measures the LPM optimum. */
  lpmOnly?: boolean;
}

/** The LPM budgets the comparison used (theory.md §2.1, calibrated as in §4). */
export interface LpmBudgets {
  /** E_H: feature budget, mean over classes of (1/n_k) Σ_i ‖h_i‖². */
  eh: number;
  /** E_W: classifier budget, mean over classes of ‖w_k‖². */
  ew: number;
  /**
   * How the features were centred before E_H was computed, in words the panel shows as is:
   * "none (raw features)", "μ_G^u (mean of class means)", "μ_G^w (sample mean)". The LPM has no bias,
   * so this is a choice (theory.md §4).
   */
  centring: string;
}

/**
 * How a report grouped the counts it fitted the LPM to (core/report/grouping.ts; above 300 classes with many
 * distinct counts): every class got its group's mean count.
 */
export interface LpmGrouping {
  /** Number of groups (distinct grouped counts). */
  groups: number;
  /** Largest/smallest count within any group is at most this. */
  spread: number;
  /** max_k |grouped n_k − n_k| / n_k. */
  largestChange: number;
}

/** One point of the minority-collapse curve: the LPM at imbalance ratio R = n_A / n_B. */
export interface LpmCurvePoint {
  ratio: number;
  /** Mean pairwise cosine of the LPM's minority classifiers; null where their norms are ~0 (0/0, §1.6). */
  cosMinority: number | null;
}

/** The five K×K geometries the panel puts side by side, in one class order. */
export type GeometryId = 'classifiers' | 'means' | 'lpm' | 'etf' | 'seli';
export const GEOMETRY_IDS: readonly GeometryId[] = ['classifiers', 'means', 'lpm', 'etf', 'seli'];

/** d(A, B) = ‖A/‖A‖_F − B/‖B‖_F‖_F (theory.md §3.1), 0 = same shape, at most 2. */
export interface GeometryDistance {
  a: GeometryId;
  b: GeometryId;
  value: number;
}

export interface GeometryDistances {
  /**
   * Which K×K matrices were normalised and compared: `cosine` (the cosine matrices the heatmaps show:
   * norms do not count) or `gram` (Gram matrices W Wᵀ, Mc Mcᵀ, …: norms count, as §3.1 recommends for SELI).
   */
  basis: 'cosine' | 'gram';
  /** Unordered pairs; a pair whose matrix is missing (no W, no SELI) is simply absent. */
  pairs: GeometryDistance[];
}

export interface LpmComparison {
  budgets: LpmBudgets;
  /**
   * The LPM solved for the model's own counts (`inspect.counts`, class order preserved; grouped counts when
   * `grouping` is present, in `result.counts`) and `budgets`.
   * The panel reads `gramW` (K×K, class order of inspect.counts) for the heatmap, `normsW`/`normsH`
   * as Euclidean norms ‖w_k‖, ‖h_k‖ (not squared) for the norm chart, `cosMinority`, `objective`.
   */
  result: LpmResult;
  /**
   * LPM minority cosine against R for the model's K_A (majority) / K_B (minority) split and budgets,
   * R ascending; LPM21's grid is R = 10^{0.1 i}, i = 0..40 (theory.md §2.6). Empty for balanced data.
   */
  curve: LpmCurvePoint[];
  /**
   * What `curve` is (docs/lpm.md): 'two-level', the K_A/K_B problem at ratio R (two-level counts); 'profile',
   * the model's count profile scaled, n_max·(n_k/n_max)^α, against R(α) = mean majority / mean minority count
   * (other counts). Absent in reports without a curve and in reports of earlier versions (two-level).
   */
  curveKind?: 'two-level' | 'profile';
  /** R*: smallest R with exact minority collapse (theory.md §2.4 definition); null if not reached on the curve. */
  threshold: number | null;
  /** The model's own R = mean majority count / mean minority count; null when there is no minority. */
  modelRatio: number | null;
  /** SELI classifier Gram (P_K D P_K)^{1/2} for the model's counts (theory.md §3.1); null if not computed. */
  seliGramW: number[][] | null;
  /** Simplex-ETF Gram with unit vectors, (K/(K−1))·P_K (theory.md §5.1). */
  etfGram: number[][];
  distances: GeometryDistances;
  /** Present when the LPM (result, curve, R*) was fitted to grouped counts: result.counts holds them. */
  grouping?: LpmGrouping;
}

// ---------------------------------------------------------------------------------------------------
// Validation. `reportProblems` names every problem with its path ("inspect.cosMeans[2][3] is not a
// finite number") so a bad file can be fixed; the panel shows this list instead of a broken view.

type Problems = string[];

function need(problems: Problems, ok: boolean, path: string, what: string): boolean {
  if (!ok) problems.push(`${path} ${what}`);
  return ok;
}

function checkMatrix(problems: Problems, value: unknown, path: string, k: number, allowNull = false): void {
  if (!need(problems, Array.isArray(value), path, `must be a ${k}×${k} matrix (array of rows)`)) return;
  const rows = value as unknown[];
  if (!need(problems, rows.length === k, path, `has ${rows.length} rows, expected ${k}`)) return;
  for (let i = 0; i < k; i++) {
    const row = rows[i];
    if (!need(problems, Array.isArray(row) && row.length === k, `${path}[${i}]`, `must be a row of ${k} numbers`)) return;
    for (let j = 0; j < k; j++) {
      const v = (row as unknown[])[j];
      if (!(allowNull ? isNumberOrNull(v) : isFiniteNumber(v))) {
        problems.push(`${path}[${i}][${j}] is not a finite number`);
        return;
      }
    }
  }
}

function checkVector(problems: Problems, value: unknown, path: string, k: number): void {
  if (!need(problems, isArrayOf(value, isFiniteNumber), path, 'must be an array of finite numbers')) return;
  need(problems, (value as number[]).length === k, path, `has ${(value as number[]).length} entries, expected ${k}`);
}

/** A scalar of the catalogue: a number or null; an optional one may also be absent. */
function checkScalar(problems: Problems, entry: MetricEntry, value: unknown, path: string): void {
  if (entry.optional && value === undefined) return;
  need(problems, isNumberOrNull(value), path, 'must be a number or null');
}

function checkTrajectoryPoint(problems: Problems, p: unknown, path: string): void {
  if (!need(problems, isRecord(p), path, 'must be an object')) return;
  const point = p as Record<string, unknown>;
  need(problems, isString(point.checkpoint), `${path}.checkpoint`, 'must be a string');
  need(problems, isNumberOrNull(point.epoch), `${path}.epoch`, 'must be a number or null');
  for (const key of TRAJECTORY_METRIC_KEYS) need(problems, isNumberOrNull(point[key]), `${path}.${key}`, 'must be a number or null');
}

function checkInspect(problems: Problems, value: unknown): number {
  if (!need(problems, isRecord(value), 'inspect', 'must be an object (InspectResult)')) return 0;
  const r = value as Record<string, unknown>;
  const k = r.classes;
  if (!need(problems, Number.isInteger(k) && (k as number) >= 2, 'inspect.classes', 'must be an integer ≥ 2')) return 0;
  const K = k as number;
  need(problems, Number.isInteger(r.samples) && (r.samples as number) > 0, 'inspect.samples', 'must be a positive integer');
  need(problems, Number.isInteger(r.dim) && (r.dim as number) > 0, 'inspect.dim', 'must be a positive integer');
  checkVector(problems, r.counts, 'inspect.counts', K);
  const conv = r.conventions;
  if (need(problems, isRecord(conv), 'inspect.conventions', 'must be an object')) {
    const c = conv as Record<string, unknown>;
    need(problems, c.globalMean === 'unweighted' || c.globalMean === 'weighted', 'inspect.conventions.globalMean', "must be 'unweighted' or 'weighted'");
    need(problems, c.ddof === 0 || c.ddof === 1, 'inspect.conventions.ddof', 'must be 0 or 1');
  }
  for (const key of SCALAR_METRIC_KEYS) checkScalar(problems, METRICS[key], r[key], `inspect.${key}`);
  // Null entries: cosines that are undefined because a norm is ~0 (theory.md §1.6).
  checkMatrix(problems, r.cosMeans, 'inspect.cosMeans', K, true);
  if (r.cosClassifiers !== null) checkMatrix(problems, r.cosClassifiers, 'inspect.cosClassifiers', K, true);
  if (r.normsMeans !== undefined) checkVector(problems, r.normsMeans, 'inspect.normsMeans', K);
  if (r.normsClassifiers !== undefined && r.normsClassifiers !== null) checkVector(problems, r.normsClassifiers, 'inspect.normsClassifiers', K);
  const minority = r.minority;
  if (minority !== null && need(problems, isRecord(minority), 'inspect.minority', 'must be an object or null')) {
    const m = minority as Record<string, unknown>;
    const ok = isArrayOf(m.classes, (c): c is number => Number.isInteger(c) && (c as number) >= 0 && (c as number) < K);
    need(problems, ok, 'inspect.minority.classes', `must be class indices in 0..${K - 1}`);
    for (const key of Object.keys(MINORITY_METRICS) as MinorityMetricKey[]) {
      checkScalar(problems, MINORITY_METRICS[key], m[key], `inspect.minority.${key}`);
    }
  }
  const model = r.model;
  if (need(problems, isRecord(model), 'inspect.model', 'must be an object (ModelReport)')) {
    const m = model as Record<string, unknown>;
    need(problems, ['layers-model', 'graph-model', 'features'].includes(m.format as string), 'inspect.model.format', "must be 'layers-model', 'graph-model' or 'features'");
  }
  const backend = r.backend;
  if (need(problems, isRecord(backend), 'inspect.backend', 'must be an object')) {
    need(problems, isString((backend as Record<string, unknown>).name), 'inspect.backend.name', 'must be a string');
  }
  if (r.trajectory !== undefined) {
    if (need(problems, Array.isArray(r.trajectory), 'inspect.trajectory', 'must be an array')) {
      (r.trajectory as unknown[]).forEach((p, i) => checkTrajectoryPoint(problems, p, `inspect.trajectory[${i}]`));
    }
  }
  return K;
}

/** Problems with an LpmResult for K classes (shared by the report and the what-if update). */
export function lpmResultProblems(value: unknown, k: number, path: string): string[] {
  const problems: Problems = [];
  if (!need(problems, isRecord(value), path, 'must be an object (LpmResult)')) return problems;
  const r = value as Record<string, unknown>;
  need(problems, isFiniteNumber(r.objective), `${path}.objective`, 'must be a finite number');
  need(problems, isNumberOrNull(r.cosMinority), `${path}.cosMinority`, 'must be a number or null');
  checkVector(problems, r.normsW, `${path}.normsW`, k);
  checkVector(problems, r.normsH, `${path}.normsH`, k);
  checkMatrix(problems, r.gramW, `${path}.gramW`, k);
  return problems;
}

export function curveProblems(value: unknown, path: string): string[] {
  const problems: Problems = [];
  if (!need(problems, Array.isArray(value), path, 'must be an array of {ratio, cosMinority}')) return problems;
  let previous = 0;
  (value as unknown[]).forEach((p, i) => {
    if (!need(problems, isRecord(p), `${path}[${i}]`, 'must be an object')) return;
    const point = p as Record<string, unknown>;
    if (need(problems, isFiniteNumber(point.ratio) && point.ratio >= 1, `${path}[${i}].ratio`, 'must be a number ≥ 1')) {
      need(problems, (point.ratio as number) > previous, `${path}[${i}].ratio`, 'must be larger than the previous ratio');
      previous = point.ratio as number;
    }
    need(problems, isNumberOrNull(point.cosMinority), `${path}[${i}].cosMinority`, 'must be a number or null');
  });
  return problems;
}

export function distancesProblems(value: unknown, path: string): string[] {
  const problems: Problems = [];
  if (!need(problems, isRecord(value), path, 'must be an object {basis, pairs}')) return problems;
  const d = value as Record<string, unknown>;
  need(problems, d.basis === 'cosine' || d.basis === 'gram', `${path}.basis`, "must be 'cosine' or 'gram'");
  if (!need(problems, Array.isArray(d.pairs), `${path}.pairs`, 'must be an array')) return problems;
  (d.pairs as unknown[]).forEach((p, i) => {
    const ok =
      isRecord(p) &&
      GEOMETRY_IDS.includes(p.a as GeometryId) &&
      GEOMETRY_IDS.includes(p.b as GeometryId) &&
      isFiniteNumber(p.value) &&
      p.value >= 0;
    need(problems, ok, `${path}.pairs[${i}]`, `must be {a, b, value ≥ 0} with a, b in ${GEOMETRY_IDS.join(', ')}`);
  });
  return problems;
}

function checkLpm(problems: Problems, value: unknown, k: number): void {
  if (!need(problems, isRecord(value), 'lpm', 'must be an object (LpmComparison)')) return;
  const l = value as Record<string, unknown>;
  const b = l.budgets;
  if (need(problems, isRecord(b), 'lpm.budgets', 'must be an object {eh, ew, centring}')) {
    const budgets = b as Record<string, unknown>;
    need(problems, isFiniteNumber(budgets.eh) && budgets.eh > 0, 'lpm.budgets.eh', 'must be a positive number');
    need(problems, isFiniteNumber(budgets.ew) && budgets.ew > 0, 'lpm.budgets.ew', 'must be a positive number');
    need(problems, isString(budgets.centring), 'lpm.budgets.centring', 'must be a string');
  }
  problems.push(...lpmResultProblems(l.result, k, 'lpm.result'));
  problems.push(...curveProblems(l.curve, 'lpm.curve'));
  need(problems, l.curveKind === undefined || l.curveKind === 'two-level' || l.curveKind === 'profile', 'lpm.curveKind', "must be 'two-level' or 'profile' when present");
  need(problems, l.threshold === null || (isFiniteNumber(l.threshold) && l.threshold >= 1), 'lpm.threshold', 'must be a number ≥ 1 or null');
  need(problems, l.modelRatio === null || (isFiniteNumber(l.modelRatio) && l.modelRatio >= 1), 'lpm.modelRatio', 'must be a number ≥ 1 or null');
  if (l.seliGramW !== null) checkMatrix(problems, l.seliGramW, 'lpm.seliGramW', k);
  checkMatrix(problems, l.etfGram, 'lpm.etfGram', k);
  problems.push(...distancesProblems(l.distances, 'lpm.distances'));
}

/** Every problem that keeps `value` from being an AnalysisReport; empty when it is one. */
export function reportProblems(value: unknown): string[] {
  const problems: Problems = [];
  if (!need(problems, isRecord(value), 'report', 'must be a JSON object')) return problems;
  const r = value as Record<string, unknown>;
  need(problems, r.format === REPORT_FORMAT, 'format', `must be "${REPORT_FORMAT}"`);
  need(problems, r.version === REPORT_VERSION, 'version', `must be ${REPORT_VERSION}`);
  const meta = r.meta;
  if (need(problems, isRecord(meta), 'meta', 'must be an object {title, createdAt, source}')) {
    const m = meta as Record<string, unknown>;
    for (const key of ['title', 'createdAt', 'source']) need(problems, isString(m[key]), `meta.${key}`, 'must be a string');
    need(problems, m.lpmOnly === undefined || typeof m.lpmOnly === 'boolean', 'meta.lpmOnly', 'must be true or false when given');
  }
  const k = checkInspect(problems, r.inspect);
  if (k > 0 && r.classNames !== undefined) {
    need(problems, isArrayOf(r.classNames, isString) && r.classNames.length === k, 'classNames', `must be ${k} strings`);
  }
  if (k > 0 && r.lpm !== undefined) checkLpm(problems, r.lpm, k);
  if (r.layers !== undefined) problems.push(...layersProblems(r.layers, 'layers'));
  return problems;
}

/** The report, or every problem that keeps `value` from being one. */
export function checkReport(value: unknown): Checked<AnalysisReport> {
  return checkedAs<AnalysisReport>(value, reportProblems(value));
}

export function isAnalysisReport(value: unknown): value is AnalysisReport {
  return reportProblems(value).length === 0;
}

export type { InspectResult, LpmResult, TrajectoryPoint };
