// Validation of a LayersResult (protocol/layers.ts) inside a report: the measured keys of every layer
// row and of the fit are read from the catalogue, so a new key is validated once it has an entry.
import { FIT_METRICS, LAYER_METRICS } from './catalogue';
import { isArrayOf, isFiniteNumber, isNumberOrNull, isRecord, isString } from './guards';
import type { LayersCurve } from './layers';

function curveProblems(value: unknown, path: string): string[] {
  const problems: string[] = [];
  if (!isRecord(value)) return [`${path} must be an object`];
  const c = value as Partial<Record<keyof LayersCurve, unknown>>;
  if (!isArrayOf(c.layers, isRecord) || c.layers.length === 0) return [`${path}.layers must be a non-empty array of layers`];
  c.layers.forEach((row, i) => {
    const at = `${path}.layers[${i}]`;
    if (!isFiniteNumber(row.index) || !isString(row.name) || !isString(row.className) || !isFiniteNumber(row.dim)) problems.push(`${at} needs index, name, className and dim`);
    for (const key of Object.keys(LAYER_METRICS) as (keyof typeof LAYER_METRICS)[]) {
      if (LAYER_METRICS[key].shape === 'group') {
        const m = row[key];
        if (m !== null && !(isRecord(m) && isNumberOrNull(m.majority) && isNumberOrNull(m.minority))) problems.push(`${at}.${key} must be null or {majority, minority}`);
      } else if (!isNumberOrNull(row[key])) problems.push(`${at}.${key} must be a number or null`);
    }
  });
  if (!isRecord(c.fit)) problems.push(`${path}.fit must be an object`);
  else {
    const fit = c.fit;
    for (const key of Object.keys(FIT_METRICS)) if (!isNumberOrNull(fit[key])) problems.push(`${path}.fit.${key} must be a number or null`);
    if (!isFiniteNumber(fit.from) || !isFiniteNumber(fit.to) || !isArrayOf(fit.outliers, isFiniteNumber)) problems.push(`${path}.fit needs from, to and outliers`);
  }
  if (!isFiniteNumber(c.penultimate) || c.penultimate < 0 || c.penultimate >= c.layers.length) problems.push(`${path}.penultimate must index a layer`);
  return problems;
}

/** Problems of a LayersResult, each naming its path; [] when valid. */
export function layersProblems(value: unknown, path: string): string[] {
  const problems = curveProblems(value, path);
  if (isRecord(value) && value.checkpoints !== undefined) {
    if (!Array.isArray(value.checkpoints)) problems.push(`${path}.checkpoints must be an array`);
    else value.checkpoints.forEach((c, i) => problems.push(...curveProblems(c, `${path}.checkpoints[${i}]`)));
  }
  return problems;
}
