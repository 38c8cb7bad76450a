// Rows whose decision is an exact tie go to the float64 fallback (nc4.ts), which remembers the last row it decided.
// Two pairs of classes with identical means (P for classes 0 and 1, Q for 2 and 3), every sample on its mean, rows
// P and Q interleaved, and classifier rows w = (P, P, Q, Q), bias 0: each P row ties 0/1 for the nearest centre
// and for the classifier and goes to 0, each Q row ties 2/3 and goes to 2 (the lowest class index). So NCC and
// classifier always agree (mismatch 0) and the accuracy is (n₀ + n₂)/N. An answer reused for a different row
// would send Q rows to 0 under one rule or both.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import { ArraySource, cpuTf } from './helpers';

describe('exact ties in the NCC decisions', () => {
  it('interleaved tied rows of two different points: NCC mismatch 0, accuracy (n₀ + n₂)/N', async () => {
    const counts = [5, 3, 4, 2];
    const d = 3;
    const point = [
      [1, 2, 0.5],
      [-1.5, 0.25, 2],
    ];
    const labels: number[] = [];
    const left = [...counts];
    for (let i = 0; left.some((n) => n > 0); i++) {
      const k = [0, 2, 1, 3][i % 4];
      if (left[k] > 0) {
        labels.push(k);
        left[k]--;
      }
    }
    const features = new Float32Array(labels.length * d);
    labels.forEach((k, i) => point[k < 2 ? 0 : 1].forEach((v, j) => (features[i * d + j] = v)));
    const weights = Float64Array.from([...point[0], ...point[0], ...point[1], ...point[1]]);
    const r = await computeMetrics(await cpuTf(), new ArraySource(features, Int32Array.from(labels), d, 4), { weights, bias: new Float64Array(4) });
    const N = labels.length;
    assert.equal(r.nccMismatch, 0);
    assert.equal(r.accuracy, (counts[0] + counts[2]) / N);
  });
});
