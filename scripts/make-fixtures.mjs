// Trains small real tfjs models (wasm backend) and writes them, their data sets and a corpus of
// broken inputs under test/fixtures/. Deterministic: seeded data, seeded initialisers, no shuffling.
//
//   node scripts/make-fixtures.mjs        (≈ 10 s; rewrites test/fixtures/{models,data,bad})
//
// Everything here is written with real tfjs code (model.fit, model.save through a save handler) or
// by hand where the format is the point of the fixture (graph-model JSON, quantized manifests,
// .npy variants, broken files). The graph models are hand-built GraphModel JSON whose weights come
// from the trained layers MLP: there is no Python converter on this machine.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync, readFileSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './lib/random.mjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { PNG } = require('pngjs');
const jpeg = require('jpeg-js');
const fflate = require('fflate');
// Fixed timestamps: regenerating the fixtures gives identical bytes.
const zipSync = (files) => fflate.zipSync(files, { mtime: new Date('2020-01-01T00:00:00Z') });

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
const MODELS = join(ROOT, 'models');
const DATA = join(ROOT, 'data');
const BAD = join(ROOT, 'bad');

// ---------------------------------------------------------------------------------------------
// Deterministic randomness


function gaussian(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

// ---------------------------------------------------------------------------------------------
// Data sets

/** Three Gaussian blobs in R^4. Rows are grouped by class (0…, 1…, 2…) in a fixed interleaved order. */
function blobs(countsPerClass, seed) {
  const rand = mulberry32(seed);
  const centres = [
    [2, 0, 0, 1],
    [-1, 2, 0, -1],
    [-1, -2, 1, 0],
  ];
  const rows = [];
  const labels = [];
  const remaining = [...countsPerClass];
  // Interleave classes so that any prefix (one batch) holds every class.
  while (remaining.some((n) => n > 0)) {
    for (let k = 0; k < centres.length; k++) {
      if (remaining[k] === 0) continue;
      remaining[k]--;
      rows.push(centres[k].map((c) => Number((c + 0.6 * gaussian(rand)).toFixed(4))));
      labels.push(k);
    }
  }
  return { rows, labels };
}

/** 8×8 grayscale patterns: 0 = horizontal stripes, 1 = vertical stripes, 2 = diagonal, with noise. */
function stripes(countPerClass, seed) {
  const rand = mulberry32(seed);
  const images = [];
  const labels = [];
  for (let i = 0; i < countPerClass; i++) {
    for (let k = 0; k < 3; k++) {
      const phase = Math.floor(rand() * 2);
      const img = new Uint8Array(64);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const on = k === 0 ? (y + phase) % 2 === 0 : k === 1 ? (x + phase) % 2 === 0 : (x + y + phase) % 2 === 0;
          const v = (on ? 200 : 40) + Math.round(30 * gaussian(rand));
          img[y * 8 + x] = Math.max(0, Math.min(255, v));
        }
      }
      images.push(img);
      labels.push(k);
    }
  }
  return { images, labels };
}

const CLASS_NAMES = ['alpha', 'beta', 'gamma'];
const IMAGE_CLASSES = ['diagonal', 'horizontal', 'vertical'];
// Sorted folder names map to indices 0,1,2; the model's class k is stripes label k, so remap.
const STRIPE_TO_FOLDER = { 0: 'horizontal', 1: 'vertical', 2: 'diagonal' };

// ---------------------------------------------------------------------------------------------
// Writers

function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
}

function writeCsv(path, rows, labels, { header = true, names = null } = {}) {
  const lines = [];
  if (header) lines.push([...rows[0].map((_, j) => `x${j + 1}`), 'label'].join(','));
  rows.forEach((r, i) => lines.push([...r, names ? names[labels[i]] : labels[i]].join(',')));
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Minimal .npy writer for fixtures (the project's reader is what gets tested). */
function npyBytes(data, shape, { descr = '<f4', fortran = false, version = 1 } = {}) {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const headerLenBytes = version === 1 ? 2 : 4;
  const pre = 6 + 2 + headerLenBytes;
  let header = dict;
  const total = Math.ceil((pre + header.length + 1) / 64) * 64;
  header = header.padEnd(total - pre - 1, ' ') + '\n';
  const out = Buffer.alloc(pre + header.length + data.byteLength);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = version;
  out[7] = 0;
  if (version === 1) out.writeUInt16LE(header.length, 8);
  else out.writeUInt32LE(header.length, 8);
  out.write(header, pre, 'latin1');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, pre + header.length);
  return out;
}

function idxBytes(typeCode, dims, bytes) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = typeCode;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(bytes)]);
}

function pngBytes(gray, w, h, { rgb = false } = {}) {
  const png = new PNG({ width: w, height: h, colorType: rgb ? 2 : 0, inputHasAlpha: true });
  for (let i = 0; i < w * h; i++) {
    const v = gray[i];
    png.data[4 * i] = v;
    png.data[4 * i + 1] = v;
    png.data[4 * i + 2] = v;
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: rgb ? 2 : 0 });
}

function jpgBytes(gray, w, h) {
  const data = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    data[4 * i] = data[4 * i + 1] = data[4 * i + 2] = gray[i];
    data[4 * i + 3] = 255;
  }
  return jpeg.encode({ data, width: w, height: h }, 95).data;
}

// float32 → IEEE half, round to nearest even (for the float16-quantized fixture).
function toHalf(value) {
  const f = new Float32Array([value]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  let exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >> shift;
    if ((mant >> (shift - 1)) & 1 && ((mant & ((1 << (shift - 1)) - 1)) || half & 1)) half++;
    return sign | half;
  }
  if (exp >= 31) return sign | 0x7c00;
  let half = sign | (exp << 10) | (mant >> 13);
  if (mant & 0x1000 && (mant & 0xfff || half & 1)) half++;
  return half;
}

/** Quantizes float32 weights per the tfjs weights-manifest `quantization` spec (value = q·scale + min). */
function quantize(specs, bytes, dtype) {
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const parts = [];
  const out = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = floats.subarray(offset, offset + size);
    offset += size;
    if (dtype === 'float16') {
      const q = new Uint16Array(size);
      for (let i = 0; i < size; i++) q[i] = toHalf(values[i]);
      parts.push(new Uint8Array(q.buffer));
      out.push({ ...spec, quantization: { dtype, original_dtype: 'float32' } });
      continue;
    }
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const levels = dtype === 'uint8' ? 255 : 65535;
    const scale = max > min ? (max - min) / levels : 1;
    const q = dtype === 'uint8' ? new Uint8Array(size) : new Uint16Array(size);
    for (let i = 0; i < size; i++) q[i] = Math.round((values[i] - min) / scale);
    parts.push(new Uint8Array(q.buffer));
    out.push({ ...spec, quantization: { dtype, min, scale, original_dtype: 'float32' } });
  }
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { specs: out, bytes: joined };
}

function writeShards(dir, bytes, shardBytes) {
  const n = Math.max(1, Math.ceil(bytes.byteLength / shardBytes));
  const paths = [];
  for (let i = 0; i < n; i++) {
    const name = `group1-shard${i + 1}of${n}.bin`;
    writeFileSync(join(dir, name), bytes.subarray(i * shardBytes, Math.min(bytes.byteLength, (i + 1) * shardBytes)));
    paths.push(name);
  }
  return paths;
}

/** Saves a LayersModel with real `model.save` through a custom save handler (platform-notes §2). */
async function saveLayersModel(model, dir, { shardBytes = 4 * 1024 * 1024, quantizeTo = null } = {}) {
  rmSync(dir, { recursive: true, force: true });
  ensureDir(dir);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      let specs = artifacts.weightSpecs;
      let bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      if (quantizeTo) ({ specs, bytes } = quantize(specs, bytes, quantizeTo));
      const paths = writeShards(dir, bytes, shardBytes);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        weightsManifest: [{ paths, weights: specs }],
      };
      writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Models

const seeded = (seed) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });

async function fit(model, x, y, epochs, extra = {}) {
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs, batchSize: 32, shuffle: false, verbose: 0, ...extra });
}

function oneHot(labels, k) {
  return tf.oneHot(tf.tensor1d(labels, 'int32'), k).cast('float32');
}

function mlp({ name = 'mlp', head = 'softmax', useBias = true } = {}) {
  const model = tf.sequential({ name });
  model.add(tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', name: 'hidden', ...seeded(1) }));
  if (head === 'softmax') model.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias, name: 'classifier', ...seeded(2) }));
  else model.add(tf.layers.dense({ units: 3, activation: 'linear', useBias, name: 'classifier', ...seeded(2) }));
  if (head === 'softmax-layer') model.add(tf.layers.softmax({ name: 'probabilities' }));
  if (head === 'activation-layer') model.add(tf.layers.activation({ activation: 'softmax', name: 'probabilities' }));
  if (head === 'tanh-then-softmax') {
    model.add(tf.layers.activation({ activation: 'tanh', name: 'squash' }));
    model.add(tf.layers.softmax({ name: 'probabilities' }));
  }
  return model;
}

function functional() {
  const input = tf.input({ shape: [4], name: 'features_in' });
  const a = tf.layers.dense({ units: 8, activation: 'relu', name: 'branch_relu', ...seeded(3) }).apply(input);
  const b = tf.layers.dense({ units: 8, activation: 'tanh', name: 'branch_tanh', ...seeded(4) }).apply(input);
  const merged = tf.layers.concatenate({ name: 'merged' }).apply([a, b]);
  const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'head', ...seeded(5) }).apply(merged);
  return tf.model({ inputs: input, outputs: out, name: 'functional' });
}

function twoHeads() {
  const input = tf.input({ shape: [4], name: 'x' });
  const h = tf.layers.dense({ units: 8, activation: 'relu', name: 'trunk', ...seeded(6) }).apply(input);
  const c = tf.layers.dense({ units: 3, activation: 'softmax', name: 'class_head', ...seeded(7) }).apply(h);
  const d = tf.layers.dense({ units: 2, activation: 'softmax', name: 'aux_head', ...seeded(8) }).apply(h);
  return tf.model({ inputs: input, outputs: [c, d], name: 'two_heads' });
}

function conv() {
  const model = tf.sequential({ name: 'conv' });
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv', ...seeded(9) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax', name: 'classifier', ...seeded(10) }));
  return model;
}

function convNoDense() {
  const model = tf.sequential({ name: 'conv_no_dense' });
  model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, activation: 'linear', name: 'conv', ...seeded(11) }));
  model.add(tf.layers.globalAveragePooling2d({ name: 'gap' }));
  model.add(tf.layers.softmax({ name: 'probabilities' }));
  return model;
}

// ---------------------------------------------------------------------------------------------
// Hand-built GraphModel JSON (the converter's node format: Placeholder, Const, MatMul, BiasAdd, …)

const dims = (shape) => ({ dim: shape.map((s) => ({ size: String(s) })) });
const constNode = (name, shape) => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } }, dtype: { type: 'DT_FLOAT' } },
});
const T = { T: { type: 'DT_FLOAT' } };
const b64 = (s) => Buffer.from(s).toString('base64');

function graphJson(nodes, weights, outShape, { output = 'Identity' } = {}) {
  return {
    format: 'graph-model',
    generatedBy: 'collapse-lens scripts/make-fixtures.mjs (hand-built from a trained tfjs-layers MLP)',
    convertedBy: null,
    signature: {
      inputs: { 'input:0': { name: 'input:0', dtype: 'DT_FLOAT', tensorShape: dims([-1, 4]) } },
      outputs: { [`${output}:0`]: { name: `${output}:0`, dtype: 'DT_FLOAT', tensorShape: dims(outShape) } },
    },
    modelTopology: { node: nodes, library: {}, versions: { producer: 1286 } },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
}

function writeGraphModel(dir, json, tensors) {
  rmSync(dir, { recursive: true, force: true });
  ensureDir(dir);
  const bytes = Buffer.concat(tensors.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength)));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), bytes);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
}

const placeholder = { name: 'input', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims([-1, 4]) } } };
const matmulAttr = { transpose_a: { b: false }, transpose_b: { b: false }, ...T };

/** Plain ops: MatMul → BiasAdd → Relu → MatMul → BiasAdd → Softmax → Identity. */
function plainGraph(w1, b1, w2, b2, { withSoftmax = true } = {}) {
  const nodes = [
    placeholder,
    constNode('hidden/kernel', [4, 16]),
    constNode('hidden/bias', [16]),
    constNode('classifier/kernel', [16, 3]),
    constNode('classifier/bias', [3]),
    { name: 'hidden/MatMul', op: 'MatMul', input: ['input', 'hidden/kernel'], attr: matmulAttr },
    { name: 'hidden/BiasAdd', op: 'BiasAdd', input: ['hidden/MatMul', 'hidden/bias'], attr: { ...T, data_format: { s: b64('NHWC') } } },
    { name: 'hidden/Relu', op: 'Relu', input: ['hidden/BiasAdd'], attr: T },
    { name: 'classifier/MatMul', op: 'MatMul', input: ['hidden/Relu', 'classifier/kernel'], attr: matmulAttr },
    { name: 'classifier/BiasAdd', op: 'BiasAdd', input: ['classifier/MatMul', 'classifier/bias'], attr: { ...T, data_format: { s: b64('NHWC') } } },
  ];
  const last = withSoftmax ? 'classifier/Softmax' : 'classifier/BiasAdd';
  if (withSoftmax) nodes.push({ name: 'classifier/Softmax', op: 'Softmax', input: ['classifier/BiasAdd'], attr: T });
  nodes.push({ name: 'Identity', op: 'Identity', input: [last], attr: T });
  const weights = [
    { name: 'hidden/kernel', shape: [4, 16], dtype: 'float32' },
    { name: 'hidden/bias', shape: [16], dtype: 'float32' },
    { name: 'classifier/kernel', shape: [16, 3], dtype: 'float32' },
    { name: 'classifier/bias', shape: [3], dtype: 'float32' },
  ];
  return { json: graphJson(nodes, weights, [-1, 3]), tensors: [w1, b1, w2, b2] };
}

/** What the converter emits after fusing: _FusedMatMul(BiasAdd, Relu) → _FusedMatMul(BiasAdd) → Softmax. */
function fusedGraph(w1, b1, w2, b2, { lastFused = ['BiasAdd'] } = {}) {
  const fused = (name, inputs, ops) => ({
    name,
    op: '_FusedMatMul',
    input: inputs,
    attr: { ...matmulAttr, fused_ops: { list: { s: ops.map(b64) } }, num_args: { i: '1' }, epsilon: { f: 0 } },
  });
  const nodes = [
    placeholder,
    constNode('unknown_0', [4, 16]),
    constNode('unknown_1', [16]),
    constNode('unknown_2', [16, 3]),
    constNode('unknown_3', [3]),
    fused('StatefulPartitionedCall/sequential/hidden/Relu', ['input', 'unknown_0', 'unknown_1'], ['BiasAdd', 'Relu']),
    fused(`StatefulPartitionedCall/sequential/classifier/${lastFused.at(-1)}`, ['StatefulPartitionedCall/sequential/hidden/Relu', 'unknown_2', 'unknown_3'], lastFused),
    { name: 'StatefulPartitionedCall/sequential/classifier/Softmax', op: 'Softmax', input: [`StatefulPartitionedCall/sequential/classifier/${lastFused.at(-1)}`], attr: T },
    { name: 'Identity', op: 'Identity', input: ['StatefulPartitionedCall/sequential/classifier/Softmax'], attr: T },
  ];
  const weights = [
    { name: 'unknown_0', shape: [4, 16], dtype: 'float32' },
    { name: 'unknown_1', shape: [16], dtype: 'float32' },
    { name: 'unknown_2', shape: [16, 3], dtype: 'float32' },
    { name: 'unknown_3', shape: [3], dtype: 'float32' },
  ];
  return { json: graphJson(nodes, weights, [-1, 3]), tensors: [w1, b1, w2, b2] };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
  for (const dir of [MODELS, DATA, BAD]) rmSync(dir, { recursive: true, force: true });
  for (const dir of [MODELS, DATA, BAD]) ensureDir(dir);

  // --- tabular data: blobs
  const train = blobs([50, 50, 50], 11);
  const test = blobs([20, 20, 20], 12);
  const imbalanced = blobs([50, 50, 10], 13);
  ensureDir(join(DATA, 'blobs'));
  writeCsv(join(DATA, 'blobs', 'train.csv'), train.rows, train.labels);
  writeCsv(join(DATA, 'blobs', 'test.csv'), test.rows, test.labels);
  writeCsv(join(DATA, 'blobs', 'imbalanced.csv'), imbalanced.rows, imbalanced.labels);
  writeCsv(join(DATA, 'blobs', 'test-names.csv'), test.rows, test.labels, { header: false, names: CLASS_NAMES });
  const xTrain = new Float32Array(train.rows.flat());
  const yTrain = new Int32Array(train.labels);
  writeFileSync(join(DATA, 'blobs', 'train-x.npy'), npyBytes(xTrain, [train.rows.length, 4]));
  writeFileSync(join(DATA, 'blobs', 'train-y.npy'), npyBytes(new BigInt64Array(train.labels.map(BigInt)), [train.labels.length], { descr: '<i8' }));
  writeFileSync(
    join(DATA, 'blobs', 'train.npz'),
    zipSync({ 'x.npy': npyBytes(xTrain, [train.rows.length, 4]), 'y.npy': npyBytes(yTrain, [yTrain.length], { descr: '<i4' }) }),
  );
  // .npy layouts a reader must handle: big-endian, Fortran order, format v3 (the same 6×4 matrix).
  const small = xTrain.subarray(0, 24);
  const variants = join(DATA, 'npy-variants');
  ensureDir(variants);
  writeFileSync(join(variants, 'c-order.npy'), npyBytes(small, [6, 4]));
  const be = Buffer.alloc(small.byteLength);
  small.forEach((v, i) => be.writeFloatBE(v, 4 * i));
  writeFileSync(join(variants, 'big-endian.npy'), npyBytes(new Uint8Array(be), [6, 4], { descr: '>f4' }));
  const fortran = new Float32Array(24);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) fortran[j * 6 + i] = small[i * 4 + j];
  writeFileSync(join(variants, 'fortran.npy'), npyBytes(fortran, [6, 4], { fortran: true }));
  writeFileSync(join(variants, 'v3.npy'), npyBytes(small, [6, 4], { version: 3 }));
  writeFileSync(join(variants, 'y.npy'), npyBytes(new BigInt64Array(train.labels.slice(0, 6).map(BigInt)), [6], { descr: '<i8' }));

  // --- images: 8×8 stripes as a class-folder tree (PNG and JPG), and as IDX files
  const imgTrain = stripes(12, 21);
  const imgTest = stripes(4, 22);
  for (const [split, set] of [
    ['train', imgTrain],
    ['test', imgTest],
  ]) {
    const root = join(DATA, 'stripes', split);
    for (const name of IMAGE_CLASSES) ensureDir(join(root, name));
    set.images.forEach((img, i) => {
      const folder = join(root, STRIPE_TO_FOLDER[set.labels[i]]);
      const stem = `img${String(i).padStart(3, '0')}`;
      // Every fourth image as a colour JPEG, one as RGB PNG: the reader converts to the model's 1 channel.
      if (i % 4 === 3) writeFileSync(join(folder, `${stem}.jpg`), jpgBytes(img, 8, 8));
      else writeFileSync(join(folder, `${stem}.png`), pngBytes(img, 8, 8, { rgb: i % 7 === 0 }));
    });
  }
  ensureDir(join(DATA, 'stripes', 'idx'));
  const folderIndex = (label) => IMAGE_CLASSES.indexOf(STRIPE_TO_FOLDER[label]);
  const flatImages = (set) => Buffer.concat(set.images.map((im) => Buffer.from(im)));
  writeFileSync(join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte'), idxBytes(0x08, [imgTrain.images.length, 8, 8], flatImages(imgTrain)));
  writeFileSync(join(DATA, 'stripes', 'idx', 'train-labels-idx1-ubyte'), idxBytes(0x08, [imgTrain.labels.length], imgTrain.labels.map(folderIndex)));
  writeFileSync(join(DATA, 'stripes', 'idx', 't10k-images-idx3-ubyte'), idxBytes(0x08, [imgTest.images.length, 8, 8], flatImages(imgTest)));
  writeFileSync(join(DATA, 'stripes', 'idx', 't10k-labels-idx1-ubyte'), idxBytes(0x08, [imgTest.labels.length], imgTest.labels.map(folderIndex)));
  // The same test images at 12×12 (nearest-neighbour upscale ×1.5): exercises resizing.
  const big = join(DATA, 'stripes', 'test-12px');
  imgTest.images.forEach((img, i) => {
    const up = new Uint8Array(144);
    for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) up[y * 12 + x] = img[Math.floor((y * 8) / 12) * 8 + Math.floor((x * 8) / 12)];
    const folder = join(big, STRIPE_TO_FOLDER[imgTest.labels[i]]);
    ensureDir(folder);
    writeFileSync(join(folder, `img${String(i).padStart(3, '0')}.png`), pngBytes(up, 12, 12));
  });

  // --- models
  const x = tf.tensor2d(train.rows);
  const y = oneHot(train.labels, 3);

  const seq = mlp();
  await fit(seq, x, y, 40);
  await saveLayersModel(seq, join(MODELS, 'mlp'));
  await saveLayersModel(seq, join(MODELS, 'mlp-sharded'), { shardBytes: 128 });
  for (const q of ['uint8', 'uint16', 'float16']) await saveLayersModel(seq, join(MODELS, `mlp-quantized-${q}`), { quantizeTo: q });

  // Checkpoints of one training run (epoch 1, 2, 10, 40): folder names sort wrongly as plain strings.
  const ckpt = mlp({ name: 'ckpt' });
  const epochs = new Set([1, 2, 10, 40]);
  let epoch = 0;
  for (const target of [...epochs]) {
    await fit(ckpt, x, y, target - epoch);
    epoch = target;
    await saveLayersModel(ckpt, join(MODELS, 'checkpoints', `epoch-${target}`));
  }

  const fn = functional();
  await fit(fn, x, y, 40);
  await saveLayersModel(fn, join(MODELS, 'functional'));

  for (const head of ['softmax-layer', 'activation-layer', 'tanh-then-softmax']) {
    const m = mlp({ name: head.replace(/-/g, '_'), head });
    await fit(m, x, y, 30);
    await saveLayersModel(m, join(head === 'tanh-then-softmax' ? BAD : MODELS, head === 'tanh-then-softmax' ? 'model-nonlinear-head' : `mlp-${head}`));
  }
  const logits = mlp({ name: 'logits', head: 'linear' });
  logits.compile({ optimizer: tf.train.adam(0.03), loss: (yt, yp) => tf.losses.softmaxCrossEntropy(yt, yp) });
  await logits.fit(x, y, { epochs: 30, batchSize: 32, shuffle: false, verbose: 0 });
  await saveLayersModel(logits, join(MODELS, 'mlp-logits'));

  const noBias = mlp({ name: 'no_bias', useBias: false });
  await fit(noBias, x, y, 30);
  await saveLayersModel(noBias, join(MODELS, 'mlp-no-bias'));

  const heads = twoHeads();
  heads.compile({ optimizer: tf.train.adam(0.03), loss: ['categoricalCrossentropy', 'categoricalCrossentropy'] });
  const yAux = oneHot(train.labels.map((l) => (l === 0 ? 0 : 1)), 2);
  await heads.fit(x, [y, yAux], { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
  await saveLayersModel(heads, join(MODELS, 'two-heads'));

  // Conv model on the stripes (labels in sorted-folder order, as the image-folder reader yields them).
  // Trained on cpu: wasm has no Conv2DBackpropFilter kernel in tfjs 4.22.
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend failed to start');
  const xi = tf.tensor4d(Float32Array.from(flatImages(imgTrain), (v) => v / 255), [imgTrain.images.length, 8, 8, 1]);
  const yi = oneHot(imgTrain.labels.map(folderIndex), 3);
  const cnn = conv();
  await fit(cnn, xi, yi, 40);
  await saveLayersModel(cnn, join(MODELS, 'conv'));
  const noDense = convNoDense();
  await fit(noDense, xi, yi, 5);
  await saveLayersModel(noDense, join(BAD, 'model-no-dense'));
  await tf.setBackend('wasm');

  // Graph models from the trained MLP's weights.
  const [w1, b1] = seq.getLayer('hidden').getWeights().map((t) => t.dataSync());
  const [w2, b2] = seq.getLayer('classifier').getWeights().map((t) => t.dataSync());
  let g = plainGraph(w1, b1, w2, b2);
  writeGraphModel(join(MODELS, 'graph-mlp'), g.json, g.tensors);
  g = fusedGraph(w1, b1, w2, b2);
  writeGraphModel(join(MODELS, 'graph-fused'), g.json, g.tensors);
  g = fusedGraph(w1, b1, w2, b2, { lastFused: ['BiasAdd', 'Relu'] });
  writeGraphModel(join(BAD, 'graph-relu-head'), g.json, g.tensors);

  await writeBadCorpus();
  tf.dispose([x, y, xi, yi, yAux]);

  console.log(`fixtures written under ${ROOT}: ${(dirSize(ROOT) / 1024).toFixed(1)} KiB`);
}

function dirSize(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    total += s.isDirectory() ? dirSize(p) : s.size;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Broken inputs. Each one is a small, deliberate fault; test/unit/engine/cli/inspect-bad.test.ts asserts
// the exit code and the message for every entry.

function copyModel(from, to) {
  rmSync(to, { recursive: true, force: true });
  ensureDir(to);
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(to, f));
}

function editJson(dir, edit) {
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

async function writeBadCorpus() {
  const mlpDir = join(MODELS, 'mlp');
  const bad = (name) => join(BAD, name);
  const modelJson = readFileSync(join(mlpDir, 'model.json'), 'utf8');

  // model.json faults
  copyModel(mlpDir, bad('model-truncated-json'));
  writeFileSync(join(bad('model-truncated-json'), 'model.json'), modelJson.slice(0, Math.floor(modelJson.length / 2)));
  copyModel(mlpDir, bad('model-empty-json'));
  writeFileSync(join(bad('model-empty-json'), 'model.json'), '');
  copyModel(mlpDir, bad('model-json-array'));
  writeFileSync(join(bad('model-json-array'), 'model.json'), '[1, 2, 3]\n');
  copyModel(mlpDir, bad('model-no-topology'));
  editJson(bad('model-no-topology'), (j) => delete j.modelTopology);
  copyModel(mlpDir, bad('model-no-manifest'));
  editJson(bad('model-no-manifest'), (j) => delete j.weightsManifest);
  copyModel(mlpDir, bad('model-manifest-no-paths'));
  editJson(bad('model-manifest-no-paths'), (j) => delete j.weightsManifest[0].paths);
  copyModel(mlpDir, bad('model-bad-dtype'));
  editJson(bad('model-bad-dtype'), (j) => (j.weightsManifest[0].weights[0].dtype = 'float64'));
  copyModel(mlpDir, bad('model-bad-quantization'));
  editJson(bad('model-bad-quantization'), (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint4', min: 0, scale: 1 }));
  copyModel(mlpDir, bad('model-unknown-format'));
  editJson(bad('model-unknown-format'), (j) => (j.format = 'saved-model'));
  // shard faults
  copyModel(mlpDir, bad('model-missing-shard'));
  rmSync(join(bad('model-missing-shard'), 'group1-shard1of1.bin'));
  copyModel(mlpDir, bad('model-short-shard'));
  const shard = readFileSync(join(mlpDir, 'group1-shard1of1.bin'));
  writeFileSync(join(bad('model-short-shard'), 'group1-shard1of1.bin'), shard.subarray(0, shard.length - 40));
  copyModel(mlpDir, bad('model-long-shard'));
  writeFileSync(join(bad('model-long-shard'), 'group1-shard1of1.bin'), Buffer.concat([shard, Buffer.alloc(16)]));
  copyModel(mlpDir, bad('model-empty-shard'));
  writeFileSync(join(bad('model-empty-shard'), 'group1-shard1of1.bin'), '');
  // manifest shape disagrees with the topology (kernel [4,16] declared as [4,15] and bias [16] as [20]: the byte total still fits, so
  // only the shape is wrong)
  copyModel(mlpDir, bad('model-shape-mismatch'));
  editJson(bad('model-shape-mismatch'), (j) => {
    j.weightsManifest[0].weights[0].shape = [4, 15];
    j.weightsManifest[0].weights[1].shape = [20];
  });
  copyModel(mlpDir, bad('model-unknown-layer'));
  editJson(bad('model-unknown-layer'), (j) => (j.modelTopology.config.layers[1].class_name = 'FancyDense'));
  copyModel(mlpDir, bad('model-relu-classifier'));
  editJson(bad('model-relu-classifier'), (j) => (j.modelTopology.config.layers[1].config.activation = 'relu'));
  ensureDir(bad('model-dir-without-json'));
  writeFileSync(join(bad('model-dir-without-json'), 'README.txt'), 'no model.json here\n');
  // NaN in a weight: the features come out NaN (the tanh branch of the functional model; a relu
  // would clamp NaN to 0 on wasm).
  copyModel(join(MODELS, 'functional'), bad('model-nan-weights'));
  const fnShard = Buffer.from(readFileSync(join(MODELS, 'functional', 'group1-shard1of1.bin')));
  const tanhBias = 4 * (32 + 8 + 32); // after branch_relu/kernel [4,8], branch_relu/bias [8], branch_tanh/kernel [4,8]
  fnShard.writeFloatLE(NaN, tanhBias);
  writeFileSync(join(bad('model-nan-weights'), 'group1-shard1of1.bin'), fnShard);
  // graph model with an op tfjs does not know
  copyModel(join(MODELS, 'graph-mlp'), bad('graph-unknown-op'));
  editJson(bad('graph-unknown-op'), (j) => (j.modelTopology.node.find((n) => n.op === 'Relu').op = 'FancyRelu'));

  // CSV faults (the mlp takes 4 numbers and predicts 3 classes)
  const csv = readFileSync(join(DATA, 'blobs', 'train.csv'), 'utf8').split('\n');
  const put = (name, text) => writeFileSync(bad(name), text);
  put('csv-non-numeric.csv', [...csv.slice(0, 4), csv[4].replace(/^[^,]+/, 'abc'), ...csv.slice(5, 10)].join('\n'));
  put('csv-nan.csv', [...csv.slice(0, 3), csv[3].replace(/^[^,]+/, 'NaN'), ...csv.slice(4, 10)].join('\n'));
  put('csv-inf.csv', [...csv.slice(0, 6), csv[6].replace(/,[^,]+,/, ',Infinity,'), ...csv.slice(7, 10)].join('\n'));
  put('csv-ragged.csv', [...csv.slice(0, 5), csv[5].replace(/,[^,]+$/, ''), ...csv.slice(6, 10)].join('\n'));
  put('csv-label-out-of-range.csv', [...csv.slice(0, 7), csv[7].replace(/,\d+$/, ',7'), ...csv.slice(8, 10)].join('\n'));
  put('csv-label-fraction.csv', [...csv.slice(0, 2), csv[2].replace(/,\d+$/, ',1.5'), ...csv.slice(3, 10)].join('\n'));
  put('csv-wrong-width.csv', csv.slice(0, 10).map((l, i) => (i === 0 ? `x0,${l}` : `0.5,${l}`)).join('\n'));
  put('csv-empty.csv', '');
  put('csv-header-only.csv', csv[0] + '\n');
  put('csv-too-many-classes.csv', csv.slice(0, 10).map((l, i) => (i === 0 ? l : l.replace(/,\d+$/, `,c${i}`))).join('\n'));

  // image-folder faults (the conv model takes 8×8×1)
  const good = readFileSync(join(DATA, 'stripes', 'train', 'horizontal', readdirSync(join(DATA, 'stripes', 'train', 'horizontal')).find((f) => f.endsWith('.png'))));
  const imageTree = (name, extra) => {
    const root = bad(name);
    for (const c of ['a', 'b']) {
      ensureDir(join(root, c));
      writeFileSync(join(root, c, 'one.png'), good);
    }
    extra(root);
  };
  imageTree('images-corrupt-png', (root) => writeFileSync(join(root, 'b', 'broken.png'), good.subarray(0, 40)));
  imageTree('images-not-a-png', (root) => writeFileSync(join(root, 'a', 'notes.png'), 'this is text, not a PNG\n'));
  imageTree('images-corrupt-jpg', (root) => writeFileSync(join(root, 'a', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 1, 2, 3])));
  // git keeps no empty folders: the class folder holds a non-image file only.
  imageTree('images-empty-class', (root) => {
    ensureDir(join(root, 'c'));
    writeFileSync(join(root, 'c', 'notes.txt'), 'no images in this class folder\n');
  });
  imageTree('images-wrong-size', (root) => writeFileSync(join(root, 'a', 'big.png'), pngBytes(new Uint8Array(100).fill(9), 10, 10)));
  imageTree('images-zero-byte', (root) => writeFileSync(join(root, 'b', 'empty.png'), ''));
  ensureDir(bad('images-no-class-folders'));
  writeFileSync(join(bad('images-no-class-folders'), 'loose.png'), good);

  // IDX faults
  const idxImages = readFileSync(join(DATA, 'stripes', 'idx', 'train-images-idx3-ubyte'));
  const idxLabels = readFileSync(join(DATA, 'stripes', 'idx', 'train-labels-idx1-ubyte'));
  ensureDir(bad('idx'));
  writeFileSync(join(bad('idx'), 'truncated-images-idx3-ubyte'), idxImages.subarray(0, idxImages.length - 100));
  const badMagic = Buffer.from(idxImages);
  badMagic[2] = 0x42;
  writeFileSync(join(bad('idx'), 'bad-magic-images-idx3-ubyte'), badMagic);
  writeFileSync(join(bad('idx'), 'short-labels-idx1-ubyte'), idxBytes(0x08, [10], idxLabels.subarray(8, 18)));
  const outOfRange = Buffer.from(idxLabels);
  outOfRange[8 + 5] = 9;
  writeFileSync(join(bad('idx'), 'out-of-range-labels-idx1-ubyte'), outOfRange);

  // .npy / .npz faults (inputs for the mlp)
  const x = new Float32Array(40).map((_, i) => (i % 7) / 7);
  const y = new Int32Array(10).map((_, i) => i % 3);
  ensureDir(bad('npy'));
  const xNan = Float32Array.from(x);
  xNan[13] = NaN;
  writeFileSync(join(bad('npy'), 'x-nan.npy'), npyBytes(xNan, [10, 4]));
  writeFileSync(join(bad('npy'), 'x.npy'), npyBytes(x, [10, 4]));
  writeFileSync(join(bad('npy'), 'y.npy'), npyBytes(y, [10], { descr: '<i4' }));
  writeFileSync(join(bad('npy'), 'y-short.npy'), npyBytes(y.subarray(0, 7), [7], { descr: '<i4' }));
  writeFileSync(join(bad('npy'), 'y-fraction.npy'), npyBytes(Float32Array.from(y, (v, i) => (i === 4 ? 0.5 : v)), [10]));
  writeFileSync(join(bad('npy'), 'x-truncated.npy'), npyBytes(x, [10, 4]).subarray(0, 150));
  writeFileSync(join(bad('npy'), 'x-wrong-width.npy'), npyBytes(new Float32Array(50), [10, 5]));
  writeFileSync(join(bad('npy'), 'empty.npy'), '');
  writeFileSync(join(bad('npy'), 'no-labels.npz'), zipSync({ 'x.npy': npyBytes(x, [10, 4]) }));
  writeFileSync(join(bad('npy'), 'no-inputs.npz'), zipSync({ 'y.npy': npyBytes(y, [10], { descr: '<i4' }) }));
}

await main();
