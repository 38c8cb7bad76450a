// The files the docs' examples name (H.npy, y.npy, W.npy, b.npy and two shards), written by the docs
// test into its working folder: a seeded 10-class set with 5 majority classes of 500 samples and 5
// minority classes of 50, d = 64 (docs/metrics.md quotes the metrics of exactly this set).
import { join } from 'node:path';
import { writeNpy } from '../../../src/core/io/npy';
import { randomDataset } from '../core/metrics/helpers';

export const EXAMPLE_COUNTS = [500, 500, 500, 500, 500, 50, 50, 50, 50, 50];

export async function writeExampleData(dir: string): Promise<void> {
  const ds = randomDataset(2750, EXAMPLE_COUNTS, 64, 1);
  const N = ds.labels.length;
  const d = ds.dim;
  await writeNpy(join(dir, 'H.npy'), ds.features, [N, d]);
  await writeNpy(join(dir, 'y.npy'), ds.labels, [N]);
  await writeNpy(join(dir, 'W.npy'), ds.weights, [ds.classes, d]);
  await writeNpy(join(dir, 'b.npy'), ds.bias, [ds.classes]);
  // Two shards: the first 1500 samples and the rest (the classes are interleaved, so both hold every class).
  const cut = 1500;
  await writeNpy(join(dir, 'H_part0.npy'), ds.features.subarray(0, cut * d), [cut, d]);
  await writeNpy(join(dir, 'y_part0.npy'), ds.labels.subarray(0, cut), [cut]);
  await writeNpy(join(dir, 'H_part1.npy'), ds.features.subarray(cut * d), [N - cut, d]);
  await writeNpy(join(dir, 'y_part1.npy'), ds.labels.subarray(cut), [N - cut]);
}
