// The per-sample float64 loops of the two passes (theory.md §1.9), in two implementations that give
// bit-identical results:
//   JsKernels    plain loops over typed arrays, kept as small functions (V8 optimises them far better
//                than the same loops inside an async consumer: ≈1.4 vs ≈6 ns per element)
//   WasmKernels  the same arithmetic in WebAssembly SIMD (kernels.wat), ≈2.5× faster including the
//                copy of each batch into the module's memory; used whenever WebAssembly SIMD is there.
// Bit-identity holds because both add the same float64 numbers in the same order: each column keeps
// its own accumulator across rows (pass 1), and the row sums of squares use four interleaved
// accumulators combined as ((s0 + s2) + (s1 + s3)) + tail (pass 2).
import { KERNELS_WASM_BASE64 } from './kernelsWasm';

export interface Kernels {
  readonly name: 'wasm-simd' | 'javascript';
  /** Pass 1: counts[y] += 1 and sums[y] += h for every row (sums K×d row-major, float64). */
  classSums(x: Float32Array, labels: Int32Array, rows: number, d: number, sums: Float64Array, counts: Float64Array): void;
  /**
   * Pass 2: r = h − μ_y in float64, returned rounded to float32 (rows×d, valid until the next call),
   * with ‖r‖² per row into `rowSquares`, added per class into `withinSumSquares`, and rows per class.
   */
  classResiduals(x: Float32Array, labels: Int32Array, rows: number, d: number, means: Float64Array, rowSquares: Float64Array, withinSumSquares: Float64Array, counts: Float64Array): Float32Array;
}

export function accumulateClassSums(x: Float32Array, labels: Int32Array, rows: number, d: number, sums: Float64Array, counts: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    counts[y]++;
    const base = y * d;
    const o = i * d;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      sums[base + j] += x[o + j];
      sums[base + j + 1] += x[o + j + 1];
      sums[base + j + 2] += x[o + j + 2];
      sums[base + j + 3] += x[o + j + 3];
    }
    for (; j < d; j++) sums[base + j] += x[o + j];
  }
}

export function classResiduals(
  x: Float32Array,
  labels: Int32Array,
  rows: number,
  d: number,
  means: Float64Array,
  residual: Float32Array,
  rowSquares: Float64Array,
  withinSumSquares: Float64Array,
  counts: Float64Array,
): void {
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    const base = y * d;
    const o = i * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t = 0;
    let j = 0;
    for (; j + 3 < d; j += 4) {
      const e0 = x[o + j] - means[base + j];
      const e1 = x[o + j + 1] - means[base + j + 1];
      const e2 = x[o + j + 2] - means[base + j + 2];
      const e3 = x[o + j + 3] - means[base + j + 3];
      residual[o + j] = e0;
      residual[o + j + 1] = e1;
      residual[o + j + 2] = e2;
      residual[o + j + 3] = e3;
      s0 += e0 * e0;
      s1 += e1 * e1;
      s2 += e2 * e2;
      s3 += e3 * e3;
    }
    for (; j < d; j++) {
      const e = x[o + j] - means[base + j];
      residual[o + j] = e;
      t += e * e;
    }
    const s = s0 + s2 + (s1 + s3) + t;
    rowSquares[i] = s;
    withinSumSquares[y] += s;
    counts[y]++;
  }
}

/** G += q qᵀ (lower triangle) for the first `rank` columns of every row of `proj` (stride P). */
export function accumulateScatter(proj: Float32Array, rows: number, P: number, rank: number, scatter: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const o = i * P;
    for (let a = 0; a < rank; a++) {
      const qa = proj[o + a];
      if (qa === 0) continue;
      const row = a * rank;
      for (let b = 0; b <= a; b++) scatter[row + b] += qa * proj[o + b];
    }
  }
}

export class JsKernels implements Kernels {
  readonly name = 'javascript';
  private residual = new Float32Array(0);

  classSums(x: Float32Array, labels: Int32Array, rows: number, d: number, sums: Float64Array, counts: Float64Array): void {
    accumulateClassSums(x, labels, rows, d, sums, counts);
  }

  classResiduals(x: Float32Array, labels: Int32Array, rows: number, d: number, means: Float64Array, rowSquares: Float64Array, withinSumSquares: Float64Array, counts: Float64Array): Float32Array {
    if (this.residual.length < rows * d) this.residual = new Float32Array(rows * d);
    classResiduals(x, labels, rows, d, means, this.residual, rowSquares, withinSumSquares, counts);
    return this.residual.subarray(0, rows * d);
  }
}

// Core compiles without the DOM lib, whose types declare WebAssembly; the little used is typed here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface KernelExports {
  memory: WasmMemory;
  classSums(x: number, labels: number, rows: number, d: number, sums: number, counts: number): void;
  classResiduals(x: number, labels: number, rows: number, d: number, means: number, out: number, rowSq: number, wss: number, counts: number): void;
}

let compiled: WasmModule | null | undefined;

function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64')) : null;
    } catch {
      compiled = null; // no WebAssembly SIMD in this runtime: the JavaScript kernels run instead
    }
  }
  return compiled;
}

/** Byte regions of one call, 16-byte aligned, laid out from 0. */
function regions(sizes: number[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let at = 0;
  for (const size of sizes) {
    offsets.push(at);
    at += Math.ceil(size / 16) * 16;
  }
  return { offsets, total: at };
}

export class WasmKernels implements Kernels {
  readonly name = 'wasm-simd';
  private readonly exports: KernelExports;

  private constructor(module: WasmModule) {
    this.exports = new (wasmApi as WasmApi).Instance(module, {}).exports as unknown as KernelExports;
  }

  static create(): WasmKernels | null {
    const module = kernelModule();
    return module ? new WasmKernels(module) : null;
  }

  private reserve(bytes: number): ArrayBuffer {
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
    return memory.buffer;
  }

  classSums(x: Float32Array, labels: Int32Array, rows: number, d: number, sums: Float64Array, counts: Float64Array): void {
    const K = counts.length;
    const { offsets, total } = regions([rows * d * 4, rows * 4, K * d * 8, K * 8]);
    const [px, pl, ps, pc] = offsets;
    const heap = this.reserve(total);
    new Float32Array(heap, px, rows * d).set(x.subarray(0, rows * d));
    new Int32Array(heap, pl, rows).set(labels.subarray(0, rows));
    const s = new Float64Array(heap, ps, K * d);
    const c = new Float64Array(heap, pc, K);
    s.set(sums.subarray(0, K * d));
    c.set(counts);
    this.exports.classSums(px, pl, rows, d, ps, pc);
    sums.set(s);
    counts.set(c);
  }

  classResiduals(x: Float32Array, labels: Int32Array, rows: number, d: number, means: Float64Array, rowSquares: Float64Array, withinSumSquares: Float64Array, counts: Float64Array): Float32Array {
    const K = counts.length;
    const { offsets, total } = regions([rows * d * 4, rows * 4, K * d * 8, rows * d * 4, rows * 8, K * 8, K * 8]);
    const [px, pl, pm, po, pr, pw, pc] = offsets;
    const heap = this.reserve(total);
    new Float32Array(heap, px, rows * d).set(x.subarray(0, rows * d));
    new Int32Array(heap, pl, rows).set(labels.subarray(0, rows));
    new Float64Array(heap, pm, K * d).set(means.subarray(0, K * d));
    const w = new Float64Array(heap, pw, K);
    const c = new Float64Array(heap, pc, K);
    w.set(withinSumSquares);
    c.set(counts);
    this.exports.classResiduals(px, pl, rows, d, pm, po, pr, pw, pc);
    rowSquares.set(new Float64Array(heap, pr, rows));
    withinSumSquares.set(w);
    counts.set(c);
    return new Float32Array(heap, po, rows * d);
  }
}

/** WebAssembly SIMD kernels when the runtime has them, else the JavaScript ones. */
export function createKernels(prefer: 'auto' | 'javascript' = 'auto'): Kernels {
  return (prefer === 'auto' ? WasmKernels.create() : null) ?? new JsKernels();
}
