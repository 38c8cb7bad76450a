// The full kernel's objective and gradient (fullObjective.ts) against definitions written out here:
// f = Σ_k c_k (logsumexp(Z_k) − Z_kk) with Z = s·Ĥ·Ŵᵀ, and central finite differences of f for ∇f.
// Sizes below and above WASM_FROM_WORK, so both the loops and the WebAssembly products are checked.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FullObjective, WASM_FROM_WORK } from '../../../../src/core/lpm/fullObjective';
import { normal, seeded } from '../metrics/helpers';

function reference(c: Float64Array, K: number, p: number, s: number, x: Float64Array): number {
  let f = 0;
  for (let k = 0; k < K; k++) {
    const z = Array.from({ length: K }, (_, j) => {
      let t = 0;
      for (let a = 0; a < p; a++) t += x[k * p + a] * x[K * p + j * p + a];
      return s * t;
    });
    const m = Math.max(...z);
    f += c[k] * (m + Math.log(z.reduce((acc, v) => acc + Math.exp(v - m), 0)) - z[k]);
  }
  return f;
}

describe('FullObjective', () => {
  for (const [K, p] of [[3, 2], [30, 7], [100, 57]]) {
    it(`K = ${K}, p = ${p} (${K * K * p < WASM_FROM_WORK ? 'loops' : 'WebAssembly'}): f equals the definition and ∇f its central differences`, () => {
      const rand = seeded(K * 1000 + p);
      const counts = Array.from({ length: K }, (_, k) => 1 + ((k * 37) % 11));
      const total = counts.reduce((a, b) => a + b, 0);
      const c = Float64Array.from(counts, (n) => n / total);
      const s = K * Math.sqrt(5);
      const x = Float64Array.from({ length: 2 * K * p }, () => 0.3 * normal(rand) / Math.sqrt(K * p));
      const objective = new FullObjective(c, K, p, s);
      const grad = new Float64Array(x.length);
      const f = objective.evaluate(x, grad);
      const ref = reference(c, K, p, s, x);
      assert.ok(Math.abs(f - ref) <= 1e-12 * Math.abs(ref), `f ${f} vs ${ref}`);
      const h = 1e-6;
      for (const i of [0, 1, K * p - 1, K * p, 2 * K * p - 1, Math.floor(K * p * 1.5)]) {
        const up = Float64Array.from(x);
        const down = Float64Array.from(x);
        up[i] += h;
        down[i] -= h;
        const fd = (reference(c, K, p, s, up) - reference(c, K, p, s, down)) / (2 * h);
        assert.ok(Math.abs(grad[i] - fd) <= 1e-6 * Math.max(1, Math.abs(fd)), `∂f/∂x[${i}] = ${grad[i]}, differences ${fd}`);
      }
    });
  }
});
