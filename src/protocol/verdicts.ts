// Plain-language readings of NC1–NC4 and Minority Collapse: pure functions, no DOM, no vscode, shared by
// the panel's cards and the extension's Problems view. The secondary numbers of each card (`details`) are
// named and formatted by the metric catalogue (catalogue.ts).
//
// The cut-offs below are reading aids chosen for Collapse Lens, not values from the papers. Each one is
// anchored in what the metric means (theory.md §1) and stated here, once, so the views never hold a magic
// number. Changing a band changes the wording only, never a measured value.
import { METRICS, MINORITY_METRICS } from './catalogue';
import type { MetricEntry, MinorityMetricKey, ScalarMetricKey } from './catalogue';
import { formatMetric, formatNumber, formatPercent } from './format';
import type { MetricsResult, MinorityMetrics } from './result';
import { nc1FurtherDetails, nc2FurtherDetails, nc3FurtherDetails } from './furtherVerdicts';
import { indexList } from './classList';

/** How a reading is coloured: good (the ideal is near), warn (part way), bad (far / harmful), none (no data). */
export type Tone = 'good' | 'warn' | 'bad' | 'none';

export type VerdictId = 'nc1' | 'nc2' | 'nc3' | 'nc4' | 'nc5' | 'minority';

export interface Verdict {
  id: VerdictId;
  title: string;
  /** The headline number (null when it could not be computed). */
  value: number | null;
  /** The headline number formatted for display ("0.02", "2%"). */
  display: string;
  /** The ideal value in words, e.g. "0 (no within-class variation)". */
  ideal: string;
  /** One-word state: "strongly collapsed", "partly collapsed", … */
  label: string;
  /** One sentence a newcomer can read. */
  reading: string;
  tone: Tone;
  /** Secondary numbers shown under the headline. */
  details: { name: string; value: string }[];
  /** The definition in one or two sentences, with its source. */
  definition: string;
}

// ----------------------------------------------------------------------------------------------- bands

/**
 * NC1 = Tr(Σ_W Σ_B^+)/K (theory.md §1.2). With Σ_B^+ the within-class covariance is measured in units of
 * the between-class spread along the class-mean directions, so NC1 reads as "within-class variance as a
 * fraction of between-class variance". Papyan20 plots it on a log axis falling by orders of magnitude in
 * the terminal phase; we call one order of magnitude below parity (≤ 0.1) strong, below one half partial,
 * and at or above parity (classes overlap as much as they are apart) not collapsed.
 */
export const NC1_BANDS = { strong: 0.1, partial: 0.5, weak: 1 } as const;

/**
 * NC2 headline: mean |cos(w_i, w_j) + 1/(K−1)| over pairs (max-angle, theory.md §1.3), 0 at the simplex ETF.
 * The gap between orthogonal vectors (cos 0) and the ETF is 1/(K−1), so a mean deviation of 0.05 is a
 * small fraction of the angles' freedom for any K ≤ 20; 0.15 and above is a different geometry.
 */
export const NC2_ANGLE_BANDS = { strong: 0.05, partial: 0.15 } as const;

/** NC2 equinorm: coefficient of variation of the norms (theory.md §1.3). 5 % is equal to the eye, 20 % is not. */
export const NC2_NORM_BANDS = { strong: 0.05, partial: 0.2 } as const;

/**
 * NC3 = ‖W/‖W‖_F − Mc/‖Mc‖_F‖_F² (squared, theory.md §1.4). For unit-Frobenius matrices A, B,
 * ‖A − B‖² = 2 − 2⟨A, B⟩, so NC3 = 2(1 − c) with c the cosine between W and Mc as whole matrices:
 * 0.05 ↔ c = 0.975 (self-dual), 0.25 ↔ c = 0.875 (partly), beyond that the classifiers do not point at
 * the class means.
 */
export const NC3_BANDS = { strong: 0.05, partial: 0.25 } as const;

/**
 * NC4: fraction of samples where the network's decision and the nearest-class-centre rule disagree
 * (theory.md §1.5). 1 % or less: the network behaves as NCC; up to 5 %: mostly; more: it does not.
 */
export const NC4_BANDS = { strong: 0.01, partial: 0.05 } as const;

/**
 * Minority collapse: mean pairwise cosine of the minority classifiers (theory.md §1.6), −1/(K−1) at the
 * ETF and 1 under collapse. We place it on that scale, t = (cos + 1/(K−1)) / (1 + 1/(K−1)) ∈ [0, 1]:
 * t ≥ 0.9 collapsed (the LPM's exact collapse gives t = 1, §2.4), t ≥ 0.25 the minority classifiers are
 * drifting together (in the LPM table of §2.4 this is R ≈ 5 for K = 10, K_A = 5), below that near the ETF.
 */
export const MINORITY_BANDS = { collapsed: 0.9, drifting: 0.25 } as const;

/**
 * Below this mean squared minority-classifier norm (relative to the mean squared norm of all classifiers),
 * the minority classifiers are treated as collapsed to the origin: the cosine is 0/0 there (theory.md §1.6,
 * the second LPM regime of §2.4).
 */
export const MINORITY_ZERO_NORM = 1e-6;

// ----------------------------------------------------------------------------------------------- verdicts

/** A card's secondary number, named and formatted by the catalogue. */
function detail<K extends ScalarMetricKey>(m: Pick<MetricsResult, K>, key: K): { name: string; value: string } {
  const entry: MetricEntry = METRICS[key];
  return { name: entry.detail ?? entry.label, value: formatMetric(entry, m[key] as number | null | undefined) };
}

function minorityDetail(m: MinorityMetrics, key: MinorityMetricKey): { name: string; value: string } {
  const entry: MetricEntry = MINORITY_METRICS[key];
  return { name: entry.detail ?? entry.label, value: formatMetric(entry, m[key]) };
}

const unknown = (id: VerdictId, title: string, ideal: string, definition: string, why: string): Verdict => ({
  id,
  title,
  value: null,
  display: '—',
  ideal,
  label: 'not available',
  reading: why,
  tone: 'none',
  details: [],
  definition,
});

const NC1_DEFINITION =
  'NC1 = Tr(Σ_W Σ_B⁺)/K: the within-class covariance of the penultimate features measured against the ' +
  'between-class covariance (Papyan, Han & Donoho 2020, Fig. 6). It falls towards 0 as features collapse to their class means.';

export function nc1Verdict(m: Pick<MetricsResult, 'nc1' | 'nc1Quotient' | 'cdnv' | 'nc1Weak'>): Verdict {
  const ideal = '0 (every sample sits on its class mean)';
  if (m.nc1 === null) return unknown('nc1', 'NC1 · variability collapse', ideal, NC1_DEFINITION, 'Could not be computed (no between-class spread).');
  const v = m.nc1;
  let label: string;
  let tone: Tone;
  if (v <= NC1_BANDS.strong) [label, tone] = ['strongly collapsed', 'good'];
  else if (v <= NC1_BANDS.partial) [label, tone] = ['partly collapsed', 'warn'];
  else if (v < NC1_BANDS.weak) [label, tone] = ['weakly collapsed', 'bad'];
  else [label, tone] = ['not collapsed', 'bad'];
  return {
    id: 'nc1',
    title: 'NC1 · variability collapse',
    value: v,
    display: formatNumber(v),
    ideal,
    label,
    // Not "x % of the between-class spread": that reads as Tr Σ_W / Tr Σ_B (nc1Quotient, shown beside it).
    reading: `Tr(Σ_W Σ_B⁺)/K = ${formatNumber(v)}: the within-class spread measured in the directions and units of the between-class spread, averaged over the K classes: ${label}.`,
    tone,
    details: [
      detail(m, 'nc1Quotient'),
      detail(m, 'cdnv'),
      ...nc1FurtherDetails(m),
    ],
    definition: NC1_DEFINITION,
  };
}

const NC2_DEFINITION =
  'NC2: class means and classifiers become equal in norm and equiangular with cos = −1/(K−1), a simplex ETF ' +
  '(Papyan et al. 2020, Figs. 2–4). Headline: mean |cos + 1/(K−1)| over pairs of classifiers (of class means without W); ' +
  'equinorm: std/mean of the norms.';

function worstTone(a: Tone, b: Tone): Tone {
  const order: Tone[] = ['none', 'good', 'warn', 'bad'];
  return order[Math.max(order.indexOf(a), order.indexOf(b))];
}

function band(value: number, bands: { strong: number; partial: number }): Tone {
  return value <= bands.strong ? 'good' : value <= bands.partial ? 'warn' : 'bad';
}

export function nc2Verdict(
  m: Pick<MetricsResult, 'classes' | 'maxAngleClassifiers' | 'maxAngleMeans' | 'equinormClassifiers' | 'equinormMeans' | 'equiangularClassifiers' | 'equiangularMeans' | 'equinormLogMeans' | 'gnc2'>,
): Verdict {
  const k = m.classes;
  const etf = -1 / (k - 1);
  const ideal = `0 (all pairwise cosines = −1/(K−1) = ${formatNumber(etf, 3)})`;
  const onClassifiers = m.maxAngleClassifiers !== null;
  const angle = onClassifiers ? m.maxAngleClassifiers : m.maxAngleMeans;
  const norm = onClassifiers ? m.equinormClassifiers : m.equinormMeans;
  const what = onClassifiers ? 'classifier' : 'class-mean';
  if (angle === null && k === 2) {
    // Two centred class means are always antiparallel (core/metrics/twoClasses.ts): nothing to read.
    const why = 'Not informative for K = 2: the two centred class means are antiparallel by construction (cos = −1 = −1/(K−1)), so their NC2 values hold whatever the features' + (m.equinormClassifiers === null ? '.' : ', and the classifier cosine is undefined (a zero-norm classifier row, e.g. a one-unit head’s W = [0; w]).');
    return { ...unknown('nc2', 'NC2 · simplex ETF', ideal, NC2_DEFINITION, why), label: 'not informative for K = 2' };
  }
  if (angle === null) return unknown('nc2', 'NC2 · simplex ETF', ideal, NC2_DEFINITION, 'Could not be computed (a class has a zero-norm mean or classifier).');
  const angleTone = band(angle, NC2_ANGLE_BANDS);
  const normTone = norm === null ? 'none' : band(norm, NC2_NORM_BANDS);
  const tone = worstTone(angleTone, normTone);
  const label = tone === 'good' ? 'close to a simplex ETF' : tone === 'warn' ? 'near an ETF' : 'far from an ETF';
  const normText = norm === null ? '' : `; ${what} norms vary by ${formatPercent(norm)}`;
  return {
    id: 'nc2',
    title: 'NC2 · simplex ETF',
    value: angle,
    display: formatNumber(angle),
    ideal,
    label,
    reading: `Pairwise ${what} cosines are on average ${formatNumber(angle, 2)} away from the ETF's ${formatNumber(etf, 3)}${normText}: ${label}.`,
    tone,
    details: [
      detail(m, 'equinormMeans'),
      detail(m, 'equinormClassifiers'),
      detail(m, 'equiangularMeans'),
      detail(m, 'equiangularClassifiers'),
      detail(m, 'maxAngleMeans'),
      ...nc2FurtherDetails(m),
    ],
    definition: NC2_DEFINITION,
  };
}

const NC3_DEFINITION =
  'NC3 = ‖W/‖W‖_F − M̃/‖M̃‖_F‖²_F (squared; W as is, class means centred by the global mean): the classifiers ' +
  'line up with the centred class means (Papyan et al. 2020, Fig. 5). 0 = identical up to scale, 2 = orthogonal.';

export function nc3Verdict(m: Pick<MetricsResult, 'selfDuality' | 'selfDualityZhu' | 'unc3'>): Verdict {
  const ideal = '0 (classifiers ∝ centred class means)';
  if (m.selfDuality === null) return unknown('nc3', 'NC3 · self-duality', ideal, NC3_DEFINITION, 'Needs the classifier matrix W.');
  const v = m.selfDuality;
  const cosine = 1 - v / 2;
  const tone = band(v, NC3_BANDS);
  const label = tone === 'good' ? 'self-dual' : tone === 'warn' ? 'partly self-dual' : 'not self-dual';
  return {
    id: 'nc3',
    title: 'NC3 · self-duality',
    value: v,
    display: formatNumber(v),
    ideal,
    label,
    reading: `Classifiers and centred class means agree with cosine ${formatNumber(cosine, 3)} as whole matrices: ${label}.`,
    tone,
    details: [detail(m, 'selfDualityZhu'), ...nc3FurtherDetails(m)],
    definition: NC3_DEFINITION,
  };
}

const NC4_DEFINITION =
  'NC4: share of training samples where the classifier’s decision (with bias) differs from the nearest-class-centre rule ' +
  '(Papyan et al. 2020, Fig. 7). 0 = the classifier has become a nearest-class-mean classifier.';

export function nc4Verdict(m: Pick<MetricsResult, 'nccMismatch' | 'nccMismatchNoBias'>, testMismatch?: number | null): Verdict {
  const ideal = '0 (decisions = nearest class centre)';
  if (m.nccMismatch === null) return unknown('nc4', 'NC4 · nearest class centre', ideal, NC4_DEFINITION, 'Needs the classifier and the training samples.');
  const v = m.nccMismatch;
  const tone = band(v, NC4_BANDS);
  const label = tone === 'good' ? 'behaves as nearest-centre' : tone === 'warn' ? 'mostly nearest-centre' : 'not nearest-centre';
  const details = [detail(m, 'nccMismatchNoBias')];
  if (testMismatch !== undefined) details.push({ name: 'on the test set', value: formatNumber(testMismatch) });
  return {
    id: 'nc4',
    title: 'NC4 · nearest class centre',
    value: v,
    display: formatPercent(v),
    ideal,
    label,
    reading: `The classifier’s decisions and the nearest-class-centre rule disagree on ${formatPercent(v)} of training samples: ${label}.`,
    tone,
    details,
    definition: NC4_DEFINITION,
  };
}

const MINORITY_DEFINITION =
  'Minority Collapse (Fang, He, Long & Su 2021): with enough imbalance the minority classes’ classifiers become ' +
  'identical, so the classifier cannot tell those classes apart. Headline: mean pairwise cosine of the minority classifiers ' +
  '(−1/(K−1) at the ETF, 1 when collapsed).';

export interface MinorityContext {
  /** LPM prediction at the model's own ratio, and the threshold R*, when the report has the LPM. */
  lpmCos?: number | null;
  threshold?: number | null;
  modelRatio?: number | null;
  /** Mean ‖w_k‖² over all classes, to tell a zero-norm collapse from noise. */
  meanSquaredNormAll?: number | null;
}

export function minorityVerdict(m: Pick<MetricsResult, 'classes' | 'minority'>, ctx: MinorityContext = {}): Verdict {
  const k = m.classes;
  const etf = -1 / (k - 1);
  const ideal = `−1/(K−1) = ${formatNumber(etf, 3)} (minority classes as separated as the others)`;
  const title = 'Minority Collapse';
  if (m.minority === null || m.minority.classes.length < 2) {
    return { ...unknown('minority', title, ideal, MINORITY_DEFINITION, 'Balanced classes (or fewer than two minority classes): nothing can collapse.'), label: 'not applicable' };
  }
  const mc = m.minority;
  const lpmDetails = [];
  if (ctx.modelRatio !== undefined && ctx.modelRatio !== null) lpmDetails.push({ name: 'imbalance ratio R', value: formatNumber(ctx.modelRatio) });
  if (ctx.lpmCos !== undefined) lpmDetails.push({ name: 'LPM prediction at this R', value: formatNumber(ctx.lpmCos ?? null) });
  if (ctx.threshold !== undefined) lpmDetails.push({ name: 'LPM threshold R*', value: ctx.threshold === null ? 'not reached' : formatNumber(ctx.threshold) });
  const details = [
    { name: 'minority classes', value: indexList(mc.classes) },
    minorityDetail(mc, 'stdCosClassifiers'),
    minorityDetail(mc, 'meanDistanceClassifiers'),
    minorityDetail(mc, 'meanNormClassifiers'),
    ...lpmDetails,
  ];
  const zeroNorm =
    mc.meanNormClassifiers !== null &&
    ctx.meanSquaredNormAll !== undefined &&
    ctx.meanSquaredNormAll !== null &&
    mc.meanNormClassifiers <= MINORITY_ZERO_NORM * ctx.meanSquaredNormAll;
  if (zeroNorm) {
    return {
      id: 'minority', title, value: null, display: '‖w‖ ≈ 0', ideal, label: 'collapsed to zero', tone: 'bad', details, definition: MINORITY_DEFINITION,
      reading: 'The minority classifiers have shrunk to ~zero norm (their cosine is 0/0): collapsed to the origin.',
    };
  }
  const cos = mc.meanCosClassifiers;
  if (cos === null) {
    return { ...unknown('minority', title, ideal, MINORITY_DEFINITION, mc.notes?.join(' ') || 'The minority cosine is undefined (a minority classifier has ~zero norm).'), details };
  }
  const t = (cos - etf) / (1 - etf);
  let label: string;
  let tone: Tone;
  if (t >= MINORITY_BANDS.collapsed) [label, tone] = ['minority collapse', 'bad'];
  else if (t >= MINORITY_BANDS.drifting) [label, tone] = ['drifting together', 'warn'];
  else [label, tone] = ['no collapse', 'good'];
  return {
    id: 'minority',
    title,
    value: cos,
    display: formatNumber(cos, 3),
    ideal,
    label,
    reading: `Minority classifiers have mean pairwise cosine ${formatNumber(cos, 3)} (ETF ${formatNumber(etf, 3)}, collapse 1): ${label}.`,
    tone,
    details,
    definition: MINORITY_DEFINITION,
  };
}

/** The five cards in display order. */
export function verdicts(m: MetricsResult, options: { testMismatch?: number | null; minority?: MinorityContext } = {}): Verdict[] {
  return [nc1Verdict(m), nc2Verdict(m), nc3Verdict(m), nc4Verdict(m, options.testMismatch), minorityVerdict(m, options.minority)];
}
