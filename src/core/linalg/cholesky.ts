// Cholesky factorisation and solves for small symmetric positive-definite float64 matrices.

/**
 * Lower-triangular L with A = L Lᵀ (row-major n×n), or null when A is not numerically positive
 * definite (a pivot ≤ 0). Apply it to a diagonally scaled A (unit diagonal) for accuracy that depends
 * on the conditioning of the scaled matrix only (van der Sluis).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    const lj = j * n;
    for (let k = 0; k < j; k++) d -= l[lj + k] * l[lj + k];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[lj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const li = i * n;
      let s = a[li + j];
      for (let k = 0; k < j; k++) s -= l[li + k] * l[lj + k];
      l[li + j] = s / ljj;
    }
  }
  return l;
}

/** x = (L Lᵀ)⁻¹ b for the Cholesky factor L (n×n) and one right-hand side b. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * y[k];
    y[i] = s / l[i * n + i];
  }
  return y;
}

/** L⁻¹ (lower triangular, n×n) of a Cholesky factor. */
export function invertLower(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    inv[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i * n + k] * inv[k * n + j];
      inv[i * n + j] = s / l[i * n + i];
    }
  }
  return inv;
}

/**
 * Cholesky with diagonal (complete) pivoting of a symmetric positive semi-definite n×n matrix (row-major):
 * A ≈ L Lᵀ with L n×rank (row i belongs to row i of A), stopping when every remaining pivot is at most
 * rtol·max_i A_ii. Backward stable for PSD matrices (Higham, "Accuracy and Stability", §10.3); about n·rank²/2
 * multiply-adds, where a full eigendecomposition costs ~9n³ (the LPM's 2000×2000 joint Gram: ~0.3 s here
 * against 39 s for ml-matrix's EigenvalueDecomposition). `order` lists the pivots: rows order[0..rank) of L form a
 * lower-triangular matrix.
 */
export function pivotedCholesky(a: Float64Array, n: number, rtol: number): { l: Float64Array; rank: number; order: number[] } {
  const diag = new Float64Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) {
    diag[i] = a[i * n + i];
    top = Math.max(top, diag[i]);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  // Columns of L as they are made; column k holds one value per original row.
  const columns: Float64Array[] = [];
  const cut = rtol * top;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (diag[order[i]] > diag[order[p]]) p = i;
    const j = order[p];
    if (!(diag[j] > cut)) break;
    [order[k], order[p]] = [order[p], order[k]];
    const pivot = Math.sqrt(diag[j]);
    const col = new Float64Array(n);
    col[j] = pivot;
    for (let t = k + 1; t < n; t++) {
      const i = order[t];
      let s = a[i * n + j];
      for (let c = 0; c < k; c++) s -= columns[c][i] * columns[c][j];
      const v = s / pivot;
      col[i] = v;
      diag[i] -= v * v;
    }
    diag[j] = 0;
    columns.push(col);
  }
  const rank = columns.length;
  const l = new Float64Array(n * rank);
  for (let c = 0; c < rank; c++) for (let i = 0; i < n; i++) l[i * rank + c] = columns[c][i];
  return { l, rank, order: order.slice(0, rank) };
}
