// `--max-samples N` / `collapseLens.maxSamples`: a seeded, stratified subset of a data set. Every class
// keeps its share of the N samples (largest-remainder rounding) and at least one sample, so a quick look
// at class-sorted data still sees every class and its imbalance. Which samples of a class are kept is a
// seeded random choice: the same data and N always give the same subset. Costs one extra read of the
// data (the labels decide the subset) before the first batch; the model never runs on that read.
import { InputError } from '../errors';
import { seededUniform } from '../random';
import type { InputBatch, InputSource } from './inputs';

export const SUBSET_SEED = 0x5eed;

/**
 * Samples per class for a subset of `total` out of `counts` (all > 0): proportional to the counts,
 * at least 1, at most n_k, summing to `total`. Needs counts.length ≤ total ≤ Σ counts.
 */
export function stratifiedQuotas(counts: readonly number[], total: number): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const share = counts.map((c) => (total * c) / n);
  const quota = share.map((s, k) => Math.min(counts[k], Math.max(1, Math.floor(s))));
  let sum = quota.reduce((a, b) => a + b, 0);
  // Too many (the minimum of 1 lifted small classes): take from the classes furthest above their share.
  while (sum > total) {
    let best = -1;
    for (let k = 0; k < quota.length; k++) if (quota[k] > 1 && (best < 0 || quota[k] - share[k] > quota[best] - share[best])) best = k;
    quota[best]--;
    sum--;
  }
  // Too few: give to the classes furthest below their share that still have samples left.
  while (sum < total) {
    let best = -1;
    for (let k = 0; k < quota.length; k++) if (quota[k] < counts[k] && (best < 0 || share[k] - quota[k] > share[best] - quota[best])) best = k;
    quota[best]++;
    sum++;
  }
  return quota;
}

/** Which rows (in file order) a subset of `total` keeps, given every row's label. */
export function stratifiedRows(labels: Int32Array, total: number, seed = SUBSET_SEED): Uint8Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const rows = byClass.get(labels[i]);
    if (rows) rows.push(i);
    else byClass.set(labels[i], [i]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const quotas = stratifiedQuotas(
    classes.map((c) => byClass.get(c)!.length),
    total,
  );
  const keep = new Uint8Array(labels.length);
  const uniform = seededUniform(seed);
  classes.forEach((c, k) => {
    const rows = byClass.get(c)!;
    // Partial Fisher–Yates: the first quota entries become a uniform random choice.
    for (let i = 0; i < quotas[k]; i++) {
      const j = i + Math.floor(uniform() * (rows.length - i));
      [rows[i], rows[j]] = [rows[j], rows[i]];
      keep[rows[i]] = 1;
    }
  });
  return keep;
}

/** `inputs` restricted to a seeded stratified subset of `total` samples (inputs itself when total ≥ rows). */
export function stratifiedSubset(inputs: InputSource, total: number, seed = SUBSET_SEED): InputSource {
  if (!(total < inputs.rows)) return inputs;
  let keep: Uint8Array | null = null;

  async function selection(batchSize: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (keep) return keep;
    const labels = new Int32Array(inputs.rows);
    let seen = 0;
    for await (const batch of inputs.batches(batchSize, signal)) {
      labels.set(batch.labels.subarray(0, Math.min(batch.rows, inputs.rows - seen)), seen);
      seen += batch.rows;
    }
    const classes = new Set(labels).size;
    if (total < classes) {
      throw new InputError(`${inputs.name}: --max-samples ${total} is fewer than its ${classes} classes; a stratified subset keeps at least one sample of every class, so use at least ${classes}`);
    }
    keep = stratifiedRows(labels, total, seed);
    return keep;
  }

  async function* batches(batchSize: number, signal?: AbortSignal): AsyncGenerator<InputBatch> {
    const mask = await selection(batchSize, signal);
    const width = inputs.sampleShape.reduce((a, b) => a * b, 1);
    let values = new Float32Array(batchSize * width);
    let labels = new Int32Array(batchSize);
    let rows = 0;
    let index = 0;
    for await (const batch of inputs.batches(batchSize, signal)) {
      for (let i = 0; i < batch.rows; i++, index++) {
        if (!mask[index]) continue;
        values.set(batch.values.subarray(i * width, (i + 1) * width), rows * width);
        labels[rows++] = batch.labels[i];
        if (rows === batchSize) {
          yield { values, labels, rows };
          values = new Float32Array(batchSize * width);
          labels = new Int32Array(batchSize);
          rows = 0;
        }
      }
    }
    if (rows > 0) yield { values: values.subarray(0, rows * width), labels: labels.subarray(0, rows), rows };
  }

  return {
    name: inputs.name,
    format: inputs.format,
    rows: total,
    sampleShape: inputs.sampleShape,
    labelNames: inputs.labelNames,
    warnings: inputs.warnings,
    labelsFile: inputs.labelsFile,
    labelCount: inputs.labelCount,
    batches,
  };
}
