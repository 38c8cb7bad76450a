// D_l of one layer from the two streaming passes against the dense d×d definitions (dense.ts), and
// the log-linear fit against closed forms.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { fitSeparation } from '../../../../src/core/layers/fit';
import { createKernels } from '../../../../src/core/layers/metricsKernels';
import { LayerSeparation } from '../../../../src/core/layers/separation';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { seededUniform } from '../../../../src/core/random';
import { denseBalanced, denseNc1, denseSeparation } from './dense';

let tf: Tf;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
});

/** Small integers (exact in float32), K classes with the given counts, labels interleaved. */
function exactData(counts: number[], d: number, seed: number): { x: number[][]; y: number[] } {
  const rand = seededUniform(seed);
  const x: number[][] = [];
  const y: number[] = [];
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i++) {
      x.push(Array.from({ length: d }, (_, j) => (j === k ? 6 : 0) + Math.floor(rand() * 7) - 3));
      y.push(k);
    }
  });
  return { x, y };
}

async function streamed(x: number[][], y: number[], K: number, minority: number[] | null, batch = 3, scale = 1) {
  const d = x[0].length;
  const acc = new LayerSeparation(d, K);
  const kernels = createKernels('javascript');
  const batches: { f: Float32Array; l: Int32Array; n: number }[] = [];
  for (let s = 0; s < x.length; s += batch) {
    const rows = x.slice(s, s + batch);
    batches.push({ f: Float32Array.from(rows.flat().map((v) => v * scale)), l: Int32Array.from(y.slice(s, s + batch)), n: rows.length });
  }
  for (const b of batches) acc.addPass1(b.f, b.l, b.n, kernels);
  acc.startPass2(tf, minority, 1e-6);
  for (const b of batches) await acc.addPass2(tf, b.f, b.l, b.n, kernels);
  return acc.finish('unweighted');
}

const close = (got: number | null, want: number, rel = 2e-5) => {
  assert.ok(got !== null, 'value is null');
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${got} vs ${want}`);
};

describe('separation of one layer (two passes, no d×d matrix)', () => {
  it('D_l, the balanced variant and NC1 equal the dense d×d definitions on imbalanced exact data', async () => {
    const counts = [6, 4, 3, 2];
    const { x, y } = exactData(counts, 6, 7);
    const got = await streamed(x, y, 4, null);
    close(got.separation, denseSeparation(x, y, [0, 1, 2, 3]));
    close(got.separationBalanced, denseBalanced(x, y, 4));
    close(got.nc1, denseNc1(x, y, 4));
    // Imbalanced: the variants differ (otherwise the test would not tell them apart).
    assert.ok(Math.abs((got.separation as number) - (got.separationBalanced as number)) > 0.01 * (got.separation as number));
    assert.equal(got.minority, null);
  });

  it('majority / minority D_l equal the dense definition on those samples only', async () => {
    const { x, y } = exactData([6, 5, 4, 2, 2, 3], 8, 11);
    const got = await streamed(x, y, 6, [3, 4, 5]);
    close(got.separation, denseSeparation(x, y, [0, 1, 2, 3, 4, 5]));
    close(got.minority?.majority ?? null, denseSeparation(x, y, [0, 1, 2]));
    close(got.minority?.minority ?? null, denseSeparation(x, y, [3, 4, 5]));
  });

  it('d > N (more dimensions than samples) still matches, and a one-class side has no D (null)', async () => {
    const { x, y } = exactData([3, 3, 2], 20, 3);
    const got = await streamed(x, y, 3, [2]);
    close(got.separation, denseSeparation(x, y, [0, 1, 2]));
    close(got.minority?.majority ?? null, denseSeparation(x, y, [0, 1]));
    assert.equal(got.minority?.minority, null);
  });

  it('is invariant to scaling the layer output (D(c·x) = D(x), c = 1000 and 1/64)', async () => {
    const { x, y } = exactData([5, 4, 3], 5, 5);
    const base = await streamed(x, y, 3, [2]);
    for (const c of [1000, 1 / 64]) {
      const scaled = await streamed(x, y, 3, [2], 3, c);
      close(scaled.separation, base.separation as number, 1e-5);
      close(scaled.separationBalanced, base.separationBalanced as number, 1e-5);
      close(scaled.nc1, base.nc1 as number, 1e-5);
    }
  });

  it('theory toy "NC1 = a²/2": the pinv ignores spread orthogonal to the class means', async () => {
    // K = 2, (±1 ± a, ±5), a = 0.3, balanced: SS_W = diag(a², 25), SS_B = diag(1, 0) → D = a², NC1 = a²/2.
    const a = 0.3;
    const x = [[1 + a, 5], [1 - a, -5], [-1 + a, 5], [-1 - a, -5]];
    const y = [0, 0, 1, 1];
    const got = await streamed(x, y, 2, null, 4);
    close(got.separation, a * a, 1e-6);
    close(got.separationBalanced, a * a, 1e-6);
    close(got.nc1, (a * a) / 2, 1e-6);
  });

  it('all class means equal: every value is null, with the reason', async () => {
    const x = [[1, 2], [3, 4], [1, 2], [3, 4]];
    const got = await streamed(x, [0, 0, 1, 1], 2, null, 4);
    assert.equal(got.separation, null);
    assert.match(got.reason ?? '', /class means of this layer coincide/);
  });

  it('large basis rank (K = 40 > 32) takes the tfjs scatter path and still matches the dense definition', async () => {
    const K = 40;
    const { x, y } = exactData(Array.from({ length: K }, (_, k) => 2 + (k % 3)), 44, 9);
    const minority = Array.from({ length: 15 }, (_, i) => 25 + i);
    const got = await streamed(x, y, K, minority, 17);
    close(got.separation, denseSeparation(x, y, Array.from({ length: K }, (_, k) => k)), 1e-4);
    close(got.separationBalanced, denseBalanced(x, y, K), 1e-4);
    close(got.minority?.minority ?? null, denseSeparation(x, y, minority), 1e-4);
  });
});

describe('log-linear fit of D_l on the layer index', () => {
  it('exact geometric decay D_l = 5·0.4^l: ratio 0.4, r = −1, R² = 1, no outliers', () => {
    const values = [0, 1, 2, 3, 4, 5].map((l) => 5 * 0.4 ** l);
    const fit = fitSeparation(values, 0, 5);
    close(fit.ratio, 0.4, 1e-12);
    close(fit.pearson, -1, 1e-12);
    close(fit.r2, 1, 1e-12);
    close(fit.intercept, Math.log(5), 1e-12);
    assert.deepEqual(fit.outliers, []);
    assert.equal(fit.points, 6);
  });

  it('least squares on three points by hand; the range from…to is honoured', () => {
    // ln D = 0, 1, 3 at l = 1, 2, 3 (layer 0 outside the range): slope 1.5, r = 1.5·√2 / √(14/3).
    const values = [99, 1, Math.E, Math.E ** 3, 7];
    const fit = fitSeparation(values, 1, 3);
    close(fit.ratio, Math.exp(1.5), 1e-12);
    close(fit.pearson, (1.5 * 2) / Math.sqrt(2 * (14 / 3)), 1e-12);
    assert.equal(fit.from, 1);
    assert.equal(fit.to, 3);
  });

  it('one layer off the line is the outlier; null and non-positive D are left out of the fit', () => {
    const values: (number | null)[] = [0, 1, 2, 3, 4, 5, 6, 7].map((l) => 0.5 ** l);
    values[4] = (values[4] as number) * 20;
    const fit = fitSeparation(values, 0, 7);
    assert.deepEqual(fit.outliers, [4]);
    const gaps = fitSeparation([1, null, 0.25, 0, 0.0625], 0, 4);
    assert.equal(gaps.points, 3);
    close(gaps.ratio, 0.5, 1e-12);
  });

  it('fewer than two usable layers: no fit', () => {
    const fit = fitSeparation([1, null], 0, 1);
    assert.equal(fit.ratio, null);
    assert.equal(fit.pearson, null);
  });
});
