// Batches as the passes see them: checked, cut into pieces of bounded size, and named in errors.
import type { FeatureBatch, FeatureSource } from '../data/source';
import { InputError } from '../errors';

export function checkBatch(source: FeatureSource, rows: number, features: Float32Array, labels: Int32Array): void {
  if (!(Number.isInteger(rows) && rows >= 0) || features.length < rows * source.dim || labels.length < rows) {
    throw new InputError(`${source.name}: a batch declares ${rows} rows but holds ${features.length} feature values and ${labels.length} labels (d = ${source.dim})`);
  }
}

/**
 * A source batch in pieces of at most ≈8 MB of features (2²¹/d rows): bounds the kernels' memory and
 * the tfjs tensors whatever batch size a source chooses, and keeps the wasm matmul in its fast range.
 */
export function* chunks(batch: FeatureBatch, d: number): Generator<FeatureBatch> {
  const most = Math.max(64, Math.floor(2 ** 21 / d));
  if (batch.rows <= most) {
    yield batch;
    return;
  }
  for (let start = 0; start < batch.rows; start += most) {
    const rows = Math.min(most, batch.rows - start);
    yield { rows, features: batch.features.subarray(start * d, (start + rows) * d), labels: batch.labels.subarray(start, start + rows) };
  }
}

/** "row 17" or, for sharded sources, "row 17 of H_003.npy". */
export function where(source: FeatureSource, row: number, file: 'features' | 'labels' = 'features'): string {
  return source.locate?.(row, file) ?? `row ${row}`;
}

/** "y.npy: label 12 at row 5" — named after the labels file when the source has one. */
export function labelAt(source: FeatureSource, label: number, row: number): string {
  return `${source.labelsName ?? source.name}: label ${label} at ${where(source, row, 'labels')}`;
}

export function firstNonFinite(features: Float32Array, rows: number, dim: number): { row: number; col: number; value: number } | null {
  for (let i = 0; i < rows * dim; i++) if (!Number.isFinite(features[i])) return { row: Math.floor(i / dim), col: i % dim, value: features[i] };
  return null;
}
