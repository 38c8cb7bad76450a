import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputBatch, InputSource } from '../src/core/data/inputs';
import { openClassifierModel } from '../src/core/model/classifierModel';
import { modelFeatureSource } from '../src/core/model/features';
import { findWasmDir } from '../src/engine/backend';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

const N = Number(process.env.BENCH_SAMPLES ?? 2048);
const BATCH = 256;

async function save(model: tf.LayersModel, dir: string) {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(dir, 'w.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)));
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

function randomInputs(shape: number[], rows: number): InputSource {
  const width = shape.reduce((a, b) => a * b, 1);
  let seed = 1;
  const values = Float32Array.from({ length: rows * width }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 10);
  return {
    name: 'random', format: 'npy', rows, sampleShape: shape, labelNames: null, warnings: [], labelCount: 10,
    async *batches(batchSize: number): AsyncIterable<InputBatch> {
      for (let s = 0; s < rows; s += batchSize) {
        const n = Math.min(batchSize, rows - s);
        yield { values: values.subarray(s * width, (s + n) * width), labels: labels.subarray(s, s + n), rows: n };
      }
    },
  };
}

const builders: Record<string, () => { model: tf.LayersModel; shape: number[] }> = {
  'MLP 784→512→256→10': () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ inputShape: [784], units: 512, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 256, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return { model: m, shape: [784] };
  },
  'CNN 28×28×1 conv16-pool-conv32-pool-dense128-10': () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tf.layers.flatten());
    m.add(tf.layers.dense({ units: 128, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return { model: m, shape: [28, 28, 1] };
  },
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'collapse-lens-bench-'));
  const wasmDir = findWasmDir();
  if (wasmDir) setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  const results: Record<string, Record<string, number>> = {};
  try {
    for (const backend of ['wasm', 'cpu']) {
      if (!(await tf.setBackend(backend))) { console.log(`${backend}: unavailable`); continue; }
      await tf.ready();
      for (const [name, build] of Object.entries(builders)) {
        const { model, shape } = build();
        const path = join(dir, `${backend}-${name.split(' ')[0]}`);
        await save(model, path);
        model.dispose();
        const cm = await openClassifierModel(tf, path);
        const rows = backend === 'cpu' ? Math.min(N, 512) : N;
        const times: number[] = [];
        for (let r = 0; r < 3; r++) {
          const source = modelFeatureSource(tf, cm, randomInputs(shape, rows), { batchSize: BATCH, cacheBytes: 0 });
          const t0 = performance.now();
          for await (const _ of source.batches()) { /* consume */ }
          times.push(performance.now() - t0);
          source.dispose();
        }
        cm.dispose();
        times.sort((a, b) => a - b);
        const rate = rows / (times[1] / 1000);
        (results[name] ??= {})[backend] = rate;
        console.log(`${backend.padEnd(5)} ${name.padEnd(48)} ${rows} samples, median ${times[1].toFixed(0)} ms → ${rate.toFixed(0)} samples/s`);
      }
    }
    for (const [name, r] of Object.entries(results)) {
      if (r.wasm && r.cpu) console.log(`ratio wasm/cpu  ${name.padEnd(48)} ${(r.wasm / r.cpu).toFixed(1)}×`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
void main();
