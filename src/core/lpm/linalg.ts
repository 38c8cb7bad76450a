// Small dense float64 linear algebra for K×K matrices (row-major Float64Array). K is at most a few
// hundred here, so the O(K³) decompositions come from ml-matrix and everything else is plain loops.
import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';

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

export function toMatrix(a: ArrayLike<number>, m: number, n: number): Matrix {
  const out = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.set(i, j, a[i * n + j]);
  return out;
}

export function toNested(a: ArrayLike<number>, m: number, n: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
}

/** A·Bᵀ for row-major A (m×p) and B (n×p). */
export function multiplyTransposed(a: Float64Array, b: Float64Array, m: number, n: number, p: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < p; t++) s += a[i * p + t] * b[j * p + t];
      out[i * n + j] = s;
    }
  }
  return out;
}

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major n×n matrix. */
  vectors: Float64Array;
}

/** Eigendecomposition of a symmetric n×n matrix (symmetrised first, to remove rounding asymmetry). */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  const v = evd.eigenvectorMatrix;
  order.forEach(([value, col], j) => {
    values[j] = value;
    for (let i = 0; i < n; i++) vectors[i * n + j] = v.get(i, col);
  });
  return { values, vectors };
}

/** V·diag(f(λ))·Vᵀ from an eigendecomposition. */
export function spectralFunction({ values, vectors }: SymmetricEigen, n: number, f: (lambda: number) => number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const fj = f(values[j]);
    if (fj === 0) continue;
    for (let r = 0; r < n; r++) {
      const vr = vectors[r * n + j] * fj;
      if (vr === 0) continue;
      for (let c = 0; c < n; c++) out[r * n + c] += vr * vectors[c * n + j];
    }
  }
  return out;
}
