// The streaming engine against an independent dense float64 computation (d×d Σ_W, pinv of the d×d
// Σ_B, every other metric written out from theory.md §1), and the invariances of the metrics.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import { classMeans } from '../../../../src/core/metrics/means';
import type { MeanBasis } from '../../../../src/core/metrics/nc1';
import { IDENTITY_BASIS_MIN_RATIO, meanBasis } from '../../../../src/core/metrics/nc1';
import { EXACT_LOGITS_MAX_WORK, LossAccuracyAccumulator } from '../../../../src/core/metrics/perClass';
import type { Tf } from '../../../../src/core/tf';
import type { MetricsResult } from '../../../../src/protocol/result';
import type { Dataset } from './helpers';
import { ArraySource, assertClose, cpuTf, denseReference, GEOMETRY_KEYS, normal, randomDataset, seeded } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

const MINORITY = [3, 4];

/** The NC1 basis pass 2 would use for this data set (class means from the float32 rows). */
function basisOf(ds: Dataset): MeanBasis {
  const { classes: K, dim: d } = ds;
  const sums = new Float64Array(K * d);
  const counts = new Float64Array(K);
  ds.labels.forEach((y, i) => {
    counts[y]++;
    for (let j = 0; j < d; j++) sums[y * d + j] += ds.features[i * d + j];
  });
  return meanBasis(classMeans({ classes: K, dim: d, counts, sums }), 1e-6);
}

/** NC1 goes through one float32 matmul of the residuals; everything else is float64 end to end. */
function compareWithDense(r: MetricsResult, ds: Dataset, convention: 'unweighted' | 'weighted', ddof: 0 | 1, nc1Rtol = 1e-6): void {
  const ref = denseReference(ds, convention, ddof, MINORITY);
  assert.deepEqual(r.counts, ref.counts);
  assertClose(r.nc1, ref.nc1, nc1Rtol, 'nc1');
  const tight = 1e-11;
  for (const key of [...GEOMETRY_KEYS, 'biasRelation'] as const) {
    assertClose(r[key], ref[key], tight, key);
  }
  // NC4 decisions are exact (float64 fallback near ties), so the counts agree exactly.
  assert.equal(r.nccMismatch, ref.nccMismatch, 'nccMismatch');
  assert.equal(r.nccMismatchNoBias, ref.nccMismatchNoBias, 'nccMismatchNoBias');
  assert.equal(r.accuracy, ref.accuracy, 'accuracy');
  r.cosMeans.forEach((row, i) => row.forEach((c, j) => assertClose(c, ref.cosMeans[i][j], tight, `cosMeans[${i}][${j}]`, 1e-15)));
  r.cosClassifiers!.forEach((row, i) => row.forEach((c, j) => assertClose(c, ref.cosClassifiers[i][j], tight, `cosClassifiers[${i}][${j}]`, 1e-15)));
  const m = r.minority!;
  for (const key of ['meanCosClassifiers', 'stdCosClassifiers', 'meanCosMeans', 'meanDistanceClassifiers', 'meanNormClassifiers'] as const) {
    // Two minority classes make one pair, whose std with ddof 1 is undefined (0/0): null, not NaN.
    if (Number.isNaN(ref.minority[key])) assert.equal(m[key], null, `minority.${key}`);
    else assertClose(m[key], ref.minority[key], tight, `minority.${key}`);
  }
}

describe('streaming engine = dense float64 reference', () => {
  const ds = randomDataset(7, [50, 40, 30, 20, 12], 12, 1.5);
  for (const convention of ['unweighted', 'weighted'] as const) {
    for (const ddof of [0, 1] as const) {
      it(`imbalanced K=5, d=12, global mean ${convention}, ddof ${ddof}`, async () => {
        const source = new ArraySource(ds.features, ds.labels, ds.dim, 17);
        const r = await computeMetrics(tf, source, { weights: ds.weights, bias: ds.bias, minority: MINORITY, globalMean: convention, ddof });
        assert.equal(source.passes, 2, 'two passes over the data');
        compareWithDense(r, ds, convention, ddof);
      });
    }
  }

  it('features with a large common offset and small spread (float32 cancellation regime)', async () => {
    // h ≈ 1000 + O(3) means + 0.05 noise: a naive float32 route (project h, subtract projected
    // means) loses the residual to rounding at ‖h‖·2⁻²⁴ ≈ 6e-5 per coordinate.
    const offset = randomDataset(11, [40, 35, 30, 25, 20], 12, 0.05, 1000);
    const r = await computeMetrics(tf, new ArraySource(offset.features, offset.labels, offset.dim, 23), { weights: offset.weights, bias: offset.bias, minority: MINORITY });
    compareWithDense(r, offset, 'unweighted', 0, 1e-5);
  });

  it('many classes (K = 40: NCC from its own projection columns, Σ q qᵀ by batched matmul)', async () => {
    const counts = Array.from({ length: 40 }, (_, k) => 6 + (k % 7));
    const many = randomDataset(13, counts, 48, 4); // overlapping classes: many NCC ≠ linear decisions
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 64), { weights: many.weights, bias: many.bias, minority: MINORITY });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
  });

  for (const convention of ['unweighted', 'weighted'] as const) {
    it(`long-tailed K = 150 (counts 12 → 3) in d = 80: the means span R^80, so the identity basis (no projection columns, Rᵀ·R scatter), global mean ${convention}`, async () => {
      const counts = Array.from({ length: 150 }, (_, k) => Math.round(12 * Math.pow(3 / 12, k / 149)));
      const many = randomDataset(17, counts, 80, 2);
      assert.equal(basisOf(many).identity, true, 'identity basis');
      const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 200), { weights: many.weights, bias: many.bias, minority: MINORITY, globalMean: convention });
      compareWithDense(r, many, convention, 0, 1e-5);
    });
  }

  it('K = 150 in d = 80 with one feature scaled by 10⁻³: the means are ill-conditioned (s_min < 10⁻² s_max), so the basis comes from the Gram eigenvectors', async () => {
    const counts = Array.from({ length: 150 }, (_, k) => Math.round(12 * Math.pow(3 / 12, k / 149)));
    const many = randomDataset(29, counts, 80, 2);
    for (let i = 0; i < many.labels.length; i++) many.features[i * 80] *= 1e-3;
    for (let k = 0; k < 150; k++) many.weights[k * 80] *= 1e-3;
    const basis = basisOf(many);
    assert.equal(basis.identity, false, 'SVD basis');
    assert.ok(basis.singularValues[79] < IDENTITY_BASIS_MIN_RATIO * basis.singularValues[0]);
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 200), { weights: many.weights, bias: many.bias, minority: MINORITY });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
  });

  it('K = 100 long-tailed (counts 20 → 3) in d = 160: fewer classes than dimensions (the CIFAR-100-LT / ImageNet-LT shape), so the basis comes from the K×K Gram of the means', async () => {
    const counts = Array.from({ length: 100 }, (_, k) => Math.round(20 * Math.pow(3 / 20, k / 99)));
    const many = randomDataset(37, counts, 160, 1.5);
    const basis = basisOf(many);
    assert.equal(basis.identity, false, 'SVD basis');
    assert.equal(basis.rank, 99, 'K − 1 centred means span a 99-dimensional subspace');
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 300), { weights: many.weights, bias: many.bias, minority: MINORITY });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
  });

  it('K = 1000 long-tailed (counts 4 → 2) in d = 72: identity basis at ImageNet-LT class count, NCC columns and logits', async () => {
    const counts = Array.from({ length: 1000 }, (_, k) => Math.round(4 * Math.pow(2 / 4, k / 999)));
    const many = randomDataset(31, counts, 72, 1.5);
    assert.equal(basisOf(many).identity, true, 'identity basis');
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 600), { weights: many.weights, bias: many.bias, minority: MINORITY });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
  });

  it('K = 1000 long-tailed (counts 6 → 2) in d = 12', async () => {
    const counts = Array.from({ length: 1000 }, (_, k) => Math.round(6 * Math.pow(2 / 6, k / 999)));
    const many = randomDataset(19, counts, 12, 0.5);
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 512), { weights: many.weights, bias: many.bias, minority: MINORITY });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
  });

  it('K = 1000 long-tailed (counts 5 → 2) in d = 48: rank d > 32 (batched scatter, NCC columns), per-class loss from the pass-2 logits', async () => {
    const counts = Array.from({ length: 1000 }, (_, k) => Math.round(5 * Math.pow(2 / 5, k / 999)));
    const many = randomDataset(23, counts, 48, 1.5);
    const K = 1000;
    const d = 48;
    const losses = new LossAccuracyAccumulator(many.weights, many.bias, K, d);
    assert.ok(K * d > EXACT_LOGITS_MAX_WORK, 'this K·d takes the pass-2 logits route');
    const r = await computeMetrics(tf, new ArraySource(many.features, many.labels, many.dim, 700), { weights: many.weights, bias: many.bias, minority: MINORITY, logits: losses });
    compareWithDense(r, many, 'unweighted', 0, 1e-5);
    // Dense oracle of the per-class loss and accuracy: z = W h + b in float64 from the raw rows.
    const N = many.labels.length;
    const n = new Float64Array(K);
    const sums = new Float64Array(K * d);
    for (let i = 0; i < N; i++) {
      n[many.labels[i]]++;
      for (let j = 0; j < d; j++) sums[many.labels[i] * d + j] += many.features[i * d + j];
    }
    let maxW = 0;
    for (let k = 0; k < K; k++) maxW = Math.max(maxW, Math.hypot(...many.weights.subarray(k * d, (k + 1) * d)));
    const lossSum = new Float64Array(K);
    const bound = new Float64Array(K);
    const correct = new Float64Array(K);
    const z = new Float64Array(K);
    for (let i = 0; i < N; i++) {
      const y = many.labels[i];
      let best = 0;
      for (let k = 0; k < K; k++) {
        let s = many.bias[k];
        for (let j = 0; j < d; j++) s += many.weights[k * d + j] * many.features[i * d + j];
        z[k] = s;
        if (s > z[best]) best = k;
      }
      let e = 0;
      for (let k = 0; k < K; k++) e += Math.exp(z[k] - z[best]);
      lossSum[y] += z[best] + Math.log(e) - z[y];
      if (best === y) correct[y]++;
      let rr = 0;
      for (let j = 0; j < d; j++) rr += (many.features[i * d + j] - sums[y * d + j] / n[y]) ** 2;
      // CE moves by at most 2·max_k |δz_k|, and |δz_k| ≤ (d+2)·2⁻²⁴·‖h − μ_y‖‖w_k‖.
      bound[y] += 2 * 1.01 * (d + 2) * 2 ** -24 * Math.sqrt(rr) * maxW + 1e-12;
    }
    const p = losses.summary();
    for (let k = 0; k < K; k++) {
      assert.equal(p.counts[k], n[k], `count ${k}`);
      assert.equal(p.accuracy[k], correct[k] / n[k], `accuracy ${k} is exact`);
      const ref = lossSum[k] / n[k];
      assert.ok(Math.abs((p.losses[k] as number) - ref) <= bound[k] / n[k], `loss ${k}: ${p.losses[k]} vs ${ref} (bound ${bound[k] / n[k]})`);
    }
  });

  it('d < K: 7 classes in 4 dimensions (rank of Σ_B is d, not K − 1)', async () => {
    const small = randomDataset(5, [20, 20, 20, 20, 20, 20, 20], 4, 1);
    const r = await computeMetrics(tf, new ArraySource(small.features, small.labels, small.dim, 30), { weights: small.weights, bias: small.bias, minority: MINORITY });
    compareWithDense(r, small, 'unweighted', 0);
    assert.ok(r.warnings!.some((w) => /d = 4 < K − 1 = 6/.test(w)));
  });
});

function orthogonal(d: number, rand: () => number): number[][] {
  const q: number[][] = [];
  while (q.length < d) {
    let v = Array.from({ length: d }, () => normal(rand));
    for (const u of q) {
      const p = u.reduce((s, x, i) => s + x * v[i], 0);
      v = v.map((x, i) => x - p * u[i]);
    }
    const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    q.push(v.map((x) => x / n));
  }
  return q;
}

const SCALARS = ['nc1', ...GEOMETRY_KEYS, 'nccMismatch', 'nccMismatchNoBias', 'accuracy'] as const;

describe('invariances', () => {
  const ds = randomDataset(3, [40, 30, 30, 25, 15], 10, 1);
  const options = { weights: ds.weights, bias: ds.bias, minority: MINORITY };

  it('rotating features and classifiers by the same orthogonal matrix changes nothing', async () => {
    const d = ds.dim;
    const Q = orthogonal(d, seeded(99));
    const rotate = (v: ArrayLike<number>, rows: number) => {
      const out = new Float64Array(rows * d);
      for (let i = 0; i < rows; i++) for (let a = 0; a < d; a++) for (let j = 0; j < d; j++) out[i * d + a] += Q[a][j] * v[i * d + j];
      return out;
    };
    const N = ds.labels.length;
    const base = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, d), options);
    const rotated = await computeMetrics(tf, new ArraySource(Float32Array.from(rotate(ds.features, N)), ds.labels, d), { ...options, weights: rotate(ds.weights, ds.classes) });
    // The rotated features are rounded to float32 again: agreement at float32 precision.
    for (const key of SCALARS) assertClose(rotated[key], base[key] as number, 2e-5, key, 1e-9);
    assertClose(rotated.biasRelation, base.biasRelation!, 2e-5, 'biasRelation');
    assertClose(rotated.minority!.meanCosClassifiers, base.minority!.meanCosClassifiers!, 2e-5, 'minority cos');
  });

  it('permuting the class labels permutes the cosine matrices and leaves every summary unchanged', async () => {
    const K = ds.classes;
    const d = ds.dim;
    const perm = [2, 4, 0, 1, 3]; // class k becomes perm[k]
    const labels = ds.labels.map((y) => perm[y]);
    const weights = new Float64Array(K * d);
    const bias = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      weights.set(ds.weights.subarray(k * d, (k + 1) * d), perm[k] * d);
      bias[perm[k]] = ds.bias[k];
    }
    const base = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, d), options);
    const permuted = await computeMetrics(tf, new ArraySource(ds.features, labels, d), { weights, bias, minority: MINORITY.map((k) => perm[k]) });
    for (const key of SCALARS) assertClose(permuted[key], base[key] as number, key === 'nc1' ? 1e-6 : 1e-12, key, 1e-15);
    assertClose(permuted.biasRelation, base.biasRelation!, 1e-12, 'biasRelation');
    for (let i = 0; i < K; i++) {
      assert.equal(permuted.counts[perm[i]], base.counts[i]);
      for (let j = 0; j < K; j++) assertClose(permuted.cosClassifiers![perm[i]][perm[j]], base.cosClassifiers![i][j] as number, 1e-12, 'cos', 1e-15);
    }
    assertClose(permuted.minority!.meanCosClassifiers, base.minority!.meanCosClassifiers!, 1e-12, 'minority cos');
    assertClose(permuted.minority!.blocks!.AB.meanCosMeans, base.minority!.blocks!.AB.meanCosMeans!, 1e-12, 'AB cos means');
  });

  it('scaling h by 4 and (W, b) by (1/2, 2) keeps every scale-free metric; ‖Wμ+b‖ scales by 2', async () => {
    const base = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim), options);
    const scaled = await computeMetrics(tf, new ArraySource(ds.features.map((x) => 4 * x), ds.labels, ds.dim), {
      weights: ds.weights.map((x) => x / 2),
      bias: ds.bias.map((x) => 2 * x),
      minority: MINORITY,
    });
    // Powers of two are exact in float32 and float64, so only summation order could differ.
    for (const key of SCALARS) assertClose(scaled[key], base[key] as number, key === 'nc1' ? 1e-6 : 1e-12, key, 1e-15);
    assertClose(scaled.biasRelation, 2 * base.biasRelation!, 1e-12, 'biasRelation');
    assertClose(scaled.minority!.meanNormClassifiers, base.minority!.meanNormClassifiers! / 4, 1e-12, 'minority norm');
    assertClose(scaled.minority!.meanDistanceClassifiers, base.minority!.meanDistanceClassifiers! / 4, 1e-12, 'minority distance');
  });
});
