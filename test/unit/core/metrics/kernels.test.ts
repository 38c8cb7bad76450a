// The WebAssembly SIMD kernels compute bit for bit what the JavaScript kernels compute, and the
// embedded binary is the one kernels.wat compiles to.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { JsKernels, WasmKernels } from '../../../../src/core/metrics/kernels';
import { computeMetrics } from '../../../../src/core/metrics/compute';
import type { Tf } from '../../../../src/core/tf';
import { ArraySource, cpuTf, normal, randomDataset, seeded } from './helpers';

let tf: Tf;
before(async () => {
  tf = await cpuTf();
});

describe('float64 kernels', () => {
  const wasm = WasmKernels.create();

  it('WebAssembly SIMD is available in this Node', () => {
    assert.ok(wasm, 'WasmKernels.create() returned null');
  });

  for (const d of [1, 3, 4, 7, 64, 513]) {
    it(`classSums and classResiduals agree bit for bit with the JavaScript loops (d = ${d})`, () => {
      const rand = seeded(d);
      const K = 5;
      const rows = 37;
      const x = Float32Array.from({ length: rows * d }, () => 100 * normal(rand));
      const labels = Int32Array.from({ length: rows }, () => Math.floor(rand() * K));
      const js = new JsKernels();
      const start = Float64Array.from({ length: K * d }, () => normal(rand));
      const sumsJs = new Float64Array(start);
      const sumsWasm = new Float64Array(start);
      const countsJs = new Float64Array(K).fill(2);
      const countsWasm = new Float64Array(K).fill(2);
      js.classSums(x, labels, rows, d, sumsJs, countsJs);
      wasm!.classSums(x, labels, rows, d, sumsWasm, countsWasm);
      assert.deepEqual(sumsWasm, sumsJs);
      assert.deepEqual(countsWasm, countsJs);

      const means = Float64Array.from({ length: K * d }, () => 100 * normal(rand) + 1e-9 * rand());
      const out = [new Float64Array(rows), new Float64Array(rows)];
      const wss = [new Float64Array(K).fill(1), new Float64Array(K).fill(1)];
      const counts = [new Float64Array(K), new Float64Array(K)];
      const rJs = js.classResiduals(x, labels, rows, d, means, out[0], wss[0], counts[0]);
      const rWasm = wasm!.classResiduals(x, labels, rows, d, means, out[1], wss[1], counts[1]);
      assert.deepEqual(rWasm, rJs);
      assert.deepEqual(out[1], out[0]);
      assert.deepEqual(wss[1], wss[0]);
      assert.deepEqual(counts[1], counts[0]);
      // And the residual is what it says: float32(h − μ_y).
      for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) assert.equal(rJs[i * d + j], Math.fround(x[i * d + j] - means[labels[i] * d + j]));
    });
  }

  it('computeMetrics gives identical results with either kernel set', async () => {
    const ds = randomDataset(8, [30, 20, 10], 9, 1);
    const options = { weights: ds.weights, bias: ds.bias };
    const a = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim, 11), { ...options, kernels: 'javascript' });
    const b = await computeMetrics(tf, new ArraySource(ds.features, ds.labels, ds.dim, 11), options);
    assert.deepEqual(b, a);
  });

  it('kernelsWasm.ts is the compiled kernels.wat', () => {
    const r = spawnSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
