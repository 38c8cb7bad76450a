// The further metrics of the public libraries (theory.md §1.11) on the verdict cards: the secondary numbers
// they add to NC1 (nc1Weak), NC2 (equinormLogMeans, gnc2) and NC3 (unc3), and the NC5 card, shown when
// the report has an out-of-distribution set. Names and formats come from the metric catalogue.
import { METRICS } from './catalogue';
import type { MetricEntry } from './catalogue';
import { formatMetric, formatNumber } from './format';
import type { MetricsResult } from './result';
import type { Tone, Verdict } from './verdicts';

type Detail = { name: string; value: string };
const name = (entry: MetricEntry): string => entry.detail ?? entry.label;
const show = (entry: MetricEntry, v: number | null | undefined) => formatMetric(entry, v);

/** NC1 card: the weak form, when the result has the key. */
export function nc1FurtherDetails(m: Pick<MetricsResult, 'nc1Weak'>): Detail[] {
  if (m.nc1Weak === undefined) return [];
  const w = m.nc1Weak;
  return [{ name: name(METRICS.nc1Weak), value: w ? `${show(METRICS.nc1Weak, w.within)}, ${show(METRICS.nc1Weak, w.between)}` : '—' }];
}

/** NC2 card: equinorm on log norms and the GNC2 log kernel, when the result has them. */
export function nc2FurtherDetails(m: Pick<MetricsResult, 'equinormLogMeans' | 'gnc2'>): Detail[] {
  const out: Detail[] = [];
  if (m.equinormLogMeans !== undefined) out.push({ name: name(METRICS.equinormLogMeans), value: show(METRICS.equinormLogMeans, m.equinormLogMeans) });
  if (m.gnc2 !== undefined) {
    const g = m.gnc2;
    out.push({ name: name(METRICS.gnc2), value: g ? `${show(METRICS.gnc2, g.logMean)}, ${show(METRICS.gnc2, g.logVar)}` : '—' });
  }
  return out;
}

/** NC3 card: UNC3, when the result has it. */
export function nc3FurtherDetails(m: Pick<MetricsResult, 'unc3'>): Detail[] {
  return m.unc3 === undefined ? [] : [{ name: name(METRICS.unc3), value: show(METRICS.unc3, m.unc3) }];
}

/**
 * NC5 bands, reading aids for mean |cos(w_k, μ_OOD − μ_G)|: ≤ 0.1 (every angle ≥ 84° on average) reads as
 * orthogonal, ≤ 0.3 (≥ 73°) as mostly orthogonal, above that the OOD mean leans towards the classifiers.
 */
export const NC5_BANDS = { strong: 0.1, partial: 0.3 } as const;

const NC5_DEFINITION =
  'NC5 = mean over k of |cos(w_k, μ_OOD − μ_G)|, μ_OOD the mean penultimate feature of an out-of-distribution data set ' +
  '(Ammar et al. 2024; rhubarbwu/neural-collapse). 0 = the OOD mean moves away from the global mean orthogonally to every classifier.';

/** The NC5 card, or null when the result has no out-of-distribution set (nc5 absent, or null for want of one). */
export function nc5Verdict(m: Pick<MetricsResult, 'nc5' | 'reasons'>, oodGiven: boolean): Verdict | null {
  if (!oodGiven && (m.nc5 === undefined || m.nc5 === null)) return null;
  const base = { id: 'nc5' as const, title: 'NC5 · OOD orthogonality', ideal: '0 (OOD mean orthogonal to every classifier)', definition: NC5_DEFINITION };
  if (m.nc5 === null || m.nc5 === undefined) {
    return { ...base, value: null, display: '—', label: 'not available', reading: m.reasons?.nc5 ?? 'Could not be computed.', tone: 'none', details: [] };
  }
  const v = m.nc5;
  const tone: Tone = v <= NC5_BANDS.strong ? 'good' : v <= NC5_BANDS.partial ? 'warn' : 'bad';
  const label = tone === 'good' ? 'orthogonal' : tone === 'warn' ? 'mostly orthogonal' : 'not orthogonal';
  return {
    ...base,
    value: v,
    display: formatNumber(v),
    label,
    reading: `The out-of-distribution mean differs from the global mean in a direction whose |cosine| with the classifiers averages ${formatNumber(v, 3)}: ${label}.`,
    tone,
    details: [],
  };
}
