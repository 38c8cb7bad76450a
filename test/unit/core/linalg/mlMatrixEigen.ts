// ml-matrix's EigenvalueDecomposition as the independent reference for the linear-algebra tests.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

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
