// The one number formatter. The panel shows `formatNumber` (real minus sign); the CLI prints `formatCli`
// (the same digits with an ASCII minus, so numbers can be copied into code). Both read a catalogue entry's
// digits through `formatMetric`.
import type { MetricEntry } from './catalogue';

export interface NumberStyle {
  /** `unicode` (default): "−0.1"; `ascii`: "-0.1". */
  minus?: 'unicode' | 'ascii';
  /** Shown for null, undefined and non-finite values (default "—"). */
  missing?: string;
}

/** `digits` significant digits, scientific outside [1e-3, 1e5) with a trimmed mantissa ("3.2e−7"). */
export function formatNumber(value: number | null | undefined, digits = 4, style: NumberStyle = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return style.missing ?? '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  let text: string;
  if (abs >= 1e-3 && abs < 1e5) text = Number(value.toPrecision(digits)).toString();
  else {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    text = `${Number(mantissa)}e${exponent}`;
  }
  return style.minus === 'ascii' ? text : text.replace(/-/g, '−');
}

/** The CLI's numbers: formatNumber with an ASCII minus. */
export function formatCli(value: number | null | undefined, digits = 4, missing = '—'): string {
  return formatNumber(value, digits, { minus: 'ascii', missing });
}

/** A fraction as a percentage with two significant digits: 0.0213 → "2.1%", 0.0004 → "0.04%". */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  if (pct === 0) return '0%';
  const text = Math.abs(pct) >= 10 ? pct.toFixed(0) : Number(pct.toPrecision(2)).toString();
  return `${text.replace(/-/g, '−')}%`;
}

/** A value as its catalogue entry says (its significant digits; counts as integers). */
export function formatMetric(entry: MetricEntry, value: number | null | undefined, style: NumberStyle = {}): string {
  if (entry.format === 'count' && value !== null && value !== undefined && Number.isFinite(value)) return String(value);
  return formatNumber(value, entry.digits ?? 4, style);
}
