// Pairwise squared Euclidean distances between rows, summed directly (Σ_j (x_ij − x_kj)², no Gram
// identity, so no cancellation): K²d/2 work, four rows at a time; from WASM_MIN_WORK on all K²d pairs in
// WebAssembly SIMD (wasmProducts.ts: the same terms, summed in another order).
import { WASM_MIN_WORK } from './products';
import { wasmSquaredDistances } from './wasmProducts';

/** D[i][k] = ‖x_i − x_k‖² for the rows of X (n×m, row-major); exactly symmetric, zero diagonal. */
export function squaredDistances(x: Float64Array, n: number, m: number): Float64Array {
  if (n * n * m >= 2 * WASM_MIN_WORK) {
    const fast = wasmSquaredDistances(x, x, n, m, n);
    if (fast) {
      for (let i = 0; i < n; i++) for (let k = i; k < n; k++) fast[i * n + k] = i === k ? 0 : fast[k * n + i];
      return fast;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * m;
    let k = 0;
    for (; k + 3 < i; k += 4) {
      const o0 = k * m;
      const o1 = o0 + m;
      const o2 = o1 + m;
      const o3 = o2 + m;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < m; j++) {
        const v = x[oi + j];
        s0 += (v - x[o0 + j]) ** 2;
        s1 += (v - x[o1 + j]) ** 2;
        s2 += (v - x[o2 + j]) ** 2;
        s3 += (v - x[o3 + j]) ** 2;
      }
      out[i * n + k] = s0;
      out[i * n + k + 1] = s1;
      out[i * n + k + 2] = s2;
      out[i * n + k + 3] = s3;
    }
    for (; k < i; k++) {
      let s = 0;
      const ok = k * m;
      for (let j = 0; j < m; j++) s += (x[oi + j] - x[ok + j]) ** 2;
      out[i * n + k] = s;
    }
  }
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) out[i * n + k] = out[k * n + i];
  return out;
}
