// The out-of-distribution statistics behind NC5 (theory.md §1.11): the number of OOD samples and the
// float64 sum of their features. Sums of disjoint OOD shards add up, so they merge like pass 1 in the
// sharded --save-stats workflow; μ_OOD = sum / count.
//
// Two sources: precomputed features (`metrics --ood-features OOD.npy`, N_ood × d; a folder, glob or
// comma list of shards like --features) and a data set run through the model (`inspect --ood-data`,
// any FeatureSource; its labels are ignored).
import { resolveShards } from '../data/shards';
import { InputError } from '../errors';
import { formatShape, NpyFile } from '../io/npy';
import type { RunHooks } from '../runHooks';
import { throwIfAborted } from '../runHooks';

export interface OodStats {
  /** Number of OOD samples. */
  count: number;
  /** Σ h over the OOD samples, length d, float64. */
  sum: Float64Array;
}

/** Anything that streams feature rows (a FeatureSource qualifies; labels, if any, are not read). */
export interface OodFeatureStream {
  readonly dim: number;
  readonly name: string;
  readonly rows?: number;
  batches(signal?: AbortSignal): AsyncIterable<{ features: ArrayLike<number>; rows: number }>;
}

export function mergeOod(a: OodStats | null, b: OodStats | null): OodStats | null {
  if (!a) return b;
  if (!b) return a;
  if (a.sum.length !== b.sum.length) throw new InputError(`cannot merge out-of-distribution sums of dimension ${a.sum.length} and ${b.sum.length}`);
  return { count: a.count + b.count, sum: a.sum.map((v, j) => v + b.sum[j]) };
}

/**
 * The OOD count and feature sum of a stream, checked against the in-distribution dimension `dim`
 * (`against` names the in-distribution features in the message).
 */
export async function runOodPass(stream: OodFeatureStream, dim: number, against: string, hooks: RunHooks = {}): Promise<OodStats> {
  checkOodDim(stream.name, stream.dim, dim, against);
  const sum = new Float64Array(dim);
  let count = 0;
  const stage = 'out-of-distribution mean';
  hooks.onProgress?.({ stage, done: 0, total: stream.rows, unit: 'samples', samples: 0 });
  for await (const batch of stream.batches(hooks.signal)) {
    throwIfAborted(hooks.signal);
    const x = batch.features;
    for (let i = 0; i < batch.rows; i++) {
      for (let j = 0; j < dim; j++) {
        const v = x[i * dim + j];
        if (!Number.isFinite(v)) throw new InputError(`${stream.name}: non-finite value ${v} at row ${count + i}, column ${j} (features must be finite)`);
        sum[j] += v;
      }
    }
    count += batch.rows;
    hooks.onProgress?.({ stage, done: count, total: stream.rows, unit: 'samples', samples: count });
  }
  if (count === 0) throw new InputError(`${stream.name}: the out-of-distribution set holds no samples; NC5 needs at least one`);
  return { count, sum };
}

export function checkOodDim(name: string, oodDim: number, dim: number, against: string): void {
  if (oodDim !== dim) {
    throw new InputError(
      `${name}: out-of-distribution features have d = ${oodDim} but ${against} has d = ${dim}; extract the OOD features from the same layer (the classifier's input) of the same model`,
    );
  }
}

/** `--ood-features`: one .npy (N_ood × d) or shards (folder, glob, comma list), read in row blocks as float64. */
export async function openOodFeatures(spec: string): Promise<OodFeatureStream> {
  const paths = await resolveShards(spec);
  const shards: { path: string; rows: number }[] = [];
  let dim = -1;
  for (const path of paths) {
    const file = await NpyFile.open(path);
    const shape = file.shape;
    await file.close();
    if (shape.length !== 2) throw new InputError(`${path}: out-of-distribution features must be a 2-D array (samples × d), got shape ${formatShape(shape)}${shape.length > 2 ? '; model inputs such as images go through the model with inspect/report --ood-data' : ''}`);
    if (dim >= 0 && shape[1] !== dim) throw new InputError(`${path}: features have dimension ${shape[1]} but ${paths[0]} has ${dim}`);
    dim = shape[1];
    shards.push({ path, rows: shape[0] });
  }
  const rows = shards.reduce((n, s) => n + s.rows, 0);
  const name = shards.length === 1 ? shards[0].path : `${shards[0].path} … ${shards[shards.length - 1].path} (${shards.length} shards)`;
  return {
    dim,
    name,
    rows,
    async *batches(signal?: AbortSignal) {
      const block = Math.max(64, Math.min(65536, Math.round(2 ** 20 / Math.max(1, dim))));
      const buffer = new Float64Array(block * dim);
      for (const shard of shards) {
        const file = await NpyFile.open(shard.path);
        try {
          for (let start = 0; start < shard.rows; start += block) {
            throwIfAborted(signal);
            const n = Math.min(block, shard.rows - start);
            await file.readRows(start, n, buffer);
            yield { features: buffer.subarray(0, n * dim), rows: n };
          }
        } finally {
          await file.close();
        }
      }
    },
  };
}
