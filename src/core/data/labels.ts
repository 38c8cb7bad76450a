// Labels as users write them: class indices ("0", "2", "1.0") or class names ("cat", "dog").
// Names are mapped to indices in sorted (code-unit) order, the convention of Keras's
// image_dataset_from_directory, so class k of a model trained that way is names[k]. A test set
// must use the training set's mapping.

export type LabelMapping =
  /** Labels are class indices. */
  | { kind: 'indices' }
  /** Labels are names; index k ↔ names[k]. */
  | { kind: 'names'; names: readonly string[] };

const INTEGER = /^[+]?\d+(?:\.0*)?$/;

/** Why a raw label is not a usable class index, or undefined when it is one. */
export function indexFault(raw: string): string | undefined {
  if (INTEGER.test(raw)) return undefined;
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isFinite(n)) return n < 0 ? `label ${raw} is negative` : `label ${raw} is not an integer class index`;
  return `label "${raw}" is not a class index`;
}

/**
 * Decides how a file's labels are read, from every distinct raw label in it: all numeric → indices
 * (each must then be a non-negative integer), any non-numeric → names.
 */
export function inferLabelMapping(distinct: Iterable<string>): LabelMapping {
  const values = [...distinct];
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  if (numeric) return { kind: 'indices' };
  return { kind: 'names', names: [...new Set(values)].sort() };
}

/** The class index of a raw label, or a fault message. */
export function labelIndex(raw: string, mapping: LabelMapping): number | string {
  if (mapping.kind === 'indices') {
    const fault = indexFault(raw);
    return fault ?? Math.round(Number(raw));
  }
  const k = mapping.names.indexOf(raw);
  return k >= 0 ? k : `label "${raw}" is not one of the classes (${mapping.names.join(', ')})`;
}
