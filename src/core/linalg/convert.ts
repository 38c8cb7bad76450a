// Conversions between row-major Float64Array matrices, ml-matrix and nested arrays (JSON output).
import { Matrix } from 'ml-matrix';

export function toMatrix(a: ArrayLike<number>, m: number, n: number): Matrix {
  const out = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.set(i, j, a[i * n + j]);
  return out;
}

export function toNested(a: ArrayLike<number>, m: number, n: number): number[][] {
  return Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => a[i * n + j]));
}
