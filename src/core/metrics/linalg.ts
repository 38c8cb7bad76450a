// Small dense float64 linear algebra for the K×K and d×K problems of the metrics. The heavy N×d work
// runs in tfjs; everything here is at most d×K and must keep float64 precision (theory.md §1.2).

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

/**
 * One-sided Jacobi (Hestenes) SVD of a tall m×n matrix given as n columns of length m (column-major):
 * rotates pairs of columns until all are orthogonal; the column norms are then the singular values.
 * O(m n²) per sweep with contiguous column loops, a few sweeps for the n ≤ a few dozen used here, and
 * high relative accuracy for the small singular values (it never forms AᵀA).
 */
function jacobiTall(columns: Float64Array, m: number, n: number): { u: Float64Array; s: number[]; v: Float64Array } {
  const a = columns; // overwritten by U·diag(s)
  const v = new Float64Array(n * n); // column-major too
  for (let j = 0; j < n; j++) v[j * n + j] = 1;
  const eps = 2.220446049250313e-16;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const op = p * m;
        const oq = q * m;
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const x = a[op + i];
          const y = a[oq + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let i = 0; i < m; i++) {
          const x = a[op + i];
          const y = a[oq + i];
          a[op + i] = c * x - sn * y;
          a[oq + i] = sn * x + c * y;
        }
        for (let i = 0; i < n; i++) {
          const x = v[p * n + i];
          const y = v[q * n + i];
          v[p * n + i] = c * x - sn * y;
          v[q * n + i] = sn * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const s: number[] = [];
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[j * m + i] ** 2;
    norm = Math.sqrt(norm);
    s.push(norm);
    if (norm > 0) for (let i = 0; i < m; i++) a[j * m + i] /= norm;
  }
  return { u: a, s, v };
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
