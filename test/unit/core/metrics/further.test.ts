// The further metrics of theory.md §1.11 (nc1Weak, classVariability, equinormLogMeans, gnc2, unc3):
// exact values on constructed data, an independent dense recomputation on a random imbalanced set for
// both global-mean conventions and both ddof, the reasons when they are undefined, and sharded
// statistics files merged = one run. Expected values come from the formulas, never from the code's output.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectStatistics, computeMetrics, metricsFromStatistics } from '../../../../src/core/metrics/compute';
import { readStatisticsFiles, writeStatisticsFile } from '../../../../src/core/metrics/statisticsFiles';
import type { Tf } from '../../../../src/core/tf';
import { formatTable } from '../../../../src/engine/cli/metrics';
import type { MetricsResult } from '../../../../src/protocol/result';
import type { Dataset } from './helpers';
import { ArraySource, assertClose, cpuTf, randomDataset } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

/**
 * K = 4 classes in d = 5 with means e_k (k < 4): the centred means e_k − ¼·1 form a simplex ETF. Class k
 * has `n` samples e_k ± s_k e_5 (half each), so μ_k = e_k exactly and σ_k² = s_k². All values are exact in float32.
 */
function etfData(spreads: number[], n = 4): { features: Float32Array; labels: Int32Array; dim: number } {
  const K = spreads.length;
  const d = K + 1;
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const h = new Array(d).fill(0);
      h[k] = 1;
      h[K] = (i % 2 ? 1 : -1) * spreads[k];
      rows.push(h);
      labels.push(k);
    }
  }
  return { features: Float32Array.from(rows.flat()), labels: Int32Array.from(labels), dim: d };
}

describe('further metrics on exact data', () => {
  const spreads = [0.5, 1, 1.5, 2];
  const K = spreads.length;
  const data = etfData(spreads);
  const run = (options: Parameters<typeof computeMetrics>[2] = {}) => computeMetrics(tf, new ArraySource(data.features, data.labels, data.dim, 5), options);

  for (const globalMean of ['unweighted', 'weighted'] as const) {
    it(`simplex ETF of means (K = 4, d = 5, equal counts), global mean ${globalMean}`, async () => {
      const r = await run({ globalMean });
      // ‖m̂_c − m̂_c'‖² = 2 − 2·(−1/(K−1)) = 2K/(K−1) for every pair.
      assertClose(r.gnc2!.logMean, Math.log(1 / Math.sqrt((2 * K) / (K - 1))), 1e-14, 'gnc2.logMean');
      // Riesz s = 1: 1/‖m̂_c − m̂_c'‖ = √((K−1)/(2K)) for every pair.
      assertClose(r.gnc2Riesz!.mean, Math.sqrt((K - 1) / (2 * K)), 1e-14, 'gnc2Riesz.mean');
      assert.ok(Math.abs(r.gnc2Riesz!.var) < 1e-28, `gnc2Riesz.var ${r.gnc2Riesz!.var}`);
      assert.ok(Math.abs(r.gnc2!.logVar) < 1e-28, `gnc2.logVar ${r.gnc2!.logVar}`);
      assert.ok(Math.abs(r.equinormLogMeans!) < 1e-15, `equinormLogMeans ${r.equinormLogMeans}`);
      // Tr Σ_W = (1/N) Σ s_k² n = mean s_k² (equal counts); Tr Σ_B = (1/K) Σ ‖e_k − ¼·1‖² = 1 − 1/K.
      const within = spreads.reduce((a, s) => a + s * s, 0) / K;
      const between = 1 - 1 / K;
      assertClose(r.nc1Weak!.within, within / (within + between), 1e-14, 'nc1Weak.within');
      assertClose(r.nc1Weak!.between, between / (within + between), 1e-14, 'nc1Weak.between');
      assert.equal(r.classVariability!.length, K);
      r.classVariability!.forEach((v, k) => assertClose(v, spreads[k] ** 2 / between, 1e-14, `classVariability[${k}]`));
    });
  }

  it('unc3 = 0 when W ∝ the centred means (any positive scale per class); null without W', async () => {
    const weights = new Float64Array(K * data.dim);
    for (let k = 0; k < K; k++) for (let j = 0; j < K; j++) weights[k * data.dim + j] = (k + 1) * ((j === k ? 1 : 0) - 1 / K);
    const r = await run({ weights });
    assert.ok(Math.abs(r.unc3!) < 1e-15, `unc3 ${r.unc3}`);
    const none = await run();
    assert.equal(none.unc3, null);
    assert.equal(none.reasons?.unc3, 'no classifier weights W given');
  });

  it('unc3 on a known set of cosines: W_k = centred mean rotated towards e_5 by angle θ_k', async () => {
    // cos(w_k, μ_k − μ_G) = cos θ_k since e_5 ⟂ every centred mean.
    const theta = [0, Math.PI / 6, Math.PI / 4, Math.PI / 3];
    const norm = Math.sqrt(1 - 1 / K);
    const weights = new Float64Array(K * data.dim);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < K; j++) weights[k * data.dim + j] = (Math.cos(theta[k]) * ((j === k ? 1 : 0) - 1 / K)) / norm;
      weights[k * data.dim + K] = Math.sin(theta[k]);
    }
    const c = theta.map(Math.cos);
    const m = c.reduce((a, b) => a + b, 0) / K;
    const ss = c.reduce((a, x) => a + (x - m) ** 2, 0);
    for (const ddof of [0, 1] as const) {
      const r = await run({ weights, ddof });
      assertClose(r.unc3, Math.sqrt(ss / (K - ddof)) / m, 1e-13, `unc3 ddof ${ddof}`);
    }
  });

  it('the CLI table prints the two-number metrics and the per-class variability, or the reason', async () => {
    const table = formatTable(await run(), null);
    // within = 1.875/(1.875 + 0.75) = 0.7143, between = 0.2857; logMean = log √(3/8) = −0.4904; σ_k²/0.75 = 1/3, 4/3, 3, 16/3.
    assert.match(table, /NC1 {2}weak form +within 0\.7143, between 0\.2857\n/);
    assert.match(table, /GNC2 {2}log kernel +logMean -0\.4904, logVar 0\n/);
    // √(3/8) = 0.6124; the variance is 0 up to rounding (exp of equal logs).
    assert.match(table, /GNC2 {2}Riesz s = 1 +mean 0\.6124, var (0|[\d.]+e-3\d)\n/);
    assert.match(table, /NC1 {2}σ_k²\/‖μ_k − μ_G‖² +0\.3333 1\.333 3 5\.333\n/);
    assert.match(table, /UNC3 {2}uniform duality +— +\(no classifier weights W given\)/);
  });

  it('undefined cases carry reasons: two classes with one centred-mean direction; a zero centred mean', async () => {
    // Classes 0 and 1 at 1·e_0 and 2·e_0, class 2 at −3·e_0 (unweighted μ_G = 0): 0 and 1 share a direction.
    const rows = [[1, 0], [1, 0], [2, 0], [2, 0], [-3, 0], [-3, 0]];
    const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
    const r = await computeMetrics(tf, new ArraySource(Float32Array.from(rows.flat()), labels, 2));
    assert.equal(r.gnc2, null);
    assert.match(r.reasons!.gnc2, /classes 0 and 1 have the same centred-mean direction/);
    assertClose(r.equinormLogMeans, (Math.log(2) + Math.log(3) + Math.log(3 / 2)) / 3, 1e-14, 'equinormLogMeans');
    // Class 1 at the global mean: its norm is 0, so its log, direction and variability are undefined.
    const zero = [[-1, 0], [-1, 0], [0, 0], [0, 0], [1, 0], [1, 0]];
    const z = await computeMetrics(tf, new ArraySource(Float32Array.from(zero.flat()), labels, 2));
    for (const key of ['gnc2', 'equinormLogMeans', 'classVariability'] as const) {
      assert.equal(z[key], null, key);
      assert.match(z.reasons![key], /centred class mean 1 has norm ~0/, key);
    }
    // nc1Weak stays defined: Tr Σ_W = 0, Tr Σ_B = 2/3.
    assert.deepEqual(z.nc1Weak, { within: 0, between: 1 });
  });
});

/** The five metrics written out from theory.md §1.11 on the float32 features, in plain float64 loops. */
function dense(ds: Dataset, convention: 'unweighted' | 'weighted', ddof: 0 | 1) {
  const { features, labels, dim: d, classes: K, weights } = ds;
  const N = labels.length;
  const H = Array.from({ length: N }, (_, i) => Array.from(features.subarray(i * d, (i + 1) * d)));
  const n = new Array(K).fill(0);
  const mu = Array.from({ length: K }, () => new Array(d).fill(0));
  H.forEach((h, i) => {
    n[labels[i]]++;
    h.forEach((x, j) => (mu[labels[i]][j] += x));
  });
  mu.forEach((m, k) => m.forEach((_, j) => (m[j] /= n[k])));
  const muG = new Array(d).fill(0);
  for (let k = 0; k < K; k++) for (let j = 0; j < d; j++) muG[j] += convention === 'weighted' ? (n[k] * mu[k][j]) / N : mu[k][j] / K;
  const c = mu.map((m) => m.map((x, j) => x - muG[j]));
  const sq = (a: number[]) => a.reduce((s, x) => s + x * x, 0);
  const wss = new Array(K).fill(0);
  H.forEach((h, i) => (wss[labels[i]] += sq(h.map((x, j) => x - mu[labels[i]][j]))));
  const trW = wss.reduce((a, b) => a + b, 0) / N;
  const trB = c.reduce((a, v) => a + sq(v), 0) / K;
  const norms = c.map((v) => Math.sqrt(sq(v)));
  let logDiff = 0;
  let pairs = 0;
  const kernel: number[] = [];
  const riesz: number[] = [];
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      if (a === b) continue;
      kernel.push(Math.log(1 / Math.sqrt(sq(c[a].map((x, j) => x / norms[a] - c[b][j] / norms[b])))));
      riesz.push(1 / Math.hypot(...c[a].map((x, j) => x / norms[a] - c[b][j] / norms[b])));
      if (a < b) {
        logDiff += Math.abs(Math.log(norms[a]) - Math.log(norms[b]));
        pairs++;
      }
    }
  }
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const km = mean(kernel);
  const rm = mean(riesz);
  const cos = c.map((v, k) => {
    const w = Array.from(weights.subarray(k * d, (k + 1) * d));
    return v.reduce((s, x, j) => s + x * w[j], 0) / (norms[k] * Math.sqrt(sq(w)));
  });
  const cm = mean(cos);
  return {
    nc1Weak: { within: trW / (trW + trB), between: trB / (trW + trB) },
    classVariability: wss.map((w, k) => w / n[k] / norms[k] ** 2),
    equinormLogMeans: logDiff / pairs,
    gnc2: { logMean: km, logVar: mean(kernel.map((x) => (x - km) ** 2)) },
    gnc2Riesz: { mean: rm, var: mean(riesz.map((x) => (x - rm) ** 2)) },
    unc3: Math.sqrt(cos.reduce((s, x) => s + (x - cm) ** 2, 0) / (K - ddof)) / cm,
  };
}

function compare(r: MetricsResult, ref: ReturnType<typeof dense>, rtol: number, what: string): void {
  assertClose(r.nc1Weak!.within, ref.nc1Weak.within, rtol, `${what} nc1Weak.within`);
  assertClose(r.nc1Weak!.between, ref.nc1Weak.between, rtol, `${what} nc1Weak.between`);
  assert.equal(r.classVariability!.length, ref.classVariability.length);
  r.classVariability!.forEach((v, k) => assertClose(v, ref.classVariability[k], rtol, `${what} classVariability[${k}]`));
  assertClose(r.equinormLogMeans, ref.equinormLogMeans, rtol, `${what} equinormLogMeans`);
  assertClose(r.gnc2!.logMean, ref.gnc2.logMean, rtol, `${what} gnc2.logMean`);
  assertClose(r.gnc2!.logVar, ref.gnc2.logVar, rtol, `${what} gnc2.logVar`);
  assertClose(r.gnc2Riesz!.mean, ref.gnc2Riesz.mean, rtol, `${what} gnc2Riesz.mean`);
  assertClose(r.gnc2Riesz!.var, ref.gnc2Riesz.var, rtol, `${what} gnc2Riesz.var`);
  assertClose(r.unc3, ref.unc3, rtol, `${what} unc3`);
}

describe('further metrics = dense recomputation (random imbalanced set)', () => {
  const ds = randomDataset(23, [60, 35, 20, 12, 6], 9, 1.5);
  const options = { weights: ds.weights, bias: ds.bias };
  for (const globalMean of ['unweighted', 'weighted'] as const) {
    for (const ddof of [0, 1] as const) {
      it(`K = 5, d = 9, global mean ${globalMean}, ddof ${ddof}`, async () => {
        const r = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim, 13), { ...options, globalMean, ddof });
        compare(r, dense(ds, globalMean, ddof), 1e-11, `${globalMean}/${ddof}`);
      });
    }
  }

  it('the global-mean convention matters on imbalanced data (so the test above can tell them apart)', () => {
    const u = dense(ds, 'unweighted', 0);
    const w = dense(ds, 'weighted', 0);
    assert.ok(Math.abs(u.nc1Weak.within - w.nc1Weak.within) > 1e-3 && Math.abs(u.gnc2.logMean - w.gnc2.logMean) > 1e-3);
  });

  describe('sharded statistics files (--save-stats / --stats) merged = one run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'collapse-lens-further-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const rows = ds.labels.length;
    const cut = 70;
    const shard = (s: number) => {
      const [a, b] = s === 0 ? [0, cut] : [cut, rows];
      return new ArraySource(ds.features.slice(a * ds.dim, b * ds.dim), ds.labels.slice(a, b), ds.dim, 11, `shard ${s}`);
    };

    it('two rounds of per-shard statistics reproduce the single run to 1e-12', async () => {
      const single = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim, 13), options);
      const file = (name: string) => join(dir, name);
      // Round 1: per-shard pass 1, merged into the global class means.
      for (const s of [0, 1]) await writeStatisticsFile(file(`a${s}.json`), await collectStatistics(tf, shard(s), options));
      const global = await readStatisticsFiles([file('a0.json'), file('a1.json')]);
      const early = metricsFromStatistics(global.stats, options);
      // Pass-1-only metrics are final already; the pass-2 ones are null with the reason.
      assertClose(early.gnc2!.logMean, single.gnc2!.logMean, 1e-12, 'early gnc2.logMean');
      assertClose(early.equinormLogMeans, single.equinormLogMeans!, 1e-12, 'early equinormLogMeans');
      assert.equal(early.nc1Weak, null);
      assert.equal(early.classVariability, null);
      assert.match(early.reasons!.nc1Weak, /pass-2 statistics/);
      assert.equal(early.reasons!.classVariability, early.reasons!.nc1Weak);
      await writeStatisticsFile(file('global.json'), global.stats);
      // Round 2: per-shard pass 2 against the global means.
      const given = (await readStatisticsFiles([file('global.json')])).stats;
      for (const s of [0, 1]) {
        const own = await collectStatistics(tf, shard(s), { ...options, statistics: given });
        await writeStatisticsFile(file(`p${s}.json`), own);
      }
      const merged = await readStatisticsFiles([file('global.json'), file('p0.json'), file('p1.json')]);
      const f = metricsFromStatistics(merged.stats, options);
      assertClose(f.nc1Weak!.within, single.nc1Weak!.within, 1e-12, 'nc1Weak.within');
      assertClose(f.nc1Weak!.between, single.nc1Weak!.between, 1e-12, 'nc1Weak.between');
      f.classVariability!.forEach((v, k) => assertClose(v, single.classVariability![k], 1e-12, `classVariability[${k}]`));
      assertClose(f.equinormLogMeans, single.equinormLogMeans!, 1e-12, 'equinormLogMeans');
      assertClose(f.gnc2!.logMean, single.gnc2!.logMean, 1e-12, 'gnc2.logMean');
      assertClose(f.gnc2!.logVar, single.gnc2!.logVar, 1e-12, 'gnc2.logVar');
      assertClose(f.unc3, single.unc3!, 1e-12, 'unc3');
      // And both against the formulas.
      compare(f, dense(ds, 'unweighted', 0), 1e-11, 'merged');
    });
  });
});
