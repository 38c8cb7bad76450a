// Model inputs with labels, streamed in batches: what the data readers (CSV, IDX, image folder,
// .npy/.npz) produce and the feature extractor consumes. Re-iterable: each call to `batches`
// starts a new pass, because the metrics make two passes (theory.md §1.9).

export interface InputBatch {
  /** rows × prod(sampleShape), row-major, already normalised. */
  values: Float32Array;
  /** Class index per row (see `labelNames` for what they mean). */
  labels: Int32Array;
  rows: number;
}

export type InputFormat = 'csv' | 'idx' | 'image-folder' | 'npy' | 'npz';

export interface InputSource {
  /** The file or folder, as given; used in every message about this data. */
  readonly name: string;
  readonly format: InputFormat;
  /** Number of samples. Every reader knows it before the first batch (validated up front). */
  readonly rows: number;
  /** Shape of one sample, e.g. [4] for a CSV row, [28, 28] for IDX, [h, w, c] for images. */
  readonly sampleShape: readonly number[];
  /** Class names for label indices when the labels were names or folders; null for integer labels. */
  readonly labelNames: readonly string[] | null;
  /** Things the user should know (resized images, a detected header, …). */
  readonly warnings: readonly string[];
  /** The separate labels file, when the labels are not in the data file (IDX, .npy). */
  readonly labelsFile?: string;
  /** Largest label index + 1 seen while validating (labels are checked against the model's K later). */
  readonly labelCount: number;
  batches(batchSize: number, signal?: AbortSignal): AsyncIterable<InputBatch>;
}

/**
 * How raw sample values become model inputs: x = (raw · scale − mean[c]) / std[c], c = channel (last
 * axis). scale 'auto' is 1/255 for 8-bit pixel data (image folders, IDX ubyte: the usual [0, 1]
 * scaling) and 1 for everything else (CSV and .npy values are used as they are).
 */
export interface Normalization {
  scale: number | 'auto';
  mean: readonly number[] | null;
  std: readonly number[] | null;
}

export const AUTO_NORMALIZATION: Normalization = { scale: 'auto', mean: null, std: null };
export const NO_NORMALIZATION: Normalization = { scale: 1, mean: null, std: null };

/** The scale 'auto' stands for, given whether the raw values are 8-bit pixels. */
export function resolveScale(n: Normalization, eightBit: boolean): number {
  return n.scale === 'auto' ? (eightBit ? 1 / 255 : 1) : n.scale;
}

/** Applies a normalisation in place; `channels` is the size of the last axis of one sample. */
export function normalize(values: Float32Array, channels: number, n: Normalization, eightBit = false): void {
  const scale = resolveScale(n, eightBit);
  const { mean, std } = n;
  if (scale === 1 && !mean && !std) return;
  for (let i = 0; i < values.length; i++) {
    const c = i % channels;
    let v = values[i] * scale;
    if (mean) v -= mean.length === 1 ? mean[0] : mean[c];
    if (std) v /= std.length === 1 ? std[0] : std[c];
    values[i] = v;
  }
}
