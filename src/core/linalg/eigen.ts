// Symmetric eigendecomposition in float64: Householder tridiagonalisation with the transformations accumulated,
// then implicit QL with the rotations applied to the vectors (EISPACK's tred2 and tql2, the algorithm of JAMA and
// ml-matrix's EigenvalueDecomposition). The same arithmetic on flat Float64Arrays, with the vectors held as rows
// during QL so every rotation runs over contiguous memory: its eigenvalues equalled ml-matrix's bit for bit on
// the random and low-rank matrices measured (n = 1 to 200), and it
// takes about half the time from n = 100 (median of 11, random symmetric, Node 20: n = 100 4.3 against 8.6 ms,
// n = 200 33 against 63 ms, n = 500 0.49 against 0.93 s). An earlier flat port that kept ml-matrix's column
// order in QL was no faster (1.31 against 1.28 s at n = 512). At n = 30 both take about half a millisecond
// (0.50 against 0.40 ms).
import { multiplyTransposed } from './products';

/** A = V·diag(values)·Vᵀ: values ascending, `vectors` row-major n×n with eigenvector j in column j. */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/** Eigen-decomposition of the symmetric n×n row-major matrix a (its mirror average is used). */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) v[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: v };
  tridiagonalise(v, n, d, e);
  const rows = new Float64Array(n * n); // rows[j·n + k] = V[k][j]: eigenvector j as a row
  for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) rows[j * n + k] = v[k * n + j];
  ql(d, e, rows, n);
  const order = Array.from(d, (_, j) => j).sort((x, y) => d[x] - d[y]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    values[j] = d[col];
    for (let i = 0; i < n; i++) vectors[i * n + j] = rows[col * n + i];
  });
  return { values, vectors };
}

/**
 * V·diag(f(λ))·Vᵀ from an eigendecomposition: (V·diag f)·Vᵀ as one A·Bᵀ product (WebAssembly SIMD when large),
 * then made exactly symmetric ((a_ij + a_ji)/2 on both sides; the product alone differs in the last bits), so a
 * report stores it as one triangle (protocol/packedMatrices.ts).
 */
export function spectralFunction({ values, vectors }: SymmetricEigen, n: number, f: (lambda: number) => number): Float64Array {
  const fv = Float64Array.from(values, f);
  const out = multiplyTransposed(scaleColumns(vectors, n, fv), vectors, n, n, n);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const mean = (out[i * n + j] + out[j * n + i]) / 2;
      out[i * n + j] = mean;
      out[j * n + i] = mean;
    }
  }
  return out;
}

/** The row-major n×n matrix with column j multiplied by s_j. */
export function scaleColumns(a: Float64Array, n: number, s: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = a[i * n + j] * s[j];
  return out;
}

/** tred2: v (symmetric, row-major) becomes the orthogonal Q with QᵀAQ tridiagonal (diagonal d, sub-diagonal e[1..]). */
function tridiagonalise(v: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j * n + i] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const vkj = v[k * n + j];
          g += vkj * d[k];
          e[k] += vkj * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * tql2: the eigenvalues of the tridiagonal (d, e) into d (unordered), the rotations applied to the rows of
 * `rows` (eigenvector j is row j). An off-diagonal entry is negligible below ε times the largest |d_l| + |e_l|
 * seen so far; LAPACK's budget of 30·n iterations in all (dsteqr) turns a failure into an error, not a hang.
 */
function ql(d: Float64Array, e: Float64Array, rows: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  let iterations = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        if (++iterations > 30 * n) throw new Error(`symmetricEigen: no convergence at eigenvalue ${l} of ${n}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const lo = i * n;
          const hi = lo + n;
          for (let k = 0; k < n; k++) {
            const t = rows[hi + k];
            const w = rows[lo + k];
            rows[hi + k] = s * w + c * t;
            rows[lo + k] = c * w - s * t;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
