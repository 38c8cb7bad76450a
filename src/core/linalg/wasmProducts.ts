// C = A·Bᵀ and row-to-row squared distances in float64 WebAssembly SIMD (products.wat) for the large
// products of products.ts and distances.ts: two rows
// of A against four rows of B per block, two lanes of k at a time. Measured at 1000×512 by 1000×512
// (Node 20, one core): 0.50 s in plain JS (multiplyTransposed's loops), see bench/metrics.mjs for the
// whole run. The sums are the same float64 products added in another order (even and odd k apart), so
// results agree with the JS loops to rounding, not bit for bit; products.ts only routes large ones here.
import { PRODUCTS_WASM_BASE64 } from './productsWasm';

// Core compiles without the DOM lib, whose types declare WebAssembly; the little used is typed here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface ProductExports {
  memory: WasmMemory;
  dotRows(a: number, b: number, n: number, p: number, m: number, c: number): void;
  squaredDistanceRows(a: number, b: number, n: number, p: number, m: number, c: number): void;
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let instance: ProductExports | null | undefined;

function exportsOrNull(): ProductExports | null {
  if (instance === undefined) {
    try {
      const bytes = Buffer.from(PRODUCTS_WASM_BASE64, 'base64');
      instance = wasmApi ? (new wasmApi.Instance(new wasmApi.Module(bytes), {}).exports as ProductExports) : null;
    } catch {
      instance = null; // no WebAssembly SIMD here: the JavaScript loops run instead
    }
  }
  return instance;
}

/** Multiply-adds per kernel call (see rowPairs). */
const CALL_WORK = 2 ** 22;

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * C = A·Bᵀ (n×p) for row-major A (n×m) and B (p×m), or null when WebAssembly SIMD is unavailable or the
 * padded operands would not fit in 32-bit wasm memory.
 */
export function wasmMultiplyTransposed(a: Float64Array, b: Float64Array, n: number, m: number, p: number, out?: Float64Array): Float64Array | null {
  return rowPairs('dotRows', a, b, n, m, p, out);
}

/** C[i][j] = ‖a_i − b_j‖² (n×p), summed directly, or null as for wasmMultiplyTransposed. */
export function wasmSquaredDistances(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array | null {
  return rowPairs('squaredDistanceRows', a, b, n, m, p);
}

/** `out` (n·p entries at least), when given, receives C instead of a new array (no allocation per call). */
function rowPairs(kernel: 'dotRows' | 'squaredDistanceRows', a: Float64Array, b: Float64Array, n: number, m: number, p: number, out?: Float64Array): Float64Array | null {
  const wasm = exportsOrNull();
  if (!wasm) return null;
  const n2 = n + (n % 2);
  const p4 = Math.ceil(p / 4) * 4;
  const m2 = m + (m % 2);
  const sizeA = align(n2 * m2 * 8);
  const sizeB = align(p4 * m2 * 8);
  const sizeC = align(n2 * p4 * 8);
  const total = sizeA + sizeB + sizeC;
  if (total > 2 ** 31) return null;
  const memory = wasm.memory;
  if (total > memory.buffer.byteLength) memory.grow(Math.ceil((total - memory.buffer.byteLength) / 65536));
  const heap = memory.buffer;
  const wa = new Float64Array(heap, 0, n2 * m2);
  const wb = new Float64Array(heap, sizeA, p4 * m2);
  // Zero padding rows/columns contribute exact zeros to every sum.
  if (m2 === m) {
    wa.set(a.subarray(0, n * m));
    wb.set(b.subarray(0, p * m));
  } else {
    wa.fill(0);
    wb.fill(0);
    for (let i = 0; i < n; i++) wa.set(a.subarray(i * m, i * m + m), i * m2);
    for (let j = 0; j < p; j++) wb.set(b.subarray(j * m, j * m + m), j * m2);
  }
  wa.fill(0, n * m2);
  wb.fill(0, p * m2);
  // In row blocks of about CALL_WORK multiply-adds: V8 runs a wasm function's first calls in its baseline
  // compiler (Liftoff) and swaps in the optimised code only for later calls, so one long call would run
  // its whole length at the baseline's speed (a first 1000×2048×1000 product: 0.9 s, later ones 0.2 s).
  const block = Math.max(2, 2 * Math.floor(CALL_WORK / (2 * p4 * m2)));
  for (let i = 0; i < n2; i += block) {
    const rows = Math.min(block, n2 - i);
    wasm[kernel](i * m2 * 8, sizeA, rows, p4, m2, sizeA + sizeB + i * p4 * 8);
  }
  const wc = new Float64Array(heap, sizeA + sizeB, n2 * p4);
  const c = out ?? new Float64Array(n * p);
  if (p4 === p) c.set(wc.subarray(0, n * p));
  else for (let i = 0; i < n; i++) c.set(wc.subarray(i * p4, i * p4 + p), i * p);
  return c;
}
