// Per-class accuracy and cross-entropy (inspect, metrics) against an oracle computed here in float64 from
// the shard bytes and the data files: features relu(x W1 + b1), logits W h + b, CE by log Σ exp − z_y.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodeNpy } from '../../../../src/core/io/npy';
import { LossAccuracyAccumulator, perClassMetrics } from '../../../../src/core/metrics/perClass';
import { runCli } from '../../../../src/engine/cli/cli';
import type { InspectResult, MetricsResult } from '../../../../src/protocol/result';
import { DATA, dense, MODELS, readCsv, readWeights, relu } from '../model/oracle';

const work = mkdtempSync(join(tmpdir(), 'collapse-lens-perclass-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cliJson<T>(args: string[]): Promise<T> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--json', ...(args[0] === 'inspect' ? ['--quiet'] : [])], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  assert.equal(code, 0, err.join(''));
  return JSON.parse(out.join('')) as T;
}

interface Oracle { loss: number; acc: number[]; losses: number[]; counts: number[] }

/** The MLP fixture's per-class accuracy and CE on a CSV, from the shard bytes (float64 throughout). */
function oracle(csv: string, K: number): Oracle {
  const dir = join(MODELS, 'mlp');
  const w = readWeights(dir);
  const data = readCsv(csv);
  const counts = new Array<number>(K).fill(0);
  const correct = new Array<number>(K).fill(0);
  const sums = new Array<number>(K).fill(0);
  let total = 0;
  data.rows.forEach((x, i) => {
    const y = Number(data.labels[i]);
    const h = dense(x, w.get('hidden/kernel')!, w.get('hidden/bias'), relu);
    const z = dense(h, w.get('classifier/kernel')!, w.get('classifier/bias'));
    const m = Math.max(...z);
    const ce = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[y];
    counts[y]++;
    sums[y] += ce;
    total += ce;
    if (z.indexOf(m) === y) correct[y]++;
  });
  return { loss: total / data.rows.length, acc: correct.map((c, k) => c / counts[k]), losses: sums.map((s, k) => s / counts[k]), counts };
}

const near = (a: number | null | undefined, b: number, what: string, rel = 1e-5) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= rel * Math.abs(b) + 1e-9, `${what}: ${a} vs oracle ${b}`);

describe('per-class loss and accuracy', () => {
  it('inspect: trainLoss, perClass train and test entries, majority/minority means equal the oracle', async () => {
    const train = join(DATA, 'blobs', 'imbalanced.csv');
    const test = join(DATA, 'blobs', 'test.csv');
    const r = await cliJson<InspectResult>(['inspect', join(MODELS, 'mlp'), '--data', train, '--test-data', test, '--minority', '2']);
    const o = oracle(train, 3);
    const t = oracle(test, 3);
    near(r.trainLoss, o.loss, 'trainLoss');
    const p = r.perClass!;
    assert.deepEqual(p.counts, o.counts);
    for (let k = 0; k < 3; k++) {
      assert.equal(p.trainAccuracy[k], o.acc[k], `train accuracy ${k}`);
      near(p.trainLoss[k], o.losses[k], `train loss ${k}`);
      assert.equal(p.testAccuracy![k], t.acc[k], `test accuracy ${k}`);
      near(p.testLoss![k], t.losses[k], `test loss ${k}`);
    }
    // Overall test accuracy (the existing NC4 pass) is the count-weighted mean of the per-class ones.
    const weighted = t.acc.reduce((s, a, k) => s + a * t.counts[k], 0) / t.counts.reduce((a, b) => a + b, 0);
    near(r.test!.accuracy, weighted, 'overall test accuracy');
    near(p.minority!.testAccuracy, t.acc[2], 'minority mean test accuracy');
    near(p.majority!.trainLoss, (o.losses[0] + o.losses[1]) / 2, 'majority mean train loss');
  });

  it('metrics with W: trainLoss and perClass from H, W, b (no test entries)', async () => {
    const csv = join(DATA, 'blobs', 'train.csv');
    const w = readWeights(join(MODELS, 'mlp'));
    const data = readCsv(csv);
    const H = data.rows.map((x) => dense(x, w.get('hidden/kernel')!, w.get('hidden/bias'), relu));
    const d = H[0].length;
    const kernel = w.get('classifier/kernel')!;
    const W = new Float64Array(3 * d);
    for (let k = 0; k < 3; k++) for (let t = 0; t < d; t++) W[k * d + t] = kernel.values[t * 3 + k];
    writeFileSync(join(work, 'H.npy'), encodeNpy(Float32Array.from(H.flat()), [H.length, d]));
    writeFileSync(join(work, 'y.npy'), encodeNpy(Int32Array.from(data.labels.map(Number)), [H.length]));
    writeFileSync(join(work, 'W.npy'), encodeNpy(W, [3, d]));
    writeFileSync(join(work, 'b.npy'), encodeNpy(Float64Array.from(w.get('classifier/bias')!.values), [3]));
    const r = await cliJson<MetricsResult>(['metrics', '--features', join(work, 'H.npy'), '--labels', join(work, 'y.npy'), '--weights', join(work, 'W.npy'), '--bias', join(work, 'b.npy')]);
    const o = oracle(csv, 3);
    near(r.trainLoss, o.loss, 'trainLoss');
    assert.deepEqual(r.perClass!.trainAccuracy, o.acc);
    assert.equal(r.perClass!.testAccuracy, null);
    assert.equal(r.perClass!.minority, null);
    const none = await cliJson<MetricsResult>(['metrics', '--features', join(work, 'H.npy'), '--labels', join(work, 'y.npy')]);
    assert.equal('perClass' in none, false, 'no W: no per-class loss');
  });

  it('a huge margin keeps full relative precision (log1p form), and a wrong class costs its margin', () => {
    // Two classes, d = 1, W = [[1], [−1]], b = 0: CE(h, 0) = log(1 + e^{−2h}), CE(h, 1) = log(1 + e^{2h}).
    const acc = new LossAccuracyAccumulator(Float64Array.from([1, -1]), null, 2, 1);
    acc.add({ features: Float32Array.from([20, 20]), labels: Int32Array.from([0, 1]), rows: 2 });
    const p = perClassMetrics(acc, null, null);
    near(p.trainLoss[0], Math.log1p(Math.exp(-40)), 'tiny loss', 1e-12);
    near(p.trainLoss[1], 40 + Math.log1p(Math.exp(-40)), 'wrong class', 1e-12);
    assert.deepEqual(p.trainAccuracy, [1, 0]);
  });
});
