// The head shapes people export (scripts/make-model-fixtures.mjs): a Teachable-Machine-shaped nested
// Sequential, a MobileNet-v1-shaped 1×1-conv head, a one-unit sigmoid head; --feature-layer through
// value-identity layers, --output, exact input shapes and --layout nchw, shard paths confined to the
// model folder. W and b are checked against the shard bytes (oracle.ts), the output against
// float64 recomputations and against the unflattened model's own predict.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCsv } from '../../../../src/core/data/csv';
import { openImageFolder } from '../../../../src/core/data/imageFolder';
import { openNpyInputs } from '../../../../src/core/data/npyInputs';
import type { FeatureBatch } from '../../../../src/core/data/source';
import { InputError } from '../../../../src/core/errors';
import { encodeNpy } from '../../../../src/core/io/npy';
import { openClassifierModel } from '../../../../src/core/model/classifierModel';
import { modelFeatureSource } from '../../../../src/core/model/features';
import { loadModel } from '../../../../src/core/model/load';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { DATA, maxAbsDiff, MODELS, readWeights } from './oracle';

let tf: Tf;
let tmp: string;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
  tmp = mkdtempSync(join(tmpdir(), 'cl-heads-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

async function collect(source: { batches(signal?: AbortSignal): AsyncIterable<FeatureBatch> }): Promise<{ h: number[]; y: number[] }> {
  const h: number[] = [];
  const y: number[] = [];
  for await (const b of source.batches()) {
    h.push(...b.features);
    y.push(...b.labels);
  }
  return { h, y };
}

/** W (K×d) from a kernel stored [.., d, K]. */
function transposed(values: Float64Array, d: number, k: number): number[] {
  const w: number[] = [];
  for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) w.push(values[i * k + j]);
  return w;
}

/** softmax(H Wᵀ + b) in float64. */
function softmaxLogits(h: readonly number[], w: ArrayLike<number>, b: ArrayLike<number>, d: number, k: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < h.length / d; n++) {
    const z = Array.from({ length: k }, (_, j) => {
      let s = b[j];
      for (let i = 0; i < d; i++) s += h[n * d + i] * w[j * d + i];
      return s;
    });
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const t = e.reduce((a, c) => a + c, 0);
    out.push(...e.map((v) => v / t));
  }
  return out;
}

/** The unflattened model's own predict on the image folder's samples. */
async function ownPredict(dir: string, data: string): Promise<number[]> {
  const loaded = await loadModel(tf, dir);
  assert.equal(loaded.format, 'layers-model');
  const inputs = await openImageFolder(data, { target: { height: 8, width: 8, channels: 3 } });
  const values: number[] = [];
  for await (const b of inputs.batches(1000)) values.push(...b.values.subarray(0, b.rows * 192));
  const y = tf.tidy(() => (loaded.model as import('@tensorflow/tfjs').LayersModel).predict(tf.tensor(values, [values.length / 192, 8, 8, 3])) as import('@tensorflow/tfjs').Tensor);
  const out = Array.from(await y.data());
  y.dispose();
  loaded.model.dispose();
  return out;
}

const images = join(DATA, 'stripes', 'train');

describe('nested Sequential (Teachable Machine shape)', () => {
  const dir = join(MODELS, 'teachable');

  it('looks inside the nested models: W, b are the head Sequential\'s last Dense, and the flattened chain reproduces the original predict', async () => {
    const model = await openClassifierModel(tf, dir);
    try {
      const { head } = model;
      assert.equal(head.kind, 'dense');
      assert.equal(head.classifierLayer, 'sequential_3/dense_Dense2');
      assert.equal(head.featureLayer, 'sequential_3/dropout_Dropout1');
      assert.equal(head.dim, 10);
      const weights = readWeights(dir);
      const kernel = [...weights].find(([name]) => name.includes('dense_Dense2') && name.endsWith('kernel'))![1];
      const bias = [...weights].find(([name]) => name.includes('dense_Dense2') && name.endsWith('bias'))![1];
      assert.deepEqual(kernel.shape, [10, 3]);
      assert.ok(maxAbsDiff(head.weights, transposed(kernel.values, 10, 3)) === 0);
      assert.ok(maxAbsDiff(head.bias!, bias.values) === 0);
      const source = modelFeatureSource(tf, model, openImageFolder(images, { target: { height: 8, width: 8, channels: 3 } }), { batchSize: 16 });
      const { h } = await collect(source);
      const own = await ownPredict(dir, images);
      assert.ok(maxAbsDiff(softmaxLogits(h, head.weights, head.bias!, 10, 3), own) < 1e-6, 'softmax(H Wᵀ + b) = the original nested model\'s predict');
      source.dispose();
    } finally {
      model.dispose();
    }
  });

  it('--feature-layer takes a nested name (path or plain), also across the Dropout between it and the classifier', async () => {
    for (const name of ['sequential_3/dense_Dense1', 'dense_Dense1']) {
      const model = await openClassifierModel(tf, dir, { featureLayer: name });
      assert.equal(model.head.featureLayer, name);
      assert.equal(model.head.classifierLayer, 'sequential_3/dense_Dense2');
      model.dispose();
    }
    await assert.rejects(openClassifierModel(tf, dir, { featureLayer: 'nope' }), /has no layer named "nope" \(--feature-layer\); its layers are: sequential_1\/Conv1, /);
  });
});

describe('1×1-conv classifier (MobileNet v1 shape)', () => {
  const dir = join(MODELS, 'mobilenet-v1');

  it('reads W from the 1×1 kernel [1, 1, d, K], H as [N, d], and softmax(H Wᵀ + b) equals the model\'s predict', async () => {
    const model = await openClassifierModel(tf, dir);
    try {
      const { head } = model;
      assert.equal(head.kind, 'conv1x1');
      assert.equal(head.classifierLayer, 'conv_preds');
      assert.equal(head.featureLayer, 'dropout');
      const weights = readWeights(dir);
      const kernel = weights.get('conv_preds/kernel')!;
      assert.deepEqual(kernel.shape, [1, 1, 8, 3]);
      assert.ok(maxAbsDiff(head.weights, transposed(kernel.values, 8, 3)) === 0);
      assert.ok(maxAbsDiff(head.bias!, weights.get('conv_preds/bias')!.values) === 0);
      const source = modelFeatureSource(tf, model, openImageFolder(images, { target: { height: 8, width: 8, channels: 3 } }), { batchSize: 16 });
      const { h } = await collect(source);
      assert.equal(h.length, 36 * 8);
      assert.ok(maxAbsDiff(softmaxLogits(h, head.weights, head.bias!, 8, 3), await ownPredict(dir, images)) < 1e-6);
      source.dispose();
    } finally {
      model.dispose();
    }
  });

  it('--feature-layer names the pooling layer behind Reshape and Dropout', async () => {
    const model = await openClassifierModel(tf, dir, { featureLayer: 'global_average_pooling2d_1' });
    assert.equal(model.head.featureLayer, 'global_average_pooling2d_1');
    assert.equal(model.head.classifierLayer, 'conv_preds');
    model.dispose();
  });
});

describe('one-unit sigmoid head (binary)', () => {
  const dir = join(MODELS, 'binary');

  it('W = [0; w], b = [0; b], and softmax([0, z])₁ = sigmoid(z) equals the model\'s output', async () => {
    const model = await openClassifierModel(tf, dir);
    try {
      const { head } = model;
      assert.equal(head.kind, 'binary');
      assert.equal(head.classes, 2);
      const kernel = readWeights(dir).get('logit/kernel')!;
      const bias = readWeights(dir).get('logit/bias')!;
      assert.deepEqual(Array.from(head.weights.subarray(0, 8)), new Array(8).fill(0));
      assert.ok(maxAbsDiff(head.weights.subarray(8), kernel.values) === 0);
      assert.deepEqual(Array.from(head.bias!), [0, Math.fround(bias.values[0])]);
      const csv = join(DATA, 'two-class', 'train.csv');
      const source = modelFeatureSource(tf, model, await openCsv(csv), { batchSize: 50 });
      const { h } = await collect(source);
      const p = softmaxLogits(h, head.weights, head.bias!, 8, 2);
      const x = tf.tensor2d(readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 4).map(Number)));
      const loaded = await loadModel(tf, dir);
      const y = (loaded.model as import('@tensorflow/tfjs').LayersModel).predict(x) as import('@tensorflow/tfjs').Tensor;
      const sigmoid = Array.from(await y.data());
      tf.dispose([x, y]);
      loaded.model.dispose();
      assert.ok(maxAbsDiff(p.filter((_, i) => i % 2 === 1), sigmoid) < 1e-6);
      assert.ok(source.predictMaxAbsDiff! < 1e-6);
      source.dispose();
    } finally {
      model.dispose();
    }
  });
});

describe('--output for multi-output models', () => {
  it('picks the named head, and an unknown name is refused listing the outputs', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'two-heads'), { output: 'aux_head' });
    assert.equal(model.head.classifierLayer, 'aux_head');
    model.dispose();
    await assert.rejects(openClassifierModel(tf, join(MODELS, 'two-heads'), { output: 'nope' }), /has no output named "nope" \(--output\); its outputs are: class_head, aux_head/);
  });
});

describe('input shapes: exact, flat, or --layout nchw', () => {
  const dir = join(MODELS, 'mobilenet-v1');
  async function nhwc(): Promise<{ values: Float32Array; labels: Int32Array }> {
    const inputs = openImageFolder(images, { target: { height: 8, width: 8, channels: 3 } });
    const values: number[] = [];
    const labels: number[] = [];
    for await (const b of inputs.batches(1000)) {
      values.push(...b.values.subarray(0, b.rows * 192));
      labels.push(...b.labels.subarray(0, b.rows));
    }
    return { values: Float32Array.from(values), labels: Int32Array.from(labels) };
  }
  const write = (name: string, data: Float32Array | Int32Array, shape: number[]) => {
    const path = join(tmp, name);
    writeFileSync(path, encodeNpy(data, shape));
    return path;
  };

  it('channels-first arrays are refused naming both shapes, and --layout nchw gives the NHWC features exactly', async () => {
    const { values, labels } = await nhwc();
    const n = labels.length;
    const chw = new Float32Array(values.length);
    for (let s = 0; s < n; s++) for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) for (let c = 0; c < 3; c++) chw[s * 192 + c * 64 + y * 8 + x] = values[s * 192 + (y * 8 + x) * 3 + c];
    const yPath = write('y.npy', labels, [n]);
    const hwcPath = write('hwc.npy', values, [n, 8, 8, 3]);
    const chwPath = write('chw.npy', chw, [n, 3, 8, 8]);
    const odd = write('odd.npy', values, [n, 24, 8, 1]);
    const model = await openClassifierModel(tf, dir);
    try {
      const ref = await collect(modelFeatureSource(tf, model, await openNpyInputs(hwcPath, { labelsPath: yPath }), {}));
      const viaLayout = await collect(modelFeatureSource(tf, model, await openNpyInputs(chwPath, { labelsPath: yPath }), { layout: 'nchw' }));
      assert.deepEqual(viaLayout.h, ref.h);
      assert.throws(
        () => modelFeatureSource(tf, model, { sampleShape: [3, 8, 8], name: chwPath } as never, {}),
        (e: unknown) => e instanceof InputError && /each sample has shape \[3, 8, 8\] \(192 values\) but the model's input takes \[8, 8, 3\]; the samples look channels-first: pass --layout nchw/.test(e.message),
      );
      const oddInputs = await openNpyInputs(odd, { labelsPath: yPath });
      assert.throws(() => modelFeatureSource(tf, model, oddInputs, {}), /each sample has shape \[24, 8, 1\] \(192 values\) but the model's input takes \[8, 8, 3\]; give samples of shape \[8, 8, 3\] or flat rows of 192 values/);
      const flat = await collect(modelFeatureSource(tf, model, await openNpyInputs(write('flat.npy', values, [n, 192]), { labelsPath: yPath }), {}));
      assert.deepEqual(flat.h, ref.h, 'flat rows of the same size are read in the model\'s order');
    } finally {
      model.dispose();
    }
  });
});

describe('shard paths stay inside the model folder', () => {
  function variant(name: string, path: string): string {
    const dir = join(tmp, name);
    cpSync(join(MODELS, 'mlp'), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = [path];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return dir;
  }

  for (const [what, path, why] of [
    ['../ escape', '../../../../etc/passwd', /lists shard "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd", which leads outside the model folder; shards must be files in the model's folder/],
    ['absolute path', '/etc/hostname', /lists shard "\/etc\/hostname", an absolute path/],
    ['URL', 'https://example.com/w.bin', /lists shard "https:\/\/example\.com\/w\.bin", a URL, which is not read/],
    ['file URL', 'file:///etc/hostname', /a URL, which is not read/],
  ] as const) {
    it(`refuses a ${what} before reading it`, async () => {
      const dir = variant(what.replace(/\W/g, '-'), path);
      await assert.rejects(openClassifierModel(tf, dir), (e: unknown) => e instanceof InputError && e.message.startsWith(join(dir, 'model.json')) && why.test(e.message));
    });
  }

  it('refuses a symbolic link that leads out of the folder, and accepts a shard in a sub-folder', async () => {
    const dir = variant('link', 'w.bin');
    symlinkSync('/etc/hostname', join(dir, 'w.bin'));
    await assert.rejects(openClassifierModel(tf, dir), /lists shard "w\.bin", a link that leads outside the model folder/);
    const sub = variant('sub', 'shards/group1-shard1of1.bin');
    cpSync(join(sub, 'group1-shard1of1.bin'), join(sub, 'shards', 'group1-shard1of1.bin'));
    const model = await openClassifierModel(tf, sub);
    assert.equal(model.head.classifierLayer, 'classifier');
    model.dispose();
  });
});
