// `separationAcrossLayers` on real saved tfjs models: every tapped layer's D_l against the dense d×d
// definition on layer outputs recomputed in float64 from the shard bytes (graph and layers MLPs),
// a conv net with 18 432-dimensional maps against the normal-equations route, scaling invariance,
// checkpoints, and the refusal of unknown layer names.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Matrix } from 'ml-matrix';
import { separationAcrossLayers } from '../../../../src/core/layers';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { dense, readCsv, readWeights, relu } from '../model/oracle';
import { denseSeparation, denseBalanced, pinvSymmetric } from './dense';
import { barImages, convNet, saveLayersModel } from './models';

// This bundle sits one folder deeper than the model tests' (out/test/unit/core/layers).
const FIXTURES = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures');
const MODELS = join(FIXTURES, 'models');
const DATA = join(FIXTURES, 'data');

let tf: Tf;
let tmp: string;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
  tmp = mkdtempSync(join(tmpdir(), 'cl-layers-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const close = (got: number | null, want: number, rel: number) => {
  assert.ok(got !== null, 'value is null');
  assert.ok(Math.abs(got - want) <= rel * Math.abs(want), `${got} vs ${want}`);
};

const softmax = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** input, relu(x W1 + b1), softmax(h W2 + b2) of the blobs MLP, in float64 from the shard bytes. */
function mlpLayers(dir: string, names: [string, string, string, string]) {
  const w = readWeights(dir);
  const { rows, labels } = readCsv(join(DATA, 'blobs', 'train.csv'));
  const hidden = rows.map((x) => dense(x, w.get(names[0]) as never, w.get(names[1]), relu));
  const out = hidden.map((h) => softmax(dense(h, w.get(names[2]) as never, w.get(names[3]))));
  return { layers: [rows, hidden, out], y: labels.map(Number) };
}

describe('separation across layers of saved models', () => {
  for (const [model, names, layerNames, classes] of [
    ['mlp', ['hidden/kernel', 'hidden/bias', 'classifier/kernel', 'classifier/bias'], ['input', 'hidden', 'classifier'], ['Input', 'Dense', 'Dense']],
    ['graph-mlp', ['hidden/kernel', 'hidden/bias', 'classifier/kernel', 'classifier/bias'], ['input', 'hidden', 'classifier'], ['Input', 'Relu', 'Softmax']],
  ] as const) {
    it(`${model}: every layer's D_l, balanced D_l and the fit match the dense definition on float64 forward passes`, async () => {
      const r = await separationAcrossLayers(tf, { model: join(MODELS, model), data: join(DATA, 'blobs', 'train.csv'), minority: [2] });
      assert.deepEqual(r.layers.map((l) => l.name), layerNames);
      assert.deepEqual(r.layers.map((l) => l.className), classes);
      assert.deepEqual(r.layers.map((l) => l.dim), [4, 16, 3]);
      assert.equal(r.penultimate, 1);
      const ref = mlpLayers(join(MODELS, model), names as never);
      r.layers.forEach((l, i) => {
        close(l.separation, denseSeparation(ref.layers[i], ref.y, [0, 1, 2]), 1e-4);
        close(l.separationBalanced, denseBalanced(ref.layers[i], ref.y, 3), 1e-4);
        close(l.minority?.majority ?? null, denseSeparation(ref.layers[i], ref.y, [0, 1]), 1e-4);
        assert.equal(l.minority?.minority, null); // one minority class: no between-class scatter
      });
      // Default fit: input … penultimate (two points): the ratio is D_1/D_0 exactly.
      assert.equal(r.fit.from, 0);
      assert.equal(r.fit.to, 1);
      close(r.fit.ratio, (r.layers[1].separation as number) / (r.layers[0].separation as number), 1e-12);
      assert.deepEqual(r.data.counts, [50, 50, 50]);
      assert.deepEqual(r.minorityClasses, [2]);
    });
  }

  it('graph-fused: blocks are named without the StatefulPartitionedCall wrapper, the penultimate is the hidden block', async () => {
    const r = await separationAcrossLayers(tf, { model: join(MODELS, 'graph-fused'), data: join(DATA, 'blobs', 'train.csv') });
    assert.deepEqual(r.layers.map((l) => l.name), ['input', 'sequential/hidden', 'sequential/classifier']);
    assert.equal(r.layers[r.penultimate].name, 'sequential/hidden');
  });

  it('functional model with a nested Sequential block: the block is one layer (its own inbound node is not this model\'s)', async () => {
    const init = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });
    const block = tf.sequential({ name: 'block' });
    block.add(tf.layers.dense({ inputShape: [4], units: 5, activation: 'relu', name: 'inner', ...init(7) }));
    const input = tf.input({ shape: [4], name: 'x' });
    const hidden = tf.layers.dense({ units: 6, activation: 'relu', name: 'hidden2', ...init(8) }).apply(block.apply(input)) as import('@tensorflow/tfjs').SymbolicTensor;
    const output = tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier', ...init(9) }).apply(hidden) as import('@tensorflow/tfjs').SymbolicTensor;
    const path = await saveLayersModel(tf, tf.model({ inputs: input, outputs: output }), join(tmp, 'nested'));
    const r = await separationAcrossLayers(tf, { model: path, data: join(DATA, 'blobs', 'train.csv') });
    assert.deepEqual(r.layers.map((l) => `${l.name}:${l.dim}`), ['input:4', 'block:5', 'hidden2:6', 'classifier:3']);
    assert.equal(r.layers[r.penultimate].name, 'hidden2');
  });

  it('unknown layer names are refused with the nearest names', async () => {
    await assert.rejects(
      separationAcrossLayers(tf, { model: join(MODELS, 'mlp'), data: join(DATA, 'blobs', 'train.csv'), layers: ['hiden'] }),
      /model\.json: has no layer named "hiden" \(--layers\); nearest: hidden, classifier/,
    );
  });

  it('checkpoints: one curve per checkpoint in natural order, the last equal to a run on that checkpoint alone', async () => {
    const data = join(DATA, 'blobs', 'train.csv');
    const r = await separationAcrossLayers(tf, { model: join(MODELS, 'checkpoints'), data });
    assert.deepEqual(r.checkpoints?.map((c) => c.checkpoint), ['epoch-1', 'epoch-2', 'epoch-10', 'epoch-40']);
    assert.deepEqual(r.checkpoints?.map((c) => c.epoch), [1, 2, 10, 40]);
    const alone = await separationAcrossLayers(tf, { model: join(MODELS, 'checkpoints', 'epoch-40'), data });
    assert.deepEqual(r.layers, alone.layers);
    // The input layer does not depend on the weights; the hidden layer does.
    const d0 = new Set(r.checkpoints?.map((c) => c.layers[0].separation));
    const d1 = new Set(r.checkpoints?.map((c) => c.layers[1].separation));
    assert.equal(d0.size, 1);
    assert.equal(d1.size, 4);
  });

  it('D_l is invariant to scaling a layer output: hidden kernel and bias ×7 (relu is positively homogeneous)', async () => {
    const make = (c: number) => {
      const m = tf.sequential();
      m.add(tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier', kernelInitializer: tf.initializers.glorotUniform({ seed: 6 }) }));
      const [k, b] = m.layers[0].getWeights();
      m.layers[0].setWeights([tf.mul(k, c), tf.add(tf.mul(b, c), 0.1 * c)]);
      return m;
    };
    const data = join(DATA, 'blobs', 'train.csv');
    const one = await separationAcrossLayers(tf, { model: await saveLayersModel(tf, make(1), join(tmp, 'scale1')), data });
    const seven = await separationAcrossLayers(tf, { model: await saveLayersModel(tf, make(7), join(tmp, 'scale7')), data });
    close(seven.layers[1].separation, one.layers[1].separation as number, 1e-5);
    close(seven.layers[1].separationBalanced, one.layers[1].separationBalanced as number, 1e-5);
    close(seven.layers[1].nc1, one.layers[1].nc1 as number, 1e-5);
  });

  it('conv net with 18 432 values per sample: D_l matches the normal-equations route on the layer outputs', async () => {
    const K = 3;
    const N = 48;
    const model = convNet(tf, K);
    const path = await saveLayersModel(tf, model, join(tmp, 'conv'));
    const data = barImages(join(tmp, 'bars'), N, K, 17);
    const r = await separationAcrossLayers(tf, { model: path, data: data.images, labels: data.labels, batchSize: 16 });
    assert.deepEqual(r.layers.map((l) => l.name), ['input', 'conv1', 'pool1', 'conv2', 'hidden', 'classifier']);
    assert.deepEqual(r.layers.map((l) => l.dim), [576, 18432, 4608, 800, 16, 3]);
    assert.equal(r.penultimate, 4);
    assert.ok(r.warnings?.some((w) => /flatten/.test(w)));
    // Reference: D = (1/N) Σ_i b_iᵀ (AᵀA)⁺² b_i, b_i = Aᵀ(x_i − x̄_{y_i}), A = [(x̄_k − x̄)√(n_k/N)], in float64.
    const conv1 = tf.model({ inputs: model.inputs, outputs: model.getLayer('conv1').output as never });
    const out = (conv1.predict(tf.tensor(data.x, [N, 24, 24, 1])) as import('@tensorflow/tfjs').Tensor).dataSync();
    const d = 18432;
    const mu = Array.from({ length: K }, () => new Float64Array(d));
    const n = new Array(K).fill(0);
    for (let i = 0; i < N; i++) {
      n[data.y[i]]++;
      for (let j = 0; j < d; j++) mu[data.y[i]][j] += out[i * d + j];
    }
    mu.forEach((m, k) => m.forEach((_, j) => (m[j] /= n[k])));
    const xbar = new Float64Array(d);
    mu.forEach((m, k) => m.forEach((v, j) => (xbar[j] += (v * n[k]) / N)));
    const A = mu.map((m, k) => Array.from(m, (v, j) => (v - xbar[j]) * Math.sqrt(n[k] / N)));
    const gram = new Matrix(A.map((a) => A.map((b) => a.reduce((s, v, j) => s + v * b[j], 0))));
    const p = pinvSymmetric(gram);
    const p2 = p.mmul(p);
    let D = 0;
    for (let i = 0; i < N; i++) {
      const b = A.map((a) => a.reduce((s, v, j) => s + v * (out[i * d + j] - mu[data.y[i]][j]), 0));
      D += Matrix.rowVector(b).mmul(p2).mmul(Matrix.columnVector(b)).get(0, 0) / N;
    }
    close(r.layers[1].separation, D, 1e-4);
  });
});
