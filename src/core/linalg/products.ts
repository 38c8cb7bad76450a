// Dense float64 matrix products over row-major Float64Array. These are the K×d and K×K products of
// the metrics and the LPM (K up to a few thousand); the N×d work runs in tfjs instead. Loops are
// blocked over four output columns so each row of A is read once per four rows of B. Measured (CPU
// time, 1000×512 by 512×1000, Node 20): naive dot loop 0.98–1.10 s, multiplyTransposed 0.55 s (same
// bits), gram 0.24–0.27 s (half the pairs), ml-matrix mmul 1.46–1.62 s, so ml-matrix is not used here.
// From WASM_MIN_WORK multiply-adds on, every product here runs as A·Bᵀ in WebAssembly SIMD
// (wasmProducts.ts; same float64 products, summed in another order); below it the loops keep their bits.
import { wasmMultiplyTransposed } from './wasmProducts';

/** n·m·p from which a product goes to the WebAssembly kernel (1000×512×1000 is 512·2²⁰). */
export const WASM_MIN_WORK = 2 ** 22;

/** C = A·B for row-major A (n×m) and B (m×p). */
export function multiply(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  if (n * m * p >= WASM_MIN_WORK) {
    const fast = wasmMultiplyTransposed(a, transpose(b, m, p), n, m, p);
    if (fast) return fast;
  }
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    const ci = i * p;
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      const bk = k * p;
      for (let j = 0; j < p; j++) c[ci + j] += aik * b[bk + j];
    }
  }
  return c;
}

/** Four dot products of row `ao` of A with rows bo..bo+3m of B, each of length m. */
function dot4(a: Float64Array, ao: number, b: Float64Array, bo: number, m: number, out: Float64Array, oo: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const b1 = bo + m;
  const b2 = b1 + m;
  const b3 = b2 + m;
  for (let k = 0; k < m; k++) {
    const x = a[ao + k];
    s0 += x * b[bo + k];
    s1 += x * b[b1 + k];
    s2 += x * b[b2 + k];
    s3 += x * b[b3 + k];
  }
  out[oo] = s0;
  out[oo + 1] = s1;
  out[oo + 2] = s2;
  out[oo + 3] = s3;
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, m: number): number {
  let s = 0;
  for (let k = 0; k < m; k++) s += a[ao + k] * b[bo + k];
  return s;
}

/**
 * C = A·Bᵀ for row-major A (n×m) and B (p×m): the Gram-type product of two sets of row vectors,
 * C[i][j] = a_i·b_j (each a plain left-to-right float64 sum over k).
 */
export function multiplyTransposed(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  if (n * m * p >= WASM_MIN_WORK) {
    const fast = wasmMultiplyTransposed(a, b, n, m, p);
    if (fast) return fast;
  }
  const c = new Float64Array(n * p);
  const tmp = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const ao = i * m;
    const co = i * p;
    let j = 0;
    for (; j + 3 < p; j += 4) {
      dot4(a, ao, b, j * m, m, tmp, 0);
      c[co + j] = tmp[0];
      c[co + j + 1] = tmp[1];
      c[co + j + 2] = tmp[2];
      c[co + j + 3] = tmp[3];
    }
    for (; j < p; j++) c[co + j] = dot(a, ao, b, j * m, m);
  }
  return c;
}

/** X·Xᵀ for row-major X (n×m), computed once per pair and mirrored (exactly symmetric). */
export function gram(x: Float64Array, n: number, m: number): Float64Array {
  if (n * n * m >= 2 * WASM_MIN_WORK) {
    const fast = wasmMultiplyTransposed(x, x, n, m, n);
    if (fast) return mirrorLower(fast, n);
  }
  const c = new Float64Array(n * n);
  const tmp = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    const ao = i * m;
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      dot4(x, ao, x, j * m, m, tmp, 0);
      c[i * n + j] = tmp[0];
      c[i * n + j + 1] = tmp[1];
      c[i * n + j + 2] = tmp[2];
      c[i * n + j + 3] = tmp[3];
    }
    for (; j <= i; j++) c[i * n + j] = dot(x, ao, x, j * m, m);
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) c[i * n + j] = c[j * n + i];
  return c;
}

/** Xᵀ·X for row-major X (n×m): the m×m Gram of the columns (a rank-one update per row). */
export function gramOfColumns(x: Float64Array, n: number, m: number): Float64Array {
  if (n * m * m >= 2 * WASM_MIN_WORK) {
    const t = transpose(x, n, m);
    const fast = wasmMultiplyTransposed(t, t, m, n, m);
    if (fast) return mirrorLower(fast, m);
  }
  const c = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    const o = i * m;
    for (let a = 0; a < m; a++) {
      const xa = x[o + a];
      if (xa === 0) continue;
      const ca = a * m;
      for (let b = 0; b <= a; b++) c[ca + b] += xa * x[o + b];
    }
  }
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) c[a * m + b] = c[b * m + a];
  return c;
}

/** Transpose of a row-major rows×cols matrix (cols×rows). */
export function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** The lower triangle of a square n×n matrix copied onto the upper one (exactly symmetric). */
function mirrorLower(c: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) c[i * n + j] = c[j * n + i];
  return c;
}
