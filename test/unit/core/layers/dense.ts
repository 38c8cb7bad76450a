// Dense d×d reference of D_l (theory: docs/layers.md) in float64 with ml-matrix: SS_W, SS_B formed
// explicitly, the pseudo-inverse from a symmetric eigendecomposition. Independent of core/layers.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export function pinvSymmetric(m: Matrix, rtol = 1e-9): Matrix {
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const values = e.realEigenvalues;
  const v = e.eigenvectorMatrix;
  const max = Math.max(...values.map(Math.abs));
  const d = m.rows;
  const out = Matrix.zeros(d, d);
  values.forEach((lambda, j) => {
    if (!(lambda > rtol * max)) return;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out.set(a, b, out.get(a, b) + (v.get(a, j) * v.get(b, j)) / lambda);
  });
  return out;
}

const trace = (m: Matrix) => m.diag().reduce((a, b) => a + b, 0);

function outer(u: number[], w = 1): Matrix {
  return Matrix.columnVector(u).mmul(Matrix.rowVector(u)).mul(w);
}

function means(x: number[][], y: number[], classes: readonly number[]) {
  const d = x[0].length;
  const mu = new Map<number, number[]>();
  const n = new Map<number, number>();
  for (const k of classes) {
    mu.set(k, new Array(d).fill(0));
    n.set(k, 0);
  }
  x.forEach((row, i) => {
    if (!mu.has(y[i])) return;
    n.set(y[i], (n.get(y[i]) as number) + 1);
    row.forEach((v, j) => ((mu.get(y[i]) as number[])[j] += v));
  });
  for (const k of classes) (mu.get(k) as number[]).forEach((_, j, a) => (a[j] /= n.get(k) as number));
  return { mu, n };
}

/** Tr(SS_W SS_B⁺), SS_B count-weighted about the sample mean, over the samples of `classes`. */
export function denseSeparation(x: number[][], y: number[], classes: readonly number[]): number {
  const d = x[0].length;
  const { mu, n } = means(x, y, classes);
  const N = [...n.values()].reduce((a, b) => a + b, 0);
  const xbar = new Array(d).fill(0);
  for (const k of classes) (mu.get(k) as number[]).forEach((v, j) => (xbar[j] += ((n.get(k) as number) * v) / N));
  let sw = Matrix.zeros(d, d);
  x.forEach((row, i) => {
    if (mu.has(y[i])) sw = sw.add(outer(row.map((v, j) => v - (mu.get(y[i]) as number[])[j]), 1 / N));
  });
  let sb = Matrix.zeros(d, d);
  for (const k of classes) sb = sb.add(outer((mu.get(k) as number[]).map((v, j) => v - xbar[j]), (n.get(k) as number) / N));
  return trace(sw.mmul(pinvSymmetric(sb)));
}

/** He & Su's get_variation: per-class covariances and outer products of centred class means, each /K. */
export function denseBalanced(x: number[][], y: number[], K: number): number {
  const d = x[0].length;
  const classes = Array.from({ length: K }, (_, k) => k);
  const { mu, n } = means(x, y, classes);
  const xbar = new Array(d).fill(0);
  x.forEach((row) => row.forEach((v, j) => (xbar[j] += v / x.length)));
  let sw = Matrix.zeros(d, d);
  x.forEach((row, i) => (sw = sw.add(outer(row.map((v, j) => v - (mu.get(y[i]) as number[])[j]), 1 / ((n.get(y[i]) as number) * K)))));
  let sb = Matrix.zeros(d, d);
  for (const k of classes) sb = sb.add(outer((mu.get(k) as number[]).map((v, j) => v - xbar[j]), 1 / K));
  return trace(sw.mmul(pinvSymmetric(sb)));
}

/** Papyan's NC1 = Tr(Σ_W Σ_B⁺)/K with Σ_B about the mean of class means (unweighted). */
export function denseNc1(x: number[][], y: number[], K: number): number {
  const d = x[0].length;
  const classes = Array.from({ length: K }, (_, k) => k);
  const { mu } = means(x, y, classes);
  const g = new Array(d).fill(0);
  for (const k of classes) (mu.get(k) as number[]).forEach((v, j) => (g[j] += v / K));
  let sw = Matrix.zeros(d, d);
  x.forEach((row, i) => (sw = sw.add(outer(row.map((v, j) => v - (mu.get(y[i]) as number[])[j]), 1 / x.length))));
  let sb = Matrix.zeros(d, d);
  for (const k of classes) sb = sb.add(outer((mu.get(k) as number[]).map((v, j) => v - g[j]), 1 / K));
  return trace(sw.mmul(pinvSymmetric(sb))) / K;
}
