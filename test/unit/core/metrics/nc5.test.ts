// NC5 = mean over k of |cos(w_k, μ_OOD − μ_G)| (theory.md §1.11): exact values on a simplex ETF (0 for OOD
// directions orthogonal to every w_k, a closed form for μ_OOD − μ_G = e_0), both global-mean conventions,
// an independent dense recomputation on a random imbalanced set, statistics files (OOD sum + count) that
// merge to the one-run value, and the CLI: --ood-features end to end, a mismatched d refused with exit 2,
// `inspect --ood-data` on the MLP fixture with unlabelled noise inputs against a float64 oracle.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectStatistics, metricsFromStatistics } from '../../../../src/core/metrics/compute';
import type { MetricsStatistics } from '../../../../src/core/metrics/accumulators';
import { mergeStatistics, statisticsFromJson, statisticsToJson } from '../../../../src/core/metrics/accumulators';
import type { OodStats } from '../../../../src/core/metrics/ood';
import { encodeNpy } from '../../../../src/core/io/npy';
import type { Tf } from '../../../../src/core/tf';
import type { InspectResult, MetricsResult } from '../../../../src/protocol/result';
import { DATA, dense, MODELS, readCsv, readWeights, relu } from '../model/oracle';
import { runCaptured } from '../../helpers/captureIo';
import { ArraySource, assertClose, cpuTf, normal, randomDataset, seeded } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});
const work = mkdtempSync(join(tmpdir(), 'collapse-lens-nc5-'));
after(() => rmSync(work, { recursive: true, force: true }));

const oodOf = (mean: readonly number[], count = 3): OodStats => ({ count, sum: Float64Array.from(mean, (v) => v * count) });

/** K = 4 classes in d = 5, class k = e_k ± 0.5·e_4 (n_k samples): μ_k = e_k exactly. */
function etf(counts: number[]): { features: Float32Array; labels: Int32Array; dim: number } {
  const K = counts.length;
  const d = K + 1;
  const rows: number[][] = [];
  const labels: number[] = [];
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i++) {
      const h = new Array(d).fill(0);
      h[k] = 1;
      h[K] = i % 2 ? 0.5 : -0.5;
      rows.push(h);
      labels.push(k);
    }
  });
  return { features: Float32Array.from(rows.flat()), labels: Int32Array.from(labels), dim: d };
}

/** |cos| averaged over the rows of W, computed here in the plainest way. */
function nc5Oracle(w: readonly number[][], v: readonly number[]): number {
  const norm = (a: readonly number[]) => Math.sqrt(a.reduce((s, x) => s + x * x, 0));
  return w.reduce((s, row) => s + Math.abs(row.reduce((t, x, j) => t + x * v[j], 0)) / (norm(row) * norm(v)), 0) / w.length;
}

describe('NC5 on exact data', () => {
  const K = 4;
  const d = K + 1;
  const data = etf([4, 4, 4, 4]);
  // W = the centred means e_k − ¼·1 (first K coordinates): a simplex ETF.
  const wRows = Array.from({ length: K }, (_, k) => Array.from({ length: d }, (_, j) => (j < K ? (j === k ? 1 : 0) - 1 / K : 0)));
  const weights = Float64Array.from(wRows.flat());
  const muG = [0.25, 0.25, 0.25, 0.25, 0];
  let stats: MetricsStatistics;
  before(async () => {
    stats = await collectStatistics(tf, new ArraySource(data.features, data.labels, d, 5), { weights });
  });

  it('nc5 = 0 when μ_OOD − μ_G is orthogonal to every w_k (e_4, and the all-ones direction of the first K coordinates)', () => {
    for (const v of [[0, 0, 0, 0, 3], [1, 1, 1, 1, 0], [2, 2, 2, 2, -1]]) {
      const r = metricsFromStatistics({ ...stats, ood: oodOf(muG.map((g, j) => g + v[j])) }, { weights });
      assert.ok(r.nc5 !== null && r.nc5 !== undefined && Math.abs(r.nc5) < 1e-15, `nc5 ${r.nc5} for v = ${v}`);
    }
  });

  it('closed form: μ_OOD − μ_G = t·e_0 gives (2(K−1)/K) / (K·√((K−1)/K)) = 2√(K−1)/K^{3/2}', () => {
    // |w_0·e_0| = (K−1)/K, |w_k·e_0| = 1/K for k ≠ 0, ‖w_k‖ = √((K−1)/K).
    const expected = (2 * Math.sqrt(K - 1)) / K ** 1.5;
    for (const t of [1, -0.3, 7]) {
      const r = metricsFromStatistics({ ...stats, ood: oodOf(muG.map((g, j) => g + (j === 0 ? t : 0)), 5) }, { weights });
      assertClose(r.nc5!, expected, 1e-15, `nc5 for t = ${t}`);
    }
    assertClose(expected, 0.4330127018922193, 1e-15, 'K = 4 value');
  });

  it('null with the reason: no OOD set, no W, μ_OOD = μ_G, a zero classifier row', () => {
    const none = metricsFromStatistics(stats, { weights });
    assert.equal(none.nc5, null);
    assert.match(none.reasons!.nc5, /no out-of-distribution set given/);
    const noW = metricsFromStatistics({ ...stats, ood: oodOf([0, 0, 0, 0, 1]) });
    assert.equal(noW.nc5, null);
    assert.equal(noW.reasons!.nc5, 'no classifier weights W given');
    const same = metricsFromStatistics({ ...stats, ood: oodOf(muG) }, { weights });
    assert.equal(same.nc5, null);
    assert.match(same.reasons!.nc5, /equals the global mean/);
    const zeroRow = Float64Array.from(weights);
    zeroRow.fill(0, 2 * d, 3 * d);
    const z = metricsFromStatistics({ ...stats, ood: oodOf([1, 0, 0, 0, 0]) }, { weights: zeroRow });
    assert.equal(z.nc5, null);
    assert.match(z.reasons!.nc5, /classifier 2 has norm ~0/);
  });

  it('both centrings: imbalanced counts, μ_OOD = μ_G^unweighted + e_4 is orthogonal only for the unweighted mean', async () => {
    const counts = [2, 4, 6, 8];
    const imb = etf(counts);
    const s = await collectStatistics(tf, new ArraySource(imb.features, imb.labels, d, 3), { weights });
    const ood = oodOf([0.25, 0.25, 0.25, 0.25, 1]);
    const u = metricsFromStatistics({ ...s, ood }, { weights, globalMean: 'unweighted' });
    assert.ok(Math.abs(u.nc5!) < 1e-15, `unweighted nc5 ${u.nc5}`);
    const N = counts.reduce((a, b) => a + b, 0);
    const weighted = [...counts.map((n) => n / N), 0];
    const v = [0.25, 0.25, 0.25, 0.25, 1].map((m, j) => m - weighted[j]);
    const w = metricsFromStatistics({ ...s, ood }, { weights, globalMean: 'weighted' });
    assertClose(w.nc5!, nc5Oracle(wRows, v), 1e-14, 'weighted nc5');
    assert.ok(w.nc5! > 0.05, `weighted nc5 ${w.nc5} is not ~0`);
  });
});

describe('NC5 = dense recomputation (random imbalanced set, random OOD rows)', () => {
  const counts = [60, 45, 30, 12, 7, 3];
  const dim = 9;
  const ds = randomDataset(51, counts, dim, 1.2, 0.7);
  const K = counts.length;
  const rand = seeded(77);
  const oodRows = Array.from({ length: 40 }, () => Array.from({ length: dim }, () => 2 * normal(rand) + 1));
  const oodSum = new Float64Array(dim);
  for (const r of oodRows) r.forEach((x, j) => (oodSum[j] += x));

  for (const globalMean of ['unweighted', 'weighted'] as const) {
    it(`global mean ${globalMean}`, async () => {
      const stats = await collectStatistics(tf, new ArraySource(ds.features, ds.labels, dim, 17), { weights: ds.weights, bias: ds.bias });
      const r = metricsFromStatistics({ ...stats, ood: { count: oodRows.length, sum: oodSum } }, { weights: ds.weights, bias: ds.bias, globalMean });
      // Dense: class means from the rows, μ_G by the convention, μ_OOD from the OOD rows.
      const N = ds.labels.length;
      const means = Array.from({ length: K }, () => new Array(dim).fill(0));
      for (let i = 0; i < N; i++) for (let j = 0; j < dim; j++) means[ds.labels[i]][j] += ds.features[i * dim + j] / counts[ds.labels[i]];
      const g = Array.from({ length: dim }, (_, j) =>
        globalMean === 'unweighted' ? means.reduce((s, m) => s + m[j], 0) / K : means.reduce((s, m, k) => s + (m[j] * counts[k]) / N, 0),
      );
      const muOod = Array.from({ length: dim }, (_, j) => oodRows.reduce((s, row) => s + row[j], 0) / oodRows.length);
      const wRows = Array.from({ length: K }, (_, k) => Array.from(ds.weights.subarray(k * dim, (k + 1) * dim)));
      assertClose(r.nc5!, nc5Oracle(wRows, muOod.map((m, j) => m - g[j])), 1e-10, 'nc5');
    });
  }

  it('statistics files: OOD sums of two shards merge to the one-run value, and survive the JSON round trip', async () => {
    const stats = await collectStatistics(tf, new ArraySource(ds.features, ds.labels, dim, 17), { weights: ds.weights });
    const part = (rows: number[][]): OodStats => ({ count: rows.length, sum: Float64Array.from({ length: dim }, (_, j) => rows.reduce((s, r) => s + r[j], 0)) });
    const a: MetricsStatistics = { ...stats, ood: part(oodRows.slice(0, 25)) };
    const b: MetricsStatistics = { classes: stats.classes, dim, pass1: null, pass2: null, ood: part(oodRows.slice(25)) };
    const roundTrip = (s: MetricsStatistics, name: string) => statisticsFromJson(JSON.parse(JSON.stringify(statisticsToJson(s))), name);
    const merged = mergeStatistics([{ name: 'a', stats: roundTrip(a, 'a') }, { name: 'b', stats: roundTrip(b, 'b') }]).stats;
    assert.equal(merged.ood?.count, 40);
    const one = metricsFromStatistics({ ...stats, ood: part(oodRows) }, { weights: ds.weights });
    const two = metricsFromStatistics(merged, { weights: ds.weights });
    assertClose(two.nc5!, one.nc5!, 1e-13, 'merged nc5');
  });
});

describe('NC5 in the CLI', () => {
  const K = 4;
  const d = K + 1;
  const data = etf([4, 4, 4, 4]);
  const H = join(work, 'H.npy');
  const y = join(work, 'y.npy');
  const W = join(work, 'W.npy');
  before(() => {
    writeFileSync(H, encodeNpy(data.features, [data.labels.length, d]));
    writeFileSync(y, encodeNpy(data.labels, [data.labels.length]));
    const w = new Float32Array(K * d);
    for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) w[k * d + j] = (j === k ? 1 : 0) - 1 / K;
    writeFileSync(W, encodeNpy(w, [K, d]));
  });

  it('metrics --ood-features: the closed form, saved in --save-stats and merged by --stats', async () => {
    // OOD rows μ_G + e_0 ± e_4: mean μ_G + e_0.
    const ood = join(work, 'ood.npy');
    writeFileSync(ood, encodeNpy(Float32Array.from([1.25, 0.25, 0.25, 0.25, 1, 1.25, 0.25, 0.25, 0.25, -1]), [2, d]));
    const saved = join(work, 'with-ood.json');
    const r = await runCaptured(['metrics', '--features', H, '--labels', y, '--weights', W, '--ood-features', ood, '--save-stats', saved, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const expected = (2 * Math.sqrt(K - 1)) / K ** 1.5;
    assertClose((JSON.parse(r.stdout) as MetricsResult).nc5!, expected, 1e-7, 'nc5 (float32 inputs)');
    const file = JSON.parse(readFileSync(saved, 'utf8')) as { ood: { count: number; sum: number[] } };
    assert.equal(file.ood.count, 2);
    assert.deepEqual(file.ood.sum, [2.5, 0.5, 0.5, 0.5, 0]);
    const again = await runCaptured(['metrics', '--stats', saved, '--weights', W, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assertClose((JSON.parse(again.stdout) as MetricsResult).nc5!, expected, 1e-7, 'nc5 from the statistics file');
    const table = await runCaptured(['metrics', '--features', H, '--labels', y, '--weights', W, '--quiet']);
    assert.match(table.stdout, /NC5 {2}OOD orthogonality +— +\(no out-of-distribution set given/);
  });

  it('a mismatched d is refused with exit 2, naming the file, both dimensions and the next step', async () => {
    const bad = join(work, 'ood-d7.npy');
    writeFileSync(bad, encodeNpy(new Float32Array(3 * 7).fill(1), [3, 7]));
    const r = await runCaptured(['metrics', '--features', H, '--labels', y, '--weights', W, '--ood-features', bad, '--quiet']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ood-d7\.npy: out-of-distribution features have d = 7 but .*H\.npy has d = 5; extract the OOD features from the same layer/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('inspect --ood-data: unlabelled noise inputs through the MLP fixture, nc5 equal to the float64 oracle', async () => {
    const rand = seeded(5);
    const rows = Array.from({ length: 30 }, () => Array.from({ length: 4 }, () => 3 * normal(rand)));
    const oodPath = join(work, 'noise-inputs.npy'); // no labels file next to it: none are needed
    writeFileSync(oodPath, encodeNpy(Float32Array.from(rows.flat()), [rows.length, 4]));
    const model = join(MODELS, 'mlp');
    const train = join(DATA, 'blobs', 'train.csv');
    const r = await runCaptured(['inspect', model, '--data', train, '--ood-data', oodPath, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as InspectResult;
    assert.deepEqual(result.data?.ood, { path: oodPath, format: 'npy', samples: 30, classNames: null });
    // Oracle: features relu(x W1 + b1) from the shard bytes; W = classifier kernel transposed.
    const w = readWeights(model);
    const feat = (x: readonly number[]) => dense(Array.from(Float32Array.from(x)), w.get('hidden/kernel')!, w.get('hidden/bias'), relu);
    const csv = readCsv(train);
    const h = csv.rows.map(feat);
    const labels = csv.labels.map(Number);
    const dim = h[0].length;
    const means = [0, 1, 2].map((c) => {
      const mine = h.filter((_, i) => labels[i] === c);
      return Array.from({ length: dim }, (_, j) => mine.reduce((s, row) => s + row[j], 0) / mine.length);
    });
    const g = Array.from({ length: dim }, (_, j) => means.reduce((s, m) => s + m[j], 0) / 3);
    const oodFeatures = rows.map(feat);
    const muOod = Array.from({ length: dim }, (_, j) => oodFeatures.reduce((s, row) => s + row[j], 0) / rows.length);
    const kernel = w.get('classifier/kernel')!;
    const wRows = [0, 1, 2].map((k) => Array.from({ length: dim }, (_, j) => kernel.values[j * 3 + k]));
    const expected = nc5Oracle(wRows, muOod.map((m, j) => m - g[j]));
    assert.ok(Math.abs(result.nc5! - expected) <= 1e-5, `nc5 ${result.nc5} vs oracle ${expected}`);
    const without = await runCaptured(['inspect', model, '--data', train, '--json', '--quiet']);
    const plain = JSON.parse(without.stdout) as InspectResult;
    assert.equal(plain.nc5, null);
    assert.match(plain.reasons!.nc5, /no out-of-distribution set given/);
  });
});
