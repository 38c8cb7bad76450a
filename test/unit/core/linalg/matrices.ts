// Shared by the linear-algebra tests: ml-matrix's EigenvalueDecomposition as the independent reference, and a
// symmetric matrix with a prescribed spectrum.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { normal, seeded } from '../metrics/helpers';

/** Eigenvalues ascending and, in the same order, the eigenvectors as columns of a row-major n×n matrix. */
export function mlMatrixEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m.set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]));
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const values = Float64Array.from(order, ([v]) => v);
  const vectors = new Float64Array(n * n);
  order.forEach(([, col], j) => {
    for (let i = 0; i < n; i++) vectors[i * n + j] = evd.eigenvectorMatrix.get(i, col);
  });
  return { values, vectors };
}

/** (I − 2uuᵀ)·diag(λ)·(I − 2uuᵀ) for a seeded random unit u: symmetric, with exactly the spectrum λ. */
export function reflectedDiagonal(lambda: readonly number[], seed: number): Float64Array {
  const n = lambda.length;
  const rand = seeded(seed);
  const u = Float64Array.from({ length: n }, () => normal(rand));
  const norm = Math.hypot(...u);
  u.forEach((x, i) => (u[i] = x / norm));
  const h = (i: number, j: number) => (i === j ? 1 : 0) - 2 * u[i] * u[j];
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += h(i, k) * lambda[k] * h(k, j);
      a[i * n + j] = s;
    }
  }
  return a;
}
