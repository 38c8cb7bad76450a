// --max-samples: a seeded stratified subset (src/core/data/subset.ts), checked against the definition:
// per-class counts proportional to the data's (largest remainder, at least 1), rows a subset of the
// original rows, the same subset every time.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { stratifiedQuotas, stratifiedSubset } from '../../../../src/core/data/subset';
import type { InputBatch, InputSource } from '../../../../src/core/data/inputs';

/** Class-sorted data like the bundled samples: row i has value i and label labels[i]. */
function sorted(counts: number[]): InputSource {
  const labels = Int32Array.from(counts.flatMap((c, k) => Array<number>(c).fill(k)));
  return {
    name: 'sorted.npy',
    format: 'npy',
    rows: labels.length,
    sampleShape: [1],
    labelNames: null,
    warnings: [],
    labelCount: counts.length,
    async *batches(batchSize: number): AsyncGenerator<InputBatch> {
      for (let s = 0; s < labels.length; s += batchSize) {
        const n = Math.min(batchSize, labels.length - s);
        yield { values: Float32Array.from({ length: n }, (_, i) => s + i), labels: labels.slice(s, s + n), rows: n };
      }
    },
  };
}

async function collect(source: InputSource, batchSize: number): Promise<{ values: number[]; labels: number[] }> {
  const values: number[] = [];
  const labels: number[] = [];
  for await (const b of source.batches(batchSize)) {
    values.push(...b.values.subarray(0, b.rows));
    labels.push(...b.labels.subarray(0, b.rows));
  }
  return { values, labels };
}

describe('stratified --max-samples subset', () => {
  it('quotas: proportional with largest remainder, at least 1, summing to N', () => {
    // 200 of (1000×5, 10×5): shares 39.6 and 0.396 → floors 39 and the minimum 1 → 195 + 5 = 200.
    assert.deepEqual(stratifiedQuotas([1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10], 200), [39, 39, 39, 39, 39, 1, 1, 1, 1, 1]);
    // 10 of (5, 3, 2): shares 5, 3, 2 exactly.
    assert.deepEqual(stratifiedQuotas([5, 3, 2], 10), [5, 3, 2]);
    // 7 of (10, 10, 1): shares 3.33, 3.33, 0.33 → 3, 3, 1.
    assert.deepEqual(stratifiedQuotas([10, 10, 1], 7), [3, 3, 1]);
    // 4 of (6, 3, 3): shares 2, 1, 1.
    assert.deepEqual(stratifiedQuotas([6, 3, 3], 4), [2, 1, 1]);
  });

  it('keeps every class of class-sorted data, only original rows, in file order, the same subset each pass', async () => {
    const counts = [1000, 1000, 1000, 1000, 1000, 10, 10, 10, 10, 10];
    const all = sorted(counts);
    const sub = stratifiedSubset(all, 200);
    assert.equal(sub.rows, 200);
    const a = await collect(sub, 64);
    const b = await collect(sub, 37);
    assert.deepEqual(a, b, 'two passes (and batch sizes) give the same rows');
    assert.equal(a.values.length, 200);
    const perClass = counts.map((_, k) => a.labels.filter((l) => l === k).length);
    assert.deepEqual(perClass, [39, 39, 39, 39, 39, 1, 1, 1, 1, 1]);
    // Each kept row is an original row with its own label (value i ↔ label of row i), in increasing order.
    const original = counts.flatMap((c, k) => Array<number>(c).fill(k));
    a.values.forEach((v, i) => assert.equal(a.labels[i], original[v], `row ${v}`));
    assert.ok(a.values.every((v, i) => i === 0 || v > a.values[i - 1]));
    // Not simply the first rows of each class: a random choice spreads over the class.
    assert.ok(Math.max(...a.values.slice(0, 39)) > 100, 'class 0 rows are spread, not the first 39');
  });

  it('is the data itself when N ≥ the number of samples, and refuses N below the number of classes', async () => {
    const all = sorted([3, 3]);
    assert.equal(stratifiedSubset(all, 6), all);
    await assert.rejects(collect(stratifiedSubset(sorted([5, 5, 5]), 2), 4), /--max-samples 2 is fewer than its 3 classes/);
  });
});
