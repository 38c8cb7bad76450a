// The LPM objective in factor space (Burer–Monteiro form of the SDP, theory.md §2.6), float64.
//   x = (Ĥ, Ŵ): two K×p row-major blocks; Z = s·Ĥ·Ŵᵀ; f = Σ_k c_k (logsumexp(Z_k) − Z_kk)
//   G = diag(c)(softmax_rows(Z) − I) = ∂f/∂Z;  ∇_Ĥ f = s·G·Ŵ,  ∇_Ŵ f = s·Gᵀ·Ĥ
// Used by the float64 kernel for every iteration and by the tfjs kernel for its float64 certificate.
import type { CertificateData } from './kernel';
import { dualCertificate } from './dual';
import { FACTORED_CERTIFICATE_FROM, factoredCertificate } from './dualFactored';
import { wasmMultiplyTransposed } from '../linalg/wasmProducts';

/**
 * K²·p multiply-adds per product from which the WebAssembly products run instead of these loops. Measured per
 * evaluation with gradient (Node 20, one core): K=10 p=20 (2000) 6.9 µs both; K=20 p=40 47 vs 20 µs; K=30 p=60
 * 155 vs 46 µs; K=100 p=57 1642 vs 393 µs; K=100 p=200 6.9 vs 1.2 ms; below 2000 the loops win (K=5 p=10: 1.2 vs 5.1 µs).
 */
export const WASM_FROM_WORK = 4096;

export class FullObjective {
  readonly half: number;
  private readonly z: Float64Array;
  private readonly g: Float64Array;

  constructor(
    readonly c: Float64Array,
    readonly classes: number,
    readonly rank: number,
    /** s = K·sqrt(E_H·E_W). */
    readonly scale: number,
  ) {
    this.half = classes * rank;
    this.z = new Float64Array(classes * classes);
    this.g = new Float64Array(classes * classes);
  }

  /** f(x); when `grad` is given, writes ∇f(x) into it and leaves G and Z in the scratch buffers. */
  evaluate(x: Float64Array, grad?: Float64Array): number {
    const { classes: K, rank: p, scale: s, half, z, g, c } = this;
    const fast = K * K * p >= WASM_FROM_WORK ? wasmMultiplyTransposed(x.subarray(0, half), x.subarray(half, 2 * half), K, p, K, z) : null;
    if (fast) for (let i = 0; i < K * K; i++) z[i] *= s;
    else logits(x, 0, half, K, p, s, z);
    let f = 0;
    for (let k = 0; k < K; k++) {
      const row = k * K;
      let m = z[row];
      for (let j = 1; j < K; j++) if (z[row + j] > m) m = z[row + j];
      let sum = 0;
      let others = 0;
      for (let j = 0; j < K; j++) {
        const e = Math.exp(z[row + j] - m);
        g[row + j] = e;
        sum += e;
        if (j !== k) others += e;
      }
      // L_k = lse(Z_k) − Z_kk. When the own logit is the largest this is log1p(Σ_{j≠k} e^{Z_kj − Z_kk}),
      // which keeps full relative precision for tiny losses (large budgets).
      const own = z[row + k];
      f += c[k] * (own === m ? Math.log1p(others) : m - own + Math.log(sum));
      if (grad) {
        const ck = c[k] / sum;
        for (let j = 0; j < K; j++) g[row + j] *= ck;
        // G_kk = c_k (p_kk − 1) = −c_k Σ_{j≠k} p_kj: the difference form loses all relative precision
        // when the loss is tiny (p_kk ≈ 1), which left large-budget problems unsolved.
        g[row + k] = -ck * others;
      }
    }
    if (grad && K * K * p >= WASM_FROM_WORK && this.gradientByWasm(x, grad)) return f;
    if (grad) {
      // ∇_Ĥ = s·G·Ŵ (rows of Ĥ) and ∇_Ŵ = s·Gᵀ·Ĥ, each as a sum of scaled rows, two rows per pass.
      grad.fill(0);
      for (let k = 0; k < K; k++) {
        const out = k * p;
        let j = 0;
        for (; j + 1 < K; j += 2) {
          const g0 = s * g[k * K + j];
          const g1 = s * g[k * K + j + 1];
          const w0 = half + j * p;
          const w1 = w0 + p;
          for (let t = 0; t < p; t++) grad[out + t] += g0 * x[w0 + t] + g1 * x[w1 + t];
        }
        if (j < K) {
          const g0 = s * g[k * K + j];
          const w0 = half + j * p;
          for (let t = 0; t < p; t++) grad[out + t] += g0 * x[w0 + t];
        }
      }
      for (let j = 0; j < K; j++) {
        const out = half + j * p;
        let k = 0;
        for (; k + 1 < K; k += 2) {
          const g0 = s * g[k * K + j];
          const g1 = s * g[(k + 1) * K + j];
          const h0 = k * p;
          const h1 = h0 + p;
          for (let t = 0; t < p; t++) grad[out + t] += g0 * x[h0 + t] + g1 * x[h1 + t];
        }
        if (k < K) {
          const g0 = s * g[k * K + j];
          const h0 = k * p;
          for (let t = 0; t < p; t++) grad[out + t] += g0 * x[h0 + t];
        }
      }
    }
    return f;
  }

  /**
   * ∇_Ĥ = s·G·Ŵ and ∇_Ŵ = s·Gᵀ·Ĥ as A·Bᵀ products in WebAssembly SIMD (linalg/wasmProducts.ts: the same
   * float64 products summed in another order), with Ŵᵀ, Ĥᵀ and Gᵀ written out here; false when WebAssembly is
   * unavailable (the loops below run instead). At K = 100, p = 57 this halves the time per evaluation.
   */
  private gradientByWasm(x: Float64Array, grad: Float64Array): boolean {
    const { classes: K, rank: p, scale: s, half, g } = this;
    const wt = this.scratch(0, p * K);
    const ht = this.scratch(1, p * K);
    const gt = this.scratch(2, K * K);
    for (let k = 0; k < K; k++) {
      for (let t = 0; t < p; t++) {
        ht[t * K + k] = x[k * p + t];
        wt[t * K + k] = x[half + k * p + t];
      }
      for (let j = 0; j < K; j++) gt[j * K + k] = g[k * K + j];
    }
    const gh = wasmMultiplyTransposed(g, wt, K, K, p, grad.subarray(0, half));
    const gw = gh && wasmMultiplyTransposed(gt, ht, K, K, p, grad.subarray(half, 2 * half));
    if (!gh || !gw) return false;
    for (let i = 0; i < 2 * half; i++) grad[i] *= s;
    return true;
  }

  private readonly buffers: Float64Array[] = [];

  private scratch(i: number, length: number): Float64Array {
    if (!this.buffers[i] || this.buffers[i].length < length) this.buffers[i] = new Float64Array(length);
    return this.buffers[i];
  }

  certify(x: Float64Array): CertificateData {
    const { classes: K, half, scale: s } = this;
    const grad = new Float64Array(2 * half);
    this.evaluate(x, grad);
    const dual = K >= FACTORED_CERTIFICATE_FROM ? factoredCertificate(this.c, this.z, x, K, this.rank, s) : dualCertificate(this.c, this.z, K, s);
    const moved = new Float64Array(2 * half);
    for (let i = 0; i < moved.length; i++) moved[i] = x[i] - grad[i];
    projectBalls(moved, half);
    let mapping = 0;
    for (let i = 0; i < moved.length; i++) mapping += (moved[i] - x[i]) ** 2;
    return {
      value: dual.value,
      gap: dual.gap,
      frankWolfeGap: dual.frankWolfeGap,
      gradientMapping: Math.sqrt(mapping),
      budgetH: sumSquares(x, 0, half),
      budgetW: sumSquares(x, half, 2 * half),
    };
  }
}

/** z = s·Ĥ·Ŵᵀ for the K×p blocks of x at offsets hOff and wOff; four dot products share each row load. */
export function logits(x: Float64Array, hOff: number, wOff: number, K: number, p: number, s: number, z: Float64Array): void {
  for (let k = 0; k < K; k++) {
    const h = hOff + k * p;
    let j = 0;
    for (; j + 3 < K; j += 4) {
      const w0 = wOff + j * p;
      const w1 = w0 + p;
      const w2 = w1 + p;
      const w3 = w2 + p;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let t = 0; t < p; t++) {
        const ht = x[h + t];
        a0 += ht * x[w0 + t];
        a1 += ht * x[w1 + t];
        a2 += ht * x[w2 + t];
        a3 += ht * x[w3 + t];
      }
      z[k * K + j] = s * a0;
      z[k * K + j + 1] = s * a1;
      z[k * K + j + 2] = s * a2;
      z[k * K + j + 3] = s * a3;
    }
    for (; j < K; j++) {
      const w0 = wOff + j * p;
      let a0 = 0;
      for (let t = 0; t < p; t++) a0 += x[h + t] * x[w0 + t];
      z[k * K + j] = s * a0;
    }
  }
}

/**
 * From this K²·p the result matrices below are WebAssembly products (K = 1000, p = 2000: three 2·10⁹ multiply-add
 * loops took ~4 s). Below it the loops keep the bits of every smaller result (the golden report files).
 */
export const RESULT_WASM_FROM_WORK = 2 ** 26;

/** scale·A·Bᵀ for the K×p row blocks of x at offsets aOff and bOff (Gram matrices and logits of a point). */
export function multiplyTransposedInto(x: Float64Array, aOff: number, bOff: number, K: number, p: number, scale: number): Float64Array {
  const fast = K * K * p >= RESULT_WASM_FROM_WORK ? wasmMultiplyTransposed(x.subarray(aOff, aOff + K * p), x.subarray(bOff, bOff + K * p), K, p, K) : null;
  if (fast) {
    for (let i = 0; i < fast.length; i++) fast[i] *= scale;
    return fast;
  }
  const out = new Float64Array(K * K);
  logits(x, aOff, bOff, K, p, scale, out);
  return out;
}

export function sumSquares(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return s;
}

/** Projects each half of x onto the unit Frobenius ball (rescale when outside), in place. */
export function projectBalls(x: Float64Array, half: number, secondOnly = false): void {
  for (const from of secondOnly ? [half] : [0, half]) {
    const n = sumSquares(x, from, from + half);
    if (n > 1) {
      const scale = 1 / Math.sqrt(n);
      for (let i = from; i < from + half; i++) x[i] *= scale;
    }
  }
}
