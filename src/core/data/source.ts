// How features reach the metrics: batches of rows, streamed, re-iterable (the metrics make two passes).

export interface FeatureBatch {
  /** rows × dim, row-major. */
  features: Float32Array;
  /** Class index per row, 0 ≤ label < K. */
  labels: Int32Array;
  rows: number;
}

export interface FeatureSource {
  readonly dim: number;
  /** Shown in messages and progress ("H.npy", "model.json on data/train"). */
  readonly name: string;
  /** Total rows when known up front (for progress and time-left estimates). */
  readonly rows?: number;
  /**
   * Each call starts a fresh pass over the data; honours the signal between batches. A batch's
   * arrays may be reused by the source once the consumer asks for the next batch.
   */
  batches(signal?: AbortSignal): AsyncIterable<FeatureBatch>;
  /** Where the labels come from when that is not `name` ("y.npy"), for messages about labels. */
  readonly labelsName?: string;
  /** Where row `row` (counted from 0 over the whole pass) comes from, for messages: "row 17 of H_003.npy". */
  locate?(row: number, file?: 'features' | 'labels'): string;
}
