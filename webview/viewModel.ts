// What the views show, derived from a report (and a what-if update) without touching the DOM.
import type { LpmUpdateOk } from '../src/protocol/panel';
import type { AnalysisReport, GeometryDistances, LpmCurvePoint } from '../src/protocol/report';
import type { LpmResult } from '../src/protocol/result';

export interface ClassInfo {
  index: number;
  label: string;
  count: number;
  minority: boolean;
}

/** The LPM side as currently shown: the report's fit, or a what-if re-fit that replaced it. */
export interface LpmView {
  result: LpmResult;
  curve: LpmCurvePoint[];
  threshold: number | null;
  distances: GeometryDistances;
  /** The ratio the LPM was solved at: the model's R, or R_eff = R / w_r in a what-if. */
  ratio: number | null;
  oversample: number;
  ehew: number;
  /** True when this is a what-if re-fit, not the report's own LPM. */
  whatIf: boolean;
}

export interface ViewModel {
  report: AnalysisReport;
  k: number;
  classes: ClassInfo[];
  /** Heatmap class order: majority classes then minority classes, each by index, so the minority block is contiguous. */
  order: number[];
  minorityCount: number;
  lpm: LpmView | null;
  /** A local what-if in a standalone report (no engine): oversampling read off the report's curve. */
  localWhatIf: { oversample: number; ratio: number; cos: number | null } | null;
}

export function classInfo(report: AnalysisReport): ClassInfo[] {
  const minority = new Set(report.inspect.minority?.classes ?? []);
  return report.inspect.counts.map((count, index) => ({
    index,
    label: report.classNames?.[index] ?? String(index),
    count,
    minority: minority.has(index),
  }));
}

export function heatmapOrder(classes: ClassInfo[]): number[] {
  return [...classes.filter((c) => !c.minority), ...classes.filter((c) => c.minority)].map((c) => c.index);
}

/** Classes sorted by count, largest first (ties by index), for the norm chart. */
export function countOrder(classes: ClassInfo[]): number[] {
  return [...classes].sort((a, b) => b.count - a.count || a.index - b.index).map((c) => c.index);
}

/** cos_ij = G_ij / √(G_ii G_jj); null where a norm is ~0 (relative to the largest diagonal), since 0/0. */
export function cosFromGram(g: number[][]): (number | null)[][] {
  const maxDiag = Math.max(...g.map((row, i) => row[i]));
  const tiny = 1e-12 * maxDiag;
  return g.map((row, i) =>
    row.map((v, j) => (g[i][i] <= tiny || g[j][j] <= tiny ? null : Math.max(-1, Math.min(1, v / Math.sqrt(g[i][i] * g[j][j]))))),
  );
}

export function lpmView(report: AnalysisReport, update: LpmUpdateOk | null): LpmView | null {
  const lpm = report.lpm;
  if (!lpm) return null;
  const ehew = lpm.budgets.eh * lpm.budgets.ew;
  if (update) {
    return {
      result: update.result,
      curve: update.curve,
      threshold: update.threshold,
      distances: update.distances,
      ratio: update.ratioEffective,
      oversample: update.oversample,
      ehew: update.ehew,
      whatIf: true,
    };
  }
  return { result: lpm.result, curve: lpm.curve, threshold: lpm.threshold, distances: lpm.distances, ratio: lpm.modelRatio, oversample: 1, ehew, whatIf: false };
}

/**
 * The LPM minority cosine at `ratio`, read off a curve by linear interpolation in log R (the curve's own
 * grid is log-spaced). Null outside the curve or next to an undefined (zero-norm) point.
 */
export function curveAt(curve: LpmCurvePoint[], ratio: number): number | null {
  if (curve.length === 0 || ratio < curve[0].ratio || ratio > curve[curve.length - 1].ratio) return null;
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i];
    if (p.ratio === ratio) return p.cosMinority;
    if (p.ratio > ratio) {
      const q = curve[i - 1];
      if (p.cosMinority === null || q.cosMinority === null) return null;
      const t = (Math.log(ratio) - Math.log(q.ratio)) / (Math.log(p.ratio) - Math.log(q.ratio));
      return q.cosMinority + t * (p.cosMinority - q.cosMinority);
    }
  }
  return null;
}

export function buildViewModel(report: AnalysisReport, update: LpmUpdateOk | null, localOversample: number | null): ViewModel {
  const classes = classInfo(report);
  const lpm = lpmView(report, update);
  let localWhatIf: ViewModel['localWhatIf'] = null;
  const r = report.lpm?.modelRatio ?? null;
  // Reading oversampling off the curve is exact for two-level counts only (theory.md §2.5); a profile curve is
  // not the oversampled problem, so a standalone report does not read it there.
  if (localOversample !== null && r !== null && report.lpm && report.lpm.curveKind !== 'profile') {
    const ratio = r / localOversample;
    localWhatIf = { oversample: localOversample, ratio, cos: curveAt(report.lpm.curve, ratio) };
  }
  return {
    report,
    k: report.inspect.classes,
    classes,
    order: heatmapOrder(classes),
    minorityCount: classes.filter((c) => c.minority).length,
    lpm,
    localWhatIf,
  };
}

/** Mean of the off-diagonal entries of row i (a class's average cosine to the others). */
function rowMeanOffDiagonal(m: (number | null)[][] | null, i: number): number | null {
  if (!m) return null;
  // Entries are null where a cosine is undefined (a ~zero norm): average the defined ones.
  let s = 0;
  let n = 0;
  for (let j = 0; j < m.length; j++) {
    const v = m[i][j];
    if (j !== i && v !== null) {
      s += v;
      n++;
    }
  }
  return n ? s / n : null;
}

export const CLASS_TABLE_COLUMNS = [
  'class',
  'name',
  'count',
  'group',
  'norm_mean_centred',
  'norm_classifier',
  'mean_cos_classifier_to_others',
  'mean_cos_mean_to_others',
  'lpm_norm_w',
  'lpm_norm_h',
] as const;

export type ClassRow = Record<(typeof CLASS_TABLE_COLUMNS)[number], string | number | null>;

/** One row per class in index order: the per-class table and its CSV export. */
export function classRows(vm: ViewModel): ClassRow[] {
  const i = vm.report.inspect;
  return vm.classes.map((c) => ({
    class: c.index,
    name: c.label,
    count: c.count,
    group: vm.minorityCount === 0 ? 'balanced' : c.minority ? 'minority' : 'majority',
    norm_mean_centred: i.normsMeans?.[c.index] ?? null,
    norm_classifier: i.normsClassifiers?.[c.index] ?? null,
    mean_cos_classifier_to_others: rowMeanOffDiagonal(i.cosClassifiers, c.index),
    mean_cos_mean_to_others: rowMeanOffDiagonal(i.cosMeans, c.index),
    lpm_norm_w: vm.lpm?.result.normsW[c.index] ?? null,
    lpm_norm_h: vm.lpm?.result.normsH[c.index] ?? null,
  }));
}

/** RFC 4180 CSV: a header row, quoted fields where needed, empty for null, CRLF line ends. */
export function toCsv(rows: ClassRow[]): string {
  const field = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CLASS_TABLE_COLUMNS.join(','), ...rows.map((r) => CLASS_TABLE_COLUMNS.map((c) => field(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Oversampling factors offered: a 1–1.25–1.5–2–2.5–3–4–5–6–8 ladder per decade up to R itself (w_r = R balances). */
const LADDER = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

export function oversampleLadder(ratio: number | null): number[] {
  if (ratio === null || ratio <= 1) return [1];
  const out: number[] = [];
  for (let decade = 1; decade < ratio; decade *= 10) for (const f of LADDER) if (f * decade < ratio * (1 - 1e-9)) out.push(f * decade);
  out.push(ratio);
  return out;
}
