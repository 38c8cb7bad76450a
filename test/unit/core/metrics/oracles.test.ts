// The exact-data oracles of theory.md §5.4 and §1.7, and small cases derived by hand.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { classifierFingerprint, emptyPass2, pass1Fingerprint } from '../../../../src/core/metrics/accumulators';
import { computeMetrics, metricsFromStatistics } from '../../../../src/core/metrics/compute';
import type { Tf } from '../../../../src/core/tf';
import type { MetricsResult } from '../../../../src/protocol/result';
import { ArraySource, assertClose, cpuTf, GEOMETRY_KEYS } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

const ZERO_KEYS = ['nc1', ...GEOMETRY_KEYS, 'nccMismatch', 'nccMismatchNoBias', 'biasRelation'] as const;

function sourceOf(rows: number[][], labels: number[], batchRows = 64): ArraySource {
  const d = rows[0].length;
  return new ArraySource(Float32Array.from(rows.flat()), Int32Array.from(labels), d, batchRows);
}

function assertAllZero(r: MetricsResult, atol: number): void {
  for (const key of ZERO_KEYS) {
    const v = r[key];
    assert.ok(typeof v === 'number' && Math.abs(v) <= atol, `${key} = ${v}, expected 0 within ${atol}`);
  }
}

function meanOffDiagonal(cos: (number | null)[][]): number {
  const values = cos.flatMap((row, i) => row.filter((_, j) => j !== i)) as number[];
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('perfect ETF dataset (theory.md §5.4): every NC metric is 0, mean cos −1/3', () => {
  // K = 4, d = 5, 3 samples per class at its mean.
  const K = 4;
  const d = 5;
  const etfColumns = (scale: number) =>
    Array.from({ length: K }, (_, k) => [...Array.from({ length: K }, (_, j) => scale * Math.sqrt(K / (K - 1)) * ((j === k ? 1 : 0) - 1 / K)), 0]);

  it('float64 statistics of the theory dataset (means 2·√(K/(K−1)) P_K, W = 0.7·ETF, b = 0): ≤ 3e-16', () => {
    const means = etfColumns(2);
    const W = Float64Array.from(etfColumns(0.7).flat());
    const b = new Float64Array(K);
    const pass1 = { classes: K, dim: d, counts: Float64Array.from([3, 3, 3, 3]), sums: Float64Array.from(means.flat().map((x) => 3 * x)) };
    // Samples sit at their means, so the residual statistics of pass 2 are exactly 0.
    const pass2 = emptyPass2(pass1Fingerprint(pass1), 1e-6, K - 1, K, classifierFingerprint(W, b, K, d));
    pass2.counts.set([3, 3, 3, 3]);
    const r = metricsFromStatistics({ classes: K, dim: d, pass1, pass2 }, { weights: W, bias: b });
    assertAllZero(r, 3e-16 * 4);
    assertClose(meanOffDiagonal(r.cosMeans), -1 / 3, 1e-15, 'mean cos of means');
    assertClose(meanOffDiagonal(r.cosClassifiers!), -1 / 3, 1e-15, 'mean cos of classifiers');
  });

  it('streamed as float32 features: NC1 and NC4 exactly 0, the rest at float32 rounding of √(4/3)', async () => {
    const means = etfColumns(2);
    const rows = means.flatMap((m) => [m, m, m]);
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    const W = Float64Array.from(etfColumns(0.7).flat());
    const r = await computeMetrics(tf, sourceOf(rows, labels, 5), { weights: W, bias: new Float64Array(K) });
    assert.equal(r.nc1, 0);
    assert.equal(r.nc1Quotient, 0);
    assert.equal(r.nccMismatch, 0);
    assert.equal(r.accuracy, 1);
    assertAllZero(r, 1e-6);
    assertClose(meanOffDiagonal(r.cosMeans), -1 / 3, 1e-6, 'mean cos');
  });

  it('the same ETF in integer coordinates (tetrahedron (±1,±1,±1)) is exact in float32: ≤ 1e-15', async () => {
    const v = [
      [1, 1, 1, 0, 0],
      [1, -1, -1, 0, 0],
      [-1, 1, -1, 0, 0],
      [-1, -1, 1, 0, 0],
    ];
    const rows = v.flatMap((x) => [x, x, x].map((y) => y.map((c) => 2 * c)));
    const labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
    const W = Float64Array.from(v.flat().map((c) => 0.75 * c));
    for (const globalMean of ['unweighted', 'weighted'] as const) {
      const r = await computeMetrics(tf, sourceOf(rows, labels), { weights: W, bias: new Float64Array(K), globalMean, minority: [2, 3] });
      assertAllZero(r, 1e-15);
      assertClose(meanOffDiagonal(r.cosMeans), -1 / 3, 1e-15, 'mean cos of means');
      assertClose(r.minority!.meanCosClassifiers, -1 / 3, 1e-15, 'minority cos');
      assert.equal(r.minority!.stdCosClassifiers, 0);
      // ‖w_2 − w_3‖² = 0.75² · ‖(0, 2, −2)‖² = 4.5;  ‖w_k‖² = 0.75² · 3 = 1.6875
      assertClose(r.minority!.meanDistanceClassifiers, 4.5, 1e-15, 'minority distance');
      assertClose(r.minority!.meanNormClassifiers, 1.6875, 1e-15, 'minority norm');
    }
  });
});

describe('toy "NC1 = a²/2" (theory.md §5.4)', () => {
  // K = 2, d = 2: (1±a, ±5) in class 0, (−1±a, ±5) in class 1. The ±5 spread is orthogonal to the
  // class-mean span, so the pseudo-inverse ignores it: NC1 = a²/2; Tr Σ_W / Tr Σ_B = a² + 25.
  const toy = (a: number) =>
    sourceOf(
      [
        [1 + a, 5],
        [1 - a, -5],
        [-1 + a, 5],
        [-1 - a, -5],
      ],
      [0, 0, 1, 1],
    );

  it('a = 0.3: NC1 = 0.045, quotient 25.09, CDNV = 25.09/4', async () => {
    const r = await computeMetrics(tf, toy(0.3));
    // 1 ± 0.3 are rounded to float32, so compare at float32 precision.
    assertClose(r.nc1, 0.045, 1e-6, 'nc1');
    assertClose(r.nc1Quotient, 25.09, 1e-6, 'quotient');
    // σ_c² = a² + 25 for both classes, ‖μ_0 − μ_1‖² = 4 → (2·25.09)/(2·4)
    assertClose(r.cdnv, 25.09 / 4, 1e-6, 'cdnv');
  });

  it('a = 0.25 (exact in float32): NC1 = 0.03125 and quotient 25.0625 to 1e-15', async () => {
    const r = await computeMetrics(tf, toy(0.25));
    assertClose(r.nc1, 0.03125, 1e-15, 'nc1');
    assertClose(r.nc1Quotient, 25.0625, 1e-15, 'quotient');
  });
});

describe('toy "centring" (theory.md §1.7): three samples at (1,0), one at (−1,0)', () => {
  const source = () =>
    sourceOf(
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [-1, 0],
      ],
      [0, 0, 0, 1],
    );
  it('CV of centred-mean norms: 0.5 (weighted, ddof 0), 0.7071 (weighted, ddof 1), 0 (unweighted)', async () => {
    const w0 = await computeMetrics(tf, source(), { globalMean: 'weighted', ddof: 0 });
    const w1 = await computeMetrics(tf, source(), { globalMean: 'weighted', ddof: 1 });
    const u0 = await computeMetrics(tf, source(), { globalMean: 'unweighted' });
    // K = 2: the CV follows from the counts alone, so equinormMeans is null ("not informative for K = 2");
    // the toy's numbers are those of the reported norms ‖μ_k − μ_G‖ (0.5 and 1.5 weighted, 1 and 1 unweighted).
    for (const r of [w0, w1, u0]) {
      assert.equal(r.equinormMeans, null);
      assert.match(r.reasons!.equinormMeans, /^not informative for K = 2/);
    }
    const cv = (norms: number[], ddof: number) => {
      const m = (norms[0] + norms[1]) / 2;
      return Math.sqrt(((norms[0] - m) ** 2 + (norms[1] - m) ** 2) / (2 - ddof)) / m;
    };
    assertClose(cv(w0.normsMeans!, 0), 0.5, 1e-15, 'weighted ddof 0');
    assertClose(cv(w1.normsMeans!, 1), Math.SQRT1_2, 1e-15, 'weighted ddof 1');
    assert.equal(cv(u0.normsMeans!, 0), 0);
    assert.deepEqual(w1.conventions, { globalMean: 'weighted', ddof: 1, pinvRtol: 1e-6 });
    assert.deepEqual(u0.conventions.globalMean, 'unweighted');
    assert.deepEqual(u0.counts, [3, 1]);
    assert.equal(u0.nc1, 0);
  });

  it('K = 2: cos(μ_0 − μ_G, μ_1 − μ_G) = −1 = −1/(K−1) by construction, so the class-mean angles are null, not informative', async () => {
    const r = await computeMetrics(tf, source(), { ddof: 1 });
    assert.equal(r.cosMeans[0][1], -1);
    for (const key of ['equiangularMeans', 'maxAngleMeans', 'etfDistanceMeans'] as const) {
      assert.equal(r[key], null);
      assert.match(r.reasons![key], /^not informative for K = 2/);
    }
  });
});

describe('hand-derived cases', () => {
  it('NC4 ties go to the lowest label, with and without the bias', async () => {
    // Class 0: (−2,0), (0,0); class 1: (2,0), (0,0). Means (−1,0), (1,0). W = [(−1,0), (1,0)], b = (0, 0.5).
    // At (0,0) both centres are at distance 1 → NCC picks 0; W h = (0, 0) ties → 0, but W h + b = (0, 0.5) → 1.
    const source = sourceOf(
      [
        [-2, 0],
        [0, 0],
        [2, 0],
        [0, 0],
      ],
      [0, 0, 1, 1],
    );
    const r = await computeMetrics(tf, source, { weights: Float64Array.from([-1, 0, 1, 0]), bias: Float64Array.from([0, 0.5]) });
    assert.equal(r.nccMismatch, 0.5);
    assert.equal(r.nccMismatchNoBias, 0);
    assert.equal(r.accuracy, 0.75); // the linear rule sends both (0,0) samples to class 1
    // μ_G = 0, so ‖W μ_G + b‖ = ‖b‖ = 0.5
    assert.equal(r.biasRelation, 0.5);
  });

  it('classifiers at the origin: cosines are null with a reason, norms and distances still reported', async () => {
    // K = 4, minority {2, 3}: w_2 = w_3 = 0 (LPM minority collapse to the zero vector, theory.md §2.4).
    const rows = [
      [3, 0, 0],
      [0, 3, 0],
      [0, 0, 3],
      [-3, -3, -3],
    ];
    const W = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const r = await computeMetrics(tf, sourceOf(rows, [0, 1, 2, 3]), { weights: W, minority: [2, 3] });
    const m = r.minority!;
    assert.equal(m.meanCosClassifiers, null);
    assert.equal(m.stdCosClassifiers, null);
    assert.equal(m.meanDistanceClassifiers, 0);
    assert.equal(m.meanNormClassifiers, 0);
    assert.ok(m.notes!.some((n) => /minority classifiers 2, 3 have norm ~0/.test(n)), m.notes!.join('; '));
    assert.equal(m.blocks!.BB.meanCosClassifiers, null);
    assert.equal(m.blocks!.AB.meanCosClassifiers, null);
    assert.equal(m.blocks!.AA.meanCosClassifiers, 0); // w_0 ⊥ w_1
    assert.equal(r.cosClassifiers![2][0], null);
    assert.equal(r.cosClassifiers![0][1], 0);
    assert.equal(r.equiangularClassifiers, null);
    assert.match(r.reasons!.equiangularClassifiers, /classifiers 2, 3 have norm ~0/);
    assert.ok(r.warnings!.some((w) => /classifiers 2, 3 ~0/.test(w)));
    // Means are fine: with μ_G^u = 0 the centred means are the rows; cos(μ_0, μ_1) = 0 and
    // cos((0,0,3), (−3,−3,−3)) = −9/(3·√27) = −1/√3.
    assert.equal(m.blocks!.AA.meanCosMeans, 0);
    assertClose(m.meanCosMeans, -1 / Math.sqrt(3), 1e-15, 'minority means cos');
  });

  it('minority cosines, distance and norms of a small classifier by hand', async () => {
    // w_2 = (1, 0), w_3 = (1, 1): cos = 1/√2, ‖w_2 − w_3‖² = 1, mean ‖w‖² = (1 + 2)/2
    const rows = [
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ];
    const W = Float64Array.from([-1, 0, 0, -1, 1, 0, 1, 1]);
    const r = await computeMetrics(tf, sourceOf(rows, [0, 1, 2, 3]), { weights: W, minority: [3, 2] });
    const m = r.minority!;
    assert.deepEqual(m.classes, [2, 3]);
    assertClose(m.meanCosClassifiers, Math.SQRT1_2, 1e-15, 'cos');
    assert.equal(m.stdCosClassifiers, 0);
    assert.equal(m.meanDistanceClassifiers, 1);
    assert.equal(m.meanNormClassifiers, 1.5);
    // AA: w_0 = (−1,0), w_1 = (0,−1): cos 0; AB pairs: (w0,w2) −1, (w0,w3) −1/√2, (w1,w2) 0, (w1,w3) −1/√2
    assert.equal(m.blocks!.AA.meanCosClassifiers, 0);
    assertClose(m.blocks!.AB.meanCosClassifiers, (-1 - Math.SQRT2) / 4, 1e-15, 'AB cos');
    assert.equal(m.blocks!.AA.meanNormClassifiers, 1);
    assert.equal(m.blocks!.AB.meanNormClassifiers, 1.25);
    // Means: rows are ±e1, ±e2 and μ_G = 0; minority means (−1,0), (0,−1): cos 0; AB block of means.
    assert.equal(m.meanCosMeans, 0);
    assert.equal(m.blocks!.BB.meanNormMeans, 1);
  });

  it('d < K − 1 is a warning, not an error', async () => {
    const rows = [[1], [2], [3], [5]];
    const r = await computeMetrics(tf, sourceOf(rows, [0, 1, 2, 3]));
    assert.ok(r.warnings!.some((w) => /d = 1 < K − 1 = 3/.test(w)));
    assert.equal(r.classes, 4);
  });
});
