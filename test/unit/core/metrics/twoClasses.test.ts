// K = 2: the class-mean NC2 values follow from the counts alone, so they are null with the reason
// "not informative for K = 2"; the sentence is checked against the centred means recomputed here in
// float64 (antiparallel, norms equal or in the ratio n₁ : n₀); K = 3 keeps its values; the verdict
// reads "not informative", and the imbalance of 98/30 is described as R = 98/30 ≈ 3.27, not balanced.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import { TWO_CLASS_FIXED_KEYS } from '../../../../src/core/metrics/twoClasses';
import { inspect } from '../../../../src/core/pipeline/inspect';
import type { Tf } from '../../../../src/core/tf';
import { balanceText, imbalanceRatio } from '../../../../src/protocol/balance';
import { nc2Verdict } from '../../../../src/protocol/verdicts';
import { runCaptured } from '../../helpers/captureIo';
import { DATA, MODELS } from '../model/oracle';
import { ArraySource, cpuTf, randomDataset } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

/** Centred class means in float64 from the raw features, for either global mean. */
function centredMeans(features: Float32Array, labels: Int32Array, dim: number, K: number, weighted: boolean): number[][] {
  const sums = Array.from({ length: K }, () => new Array(dim).fill(0));
  const n = new Array(K).fill(0);
  labels.forEach((k, i) => {
    n[k]++;
    for (let j = 0; j < dim; j++) sums[k][j] += features[i * dim + j];
  });
  const means = sums.map((s, k) => s.map((x) => x / n[k]));
  const N = labels.length;
  const g = new Array(dim).fill(0).map((_, j) => (weighted ? means.reduce((a, m, k) => a + (n[k] / N) * m[j], 0) : means.reduce((a, m) => a + m[j] / K, 0)));
  return means.map((m) => m.map((x, j) => x - g[j]));
}
const dot = (a: number[], b: number[]) => a.reduce((s, x, j) => s + x * b[j], 0);

describe('two classes', () => {
  for (const globalMean of ['unweighted', 'weighted'] as const) {
    it(`${globalMean} global mean: the class-mean NC2 values are null, "not informative for K = 2", and the reason is true of the centred means`, async () => {
      const counts = [98, 30];
      const ds = randomDataset(7, counts, 6);
      const r = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim), { weights: ds.weights, bias: ds.bias, classes: 2, globalMean });
      for (const key of TWO_CLASS_FIXED_KEYS) {
        assert.equal(r[key], null, key);
        assert.match(r.reasons?.[key] ?? '', /^not informative for K = 2: /, key);
      }
      // The classifier values are measurements: w₀, w₁ are free.
      assert.notEqual(r.maxAngleClassifiers, null);
      const [c0, c1] = centredMeans(ds.features, ds.labels, ds.dim, 2, globalMean === 'weighted');
      const norm0 = Math.sqrt(dot(c0, c0));
      const norm1 = Math.sqrt(dot(c1, c1));
      assert.ok(Math.abs(dot(c0, c1) / (norm0 * norm1) + 1) < 1e-12, 'antiparallel');
      if (globalMean === 'unweighted') {
        assert.ok(Math.abs(norm0 / norm1 - 1) < 1e-12);
        assert.match(r.reasons!.equinormMeans, /±\(μ₀ − μ₁\)\/2, antiparallel and of equal norm/);
      } else {
        assert.ok(Math.abs(norm0 / norm1 - counts[1] / counts[0]) < 1e-12, 'norms in the ratio n₁ : n₀');
        assert.match(r.reasons!.equinormMeans, /\(n₁\/N\)\(μ₀ − μ₁\) and −\(n₀\/N\)\(μ₀ − μ₁\), antiparallel with norms in the ratio n₁ : n₀/);
      }
    });
  }

  it('K = 3 keeps its class-mean values', async () => {
    const ds = randomDataset(8, [40, 30, 20], 5);
    const r = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim), { weights: ds.weights, classes: 3 });
    for (const key of TWO_CLASS_FIXED_KEYS) assert.notEqual(r[key], null, key);
  });

  it('the NC2 card reads "not informative for K = 2" instead of perfect collapse; a K = 2 classifier cosine is still read', () => {
    const base = { classes: 2, maxAngleMeans: null, equinormMeans: null, equiangularMeans: null, equiangularClassifiers: null };
    const v = nc2Verdict({ ...base, maxAngleClassifiers: null, equinormClassifiers: 1 });
    assert.equal(v.label, 'not informative for K = 2');
    assert.equal(v.tone, 'none');
    assert.equal(v.value, null);
    assert.match(v.reading, /^Not informative for K = 2: the two centred class means are antiparallel by construction/);
    // cos(w₀, w₁) = −0.9 → |cos + 1/(K−1)| = 0.1.
    const w = nc2Verdict({ ...base, maxAngleClassifiers: 0.1, equinormClassifiers: 0.02 });
    assert.equal(w.value, 0.1);
    assert.notEqual(w.label, 'not informative for K = 2');
  });

  it('counts 98/30 are described as imbalanced with R = 98/30 ≈ 3.27, equal counts as balanced', () => {
    assert.equal(imbalanceRatio([98, 30]), 98 / 30);
    assert.equal(balanceText([98, 30]), 'imbalanced: R = largest/smallest = 98/30 ≈ 3.27');
    assert.equal(balanceText([30, 90, 60]), 'imbalanced: R = largest/smallest = 90/30 = 3');
    assert.equal(balanceText([50, 50, 50]), 'balanced (50 each)');
  });

  it('inspect of the one-unit head on the 98/30 CSV: the JSON nulls and the CLI table says why and how imbalanced', async () => {
    const csv = join(DATA, 'two-class', 'train.csv');
    const r = await inspect(tf, { model: join(MODELS, 'binary'), data: csv });
    assert.deepEqual(r.counts, [98, 30]);
    for (const key of TWO_CLASS_FIXED_KEYS) assert.equal(r[key], null, key);
    assert.equal(nc2Verdict(r).label, 'not informative for K = 2');
    // W = [0; w]: norms 0 and ‖w‖, so std/mean (ddof 0) = (‖w‖/2)/(‖w‖/2) = 1, as the note says.
    assert.equal(r.normsClassifiers![0], 0);
    assert.ok(Math.abs(r.equinormClassifiers! - 1) < 1e-12);
    assert.ok(r.warnings!.some((w) => /Row 0 of W is zero by this choice, so equinormClassifiers is 1 \(ddof 0\)/.test(w)));
    const out = await runCaptured(['inspect', join(MODELS, 'binary'), '--data', csv, '--backend', 'cpu', '--quiet']);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /counts {2}98 30 {2}\(imbalanced: R = largest\/smallest = 98\/30 ≈ 3\.27\)/);
    assert.match(out.stdout, /not informative for K = 2/);
  });
});
