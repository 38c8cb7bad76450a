// Norms and row views of row-major float64 matrices.

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
