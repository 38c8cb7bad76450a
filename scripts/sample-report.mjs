#!/usr/bin/env node
// Quick, independent check of the bundled samples (media/samples): loads each saved LayersModel from disk
// with a custom IOHandler (no tfjs-node; platform-notes.md §2), extracts the penultimate features on the
// training subset, and computes in plain float64 JS the numbers quoted in media/samples/README.md.
// It is deliberately small and separate from the project's metrics engine (src/core), so the two can be
// compared. Conventions (theory.md): W = classifier kernel transposed (K×d, bias excluded from cosines and
// norms); μ_G = mean of class means μ_G^u (§1.8) for NC1/NC2/NC3; std with ddof 0; NC3 squared; NC4 with bias.
//
// Run: `node scripts/sample-report.mjs [--dir media/samples] [--markdown]`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { Matrix, SVD } = require('ml-matrix');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const K_A = 5; // majority classes are labels 0..4 (theory.md §0)

function fail(msg) {
  console.error(`sample-report: ${msg}`);
  process.exit(2);
}

// ---- I/O --------------------------------------------------------------------------------------------------
/** Minimal NPY v1/v2 reader for the sample files: little-endian u1/i4/f4, C order. */
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') fail(`${file}: not an .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString('latin1', start, start + headerLen);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1].split(',').filter((s) => s.trim()).map(Number);
  if (/'fortran_order':\s*True/.test(header)) fail(`${file}: Fortran order not supported here`);
  const Ctor = { '|u1': Uint8Array, '<i4': Int32Array, '<f4': Float32Array }[descr];
  if (!Ctor || !shape) fail(`${file}: unsupported header ${header.trim()}`);
  const data = buf.subarray(start + headerLen);
  const copy = new ArrayBuffer(data.byteLength); // a Buffer may view a shared pool: copy to an aligned buffer
  new Uint8Array(copy).set(data);
  return { data: new Ctor(copy), shape };
}

/** IOHandler reading model.json and its shards with fs (tfjs has no file:// handler without tfjs-node). */
function fileHandler(modelJsonPath) {
  const dir = path.dirname(modelJsonPath);
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = [];
        const buffers = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const b = fs.readFileSync(path.join(dir, p));
            buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
          }
        }
        return [specs, buffers];
      });
    },
  };
}

/** Penultimate features (N×d, float32), classifier W (K×d, float64 rows), bias, and the model's own argmax. */
async function extract(modelJson, images) {
  const model = await tf.loadLayersModel(fileHandler(modelJson));
  const last = model.layers[model.layers.length - 1];
  const [kernel, bias] = last.getWeights();
  const [d, K] = kernel.shape;
  const kData = kernel.dataSync();
  const W = Array.from({ length: K }, (_, k) => Float64Array.from({ length: d }, (_, j) => kData[j * K + k]));
  const b = Float64Array.from(bias.dataSync());
  const featureModel = tf.model({ inputs: model.inputs, outputs: model.layers[model.layers.length - 2].output });
  const inputShape = model.inputs[0].shape.slice(1);
  const n = images.shape[0];
  const H = new Float32Array(n * d);
  const predicted = new Int32Array(n);
  const batch = 1000;
  for (let s = 0; s < n; s += batch) {
    const e = Math.min(n, s + batch);
    const per = images.data.length / n;
    const [h, p] = tf.tidy(() => {
      const x = tf.div(tf.tensor(Float32Array.from(images.data.subarray(s * per, e * per)), [e - s, ...inputShape]), 255);
      return [featureModel.predict(x).dataSync(), tf.argMax(model.predict(x), 1).dataSync()];
    });
    H.set(h, s * d);
    predicted.set(p, s);
  }
  model.dispose();
  return { H, W, b, d, K, predicted, epoch: JSON.parse(fs.readFileSync(modelJson, 'utf8')).userDefinedMetadata?.collapseLens?.epoch };
}

// ---- float64 helpers --------------------------------------------------------------------------------------
const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
const norm = (a) => Math.sqrt(dot(a, a));
const mean = (xs) => xs.reduce((s, v) => s + v, 0) / xs.length;
const cv = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2))) / mean(xs); // ddof 0
const cos = (a, b) => dot(a, b) / (norm(a) * norm(b));
function pairMean(vs, idx, f) {
  const vals = [];
  for (const i of idx) for (const j of idx) if (i !== j) vals.push(f(vs[i], vs[j]));
  return mean(vals);
}

/** Class means, counts, logits-argmax (with bias) and NCC decisions of features H. */
function classStats(H, labels, d, K) {
  const n = labels.length;
  const counts = new Array(K).fill(0);
  const M = Array.from({ length: K }, () => new Float64Array(d));
  for (let i = 0; i < n; i++) {
    counts[labels[i]]++;
    for (let j = 0; j < d; j++) M[labels[i]][j] += H[i * d + j];
  }
  M.forEach((m, k) => m.forEach((_, j) => (m[j] /= counts[k])));
  return { counts, M };
}

function accuracy(pred, labels) {
  const r = { all: [0, 0], maj: [0, 0], min: [0, 0] };
  labels.forEach((y, i) => {
    const ok = pred[i] === y ? 1 : 0;
    const g = y < K_A ? r.maj : r.min;
    r.all[0] += ok;
    r.all[1]++;
    g[0] += ok;
    g[1]++;
  });
  return { all: r.all[0] / r.all[1], majority: r.maj[0] / r.maj[1], minority: r.min[1] ? r.min[0] / r.min[1] : null };
}

function argmax(v) {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
  return best;
}

/** Linear decision (with bias) and nearest-class-centre decision for each row; ties → lowest label. */
function decisions(H, d, W, b, M) {
  const n = H.length / d;
  const lin = new Int32Array(n);
  const ncc = new Int32Array(n);
  const h = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) h[j] = H[i * d + j];
    lin[i] = argmax(W.map((w, k) => dot(w, h) + b[k]));
    ncc[i] = argmax(M.map((m) => -m.reduce((s, v, j) => s + (h[j] - v) ** 2, 0)));
  }
  return { lin, ncc };
}

/** All numbers of one model on its training subset (and test set). */
function analyse(train, test, trainLabels, testLabels) {
  const { H, W, b, d, K } = train;
  const { counts, M } = classStats(H, trainLabels, d, K);
  const min = [...Array(K).keys()].filter((k) => k >= K_A);
  const maj = [...Array(K).keys()].filter((k) => k < K_A);
  const wNorm = W.map(norm);
  // LPM budgets actually used by the model (theory.md §2.1): E_W = mean_k ‖w_k‖², E_H = mean_k (1/n_k) Σ ‖h_i‖².
  const EW = mean(W.map((w) => dot(w, w)));
  const hSq = new Array(K).fill(0);
  for (let i = 0; i < trainLabels.length; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += H[i * d + j] ** 2;
    hSq[trainLabels[i]] += s;
  }
  const EH = mean(hSq.map((s, k) => s / counts[k]));

  // NC1 = Tr(Σ_W Σ_B^+)/K (theory.md §1.2), Σ_W pooled /N, Σ_B /K around μ_G^u; Σ_B^+ from an SVD truncated
  // to rank ≤ K−1 (singular values ≤ 1e-10·s_max dropped), which avoids the float noise of a default pinv.
  const N = trainLabels.length;
  const muG = new Float64Array(d).map((_, j) => mean(M.map((m) => m[j])));
  const Mc = M.map((m) => m.map((v, j) => v - muG[j]));
  const SW = Matrix.zeros(d, d);
  const diff = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    const m = M[trainLabels[i]];
    for (let j = 0; j < d; j++) diff[j] = H[i * d + j] - m[j];
    for (let a = 0; a < d; a++) for (let c = a; c < d; c++) SW.data[a][c] += diff[a] * diff[c];
  }
  for (let a = 0; a < d; a++) for (let c = a; c < d; c++) SW.data[c][a] = SW.data[a][c] /= N;
  const SB = Matrix.zeros(d, d);
  for (const m of Mc) for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) SB.data[a][c] += (m[a] * m[c]) / K;
  const svd = new SVD(SB, { autoTranspose: true });
  const s = svd.diagonal;
  const U = svd.leftSingularVectors;
  let nc1 = 0;
  for (let r = 0; r < Math.min(K - 1, s.length); r++) {
    if (s[r] <= 1e-10 * s[0]) continue;
    const u = U.getColumn(r);
    // Tr(Σ_W u uᵀ)/s_r = uᵀ Σ_W u / s_r
    nc1 += SW.mmul(Matrix.columnVector(u)).getColumn(0).reduce((acc, v, j) => acc + v * u[j], 0) / s[r];
  }
  nc1 /= K;

  // NC3 = ‖W/‖W‖_F − Mc/‖Mc‖_F‖_F² (theory.md §1.4).
  const fro = (X) => Math.sqrt(X.reduce((acc, r) => acc + dot(r, r), 0));
  const [fW, fM] = [fro(W), fro(Mc)];
  const nc3 = W.reduce((acc, w, k) => acc + w.reduce((a2, v, j) => a2 + (v / fW - Mc[k][j] / fM) ** 2, 0), 0);

  const trainDec = decisions(H, d, W, b, M);
  const testDec = decisions(test.H, d, W, b, M);
  const mismatch = (dec) => dec.lin.reduce((acc, v, i) => acc + (v !== dec.ncc[i] ? 1 : 0), 0) / dec.lin.length;
  const sameAsModel = trainDec.lin.every((v, i) => v === train.predicted[i]) && testDec.lin.every((v, i) => v === test.predicted[i]);

  return {
    trainAcc: accuracy(trainDec.lin, trainLabels).all,
    testAcc: accuracy(testDec.lin, testLabels),
    cosMinority: pairMean(W, min, cos),
    cosMajority: pairMean(W, maj, cos),
    cosCross: mean(maj.flatMap((i) => min.map((j) => cos(W[i], W[j])))),
    normRatio: mean(maj.map((k) => wNorm[k])) / mean(min.map((k) => wNorm[k])),
    wNormSqMajority: mean(maj.map((k) => wNorm[k] ** 2)),
    wNormSqMinority: mean(min.map((k) => wNorm[k] ** 2)),
    EW,
    EH,
    nc1,
    nc2: {
      cvNormW: cv(wNorm),
      cvNormM: cv(Mc.map(norm)),
      maxAngleW: pairMean(W, [...Array(K).keys()], (a, c) => Math.abs(cos(a, c) + 1 / (K - 1))),
      maxAngleM: pairMean(Mc, [...Array(K).keys()], (a, c) => Math.abs(cos(a, c) + 1 / (K - 1))),
    },
    nc3,
    nc4: { train: mismatch(trainDec), test: mismatch(testDec) },
    biasNorm: norm(b),
    linearAgreesWithPredict: sameAsModel,
  };
}

// ---- main -------------------------------------------------------------------------------------------------
async function main() {
  const args = process.argv.slice(2);
  const dirArg = args.indexOf('--dir');
  const dir = dirArg >= 0 ? path.resolve(args[dirArg + 1] ?? fail('--dir needs a value')) : path.join(ROOT, 'media', 'samples');
  const markdown = args.includes('--markdown');
  wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), path.sep));
  if (!(await tf.setBackend('wasm'))) fail('the wasm backend failed to initialise');
  await tf.ready();

  const testImages = readNpy(path.join(dir, 'data', 'test-images.npy'));
  const testLabels = readNpy(path.join(dir, 'data', 'test-labels.npy')).data;
  const ratios = fs
    .readdirSync(dir)
    .map((n) => /^fashion-r(\d+)$/.exec(n)?.[1])
    .filter(Boolean)
    .map(Number)
    .sort((a, c) => a - c);
  if (!ratios.length) fail(`${dir}: no fashion-r*/ model folders`);

  const rows = [];
  const trajectory = [];
  for (const R of ratios) {
    const images = readNpy(path.join(dir, 'data', `train-r${R}-images.npy`));
    const labels = readNpy(path.join(dir, 'data', `train-r${R}-labels.npy`)).data;
    const modelDirs = [path.join(dir, `fashion-r${R}`)];
    const ckDir = path.join(dir, `fashion-r${R}`, 'checkpoints');
    if (fs.existsSync(ckDir)) modelDirs.push(...fs.readdirSync(ckDir).sort().map((c) => path.join(ckDir, c)));
    for (const [i, mdir] of modelDirs.entries()) {
      const train = await extract(path.join(mdir, 'model.json'), images);
      const test = await extract(path.join(mdir, 'model.json'), testImages);
      const a = analyse(train, test, labels, testLabels);
      if (i === 0) rows.push({ R, n: labels.length, epoch: train.epoch, ...a });
      else trajectory.push({ R, epoch: train.epoch, ...a });
    }
  }

  const f = (x, p = 3) => (x === null ? '–' : x.toFixed(p));
  const sgn = (x) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(3);
  if (markdown) {
    console.log('| R | train acc | test acc all / maj / min | minority cos | majority cos | ‖w‖ maj/min | E_W | E_H | E_H·E_W | NC1 | NC3 | NC4 train / test |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(
        `| ${r.R} | ${f(r.trainAcc)} | ${f(r.testAcc.all)} / ${f(r.testAcc.majority)} / ${f(r.testAcc.minority)} | ${sgn(r.cosMinority)} | ${sgn(r.cosMajority)} | ${f(r.normRatio, 2)} | ${f(r.EW, 3)} | ${f(r.EH, 2)} | ${f(r.EW * r.EH, 2)} | ${f(r.nc1, 3)} | ${f(r.nc3, 3)} | ${f(r.nc4.train, 3)} / ${f(r.nc4.test, 3)} |`,
      );
    }
    if (trajectory.length) {
      console.log('\n| R | epoch | train acc | test acc all / min | minority cos | ‖w‖ maj/min | NC1 | NC3 | NC4 train |');
      console.log('|---|---|---|---|---|---|---|---|---|');
      for (const t of trajectory) {
        console.log(
          `| ${t.R} | ${t.epoch} | ${f(t.trainAcc)} | ${f(t.testAcc.all)} / ${f(t.testAcc.minority)} | ${sgn(t.cosMinority)} | ${f(t.normRatio, 2)} | ${f(t.nc1, 3)} | ${f(t.nc3, 3)} | ${f(t.nc4.train, 3)} |`,
        );
      }
    }
  } else {
    console.log(JSON.stringify({ models: rows, trajectory }, null, 1));
  }
  if (![...rows, ...trajectory].every((r) => r.linearAgreesWithPredict)) fail('softmax(HWᵀ+b) argmax disagrees with model.predict somewhere');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
