// Singular value decompositions of small dense float64 matrices (row-major Float64Array).
//   thinSvd          one-sided Jacobi: U, s, V with high relative accuracy (any size; O(m n²) per sweep)
//   rightSingular    s and V only; Jacobi up to JACOBI_MAX_COLUMNS of min(rows, cols), above that the
//                    eigenvectors of the smaller Gram (AᵀA or AAᵀ), with s recomputed (see below)
//   pseudoInverse    Moore–Penrose from thinSvd with a relative cut-off
//   maxSingularValue ml-matrix's SVD without vectors (the LPM certificates)
import { SingularValueDecomposition } from 'ml-matrix';
import { toMatrix } from './convert';
import { cholesky, invertLower } from './cholesky';
import { symmetricEigen } from './eigen';
import { jacobiTall } from './jacobi';
import { gram, gramOfColumns, multiply, transpose } from './products';

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
  // Work on the tall orientation: columns of A if rows ≥ cols, else columns of Aᵀ (= rows of A).
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const columns = new Float64Array(m * r);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (tall) columns[j * m + i] = a[i * cols + j];
      else columns[i * m + j] = a[i * cols + j];
    }
  }
  const { u: left, s, v: right } = jacobiTall(columns, m, r);
  const order = s.map((_, i) => i).sort((i, j) => s[j] - s[i]);
  // For the tall problem M = L diag(s) Rᵀ; A = M (tall) or A = Mᵀ = R diag(s) Lᵀ.
  const u = new Float64Array(rows * r);
  const v = new Float64Array(cols * r);
  for (let kk = 0; kk < r; kk++) {
    const k = order[kk];
    for (let i = 0; i < m; i++) {
      if (tall) u[i * r + kk] = left[k * m + i];
      else v[i * r + kk] = left[k * m + i];
    }
    for (let i = 0; i < r; i++) {
      if (tall) v[i * r + kk] = right[k * r + i];
      else u[i * r + kk] = right[k * r + i];
    }
  }
  return { u, s: order.map((k) => s[k]), v, rows, cols };
}

/** Above this many columns, or rows when there are fewer rows, rightSingular uses a Gram route. */
export const JACOBI_MAX_COLUMNS = 64;

/**
 * Singular values (decreasing) and right singular vectors V (cols × r, row-major, r = min(rows, cols))
 * of a row-major rows×cols matrix. For rows ≥ cols > JACOBI_MAX_COLUMNS: eigenvectors v_j of AᵀA
 * (cols×cols; 5–10× less work than Jacobi sweeps over the rows) and s_j = ‖A v_j‖, which is accurate
 * to about eps·s_max/s_j relative where √λ_j would only be accurate to eps·(s_max/s_j)². For
 * cols > rows > JACOBI_MAX_COLUMNS the same through the rows×rows Gram (rightSingularWide).
 */
export function rightSingular(a: Float64Array, rows: number, cols: number): { s: number[]; v: Float64Array } {
  if (rows < cols && rows > JACOBI_MAX_COLUMNS) return rightSingularWide(a, rows, cols) ?? thinSvd(a, rows, cols);
  if (rows < cols || cols <= JACOBI_MAX_COLUMNS) {
    const { s, v } = thinSvd(a, rows, cols);
    return { s, v };
  }
  const n = cols;
  const { vectors } = symmetricEigen(gramOfColumns(a, rows, n), n);
  const av = multiply(a, vectors, rows, n, n); // column j = A v_j
  const norms = new Float64Array(n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) norms[j] += av[i * n + j] ** 2;
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const v = new Float64Array(n * n);
  for (let jj = 0; jj < n; jj++) for (let i = 0; i < n; i++) v[i * n + jj] = vectors[i * n + order[jj]];
  return { s: order.map((j) => Math.sqrt(norms[j])), v };
}

/**
 * The wide case (rows < cols): eigenvectors u_j of A Aᵀ (rows×rows), w_j = Aᵀ u_j, s_j = ‖w_j‖ and
 * v_j = w_j / s_j. Those v_j lose ≈ eps·s_max²/(s_i s_j) of orthogonality, which two Cholesky QR passes
 * over them, largest s first, restore without moving the span of the leading ones. The one-sided Jacobi
 * SVD this replaces took 64 s on 1000 centred class means in d = 2048 (sweeps of rows² column pairs of
 * length cols in plain JavaScript); this route is ~6 s there, mostly the 1000×1000 eigendecomposition.
 * Null when a w_j is exactly 0 or a Cholesky pass fails (rank-deficient beyond rounding): Jacobi then.
 */
function rightSingularWide(a: Float64Array, rows: number, cols: number): { s: number[]; v: Float64Array } | null {
  const n = rows;
  const { vectors } = symmetricEigen(gram(a, n, cols), n); // ascending; eigenvector j in column j
  const ut = new Float64Array(n * n); // row jj: eigenvector of the jj-th largest eigenvalue
  for (let jj = 0; jj < n; jj++) for (let i = 0; i < n; i++) ut[jj * n + i] = vectors[i * n + (n - 1 - jj)];
  const w = multiply(ut, a, n, n, cols); // row jj = u_jjᵀ A = s_jj v_jjᵀ
  const norms = new Float64Array(n);
  for (let jj = 0; jj < n; jj++) {
    let sum = 0;
    for (let i = 0; i < cols; i++) sum += w[jj * cols + i] ** 2;
    norms[jj] = Math.sqrt(sum);
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y] - norms[x]);
  if (!(norms[order[n - 1]] > 0)) return null;
  let v: Float64Array = new Float64Array(cols * n);
  order.forEach((row, jj) => {
    const inv = 1 / norms[row];
    for (let i = 0; i < cols; i++) v[i * n + jj] = w[row * cols + i] * inv;
  });
  for (let pass = 0; pass < 2; pass++) {
    const l = cholesky(gramOfColumns(v, cols, n), n);
    if (!l) return null;
    v = multiply(v, transpose(invertLower(l, n), n, n), cols, n, n);
  }
  return { s: order.map((j) => norms[j]), v };
}

/** Number of singular values above rtol·s_max (0 when every one is 0). */
export function numericalRank(s: readonly number[], rtol: number): number {
  const max = s.length ? s[0] : 0;
  if (!(max > 0)) return 0;
  return s.filter((x) => x > rtol * max).length;
}

/**
 * Moore–Penrose pseudo-inverse of a row-major rows×cols matrix (returned cols×rows), dropping
 * singular values s ≤ rtol·s_max (1e-10 suits float64 data, ~1e-6 float32 data).
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

/** Largest singular value of the m×n row-major matrix A. */
export function maxSingularValue(a: Float64Array, m: number, n: number): number {
  if (m === 1 || n === 1) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * a[i];
    return Math.sqrt(s);
  }
  const svd = new SingularValueDecomposition(toMatrix(a, m, n), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return svd.diagonal[0];
}
