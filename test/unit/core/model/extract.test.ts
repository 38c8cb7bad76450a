// Features, W and b of real saved tfjs models, checked against float64 forward passes computed
// from the shard bytes (oracle.ts), never against the extractor's own output.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { openCsv } from '../../../../src/core/data/csv';
import { openImageFolder } from '../../../../src/core/data/imageFolder';
import type { FeatureBatch } from '../../../../src/core/data/source';
import { InputError } from '../../../../src/core/errors';
import { openClassifierModel, type ClassifierModel } from '../../../../src/core/model/classifierModel';
import { modelFeatureSource } from '../../../../src/core/model/features';
import type { Tf } from '../../../../src/core/tf';
import { selectBackend } from '../../../../src/engine/backend';
import { DATA, dense, maxAbsDiff, MODELS, readCsv, readWeights, relu } from './oracle';

let tf: Tf;
before(async () => {
  tf = (await selectBackend({ prefer: 'wasm' })).tf;
});

async function collect(source: { batches(signal?: AbortSignal): AsyncIterable<FeatureBatch> }): Promise<{ h: number[]; y: number[] }> {
  const h: number[] = [];
  const y: number[] = [];
  for await (const b of source.batches()) {
    h.push(...b.features);
    y.push(...b.labels);
  }
  return { h, y };
}

/** W (K×d) expected from a Dense kernel [d, K]: W[k][i] = kernel[i][k] (theory.md §0). */
function expectedW(kernel: { shape: number[]; values: Float64Array }): number[] {
  const [d, k] = kernel.shape;
  const w: number[] = [];
  for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) w.push(kernel.values[i * k + j]);
  return w;
}

async function mlpFeatures(model: ClassifierModel, csv = join(DATA, 'blobs', 'train.csv'), batchSize = 32) {
  const source = modelFeatureSource(tf, model, await openCsv(csv), { batchSize });
  const got = await collect(source);
  return { source, got };
}

describe('layers-model MLP (Dense relu → Dense softmax)', () => {
  it('H = relu(x W1 + b1), W = classifier kernel transposed, b = its bias; softmax(H Wᵀ + b) reproduces predict', async () => {
    const weights = readWeights(join(MODELS, 'mlp'));
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'));
    assert.equal(model.format, 'layers-model');
    assert.equal(model.head.featureLayer, 'hidden');
    assert.equal(model.head.classifierLayer, 'classifier');
    assert.equal(model.head.dim, 16);
    assert.equal(model.head.classes, 3);
    assert.deepEqual(model.head.outputOps, ['softmax']);
    assert.ok(maxAbsDiff(model.head.weights, expectedW(weights.get('classifier/kernel')!)) < 1e-7);
    assert.ok(maxAbsDiff(model.head.bias!, weights.get('classifier/bias')!.values) < 1e-7);

    const { source, got } = await mlpFeatures(model);
    const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
    const expected = csv.rows.flatMap((x) => dense(x, weights.get('hidden/kernel')!, weights.get('hidden/bias'), relu));
    assert.equal(got.h.length, 150 * 16);
    assert.ok(maxAbsDiff(got.h, expected) < 1e-5, `max diff ${maxAbsDiff(got.h, expected)}`);
    assert.deepEqual(got.y, csv.labels.map(Number));
    assert.ok(source.predictMaxAbsDiff !== null && source.predictMaxAbsDiff < 1e-5);
    source.dispose();
    model.dispose();
  });

  it('sharded weights (5 shards of 128 bytes) give the same model as one shard', async () => {
    const one = await openClassifierModel(tf, join(MODELS, 'mlp'));
    const sharded = await openClassifierModel(tf, join(MODELS, 'mlp-sharded', 'model.json'));
    assert.deepEqual([...sharded.head.weights], [...one.head.weights]);
    const a = await mlpFeatures(one);
    const b = await mlpFeatures(sharded);
    assert.deepEqual(b.got.h, a.got.h);
    one.dispose();
    sharded.dispose();
  });

  for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
    it(`${dtype}-quantized weights: W is the dequantized kernel (q·scale + min / half), with a warning`, async () => {
      const dir = join(MODELS, `mlp-quantized-${dtype}`);
      const weights = readWeights(dir);
      const model = await openClassifierModel(tf, dir);
      assert.ok(maxAbsDiff(model.head.weights, expectedW(weights.get('classifier/kernel')!)) < 1e-6);
      assert.match(model.warnings.join('\n'), new RegExp(`quantized \\(4 ${dtype} tensors\\).*metrics describe the quantized network`));
      const { source, got } = await mlpFeatures(model);
      const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
      const expected = csv.rows.flatMap((x) => dense(x, weights.get('hidden/kernel')!, weights.get('hidden/bias'), relu));
      assert.ok(maxAbsDiff(got.h, expected) < 1e-5);
      assert.ok(source.predictMaxAbsDiff! < 1e-5);
      // Quantization error bound vs the float32 original: half a step (uint) or 2^-11 relative (float16).
      const original = readWeights(join(MODELS, 'mlp')).get('classifier/kernel')!;
      const q = weights.get('classifier/kernel')!;
      const span = Math.max(...original.values) - Math.min(...original.values);
      const bound = dtype === 'float16' ? Math.max(...original.values.map(Math.abs)) * 2 ** -11 : span / (dtype === 'uint8' ? 255 : 65535) / 2 + 1e-7;
      assert.ok(maxAbsDiff(q.values, original.values) <= bound);
      model.dispose();
    });
  }

  it('softmax as a separate Softmax layer or Activation layer, logits output, and no bias are all handled', async () => {
    for (const [name, ops, hasBias] of [
      ['mlp-softmax-layer', ['softmax'], true],
      ['mlp-activation-layer', ['softmax'], true],
      ['mlp-logits', [], true],
      ['mlp-no-bias', ['softmax'], false],
    ] as const) {
      const dir = join(MODELS, name);
      const weights = readWeights(dir);
      const model = await openClassifierModel(tf, dir);
      assert.deepEqual(model.head.outputOps, ops, name);
      assert.equal(model.head.bias !== null, hasBias, name);
      assert.deepEqual(model.head.unverifiedLayers, []);
      const { source, got } = await mlpFeatures(model);
      const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
      const expected = csv.rows.flatMap((x) => dense(x, weights.get('hidden/kernel')!, weights.get('hidden/bias'), relu));
      assert.ok(maxAbsDiff(got.h, expected) < 1e-5, name);
      assert.ok(source.predictMaxAbsDiff! < 1e-4, `${name}: ${source.predictMaxAbsDiff}`);
      model.dispose();
    }
  });
});

describe('functional and conv models', () => {
  it('functional: H = concat(relu(x A + a), tanh(x B + b)) from the Concatenate layer', async () => {
    const dir = join(MODELS, 'functional');
    const weights = readWeights(dir);
    const model = await openClassifierModel(tf, dir);
    assert.equal(model.head.featureLayer, 'merged');
    assert.equal(model.head.classifierLayer, 'head');
    assert.equal(model.head.dim, 16);
    const { got } = await mlpFeatures(model);
    const csv = readCsv(join(DATA, 'blobs', 'train.csv'));
    const expected = csv.rows.flatMap((x) => [
      ...dense(x, weights.get('branch_relu/kernel')!, weights.get('branch_relu/bias'), relu),
      ...dense(x, weights.get('branch_tanh/kernel')!, weights.get('branch_tanh/bias'), Math.tanh),
    ]);
    assert.ok(maxAbsDiff(got.h, expected) < 1e-5);
    model.dispose();
  });

  it('conv: H = flatten(maxpool2(relu(conv3×3(x)))) on the image folder, labels from sorted class folders', async () => {
    const dir = join(MODELS, 'conv');
    const weights = readWeights(dir);
    const model = await openClassifierModel(tf, dir);
    assert.equal(model.head.featureLayer, 'flatten');
    assert.equal(model.head.dim, 36);
    assert.deepEqual(model.inputShape, [8, 8, 1]);
    const folder = openImageFolder(join(DATA, 'stripes', 'train'), { target: { height: 8, width: 8, channels: 1 } });
    assert.deepEqual(folder.labelNames, ['diagonal', 'horizontal', 'vertical']);
    const source = modelFeatureSource(tf, model, folder, { batchSize: 10 });
    const got = await collect(source);
    // Oracle on the decoded inputs: same pixels through a float64 conv.
    const k = weights.get('conv/kernel')!; // [3,3,1,4]
    const cb = weights.get('conv/bias')!;
    const expected: number[] = [];
    for await (const batch of folder.batches(10)) {
      for (let r = 0; r < batch.rows; r++) {
        const img = batch.values.subarray(r * 64, (r + 1) * 64);
        const conv = (y: number, x: number, f: number) => {
          let s = cb.values[f];
          for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) s += img[(y + dy) * 8 + x + dx] * k.values[(dy * 3 + dx) * 4 + f];
          return Math.max(0, s);
        };
        for (let py = 0; py < 3; py++)
          for (let px = 0; px < 3; px++)
            for (let f = 0; f < 4; f++) expected.push(Math.max(conv(2 * py, 2 * px, f), conv(2 * py, 2 * px + 1, f), conv(2 * py + 1, 2 * px, f), conv(2 * py + 1, 2 * px + 1, f)));
      }
    }
    assert.equal(got.h.length, 36 * 36);
    assert.ok(maxAbsDiff(got.h, expected) < 1e-5, `max diff ${maxAbsDiff(got.h, expected)}`);
    assert.ok(source.predictMaxAbsDiff! < 1e-5);
    model.dispose();
  });
});

describe('graph models (hand-built converter JSON from the trained MLP)', () => {
  for (const name of ['graph-mlp', 'graph-fused']) {
    it(`${name}: loads with tf.loadGraphModel; features and W equal the layers MLP's; output agrees`, async () => {
      const layers = await openClassifierModel(tf, join(MODELS, 'mlp'));
      const graph = await openClassifierModel(tf, join(MODELS, name));
      assert.equal(graph.format, 'graph-model');
      assert.equal(graph.head.dim, 16);
      assert.equal(graph.head.classes, 3);
      assert.deepEqual(graph.head.outputOps, ['softmax']);
      assert.deepEqual(graph.head.unverifiedLayers, []);
      assert.deepEqual([...graph.head.weights], [...layers.head.weights]);
      assert.deepEqual([...graph.head.bias!], [...layers.head.bias!]);
      const a = await mlpFeatures(layers);
      const b = await mlpFeatures(graph);
      assert.ok(maxAbsDiff(a.got.h, b.got.h) < 1e-6);
      assert.ok(b.source.predictMaxAbsDiff! < 1e-5);
      // The graph's own output against the layers model's predict on the same inputs.
      const x = tf.tensor2d(readCsv(join(DATA, 'blobs', 'train.csv')).rows);
      const g = await graph.run(x);
      const l = await layers.run(x);
      assert.ok(maxAbsDiff(g.output.dataSync(), l.output.dataSync()) < 1e-6);
      tf.dispose([x, g.features, g.output, l.features, l.output]);
      layers.dispose();
      graph.dispose();
    });
  }
});

describe('classifier detection and --feature-layer', () => {
  it('an explicit feature layer equal to the detected one gives the same head', async () => {
    const model = await openClassifierModel(tf, join(MODELS, 'mlp'), { featureLayer: 'hidden' });
    assert.equal(model.head.classifierLayer, 'classifier');
    model.dispose();
  });

  it('naming the classifier itself, or a missing layer, is refused with the layers listed', async () => {
    await assert.rejects(openClassifierModel(tf, join(MODELS, 'mlp'), { featureLayer: 'classifier' }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /model\.json: no classifier takes the output of "classifier" on the path to the output \("classifier" is the classifier; --feature-layer names the layer whose output feeds it\)/);
      return true;
    });
    await assert.rejects(openClassifierModel(tf, join(MODELS, 'mlp'), { featureLayer: 'nope' }), /has no layer named "nope" \(--feature-layer\); its layers are: hidden, classifier/);
  });

  it('a non-linear head after the classifier is refused by verification, naming the layer', async () => {
    const model = await openClassifierModel(tf, join(MODELS, '..', 'bad', 'model-nonlinear-head'));
    assert.deepEqual(model.head.unverifiedLayers, ['squash (Activation tanh)']);
    const source = modelFeatureSource(tf, model, await openCsv(join(DATA, 'blobs', 'train.csv')), { batchSize: 32 });
    await assert.rejects(collect(source), /does not reproduce the model's output \(max \|difference\| .* on samples 0–31\)[^]*squash \(Activation tanh\)[^]*\n {2}data: .*train\.csv/);
    model.dispose();
  });
});
