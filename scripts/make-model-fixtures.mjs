// Writes the model fixtures for the head shapes people export (docs/models.md, "Supported heads"):
//   test/fixtures/models/teachable      a Sequential holding a Sequential feature extractor and a
//                                       Sequential head (the shape of a Teachable Machine export)
//   test/fixtures/models/mobilenet-v1   … → GlobalAveragePooling2D → Reshape [1,1,C] → Dropout →
//                                       Conv2D 1×1 → Reshape [K] → Activation softmax (Keras/tfjs MobileNet v1)
//   test/fixtures/models/binary         Dense(8, relu) → Dropout → Dense(1, sigmoid), trained on
//   test/fixtures/data/two-class/       train.csv: 98 samples of class 0, 30 of class 1
//
//   node scripts/make-model-fixtures.mjs      (≈ 3 s, cpu backend; rewrites only these folders)
//
// Deterministic: seeded initialisers, seeded data, no shuffling, cpu backend (exact float32 JS).
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './lib/random.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const MODELS = join(ROOT, 'models');
const DATA = join(ROOT, 'data');

async function save(model, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      writeFileSync(join(dir, 'group1-shard1of1.bin'), bytes);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
}

const init = (seed) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 1000 }) });

/** Teachable Machine shape: Sequential[Sequential(conv features), Sequential(Dense relu, Dropout, Dense softmax)]. */
function teachable() {
  const features = tf.sequential({ name: 'sequential_1' });
  features.add(tf.layers.conv2d({ name: 'Conv1', inputShape: [8, 8, 3], filters: 6, kernelSize: 3, activation: 'relu', ...init(1) }));
  features.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_GlobalAveragePooling2D1' }));
  const head = tf.sequential({ name: 'sequential_3' });
  head.add(tf.layers.dense({ name: 'dense_Dense1', inputShape: [6], units: 10, activation: 'relu', ...init(2) }));
  head.add(tf.layers.dropout({ name: 'dropout_Dropout1', rate: 0.5 }));
  head.add(tf.layers.dense({ name: 'dense_Dense2', units: 3, activation: 'softmax', ...init(3) }));
  const model = tf.sequential({ name: 'sequential_4' });
  model.add(features);
  model.add(head);
  return model;
}

/** MobileNet v1 head: GAP → Reshape [1,1,C] → Dropout → Conv2D 1×1 (the classifier) → Reshape [K] → softmax. */
function mobilenetV1() {
  const model = tf.sequential({ name: 'mobilenet_1.00_8' });
  model.add(tf.layers.conv2d({ name: 'conv1', inputShape: [8, 8, 3], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', ...init(11) }));
  model.add(tf.layers.depthwiseConv2d({ name: 'conv_dw_1', kernelSize: 3, padding: 'same', activation: 'relu', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 12 }) }));
  model.add(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d_1' }));
  model.add(tf.layers.reshape({ name: 'reshape_1', targetShape: [1, 1, 8] }));
  model.add(tf.layers.dropout({ name: 'dropout', rate: 0.001 }));
  model.add(tf.layers.conv2d({ name: 'conv_preds', filters: 3, kernelSize: 1, padding: 'same', ...init(13) }));
  model.add(tf.layers.reshape({ name: 'reshape_2', targetShape: [3] }));
  model.add(tf.layers.activation({ name: 'act_softmax', activation: 'softmax' }));
  return model;
}

/** Two Gaussian blobs in R^4, 98 and 30 samples, interleaved while both last. */
function twoClassCsv(seed) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  const centres = [
    [1.5, 0, 0.5, 0],
    [-1, 1, 0, -1],
  ];
  const remaining = [98, 30];
  const rows = [];
  while (remaining.some((n) => n > 0)) {
    for (let k = 0; k < 2; k++) {
      if (remaining[k] === 0) continue;
      remaining[k]--;
      rows.push([...centres[k].map((c) => Number((c + 0.7 * gauss()).toFixed(4))), k]);
    }
  }
  return rows;
}

async function binary(rows) {
  const model = tf.sequential({ name: 'binary' });
  model.add(tf.layers.dense({ name: 'hidden', inputShape: [4], units: 8, activation: 'relu', ...init(21) }));
  model.add(tf.layers.dropout({ name: 'drop', rate: 0.2, seed: 5 }));
  model.add(tf.layers.dense({ name: 'logit', units: 1, activation: 'sigmoid', ...init(22) }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(rows.map((r) => r.slice(0, 4)));
  const y = tf.tensor2d(rows.map((r) => [r[4]]));
  await model.fit(x, y, { epochs: 40, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  return model;
}

async function main() {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true); // no "Hi, looks like…" banner
  await save(teachable(), join(MODELS, 'teachable'));
  await save(mobilenetV1(), join(MODELS, 'mobilenet-v1'));
  const rows = twoClassCsv(18);
  const dir = join(DATA, 'two-class');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train.csv'), ['x1,x2,x3,x4,label', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  await save(await binary(rows), join(MODELS, 'binary'));
  console.log('wrote teachable, mobilenet-v1, binary, two-class/train.csv');
}

await main();
