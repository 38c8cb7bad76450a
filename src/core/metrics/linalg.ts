// Small dense float64 linear algebra for the K×K and d×K problems of the metrics. The heavy N×d work
// runs in tfjs; everything here is at most d×K and must keep float64 precision (theory.md §1.2).
import { Matrix, SVD } from 'ml-matrix';

export interface ThinSvd {
  /** rows × r, column j is the j-th left singular vector (row-major storage). */
  u: Float64Array;
  /** Singular values, largest first; r = min(rows, cols). */
  s: number[];
  /** cols × r, column j is the j-th right singular vector (row-major storage). */
  v: Float64Array;
  rows: number;
  cols: number;
}

/** Thin SVD A = U diag(s) Vᵀ of a row-major rows×cols matrix, singular values in decreasing order. */
export function thinSvd(a: Float64Array, rows: number, cols: number): ThinSvd {
  const r = Math.min(rows, cols);
  if (r === 0) return { u: new Float64Array(0), s: [], v: new Float64Array(0), rows, cols };
  const svd = new SVD(Matrix.from1DArray(rows, cols, a), { autoTranspose: true });
  const s = svd.diagonal.slice(0, r);
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const order = s.map((_, i) => i).sort((i, j) => s[j] - s[i]);
  const u = new Float64Array(rows * r);
  const v = new Float64Array(cols * r);
  for (let jj = 0; jj < r; jj++) {
    const j = order[jj];
    for (let i = 0; i < rows; i++) u[i * r + jj] = U.get(i, j);
    for (let i = 0; i < cols; i++) v[i * r + jj] = V.get(i, j);
  }
  return { u, s: order.map((j) => s[j]), v, rows, cols };
}

/** Number of singular values above rtol·s_max (0 when every one is 0). */
export function numericalRank(s: readonly number[], rtol: number): number {
  const max = s.length ? s[0] : 0;
  if (!(max > 0)) return 0;
  return s.filter((x) => x > rtol * max).length;
}

/**
 * Moore–Penrose pseudo-inverse of a row-major rows×cols matrix (returned cols×rows), dropping
 * singular values s ≤ rtol·s_max (theory.md §1.2: 1e-10 suits float64 data, ~1e-6 float32 data).
 */
export function pseudoInverse(a: Float64Array, rows: number, cols: number, rtol: number): { pinv: Float64Array; rank: number; s: number[] } {
  const { u, s, v } = thinSvd(a, rows, cols);
  const r = s.length;
  const rank = numericalRank(s, rtol);
  const out = new Float64Array(cols * rows);
  for (let k = 0; k < rank; k++) {
    const inv = 1 / s[k];
    for (let i = 0; i < cols; i++) {
      const vik = v[i * r + k] * inv;
      if (vik === 0) continue;
      for (let j = 0; j < rows; j++) out[i * rows + j] += vik * u[j * r + k];
    }
  }
  return { pinv: out, rank, s };
}

/** C = A·B for row-major A (n×m) and B (m×p). */
export function multiply(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < p; j++) c[i * p + j] += aik * b[k * p + j];
    }
  }
  return c;
}

/** A·Bᵀ for row-major A (n×m) and B (p×m): the Gram-type product of two sets of row vectors. */
export function multiplyTransposed(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += a[i * m + k] * b[j * m + k];
      c[i * p + j] = sum;
    }
  }
  return c;
}

export function frobeniusNorm(a: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * a[i];
  return Math.sqrt(sum);
}

/** Euclidean norm of each row of a row-major rows×cols matrix. */
export function rowNorms(a: Float64Array, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += a[i * cols + j] ** 2;
    out.push(Math.sqrt(sum));
  }
  return out;
}

/** Row i of a row-major matrix as a view. */
export function row(a: Float64Array, i: number, cols: number): Float64Array {
  return a.subarray(i * cols, (i + 1) * cols);
}
