// Extraction on a real conv net (nsfwjs 4.4.0 mobilenet_v2, 224×224×3, the pinned devDependency)
// against a bare model.predict loop on the same backend, same inputs, same batch size, in the same
// run: the overhead of Collapse Lens's extraction (features + output tap, verification, copies) over
// what the model costs anyway. Median of 3 passes per batch size; the wasm build in use is stated.
//
//   node bench/extraction.mjs --real     (BENCH_SAMPLES=N, default 48; BENCH_BATCHES=8,16,32)
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import type { InputBatch, InputSource } from '../src/core/data/inputs';
import { openClassifierModel } from '../src/core/model/classifierModel';
import { modelFeatureSource } from '../src/core/model/features';
import { loadModel } from '../src/core/model/load';
import { findWasmDir } from '../src/engine/backend';
import { nsfwjsModel } from '../test/unit/core/model/nsfwjs';

const N = Number(process.env.BENCH_SAMPLES ?? 48);
const BATCHES = (process.env.BENCH_BATCHES ?? '8,16,32').split(',').map(Number);
const SHAPE = [224, 224, 3];
const WIDTH = SHAPE.reduce((a, b) => a * b, 1);

let seed = 1;
const values = Float32Array.from({ length: N * WIDTH }, () => (seed = (seed * 16807) % 2147483647) / 2147483647);
const labels = Int32Array.from({ length: N }, (_, i) => i % 5);

function inputs(): InputSource {
  return {
    name: 'random', format: 'npy', rows: N, sampleShape: SHAPE, labelNames: null, warnings: [], labelCount: 5,
    async *batches(batchSize: number): AsyncIterable<InputBatch> {
      for (let s = 0; s < N; s += batchSize) {
        const n = Math.min(batchSize, N - s);
        yield { values: values.subarray(s * WIDTH, (s + n) * WIDTH), labels: labels.subarray(s, s + n), rows: n };
      }
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = nsfwjsModel('mobilenet_v2', process.cwd());
  const wasmDir = findWasmDir();
  if (wasmDir) setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend unavailable');
  await tf.ready();
  const env = tf.env();
  console.log(`backend wasm: SIMD ${env.getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, multithread support ${env.getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'yes' : 'no'}; nsfwjs mobilenet_v2 ${SHAPE.join('×')}, ${N} samples`);

  const cm = await openClassifierModel(tf, dir);
  const bare = (await loadModel(tf, join(dir, 'model.json'))).model as tf.LayersModel;
  for (const batch of BATCHES) {
    const ext: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < 3; r++) {
      // Bare: the model's own predict on the same batches, output read back to JS.
      let t0 = performance.now();
      for await (const b of inputs().batches(batch)) {
        const x = tf.tensor(b.values, [b.rows, ...SHAPE]);
        const y = bare.predict(x) as tf.Tensor;
        await y.data();
        tf.dispose([x, y]);
      }
      raw.push(performance.now() - t0);
      const source = modelFeatureSource(tf, cm, inputs(), { batchSize: batch, cacheBytes: 0 });
      t0 = performance.now();
      for await (const _ of source.batches()) { /* consume */ }
      ext.push(performance.now() - t0);
      source.dispose();
    }
    const [e, p] = [median(ext), median(raw)];
    console.log(
      `batch ${String(batch).padStart(3)}  extraction ${(N / (e / 1000)).toFixed(1)} samples/s (median ${e.toFixed(0)} ms)  bare predict ${(N / (p / 1000)).toFixed(1)} samples/s (median ${p.toFixed(0)} ms)  overhead ${((e / p - 1) * 100).toFixed(1)} %`,
    );
  }
  cm.dispose();
  bare.dispose();
}
void main();
