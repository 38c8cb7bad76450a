// A FeatureSource over .npy files: features (N×d, any numeric dtype, C or Fortran order) with labels
// (N or N×1, integer-valued), as one file pair or as matching shard lists processed in order.
// Batches are read from disk with positional reads, so memory is a few batches whatever N is; the
// next batch is read (in libuv's thread pool) while the consumer works on the current one.
import { InputError } from '../errors';
import { NpyFile, formatShape } from '../io/npy';
import { resolveShards } from './shards';
import type { FeatureBatch, FeatureSource } from './source';
import { throwIfAborted } from '../runHooks';

export interface NpyShard {
  features: string;
  labels: string;
  rows: number;
}

export interface NpySourceOptions {
  /** Rows per batch; default ≈ 8 MB of float32 features per batch (2²¹ / d rows, 64…65536). */
  batchRows?: number;
}

export function defaultBatchRows(dim: number): number {
  return Math.max(64, Math.min(65536, Math.round(2 ** 21 / dim)));
}

async function inspect(path: string): Promise<{ shape: number[] }> {
  const file = await NpyFile.open(path);
  const shape = file.shape;
  await file.close();
  return { shape };
}

export class NpyFeatureSource implements FeatureSource {
  readonly rows: number;
  readonly name: string;
  readonly labelsName: string;
  private readonly starts: number[];

  private constructor(
    readonly shards: readonly NpyShard[],
    readonly dim: number,
    readonly batchRows: number,
  ) {
    this.starts = [];
    let total = 0;
    for (const s of shards) {
      this.starts.push(total);
      total += s.rows;
    }
    this.rows = total;
    const describe = (file: 'features' | 'labels') =>
      shards.length === 1 ? shards[0][file] : `${shards[0][file]} … ${shards[shards.length - 1][file]} (${shards.length} shards)`;
    this.name = describe('features');
    this.labelsName = describe('labels');
  }

  /** Opens and checks every shard's header: 2-D features of one width, label counts that match. */
  static async open(featurePaths: readonly string[], labelPaths: readonly string[], options: NpySourceOptions = {}): Promise<NpyFeatureSource> {
    if (featurePaths.length === 0) throw new InputError('no feature files given');
    if (featurePaths.length !== labelPaths.length) {
      throw new InputError(`the features have ${featurePaths.length} shard${featurePaths.length === 1 ? '' : 's'} but the labels have ${labelPaths.length}; give one label file per feature file, in the same order`);
    }
    const shards: NpyShard[] = [];
    let dim = -1;
    for (let s = 0; s < featurePaths.length; s++) {
      const fx = await inspect(featurePaths[s]);
      const fy = await inspect(labelPaths[s]);
      if (fx.shape.length !== 2) throw new InputError(`${featurePaths[s]}: features must be a 2-D array (samples × dim), got shape ${formatShape(fx.shape)}`);
      const [n, d] = fx.shape;
      if (d === 0) throw new InputError(`${featurePaths[s]}: features have dimension 0`);
      if (dim >= 0 && d !== dim) throw new InputError(`${featurePaths[s]}: features have dimension ${d} but ${featurePaths[0]} has ${dim}`);
      dim = d;
      if (!(fy.shape.length === 1 || (fy.shape.length === 2 && fy.shape[1] === 1))) {
        throw new InputError(`${labelPaths[s]}: labels must be a 1-D array (one class index per sample), got shape ${formatShape(fy.shape)}`);
      }
      if (fy.shape[0] !== n) throw new InputError(`${labelPaths[s]} has ${fy.shape[0]} labels but ${featurePaths[s]} has ${n} samples (N mismatch)`);
      shards.push({ features: featurePaths[s], labels: labelPaths[s], rows: n });
    }
    const batchRows = options.batchRows ?? defaultBatchRows(dim);
    if (!(Number.isInteger(batchRows) && batchRows >= 1)) throw new RangeError(`batchRows must be a positive integer, got ${batchRows}`);
    return new NpyFeatureSource(shards, dim, batchRows);
  }

  locate(row: number, file: 'features' | 'labels' = 'features'): string {
    if (this.shards.length === 1) return `row ${row}`;
    let s = this.starts.length - 1;
    while (s > 0 && this.starts[s] > row) s--;
    return `row ${row - this.starts[s]} of ${this.shards[s][file]}`;
  }

  async *batches(signal?: AbortSignal): AsyncGenerator<FeatureBatch> {
    const d = this.dim;
    const capacity = this.batchRows;
    // Two slots: one being consumed, one being filled by the read-ahead.
    const features = [new Float32Array(capacity * d), new Float32Array(capacity * d)];
    const rawLabels = [new Float64Array(capacity), new Float64Array(capacity)];
    const labels = [new Int32Array(capacity), new Int32Array(capacity)];
    let slot = 0;
    for (const shard of this.shards) {
      throwIfAborted(signal);
      const fx = await NpyFile.open(shard.features);
      let fy: NpyFile | null = null;
      let pending: Promise<unknown> | null = null;
      try {
        fy = await NpyFile.open(shard.labels);
        if (fx.rows !== shard.rows || fx.rowLength !== d || fy.rows !== shard.rows) throw new InputError(`${shard.features}: the file changed since it was opened`);
        const labelFile = fy;
        const read = (start: number, count: number, into: number) => Promise.all([fx.readRows(start, count, features[into]), labelFile.readRows(start, count, rawLabels[into])]);
        let start = 0;
        if (shard.rows > 0) pending = read(0, Math.min(capacity, shard.rows), slot);
        while (start < shard.rows) {
          throwIfAborted(signal);
          const count = Math.min(capacity, shard.rows - start);
          await pending;
          pending = null;
          const raw = rawLabels[slot];
          const out = labels[slot];
          for (let i = 0; i < count; i++) {
            const v = raw[i];
            if (!Number.isInteger(v)) throw new InputError(`${shard.labels}: label ${v} at row ${start + i} is not an integer class index`);
            if (v < 0) throw new InputError(`${shard.labels}: label ${v} at row ${start + i} is negative (labels are 0..K−1)`);
            if (v > 2147483647) throw new InputError(`${shard.labels}: label ${v} at row ${start + i} is too large`);
            out[i] = v;
          }
          const next = start + count;
          const nextSlot = slot ^ 1;
          if (next < shard.rows) pending = read(next, Math.min(capacity, shard.rows - next), nextSlot);
          yield { features: features[slot].subarray(0, count * d), labels: out.subarray(0, count), rows: count };
          slot = nextSlot;
          start = next;
        }
      } finally {
        // A consumer that stops early (error, cancellation) must not leave a read on a closed handle.
        if (pending) await pending.catch(() => undefined);
        await fx.close();
        await fy?.close();
      }
    }
  }
}

/** Opens --features / --labels arguments (file, folder, glob or comma list; see shards.ts). */
export async function openNpyFeatureSource(featuresSpec: string, labelsSpec: string, options: NpySourceOptions = {}): Promise<NpyFeatureSource> {
  const featurePaths = await resolveShards(featuresSpec);
  const labelPaths = await resolveShards(labelsSpec);
  return NpyFeatureSource.open(featurePaths, labelPaths, options);
}
