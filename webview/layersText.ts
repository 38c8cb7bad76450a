// Sentences about the separation fit (tested against the fit's formula in test/unit/webview).
import type { SeparationFit } from '../src/protocol/layers';
import { formatNumber } from '../src/protocol/format';

/** What ratio = exp(slope of ln D_l on l) says, in one sentence. */
export function fitSentence(fit: SeparationFit): string {
  const range = `layers ${fit.from}–${fit.to}`;
  if (fit.ratio === null) return `Too few layers with D_l > 0 in ${range} for a fit.`;
  const r = fit.pearson === null ? 'n/a' : formatNumber(fit.pearson, 3);
  const r2 = fit.r2 === null ? 'n/a' : formatNumber(fit.r2, 3);
  const change = fit.ratio < 1 ? `shrinks by a factor ${formatNumber(fit.ratio, 3)} per layer (each layer keeps ${formatNumber(100 * fit.ratio, 3)} % of the fuzziness)` : fit.ratio > 1 ? `grows by a factor ${formatNumber(fit.ratio, 3)} per layer` : 'stays the same from layer to layer';
  return `Least-squares fit of ln D_l on l over ${range} (${fit.points} layers): D_l ${change}; Pearson r = ${r}, R² = ${r2}.`;
}

/** Which layers stand off the fitted line. */
export function outlierSentence(fit: SeparationFit, names: readonly string[]): string | null {
  if (fit.outliers.length === 0) return null;
  return `Off the line (externally studentized residual above 3): ${fit.outliers.map((i) => `layer ${i} (${names[i] ?? '?'})`).join(', ')}.`;
}
